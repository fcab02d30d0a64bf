"""Benchmark of the Korean-English sentence aligner (a script, not a test).

Prints, measured in this one run:

* for each seed pair of ``tests/data/align``: strict precision / recall / F1 of
  ``korpus.align.align_sentences`` (default: no lexicon), of the same with the
  package's built-in learner glossary as lexicon (when it is installed), and of two
  baselines: the diagonal (sentence i with sentence i) and nltk's Gale-Church
  ``align_blocks`` with the English/Korean character ratio estimated from the texts;
* the time to align a 40x40-sentence article built from the seed sentences (median
  of repeated runs, after one warm-up run whose time is also shown), and that time
  as a ratio to Gale-Church's on the same input.

Run from the repository root: ``python bench/bench_align.py``.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

from nltk.translate import gale_church

from korpus.align import align_sentences, evaluate, parse_links
from korpus.model import Link

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "align"
PAIRS = ("ms-ai-chips", "chatgpt-classroom")
RUNS = 30


def load(name: str) -> tuple[list[str], list[str], list[Link]]:
    ko = (DATA / f"{name}.ko.txt").read_text(encoding="utf-8").splitlines()
    en = (DATA / f"{name}.en.txt").read_text(encoding="utf-8").splitlines()
    gold = parse_links((DATA / f"{name}.gold.tsv").read_text(encoding="utf-8"))
    return ko, en, gold


def diagonal(ko: list[str], en: list[str]) -> list[Link]:
    """Baseline: sentence i with sentence i; the longer side's tail is left unaligned."""
    k = min(len(ko), len(en))
    return ([Link((i,), (i,)) for i in range(k)] + [Link((i,), ()) for i in range(k, len(ko))]
            + [Link((), (j,)) for j in range(k, len(en))])


def _chars(sentence: str) -> int:
    return max(1, len(sentence) - sentence.count(" "))


def gale_church_links(ko: list[str], en: list[str]) -> list[Link]:
    """Baseline: nltk's Gale-Church on character lengths, with the en/ko ratio of the two texts."""
    ko_len = [_chars(s) for s in ko]
    en_len = [_chars(s) for s in en]

    class Params(gale_church.LanguageIndependent):
        AVERAGE_CHARACTERS = sum(en_len) / sum(ko_len)

    pairs = gale_church.align_blocks(ko_len, en_len, Params)
    return _beads(pairs, len(ko), len(en))


def _beads(pairs: list[tuple[int, int]], n: int, m: int) -> list[Link]:
    """Index pairs (sentence-level links) grouped into beads; unlinked sentences become omissions."""
    parent: dict = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for i, j in pairs:
        a, b = find(("k", i)), find(("e", j))
        if a != b:
            parent[a] = b
    groups: dict = {}
    for i, j in pairs:
        ko_ids, en_ids = groups.setdefault(find(("k", i)), (set(), set()))
        ko_ids.add(i)
        en_ids.add(j)
    linked_ko = {i for i, _ in pairs}
    linked_en = {j for _, j in pairs}
    beads = [Link(tuple(sorted(k)), tuple(sorted(e))) for k, e in groups.values()]
    beads += [Link((i,), ()) for i in range(n) if i not in linked_ko]
    beads += [Link((), (j,)) for j in range(m) if j not in linked_en]
    return beads


def builtin_lexicon() -> dict[str, list[str]] | None:
    """The package's learner glossary as a lexicon (lemma -> English words), if it is installed."""
    try:
        from korpus.glossary import builtin_glossary
    except ImportError:
        return None
    lexicon: dict[str, list[str]] = {}
    for (lemma, _tag), gloss in builtin_glossary().items():
        text = re.sub(r"\([^)]*\)", " ", gloss.text)
        lexicon.setdefault(lemma, []).extend(p.strip() for p in re.split(r"[,;/]", text) if p.strip())
    return lexicon or None


def fmt(result: dict) -> str:
    return (f"P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}"
            f"  ({result['correct']}/{result['predicted']} predicted, {result['gold']} gold)")


def timed(fn, *args, runs: int = RUNS, **kwargs) -> tuple[float, float]:
    """(first call, median of ``runs`` further calls), in milliseconds."""
    start = time.perf_counter()
    fn(*args, **kwargs)
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(*args, **kwargs)
        times.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(times)


def main() -> int:
    lexicon = builtin_lexicon()
    print("strict precision / recall / F1 against the hand-made gold alignments")
    for name in PAIRS:
        ko, en, gold = load(name)
        print(f"\n{name}: {len(ko)} Korean x {len(en)} English sentences, {len(gold)} gold links")
        rows = [("korpus.align (no lexicon)", align_sentences(ko, en))]
        if lexicon:
            rows.append((f"korpus.align + built-in glossary ({len(lexicon)} lemmas)",
                         align_sentences(ko, en, lexicon=lexicon)))
        rows.append(("baseline: diagonal 1-1", diagonal(ko, en)))
        rows.append(("baseline: nltk gale_church (ratio from texts)", gale_church_links(ko, en)))
        for label, links in rows:
            print(f"  {label:<52} {fmt(evaluate(links, gold))}")

    (ko1, en1, _), (ko2, en2, _) = (load(name) for name in PAIRS)
    ko, en = (ko1 + ko2)[:40], (en1 + en2)[:40]
    first, ours = timed(align_sentences, ko, en)
    _, baseline = timed(gale_church_links, ko, en)
    print(f"\n40x40-sentence article (the seed sentences), median of {RUNS} runs:")
    print(f"  korpus.align     {ours:7.2f} ms   (first call, with cold caches: {first:.1f} ms)")
    print(f"  nltk gale_church {baseline:7.2f} ms")
    print(f"  ratio            {ours / baseline:7.2f}x gale_church")
    if lexicon:
        _, with_lexicon = timed(align_sentences, ko, en, lexicon=lexicon)
        print(f"  korpus.align + glossary {with_lexicon:7.2f} ms (glossary index cached after the first call)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
