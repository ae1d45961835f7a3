"""Text that remembers where every character came from.

Every stage that changes text (repair, layout, footnote-mark removal...) works on a
:class:`MappedText` and expresses its change as a list of :class:`Edit` objects. Applying the
edits gives a new ``MappedText`` whose offsets still map back to the decoded input, so a
sentence found at the very end of the pipeline can report a correct ``raw_span``.

The map is piecewise: a list of segments, each either an exact copy of a raw stretch (offsets
map one to one) or a replacement (the whole clean segment stands for the whole raw segment).
This keeps the map small (one segment per edit, not one entry per character) and makes
composition of edits cheap.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``; ``kind`` names the repair for reports."""

    start: int
    end: int
    replacement: str
    kind: str = "edit"


@dataclass(frozen=True, slots=True)
class Segment:
    """Clean ``[cs, ce)`` stands for raw ``[rs, re)``; ``exact`` means a one-to-one copy."""

    cs: int
    ce: int
    rs: int
    re: int
    exact: bool


class MappedText:
    """A string plus a monotone map from its offsets to offsets in the raw input."""

    __slots__ = ("text", "_segs", "_starts", "_empty_raw")

    def __init__(self, text: str, segments: Sequence[Segment] | None = None, raw_start: int = 0):
        self.text = text
        if segments is None:
            segments = (
                [Segment(0, len(text), raw_start, raw_start + len(text), True)] if text else []
            )
        self._segs: list[Segment] = list(segments)
        self._empty_raw = raw_start if not self._segs else self._segs[0].rs
        self._starts = [s.cs for s in self._segs]

    # ------------------------------------------------------------------ queries
    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"MappedText({self.text[:40]!r}..., {len(self._segs)} segments)"

    @property
    def segments(self) -> list[Segment]:
        return list(self._segs)

    def _seg_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def raw_offset(self, pos: int, *, end: bool = False) -> int:
        """Map a clean offset to a raw one.

        A start offset inside a replacement maps to its raw start and an end offset to its
        raw end, so a span always covers every raw character its clean text came from.
        """
        if not self._segs:
            return self._empty_raw
        if end:
            if pos <= 0:
                return self._segs[0].rs
            s = self._segs[self._seg_index(min(pos, len(self.text)) - 1)]
            return s.rs + (pos - s.cs) if s.exact else s.re
        if pos >= len(self.text):
            return self._segs[-1].re
        s = self._segs[self._seg_index(max(pos, 0))]
        return s.rs + (pos - s.cs) if s.exact else s.rs

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw ``[start, end)`` that clean ``[start, end)`` came from."""
        if end <= start:
            r = self.raw_offset(start)
            return r, r
        return self.raw_offset(start), self.raw_offset(end, end=True)

    # ------------------------------------------------------------------ building
    def slice(self, start: int, end: int) -> MappedText:
        """The clean substring ``[start, end)`` with its map (offsets rebased to 0)."""
        start = max(0, start)
        end = min(len(self.text), end)
        if end <= start:
            r = self.raw_offset(start)
            return MappedText("", [], raw_start=r)
        out: list[Segment] = []
        i = self._seg_index(start)
        while i < len(self._segs) and self._segs[i].cs < end:
            s = self._segs[i]
            a, b = max(s.cs, start), min(s.ce, end)
            if b > a:
                if s.exact:
                    out.append(
                        Segment(a - start, b - start, s.rs + a - s.cs, s.rs + b - s.cs, True)
                    )
                else:
                    out.append(Segment(a - start, b - start, s.rs, s.re, False))
            i += 1
        return MappedText(self.text[start:end], _merge(out))

    def apply(self, edits: Iterable[Edit]) -> MappedText:
        """Apply non-overlapping edits (any order) and return the new mapped text."""
        eds = sorted(edits, key=lambda e: (e.start, e.end))
        if not eds:
            return self
        parts: list[str] = []
        segs: list[Segment] = []
        pos = 0
        out_len = 0
        for e in eds:
            if e.start < pos or e.end < e.start or e.end > len(self.text):
                raise ValueError(f"overlapping or out-of-range edit {e!r}")
            if e.start > pos:
                out_len = self._copy(pos, e.start, out_len, parts, segs)
            rs, re_ = self.raw_span(e.start, e.end)
            if e.replacement:
                n = len(e.replacement)
                parts.append(e.replacement)
                segs.append(Segment(out_len, out_len + n, rs, re_, False))
                out_len += n
            elif re_ > rs:
                # A deletion becomes a zero-width segment; _merge folds it into a neighbour
                # so the raw text stays covered without a clean position of its own.
                segs.append(Segment(out_len, out_len, rs, re_, False))
            pos = e.end
        if pos < len(self.text):
            out_len = self._copy(pos, len(self.text), out_len, parts, segs)
        return MappedText("".join(parts), _merge(segs))

    def _copy(self, a: int, b: int, out_len: int, parts: list[str], segs: list[Segment]) -> int:
        piece = self.slice(a, b)
        parts.append(piece.text)
        for s in piece._segs:
            segs.append(Segment(s.cs + out_len, s.ce + out_len, s.rs, s.re, s.exact))
        return out_len + len(piece.text)

    def sub(self, pattern: str | regex.Pattern, repl, kind: str = "edit") -> MappedText:
        """``regex.sub`` that keeps the map; ``repl`` is a string template or a function."""
        pat = regex.compile(pattern) if isinstance(pattern, str) else pattern
        edits = []
        for m in pat.finditer(self.text):
            new = repl(m) if callable(repl) else m.expand(repl)
            if new != m.group(0):
                edits.append(Edit(m.start(), m.end(), new, kind))
        return self.apply(edits)

    @staticmethod
    def concat(pieces: Sequence[MappedText], seps: str | Sequence[str] = "") -> MappedText:
        """Join mapped pieces; a separator maps to the raw gap between its neighbours."""
        if isinstance(seps, str):
            seps = [seps] * max(0, len(pieces) - 1)
        parts: list[str] = []
        segs: list[Segment] = []
        n = 0
        prev_end: int | None = None
        for k, p in enumerate(pieces):
            sep = seps[k - 1] if k else ""
            if sep:
                nxt = p._segs[0].rs if p._segs else p._empty_raw
                gap = prev_end if prev_end is not None else nxt
                segs.append(Segment(n, n + len(sep), min(gap, nxt), max(gap, nxt), False))
                parts.append(sep)
                n += len(sep)
            for s in p._segs:
                segs.append(Segment(s.cs + n, s.ce + n, s.rs, s.re, s.exact))
            parts.append(p.text)
            n += len(p.text)
            if p._segs:
                prev_end = p._segs[-1].re
        return MappedText("".join(parts), _merge(segs))


def _merge(segs: list[Segment]) -> list[Segment]:
    """Fuse contiguous exact segments and fold zero-width (deletion) segments into neighbours.

    A deletion widens the raw side of the clean character before it (or after it, at the
    start), turning only that one character into a replacement, so exact stretches stay exact.
    """
    out: list[Segment] = []
    pending: int | None = None  # raw start of a deletion seen before any clean character
    for s in segs:
        if s.ce == s.cs:
            if not out:
                pending = s.rs if pending is None else min(pending, s.rs)
                continue
            p = out.pop()
            if p.exact and p.ce - p.cs > 1:
                out.append(Segment(p.cs, p.ce - 1, p.rs, p.re - 1, True))
                out.append(Segment(p.ce - 1, p.ce, p.re - 1, max(p.re, s.re), False))
            else:
                out.append(Segment(p.cs, p.ce, p.rs, max(p.re, s.re), False))
            continue
        if pending is not None:
            if s.exact and s.ce - s.cs > 1:
                out.append(Segment(s.cs, s.cs + 1, pending, s.rs + 1, False))
                s = Segment(s.cs + 1, s.ce, s.rs + 1, s.re, True)
            else:
                s = Segment(s.cs, s.ce, pending, s.re, False)
            pending = None
        if out:
            p = out[-1]
            if p.exact and s.exact and p.ce == s.cs and p.re == s.rs:
                out[-1] = Segment(p.cs, s.ce, p.rs, s.re, True)
                continue
        out.append(s)
    return out
