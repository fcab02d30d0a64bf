"""The benchmark scripts keep working as the code they measure changes (one of them imported a
helper that a refactor had renamed, and nothing noticed until it was run)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

SCRIPTS = sorted((ROOT / "bench").glob("*.py"))


def test_there_are_benchmark_scripts():
    assert {p.name for p in SCRIPTS} >= {"bench_scale.py", "bench_build.py", "bench_glossary.py", "bench_align.py"}


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_a_benchmark_script_imports_what_it_uses(script):
    """Each script loaded as a module (its imports run, its benchmark does not)."""
    code = "import runpy, sys; runpy.run_path(sys.argv[1], run_name='imported')"
    run = subprocess.run([sys.executable, "-c", code, str(script)], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
