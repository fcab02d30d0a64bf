"""Benchmark of the Korean-English sentence aligner (a script, not a test).

Prints, measured in this one run:

* for each seed pair of ``tests/data/align``: strict precision / recall / F1 of
  ``korpus.align.align_sentences`` without a lexicon; as the pipeline calls it, with
  each Korean sentence's lemmas (from the shipped corpus's annotation) and the
  built-in learner glossary (``lexicon_from_glossary(builtin_glossary())``); with the
  glossary but no lemmas (surface words looked up); and two baselines: the diagonal
  (sentence i with sentence i) and nltk's Gale-Church ``align_blocks`` with the
  English/Korean character ratio estimated from the texts;
* a held-out check: the mean strict F1 over perturbed variants of each seed pair
  (sentences dropped, a block cut on both sides, unrelated sentences inserted) whose
  gold is derived from the hand-made one, with and without the lexicon;
* the held-out set of real parallel documents (``bench/data/align-heldout``, see its SOURCES.md): strict
  P / R / F1 per document and micro-averaged over its ``dev`` and ``test`` parts, as the pipeline aligns
  (lemmas + glossary), with the glossary but no lemmas (``korpus align-files``) and with no lexicon; and
  the omissions found in perturbed variants of each of its documents;
* timings: ``lexicon_from_glossary`` on the built-in glossary, the two seed pairs
  aligned as the pipeline does in a fresh process (cold caches, as in ``korpus
  build``) and again warm, and a 40x40-sentence article built from the seed
  sentences (median of repeated runs) against Gale-Church on the same input.

Run from the repository root: ``python bench/bench_align.py``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from nltk.translate import gale_church

from korpus.align import align_sentences, evaluate, lexicon_from_glossary, parse_links
from korpus.align.evaluation import perturb_pair
from korpus.model import Link

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "align"
HELDOUT = ROOT / "bench" / "data" / "align-heldout"
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


def builtin_lexicon() -> dict[str, tuple[str, ...]] | None:
    """The package's learner glossary as a lexicon (lemma -> English words), if it is installed."""
    try:
        from korpus.glossary import builtin_glossary
    except ImportError:
        return None
    return lexicon_from_glossary(builtin_glossary()) or None


def load_lemmas(name: str) -> list[list[str]] | None:
    """Each Korean sentence's lemmas from the shipped corpus's annotation, as ``korpus build`` passes them."""
    try:
        from korpus.store import load_annotation
        from korpus.corpus import Corpus

        corpus = Corpus(ROOT / "corpus")
        sentences = load_annotation(corpus, corpus.get(f"{name}-ko")).sentences
    except Exception:  # noqa: BLE001 - no corpus, no annotation: the row is left out
        return None
    ko, _, _ = load(name)
    if [s.text for s in sentences] != ko:
        return None
    return [[lex.lemma for word in s.words for lex in word.lexemes] for s in sentences]


def perturbed(name: str, other: str, seed: int, lemmas, other_lemmas):
    """A variant of a seed pair nobody aligned by hand, and its gold derived from the seed pair's."""
    ko, en, gold = load(name)
    other_ko, other_en, _ = load(other)
    return perturb_pair(ko, en, gold, lemmas, other_ko, other_en, other_lemmas, seed)


def load_heldout(part: str) -> dict[str, tuple[list[str], list[str], list[Link], list[list[str]]]]:
    """The documents of a part (``dev`` or ``test``) of the held-out set: name -> (ko, en, gold, lemmas)."""
    docs = {}
    for gold_file in sorted((HELDOUT / part).glob("*.gold.tsv")):
        name = gold_file.name[: -len(".gold.tsv")]

        def lines(suffix: str) -> list[str]:
            return (HELDOUT / part / f"{name}{suffix}").read_text(encoding="utf-8").splitlines()

        docs[name] = (lines(".ko.txt"), lines(".en.txt"), parse_links(gold_file.read_text(encoding="utf-8")),
                      [line.split() for line in lines(".ko.lemmas")])
    return docs


def omissions_found(predicted: list[Link], gold: list[Link]) -> tuple[int, int]:
    """(gold omissions predicted as such, gold omissions): sentences with no counterpart."""
    wanted = {(tuple(l.ko), tuple(l.en)) for l in gold if not l.ko or not l.en}
    return len(wanted & {(tuple(l.ko), tuple(l.en)) for l in predicted}), len(wanted)


def micro(results: list[dict]) -> dict:
    """Strict precision / recall / F1 over the links of several documents together."""
    correct, predicted, gold = (sum(r[k] for r in results) for k in ("correct", "predicted", "gold"))
    precision, recall = correct / predicted, correct / gold
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall),
            "correct": correct, "predicted": predicted, "gold": gold}


def heldout_report(lexicon) -> None:
    """The held-out set's figures: per document and micro-averaged, three ways; omissions in its variants."""
    modes = (("lemmas + glossary (the pipeline)", True, True), ("glossary, no lemmas (align-files)", True, False),
             ("no lexicon", False, False))
    parts = {part: load_heldout(part) for part in ("dev", "test")}
    for part, docs in parts.items():
        print(f"\nheld out, {part}: {len(docs)} documents, {sum(len(d[0]) for d in docs.values())} Korean x "
              f"{sum(len(d[1]) for d in docs.values())} English sentences, {sum(len(d[2]) for d in docs.values())} "
              "gold links")
        for label, use_lexicon, use_lemmas in modes:
            results = []
            for name, (ko, en, gold, lemmas) in docs.items():
                links = align_sentences(ko, en, lexicon=lexicon if use_lexicon else None,
                                        ko_lemmas=lemmas if use_lemmas else None)
                results.append(evaluate(links, gold))
                print(f"  {name:<20} {label:<36} {fmt(results[-1])}")
            print(f"  {'micro-averaged':<20} {label:<36} {fmt(micro(results))}")
    print("\nheld out, omissions found in 12 perturbed variants of each document (lemmas + glossary)")
    every = [(part, name, doc) for part, docs in parts.items() for name, doc in docs.items()]
    for part in parts:
        found = total = 0
        f1s = []
        for k, (_, name, (ko, en, gold, lemmas)) in enumerate(every):
            if every[k][0] != part:
                continue
            for seed in range(12):
                other = every[(k + 1 + seed) % len(every)][2]
                v_ko, v_en, v_lemmas, v_gold = perturb_pair(ko, en, gold, lemmas, other[0], other[1], other[3], seed)
                links = align_sentences(v_ko, v_en, lexicon=lexicon, ko_lemmas=v_lemmas)
                f1s.append(evaluate(links, v_gold)["f1"])
                got, wanted = omissions_found(links, v_gold)
                found, total = found + got, total + wanted
        print(f"  {part:<5} mean strict F1 {statistics.mean(f1s):.3f} (min {min(f1s):.3f}), "
              f"omissions found {found}/{total}")


COLD_RUN = """
import json, sys, time
from korpus.glossary import builtin_glossary
glossary = builtin_glossary()
data = json.loads(sys.stdin.read())
start = time.perf_counter()
from korpus.align import align_sentences, lexicon_from_glossary
imported = time.perf_counter()
lexicon = lexicon_from_glossary(glossary)
prepared = time.perf_counter()
for ko, en, lemmas in data:
    align_sentences(ko, en, lexicon=lexicon, ko_lemmas=lemmas)
cold = time.perf_counter()
for ko, en, lemmas in data:
    align_sentences(ko, en, lexicon=lexicon, ko_lemmas=lemmas)
warm = time.perf_counter()
print(json.dumps([imported - start, prepared - imported, cold - prepared, warm - cold]))
"""


def cold_timings(data) -> list[float] | None:
    """(import, lexicon_from_glossary, first alignment of the pairs, second alignment) in a fresh process, ms."""
    import json

    try:
        out = subprocess.run([sys.executable, "-c", COLD_RUN], input=json.dumps(data), capture_output=True,
                             text=True, check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [1000 * t for t in json.loads(out)]


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
    lemmas = {name: load_lemmas(name) for name in PAIRS}
    print("strict precision / recall / F1 against the hand-made gold alignments")
    for name in PAIRS:
        ko, en, gold = load(name)
        print(f"\n{name}: {len(ko)} Korean x {len(en)} English sentences, {len(gold)} gold links")
        rows = [("korpus.align, no lexicon", align_sentences(ko, en))]
        if lexicon and lemmas[name]:
            rows.append(("korpus.align + lemmas + glossary (the pipeline)",
                         align_sentences(ko, en, lexicon=lexicon, ko_lemmas=lemmas[name])))
        if lexicon:
            rows.append((f"korpus.align + glossary, no lemmas ({len(lexicon)} lemmas)",
                         align_sentences(ko, en, lexicon=lexicon)))
        rows.append(("baseline: diagonal 1-1", diagonal(ko, en)))
        rows.append(("baseline: nltk gale_church (ratio from texts)", gale_church_links(ko, en)))
        for label, links in rows:
            found, wanted = omissions_found(links, gold)
            print(f"  {label:<52} {fmt(evaluate(links, gold))}  omissions {found}/{wanted}")

    if lexicon and all(lemmas.values()):
        print("\nheld out: mean strict F1 over 32 perturbed variants of each pair (dropped, cut, inserted sentences)")
        for name in PAIRS:
            other = [n for n in PAIRS if n != name][0]
            plain, lexical = [], []
            for seed in range(32):
                ko, en, lem, gold = perturbed(name, other, seed, lemmas[name], lemmas[other])
                plain.append(evaluate(align_sentences(ko, en), gold)["f1"])
                lexical.append(evaluate(align_sentences(ko, en, lexicon=lexicon, ko_lemmas=lem), gold)["f1"])
            print(f"  {name:<20} no lexicon {statistics.mean(plain):.3f} (min {min(plain):.3f})   "
                  f"lemmas + glossary {statistics.mean(lexical):.3f} (min {min(lexical):.3f})")

    if lexicon:
        heldout_report(lexicon)

    print("\ntimings")
    if lexicon and all(lemmas.values()):
        data = [list(load(name)[:2]) + [lemmas[name]] for name in PAIRS]
        cold = cold_timings(data)
        if cold:
            print(f"  fresh process: import korpus.align {cold[0]:.1f} ms, lexicon_from_glossary {cold[1]:.1f} ms")
            print(f"  both seed pairs with lemmas + glossary: first call {cold[2]:.1f} ms (cold caches, as in "
                  f"korpus build), again {cold[3]:.1f} ms")
    (ko1, en1, _), (ko2, en2, _) = (load(name) for name in PAIRS)
    ko, en = (ko1 + ko2)[:40], (en1 + en2)[:40]
    first, ours = timed(align_sentences, ko, en)
    _, baseline = timed(gale_church_links, ko, en)
    print(f"  40x40-sentence article (the seed sentences), median of {RUNS} runs:")
    print(f"    korpus.align, no lexicon      {ours:7.2f} ms   (first call, with cold caches: {first:.1f} ms)")
    if lexicon and all(lemmas.values()):
        lem40 = (lemmas[PAIRS[0]] + lemmas[PAIRS[1]])[:40]
        _, with_lexicon = timed(align_sentences, ko, en, lexicon=lexicon, ko_lemmas=lem40)
        print(f"    korpus.align + lemmas + glossary {with_lexicon:7.2f} ms")
    print(f"    nltk gale_church              {baseline:7.2f} ms")
    print(f"    ratio (no lexicon)            {ours / baseline:7.2f}x gale_church")
    return 0


if __name__ == "__main__":
    sys.exit(main())
