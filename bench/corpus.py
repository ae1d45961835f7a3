"""Build a large benchmark corpus from the seeds, perturbed so that no document is a
duplicate of another (each has ~60% of its words swapped for others from the seeds' own
vocabulary (of the same seed, so a damaged document stays damaged the same way), and its numbers
changed), while keeping the seeds' damage (font tables, footnotes,
page repeats) and their mix of languages.

    python bench/corpus.py --mb 50 --out bench/out/corpus50
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.resources import shared_dir  # noqa: E402

WORD = re.compile(r"\w+")


def perturb(text: str, vocab: list[str], rng: random.Random, rate: float = 0.6) -> str:
    def swap(m: re.Match) -> str:
        w = m.group(0)
        if w.isdigit():
            return str(rng.randint(1, 10 ** len(w) - 1)).zfill(len(w)) if rng.random() < 0.5 else w
        if rng.random() < rate:
            new = rng.choice(vocab)
            return new.capitalize() if w[:1].isupper() else new
        return w

    return WORD.sub(swap, text)


def build(out: Path, megabytes: float, seed: int = 7) -> list[Path]:
    shared = shared_dir()
    if shared is None:
        raise SystemExit("needs ../shared/seeds")
    seeds = [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    vocabs = [
        sorted({w.lower() for w in WORD.findall(s) if w.isalpha() and len(w) > 3}) for s in seeds
    ]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    target = int(megabytes * 1_000_000)
    total, files = 0, []
    i = 0
    while total < target:
        k = i % len(seeds)
        text = perturb(seeds[k], vocabs[k], rng)
        path = out / f"{i // 100:03d}" / f"doc{i:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        files.append(path)
        total += len(data)
        i += 1
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus")
    args = ap.parse_args()
    files = build(args.out, args.mb)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} files, {size / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
