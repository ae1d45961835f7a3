"""Page furniture: page numbers, running headers/footers and rotated margin text.

These lines are printed on every page but are not part of what the author wrote; a body
sentence that runs over a page break must be rejoined across them. They are found from
evidence that does not depend on any one journal: a number alone between blank lines, a short
line that recurs on three or more pages, a column of one- to three-character fragments (what
an extractor makes of a title printed sideways in the margin), and a short line with journal
words or a volume(issue) number next to other furniture.
"""

from __future__ import annotations

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
    pos = {ln.idx: k for k, ln in enumerate(lines)}

    def isolated(ln: Line) -> bool:
        k = pos[ln.idx]
        before = k == 0 or lines[k - 1].blank
        after = k == len(lines) - 1 or lines[k + 1].blank
        return before and after

    # 1. page numbers: a number (optionally "- 12 -", "Sayfa 12") alone between blank lines.
    # Every match ends in a digit or a dash: most lines are refused by their last character.
    for ln in content:
        last = ln.text[-1]
        if not (last.isdigit() or last in _DASHES or last >= "\U00010d40"):
            continue
        edge = ln.idx in page_edges
        if _PAGE_NUMBER.match(ln.text) and (isolated(ln) or edge) and "|" not in ln.raw:
            out[ln.idx] = "page_number"

    # 1b. a running title with the page number set far apart ("Title        7",
    #     "12        Title") at the edge of a page
    for ln in content if page_edges else ():
        if ln.idx in page_edges and ln.idx not in out and _TITLE_AND_NUMBER.match(ln.text):
            out[ln.idx] = "running_header"

    # 2. rotated margin text: a column of tiny fragments (blank lines allowed between them).
    run: list[Line] = []
    for ln in lines + [None]:  # type: ignore[list-item]
        if ln is not None and (ln.blank or len(ln.text) - ln.text.count(" ") <= _TINY):
            if ln is not None and not ln.blank:
                run.append(ln)
            continue
        if len(run) >= _MARGIN_RUN:
            for r in run:
                out.setdefault(r.idx, "running_header")
        run = []

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
        for ln in content
        if len(ln.text) <= 100
        and (ln.idx in page_edges if paged else ln.idx in alone)
        and "|" not in ln.text
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
    at = {ln.idx: c for c, ln in enumerate(content)}
    near_found = {c + d for i in out for c in (at[i],) for d in range(-3, 4) if d}
    last_added = -10
    for c, ln in enumerate(content if out else []):
        if c not in near_found and c - last_added > 3:
            continue
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
        k = pos[ln.idx]
        near = False
        for step in (-1, 1):
            j, seen = k + step, 0
            while 0 <= j < len(lines) and seen < 3:
                if not lines[j].blank:
                    seen += 1
                    if lines[j].idx in out:
                        near = True
                        break
                j += step
            if near:
                break
        if near:
            out[ln.idx] = "running_header"
            last_added = c
    return out
