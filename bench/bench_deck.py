"""Benchmark: `korpus deck` on a 20,000-note vocabulary, against raw genanki in the same run.

Prints notes/second of korpus's deck writer (escaping, highlighting, tags, fixed note
types, atomic write) and of a bare genanki baseline writing the same number of notes
with the same fields, and their ratio; then the wall time of `korpus deck` on the
shipped corpus (warm annotations, a fresh process; target < 2 s, and Kiwi not loaded).

    python bench/bench_deck.py [--notes 20000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import genanki

from korpus.corpus import Corpus
from korpus.deck import VOCAB_MODEL, DeckOptions, write_deck
from korpus.vocab import VocabEntry

ROOT = Path(__file__).resolve().parents[1]


def synthetic_entries(n: int) -> list[VocabEntry]:
    syllables = "가나다라마바사아자차카타파하"
    entries = []
    for i in range(n):
        lemma = "".join(syllables[(i // 14 ** k) % 14] for k in range(4)) + "다"
        entries.append(VocabEntry(lemma, "verb", "VV", count=n - i, documents={"doc-ko": n - i},
                                  first=("doc-ko", "s1"), example=f"회사는 새 제품을 {lemma}고 밝혔다.",
                                  example_word=lemma[:-1], example_en="The company said it would do it.",
                                  gloss=f"to do thing number {i}", gloss_source="built-in",
                                  first_position=(0, i, 0)))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20000)
    args = parser.parse_args()
    entries = synthetic_entries(args.notes)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        deck = genanki.Deck(1, "baseline")
        for rank, e in enumerate(entries):
            deck.add_note(genanki.Note(model=VOCAB_MODEL, fields=[e.lemma, e.pos, e.gloss, "", "", e.example,
                                                                  e.example_en, "", str(e.count), "", ""],
                                       guid=genanki.guid_for(e.lemma, e.pos), due=rank))
        genanki.Package(deck).write_to_file(str(Path(tmp) / "baseline.apkg"))
        baseline = time.perf_counter() - started
        corpus = Corpus(ROOT / "corpus")
        started = time.perf_counter()
        report = write_deck(corpus, entries, DeckOptions(out=Path(tmp) / "korpus.apkg"))
        ours = time.perf_counter() - started
        size = (Path(tmp) / "korpus.apkg").stat().st_size / 1e6
    print(f"{args.notes} notes")
    print(f"bare genanki        {args.notes / baseline:>10,.0f} notes/s ({baseline:.2f} s)")
    print(f"korpus build_deck   {args.notes / ours:>10,.0f} notes/s ({ours:.2f} s, {report.notes} notes, {size:.1f} MB)")
    print(f"ratio korpus/bare   {baseline / ours:>10.2f}x")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-c",
               "import sys; from korpus.cli import main; sys.argv = ['korpus', '--corpus', sys.argv[1], 'deck', "
               "'--out', sys.argv[2]]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
               "assert 'kiwipiepy' not in sys.modules, 'Kiwi was loaded'",
               str(ROOT / "corpus"), str(Path(tmp) / "deck.apkg")]
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        wall = time.perf_counter() - started
    print(f"korpus deck on the shipped corpus (fresh process, Kiwi not loaded): {wall:.2f} s (target < 2 s)")


if __name__ == "__main__":
    main()
