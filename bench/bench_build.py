"""Benchmark: korpus build against raw Kiwi tokenization of the same text, in one run.

Prints characters/second of (a) raw ``kiwi.tokenize`` over every Korean paragraph of
the corpus (sentences + morphemes, the same single multi-threaded call korpus makes)
and (b) ``korpus build --force`` over the same corpus with the same, already loaded
Kiwi (so both figures exclude the one-time model load, which is reported apart),
their ratio, the warm rebuild time (a fresh ``korpus build`` process with nothing to
do) and the peak RSS of a cold ``korpus build --force`` process.

It then times, in the same run and without Kiwi, each piece of korpus's own Python work
over the same corpus (words and lemmas, grammar notes, CoNLL-U, the other languages,
alignment, writing files), and a floor: Kiwi's pass plus the least a CoNLL-U writer can
do (forms and tags of each word, nothing else).  Kiwi's two threads keep both cores busy
for the whole raw time, so each millisecond of that Python work adds about half a
millisecond to the build however it is interleaved with Kiwi's.

    python bench/bench_build.py [--corpus corpus] [--repeat 5]

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

from korpus.align import lexicon_from_glossary
from korpus.annotate import _WORD_CACHE, annotate_korean, annotate_other
from korpus.build import _load_kiwi, align_documents, build
from korpus.conllu_io import render_conllu
from korpus.corpus import Corpus, atomic_write_text
from korpus.glossary import builtin_glossary
from korpus.grammar import explain_words
from korpus.kiwi import KiwiAnalyser, harvest_user_words
from korpus.model import cycle_collector_paused


class _Replayed:
    """Kiwi's analyses of one document, computed beforehand and replayed to
    ``annotate_korean``: it then times korpus's own work on them, without Kiwi."""

    def __init__(self, analyses: list):
        self.analyses = analyses

    def analyse(self, paragraphs):
        return iter(self.analyses)


def minimal_conllu(analyser: KiwiAnalyser, paragraphs) -> str:
    """The least a CoNLL-U writer can do with Kiwi's tokens: one line per word, forms and tags."""
    lines = []
    for sentences in analyser.analyse(paragraphs):
        for tokens in sentences:
            last, forms, tags, number = None, [], [], 0
            for token in tokens:
                if token.word_position != last and forms:
                    number += 1
                    lines.append(f"{number}\t_\t{'+'.join(forms)}\t_\t{'+'.join(tags)}\t_\t_\t_\t_\t_")
                    forms, tags = [], []
                forms.append(token.form)
                tags.append(token.tag)
                last = token.word_position
            if forms:
                lines.append(f"{number + 1}\t_\t{'+'.join(forms)}\t_\t{'+'.join(tags)}\t_\t_\t_\t_\t_")
            lines.append("")
    return "\n".join(lines)


def python_work(corpus: Corpus, analyser: KiwiAnalyser, work: Path) -> dict[str, float]:
    """Seconds of each piece of korpus's own work over the corpus, Kiwi's tokens given."""
    korean_docs = corpus.documents("ko")
    tokens = [list(analyser.analyse(d.paragraphs)) for d in korean_docs]
    seconds: dict[str, float] = {}

    def timed(name, function, *args):
        started = time.perf_counter()
        result = function(*args)
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
        return result

    _WORD_CACHE.clear()
    with cycle_collector_paused():  # as during a build
        annotated = {doc.id: timed("words, lemmas, grammar", _annotate_one, doc, _Replayed(analysis))
                     for doc, analysis in zip(korean_docs, tokens)}
        for doc in annotated.values():
            for sentence in doc.sentences:
                timed("  of which grammar notes", explain_words, [w.morphemes for w in sentence.words])
        for doc in corpus.documents():
            if doc.lang != "ko":
                annotated[doc.id] = timed("English, French, Indonesian", annotate_other, doc)
        lexicon_from_glossary(builtin_glossary())  # loaded once per process, as in a build
        for doc in korean_docs:
            partner = corpus.english_version(doc)
            if partner is not None:
                timed("alignment", align_documents, annotated[doc.id], annotated[partner.id])
        gloss, cache = None, {}  # glosses are joined when read, never stored
        rendered = {doc_id: timed("CoNLL-U", render_conllu, doc, "key", None, gloss, cache)
                    for doc_id, doc in annotated.items()}
        for doc_id, text in rendered.items():
            timed("writing files", atomic_write_text, work / f"{doc_id}.conllu", text)
    return seconds


def _annotate_one(doc, analyser):
    return next(annotate_korean([doc], analyser))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "corpus"
        shutil.copytree(args.corpus, work)
        corpus = Corpus(work)
        korean = [p for d in corpus.documents("ko") for p in d.paragraphs]
        chars = sum(len(p) for p in korean)
        started = time.perf_counter()
        analyser = _load_kiwi(corpus, harvest_user_words(korean))  # as korpus build loads it
        list(analyser.analyse(korean[:1]))
        load_seconds = time.perf_counter() - started
        raw, stage, ours, floor, raw_cpu, ours_cpu = [], [], [], [], [], []
        korean_docs = corpus.documents("ko")
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            list(analyser.analyse(korean))
            raw.append(time.perf_counter() - started)
            raw_cpu.append(time.process_time() - cpu)
            _WORD_CACHE.clear()  # as in a fresh process
            started = time.perf_counter()
            with cycle_collector_paused():  # as during a build
                list(annotate_korean(korean_docs, analyser))
            stage.append(time.perf_counter() - started)
            _WORD_CACHE.clear()
            started, cpu = time.perf_counter(), time.process_time()
            build(Corpus(work), force=True, kiwi=analyser)
            ours.append(time.perf_counter() - started)
            ours_cpu.append(time.process_time() - cpu)
            started = time.perf_counter()
            minimal_conllu(analyser, korean)
            floor.append(time.perf_counter() - started)
        raw_t, stage_t, ours_t = statistics.median(raw), statistics.median(stage), statistics.median(ours)
        print(f"Korean text: {len(korean)} paragraphs, {chars} characters; Kiwi load {load_seconds:.2f} s (once)")
        print(f"raw kiwi.tokenize        {chars / raw_t:>10,.0f} chars/s  ({raw_t * 1000:.0f} ms)")
        print(f"annotation stage         {chars / stage_t:>10,.0f} chars/s  ({stage_t * 1000:.0f} ms: Kiwi + words, "
              f"lemmas, grammar notes)  ratio {raw_t / stage_t:.2f}x")
        print(f"korpus build --force     {chars / ours_t:>10,.0f} chars/s  ({ours_t * 1000:.0f} ms, all 16 documents:"
              " + glossary, alignment, English/French/Indonesian, CoNLL-U)")
        print(f"ratio build/raw          {raw_t / ours_t:>10.2f}x   (target >= 0.80)")
        print(f"CPU time (all threads)   raw {statistics.median(raw_cpu) * 1000:.0f} ms, "
              f"build {statistics.median(ours_cpu) * 1000:.0f} ms")
        floor_t = statistics.median(floor)
        print(f"floor: Kiwi + a minimal CoNLL-U writer (forms and tags only) {raw_t / floor_t:.2f}x raw")
        scratch = Path(tmp) / "scratch"
        scratch.mkdir()
        runs = [python_work(corpus, analyser, scratch) for _ in range(args.repeat)]
        print("korpus's own Python work, without Kiwi (median ms):")
        total = 0.0
        for name in runs[0]:
            value = statistics.median(r[name] for r in runs) * 1000
            total += 0 if name.startswith("  ") else value
            print(f"  {name:<28}{value:>7.1f}")
        print(f"  {'total':<28}{total:>7.1f}   (vs raw Kiwi {raw_t * 1000:.0f} ms on both cores)")
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
