"""Within-document repeats: runs of lines that repeat earlier material.

PDF extractors repeat whole pages, parts of pages and single paragraphs; OCR'd rescans of the
same page differ by a few characters and by where the lines break. What stays identical across
all of these is the *sequence of letters*: so the text is reduced to one stream of lowercase
letters and digits (``normalize.normalize_line`` per line, concatenated), and repeats are found
as long diagonals in that stream, i.e. stretches where ``S[i:i+k] == S[i-d:i-d+k]`` for a
roughly constant distance ``d``:

1. every character k-gram of the stream is hashed (numpy, vectorised), and its earliest earlier
   occurrence found by one sort, so the cost is O(n log n) in the text length, never O(n^2);
2. each line votes for the distance ``d`` most of its k-grams point to (its diagonal);
3. each line is verified against its diagonal: a character counts as *covered* when a k-gram
   containing it equals the k-gram at distance ``d`` (+- a small slack for inserted/deleted
   characters). ``coverage = covered / length`` is the line's similarity; OCR noise of p per cent
   costs roughly p per cent of coverage, while a line that merely shares a citation or a word
   with an earlier one stays far below the threshold;
4. consecutive matched lines whose diagonals agree (allowing a missing line in the copy, an
   extra line in the repeat, a changed line break) form a run. A run is a duplicate only if it
   carries enough content (two substantial lines and ~80 letters, or one very long line), and
   is not a short block that recurs on many pages (running header, footer boilerplate, a formula
   on every page): those belong to layout, not to dedup;
5. inside an accepted run, lines without a match in the kept copy are *kept* (unique text is
   never dropped), short lines (``Abstract``, a page number) are dropped only when the kept copy
   has the same line at that place, and the run may grow by a line or two at its edges when
   those lines continue the same alignment;
6. look-alikes are refused: text written from one template (minutes, footnotes citing one book)
   shows as runs whose copy overlaps the run itself, runs interleaved with or flanked by lines
   that match only partly, and runs stating other numbers or other names than their copy. A
   short run must also begin and end at a block boundary (blank line, page start, a line opening
   with white space), as duplicated pages and paragraphs do and shared sentences do not.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
import regex

from pipeline.dedup.normalize import (
    letter_codes,
    normalize_line,
    normalized_codes,
    split_lines,
    window_hashes,
)

_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads the top bits into buckets


@dataclass(frozen=True, slots=True)
class Repeat:
    """``text[start:end]`` (whole lines) repeats ``text[kept_start:kept_end]``.

    ``score`` is the share of the repeat's letters found in the kept copy (1.0 for an exact
    repeat, about 0.95 for a copy with 5% OCR noise).
    """

    start: int
    end: int
    kept_start: int
    kept_end: int
    score: float


@dataclass(frozen=True, slots=True)
class RepeatParams:
    """Thresholds of the detector; the defaults are the ones the benchmark measures."""

    k: int = 8  # k-gram length over letters/digits: long enough to be specific, short enough
    # that 5% noise leaves most k-grams intact
    slack: int = 3  # diagonal tolerance (inserted/deleted characters)
    sim_min: float = 0.75  # coverage for a line to count as present in the kept copy
    strong_chars: int = 20  # letters for a line to anchor a run on its own
    run_min_chars: int = 80  # letters a run needs (sum over its anchoring lines)
    run_min_lines: int = 2
    single_line_chars: int = 200  # one line this long (a web paragraph) is enough on its own
    gap_lines: int = 3  # non-matching lines tolerated inside a run (kept as unique)
    jump_chars: int = 180  # diagonal change tolerated between neighbouring lines of a run
    # (about two lines missing from, or added to, the copy)
    recurring: int = 3  # a line seen this many times is page furniture (header, formula)
    boilerplate_max_chars: int = 300  # ... unless the recurring run is longer than this
    edge_lines: int = 2  # lines a run may grow by at each edge
    tie_sim: float = 0.02  # coverage a line gives up to follow its neighbours' diagonal
    min_votes: int = 3  # k-grams that must agree on a line's diagonal before it is verified
    min_vote_share: float = 0.15  # ... and their share of the line's k-grams
    loose_sim: float = 0.6  # coverage enough for a line inside (or at the edge of) a run
    partial_sim: float = 0.25  # coverage that shows a line is *similar*, not unrelated
    partial_share: float = 0.15  # partly matching lines a long run tolerates among its lines
    short_run_chars: int = 300  # runs shorter than this must not sit among similar lines
    numbers_differ_share: float = 0.5  # long runs: share of numbers absent from the kept copy
    names_differ_share: float = 0.2  # long runs: share of names absent from the kept copy
    name_ratio: float = 0.7  # difflib ratio for a name to count as the same (OCR noise)
    identical_sim: float = 0.99  # long runs this close to their copy skip the facts checks
    flank_ratio: float = 0.5  # difflib ratio of flanking lines that marks a template


DEFAULT_PARAMS = RepeatParams()


def find_repeats(
    text: str, pages: list[tuple[int, int]] | None = None, params: RepeatParams = DEFAULT_PARAMS
) -> list[Repeat]:
    """Whole-line character ranges of ``text`` that repeat earlier material, in text order.

    ``pages`` (character ranges, possibly a single range covering the text) is evidence of block
    boundaries only: a short repeat must begin and end at a block boundary, and a page start is
    one (as are blank lines and lines opening with white space). Detection itself never needs
    page evidence, and page guesses that are off do not hide a repeat.
    """
    if not text:
        return []
    codes = normalized_codes(text)  # the letters of every line, lines separated by \n
    breaks = np.flatnonzero(codes == 10)
    n_norm = len(breaks) + (0 if text.endswith(("\n", "\r")) else 1)  # = len(normalize_lines)
    # len(split_lines(text)), counted without building the list (needed only for a repeat)
    n_lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    n_lines += 0 if text.endswith(("\n", "\r")) else 1
    lines: list[tuple[int, int]] = []
    if n_norm != n_lines:  # NFKC produced a line break: fall back to line by line
        lines = split_lines(text)
        norms = [normalize_line(text[a:b]) for a, b in lines]
        llen = np.fromiter((len(s) for s in norms), dtype=np.int64, count=len(norms))
        stream = np.frombuffer("".join(norms).encode("utf-32-le"), dtype=np.uint32)
        analysis = _analyse(llen, stream, params)
    else:
        llen = np.diff(np.concatenate(([-1], breaks, [len(codes)]))) - 1
        analysis = _analyse(llen[:n_lines], letter_codes(text), params)
        if analysis is not None:  # strings only for documents that may hold a repeat
            lines = split_lines(text)
            norms = codes.tobytes().decode("utf-32-le", "surrogatepass").split("\n")
            del norms[len(lines) :]
    if analysis is None:
        return []
    page_starts = _page_start_lines(lines, pages)
    return _build_repeats(text, lines, norms, analysis, page_starts, params)


@dataclass
class _Analysis:
    llen: list[int]
    sstart: list[int]
    sim: list[float]
    dist: list[int]
    kept_first: list[int]
    kept_last: list[int]


def _analyse(llen_a: np.ndarray, stream: np.ndarray, p: RepeatParams) -> _Analysis | None:
    """Per line: its diagonal distance, coverage along it, and the kept lines it maps to.

    ``llen_a`` are the lines' letter counts, ``stream`` the code points of their letters
    concatenated. None when no line can be part of a repeat (see ``_may_repeat``).
    """
    n_lines = len(llen_a)
    n = len(stream)
    k = p.k
    if n < 2 * k:
        return None
    sstart = np.zeros(n_lines, dtype=np.int64)
    np.cumsum(llen_a[:-1], out=sstart[1:])
    send = sstart + llen_a
    m = n - k + 1
    h = window_hashes(stream, k, int(_PRIME))
    # 1. earliest occurrence of every k-gram
    occ = _occurrences(h)
    if occ is None:
        return None
    first, dup = occ
    if not _may_repeat(dup, llen_a, sstart, send, k, p):
        return None
    line_of_char = np.repeat(np.arange(n_lines, dtype=np.int64), llen_a)
    gram_line = line_of_char[:m]
    # only k-grams that occur more than once can point to (or be) an earlier copy: all the
    # work below runs on them alone, a fraction of the text's k-grams
    dpos = np.flatnonzero(dup)
    first = first[dpos]
    has = first < dpos
    later = dpos[has]  # k-grams with an earlier equal: the only ones a diagonal can verify
    later_line = gram_line[later]
    dist = np.zeros(n_lines, dtype=np.int64)
    if has.any():
        # 2. each line's dominant distance, counting neighbours within the slack together
        sel_line = gram_line[dpos[has]]
        sel_off = (dpos - first)[has]
        stride = np.int64(n + 4 * p.slack + 8)
        keys = sel_line * stride + sel_off
        ukeys, counts = np.unique(keys, return_counts=True)
        csum = np.concatenate(([0], np.cumsum(counts)))
        hi = np.searchsorted(ukeys, ukeys + p.slack, side="right")
        lo = np.searchsorted(ukeys, ukeys - p.slack, side="left")
        smooth = csum[hi] - csum[lo]
        ulines = ukeys // stride
        uoff = ukeys % stride
        # per line, the distance with most votes (the smallest of equals): ukeys are sorted by
        # line, then distance, so it is the first element of the line's segment that reaches
        # the segment's maximum (a full lexsort by line, votes and distance cost more)
        seg = np.flatnonzero(np.concatenate(([True], ulines[1:] != ulines[:-1])))
        seg_of = np.repeat(np.arange(len(seg)), np.diff(np.append(seg, len(ukeys))))
        at_max = np.flatnonzero(smooth == np.maximum.reduceat(smooth, seg)[seg_of])
        pick = at_max[np.concatenate(([True], seg_of[at_max[1:]] != seg_of[at_max[:-1]]))]
        best_lines = ulines[pick]
        votes = smooth[pick]
        # a diagonal backed by a few scattered k-grams (common words) is no alignment: such
        # lines are not verified at all, which keeps the stage fast on unique text
        grams_in_line = np.minimum(llen_a[best_lines], m)
        keep = votes >= np.maximum(p.min_votes, p.min_vote_share * grams_in_line)
        dist[best_lines[keep]] = uoff[pick][keep]
    if not dist.any():
        return None  # no line has a diagonal: nothing below could align (exact shortcut)

    # 3. coverage of every character along its line's diagonal. The earliest occurrence of a
    # k-gram is not always in the copy being repeated (a citation prefix shared by two
    # footnotes points to the first one), so a line also tries its neighbours' diagonals and
    # keeps whichever covers it best: alignment is a property of runs, not of single lines.
    def coverage(d_line: np.ndarray, lines_mask: np.ndarray | None = None) -> np.ndarray:
        """Per-line coverage along ``d_line``, computed only for the grams of ``lines_mask``."""
        gi = later if lines_mask is None else later[lines_mask[later_line]]
        d_of_gram = d_line[gram_line[gi]]
        keep = d_of_gram > 0
        gi, d_of_gram = gi[keep], d_of_gram[keep]
        verified: list[np.ndarray] = []
        # exact diagonal first; the slack is only tried for the k-grams still unverified
        for delta in (0, *(d for s in range(1, p.slack + 1) for d in (-s, s))):
            j = gi - d_of_gram + delta
            ok = np.flatnonzero((j >= 0) & (j < gi))
            hit = np.zeros(len(gi), dtype=bool)
            hit[ok] = h[j[ok]] == h[gi[ok]]
            verified.append(gi[hit])
            miss = ~hit
            gi, d_of_gram = gi[miss], d_of_gram[miss]
            if not len(gi):
                break
        cov_line = _covered_per_line(np.sort(np.concatenate(verified)), k, sstart, line_of_char)
        return np.where(llen_a > 0, cov_line / np.maximum(llen_a, 1), 0.0)

    sim = coverage(dist, dist > 0)
    if not ((sim >= p.loose_sim) & (dist > 0)).any():
        return None  # no aligned line lends its diagonal, and none is strong: no repeat
    nonblank = np.flatnonzero(llen_a > 0)
    for _ in range(2):
        best_d, best_s = dist, sim
        # only a neighbour that is itself aligned lends its diagonal
        aligned = np.where(sim >= p.loose_sim, dist, 0)
        cands = []
        for shift in (1, -1):
            cand = np.zeros(n_lines, dtype=np.int64)
            if len(nonblank) > 1:
                cand[nonblank] = aligned[np.roll(nonblank, shift)]
                cand[nonblank[0 if shift == 1 else -1]] = 0
            cands.append(cand)
        # a line whose own diagonal agrees with neither neighbour (an exact citation that also
        # occurs earlier) follows its neighbours when they explain it as well
        isolated = (np.abs(dist - cands[0]) > p.slack) & (np.abs(dist - cands[1]) > p.slack)
        for cand in cands:
            todo = (cand > 0) & (cand != dist) & ((sim < 0.999) | isolated)
            if not todo.any():
                continue
            s_c = coverage(cand, todo)
            better = todo & (
                (s_c > best_s + 1e-9)
                | (isolated & (s_c >= p.loose_sim) & (s_c >= best_s - p.tie_sim))
            )
            best_d = np.where(better, cand, best_d)
            best_s = np.where(better, s_c, best_s)
        if np.array_equal(best_d, dist):
            break
        dist, sim = best_d, best_s

    strong = (dist > 0) & (sim >= p.sim_min) & (dist >= llen_a - p.slack)
    strong &= llen_a >= p.strong_chars  # as in ``_build_repeats``
    if not _runs_possible(np.flatnonzero(strong), llen_a, p):
        return None

    # where each line's letters sit in the kept copy
    ks = np.clip(sstart - dist, 0, n - 1)
    ke = np.clip(send - 1 - dist, 0, n - 1)
    kept_first = np.where(dist > 0, line_of_char[ks], -1)
    kept_last = np.where(dist > 0, line_of_char[ke], -1)
    return _Analysis(
        llen=llen_a.tolist(),
        sstart=sstart.tolist(),
        sim=sim.tolist(),
        dist=dist.tolist(),
        kept_first=kept_first.tolist(),
        kept_last=kept_last.tolist(),
    )


def _covered_per_line(
    starts: np.ndarray, k: int, sstart: np.ndarray, line_of_char: np.ndarray
) -> np.ndarray:
    """Per line: how many of its characters lie in a k-gram starting at one of ``starts``
    (sorted, distinct positions in the stream).

    ``_covered`` over the whole stream, then summed per line, costs a few passes over the text
    for every alignment tried, though a retry concerns a handful of lines. Here the work is in
    the number of k-grams: equal-length intervals sorted by start cover ``[v_i, min(v_i + k,
    v_i+1))`` each, disjoint pieces whose lengths are added to the lines they fall in (a piece
    crossing a line end is split; lines it spans whole, shorter than k, count whole).
    """
    n_lines = len(sstart)
    out = np.zeros(n_lines, dtype=np.int64)
    if not len(starts):
        return out
    a = starts
    b = np.minimum(a + k, np.append(a[1:], a[-1] + k))
    la, lb = line_of_char[a], line_of_char[b - 1]
    one = la == lb
    out += np.bincount(la[one], weights=(b - a)[one], minlength=n_lines).astype(np.int64)
    if not one.all():
        cross = ~one
        la, lb, a, b = la[cross], lb[cross], a[cross], b[cross]
        send = np.append(sstart[1:], len(line_of_char))
        out += np.bincount(la, weights=send[la] - a, minlength=n_lines).astype(np.int64)
        out += np.bincount(lb, weights=b - sstart[lb], minlength=n_lines).astype(np.int64)
        # lines strictly between a piece's first and last line lie wholly inside it
        inside = np.cumsum(
            np.bincount(la + 1, minlength=n_lines + 1) - np.bincount(lb, minlength=n_lines + 1)
        )[:n_lines]
        out += np.where(inside > 0, send - sstart, 0)
    return out


def _covered(grams: np.ndarray, k: int) -> np.ndarray:
    """Per character of the stream: does one of the marked k-grams contain it?

    Character ``c`` lies in the k-grams starting at ``c-k+1 .. c``; a difference of prefix sums
    over that window, taken with slices (gathers over the whole text were slower).
    """
    m = len(grams)
    n = m + k - 1
    vsum = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(grams, out=vsum[1:])
    hi = np.empty(n, dtype=np.int64)
    hi[:m] = vsum[1:]
    hi[m:] = vsum[m]
    hi[k - 1 :] -= vsum[: n - k + 1]
    return hi > 0


def _occurrences(h: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Per k-gram: the position of its first occurrence, and whether it occurs more than once.

    The same as ``np.unique(return_index=True, return_inverse=True)``, which needs a stable sort
    of all k-grams and was the stage's largest cost. Here a bucket count (about four buckets a
    k-gram) first sets aside the k-grams that are certainly unique (alone in their bucket); only
    the rest are sorted, unstably, each group's first position taken as its minimum. None when
    no k-gram occurs twice (no repeat is possible).
    """
    m = len(h)
    bits = min(max(12, m.bit_length() + 2), 30)
    with np.errstate(over="ignore"):
        bucket = ((h * _MIX) >> np.uint64(64 - bits)).astype(np.intp)
    cand = np.flatnonzero(np.bincount(bucket, minlength=1 << bits)[bucket] > 1)
    if not len(cand):
        return None
    hc = h[cand]
    order = np.argsort(hc)
    sc = hc[order]
    new = np.empty(len(cand), dtype=bool)
    new[0] = True
    np.not_equal(sc[1:], sc[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    if len(starts) == len(cand):
        return None
    group = np.cumsum(new) - 1
    size = np.diff(np.append(starts, len(cand)))
    first = np.arange(m, dtype=np.int64)
    first[cand[order]] = cand[np.minimum.reduceat(order, starts)][group]
    dup = np.zeros(m, dtype=bool)
    dup[cand[order]] = size[group] > 1
    return first, dup


def _may_repeat(
    dup: np.ndarray,
    llen: np.ndarray,
    sstart: np.ndarray,
    send: np.ndarray,
    k: int,
    p: RepeatParams,
) -> bool:
    """Can any run pass ``_accept``? A cheap, exact upper bound that spares some documents.

    A line's coverage only ever counts characters under k-grams equal to an earlier k-gram, so
    a k-gram whose hash occurs once in the whole text covers nothing. Letting *every* repeated
    k-gram (``dup``) cover its characters bounds each line's coverage from above; a repeat needs
    two strong lines within ``gap_lines`` of each other, or one strong line of
    ``single_line_chars``. Documents that fail this skip voting and alignment altogether.
    """
    covered = _covered(dup, k)
    csum = np.concatenate(([0], np.cumsum(covered, dtype=np.int64)))
    bound = np.where(llen > 0, (csum[send] - csum[sstart]) / np.maximum(llen, 1), 0.0)
    return _runs_possible(np.flatnonzero((bound >= p.sim_min) & (llen >= p.strong_chars)), llen, p)


def _runs_possible(strong: np.ndarray, llen: np.ndarray, p: RepeatParams) -> bool:
    """Could these strong lines (indices, ascending) form a run that ``_accept`` passes?

    ``_accept`` wants two anchors at most ``gap_lines`` non-blank lines apart, or one anchor of
    ``single_line_chars``; runs are only ever trimmed, never grown, before that test.
    """
    if not len(strong):
        return False
    if (llen[strong] >= p.single_line_chars).any():
        return True
    # non-blank lines strictly between consecutive strong candidates (all of them gap lines)
    nb = np.concatenate(([0], np.cumsum(llen > 0, dtype=np.int64)))
    between = nb[strong[1:]] - nb[strong[:-1] + 1]
    return bool((between <= p.gap_lines).any())


def _page_start_lines(
    lines: list[tuple[int, int]], pages: list[tuple[int, int]] | None
) -> set[int]:
    """Indices of lines that begin a page (other than the first page)."""
    if not pages or len(pages) < 2:
        return set()
    starts = sorted(a for a, _ in pages[1:])
    out: set[int] = set()
    li = 0
    for s in starts:
        while li < len(lines) and lines[li][1] <= s:
            li += 1
        if li < len(lines):
            out.add(li)
    return out


def _build_repeats(
    text: str,
    lines: list[tuple[int, int]],
    norms: list[str],
    an: _Analysis,
    page_starts: set[int],
    p: RepeatParams,
) -> list[Repeat]:
    n_lines = len(lines)
    llen, sim, dist, kf, kl = an.llen, an.sim, an.dist, an.kept_first, an.kept_last
    matched = [
        dist[i] > 0 and sim[i] >= p.sim_min and dist[i] >= llen[i] - p.slack for i in range(n_lines)
    ]
    strong = [matched[i] and llen[i] >= p.strong_chars for i in range(n_lines)]
    loose = [
        dist[i] > 0 and sim[i] >= p.loose_sim and dist[i] >= llen[i] - p.slack
        for i in range(n_lines)
    ]

    # how often a line recurs: exact copies, and (noise-robust) later lines mapped onto it
    # (a re-wrapped copy maps several lines onto one kept line along ONE diagonal: that is one
    # repeat, so later copies are counted as distinct diagonals, not as lines)
    freq = Counter(s for s in norms if s)
    diagonals: dict[int, list[int]] = {}
    for i in range(n_lines):
        if strong[i]:  # a short line matching by chance (a two-word title) is no copy
            diagonals.setdefault(kf[i], []).append(dist[i])
    targeted: dict[int, int] = {}
    for root, ds in diagonals.items():
        ds.sort()
        targeted[root] = 1 + sum(
            1 for a, b in zip(ds, ds[1:], strict=False) if b - a > p.jump_chars
        )

    def occurrences(i: int) -> int:
        root = kf[i] if matched[i] else i
        return max(freq[norms[i]], targeted.get(root, 0) + 1)

    def recurring(i: int) -> bool:
        return occurrences(i) >= p.recurring

    # 4. runs of strong lines along agreeing diagonals
    runs: list[list[int]] = []
    cur: list[int] = []
    gap = 0
    for i in range(n_lines):
        if not strong[i]:
            if llen[i] > 0:
                gap += 1
            continue
        if cur and gap <= p.gap_lines and _agree(cur[-1], i, an, p):
            cur.append(i)
        else:
            if cur:
                runs.append(cur)
            cur = [i]
        gap = 0
    if cur:
        runs.append(cur)

    dropped: dict[int, tuple[int, int, float]] = {}  # line -> (kept first, kept last, score)
    for run in runs:
        run = _accept(run, llen, occurrences, lambda i: freq[norms[i]], p)
        if not run or _among_similar(run, norms, an, page_starts, p):
            continue
        members: dict[int, tuple[int, int, float]] = {i: (kf[i], kl[i], sim[i]) for i in run}
        # 5a. lines between anchors: dropped only when the kept copy has them at that place
        for a, b in zip(run, run[1:], strict=False):
            lo_k, hi_k = kl[a], kf[b]
            window = {norms[j]: j for j in range(lo_k, hi_k + 1) if norms[j]}
            for x in range(a + 1, b):
                if not norms[x]:
                    continue
                if loose[x] and lo_k - 1 <= kf[x] and kl[x] <= hi_k + 1:
                    members[x] = (kf[x], kl[x], sim[x])
                elif norms[x] in window:
                    j = window[norms[x]]
                    members[x] = (j, j, 1.0)
        # 5b. grow at the edges along the same alignment
        for direction in (-1, 1):
            edge = run[0] if direction < 0 else run[-1]
            anchor = kf[edge] if direction < 0 else kl[edge]
            x = edge
            for _ in range(p.edge_lines):
                prev = x
                x = _next_nonblank(norms, x, direction)
                if x is None or x in dropped or x in members or norms[x].isdigit():
                    break
                j = _edge_match(norms, x, anchor, direction, loose, kf, kl)
                if j is None:
                    break
                # a line that recurs in the document (a header, a stock citation) joins only
                # when it sits right against the run in both copies, inside the same block
                if recurring(x) and not (abs(x - prev) == 1 and abs(j - anchor) <= 1):
                    break
                members[x] = (j, j, sim[x] if matched[x] else 1.0)
                anchor = j
        if max(v[1] for v in members.values()) >= min(members):
            continue  # the "copy" overlaps the run: periodic text (a template), not a repeat
        weight = sum(llen[i] for i in members)
        exactish = sum(members[i][2] * llen[i] for i in members) >= p.identical_sim * weight
        if not (exactish and weight >= p.short_run_chars) and (
            _numbers_differ(text, lines, members, llen, p)
            or _names_differ(text, lines, members, llen, p)
        ):
            continue  # (a long run copied letter for letter cannot state other facts)
        if not _block_aligned(text, lines, members, llen, page_starts, p):
            continue
        for i, v in members.items():
            dropped.setdefault(i, v)

    return _group(lines, norms, llen, dropped)


def _agree(prev: int, cur: int, an: _Analysis, p: RepeatParams) -> bool:
    """Do two anchor lines lie on one alignment (kept copy moves forward, diagonal stays put)?

    A jump of the diagonal is a line missing from the repeat (the kept copy skips ahead) or a
    line the repeat has in addition; both are bounded so that two unrelated repeats are not
    chained into one run.
    """
    dist, sstart, llen = an.dist, an.sstart, an.llen
    if abs(dist[cur] - dist[prev]) > p.jump_chars:
        return False
    prev_kept_end = sstart[prev] - dist[prev] + llen[prev]
    cur_kept_start = sstart[cur] - dist[cur]
    return cur_kept_start >= prev_kept_end - 2 * p.slack


def _accept(
    run: list[int],
    llen: list[int],
    occurrences: Callable[[int], int],
    exact: Callable[[int], int],
    p: RepeatParams,
) -> list[int]:
    """The run's anchors if it is a duplicate, trimmed of page furniture at its edges; else [].

    A line at the edge of a run that recurs more often than the run's own lines (a running
    header above a page that was repeated, on every page) is furniture, not part of the repeat.
    """
    counts = [occurrences(i) for i in run]
    if min(counts) >= p.recurring and sum(llen[i] for i in run) < p.boilerplate_max_chars:
        return []
    # trimming uses exact recurrence only: a line whose wording recurs approximately (archive
    # citations differing in one number) is still the first line of the repeated block
    counts = [exact(i) for i in run]
    typical = sorted(counts)[len(counts) // 2]
    lo, hi = 0, len(run)
    while hi - lo > 1 and counts[lo] >= p.recurring and counts[lo] > typical:
        lo += 1
    while hi - lo > 1 and counts[hi - 1] >= p.recurring and counts[hi - 1] > typical:
        hi -= 1
    run = run[lo:hi]
    chars = sum(llen[i] for i in run)
    if len(run) >= p.run_min_lines and chars >= p.run_min_chars:
        return run
    if len(run) == 1 and chars >= p.single_line_chars:
        return run
    return []


_NUMBER = re.compile(r"(?<![^\W_])\d+(?![^\W_])")


def _spans(lines: list[tuple[int, int]], idx: Iterable[int]) -> list[tuple[int, int]]:
    """Character spans of the given lines, neighbouring lines merged (fewer regex calls)."""
    out: list[tuple[int, int]] = []
    last = -2
    for i in sorted(idx):
        if i == last + 1 and out:
            out[-1] = (out[-1][0], lines[i][1])
        else:
            out.append(lines[i])
        last = i
    return out


def _numbers(text: str, lines: list[tuple[int, int]], idx: Iterable[int]) -> Counter[str]:
    """Free-standing numbers (not glued to letters, where OCR noise would blur them)."""
    out: Counter[str] = Counter()
    for a, b in _spans(lines, idx):
        out.update(_NUMBER.findall(text, a, b))
    return out


_NAME = regex.compile(r"(?<!\p{L})\p{Lu}\p{L}{2,}")


def _names(text: str, lines: list[tuple[int, int]], idx: Iterable[int]) -> list[str]:
    """Capitalised words (names of people and places, mostly), lowercased."""
    out: list[str] = []
    for a, b in _spans(lines, idx):
        out.extend(_NAME.findall(text, a, b))
    return [w.lower() for w in out]


def _names_differ(
    text: str,
    lines: list[tuple[int, int]],
    members: dict[int, tuple[int, int, float]],
    llen: list[int],
    p: RepeatParams,
) -> bool:
    """Does a run name people or places its kept copy does not (allowing for OCR noise)?

    The companion of ``_numbers_differ``: one sentence frame with other names is other text.
    A name counts as present when the kept copy has it, or a word at most a letter or two away
    from it (difflib ratio), so that a rescanned copy with a mangled letter still matches.
    """
    mine = _names(text, lines, members)
    if not mine:
        return False
    kept_lo = min(v[0] for v in members.values())
    kept_hi = max(v[1] for v in members.values())
    kept = set(_names(text, lines, range(kept_lo, kept_hi + 1)))
    by_len: dict[int, list[str]] = {}
    for k in kept:
        by_len.setdefault(len(k), []).append(k)
    verdict: dict[str, bool] = {}  # word -> found (fuzzy lookups are cached per word)

    def found(w: str) -> bool:
        if w in kept:
            return True
        if w not in verdict:
            sm = SequenceMatcher(None, autojunk=False)
            sm.set_seq2(w)  # b is the side difflib indexes: set once, compare many
            ok = False
            for n in range(len(w) - 2, len(w) + 3):
                for k in by_len.get(n, ()):
                    sm.set_seq1(k)
                    if sm.real_quick_ratio() >= p.name_ratio and sm.quick_ratio() >= p.name_ratio:
                        if sm.ratio() >= p.name_ratio:
                            ok = True
                            break
                if ok:
                    break
            verdict[w] = ok
        return verdict[w]

    missing = sum(1 for w in mine if not found(w))
    if sum(llen[i] for i in members) < p.short_run_chars:
        return missing > 0
    return missing > p.names_differ_share * len(mine)


def _numbers_differ(
    text: str,
    lines: list[tuple[int, int]],
    members: dict[int, tuple[int, int, float]],
    llen: list[int],
    p: RepeatParams,
) -> bool:
    """Does a short run state numbers (dates, pages, amounts) its kept copy does not have?

    Numbers carry the facts of a sentence; two passages in one wording with other dates or page
    numbers (minutes from a template, two footnotes citing one book at other pages) are
    different text. Long runs only fail when most of their numbers differ: a repeated page keeps
    its identity when OCR noise mangles a number or two in it.
    """
    kept_lo = min(v[0] for v in members.values())
    kept_hi = max(v[1] for v in members.values())
    mine = _numbers(text, lines, members)
    if not mine:
        return False
    kept = _numbers(text, lines, range(kept_lo, kept_hi + 1))
    missing = sum((mine - kept).values())
    if sum(llen[i] for i in members) < p.short_run_chars:
        return missing > 0
    total = sum(mine.values())
    return total >= 3 and missing > p.numbers_differ_share * total


def _block_aligned(
    text: str,
    lines: list[tuple[int, int]],
    members: dict[int, tuple[int, int, float]],
    llen: list[int],
    page_starts: set[int],
    p: RepeatParams,
) -> bool:
    """Does a short run begin and end at block boundaries?

    Extractors and rescans duplicate blocks: a page, a paragraph, the piece of a page up to a
    page break. A short match that begins or ends in the middle of a paragraph on both sides is
    shared wording (a quotation, a formula of minutes), not a duplicated block. A boundary is a
    blank line, a page start, a line that opens with white space (how these text layers mark a
    new page), the end of the text, or the kept copy itself (a block repeated right after it).
    """
    if sum(llen[i] for i in members) >= p.short_run_chars:
        return True
    first, last = min(members), max(members)
    kept_last = max(v[1] for v in members.values())

    def blank(i: int) -> bool:
        a, b = lines[i]
        return not text[a:b].strip()

    def opens_block(i: int) -> bool:
        a, b = lines[i]
        return i in page_starts or (b > a and text[a] in " \t\f")

    # a line as long as a paragraph is a block by itself (web text: one paragraph a line)
    start_ok = (
        first == 0
        or blank(first - 1)
        or opens_block(first)
        or kept_last == first - 1
        or llen[first] >= p.single_line_chars
    )
    end_ok = (
        last + 1 >= len(lines)
        or blank(last + 1)
        or opens_block(last + 1)
        or llen[last] >= p.single_line_chars
    )
    return start_ok and end_ok


def _among_similar(
    run: list[int], norms: list[str], an: _Analysis, page_starts: set[int], p: RepeatParams
) -> bool:
    """Is a run only the shared wording of two similar but different passages?

    Minutes written from one template, two footnotes citing one book, two rows of a table: the
    identical part is flanked by (or interleaved with) lines that match the same earlier passage
    only *partly* (other names, other numbers). A real repeat is flanked by unrelated text or by
    its own copy. A long run (a repeated page) tolerates a partly matching line or two, which
    OCR noise produces; a short one tolerates none.
    """
    llen, sim, dist = an.llen, an.sim, an.dist
    short = sum(llen[i] for i in run) < p.short_run_chars
    in_run = set(run)
    lo = _next_nonblank(norms, run[0], -1) if run[0] not in page_starts else None
    hi = _next_nonblank(norms, run[-1], 1)
    first = lo if lo is not None else run[0]
    last = hi if hi is not None else run[-1]
    partial = content = 0
    for x in range(first, last + 1):
        if llen[x] < 10:
            continue
        content += 1
        if x in in_run:
            continue
        if not (p.partial_sim <= sim[x] < p.loose_sim and dist[x] > 0):
            continue
        k = bisect.bisect_left(run, x)  # the anchors on either side of x (run is sorted)
        near = [run[j] for j in (k - 1, k) if 0 <= j < len(run)]
        if any(abs(dist[x] - dist[i]) <= p.jump_chars for i in near):
            partial += 1
    if short and partial:
        return True
    if not short:
        return partial >= 2 and partial > p.partial_share * content
    # the flanking lines, compared with the lines flanking the kept copy: alike but not aligned
    # (other names, other numbers in the same sentence frame) means a template, not a copy
    flanks = ((lo, an.kept_first[run[0]], -1), (hi, an.kept_last[run[-1]], 1))
    for x, kept_edge, direction in flanks:
        if x is None or llen[x] < 10:
            continue
        y = _next_nonblank(norms, kept_edge, direction)
        if y is None or y == x or llen[y] < 10:
            continue
        if sim[x] >= p.loose_sim and y in (an.kept_first[x], an.kept_last[x]):
            continue  # the flank continues the repeat (the edge grows over it)
        # two lines of context on each side: longer strings make chance resemblance rarer
        x2 = _next_nonblank(norms, x, direction)
        y2 = _next_nonblank(norms, y, direction)
        fx = norms[x] + (norms[x2] if x2 is not None and x2 not in in_run else "")
        fy = norms[y] + (norms[y2] if y2 is not None and y2 != x else "")
        if direction < 0:
            fx, fy = fx[len(norms[x]) :] + norms[x], fy[len(norms[y]) :] + norms[y]
        if norms[x] == norms[y]:
            continue  # identical furniture (a running header above both copies)
        sm = SequenceMatcher(None, fx, fy, autojunk=False)
        if sm.quick_ratio() >= p.flank_ratio and sm.ratio() >= p.flank_ratio:
            return True
    return False


def _next_nonblank(norms: list[str], x: int, direction: int) -> int | None:
    """The next line with content in ``direction``."""
    while True:
        x += direction
        if x < 0 or x >= len(norms):
            return None
        if norms[x]:
            return x


def _edge_match(
    norms: list[str],
    x: int,
    anchor: int,
    direction: int,
    matched: list[bool],
    kf: list[int],
    kl: list[int],
) -> int | None:
    """The kept line that line ``x`` repeats, if it sits right beside ``anchor`` in the copy."""
    # up to three lines with content next to the anchor, in the same direction
    window: list[int] = []
    j = anchor
    if matched[x] and kf[x] == anchor:  # a re-wrapped tail of the anchor's own kept line
        return anchor
    while len(window) < 3:
        j += direction
        if j < 0 or j >= x or j >= len(norms):
            break
        if norms[j]:
            window.append(j)
    for j in window:
        if norms[j] == norms[x]:
            return j
    if matched[x] and kf[x] in window:
        return kl[x] if direction > 0 else kf[x]
    return None


def _group(
    lines: list[tuple[int, int]],
    norms: list[str],
    llen: list[int],
    dropped: dict[int, tuple[int, int, float]],
) -> list[Repeat]:
    """Contiguous dropped lines (blank lines between them included) become one Repeat each.

    A kept line that is itself dropped (a third copy aligned with the second) is followed back
    to the copy that stays, so ``kept_start:kept_end`` always names text that is kept.
    """
    out: list[Repeat] = []
    order = sorted(dropped)
    for x in order:  # in text order: the kept lines of earlier copies are already resolved
        kfirst, klast, score = dropped[x]
        if kfirst in dropped:
            kfirst = dropped[kfirst][0]
        if klast in dropped:
            klast = dropped[klast][1]
        dropped[x] = (kfirst, klast, score)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and all(not norms[x] for x in range(order[j] + 1, order[j + 1])):
            j += 1
        seg = order[i : j + 1]
        kfirst = min(dropped[x][0] for x in seg)
        klast = max(dropped[x][1] for x in seg)
        weight = sum(max(llen[x], 1) for x in seg)
        score = sum(dropped[x][2] * max(llen[x], 1) for x in seg) / weight
        out.append(
            Repeat(
                start=lines[seg[0]][0],
                end=lines[seg[-1]][1],
                kept_start=lines[kfirst][0],
                kept_end=lines[klast][1],
                score=round(min(1.0, score), 4),
            )
        )
        i = j + 1
    return out
