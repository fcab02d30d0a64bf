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


# --- korpus remove, korpus edit, and the pairing hint of korpus add ------------------------
def _run(runner, corpus: Path, *args):
    return runner.invoke(cli, ["--corpus", str(corpus), *map(str, args)])


def _english_text_of(runner, corpus: Path, doc_id: str, folder: Path) -> Path:
    """A shipped English article as a plain-text file a learner might bring."""
    path = folder / "microsoft-chips.txt"
    path.write_text(_run(runner, corpus, "show", doc_id).stdout, encoding="utf-8")
    return path


def test_removing_an_english_original_removes_the_korean_alignment(runner, corpus_copy):
    story = corpus_copy / "ms-ai-chips"
    assert {p.name for p in story.iterdir()} == {"ko.md", "ko.conllu", "en.md", "en.conllu", "ko-en.align.tsv"}
    assert _run(runner, corpus_copy, "vocab", "--json").exit_code == 0  # the index now has a row per document
    result = _run(runner, corpus_copy, "remove", "ms-ai-chips-en")
    assert result.exit_code == 0, result.output
    assert result.output == ("removed ms-ai-chips-en (en, 'Microsoft Unveils Its First Custom, In-house Chips'): "
                             "3 files deleted; ms-ai-chips-ko is no longer aligned with it\n")
    assert {p.name for p in story.iterdir()} == {"ko.md", "ko.conllu"}
    import sqlite3

    rows = sqlite3.connect(corpus_copy / ".korpus" / "index.sqlite3").execute(
        "SELECT doc_id FROM summaries").fetchall()
    assert ("ms-ai-chips-en",) not in rows and ("ms-ai-chips-ko",) in rows
    assert _run(runner, corpus_copy, "show", "ms-ai-chips-ko", "--json").exit_code == 0


def test_removing_the_last_version_removes_the_story_folder(runner, corpus_copy):
    result = _run(runner, corpus_copy, "remove", "kakao-capex-ko")
    assert result.exit_code == 0, result.output
    assert not (corpus_copy / "kakao-capex").exists()
    assert "kakao-capex-ko" not in _run(runner, corpus_copy, "list", "--json").stdout


def test_remove_and_edit_refuse_an_unknown_id_and_change_nothing(runner, corpus_copy):
    from .conftest import snapshot

    before = snapshot(corpus_copy)
    for args in (("remove", "nope"), ("edit", "nope", "--title", "x")):
        result = _run(runner, corpus_copy, *args)
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: no document with id 'nope' in {corpus_copy}; `korpus list` shows the ids")
    assert snapshot(corpus_copy) == before


@pytest.mark.parametrize("args, message", [
    (("--date", "2024-02-30"), "--date 2024-02-30 is not a calendar date; give a real day as YYYY-MM-DD"),
    (("--title", "  "), "--title is blank; give the article's title, or leave --title out"),
    (("--title", "제\x1b[2J목"), "--title holds a control character"),
    (("--url", "https://example.com/a b"), "--url 'https://example.com/a b' holds a space or control character"),
    (("--pair-with", "ms-ai-chips-ko"), "ms-ai-chips-en and ms-ai-chips-ko are already versions of one story"),
    (("--pair-with", "ms-ai-chips-en"), "--pair-with ms-ai-chips-en: a document cannot be paired with itself"),
    (("--pair-with", "chatgpt-classroom-ko"), "story 'chatgpt-classroom' of chatgpt-classroom-ko already has a "
                                              "version in English (chatgpt-classroom-en); remove it first"),
    (("--title", "좋은 제목", "--date", "18.03.2024"), "--date must be YYYY-MM-DD, got '18.03.2024'"),
])
def test_edit_refuses_bad_values_and_changes_nothing(runner, corpus_copy, args, message):
    from .conftest import snapshot

    before = snapshot(corpus_copy)
    result = _run(runner, corpus_copy, "edit", "ms-ai-chips-en", *args)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}"), result.output
    assert len(result.output.splitlines()) == 1
    assert snapshot(corpus_copy) == before


def test_edit_title_date_and_url(runner, corpus_copy):
    result = _run(runner, corpus_copy, "edit", "kakao-capex-ko", "--title", " 카카오  투자 ", "--date", "2024-03-18",
                  "--url", "https://example.com/kakao", "--json")
    assert result.exit_code == 0, result.output
    text = (corpus_copy / "kakao-capex" / "ko.md").read_text(encoding="utf-8")
    assert "title: 카카오 투자\n" in text and "date: '2024-03-18'\n" in text and "url: https://example.com/kakao\n" in text
    assert (corpus_copy / "kakao-capex" / "ko.conllu").exists()  # the annotation does not depend on the title


def test_add_suggests_the_pairing_and_edit_applies_it(runner, corpus_copy, tmp_path):
    english = _english_text_of(runner, corpus_copy, "ms-ai-chips-en", tmp_path)
    assert _run(runner, corpus_copy, "remove", "ms-ai-chips-en").exit_code == 0
    added = _run(runner, corpus_copy, "add", english)
    assert added.exit_code == 0, added.output
    new_id = "microsoft-unveils-its-first-custom-in-house-en"
    assert added.stderr.splitlines()[-1].startswith(f"{new_id} tells the same story as ms-ai-chips-ko (score ")
    assert added.stderr.splitlines()[-1].endswith(
        f"pair them with `korpus edit {new_id} --pair-with ms-ai-chips-ko` or `korpus pair --apply`")
    edited = _run(runner, corpus_copy, "edit", new_id, "--pair-with", "ms-ai-chips-ko")
    assert edited.exit_code == 0, edited.output
    assert edited.output == (f"edited {new_id}; now in story 'ms-ai-chips' with ms-ai-chips-ko: "
                             "run `korpus build` to align\n")
    assert not list(corpus_copy.glob("microsoft-*"))
    assert (corpus_copy / "ms-ai-chips" / "en.md").exists()
    built = _run(runner, corpus_copy, "build")
    assert built.exit_code == 0, built.output
    assert (corpus_copy / "ms-ai-chips" / "ko-en.align.tsv").exists()


def test_add_says_nothing_of_pairing_when_no_story_matches(runner, corpus_copy, tmp_path):
    path = tmp_path / "cats.txt"
    path.write_text("Cats sleep a lot\n\nA cat sleeps for most of the day and hunts at dawn.\n", encoding="utf-8")
    added = _run(runner, corpus_copy, "add", path)
    assert added.exit_code == 0, added.output
    assert len(added.stderr.splitlines()) == 1


def test_pairing_away_an_english_version_removes_the_alignment_it_leaves(runner, corpus_copy):
    old = corpus_copy / "chatgpt-classroom"
    assert (old / "ko-en.align.tsv").exists()
    result = _run(runner, corpus_copy, "edit", "chatgpt-classroom-en", "--pair-with", "kakao-capex-ko")
    assert result.exit_code == 0, result.output
    assert {p.name for p in old.iterdir()} == {"ko.md", "ko.conllu"}
    assert {p.name for p in (corpus_copy / "kakao-capex").iterdir()} == {"ko.md", "ko.conllu", "en.md"}
