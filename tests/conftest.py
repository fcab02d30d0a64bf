"""Shared fixtures: the shipped corpus, a scratch copy of it, and a click runner."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# The shipped corpus as the tests see it: made afresh from seeds/ at the start of the session
# (`korpus import-seeds`, then `korpus build`), never the working corpus/, which is the
# learner's own and may hold articles they added.
SHIPPED_CORPUS = Path(tempfile.mkdtemp(prefix="korpus-tests-")) / "corpus"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden files under tests/data/golden from the current output.")


@pytest.fixture(scope="session", autouse=True)
def hermetic_session(tmp_path_factory):
    """The same isolation for module- and session-scoped fixtures, which are set up before
    any test's own fixtures."""
    base = tmp_path_factory.mktemp("hermetic-session")
    (base / "tmp").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KORPUS_HOME", str(base / "home"))
        patch.setenv("TMPDIR", str(base / "tmp"))
        patch.delenv("KORPUS_CORPUS", raising=False)
        patch.setattr(tempfile, "tempdir", None)
        yield base


@pytest.fixture(scope="session", autouse=True)
def shipped_corpus(hermetic_session) -> Path:
    """Builds ``SHIPPED_CORPUS`` from seeds/ once per session (Kiwi is loaded here, once)."""
    from korpus.build import build
    from korpus.corpus import Corpus
    from korpus.seeds import import_seeds

    corpus = Corpus(SHIPPED_CORPUS)
    import_seeds(corpus, SEEDS)
    build(corpus)
    yield SHIPPED_CORPUS
    shutil.rmtree(SHIPPED_CORPUS.parent, ignore_errors=True)


@pytest.fixture(autouse=True)
def hermetic(tmp_path_factory, monkeypatch):
    """Every test runs with its own KORPUS_HOME (the dictionary store) and TMPDIR, so the
    developer's installed dictionaries, or temp files left by an earlier run, never change
    a result, and a test never writes outside pytest's own folders."""
    base = tmp_path_factory.mktemp("hermetic")
    (base / "tmp").mkdir()
    monkeypatch.setenv("KORPUS_HOME", str(base / "home"))
    monkeypatch.setenv("TMPDIR", str(base / "tmp"))
    monkeypatch.delenv("KORPUS_CORPUS", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    yield base
    tempfile.tempdir = None


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped corpus (source documents and derived files)."""
    target = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, target, ignore=shutil.ignore_patterns(".lock"))
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove a command changed nothing (the
    disposable index in ``.korpus/`` aside)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock" and ".korpus" not in p.relative_to(folder).parts}
