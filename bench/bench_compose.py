"""Precision and coverage of composed glosses, on words judged by hand (``tests/data/compose/judged.tsv``).

A composed gloss a learner trusts must be right: this recomposes every judged word with the code as it
is and reports, per sample, precision (right + acceptable among the glosses shown) and coverage (glosses
shown among the words), before the precision work (each word's first row) and now.  A word whose gloss
changed to one nobody judged is listed, to be judged and added to the file.

    PYTHONPATH=tools python bench/bench_compose.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from korpus.compose import COMPOSED
from korpus.glossary import Glossary

JUDGED = Path(__file__).resolve().parents[1] / "tests" / "data" / "compose" / "judged.tsv"
GOOD = {"right", "acceptable"}


def read_judged(path: Path) -> dict[tuple[str, str, str], list[tuple[str, str]]]:
    """(sample, lemma, tag) -> [(gloss, judgment)], the gloss before the work first."""
    words: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line or line.startswith("#"):
            continue
        sample, lemma, tag, gloss, judgment = line.split("\t")[:5]
        words[(sample, lemma, tag)].append((gloss, judgment))
    return words


def composed_now(glossary: Glossary, lemma: str, tag: str) -> str:
    found = glossary.lookup(lemma, tag)
    return found.text if found is not None and found.source == COMPOSED else ""


def score(judgments: list[str]) -> str:
    shown = [j for j in judgments if j != "not shown"]
    good = sum(j in GOOD for j in shown)
    right = sum(j == "right" for j in shown)
    precision = good / len(shown) if shown else 0.0
    return (f"precision {precision:6.1%} ({good}/{len(shown)}; right {right}, acceptable {good - right}, "
            f"wrong {len(shown) - good})   coverage {len(shown) / len(judgments):6.1%} "
            f"({len(shown)}/{len(judgments)})")


def main() -> None:
    glossary = Glossary({}, {})
    words = read_judged(JUDGED)
    unjudged = []
    by_sample: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"before": [], "now": []})
    for (sample, lemma, tag), rows in words.items():
        verdicts = dict(rows)
        before = rows[0][0]
        now = composed_now(glossary, lemma, tag)
        by_sample[sample]["before"].append(verdicts[before] if before else "not shown")
        if now and now not in verdicts:
            unjudged.append(f"{sample}\t{lemma}\t{tag}\t{now}")
            continue
        by_sample[sample]["now"].append(verdicts[now] if now else "not shown")
    for sample, scores in by_sample.items():
        print(f"{sample:6} before {score(scores['before'])}")
        print(f"{sample:6} now    {score(scores['now'])}")
    if unjudged:
        print(f"\n{len(unjudged)} changed glosses nobody judged (left out of 'now'):")
        print("\n".join(unjudged))


if __name__ == "__main__":
    main()
