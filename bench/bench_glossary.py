"""Benchmark: gloss coverage of the built-in glossary on held-out Korean text (issue #13).

The held-out set, ``bench/data/heldout/*.txt``, is Korean text of several kinds that no glossary
author has seen (statutes and bills from KoNLPy's wheel, a Debian translation, prose written for the
purpose; ``bench/data/heldout/SOURCES.md``).  Each file is analysed with korpus's own annotation (real
Kiwi) and its content-word tokens (nouns, verbs, adjectives, adverbs, roots; proper nouns excluded)
are looked up in the built-in glossary alone: no user glossary, no installed dictionary.

Printed per kind and overall: tokens, the glossed share, the share glossed by each gloss source
(``built-in`` today; a new source such as ``composed`` gets its own column without a change here)
and the most frequent unglossed lemmas.  ``bench/data/unseen_news*.txt`` is reported apart as the
authors' sample: the glossary's authors wrote it, so it overstates coverage.  The shipped corpus's
figure is printed for comparison.  Targets: >= 95 % glossed on every kind, >= 97 % overall.

    python bench/bench_glossary.py [--json] [--top N] [--corpus PATH]

``--json`` prints the same figures as JSON (``tests/test_glossary_floor.py`` reads it);
``--corpus`` names the corpus whose figure is printed for comparison (default: ``corpus/``).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from korpus.annotate import annotate_korean
from korpus.build import load_annotation
from korpus.corpus import Corpus
from korpus.glossary import Glossary
from korpus.kiwi import get_kiwi
from korpus.model import AnnotatedDocument, Block, Document
from korpus.tags import ENTRY_POS
from korpus.vocab import is_entry_lemma

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "bench" / "data" / "heldout"
AUTHORS_SAMPLE = sorted((ROOT / "bench" / "data").glob("unseen_news*.txt"))
SHIPPED_CORPUS = ROOT / "corpus"
KIND_TARGET, OVERALL_TARGET = 95.0, 97.0


@dataclass
class Tally:
    """Content-word tokens of some text, those glossed counted by gloss source."""

    tokens: int = 0
    by_source: Counter = field(default_factory=Counter)
    unglossed: Counter = field(default_factory=Counter)

    @property
    def glossed(self) -> int:
        return sum(self.by_source.values())

    def share(self, count: int) -> float:
        return 100.0 * count / self.tokens if self.tokens else 0.0

    def add(self, other: "Tally") -> None:
        self.tokens += other.tokens
        self.by_source.update(other.by_source)
        self.unglossed.update(other.unglossed)

    def figures(self) -> dict:
        return {"tokens": self.tokens, "glossed": self.glossed, "share": round(self.share(self.glossed), 2),
                "by_source": {source: round(self.share(n), 2) for source, n in sorted(self.by_source.items())}}


def read_heldout_file(path: Path) -> tuple[str, list[str]]:
    """(kind, paragraphs) of a held-out file: ``#`` lines are comments, ``# kind: X`` names the kind
    (default: the file name up to the first ``_``), every other non-blank line is a paragraph."""
    kind, paragraphs = path.stem.split("_")[0], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            if line[1:].strip().startswith("kind:"):
                kind = line.split(":", 1)[1].strip()
        elif line.strip():
            paragraphs.append(line.strip())
    return kind, paragraphs


def tally_annotation(annotated: AnnotatedDocument, glossary: Glossary) -> Tally:
    """Count the content-word tokens of an annotated document and the glosses they get."""
    tally = Tally()
    for sentence in annotated.sentences:
        for word in sentence.words:
            for lex in word.lexemes:
                if not is_entry_lemma(lex.lemma, lex.tag) or ENTRY_POS[lex.tag] == "proper noun":
                    continue
                tally.tokens += 1
                gloss = glossary.lookup(lex.lemma, lex.tag)
                if gloss is None:
                    tally.unglossed[f"{lex.lemma}/{lex.tag}"] += 1
                else:
                    tally.by_source[gloss.source] += 1
    return tally


def tally_paragraphs(paragraphs: list[str], glossary: Glossary) -> Tally:
    """Annotate paragraphs as one Korean document (real Kiwi, korpus's lemmas) and tally them."""
    doc = Document("bench-ko", "ko", "bench", tuple(Block("paragraph", p) for p in paragraphs), "bench")
    return tally_annotation(next(annotate_korean([doc], get_kiwi())), glossary)


def tally_files(paths: list[Path], glossary: Glossary) -> dict[str, Tally]:
    """Tallies by kind of the given text files."""
    kinds: dict[str, Tally] = {}
    for path in paths:
        kind, paragraphs = read_heldout_file(path)
        kinds.setdefault(kind, Tally()).add(tally_paragraphs(paragraphs, glossary))
    return dict(sorted(kinds.items()))


def tally_corpus(root: Path, glossary: Glossary) -> Tally:
    """A built corpus's stored annotations (read only), counted the same way."""
    corpus, tally = Corpus(root), Tally()
    for doc in corpus.documents("ko"):
        tally.add(tally_annotation(load_annotation(corpus, doc), glossary))
    return tally


def measure(top: int = 40, corpus_root: Path = SHIPPED_CORPUS) -> dict:
    """Every figure the benchmark prints, as plain data."""
    glossary = Glossary({}, {})  # built-in only: no user glossary, no dictionary
    kinds = tally_files(sorted(HELDOUT.glob("*.txt")), glossary)
    overall = Tally()
    for tally in kinds.values():
        overall.add(tally)
    authors = Tally()
    for tally in tally_files(AUTHORS_SAMPLE, glossary).values():
        authors.add(tally)
    return {
        "targets": {"kind": KIND_TARGET, "overall": OVERALL_TARGET},
        "kinds": {kind: tally.figures() for kind, tally in kinds.items()},
        "overall": overall.figures(),
        "unglossed_top": overall.unglossed.most_common(top),
        "authors_sample": authors.figures(),
        "shipped_corpus": tally_corpus(corpus_root, glossary).figures(),
    }


def render_table(figures: dict) -> str:
    """The figures as a plain-text table for the terminal and the README."""
    sources = sorted({s for row in [*figures["kinds"].values(), figures["overall"]] for s in row["by_source"]})
    header = f"{'kind':<22}{'tokens':>8}{'glossed':>9}  " + "".join(f"{s:>10}" for s in sources) + "  target"

    def row(name: str, data: dict, target: float | None) -> str:
        cells = "".join(f"{data['by_source'].get(s, 0.0):>9.1f}%" for s in sources)
        mark = "" if target is None else f"  >= {target:.0f}% " + ("ok" if data["share"] >= target else "MISSED")
        return f"{name:<22}{data['tokens']:>8}{data['share']:>8.1f}%  {cells}{mark}"

    lines = ["Built-in glossary coverage of content-word tokens (proper nouns excluded)", "", header]
    lines += [row(kind, data, KIND_TARGET) for kind, data in figures["kinds"].items()]
    lines.append(row("held-out overall", figures["overall"], OVERALL_TARGET))
    lines += ["", "For comparison (not held out):",
              row("authors' sample", figures["authors_sample"], None)
              + "   unseen_news*.txt, written by the glossary's authors",
              row("shipped corpus", figures["shipped_corpus"], None)]
    lines += ["", f"{len(figures['unglossed_top'])} most frequent unglossed lemmas (held-out overall):"]
    lines += [f"  {count:>4}  {lemma}" for lemma, count in figures["unglossed_top"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--top", type=int, default=40, help="how many unglossed lemmas to list")
    parser.add_argument("--corpus", type=Path, default=SHIPPED_CORPUS,
                        help="the built corpus to compare with (default: corpus/)")
    args = parser.parse_args()
    figures = measure(args.top, args.corpus)
    print(json.dumps(figures, ensure_ascii=False, indent=1) if args.json else render_table(figures))


if __name__ == "__main__":
    main()
