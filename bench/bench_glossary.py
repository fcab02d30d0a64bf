"""Benchmark: gloss coverage of the built-in glossary on Korean news text not in the corpus.

Analyses ``bench/data/unseen_news.txt`` (Korean news-style paragraphs written for this
benchmark) with korpus's own annotation and counts the content-word tokens (nouns,
verbs, adjectives, adverbs, roots; proper nouns excluded) that get a gloss from the
built-in glossary alone (no user glossary, no dictionary).  Also prints the shipped
corpus's figure for comparison.  Target (issue #5): >= 85 % on unseen text.

    python bench/bench_glossary.py [FILE...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from korpus.annotate import annotate_korean
from korpus.glossary import Glossary
from korpus.kiwi import get_kiwi
from korpus.model import Block, Document
from korpus.tags import ENTRY_POS
from korpus.vocab import is_entry_lemma

ROOT = Path(__file__).resolve().parents[1]


def coverage(paragraphs: list[str], glossary: Glossary) -> tuple[int, int, list[str]]:
    doc = Document("bench-ko", "ko", "bench", tuple(Block("paragraph", p) for p in paragraphs), "bench")
    glossed = total = 0
    missing = []
    for sentence in next(annotate_korean([doc], get_kiwi())).sentences:
        for word in sentence.words:
            for lex in word.lexemes:
                if not is_entry_lemma(lex.lemma, lex.tag) or ENTRY_POS[lex.tag] == "proper noun":
                    continue
                total += 1
                if glossary.gloss_text(lex.lemma, lex.tag):
                    glossed += 1
                else:
                    missing.append(f"{lex.lemma}/{lex.tag}")
    return glossed, total, missing


def main() -> None:
    files = [Path(f) for f in sys.argv[1:]] or sorted((ROOT / "bench" / "data").glob("unseen_news*.txt"))
    glossary = Glossary()  # built-in only
    for path in files:
        paragraphs = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
        glossed, total, missing = coverage(paragraphs, glossary)
        print(f"{path.name}: {glossed}/{total} content-word tokens glossed = {glossed / total:.1%} (target >= 85%)")
        if missing:
            print("  without gloss:", ", ".join(sorted(set(missing))))


if __name__ == "__main__":
    main()
