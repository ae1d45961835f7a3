"""Footnotes: where the notes of a page start, where each note starts, and reference marks.

Two layouts occur in scanned scholarly texts:

- a separator (a long run of spaces or a rule) above the notes: everything from it to the
  page end is notes;
- no separator: the notes follow the body after a blank line. The zone then starts at the first
  chunk (lines between blank lines) that opens with the next expected note number, *and* that
  number is either referenced by a mark earlier in the body or the chunk reads like a citation.
  A note that runs over from the previous page has no number; chunks just before the first
  numbered note are taken as that continuation when they read like notes (citations, or a
  lower-case start after a body that broke off mid-sentence).

Note numbers must follow the running sequence (``last < n <= last + 6``): dates and counts that
happen to open a paragraph ("14 Mayıs 1902 ...") are not notes.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from pipeline.layout.lines import Line, citation_cues, ends_sentence

# "12 Text", "12Text", '4"Quote', and OCR's letter-spaced "2 0 Text".
_NOTE_NUM = regex.compile(
    r"""^(?:(?P<a>\d)[ ](?P<b>\d)(?!\d)|(?P<n>\d{1,3})(?![\d.,:/\-)]))"""
    r"""\s*(?=[^\W\d_]|["'\u201c\u2018(\u00ab])"""
)
_NOTE_DOTTED = regex.compile(r"""^(?P<n>\d{1,3})\.\s+(?=\p{Lu}|["'\u201c\u2018\u00ab])""")
_NOTE_STAR = regex.compile(r"""^\(?(?P<s>\*{1,5})\)?\s*(?=\p{Lu}|["'\u201c\u2018\u00ab])""")
WINDOW = 6

# Reference marks glued to a word: gelmişti.1  kurulmuştu3.  diyordu."6  yoktur"10.
# sebebiyle,21  yazmış39  (Yazar, 1950)6.  bitti.. ,"71
MARK_NUM = regex.compile(
    r"""(?:(?<=[^\W\d_][.,;:!?]?["'\u201d\u2019\u00bb]?)|(?<=\)["'\u201d\u2019\u00bb]?)"""
    r"""|(?<=[.!?]\s?[,;]?\s?["\u201d\u2019]))"""
    r"""(?P<n>\d{1,3})(?=[.,;:!?"'\u201d\u2019\u00bb)\]*]*(?:\s|$))"""
)
# OCR letter-spacing splits a two-digit mark: gelecekti5 0 .
MARK_SPACED = regex.compile(r"(?<=[^\W\d_])(?P<a>\d) (?P<b>\d)(?=\s?[.,;:])")
MARK_STAR = regex.compile(r"\s?\((?P<s>\*{1,5})\)")
# an author's or a title's note: YILMAZ*  Giriş**
MARK_STAR_GLUED = regex.compile(r"(?<=[^\W\d_][.,]?)(?P<s>\*{1,3})(?=[\s.,;:)]|$)")
# superscript digits only: U+2071-U+2073 in the middle of that block are no digits (a
# superscript i, two unassigned), and reading them as numbers crashed
MARK_SUPER = regex.compile(r"(?<=\S)(?P<s>[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]{1,3})")
_SUPER_CHARS = frozenset("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
_MAY_MARK = re.compile(r"[\d*\u00b9\u00b2\u00b3\u2070-\u2079]")
# What every candidate holds: a star, a superscript digit, or a digit right after a letter,
# a punctuation mark, a quote or a closing bracket (MARK_NUM and MARK_SPACED look behind for
# those); a digit after a space, an opening bracket, a slash or a dash is no mark (years,
# pages, ranges), and lines with only such digits are common.
_MARK_START = regex.compile(
    r"\d(?<=[^\s\d(\[/\-\u2013\u2014]\d)|[*\u00b9\u00b2\u00b3\u2070-\u2079]"
)
_SUPER = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")


def may_open_note(text: str) -> bool:
    """Can ``text`` open with a note label at all? Every label starts with a digit (``\\d`` of
    the ``regex`` module also knows the digits of scripts newer than Python's Unicode tables,
    all above U+10D40), a superscript digit, ``(`` or ``*``. Most lines start with a letter:
    this refuses them without a cache look-up or a pattern."""
    c = text[:1]
    return c.isdigit() or c in "(*" or c >= "\U00010d40"


def note_label(text: str, dotted: bool = False) -> tuple[str, int] | None:
    """(label, length of the number prefix) when ``text`` opens with a note number or stars.

    Superscript digits count as digits ("¹ Archive ..."): same length, so offsets hold.
    ``dotted`` also accepts "1. Text": notes are numbered that way too, but so are lists and
    headings, so callers allow it only inside a note zone or with citation evidence."""
    if not may_open_note(text):
        return None
    return _note_label(text, dotted)


@lru_cache(maxsize=16384)
def _note_label(text: str, dotted: bool) -> tuple[str, int] | None:
    if text[:1] in _SUPER_CHARS:
        text = text.translate(_SUPER)
    if dotted:
        m = _NOTE_DOTTED.match(text)
        if m:
            return str(int(m["n"])), m.end()
    m = _NOTE_NUM.match(text)
    if m:
        label = (m["a"] + m["b"]) if m["a"] else m["n"]
        return str(int(label)), m.end()
    m = _NOTE_STAR.match(text)
    if m and (text.startswith("(") or text.startswith("*")):
        return m["s"], m.end()
    return None


def plausible(label: str, last: int, marks: set[str] | frozenset = frozenset()) -> bool:
    """Does a note label continue the running sequence?

    The next numbers (``last < n <= last + WINDOW``) always do; a larger jump only when a
    reference mark with that number was seen (OCR loses a note number now and then, and the
    sequence must not stall on it).
    """
    if label.startswith("*"):
        return True
    n = int(label)
    return last < n and (n <= last + WINDOW or label in marks)


def has_citation(lines: list[Line]) -> bool:
    return any(_cites(ln.text) for ln in lines)


@lru_cache(maxsize=16384)
def _cites(text: str) -> bool:
    """One line reads like a citation. Cached: the zone search asks again about the same
    body lines page after page, and the cue pattern has no literal to scan for."""
    return citation_cues().search(text) is not None


def chunks_of(lines: list[Line]) -> list[list[Line]]:
    """Content lines grouped by blank lines."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.blank:
            if cur:
                out.append(cur)
                cur = []
        else:
            cur.append(ln)
    if cur:
        out.append(cur)
    return out


def find_zone(
    page_lines: list[Line],
    separator_style: bool,
    last: int,
    prev_had_notes: bool,
    prev_note_open: bool,
    mark_seen: set[str],
    page_marks: set[str] | frozenset = frozenset(),
) -> list[Line]:
    """The lines of ``page_lines`` that are footnotes (possibly none).

    ``page_marks`` are the labels of marks on this page: notes numbered afresh on every page
    restart at 1, which the running sequence alone would refuse."""
    if separator_style:
        for k, ln in enumerate(page_lines):
            if not ln.separator:
                continue
            below = [x for x in page_lines[k + 1 :] if not x.blank]
            # a rule or a run of spaces is a note separator only when notes follow it: a
            # numbered note, a citation, or the continuation of the previous page's note
            if below and (
                note_label(below[0].text, dotted=True) is not None
                or has_citation(below[:1])
                or (prev_had_notes and prev_note_open)
            ):
                return below
        return []
    chunks = chunks_of(page_lines)
    first_numbered = None
    for j in range(1, len(chunks)):
        for i, ln in enumerate(chunks[j]):
            if not may_open_note(ln.text):
                continue  # neither label below can match (the cheap test first)
            if i and not ends_sentence(chunks[j][i - 1].text):
                continue  # a number inside a running paragraph is not a note start
            lab = note_label(ln.text)
            if lab is None and has_citation([ln]):
                lab = note_label(ln.text, dotted=True)
            if lab is None:
                continue
            label = lab[0]
            if label.startswith("*"):
                ok = label in mark_seen
            elif label == "1" and "1" in page_marks:
                ok = True
            else:
                ok = plausible(label, last, mark_seen) and (
                    label in mark_seen or has_citation(chunks[j])
                )
            if ok:
                first_numbered = j
                break
        if first_numbered is not None:
            break
    if first_numbered is None:
        return []
    start = first_numbered
    if prev_had_notes:
        # The continuation of the previous page's note is the first chunk j (j >= 1) with no
        # heading-like chunk from j on and a cited chunk from j on, that is cited itself or
        # opens in lower case after an open sentence. Only chunks after the last heading-like
        # one and up to the last cited one qualify, so those two are found from the bottom
        # first and citations are looked for only where they can matter (most chunks above
        # the notes are body text).
        lo = 1
        for j in range(first_numbered - 1, 0, -1):
            c = chunks[j]
            if len(c) == 1 and heading_like(c[0].text):
                lo = j + 1
                break
        hi = 0  # the last cited chunk at or after ``lo``
        cited: dict[int, bool] = {}
        for j in range(first_numbered - 1, lo - 1, -1):
            cited[j] = has_citation(chunks[j])
            if cited[j]:
                hi = j
                break
        for j in range(lo, hi + 1):
            if j not in cited:
                cited[j] = has_citation(chunks[j])
            c = chunks[j]
            before = chunks[j - 1][-1].text
            lower = c[0].text[:1].islower()
            if cited[j] or (lower and (not ends_sentence(before) or prev_note_open)):
                start = j
                break
    return [ln for c in chunks[start:] for ln in c]


def heading_like(s: str) -> bool:
    from pipeline.layout.headings import heading_style

    return heading_style(s) in ("caps", "title")


_GARBLED = regex.compile(r"""^(?:[^\w\s]{1,2}|\w)\s+(?=\p{Lu}|["'\u201c])""")


def split_notes(
    zone: list[Line],
    last: int,
    marks: set[str] | frozenset = frozenset(),
    prev_closed: bool = True,
) -> tuple[list[tuple[str | None, list[Line]]], int]:
    """Split zone lines into (label, lines); a first unlabelled part continues an earlier note.

    OCR garbles note numbers ("w Gazete", "* Arşiv", "11" for 71). A line that opens like a
    note (a one- or two-character token or an out-of-sequence number, then a capital) right
    after a note that ended, where the next number in sequence was referenced by a mark and
    does not follow later in the zone, is taken as that next note.
    """
    numeric_doc = last > 0 or any(
        (lab := note_label(ln.text, dotted=True)) is not None and lab[0].isdigit() for ln in zone
    )
    notes: list[tuple[str | None, list[Line]]] = []
    for k, ln in enumerate(zone):
        lab = note_label(ln.text, dotted=True)
        if lab is not None and lab[0].startswith("*") and numeric_doc and lab[0] not in marks:
            lab = None  # a stray star in a numbered apparatus is a garbled number
        if lab is not None and (plausible(lab[0], last, marks) or (not notes and lab[0] == "1")):
            if not lab[0].startswith("*"):
                last = int(lab[0])
            notes.append((lab[0], [ln]))
            continue
        closed = _closes(zone[k - 1].text) if k else prev_closed
        expected = str(last + 1)
        if (
            numeric_doc
            and closed
            and expected in marks
            and (lab is not None or _GARBLED.match(ln.text))
            and not _follows(zone[k + 1 :], expected)
        ):
            last += 1
            notes.append((expected, [ln]))
            continue
        if notes:
            notes[-1][1].append(ln)
        else:
            notes.append((None, [ln]))
    return notes, last


def _closes(s: str) -> bool:
    """A note line that ends its note: a sentence end, or a page number at the very end."""
    s = s.rstrip()
    return ends_sentence(s) or s[-1:].isdigit()


def _follows(lines: list[Line], label: str) -> bool:
    return any(
        (lab := note_label(x.text, dotted=True)) is not None and lab[0] == label for x in lines
    )


@lru_cache(maxsize=16384)
def mark_candidates(line_text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, how) of possible reference marks in a line (offsets in the line).

    ``how`` is ``num`` (digits glued to a word), ``spaced`` (OCR letter-spaced digits),
    ``star`` or ``super`` (superscript digits).

    Cached (callers only read the list): the footnote zone search reads every line's marks
    and linking reads them again for the same lines of the flow.
    """
    if not _MAY_MARK.search(line_text) or not _MARK_START.search(line_text):
        return []
    return _candidates(line_text)


def _candidates(line_text: str) -> list[tuple[int, int, str, str]]:
    """``mark_candidates`` without its refusals (each pattern run over the line)."""
    out = []
    for m in MARK_NUM.finditer(line_text):
        out.append((m.start("n"), m.end("n"), str(int(m["n"])), "num"))
    for m in MARK_SPACED.finditer(line_text):
        out.append((m.start("a"), m.end("b"), str(int(m["a"] + m["b"])), "spaced"))
    for m in MARK_STAR.finditer(line_text):
        out.append((m.start(), m.end(), m["s"], "star"))
    for m in MARK_STAR_GLUED.finditer(line_text):
        out.append((m.start(), m.end(), m["s"], "star"))
    for m in MARK_SUPER.finditer(line_text):
        out.append((m.start("s"), m.end("s"), str(int(m["s"].translate(_SUPER))), "super"))
    out.sort()
    return out
