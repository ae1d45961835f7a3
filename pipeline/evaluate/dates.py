"""Score date tagging against gold JSONL (``gold/sentences_dev.jsonl``), with dateparser beside.

Spans are matched exactly (start and end); precision, recall and F1 are over DATE spans, and the
value accuracy is over the matched spans (the ``value`` string must be equal). dateparser's
``search.search_dates`` runs on the same sentences with ``languages=[lang]`` and default
settings; it returns substrings, which are mapped back to offsets by searching for them left to
right. It returns datetimes without a precision, so its value is counted right when the datetime,
cut to the precision of the gold value, equals it (a generous reading: it never produces ranges
or month-day values, and fills missing parts from today's date).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from pipeline.dates import find_dates
from pipeline.evaluate import prf


def _load(shared_dir: Path) -> list[dict]:
    path = Path(shared_dir) / "gold" / "sentences_dev.jsonl"
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _score(gold_rows: list[dict], predicted: list[list[dict]], value_ok) -> dict:
    tp = fp = fn = vok = 0
    per_lang: dict[str, list[int]] = {}
    errors = []
    for row, pred in zip(gold_rows, predicted, strict=True):
        gold = {(d["start"], d["end"]): d for d in row.get("dates", [])}
        got = {(d["start"], d["end"]): d for d in pred}
        lt = per_lang.setdefault(row["lang"], [0, 0, 0])
        for k, d in got.items():
            if k in gold:
                tp += 1
                lt[0] += 1
                if value_ok(d, gold[k]):
                    vok += 1
                else:
                    errors.append(("value", row["id"], d["text"], d.get("value"), gold[k]["value"]))
            else:
                fp += 1
                lt[1] += 1
                errors.append(("fp", row["id"], d["text"], d.get("value"), None))
        for k, d in gold.items():
            if k not in got:
                fn += 1
                lt[2] += 1
                errors.append(("fn", row["id"], d["text"], None, d["value"]))
    out = prf(tp, fp, fn)
    out["value_accuracy"] = vok / tp if tp else 0.0
    out["value_correct"] = vok
    out["per_lang"] = {k: prf(*v) for k, v in sorted(per_lang.items())}
    out["errors"] = [list(e) for e in errors]
    return out


def _ours(rows: list[dict]) -> tuple[list[list[dict]], float]:
    t0 = time.perf_counter()
    pred = [find_dates(r["text"], r["lang"]) for r in rows]
    return pred, time.perf_counter() - t0


def _dateparser(rows: list[dict]) -> tuple[list[list[dict]], float] | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    search_dates("1 Mart 1921", languages=["tr"])  # load language data outside the timing
    t0 = time.perf_counter()
    pred = []
    for r in rows:
        text = r["text"]
        langs = [r["lang"]] if r["lang"] in ("tr", "az", "en") else ["tr", "az", "en"]
        try:
            found = search_dates(text, languages=langs) or []
        except Exception:  # dateparser raises on some inputs; count as nothing found
            found = []
        out, cursor = [], 0
        for sub, dt in found:
            i = text.find(sub, cursor)
            if i < 0:
                i = text.find(sub)
            if i < 0:
                continue
            cursor = i + len(sub)
            out.append({"start": i, "end": i + len(sub), "text": sub, "dt": dt})
        pred.append(out)
    return pred, time.perf_counter() - t0


def _dp_value_ok(d: dict, gold: dict) -> bool:
    gv = gold["value"]
    if "/" in gv or gv.startswith("--"):
        return False
    dt = d["dt"]
    return dt.strftime("%Y-%m-%d")[: len(gv)] == gv


def evaluate(shared_dir: Path) -> dict:
    rows = _load(shared_dir)
    chars = sum(len(r["text"]) for r in rows)
    pred, secs = _ours(rows)
    metrics = {
        "sentences": len(rows),
        "gold_dates": sum(len(r.get("dates", [])) for r in rows),
        "chars": chars,
        "ours": _score(rows, pred, lambda d, g: d["value"] == g["value"]),
    }
    metrics["ours"]["chars_per_second"] = chars / secs if secs else None
    dp = _dateparser(rows)
    if dp is not None:
        metrics["dateparser"] = _score(rows, dp[0], _dp_value_ok)
        metrics["dateparser"]["chars_per_second"] = chars / dp[1] if dp[1] else None
        for e in metrics["dateparser"]["errors"]:
            if e[3] is not None and not isinstance(e[3], str):
                e[3] = str(e[3])
    else:
        metrics["dateparser"] = None
    return metrics


def render(metrics: dict) -> str:
    lines = [
        f"Dates: {metrics['sentences']} gold sentences, {metrics['gold_dates']} DATE spans "
        "(exact span match; value accuracy over matched spans)",
        f"{'system':<12} {'P':>6} {'R':>6} {'F1':>6} {'value':>7} {'tp':>4} {'fp':>4} {'fn':>4}"
        f" {'chars/s':>10}",
    ]
    for name in ("ours", "dateparser"):
        m = metrics.get(name)
        if not m:
            lines.append(f"{name:<12} (not available)")
            continue
        cps = m.get("chars_per_second") or 0
        lines.append(
            f"{name:<12} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
            f"{m['value_accuracy']:7.3f} {m['tp']:4d} {m['fp']:4d} {m['fn']:4d} {cps:10.0f}"
        )
    ours = metrics["ours"]
    for lang, m in ours["per_lang"].items():
        lines.append(
            f"  ours/{lang:<6} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}"
        )
    errs = ours["errors"]
    if errs:
        lines.append("ours, errors:")
        for kind, sid, text, got, want in errs[:30]:
            lines.append(f"  {kind:<5} {sid:<8} {text!r} got={got} gold={want}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - convenience entry point
    import sys

    from pipeline.resources import shared_dir

    d = Path(sys.argv[1]) if len(sys.argv) > 1 else shared_dir()
    if d is None:
        raise SystemExit("no shared dir (pass it as the first argument)")
    print(render(evaluate(d)))
