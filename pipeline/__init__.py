"""scanpipe: clean, annotated JSONL from scanned tr/az/en texts."""

__version__ = "0.1.0"
