"""Finding the corpus (``korpus init``, ``--corpus``, ``KORPUS_CORPUS``), ``korpus remove`` and
``korpus edit``: run as a learner runs them, with the real CLI on real folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from korpus.cli import cli

NO_CORPUS = "Error: no corpus here (looked for ./corpus); run `korpus init` or pass --corpus"


@pytest.fixture
def empty_cwd(tmp_path: Path, monkeypatch) -> Path:
    """A working folder outside any project: no ./corpus."""
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


def _article(folder: Path) -> Path:
    path = folder / "article.txt"
    path.write_text("반도체 수출이 늘었다\n\n반도체 수출이 지난달 크게 늘었다. 업계는 하반기에도 증가세가 이어질 것으로 본다.\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [("list",), ("build",), ("deck",), ("vocab",), ("reader",), ("pair",),
                                  ("show", "x"), ("export",), ("add", "article.txt")])
def test_outside_a_project_every_command_says_there_is_no_corpus(runner, empty_cwd, args):
    _article(empty_cwd)
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == NO_CORPUS
    assert sorted(p.name for p in empty_cwd.iterdir()) == ["article.txt"]  # nothing written: no deck, no site


def test_init_makes_an_empty_corpus_that_add_and_list_then_use(runner, empty_cwd):
    _article(empty_cwd)
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "created an empty corpus in corpus; add articles with `korpus add FILE`" in result.output
    assert runner.invoke(cli, ["list", "--json"]).output.strip() == "[]"
    added = runner.invoke(cli, ["add", "article.txt"])
    assert added.exit_code == 0, added.output
    assert [p.relative_to(empty_cwd).as_posix() for p in (empty_cwd / "corpus").glob("*/*.md")] == [
        "corpus/bandoce-suculi-neuleossda/ko.md"]


def test_init_a_path_and_again_changes_nothing(runner, empty_cwd):
    result = runner.invoke(cli, ["init", "mine/korean"])
    assert result.exit_code == 0, result.output
    assert "add articles with `korpus --corpus mine/korean add FILE`" in result.output
    assert (empty_cwd / "mine" / "korean").is_dir()
    again = runner.invoke(cli, ["init", "mine/korean"])
    assert again.exit_code == 0
    assert "mine/korean already exists (0 documents); nothing changed" in again.output


def test_init_refuses_a_file(runner, empty_cwd):
    (empty_cwd / "notes").write_text("x")
    result = runner.invoke(cli, ["init", "notes"])
    assert result.exit_code == 1
    assert result.output == "Error: notes: is a file; give `korpus init` a folder path\n"


def test_corpus_option_naming_a_missing_folder(runner, empty_cwd):
    result = runner.invoke(cli, ["--corpus", str(empty_cwd / "nope"), "list"])
    assert result.exit_code == 1
    assert result.output == f"Error: no corpus here (looked for {empty_cwd / 'nope'}); run `korpus init` or pass --corpus\n"


def test_korpus_corpus_variable_points_at_the_default(runner, empty_cwd, corpus_copy, monkeypatch):
    monkeypatch.setenv("KORPUS_CORPUS", str(corpus_copy))
    result = runner.invoke(cli, ["list", "--json"])
    assert result.exit_code == 0, result.output
    assert '"id": "ms-ai-chips-ko"' in result.output
