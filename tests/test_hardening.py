"""Damage and interruption: derived files that are deleted, truncated or foreign are rebuilt
exactly; a korpus process killed at any moment leaves nothing that changes the next run."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from korpus.cli import cli

from .conftest import snapshot

KOREAN_ARTICLE = ("삼성전자가 새로운 반도체 공장을 짓는다\n\n"
                  "삼성전자는 20일 경기도 평택에 세 번째 반도체 공장을 짓겠다고 밝혔다. "
                  "회사는 이 공장에서 차세대 메모리를 생산할 계획이다.\n\n"
                  "업계는 인공지능 수요가 늘면서 메모리 시장이 다시 커질 것으로 보고 있다.\n")


@pytest.mark.parametrize("name, how", [
    ("ms-ai-chips/ko-en.align.tsv", "delete"),
    ("chatgpt-classroom/ko-en.align.tsv", "truncate"),
    ("kakao-capex/ko.conllu", "truncate"),
    ("ms-ai-chips/en.conllu", "garbage"),
    ("genz-burnout/ko.conllu", "foreign"),
    ("ms-drops-twitter/fr.conllu", "edited"),
])
def test_build_notices_damaged_derived_files_and_rebuilds_them_exactly(runner, corpus_copy, name, how):
    before = snapshot(corpus_copy)
    path = corpus_copy / name
    if how == "delete":
        path.unlink()
    elif how == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    elif how == "garbage":
        path.write_bytes(os.urandom(3000))
    elif how == "foreign":
        path.write_text("# sent_id = 1\n# text = 안녕\n1\t안녕\t안녕\tINTJ\tIC\t_\t_\t_\t_\t_\n\n", encoding="utf-8")
    elif how == "edited":  # one word changed by hand: the key line still matches, the checksum does not
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Microsoft", "Macrosoft", 1), encoding="utf-8")
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "build"])
    assert result.exit_code == 0, result.output
    assert "15 unchanged" in result.stderr  # only the damaged document's files are made again
    assert snapshot(corpus_copy) == before


def test_list_and_show_never_print_control_sequences(runner, corpus_copy):
    from dataclasses import replace

    from korpus.corpus import Corpus, render_document

    doc = Corpus(corpus_copy).get("ms-ai-chips-en")
    hostile = replace(doc, title="\x1b]0;pwned\x07\x1b[2J Title \x9b31m", blocks=doc.blocks[:1])
    (corpus_copy / "ms-ai-chips" / "en.md").write_text(render_document(hostile), encoding="utf-8")
    for args in (["list"], ["show", "ms-ai-chips-en"], ["list", "--json"]):
        result = runner.invoke(cli, ["--corpus", str(corpus_copy), *args])
        assert result.exit_code == 0, result.output
        assert "Title" in result.output
        assert not any(c in result.output for c in "\x1b\x07\x9b"), (args, result.output)


# --- killed at random moments ---------------------------------------------------------------------
def _korpus(corpus: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "korpus.cli", "--corpus", str(corpus), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _run(corpus: Path, *args: str) -> str:
    proc = _korpus(corpus, *args)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    return out.decode()


def _kill_at_random(corpus: Path, args: tuple[str, ...], seconds: float, rng: random.Random) -> None:
    proc = _korpus(corpus, *args)
    time.sleep(rng.uniform(0.05, seconds))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def _deck_notes(apkg: Path) -> list[tuple]:
    """The notes of an .apkg (guid, fields, tags), without the build's timestamps."""
    with zipfile.ZipFile(apkg) as archive:
        data = archive.read("collection.anki2")
    db_path = apkg.with_suffix(".anki2")
    db_path.write_bytes(data)
    db = sqlite3.connect(db_path)
    try:
        return sorted(db.execute("SELECT guid, flds, tags FROM notes").fetchall())
    finally:
        db.close()


@pytest.mark.slow
def test_killed_add_build_and_deck_leave_nothing_that_changes_the_next_run(tmp_path, corpus_copy):
    """Each command is killed at seeded random moments (bounded count); the next, uninterrupted
    run then gives byte-identical results to a run that was never interrupted."""
    import shutil

    rng = random.Random(20261204)
    article = tmp_path / "samsung.txt"
    article.write_text(KOREAN_ARTICLE, encoding="utf-8")
    reference = tmp_path / "reference"
    shutil.copytree(corpus_copy, reference)
    _run(reference, "add", str(article))
    _run(reference, "build")
    _run(reference, "deck", "--out", str(tmp_path / "reference.apkg"))

    for attempt in range(2):
        _kill_at_random(corpus_copy, ("add", str(article)), 1.5, rng)
    _run(corpus_copy, "add", str(article))
    assert _same_but_derived(corpus_copy, reference)

    (corpus_copy / "kakao-capex" / "ko.conllu").unlink()  # make the forced build's work real
    for attempt in range(2):
        _kill_at_random(corpus_copy, ("build", "--force"), 4.0, rng)
    _run(corpus_copy, "build")
    assert snapshot(corpus_copy) == snapshot(reference)

    out = tmp_path / "decks" / "korpus.apkg"
    for attempt in range(2):
        _kill_at_random(corpus_copy, ("deck", "--out", str(out)), 1.5, rng)
    _run(corpus_copy, "deck", "--out", str(out))
    assert _deck_notes(out) == _deck_notes(tmp_path / "reference.apkg")
    assert [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert snapshot(corpus_copy) == snapshot(reference)


def _same_but_derived(corpus: Path, reference: Path) -> bool:
    """After ``add`` (before ``build``), the sources agree; the new article is not built yet."""
    ours = {k: v for k, v in snapshot(corpus).items() if k.endswith(".md")}
    theirs = {k: v for k, v in snapshot(reference).items() if k.endswith(".md")}
    return ours == theirs


def test_an_interrupted_add_leaves_no_orphan_that_changes_the_retried_id(runner, tmp_path, corpus_copy):
    """A kill between creating the story folder and renaming the article into it leaves the
    folder and a temporary file; the retry must get the id the first attempt would have had."""
    article = tmp_path / "samsung.txt"
    article.write_text(KOREAN_ARTICLE, encoding="utf-8")
    clean = tmp_path / "clean"
    import shutil

    shutil.copytree(corpus_copy, clean)
    expected = runner.invoke(cli, ["--corpus", str(clean), "add", str(article), "--json"])
    story = expected.stdout.split('"id": "')[1].split('"')[0].rsplit("-", 1)[0]
    orphan = corpus_copy / story
    orphan.mkdir()
    (orphan / ".ko.md.x8f3k2.tmp").write_text("half an article", encoding="utf-8")
    (corpus_copy / ".user-words.tsv.a1b2c3.tmp").write_text("half", encoding="utf-8")
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "add", str(article), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == expected.stdout.replace(str(clean), str(corpus_copy))
    assert snapshot(corpus_copy) == snapshot(clean)


def test_a_killed_reader_leaves_nothing_behind_after_the_next_run(runner, tmp_path, corpus_copy):
    site = tmp_path / "site"
    site.mkdir()
    (site / ".ms-ai-chips-ko.html.k3j2h1.tmp").write_text("<html>half a page", encoding="utf-8")
    (site / ".index.html.a8b7c6.tmp").write_text("", encoding="utf-8")
    (site / "notes.txt").write_text("the learner's own file", encoding="utf-8")
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "reader", "--out", str(site)])
    assert result.exit_code == 0, result.output
    assert not [p.name for p in site.iterdir() if p.name.endswith(".tmp")]
    assert (site / "notes.txt").exists() and (site / "index.html").exists()
