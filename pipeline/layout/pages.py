"""Page boundaries from weighed evidence.

A form feed is certain: when the text has any, the extractor gave us its pages and nothing
else is guessed. Without form feeds, each line that could open a page collects evidence:

- it starts with exactly one space (pdftotext's mark of a new page in many layers)   +2
  (+1 only, when a tenth of all lines start that way: then it is indentation)
- the content before it is page furniture (a page number, a running header)          +3
- the blank lines before it include white-space-only lines (a page's empty bottom)   +1
- the content before it is a footnote after a separator (notes end a page)           +1
- the blank run before it recurs with a regular period through the document           +2

A line that reaches 2 opens a page, unless a stronger candidate lies within a few lines (a
page is never just a handful of lines). None of these cues is a rule on its own: each only
adds weight, and the weights were chosen so that one strong cue or two weak ones agree.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from itertools import pairwise

from pipeline.layout.furniture import detect_furniture
from pipeline.layout.lines import Line, split_lines

_FORM_FEED = re.compile("\f")
MIN_PAGE_LINES = 6  # content lines between two page starts, at least
THRESHOLD = 2.0


def _is_blank(ln: Line) -> bool:
    return ln.blank and not ln.separator


def _single_space(ln: Line) -> bool:
    return ln.raw.startswith(" ") and len(ln.raw) > 1 and not ln.raw[1].isspace()


def _blank_runs(lines: list[Line]) -> list[tuple[int, int]]:
    """(index of first line after the run, run length) for runs of >= 3 blank lines."""
    out = []
    run = 0  # length of the blank run ending at the previous line
    for k, ln in enumerate(lines):
        if ln.blank and not ln.separator:  # _is_blank, inlined: this runs once per line
            run += 1
            continue
        if run >= 3:
            out.append((k, run))
        run = 0
    return out


def _periodic_runs(runs: list[tuple[int, int]]) -> set[int]:
    """Runs whose spacing repeats a dominant period (pages of equal length)."""
    if len(runs) < 4:
        return set()
    pos = [r[0] for r in runs]
    gaps = [b - a for a, b in pairwise(pos)]
    period, n = Counter(gaps).most_common(1)[0]
    if period < 20 or n < 3:
        return set()
    have = set(pos)
    hit = set()
    for p in pos:
        for d in range(period - 2, period + 3):
            if p + d in have or p - d in have:
                hit.add(p)
                break
    return hit


def candidate_scores(lines: list[Line], furniture: dict[int, str]) -> dict[int, float]:
    """Evidence that a page starts at each line (index into ``lines``)."""
    scores: dict[int, float] = {}
    periodic = _periodic_runs(_blank_runs(lines))
    # The single-space cue is strong only where it is rare: pages are long, so a layer that
    # starts a tenth of its lines with one space (layout-preserving extraction) is indenting,
    # not marking pages, and the cue then needs a second one to agree.
    # (a line opening with one space opens with a space: most lines are refused by that)
    single = [ln.raw[:1] == " " and not ln.blank and _single_space(ln) for ln in lines]
    n_content = sum(1 for ln in lines if not ln.blank)
    single_weight = 2.0 if sum(single) <= max(2, 0.1 * n_content) else 1.0
    prev: int | None = None  # index of previous content line
    sep_pending = False  # a separator line was just seen
    in_notes = False  # the previous content line stands below a separator (a note)
    for k, ln in enumerate(lines):
        if ln.separator:
            sep_pending = True
            continue
        if ln.blank:
            continue
        if ln.idx in furniture:
            prev = k
            continue
        if prev is not None:
            s = 0.0
            if single[k]:
                s += single_weight
            if lines[prev].idx in furniture:
                s += 3.0
            gap = lines[prev + 1 : k]
            if len(gap) >= 2 and any(g.raw and not g.separator for g in gap if g.blank):
                s += 1.0
            if in_notes:
                s += 1.0
            if k in periodic:
                s += 2.0
            if s:
                scores[k] = s
            if s >= THRESHOLD:
                in_notes = False
        if sep_pending:
            in_notes, sep_pending = True, False
        prev = k
    return scores


def _select(lines: list[Line], scores: dict[int, float]) -> list[int]:
    content_rank = {}
    r = 0
    for k, ln in enumerate(lines):
        if not ln.blank:
            r += 1
        content_rank[k] = r
    chosen: list[int] = []
    ranks: list[int] = []  # content ranks of the chosen starts, sorted
    for k in sorted(scores, key=lambda k: (-scores[k], k)):
        if scores[k] < THRESHOLD or content_rank[k] <= 1:
            continue
        r = content_rank[k]
        i = bisect.bisect_left(ranks, r)
        if i < len(ranks) and ranks[i] - r < MIN_PAGE_LINES:
            continue
        if i > 0 and r - ranks[i - 1] < MIN_PAGE_LINES:
            continue
        ranks.insert(i, r)
        chosen.append(k)
    return sorted(chosen)


def find_pages(text: str) -> list[tuple[int, int]]:
    """Character ranges of the pages, in order, covering the whole text."""
    if not text:
        return [(0, 0)]
    if "\f" in text:
        starts = [0] + [m.end() for m in _FORM_FEED.finditer(text) if m.end() < len(text)]
    else:
        lines = split_lines(text)
        furniture = detect_furniture(lines)
        chosen = _select(lines, candidate_scores(lines, furniture))
        starts = [0] + [lines[k].start for k in chosen if lines[k].start > 0]
    starts = sorted(set(starts))
    ends = starts[1:] + [len(text)]
    return list(zip(starts, ends, strict=True))
