"""Stanza backend: conversion of Stanza Document objects, and the download command."""

from __future__ import annotations

import argparse
import sys
from types import SimpleNamespace

import pytest

from pipeline.ner import models_command
from pipeline.ner.stanza_backend import entities_from_stanza


def test_converter_on_a_document_shaped_object():
    text = "Ahmet Moskova’ya gitti."
    doc = SimpleNamespace(
        text=text,
        ents=[
            SimpleNamespace(type="PERSON", start_char=0, end_char=5, text="Ahmet"),
            SimpleNamespace(type="LOCATION", start_char=6, end_char=13, text="Moskova"),
            SimpleNamespace(type="DATE", start_char=14, end_char=20, text="x"),
        ],
    )
    ents = entities_from_stanza(doc)
    assert [(e["label"], e["text"]) for e in ents] == [("PER", "Ahmet"), ("LOC", "Moskova")]
    assert all(text[e["start"] : e["end"]] == e["text"] for e in ents)


def test_converter_on_a_real_stanza_document():
    doc_mod = pytest.importorskip("stanza.models.common.doc")
    text = "Kemal Ankara'da."
    tokens = [
        {"id": 1, "text": "Kemal", "start_char": 0, "end_char": 5, "ner": "S-PER"},
        {"id": 2, "text": "Ankara", "start_char": 6, "end_char": 12, "ner": "S-LOC"},
        {"id": 3, "text": "'da", "start_char": 12, "end_char": 15, "ner": "O"},
        {"id": 4, "text": ".", "start_char": 15, "end_char": 16, "ner": "O"},
    ]
    doc = doc_mod.Document([tokens], text=text)
    ents = entities_from_stanza(doc)
    assert [(e["label"], e["text"]) for e in ents] == [("PER", "Kemal"), ("LOC", "Ankara")]


def test_converter_module_does_not_import_stanza_or_torch():
    import pipeline.ner.stanza_backend  # noqa: F401

    if "stanza" not in sys.modules:
        assert "torch" not in sys.modules


def test_download_without_stanza_says_so(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "stanza", None)  # import stanza -> ImportError
    parser = argparse.ArgumentParser()
    models_command.configure(parser)
    args = parser.parse_args(["download", "--dir", str(tmp_path)])
    assert models_command.run(args) == 2
    assert "stanza is not installed" in capsys.readouterr().err


def test_download_without_network_says_so(monkeypatch, capsys, tmp_path):
    def fail(*a, **k):
        raise ConnectionError("network unreachable")

    monkeypatch.setitem(sys.modules, "stanza", SimpleNamespace(download=fail))
    parser = argparse.ArgumentParser()
    models_command.configure(parser)
    args = parser.parse_args(["download", "--lang", "tr", "--dir", str(tmp_path)])
    assert models_command.run(args) == 3
    assert "network" in capsys.readouterr().err
