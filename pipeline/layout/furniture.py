"""Page furniture: page numbers, running headers/footers and rotated margin text.

These lines are printed on every page but are not part of what the author wrote; a body
sentence that runs over a page break must be rejoined across them. They are found from
evidence that does not depend on any one journal: a number alone between blank lines, a short
line that recurs on three or more pages, a column of one- to three-character fragments (what
an extractor makes of a title printed sideways in the margin), and a short line with journal
words or a volume(issue) number next to other furniture.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from functools import lru_cache

import regex

from pipeline.layout.lines import Line, ends_sentence, header_words, letters

_PAGE_NUMBER = regex.compile(
    r"^(?:[-\u2013\u2014]\s*)?(?:(?:sayfa|page|səh\.?|s\.)\s*)?\d{1,4}(?:\s*[-\u2013\u2014])?$",
    regex.IGNORECASE,
)
_TITLE_AND_NUMBER = regex.compile(r"^(?:\S.{0,80}?\S[ \t]{4,}\d{1,4}|\d{1,4}[ \t]{4,}\S.{0,80})$")
_VOL_ISSUE = regex.compile(r"\b\d{1,3}\s*\(\d{1,3}\)")
_TINY = 3  # a margin fragment has at most this many non-space characters
_MARGIN_RUN = 6  # and a margin column has at least this many fragments
# a run of tiny lines (one "t" per tiny content line) long enough to be a margin column
_MARGIN_COLUMN = re.compile(f"t{{{_MARGIN_RUN},}}")


_DIGITS = re.compile(r"\d+")
_DASHES = "-\u2013\u2014"


@lru_cache(maxsize=1)
def _header_word_inside() -> re.Pattern:
    """Any journal word anywhere in a case-folded line (a cheap test before splitting it)."""
    words = sorted(header_words(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def _norm(s: str) -> str:
    """A line's shape for repetition: case, digits and spacing ignored."""
    return " ".join(_DIGITS.sub("#", s).casefold().split())


def _rough(s: str) -> tuple[int, str, str]:
    """A coarse shape of a non-empty stripped line that ``_norm`` preserves: the number of
    words and the first and last character as ``_norm`` folds them (a digit becomes ``#``,
    anything else the first/last character of its case fold)."""
    first, last = s[0], s[-1]
    return (
        len(s.split()),
        "#" if first.isdecimal() else first.casefold()[0],
        "#" if last.isdecimal() else last.casefold()[-1],
    )


def detect_furniture(
    lines: list[Line], page_edges: frozenset[int] = frozenset(), n_pages: int = 0
) -> dict[int, str]:
    """Map line index -> ``"page_number"`` or ``"running_header"`` for lines to drop.

    ``page_edges`` are indices of the first and last content lines of known pages: a bare
    number there is a page number even when no blank line sets it apart.
    """
    out: dict[int, str] = {}
    content = [ln for ln in lines if not ln.blank]
    if not content:
        return out
    # position of a line in ``lines`` by its index: the index itself when ``lines`` are all
    # the lines of a text (``find_pages``), else looked up (built on first use: most calls
    # ask only about a few lines)
    identity = lines[0].idx == 0 and lines[-1].idx == len(lines) - 1  # idx strictly rises
    pos: dict[int, int] = {}

    def at(idx: int) -> int:
        if identity:
            return idx
        if not pos:
            pos.update({ln.idx: k for k, ln in enumerate(lines)})
        return pos[idx]

    def isolated(ln: Line) -> bool:
        k = at(ln.idx)
        before = k == 0 or lines[k - 1].blank
        after = k == len(lines) - 1 or lines[k + 1].blank
        return before and after

    # 1. page numbers: a number (optionally "- 12 -", "Sayfa 12") alone between blank lines.
    # Every match ends in a digit or a dash: most lines are refused by their last character.
    for ln in [
        ln
        for ln in content
        if ln.text[-1].isdigit() or ln.text[-1] in _DASHES or ln.text[-1] >= "\U00010d40"
    ]:
        edge = ln.idx in page_edges
        if _PAGE_NUMBER.match(ln.text) and (isolated(ln) or edge) and "|" not in ln.raw:
            out[ln.idx] = "page_number"

    # 1b. a running title with the page number set far apart ("Title        7",
    #     "12        Title") at the edge of a page
    edge_lines = [ln for ln in content if ln.idx in page_edges] if page_edges else []
    for ln in edge_lines:
        if ln.idx not in out and _TITLE_AND_NUMBER.match(ln.text):
            out[ln.idx] = "running_header"

    # 2. rotated margin text: a column of tiny fragments (blank lines allowed between them),
    # that is a run of at least _MARGIN_RUN content lines in a row that are all tiny
    tiny = "".join(["t" if len(t) - t.count(" ") <= _TINY else "." for t in _texts(content)])
    for m in _MARGIN_COLUMN.finditer(tiny):
        for r in content[m.start() : m.end()]:
            out.setdefault(r.idx, "running_header")

    # 3. short lines repeated on three or more pages (journal title, author names), only
    # where a header stands: set apart by blank lines, or at a known page edge (repeated body
    # lines are dedup's business, never silently dropped here)
    # With known pages only a page edge counts (a short note repeated on many pages, such as
    # "a.g.e., s. 12", stands isolated too); without them, a line set apart by blank lines.
    paged = bool(page_edges)
    alone: set[int] = set()
    if not paged:  # content lines with a blank line (or the text's edge) on both sides
        blank = [ln.blank for ln in lines]
        alone = {
            ln.idx
            for ln, before, after in zip(lines, [True, *blank[:-1]], [*blank[1:], True])
            if before and after and not ln.blank
        }
    cands = [
        ln
        for ln in (edge_lines if paged else content)
        if len(ln.text) <= 100 and (paged or ln.idx in alone) and "|" not in ln.text
    ]
    # Journals alternate headers (title on odd pages, author on even ones): at a page edge of
    # a short document, twice is already a pattern.
    edge_min = 2 if 0 < n_pages <= 6 else 3
    need = edge_min if paged else 3
    # Equal shapes have equal rough shapes, so a line whose rough shape recurs fewer than
    # ``need`` times cannot have a shape that does: most lines skip the dearer ``_norm``.
    rough = [_rough(ln.text) for ln in cands]
    rough_counts = Counter(rough)
    keyed = [(_norm(ln.text), ln) for ln, r in zip(cands, rough) if rough_counts[r] >= need]
    counts = Counter(k for k, _ in keyed)
    for key, ln in keyed:
        if counts[key] >= need and not ends_sentence(ln.text) and len(letters(ln.text)) >= 3:
            out.setdefault(ln.idx, "running_header")

    # 4. a short journal line (title words or volume(issue)) next to other furniture.
    # A line is "near" when one of the three content lines before or after it is furniture.
    # Lines are taken in order, so what this step adds lies before the line being looked at:
    # near = near the furniture found so far (a fixed set of content positions) or within
    # three lines after the last line added. That is cheap to ask first, before the words.
    hw = header_words()
    may_hw = _header_word_inside()
    if not out:
        return out
    # content positions of the furniture found so far, and the positions near them
    content_idx = [ln.idx for ln in content]
    near: list[int] = []
    for i in out:
        c = bisect.bisect_left(content_idx, i)
        near.extend(c + d for d in (-3, -2, -1, 1, 2, 3) if 0 <= c + d < len(content))
    heapq.heapify(near)
    last_seen = -1
    while near:
        c = heapq.heappop(near)
        if c <= last_seen:
            continue  # asked already
        last_seen = c
        ln = content[c]
        if ln.idx in out or len(ln.text) > 90:
            continue
        # a journal word must stand inside the folded line before it can be one of its words
        words = (
            {w.casefold().strip(".,:;()") for w in ln.text.split()}
            if may_hw.search(ln.text.casefold())
            else ()
        )
        if not (hw.intersection(words) or ("(" in ln.text and _VOL_ISSUE.search(ln.text))):
            continue
        k = at(ln.idx)
        near_ = False
        for step in (-1, 1):
            j, seen = k + step, 0
            while 0 <= j < len(lines) and seen < 3:
                if not lines[j].blank:
                    seen += 1
                    if lines[j].idx in out:
                        near_ = True
                        break
                j += step
            if near_:
                break
        if near_:
            out[ln.idx] = "running_header"
            # the three content lines after it are near furniture now
            for d in (1, 2, 3):
                if c + d < len(content):
                    heapq.heappush(near, c + d)
    return out


def _texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]
