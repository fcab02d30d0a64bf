"""Floor gate: gloss coverage on the held-out set may not fall (issue #13, "Measuring").

Like trafilatura's evaluation, the benchmark's figures on a fixed data set are kept as minimum
scores.  ``bench/bench_glossary.py --json`` analyses ``bench/data/heldout/`` with real Kiwi and the
built-in glossary alone; every kind's glossed share and the overall share must stay at or above the
floors below, which are the shares measured when they were set, rounded DOWN to one decimal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench" / "bench_glossary.py"

# Floors may only be raised, never lowered: when the glossary grows, re-run the benchmark and raise
# them to the new figures (rounded down).  A change that makes a share fall below its floor is a
# regression to fix, not a floor to move.  Measured 2026-12-04 (the kiwi-ranked-* glossary files added;
# law and software 0.1 lower once the composer stopped
# showing glosses that pick a homonym, a precision fix: tests/test_compose.py's judged sample).
OVERALL_FLOOR = 98.2
KIND_FLOORS = {
    "bills": 98.8,
    "encyclopedia": 98.8,
    "essay-economics": 99.2,
    "essay-geography": 100.0,
    "essay-history": 99.4,
    "essay-philosophy": 99.4,
    "essay-science": 99.2,
    "law": 98.1,
    "news": 99.5,
    "reviews": 98.7,
    "software": 97.6,
    "travel-diary": 99.4,
}
# the issue asks for at least this many content-word tokens of held-out text
MIN_TOKENS = 20_000


@pytest.fixture(scope="module")
def figures(shipped_corpus) -> dict:
    """The benchmark's figures, run as a user runs it (its own process, this worktree's korpus)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tools"), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, str(BENCH), "--json", "--top", "0", "--corpus", str(shipped_corpus)],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_overall_share_is_at_least_its_floor(figures):
    assert figures["overall"]["share"] >= OVERALL_FLOOR, figures["overall"]


@pytest.mark.parametrize("kind", sorted(KIND_FLOORS))
def test_kind_share_is_at_least_its_floor(figures, kind):
    assert figures["kinds"][kind]["share"] >= KIND_FLOORS[kind], figures["kinds"][kind]


def test_every_kind_has_a_floor(figures):
    """A kind added to the held-out set gets its floor here too; none disappears unnoticed."""
    assert sorted(figures["kinds"]) == sorted(KIND_FLOORS)


def test_held_out_set_is_large_enough(figures):
    assert figures["overall"]["tokens"] >= MIN_TOKENS
