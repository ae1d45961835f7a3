"""``plan_layout``: from lines and pages to blocks in reading order.

The order of decisions matters and follows how sure each one is:

1. lines dedup dropped are taken out first, as if they had never been there;
2. page furniture (page numbers, running headers, margin text) is dropped and counted;
3. tables (rows of ``|`` cells) are set apart;
4. each page's footnote zone is found and split into notes (``notes``);
5. what remains is the flow of the text: labels (Abstract, Öz, Keywords), headings, captions and
   paragraphs, with lines joined across page breaks, notes and furniture (``join``);
6. reference marks in the flow are found and linked to the notes.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import regex

from pipeline.layout.furniture import detect_furniture
from pipeline.layout.headings import (
    caption_initials,
    heading_style,
    is_caption,
    is_table_row,
    is_table_separator,
    label_initials,
    label_of,
    run_in_heading,
    starts_numbered,
    table_cells,
)
from pipeline.layout.join import DocWords, ParagraphRules, line_join, paragraph_break
from pipeline.layout.lines import (
    _END_CHARS,
    Line,
    casefold_tr,
    ends_sentence,
    is_upper_start,
    letters,
    section_titles,
    split_lines,
)
from pipeline.layout.notes import (
    find_zone,
    mark_candidates,
    note_label,
    split_notes,
)

# ``line_join`` does anything but join with a space only after a line ending in one of these
_JOIN_MARKS = "-\u2010\u00ad\u2013\u2014"
# what reference marks are made of: a superset of ``notes._MAY_MARK`` (the ``regex`` module's
# ``\d`` knows more digits than the standard library's)
_MARK_CHARS = regex.compile(r"[\d*\u00b9\u00b2\u00b3\u2070-\u2079]+")
# The same characters are found far faster as a mask over the code points (ASCII digits, stars,
# superscripts); a digit beyond ASCII (every other ``\d`` lies from U+0660 on, and such texts
# are rare) takes the full scan.
_OTHER_DIGIT = regex.compile(r"[\u0660-\U0010ffff](?<=\d)")
_SUPERS = "\u00b9\u00b2\u00b3" + "".join(map(chr, range(0x2070, 0x207A)))  # as in _MARK_CHARS
FLOW_KINDS = ("body", "abstract", "heading", "caption")
# An abstract runs from its label to the keywords, the next heading or label; when none comes,
# it ends at the first paragraph break after this many characters (abstracts are short).
ABSTRACT_MAX_CHARS = 3000


@dataclass
class BlockPlan:
    """One block: ``pieces`` are ranges of the text in reading order, joined by ``seps``.

    ``page`` is the index (0-based) into the page list of the page where the block starts.
    ``marks`` are footnote reference marks inside the pieces: (start, end, note id).
    """

    kind: str
    page: int
    pieces: list[tuple[int, int]]
    seps: list[str]
    lang: str | None = None
    note_id: str | None = None
    rows: list[list[str]] | None = None
    marks: list[tuple[int, int, str]] | tuple = ()


@dataclass
class LayoutPlan:
    blocks: list[BlockPlan] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Para:
    """A block being built from lines."""

    kind: str
    lines: list[Line]
    first_start: int  # where the first piece starts (after a run-in label)
    lang: str | None = None
    note_label: str | None = None
    keywords: bool = False


class _Planner:
    """State shared by the steps of one ``plan_layout`` call (lines, roles, blocks, counts)."""

    def __init__(self, text: str, pages: list[tuple[int, int]], skip: list[tuple[int, int]]):
        self.text = text
        self.pages = sorted(pages) or [(0, len(text))]
        self.page_starts = [p[0] for p in self.pages]
        lines = split_lines(text)
        skipped = _overlapping(lines, skip)
        self.act = [ln for ln in lines if ln.idx not in skipped]
        self.pos = {ln.idx: k for k, ln in enumerate(self.act)}
        self.counts: Counter[str] = Counter()
        self.role: dict[int, str] = {}
        self.blocks: list[BlockPlan] = []
        self.doc = DocWords.of(text)
        # page index of every line (by ``Line.idx``): the last page starting at or before
        # the line's content (a blank line: its start), page 0 for anything before the first
        starts = self.page_starts
        where = map(
            bisect.bisect_right, repeat(starts), [ln.start if ln.blank else ln.a for ln in lines]
        )
        if starts[0] <= 0:  # every offset lies at or after the first page start
            self._page: list[int] = [k - 1 for k in where]
        else:
            self._page = [k - 1 if k else 0 for k in where]
        self._label_cache: dict[int, tuple[str, str, int, int] | None] = {}
        self._lines = lines
        self._mark_runs: tuple[list[int], list[int]] | None = None

    # ------------------------------------------------------------------ helpers
    def label(self, ln: Line) -> tuple[str, str, int, int] | None:
        if ln.idx not in self._label_cache:
            self._label_cache[ln.idx] = label_of(ln.text)
        return self._label_cache[ln.idx]

    def labels_of(self, lines: list[Line]) -> list[tuple[str, str, int, int] | None]:
        """``label`` of every line; a line whose first letter opens no label has none (the
        test ``label_of`` starts with, done here without a call per line)."""
        initials = label_initials()
        return [self.label(ln) if ln.text[:1].lower() in initials else None for ln in lines]

    def mark_runs(self) -> tuple[list[int], list[int]]:
        """(starts, ends) of the runs of characters a reference mark is made of (digits,
        stars, superscript digits), found in one pass over the text: a line or piece without
        one cannot hold a mark, and most lines have none.

        Callers only ask whether a run overlaps a range or starts in a line, which runs of
        mark characters answer whether a star next to a digit makes one run or two."""
        if self._mark_runs is None:
            text = self.text
            if _OTHER_DIGIT.search(text):
                spans = [m.span() for m in _MARK_CHARS.finditer(text)]
                self._mark_runs = [a for a, _ in spans], [b for _, b in spans]
            else:
                # ASCII digits, stars and superscripts, as a mask over the code points: a
                # run starts where the mask turns on and ends where it turns off (a digit
                # per year, page and date makes a match object per run far dearer)
                cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
                mask = ((cp >= 0x30) & (cp <= 0x39)) | (cp == 0x2A)
                if any(c in text for c in _SUPERS):
                    mask |= (cp == 0xB9) | (cp == 0xB2) | (cp == 0xB3)
                    mask |= (cp >= 0x2070) & (cp <= 0x2079)
                edges = np.flatnonzero(np.diff(mask, prepend=False, append=False))
                self._mark_runs = edges[0::2].tolist(), edges[1::2].tolist()
        return self._mark_runs

    def mark_lines(self) -> set[int]:
        """Indices of the lines with a mark character (a run never crosses a line break, and
        is never blank, so it lies in its line's content)."""
        # the line holding offset ``a`` is the number of line starts after the first that
        # lie at or before it
        later_starts = [ln.start for ln in self._lines[1:]]
        return set(map(bisect.bisect_right, repeat(later_starts), self.mark_runs()[0]))

    def page_of(self, ln: Line) -> int:
        return self._page[ln.idx]

    def pieces_of(self, lines: list[Line], first_start: int) -> tuple[list, list]:
        last = len(lines) - 1
        if not any([ln.text[-1] in _JOIN_MARKS for ln in lines[:last]]):
            # no line but the last ends in a hyphen or dash: every join is a space
            pieces = [(ln.a, ln.b if ln.b > ln.a else ln.a) for ln in lines]
            if pieces:
                a, b = first_start, lines[0].b
                pieces[0] = (a, b if b > a else a)
            return pieces, [" "] * last if last > 0 else []
        pieces: list[tuple[int, int]] = []
        seps: list[str] = []
        for k, ln in enumerate(lines):
            a = first_start if k == 0 else ln.a
            b = ln.b
            if k + 1 < len(lines):
                if ln.text[-1] not in _JOIN_MARKS:  # the common join: a space, no piece cut
                    pieces.append((a, max(a, b)))
                    seps.append(" ")
                    continue
                end, sep, how = line_join(ln, lines[k + 1], self.doc)
                b = end
                seps.append(sep)
                if how == "dehyphenate":
                    self.counts["dehyphenated"] += 1
                elif how == "hyphen":
                    self.counts["hyphen_kept"] += 1
            pieces.append((a, max(a, b)))
        return pieces, seps

    # ------------------------------------------------------------------ stages
    def furniture(self) -> None:
        edges: set[int] = set()
        first: dict[int, Line] = {}
        last: dict[int, Line] = {}
        for ln in self.act:
            if not ln.blank:
                p = self.page_of(ln)
                first.setdefault(p, ln)
                last[p] = ln
        if len(self.pages) > 1:
            edges = {ln.idx for ln in first.values()} | {ln.idx for ln in last.values()}
        found = detect_furniture(self.act, frozenset(edges), len(self.pages))
        for idx, kind in found.items():
            self.role[idx] = "furniture"
            self.counts[kind] += 1

    def tables(self) -> list[tuple[int, BlockPlan]]:
        out: list[tuple[int, BlockPlan]] = []
        if "|" not in self.text:
            return out  # every row and every separator holds a "|"
        run: list[Line] = []
        for ln in self.act + [None]:  # type: ignore[list-item]
            if ln is not None and not ln.blank and ln.idx not in self.role:
                if is_table_row(ln.text) or is_table_separator(ln.text):
                    run.append(ln)
                    continue
            if len(run) >= 2:
                out.extend(self._tables_from(run))
            run = []
        return out

    def _tables_from(self, run: list[Line]) -> list[tuple[int, BlockPlan]]:
        groups: list[list[Line]] = [[]]
        for k, ln in enumerate(run):
            header = k + 1 < len(run) and is_table_separator(run[k + 1].text)
            if header and any(not is_table_separator(x.text) for x in groups[-1]):
                groups.append([])
            groups[-1].append(ln)
        out = []
        for g in groups:
            for ln in g:
                self.role[ln.idx] = "table"
            rows = [x for x in g if not is_table_separator(x.text)]
            if not rows:
                continue
            blk = BlockPlan(
                "table",
                self.page_of(rows[0]),
                [(x.a, x.b) for x in g],
                [" "] * (len(g) - 1),
                rows=[table_cells(x.text) for x in rows],
            )
            out.append((g[0].idx, blk))
        return out

    def footnotes(self) -> list[_Para]:
        separator_style = any(ln.separator for ln in self.act)
        by_page: dict[int, list[Line]] = {}
        role, page = self.role, self._page
        for ln in self.act:
            if ln.idx in role and role[ln.idx] in ("furniture", "table"):
                continue
            by_page.setdefault(page[ln.idx], []).append(ln)
        notes: list[_Para] = []
        last = 0
        prev_had = prev_open = False
        seen: set[str] = set()
        marks_of: dict[int, set[str]] = {}
        with_marks = self.mark_lines()

        def page_marks(q: int) -> set[str]:
            if q not in marks_of:
                got: set[str] = set()
                for ln in by_page[q]:
                    if ln.idx in with_marks and not ln.blank and not note_label(ln.text):
                        got.update(c[2] for c in mark_candidates(ln.text))
                marks_of[q] = got
            return marks_of[q]

        for p in sorted(by_page):
            plines = by_page[p]
            # marks are only read when this page could hold notes (a separator, or a line that
            # opens like a note, or a note running over from the previous page)
            maybe = (
                any(ln.separator for ln in plines)
                if separator_style
                else prev_had
                or any(
                    note_label(t, dotted=True)
                    for t in [ln.text for ln in plines[1:]]
                    # ``may_open_note`` inlined (a blank line has no text, and no label)
                    if t and (t[0].isdigit() or t[0] in "(*" or t[0] >= "\U00010d40")
                )
            )
            if not maybe:
                prev_had = prev_open = False
                continue
            for q in sorted(by_page):
                if q > p:
                    break
                if q not in marks_of:
                    seen |= page_marks(q)
            zone = find_zone(
                plines, separator_style, last, prev_had, prev_open, seen, page_marks(p)
            )
            parts, last = split_notes(zone, last, seen, not prev_open)
            for label, lns in parts:
                for ln in lns:
                    self.role[ln.idx] = "note"
                if label is None and notes:
                    notes[-1].lines.extend(lns)
                    continue
                first = lns[0]
                start = first.a
                if label is not None:
                    lab = note_label(first.text, dotted=True)
                    if lab is not None:
                        start = first.a + lab[1]
                notes.append(_Para("footnote", list(lns), start, note_label=label))
            prev_had = bool(parts)
            prev_open = bool(parts) and not ends_sentence(parts[-1][1][-1].text)
        return notes

    # ------------------------------------------------------------------ flow
    def flow(self, tables: list[tuple[int, BlockPlan]]) -> None:
        flow = [
            ln for ln in self.act if not ln.blank and ln.idx not in self.role and not ln.separator
        ]
        rules = ParagraphRules.of(flow, self.act)
        table_at = dict(tables)
        table_idx = sorted(table_at)
        labs = self.labels_of(flow)
        # asked of most lines, some of them several times: once per line here
        # (a flow line is stripped: its last character settles most lines, as in the call)
        ends = [
            (t[-1] in _END_CHARS or t[-1].isdecimal()) and ends_sentence(t)
            for t in [ln.text for ln in flow]
        ]
        heads = self._heading_groups(flow, rules, [lab is not None for lab in labs], ends)
        mode, lang = "body", None
        para: _Para | None = None

        abstract_chars = 0
        caption_set = caption_initials()

        def close() -> None:
            nonlocal para, mode, lang, abstract_chars
            if para is not None:
                self._emit_para(para)
                if para.keywords:
                    mode = "body"
                elif para.kind == "abstract":
                    abstract_chars += sum(len(x.text) for x in para.lines)
                    if abstract_chars > ABSTRACT_MAX_CHARS:
                        mode, lang = "body", None  # no heading came: the body has begun
            para = None

        prev: Line | None = None
        k = 0
        t_ptr = 0
        while k < len(flow):
            ln = flow[k]
            # tables standing before this line break the flow
            while t_ptr < len(table_idx) and table_idx[t_ptr] < ln.idx:
                close()
                self.blocks.append(table_at[table_idx[t_ptr]])
                t_ptr += 1
                prev = None
            if k in heads:
                close()
                group = heads[k]
                pieces, seps = self.pieces_of(group, group[0].a)
                self.blocks.append(BlockPlan("heading", self.page_of(group[0]), pieces, seps))
                if mode == "abstract":
                    mode, lang = "body", None
                k += len(group)
                prev = None
                continue
            lab = labs[k]
            if lab is not None:
                close()
                llang, lkind, lend, rstart = lab
                if lkind == "keywords":
                    para = _Para("abstract", [ln], ln.a, lang=llang, keywords=True)
                else:
                    mode, lang, abstract_chars = "abstract", llang, 0
                    self.blocks.append(
                        BlockPlan(
                            "heading", self.page_of(ln), [(ln.a, ln.a + lend)], [], lang=llang
                        )
                    )
                    if rstart < len(ln.text):
                        para = _Para("abstract", [ln], ln.a + rstart, lang=llang)
                prev = ln
                k += 1
                continue
            c = ln.text[0]  # is_caption's own first test, without the call for most lines
            if (not c.isascii() or c.lower() in caption_set) and is_caption(ln.text):
                close()
                self.blocks.append(BlockPlan("caption", self.page_of(ln), [(ln.a, ln.b)], []))
                prev = None
                k += 1
                continue
            # ``prev``, when set, is the flow line just before (``flow[k - 1]``)
            if para is not None and prev is not None:
                if para.keywords:
                    brk = ends[k - 1] or not (
                        ln.text[:1].islower() or prev.text.rstrip().endswith(",")
                    )
                elif not ends[k - 1]:
                    brk = False  # both tests below need the previous line to end a sentence
                else:
                    blank_between, interrupted = self._gap(prev, ln)
                    brk = paragraph_break(prev, ln, rules, blank_between, interrupted)
                    # a run-in heading after a finished sentence is itself evidence of a new
                    # paragraph (layers with a blank after every line hide the break)
                    brk = brk or (para.kind == "body" and run_in_heading(ln.text) is not None)
                if brk:
                    close()
            if para is None:
                kind = "abstract" if mode == "abstract" else "body"
                para = _Para(kind, [ln], ln.a, lang=lang if kind == "abstract" else None)
            else:
                para.lines.append(ln)
            prev = ln
            k += 1
        close()
        for t in table_idx[t_ptr:]:
            self.blocks.append(table_at[t])

    def _gap(self, prev: Line, nxt: Line) -> tuple[bool, bool]:
        """(a blank line lies between, something else - notes, furniture, a page - does)."""
        i, j = self.pos[prev.idx], self.pos[nxt.idx]
        if j == i + 1:  # adjacent lines (the common case): only a page break can interrupt
            return False, self._page[prev.idx] != self._page[nxt.idx]
        between = self.act[i + 1 : j]
        blank = any(x.blank and not x.separator for x in between)
        other = any(not x.blank or x.separator for x in between)
        interrupted = other or self.page_of(prev) != self.page_of(nxt)
        return blank and not interrupted, interrupted

    def _heading_groups(
        self, flow: list[Line], rules: ParagraphRules, labels: list[bool], ends: list[bool]
    ) -> dict[int, list[Line]]:
        """Heading line groups by the index of their first line in ``flow``; ``labels`` and
        ``ends`` say, for every flow line, whether it is an abstract label and whether it
        ends a sentence."""
        # heading_style refuses a line that opens in lower case first thing: done inline
        styles = [None if ln.text[0].islower() else heading_style(ln.text) for ln in flow]
        out: dict[int, list[Line]] = {}
        group_ends: set[int] = set()  # index of the last line of every group in ``out``
        k = 0
        while k < len(flow):
            st = styles[k]
            if st is None or labels[k]:
                k += 1
                continue
            # a whole paragraph on one line (web text) ends without a period often enough;
            # a capitals heading needs no sentence end before it: capitals are evidence enough
            prev_ok = k == 0 or ends[k - 1] or labels[k - 1]
            prev_ok = prev_ok or len(flow[k - 1].text) >= 200
            prev_ok = prev_ok or (k - 1) in group_ends or st == "caps"
            if not prev_ok:
                k += 1
                continue
            group = [flow[k]]
            j = k + 1
            while st != "plain" and j < len(flow) and len(group) < 6 and not labels[j]:
                last = group[-1].text
                unbalanced = last.count("(") > last.count(")") or last.endswith(("-", "\u2013"))
                tiny = not letters(flow[j].text) and len(flow[j].text) <= 20
                same = (
                    styles[j] is not None
                    and styles[j] == st
                    and not starts_numbered(flow[j].text)
                    and casefold_tr(flow[j].text.rstrip(".:")) not in section_titles()
                    and not (rules.blanks_meaningful and self._blank_between(group[-1], flow[j]))
                )
                if unbalanced or tiny or same:
                    group.append(flow[j])
                    j += 1
                    continue
                break
            # the longest group after which a new sentence (or heading) starts
            accepted = False
            for n in range(len(group), 0, -1):
                j = k + n
                nxt_ok = j >= len(flow) or is_upper_start(flow[j].text) or styles[j] is not None
                if nxt_ok and st == "title" and not self._title_evidence(group[:n], rules):
                    nxt_ok = False
                if nxt_ok and st == "plain" and not self._plain_evidence(group[0], rules):
                    nxt_ok = False
                if nxt_ok:
                    out[k] = group[:n]
                    group_ends.add(j - 1)
                    k = j
                    accepted = True
                    break
            if not accepted:
                k += 1
        return out

    def _blank_between(self, a: Line, b: Line) -> bool:
        i, j = self.pos[a.idx], self.pos[b.idx]
        return any(x.blank for x in self.act[i + 1 : j])

    def _plain_evidence(self, ln: Line, rules: ParagraphRules) -> bool:
        """A sentence-case line is a heading only when it is short and stands alone between
        blank lines in a document whose blank lines mean paragraph breaks."""
        if not rules.blanks_meaningful or len(ln.text) >= 0.85 * rules.typical_len:
            return False
        i = self.pos[ln.idx]
        before = i > 0 and self.act[i - 1].blank
        after = i + 1 < len(self.act) and self.act[i + 1].blank
        return before and after

    def _title_evidence(self, group: list[Line], rules: ParagraphRules) -> bool:
        """Title case alone is weak (a line of names is title case too): it needs the line to
        be short, numbered, a known section title, or set apart by a blank line where the
        document's blank lines mean something."""
        first = group[0].text
        if starts_numbered(first) or casefold_tr(first.rstrip(".:")) in section_titles():
            return True
        length = max(len(" ".join(ln.text.split())) for ln in group)
        if length < 0.85 * rules.typical_len:
            return True
        if rules.blanks_meaningful:
            i, j = self.pos[group[0].idx], self.pos[group[-1].idx]
            before = i > 0 and self.act[i - 1].blank
            after = j + 1 < len(self.act) and self.act[j + 1].blank
            return before or after
        return False

    def _emit_para(self, para: _Para) -> None:
        first = para.lines[0]
        start = para.first_start
        if para.kind == "body":
            h = run_in_heading(self.text[start : first.b])
            if h is not None:
                self.blocks.append(
                    BlockPlan("heading", self.page_of(first), [(start, start + h + 1)], [])
                )
                rest = start + h + 1
                while rest < first.b and self.text[rest].isspace():
                    rest += 1
                start = rest
        pieces, seps = self.pieces_of(para.lines, start)
        self.blocks.append(BlockPlan(para.kind, self.page_of(first), pieces, seps, lang=para.lang))

    # ------------------------------------------------------------------ marks
    def link_marks(self, notes: list[BlockPlan]) -> None:
        numeric = [
            int(n.note_id.split("#")[0]) for n in notes if n.note_id and n.note_id[0].isdigit()
        ]
        by_label: dict[str, list[BlockPlan]] = {}
        for n in notes:
            if n.note_id:
                by_label.setdefault(n.note_id.split("#")[0], []).append(n)
        lo, hi = (min(numeric), max(numeric)) if numeric else (0, -1)
        used: Counter[str] = Counter()
        last_mark = 0
        # a piece holds a mark only if a run of mark characters overlaps it
        run_starts, run_ends = self.mark_runs()
        n_runs = len(run_starts)
        for blk in sorted(self.blocks, key=lambda b: b.pieces[0][0] if b.pieces else 0):
            if blk.kind not in FLOW_KINDS:
                continue
            marks = []
            for a, b in blk.pieces:
                i = bisect.bisect_right(run_ends, a)
                if i == n_runs or run_starts[i] >= b:
                    continue
                for s, e, label in _resolve(mark_candidates(self.text[a:b]), by_label):
                    if not label.startswith("*"):
                        if label not in by_label and not (lo <= int(label) <= hi + 3 and numeric):
                            continue
                        label = _in_sequence(label, last_mark, by_label)
                        last_mark = max(last_mark, int(label))
                    marks.append((a + s, a + e, self._note_for(label, a + s, by_label, used)))
            if marks:
                blk.marks = marks
                self.counts["footnote_marks"] += len(marks)

    @staticmethod
    def _note_for(label: str, at: int, by_label: dict, used: Counter) -> str:
        cands = by_label.get(label)
        if not cands:
            return label
        after = [n for n in cands if n.pieces and n.pieces[0][0] >= at]
        pick = after[0] if after else cands[-1]
        used[pick.note_id] += 1
        return pick.note_id


def _resolve(cands: list[tuple[int, int, str, str]], by_label: dict) -> list[tuple[int, int, str]]:
    """Drop overlapping candidates; a letter-spaced number counts only when it names a note."""
    kept = [c for c in cands if c[3] != "spaced" or c[2] in by_label]
    out: list[tuple[int, int, str, str]] = []
    for c in sorted(kept, key=lambda c: (c[0], -(c[1] - c[0]))):
        if out and c[0] < out[-1][1]:
            if c[3] == "spaced":
                out[-1] = c
            continue
        if out and out[-1][3] == "num" and c[3] == "spaced" and c[0] <= out[-1][0]:
            out[-1] = c
            continue
        out.append(c)
    return [(s, e, lab) for s, e, lab, _ in out]


def _in_sequence(label: str, last: int, by_label: dict) -> str:
    """A mark far behind the running sequence whose digits begin the next number is that
    number with its last digit lost to OCR (``4"`` after mark 40 is 41)."""
    n = int(label)
    nxt = str(last + 1)
    if n < last - 3 and nxt.startswith(label) and nxt in by_label:
        return nxt
    return label


def _overlapping(lines: list[Line], skip: list[tuple[int, int]]) -> set[int]:
    if not skip:
        return set()
    spans = sorted(skip)
    starts = [s for s, _ in spans]
    out = set()
    for ln in lines:
        i = bisect.bisect_right(starts, ln.end if ln.end > ln.start else ln.start) - 1
        while i >= 0:
            s, e = spans[i]
            if e > ln.start and s < max(ln.end, ln.start + 1):
                out.add(ln.idx)
                break
            if e <= ln.start:
                break
            i -= 1
    return out


def plan_layout(text: str, pages: list[tuple[int, int]], skip: list[tuple[int, int]]) -> LayoutPlan:
    """Blocks of ``text`` in reading order, with dropped furniture counted."""
    p = _Planner(text, pages, skip)
    p.furniture()
    tables = p.tables()
    note_paras = p.footnotes()
    p.flow(tables)
    labels: Counter[str] = Counter()
    notes: list[BlockPlan] = []
    for para in note_paras:
        pieces, seps = p.pieces_of(para.lines, para.first_start)
        nid = para.note_label
        if nid is not None:
            labels[nid] += 1
            if labels[nid] > 1:
                nid = f"{nid}#{labels[nid]}"
        notes.append(BlockPlan("footnote", p.page_of(para.lines[0]), pieces, seps, note_id=nid))
    p.link_marks(notes)
    blocks = p.blocks + notes
    blocks.sort(key=lambda b: b.pieces[0][0] if b.pieces else 0)
    counts = {k: v for k, v in p.counts.items() if v}
    counts["footnote"] = len(notes)
    return LayoutPlan(blocks, counts)
