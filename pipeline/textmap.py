"""Text that remembers where every character came from.

Every stage that changes text (repair, layout, footnote-mark removal...) works on a
:class:`MappedText` and expresses its change as a list of :class:`Edit` objects. Applying the
edits gives a new ``MappedText`` whose offsets still map back to the decoded input, so a
sentence found at the very end of the pipeline can report a correct ``raw_span``.

The map is piecewise: a list of segments, each either an exact copy of a raw stretch (offsets
map one to one) or a replacement (the whole clean segment stands for the whole raw segment).
This keeps the map small (one segment per edit, not one entry per character) and makes
composition of edits cheap.

Segments are stored as plain tuples ``(cs, ce, rs, re, exact)`` (a :class:`Segment` is a
named tuple of the same shape): every block and sentence of every document is built through
this map, and creating tuples costs a fraction of creating dataclass instances.

A slice does not rebase its segments: it keeps the parent's tuples (only the first and last are
clipped) in the parent's clean coordinates and remembers the shift ``_sh`` between those and its
own offsets. Slicing a sentence out of a block then costs two tuples, not one per line of the
sentence; only :attr:`MappedText.segments` (the public view) shows rebased offsets.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``; ``kind`` names the repair for reports."""

    start: int
    end: int
    replacement: str
    kind: str = "edit"


class Segment(NamedTuple):
    """Clean ``[cs, ce)`` stands for raw ``[rs, re)``; ``exact`` means a one-to-one copy."""

    cs: int
    ce: int
    rs: int
    re: int
    exact: bool


# (cs, ce, rs, re, exact): a Segment or a plain tuple of the same shape
_Seg = tuple


class MappedText:
    """A string plus a monotone map from its offsets to offsets in the raw input."""

    # _segs: segments in stored clean coordinates: clean offset ``p`` is stored ``p + _sh``.
    # _norm: the map is in the form this module builds: segments cover ``[0, len(text))``
    #   (stored: ``[_sh, _sh + len(text))``) without gaps, none is empty, and no exact segment
    #   continues the exact one before it (``_merge`` would fuse them). Slices of such a map
    #   need no merging and can be cut with two bisections; a map given to the constructor is
    #   not trusted to be in that form and takes the general road.
    __slots__ = ("text", "_segs", "_sh", "_norm", "_starts_cache", "_empty_raw")

    def __init__(self, text: str, segments: Sequence[Segment] | None = None, raw_start: int = 0):
        self.text = text
        if segments is None:
            segs = [(0, len(text), raw_start, raw_start + len(text), True)] if text else []
        else:
            segs = [tuple(s) for s in segments]
        self._segs: list[_Seg] = segs
        self._sh = 0
        self._norm = segments is None
        self._empty_raw = raw_start if not segs else segs[0][2]
        self._starts_cache: list[int] | None = None

    @classmethod
    def _of(
        cls, text: str, segs: list[_Seg], empty_raw: int = 0, norm: bool = True, sh: int = 0
    ) -> MappedText:
        """Build from a segment list this module made (no copying or checking)."""
        mt = cls.__new__(cls)
        mt.text = text
        mt._segs = segs
        mt._sh = sh
        mt._norm = norm
        mt._empty_raw = segs[0][2] if segs else empty_raw
        mt._starts_cache = None
        return mt

    # ------------------------------------------------------------------ queries
    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"MappedText({self.text[:40]!r}..., {len(self._segs)} segments)"

    @property
    def segments(self) -> list[Segment]:
        sh = self._sh
        if not sh:
            return [Segment._make(s) for s in self._segs]
        return [Segment(cs - sh, ce - sh, rs, re_, ex) for cs, ce, rs, re_, ex in self._segs]

    def segment_tuples(self) -> tuple[list[tuple], int]:
        """The segments as plain ``(cs, ce, rs, re, exact)`` tuples and the amount their clean
        offsets are shifted by (a slice shares its parent's tuples rather than copying them).

        For loops over every sentence's map (the writer): ``segments`` builds a named tuple
        per segment in the text's own coordinates, which cost more than the loop itself."""
        return self._segs, self._sh

    @property
    def _starts(self) -> list[int]:
        """Stored clean starts of the segments, built on first use (most pieces are never
        searched)."""
        st = self._starts_cache
        if st is None:
            st = self._starts_cache = [s[0] for s in self._segs]
        return st

    def raw_offset(self, pos: int, *, end: bool = False) -> int:
        """Map a clean offset to a raw one.

        A start offset inside a replacement maps to its raw start and an end offset to its
        raw end, so a span always covers every raw character its clean text came from.
        """
        segs = self._segs
        if not segs:
            return self._empty_raw
        n = len(self.text)
        if end:
            if pos <= 0:
                return segs[0][2]
            if pos >= n and self._norm:
                return segs[-1][3]  # the last segment ends where the text does
            p = (pos if pos < n else n) - 1 + self._sh
        else:
            if pos >= n:
                return segs[-1][3]
            if pos <= 0 and self._norm:
                return segs[0][2]  # the first segment starts where the text does
            p = (pos if pos > 0 else 0) + self._sh
        if len(segs) == 1:
            cs, _, rs, re_, exact = segs[0]
        else:
            i = bisect.bisect_right(self._starts, p) - 1
            cs, _, rs, re_, exact = segs[i if i > 0 else 0]
        if end:
            return rs + (p + 1 - cs) if exact else re_
        return rs + (p - cs) if exact else rs

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw ``[start, end)`` that clean ``[start, end)`` came from."""
        if end <= start:
            # An empty span (an insertion point) inside a replacement stands for all of it;
            # between two copies it stands for the raw gap between them.
            a, b = self.raw_offset(start), self.raw_offset(start, end=True)
            return min(a, b), max(a, b)
        return self.raw_offset(start), self.raw_offset(end, end=True)

    # ------------------------------------------------------------------ building
    def _clip(self, start: int, end: int, shift: int, out: list[_Seg]) -> None:
        """Append the segments of clean ``[start, end)`` (0 <= start < end <= len), moved so
        that ``start`` lands at ``shift``."""
        segs = self._segs
        sh = self._sh
        start += sh
        end += sh
        d = shift - start
        if self._norm:
            # Normal form: the segments overlapping [start, end) are a run found by two
            # bisections; interior ones are only moved (an exact segment's raw length equals
            # its clean length), the two ends clipped.
            if len(segs) == 1:
                piece = segs
            else:
                starts = self._starts
                i = bisect.bisect_right(starts, start) - 1
                piece = segs[i : bisect.bisect_left(starts, end, i + 1)]
            k = len(out)
            if d:
                out.extend([(cs + d, ce + d, rs, re_, ex) for cs, ce, rs, re_, ex in piece])
            else:
                out.extend(piece)
            cs, ce, rs, re_, exact = out[k]
            if cs < shift:
                out[k] = (
                    (shift, ce, rs + shift - cs, re_, True)
                    if exact
                    else (shift, ce, rs, re_, False)
                )
            cs, ce, rs, re_, exact = out[-1]
            e = end + d
            if ce > e:
                out[-1] = (cs, e, rs, rs + e - cs, True) if exact else (cs, e, rs, re_, False)
            return
        if len(segs) == 1:
            i = 0
        else:
            i = bisect.bisect_right(self._starts, start) - 1
            if i < 0:
                i = 0
        n = len(segs)
        while i < n:
            cs, ce, rs, re_, exact = segs[i]
            if cs >= end:
                break
            a = cs if cs > start else start
            b = ce if ce < end else end
            if b > a:
                if exact:
                    out.append((a + d, b + d, rs + a - cs, rs + b - cs, True))
                else:
                    out.append((a + d, b + d, rs, re_, False))
            i += 1

    def slice(self, start: int, end: int) -> MappedText:
        """The clean substring ``[start, end)`` with its map (offsets rebased to 0)."""
        if start < 0:
            start = 0
        n = len(self.text)
        if end > n:
            end = n
        if end <= start:
            return MappedText._of("", [], self.raw_offset(start))
        if not self._norm:
            out: list[_Seg] = []
            self._clip(start, end, 0, out)
            return MappedText._of(
                self.text[start:end], out if len(out) == 1 else _merge(out), norm=False
            )
        return self.slices(((start, end),))[0]

    def slices(self, spans: Iterable[tuple[int, int]]) -> list[MappedText]:
        """``[self.slice(a, b) for a, b in spans]``, in one call.

        The segment stage cuts every block into its sentences: one loop here instead of a
        method call per sentence saves the call, the look-ups and the ``_of`` call, a good
        part of the cost of a slice that only takes two tuples."""
        segs = self._segs
        if not self._norm or not segs:
            return [self.slice(a, b) for a, b in spans]
        text = self.text
        n = len(text)
        sh = self._sh
        starts = self._starts if len(segs) > 1 else None
        new = MappedText.__new__
        out: list[MappedText] = []
        for start, end in spans:
            if start < 0:
                start = 0
            if end > n:
                end = n
            if end <= start:
                out.append(self.slice(start, end))
                continue
            # Share the parent's segments: take those overlapping [a, b) in stored
            # coordinates and clip the two ends. Clipping keeps the map in its normal form,
            # so nothing to merge.
            a = start + sh
            b = end + sh
            if starts is None:
                piece = segs[:]
            else:
                i = bisect.bisect_right(starts, a) - 1
                piece = segs[i : bisect.bisect_left(starts, b, i + 1)]
            cs, ce, rs, re_, exact = piece[0]
            if cs < a:
                piece[0] = (a, ce, rs + a - cs, re_, True) if exact else (a, ce, rs, re_, False)
            cs, ce, rs, re_, exact = piece[-1]
            if ce > b:
                piece[-1] = (cs, b, rs, rs + b - cs, True) if exact else (cs, b, rs, re_, False)
            mt = new(MappedText)  # what ``_of(text[start:end], piece, sh=a)`` makes
            mt.text = text[start:end]
            mt._segs = piece
            mt._sh = a
            mt._norm = True
            mt._empty_raw = piece[0][2]
            mt._starts_cache = None
            out.append(mt)
        return out

    def apply(self, edits: Iterable[Edit]) -> MappedText:
        """Apply non-overlapping edits (any order) and return the new mapped text."""
        eds = sorted(edits, key=lambda e: (e.start, e.end))
        if not eds:
            return self
        text = self.text
        parts: list[str] = []
        segs: list[_Seg] = []
        pos = 0
        out_len = 0
        deleted = False  # a deletion leaves a zero-width segment or two copies side by side
        for e in eds:
            if e.start < pos or e.end < e.start or e.end > len(text):
                raise ValueError(f"overlapping or out-of-range edit {e!r}")
            if e.start > pos:
                out_len = self._copy(pos, e.start, out_len, parts, segs)
            rs, re_ = self.raw_span(e.start, e.end)
            if e.replacement:
                n = len(e.replacement)
                parts.append(e.replacement)
                segs.append((out_len, out_len + n, rs, re_, False))
                out_len += n
            else:
                deleted = True
                if re_ > rs:
                    # A deletion becomes a zero-width segment; _merge folds it into a
                    # neighbour so the raw text stays covered without a clean position.
                    segs.append((out_len, out_len, rs, re_, False))
            pos = e.end
        if pos < len(text):
            out_len = self._copy(pos, len(text), out_len, parts, segs)
        # Without deletions every copied piece is merged already and any two are parted by
        # a (non-empty, inexact) replacement: nothing is left for _merge to fuse or fold.
        return MappedText._of("".join(parts), _merge(segs) if deleted else segs, norm=self._norm)

    def _copy(self, a: int, b: int, out_len: int, parts: list[str], segs: list[_Seg]) -> int:
        """Copy clean ``[a, b)`` to the output at ``out_len``: the segments of
        ``self.slice(a, b)``, shifted, without building the slice (merging is shift-free)."""
        piece: list[_Seg] = []
        self._clip(a, b, out_len, piece)
        if len(piece) > 1 and not self._norm:  # (a piece of a normal map is merged already)
            piece = _merge(piece)
        segs.extend(piece)
        parts.append(self.text[a:b])
        return out_len + b - a

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
        segs: list[_Seg] = []
        n = 0
        prev_end: int | None = None
        norm = True
        for k, p in enumerate(pieces):
            sep = seps[k - 1] if k else ""
            psegs = p._segs
            if sep:
                nxt = psegs[0][2] if psegs else p._empty_raw
                gap = prev_end if prev_end is not None else nxt
                ls = len(sep)
                if gap <= nxt:
                    segs.append((n, n + ls, gap, nxt, False))
                else:
                    segs.append((n, n + ls, nxt, gap, False))
                parts.append(sep)
                n += ls
            d = n - p._sh
            if d:
                for cs, ce, rs, re_, exact in psegs:
                    segs.append((cs + d, ce + d, rs, re_, exact))
            else:
                segs.extend(psegs)
            norm = norm and p._norm
            parts.append(p.text)
            n += len(p.text)
            if psegs:
                prev_end = psegs[-1][3]
        return MappedText._of("".join(parts), _merge(segs), norm=norm)

    def join_ranges(self, ranges: Sequence[tuple[int, int]], seps: Sequence[str]) -> MappedText:
        """``concat([self.slice(a, b) for a, b in ranges], seps)`` without the pieces.

        Layout builds every block this way (one range per printed line); building the
        joined map in one pass saves a ``MappedText`` per line."""
        text = self.text
        tn = len(text)
        segs_in = self._segs
        nsegs = len(segs_in)
        if not nsegs:
            return self._join_slices(ranges, seps)
        starts = self._starts
        sh = self._sh
        parts: list[str] = []
        segs: list[_Seg] = []
        n = 0
        prev_end: int | None = None
        nseps = len(seps)
        for k, (a, b) in enumerate(ranges):
            if a < 0:
                a = 0
            if b > tn:
                b = tn
            sep = seps[k - 1] if k and k - 1 < nseps else ""
            if b <= a:
                if sep:
                    nxt = self.raw_offset(a)
                    gap = prev_end if prev_end is not None else nxt
                    if gap <= nxt:
                        segs.append((n, n + len(sep), gap, nxt, False))
                    else:
                        segs.append((n, n + len(sep), nxt, gap, False))
                    parts.append(sep)
                    n += len(sep)
                continue
            ls = len(sep)
            if ls:
                at = len(segs)
                segs.append(None)  # type: ignore[arg-type]  # the separator, filled below
                n += ls
                parts.append(sep)
            else:
                at = -1
            sa, sb = a + sh, b + sh  # stored coordinates
            i = bisect.bisect_right(starts, sa) - 1  # the segment holding ``a``
            if i < 0:
                i = 0
            cs, ce, rs, re_, exact = segs_in[i]
            if cs <= sa and sb <= ce:
                # the whole range inside one segment (nearly always)
                if exact:
                    first_rs = rs + sa - cs
                    last = segs[-1] if segs else None
                    if last is not None and last[4] and last[1] == n and last[3] == first_rs:
                        segs[-1] = (last[0], n + b - a, last[2], rs + sb - cs, True)
                    else:
                        segs.append((n, n + b - a, first_rs, rs + sb - cs, True))
                else:
                    first_rs = rs
                    segs.append((n, n + b - a, rs, re_, False))
            elif self._norm:
                # A normal map covers the range with the run ``i .. j - 1`` of segments
                # (at least two here): clip the first and last, move the interior ones.
                # Only the first can continue the segment before it (the interior ones
                # are normal already, and a separator or the previous line ends before).
                j = bisect.bisect_left(starts, sb, i + 1)
                d = n - sa
                if exact:
                    first_rs = rs + sa - cs
                    last = segs[-1] if segs else None
                    if last is not None and last[4] and last[1] == n and last[3] == first_rs:
                        segs[-1] = (last[0], ce + d, last[2], re_, True)
                    else:
                        segs.append((n, ce + d, first_rs, re_, True))
                else:
                    first_rs = rs
                    segs.append((n, ce + d, rs, re_, False))
                if j - i > 2:
                    segs.extend(
                        [
                            (cs + d, ce + d, rs, re_, ex)
                            for cs, ce, rs, re_, ex in segs_in[i + 1 : j - 1]
                        ]
                    )
                cs, ce, rs, re_, exact = segs_in[j - 1]
                if ce > sb:
                    if exact:
                        segs.append((cs + d, sb + d, rs, rs + sb - cs, True))
                    else:
                        segs.append((cs + d, sb + d, rs, re_, False))
                else:
                    segs.append((cs + d, ce + d, rs, re_, exact))
            else:
                piece: list[_Seg] = []
                self._clip(a, b, n, piece)
                if not piece:  # a map with holes (never made here): take the slow road
                    return self._join_slices(ranges, seps)
                first_rs = piece[0][2]
                for seg in piece:
                    last = segs[-1] if segs else None
                    if (
                        seg[4]
                        and last is not None
                        and last[4]
                        and last[1] == seg[0]
                        and last[3] == seg[2]
                    ):
                        segs[-1] = (last[0], seg[1], last[2], seg[3], True)
                    else:
                        segs.append(seg)
            if at >= 0:
                gap = prev_end if prev_end is not None else first_rs
                if gap <= first_rs:
                    segs[at] = (n - ls, n, gap, first_rs, False)
                else:
                    segs[at] = (n - ls, n, first_rs, gap, False)
            parts.append(text[a:b])
            n += b - a
            prev_end = segs[-1][3]
        # Nothing here is zero-width, so the only merging left, fusing an exact stretch with
        # the exact stretch it continues, was done above as segments were added.
        return MappedText._of("".join(parts), segs, norm=self._norm)

    def _join_slices(self, ranges: Sequence[tuple[int, int]], seps: Sequence[str]) -> MappedText:
        pieces = [self.slice(a, b) for a, b in ranges]
        seps = [seps[k] if k < len(seps) else "" for k in range(max(0, len(pieces) - 1))]
        return MappedText.concat(pieces, seps)


def shift_offset(pos: int, edits: Sequence[Edit]) -> int:
    """Where an offset of the old text lands after ``edits`` (sorted, non-overlapping).

    An offset inside a replaced stretch lands at the start of its replacement.
    """
    delta = 0
    for e in edits:
        if e.end <= pos and e.end > e.start or (e.end == e.start and e.start < pos):
            delta += len(e.replacement) - (e.end - e.start)
        elif e.start < pos:
            return e.start + delta
        else:
            break
    return pos + delta


def _merge(segs: list[_Seg]) -> list[_Seg]:
    """Fuse contiguous exact segments and fold zero-width (deletion) segments into neighbours.

    A deletion widens the raw side of the clean character before it (or after it, at the
    start), turning only that one character into a replacement, so exact stretches stay exact.
    """
    out: list[_Seg] = []
    pending: int | None = None  # raw start of a deletion seen before any clean character
    for s in segs:
        cs, ce, rs, re_, exact = s
        if ce == cs:
            if not out:
                pending = rs if pending is None or rs < pending else pending
                continue
            pcs, pce, prs, pre, pexact = out.pop()
            if pexact and pce - pcs > 1:
                out.append((pcs, pce - 1, prs, pre - 1, True))
                out.append((pce - 1, pce, pre - 1, pre if pre > re_ else re_, False))
            else:
                out.append((pcs, pce, prs, pre if pre > re_ else re_, False))
            continue
        if pending is not None:
            if exact and ce - cs > 1:
                out.append((cs, cs + 1, pending, rs + 1, False))
                s = (cs + 1, ce, rs + 1, re_, True)
            else:
                s = (cs, ce, pending, re_, False)
            pending = None
        elif out and exact:
            p = out[-1]
            if p[4] and p[1] == cs and p[3] == rs:
                out[-1] = (p[0], ce, p[2], re_, True)
                continue
        out.append(s)
    return out
