"""Benchmark: korpus build against raw Kiwi tokenization of the same text, in one run.

Prints characters/second of (a) raw ``kiwi.tokenize`` over every Korean paragraph of
the corpus (sentences + morphemes, the same single multi-threaded call korpus makes)
and (b) ``korpus build --force`` over the same corpus with the same, already loaded
Kiwi (so both figures exclude the one-time model load, which is reported apart),
their ratio, the warm rebuild time (a fresh ``korpus build`` process with nothing to
do) and the peak RSS of a cold ``korpus build --force`` process.

    python bench/bench_build.py [--corpus corpus] [--repeat 3]

Targets (issue #3): build >= 0.8x raw Kiwi throughput; warm rebuild < 1 s; peak RSS < 1 GB.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from korpus.annotate import _WORD_CACHE, analyse_paragraphs, annotate_korean_documents
from korpus.build import build
from korpus.corpus import Corpus
from korpus.kiwi import get_kiwi, harvest_user_words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "corpus"
        shutil.copytree(args.corpus, work)
        corpus = Corpus(work)
        korean = [p for d in corpus.documents("ko") for p in d.paragraphs]
        chars = sum(len(p) for p in korean)
        started = time.perf_counter()
        kiwi = get_kiwi(harvest_user_words(korean))
        analyse_paragraphs(kiwi, korean[:1])
        load_seconds = time.perf_counter() - started
        raw, stage, ours = [], [], []
        korean_docs = corpus.documents("ko")
        for _ in range(args.repeat):
            started = time.perf_counter()
            analyse_paragraphs(kiwi, korean)
            raw.append(time.perf_counter() - started)
            _WORD_CACHE.clear()  # as in a fresh process
            started = time.perf_counter()
            annotate_korean_documents(korean_docs, kiwi)
            stage.append(time.perf_counter() - started)
            _WORD_CACHE.clear()
            started = time.perf_counter()
            build(Corpus(work), force=True, kiwi=kiwi)
            ours.append(time.perf_counter() - started)
        raw_t, stage_t, ours_t = statistics.median(raw), statistics.median(stage), statistics.median(ours)
        print(f"Korean text: {len(korean)} paragraphs, {chars} characters; Kiwi load {load_seconds:.2f} s (once)")
        print(f"raw kiwi.tokenize        {chars / raw_t:>10,.0f} chars/s  ({raw_t * 1000:.0f} ms)")
        print(f"annotation stage         {chars / stage_t:>10,.0f} chars/s  ({stage_t * 1000:.0f} ms: Kiwi + words, "
              f"lemmas, grammar notes)  ratio {raw_t / stage_t:.2f}x")
        print(f"korpus build --force     {chars / ours_t:>10,.0f} chars/s  ({ours_t * 1000:.0f} ms, all 16 documents:"
              " + glossary, alignment, English/French/Indonesian, CoNLL-U)")
        print(f"ratio build/raw          {raw_t / ours_t:>10.2f}x   (target >= 0.80)")
        cmd = [sys.executable, "-m", "korpus.cli", "--corpus", str(work), "build"]
        warm = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            warm.append(time.perf_counter() - started)
        print(f"warm rebuild (process)   {statistics.median(warm):>10.2f} s    (target < 1 s)")
        started = time.perf_counter()
        subprocess.run(cmd + ["--force"], check=True, capture_output=True)
        cold = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"cold build (process)     {cold:>10.2f} s    (Kiwi load included)")
        print(f"peak RSS (cold process)  {peak:>10.0f} MB   (target < 1024 MB)")


if __name__ == "__main__":
    main()
