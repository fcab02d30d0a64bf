"""Benchmark of the aligner at scale: time, memory and quality on long texts (a script, not a test).

The inputs are long parallel texts recombined from the two hand-aligned seed pairs of
``tests/data/align`` (``korpus.align.evaluation.recombine_pairs``: runs of 3-9 gold links chained in a
random order), so their gold alignment is known.  For each size it prints, measured in a fresh
process each: the sentences and megabytes of each side, the time of ``align_sentences`` as
``korpus align-files`` calls it (built-in glossary as lexicon, no lemmas) and, for the smaller sizes,
as ``korpus build`` does (lemmas + glossary) in wall-clock and CPU seconds (the CPU figure is the
steadier one on a shared machine), the peak RSS added by the call
(``resource.getrusage`` peak minus the RSS before it) and strict F1 against the gold; then the
growth factors of time and memory from 400 to 1,600 and from 1,600 to 7,000 Korean sentences (linear
growth follows the number of sentences, quadratic its square; up to 250,000 cells, as at 400 x 500,
the band is half the matrix as it always was, so the first factor is low).  The 7,000 rows are the
size of a 1 MB Korean article paired with its English original; the recombined text repeats the
seeds' vocabulary, so a last row gives every link a made-up name and a number of its own (thousands
of concepts more, as a real long text has).

Run from the repository root: ``python bench/bench_align_scale.py`` (``--sizes 400 1600`` for fewer).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

SIZES = (400, 800, 1600, 7000)  # Korean sentences; 7,000 of the seeds' ~140 bytes are 1 MB of UTF-8
PIPELINE_UP_TO = 1600  # the lemma rows are run for sizes up to this one

RUN = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(sys.argv[1]) / "bench"))
from bench_align import PAIRS, load, load_lemmas
from korpus.align import align_sentences, evaluate, lexicon_from_glossary
from korpus.align.evaluation import recombine_pairs
from korpus.glossary import builtin_glossary

size, with_lemmas, distinct = int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4] == "1"
pairs = [load(name) + (load_lemmas(name),) for name in PAIRS]
ko, en, lemmas, gold = recombine_pairs(pairs, size, seed=size)
if distinct:  # a made-up name and a number on both sides of every link, as a real long text has its own
    import random
    rnd = random.Random(size)
    for link in gold:
        if link.ko and link.en:
            name = "".join(rnd.choice("bcdfgklmnprstvz") + rnd.choice("aeiou") for _ in range(3)).capitalize()
            tail = f" {name} {rnd.randrange(10, 10 ** 6):,}"
            ko[link.ko[0]] += tail
            en[link.en[0]] += tail
lexicon = lexicon_from_glossary(builtin_glossary())
align_sentences(ko[:30], en[:40], lexicon=lexicon)  # warm the caches a real run also fills once

def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024

before = rss_kb()
start, cpu = time.perf_counter(), time.process_time()
links = align_sentences(ko, en, lexicon=lexicon, ko_lemmas=lemmas if with_lemmas else None)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"n": len(ko), "m": len(en), "ko_mb": len("\n".join(ko).encode()) / 1e6,
                  "en_mb": len("\n".join(en).encode()) / 1e6, "seconds": seconds, "cpu": cpu,
                  "added_mb": max(0, peak - before) / 1024, "f1": evaluate(links, gold)["f1"]}))
"""


def measure(root: str, size: int, with_lemmas: bool, distinct: bool = False) -> dict:
    out = subprocess.run([sys.executable, "-c", RUN, root, str(size), "1" if with_lemmas else "0",
                          "1" if distinct else "0"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main() -> int:
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    root = str(Path(__file__).resolve().parents[1])
    print(f"{'evidence':<22} {'ko x en sentences':>18} {'ko MB':>6} {'en MB':>6} {'time s':>8} {'CPU s':>6} "
          f"{'RSS added MB':>12} {'F1':>6}")
    results: dict = {}
    for size in args.sizes:
        for with_lemmas in (False, True):
            if with_lemmas and size > PIPELINE_UP_TO:
                continue
            r = results[size, with_lemmas] = measure(root, size, with_lemmas)
            label = "lemmas + glossary" if with_lemmas else "glossary (align-files)"
            print(f"{label:<22} {r['n']:>8} x {r['m']:<7} {r['ko_mb']:6.2f} {r['en_mb']:6.2f} "
                  f"{r['seconds']:8.2f} {r['cpu']:6.2f} {r['added_mb']:12.1f} {r['f1']:6.3f}", flush=True)
    if max(args.sizes) >= 7000:
        r = measure(root, max(args.sizes), False, distinct=True)
        print(f"{'+ distinct names':<22} {r['n']:>8} x {r['m']:<7} {r['ko_mb']:6.2f} {r['en_mb']:6.2f} "
              f"{r['seconds']:8.2f} {r['cpu']:6.2f} {r['added_mb']:12.1f} {r['f1']:6.3f}", flush=True)
    for low, high in ((400, 1600), (1600, 7000)):
        for with_lemmas in (False, True):
            small, large = results.get((low, with_lemmas)), results.get((high, with_lemmas))
            if small and large:
                label = "lemmas + glossary" if with_lemmas else "glossary (align-files)"
                print(f"growth {low:,} -> {high:,} Korean sentences ({high / low:.1f}x), {label}: "
                      f"time x{large['seconds'] / small['seconds']:.1f} (CPU x{large['cpu'] / small['cpu']:.1f}), "
                      f"RSS added x{large['added_mb'] / max(small['added_mb'], 0.1):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
