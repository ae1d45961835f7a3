"""Repair benchmark: corrupt clean text in every way scans are damaged, repair, measure CER.

Clean text = the clean seeds (000, 001, 003, 004; read from ../shared, never copied) plus the
Turkish, Azerbaijani and English paragraphs below (written for this benchmark). Each corruption
is applied programmatically; the character error rate of our repair and of ``ftfy.fix_text``
(default settings, and with ``uncurl_quotes=False``) against the clean text is reported per
kind, with clean-text throughput of both.

    PYTHONPATH=. /work/devvenv/bin/python bench/bench_repair.py [--quick] [--json OUT]
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # noqa: F401
import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.repair import repair_text  # noqa: E402
from pipeline.resources import shared_dir  # noqa: E402

OWN_TR = """\
Türkiye ile Sovyet Rusya arasındaki ilişkiler, Birinci Dünya Savaşı’nın sonunda yeni bir
döneme girdi. İstanbul’un işgali üzerine Ankara’da toplanan Büyük Millet Meclisi, dış
politikasını bağımsızlık ilkesi üzerine kurdu ve Şubat 1921’de Moskova’ya bir heyet gönderdi.
Heyetin başkanı Yusuf Kemal Bey, görüşmelerin ilk gününde “iki halkın kardeşliği” üzerine
kısa bir konuşma yaptı. Görüşmeler çetin geçti; sınır meselesi, özellikle Kars ve Batum
üzerindeki anlaşmazlık, haftalarca sürdü. Sonunda 16 Mart 1921 tarihinde dostluk ve kardeşlik
antlaşması imzalandı. Antlaşmanın sekizinci maddesi, tarafların birbirinin topraklarında
düşmanca örgütlerin kurulmasına izin vermeyeceğini öngörüyordu.

Şimdi bu gelişmelerin Kafkasya’daki yansımalarına bakalım. Gürcistan’ın Şubat ayında Sovyet
yönetimine geçmesi, bölgedeki dengeleri değiştirdi. İşçi ve köylü örgütleri güçlendi; eski
ağa ve beylerin toprakları dağıtıldı. Çok geçmeden Kars Konferansı toplandı ve Ekim 1921’de
Kafkas cumhuriyetleriyle yeni bir antlaşma yapıldı. Bu süreçte İngiltere ve Fransa’nın tutumu
şüpheyle izlendi; İtilaf Devletleri’nin baskısı her geçen gün artıyordu. Şöyle bir soru akla
geliyor: Ankara hükümeti, Batı’ya karşı Doğu’dan gelen desteği nasıl kullandı? Öğrenciler ve
öğretmenler, gazetelerde çıkan haberleri büyük bir ilgiyle okuyorlardı. Işık, ışık, ılık, İzmir.
"""

OWN_AZ = """\
Azərbaycan Xalq Cümhuriyyəti 1918-ci ildə elan edildi və qısa müddətdə dövlət quruculuğu
sahəsində mühüm addımlar atdı. Parlamentin ilk iclası Bakıda keçirildi; qadınlara seçki hüququ
verildi, milli ordu və məktəblər yaradıldı. Lakin 1920-ci ilin aprelində Qırmızı Ordu şəhərə
daxil oldu və hakimiyyət dəyişdi. Sonrakı illərdə Türkiyə ilə Sovet Rusiyası arasında
bağlanan müqavilələr Qafqazın siyasi xəritəsini müəyyən etdi. Naxçıvanın statusu Moskva və
Qars müqavilələrində xüsusi olaraq qeyd olundu.

Əhalinin böyük hissəsi kəndlərdə yaşayırdı; neft sənayesi isə şəhərin iqtisadiyyatının əsasını
təşkil edirdi. Ədəbiyyat və mətbuat da inkişaf edirdi: “Molla Nəsrəddin” jurnalı geniş oxucu
kütləsinə çatırdı. Şairlər, yazıçılar və müəllimlər xalqın maariflənməsi üçün çalışırdılar.
Əlifba islahatı müzakirə olunurdu və latın qrafikasına keçid 1920-ci illərin sonunda başa çatdı.
"""

OWN_EN = """\
The first official flight between the two capitals was announced in the spring; its
significance for diplomatic traffic was obvious to everyone who had followed the difficult
negotiations of the previous years. “We shall not forget the support of our neighbours,” the
ambassador said in his speech, and the official newspaper printed the whole text on its first
page. Efficiency, affluence and the office’s staff: the final report of the commission was
filed in the archive, where it still lies today. Researchers who wish to consult the file
should write to the archive’s director well in advance.
"""


def clean_texts() -> dict[str, tuple[str, str]]:
    """name -> (language, clean text)."""
    out = {"own_tr": ("tr", OWN_TR), "own_az": ("az", OWN_AZ), "own_en": ("en", OWN_EN)}
    sd = shared_dir()
    if sd is not None:
        langs = {"000": "tr", "001": "tr", "003": "az", "004": "tr"}
        for p in sorted((sd / "seeds").glob("*.txt")):
            if p.name[:3] in langs:
                out["seed" + p.name[:3]] = (langs[p.name[:3]], p.read_text(encoding="utf-8"))
    return out


# ----------------------------------------------------------------------------- corruptions
def _charmap(table: dict[str, str]) -> Callable[[str], str]:
    trans = str.maketrans(table)
    return lambda s: s.translate(trans)


FONT_VARIANTS = {
    # The seed-002 table: İ->Ġ, ş->Ģ, Ş->ġ.
    "font_S": {"İ": "Ġ", "ş": "Ģ", "Ş": "ġ"},
    # ġ for ı (the "offset" tables), Ģ for both cases of ş.
    "font_ı": {"İ": "Ġ", "ş": "Ģ", "Ş": "Ģ", "ı": "ġ"},
    # ġ for i.
    "font_i": {"İ": "Ġ", "ş": "Ģ", "Ş": "Ģ", "i": "ġ"},
    # ġ for ş, Ģ for Ş.
    "font_ş": {"İ": "Ġ", "Ş": "Ģ", "ş": "ġ"},
    # the rarer glyphs: ģ for ş, Ī for İ.
    "font_ģ": {"İ": "Ī", "ş": "ģ", "Ş": "Ģ"},
}


def _per_char(enc: str, dec: str) -> Callable[[str], str]:
    def f(s: str) -> str:
        out = []
        for c in s:
            try:
                out.append(c.encode(enc).decode(dec))
            except UnicodeError:
                out.append(c)  # not representable in the source code page: left as is
        return "".join(out)

    return f


def utf8_as(codec: str) -> Callable[[str], str]:
    return lambda s: s.encode("utf-8").decode(codec)


def isolated_utf8(s: str, rng: random.Random) -> str:
    """Only a few words damaged (one in eight non-ASCII words): what ftfy does not see."""

    def f(m: regex.Match) -> str:
        w = m.group()
        return w.encode("utf-8").decode("sloppy-windows-1252") if rng.random() < 0.125 else w

    return regex.sub(r"\w*[^\x00-\x7f\s]\w*", f, s)


def mixed(s: str, rng: random.Random) -> str:
    """Paragraph (or line-group) stretches, each clean or damaged in a different way."""
    parts = regex.split(r"(\n)", s)
    kinds = [
        lambda x: x,
        utf8_as("sloppy-windows-1252"),
        _per_char("iso-8859-9", "latin-1"),
        lambda x: x,
        lambda x: isolated_utf8(x, rng),
        _per_char("cp1254", "sloppy-windows-1252"),
    ]
    out, k = [], 0
    for i, p in enumerate(parts):
        if p == "\n":
            out.append(p)
            continue
        if i % 12 == 0:
            k = rng.randrange(len(kinds))
        out.append(kinds[k](p))
    return "".join(out)


def with_font(s: str, variant: dict[str, str], rng: random.Random) -> str:
    return _charmap(variant)(s)


def insert_random(s: str, chars: str, rate: float, rng: random.Random) -> str:
    """Insert one of ``chars`` after a letter that is followed by a letter, at ``rate``."""
    out = []
    for i, c in enumerate(s):
        out.append(c)
        if c.isalpha() and i + 1 < len(s) and s[i + 1].isalpha() and rng.random() < rate:
            out.append(rng.choice(chars))
    return "".join(out)


def ligatures(s: str) -> str:
    for a, b in (("ffi", "ﬃ"), ("ffl", "ﬄ"), ("ff", "ﬀ"), ("fi", "ﬁ"), ("fl", "ﬂ")):
        s = s.replace(a, b)
    return s


def kinds(rng: random.Random) -> dict[str, tuple[Callable[[str], str], Callable[[str], str]]]:
    """kind -> (corrupt, reference): reference(clean) is what a perfect repair returns."""
    same = lambda s: s  # noqa: E731
    ks: dict[str, tuple[Callable[[str], str], Callable[[str], str]]] = {}
    for name, variant in FONT_VARIANTS.items():
        ks[name] = (lambda s, v=variant: with_font(s, v, rng), same)
    ks["latin5_as_latin1"] = (_per_char("iso-8859-9", "latin-1"), same)
    ks["cp1254_as_cp1252"] = (_per_char("cp1254", "sloppy-windows-1252"), same)
    ks["utf8_as_cp1252"] = (utf8_as("sloppy-windows-1252"), same)
    ks["utf8_as_latin1"] = (utf8_as("latin-1"), same)
    ks["utf8_as_cp1254"] = (utf8_as("sloppy-windows-1254"), same)
    ks["utf8_double"] = (
        lambda s: utf8_as("sloppy-windows-1252")(utf8_as("sloppy-windows-1252")(s)),
        same,
    )
    ks["latin5_then_utf8"] = (
        lambda s: utf8_as("sloppy-windows-1252")(_per_char("iso-8859-9", "latin-1")(s)),
        same,
    )
    ks["utf8_isolated"] = (lambda s: isolated_utf8(s, rng), same)
    ks["mixed"] = (lambda s: mixed(s, rng), same)
    ks["nfd"] = (lambda s: unicodedata.normalize("NFD", s), same)
    ks["dotted_i"] = (str.lower, lambda s: s.lower().replace("i\u0307", "i"))
    ks["schwa"] = (_charmap({"ə": "ә", "Ə": "Ә"}), same)
    ks["turned_e"] = (_charmap({"ə": "ǝ", "Ə": "Ǝ"}), same)
    ks["ligatures"] = (ligatures, same)
    ks["soft_hyphen"] = (lambda s: insert_random(s, "\u00ad", 0.05, rng), same)
    ks["zero_width"] = (
        lambda s: insert_random(s, "\u200b\u200c\u200d\u2060\ufeff", 0.03, rng),
        same,
    )
    return ks


# Which clean texts each kind applies to: a Latin-5 file cannot hold Azerbaijani ə, a Turkish
# font table is not damage in an English text, schwa look-alikes only concern Azerbaijani.
APPLIES = {
    "latin5_as_latin1": ("tr", "en"),
    "cp1254_as_cp1252": ("tr", "en"),
    "latin5_then_utf8": ("tr", "en"),
    "schwa": ("az",),
    "turned_e": ("az",),
}
for _v in FONT_VARIANTS:
    APPLIES[_v] = ("tr", "az")


# ----------------------------------------------------------------------------- measuring
def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def line_errors(h: str, r: str) -> int:
    """Character edits between two lines: exact Levenshtein on short differing stretches;
    long ones are first aligned with difflib and each replaced block is scored exactly (an
    upper bound on Levenshtein, equal to it for the scattered substitutions seen here)."""
    if h == r:
        return 0
    i = 0
    while i < min(len(h), len(r)) and h[i] == r[i]:
        i += 1
    j = 0
    while j < min(len(h), len(r)) - i and h[-1 - j] == r[-1 - j]:
        j += 1
    h, r = h[i : len(h) - j], r[i : len(r) - j]
    if len(h) * len(r) <= 4000:
        return levenshtein(h, r)
    sm = difflib.SequenceMatcher(None, h, r, autojunk=False)
    return sum(
        levenshtein(h[i1:i2], r[j1:j2])
        for tag, i1, i2, j1, j2 in sm.get_opcodes()
        if tag != "equal"
    )


def char_errors(hyp: str, ref: str) -> int:
    """Edit distance, line by line when the line structure survived (it always does here)."""
    hl, rl = hyp.split("\n"), ref.split("\n")
    if len(hl) != len(rl):
        return line_errors(hyp, ref)
    return sum(line_errors(h, r) for h, r in zip(hl, rl, strict=True) if h != r)


FTFY_KEEP_QUOTES = ftfy.TextFixerConfig(uncurl_quotes=False)


def run(quick: bool = False, seed: int = 7) -> dict:
    rng = random.Random(seed)
    texts = clean_texts()
    if quick:
        texts = {k: v for k, v in texts.items() if k.startswith("own_")}
    results: dict[str, dict] = {}
    # Clean text: zero edits, per language.
    for lang in ("tr", "az", "en"):
        docs = [t for lang_, t in texts.values() if lang_ == lang]
        edits = sum(len(repair_text(t).edits) for t in docs)
        chars = sum(len(t) for t in docs)
        errs = sum(char_errors(repair_text(t).text, t) for t in docs)
        f_errs = sum(char_errors(ftfy.fix_text(t), t) for t in docs)
        results[f"clean_{lang}"] = {
            "chars": chars,
            "edits": edits,
            "cer": errs / chars,
            "ftfy_cer": f_errs / chars,
            "ftfy_keepq_cer": sum(char_errors(ftfy.fix_text(t, FTFY_KEEP_QUOTES), t) for t in docs)
            / chars,
        }
    for kind, (corrupt, reference) in kinds(rng).items():
        allowed = APPLIES.get(kind, ("tr", "az", "en"))
        ours = theirs = theirs_kq = total = changed = 0
        for _name, (lang, clean) in texts.items():
            if lang not in allowed:
                continue
            bad = corrupt(clean)
            ref = reference(clean)
            changed += char_errors(bad, ref)
            total += len(ref)
            ours += char_errors(repair_text(bad).text, ref)
            theirs += char_errors(ftfy.fix_text(bad), ref)
            theirs_kq += char_errors(ftfy.fix_text(bad, FTFY_KEEP_QUOTES), ref)
        results[kind] = {
            "chars": total,
            "damaged_cer": char_errors_ratio(changed, total),
            "cer": ours / total,
            "ftfy_cer": theirs / total,
            "ftfy_keepq_cer": theirs_kq / total,
        }
    results["throughput"] = throughput(texts, quick)
    return results


def char_errors_ratio(n: int, total: int) -> float:
    return n / total if total else 0.0


def _best_of(fn: Callable[[], object], n: int = 3) -> float:
    """Fastest of ``n`` runs: the machine is shared, so the minimum is the stable figure."""
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def throughput(texts: dict[str, tuple[str, str]], quick: bool) -> dict:
    """MB/s (best of 3) of repair_text and ftfy.fix_text on ~2 MB of clean text, and on
    damaged versions of the same text (font table, UTF-8 mojibake)."""
    base = "\n\n".join(t for _, t in texts.values())
    target = 500_000 if quick else 2_000_000
    reps = max(1, target // len(base.encode("utf-8")))
    docs = [base] * reps
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    repair_text(docs[0])  # warm caches (compiled patterns)
    ours = _best_of(lambda: [repair_text(d) for d in docs])
    theirs = _best_of(lambda: [ftfy.fix_text(d) for d in docs])
    damaged = {}
    for name, corrupt in (
        ("font_S", _charmap(FONT_VARIANTS["font_S"])),
        ("utf8_as_cp1252", utf8_as("sloppy-windows-1252")),
    ):
        bad = corrupt(base)
        bmb = len(bad.encode("utf-8")) / 1e6
        t_ours = _best_of(lambda b=bad: repair_text(b))
        t_ftfy = _best_of(lambda b=bad: ftfy.fix_text(b))
        damaged[name] = {"ours_mb_s": bmb / t_ours, "ftfy_mb_s": bmb / t_ftfy}
    return {
        "mb": round(mb, 2),
        "ours_mb_s": mb / ours,
        "ftfy_mb_s": mb / theirs,
        "damaged": damaged,
    }


def render(results: dict) -> str:
    lines = [
        "| kind | chars | damaged | ours CER | ftfy CER | ftfy (quotes kept) CER |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, r in results.items():
        if kind == "throughput":
            continue
        dmg = r.get("damaged_cer")
        extra = f" ({r['edits']} edits)" if "edits" in r else ""
        lines.append(
            f"| {kind}{extra} | {r['chars']} | "
            + (f"{dmg:.2%}" if dmg is not None else "-")
            + f" | {r['cer']:.4%} | {r['ftfy_cer']:.4%} | {r['ftfy_keepq_cer']:.4%} |"
        )
    t = results["throughput"]
    lines.append("")
    lines.append(
        f"Clean-text throughput (best of 3) on {t['mb']} MB: "
        f"repair_text {t['ours_mb_s']:.1f} MB/s, "
        f"ftfy.fix_text {t['ftfy_mb_s']:.1f} MB/s"
    )
    for name, d in t.get("damaged", {}).items():
        lines.append(
            f"Damaged text ({name}): repair_text {d['ours_mb_s']:.2f} MB/s, "
            f"ftfy.fix_text {d['ftfy_mb_s']:.2f} MB/s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="own texts only, smaller throughput run")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    res = run(quick=args.quick)
    print(render(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False), encoding="utf-8")
    worst = max(r["cer"] for k, r in res.items() if k != "throughput")
    clean_edits = sum(res[f"clean_{lang}"]["edits"] for lang in ("tr", "az", "en"))
    ok = worst <= 0.0005 and clean_edits == 0
    print(f"\ntargets (CER <= 0.05% every kind, 0 edits on clean): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
