"""The CLI as a whole: every command and option has help and is documented in the README;
the word filters shared by vocab and deck."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import click
import pytest

from korpus.cli import cli
from korpus.corpus import Corpus
from korpus.vocab import collect_entries

from .conftest import ROOT, SHIPPED_CORPUS


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize("path, command", list(_commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_and_is_in_the_readme(runner, path, command):
    assert command.help, f"korpus {' '.join(path)} has no help text"
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"korpus {' '.join(path)}" in readme, f"`korpus {' '.join(path)}` is not in the README"


@pytest.mark.parametrize("path, command", [((), cli), *_commands(cli)],
                         ids=lambda v: " ".join(("korpus",) + v) if isinstance(v, tuple) else "")
def test_every_option_has_help(path, command):
    bare = [option.opts[0] for option in command.params if isinstance(option, click.Option) and not option.help]
    assert not bare, f"korpus {' '.join(path)}: {', '.join(bare)} without help text"


def test_list_json_has_the_documented_fields(runner):
    result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "list", "--json"])
    assert result.exit_code == 0
    docs = json.loads(result.stdout)
    assert len(docs) == 16
    for doc in docs:
        assert {"id", "lang", "title", "source", "paired_with"} <= set(doc)
    chips = next(d for d in docs if d["id"] == "ms-ai-chips-ko")
    assert chips["paired_with"] == ["ms-ai-chips-en"] and chips["lang"] == "ko"


def test_list_table_and_show(runner):
    table = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "list"])
    assert table.exit_code == 0
    assert "ms-ai-chips-ko" in table.output and "paired versions" in table.output
    shown = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "show", "ms-ai-chips-en"])
    assert shown.output.startswith("Microsoft Unveils Its First Custom, In-house Chips")
    assert "## Maia, the AI accelerator" in shown.output


def test_unknown_id_is_a_clear_error(runner):
    result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "show", "nope"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no document with id 'nope'")


def test_malformed_corpus_file_is_reported(runner, corpus_copy):
    (corpus_copy / "ms-ai-chips" / "en.md").write_text("no front matter here\n", encoding="utf-8")
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "list"])
    assert result.exit_code == 1
    assert "en.md: does not start with '---' front matter" in result.output


def test_titles_with_brackets_are_printed_as_written(runner, corpus_copy, tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# [bold]제목[/bold] [/] [해외 DS]\n\n엔비디아가 새로운 인공지능 칩을 공개했다고 밝혔다. "
                       "회사는 성능이 두 배 높다고 설명했다.\n", encoding="utf-8")
    assert runner.invoke(cli, ["--corpus", str(corpus_copy), "add", str(article)]).exit_code == 0
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "list"])
    assert result.exit_code == 0, result.output
    assert "[bold]제목[/bold] [/] [해외 DS]" in result.output


def test_show_gloss_prints_an_interlinear_view(runner):
    result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "show", "ms-ai-chips-ko", "--gloss"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[s1] 마이크로소프트가(MS) 15일(현지 시각)" in out
    assert "Microsoft today unveiled its first two custom" in out  # the aligned English
    line = next(l for l in out.splitlines() if l.startswith("공개했다"))
    assert "공개하다" in line and "verb" in line and "disclose" in line and "past tense" in line
    assert "\x1b[" not in out  # plain text when piped


def _top_lemmas(n):
    """The n most frequent entries `korpus vocab` lists by default (proper nouns left out)."""
    return [e.lemma for e in collect_entries(Corpus(SHIPPED_CORPUS)) if e.pos != "proper noun"][:n]


def _apkg_lemmas(apkg, tmp_path):
    """The first field of every note in the package's own collection, in card order."""
    with zipfile.ZipFile(apkg) as package:
        package.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = db.execute("SELECT flds FROM notes JOIN cards ON cards.nid = notes.id ORDER BY cards.due").fetchall()
    finally:
        db.close()
    return [fields.split("\x1f", 1)[0] for (fields,) in rows]


def test_deck_top_counts_the_words_you_do_not_know_yet(runner, tmp_path):
    top = _top_lemmas(20)
    known = tmp_path / "known.txt"
    known.write_text(f"{top[0]}\n{top[4]}\n", encoding="utf-8")
    out = tmp_path / "deck.apkg"
    result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "deck", "--out", str(out), "--top", "10",
                                 "--known", str(known)])
    assert result.exit_code == 0, result.output
    assert " 10 notes, 10 cards" in result.stderr
    assert _apkg_lemmas(out, tmp_path) == [lemma for lemma in top if lemma not in (top[0], top[4])][:10]


def test_vocab_top_with_known_lists_the_next_words(runner, tmp_path):
    top = _top_lemmas(20)
    known = tmp_path / "known.txt"
    known.write_text(f"{top[1]}\n{top[2]}\n", encoding="utf-8")
    result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "vocab", "--json", "--top", "10",
                                 "--known", str(known)])
    assert result.exit_code == 0, result.output
    assert [row["lemma"] for row in json.loads(result.stdout)] == [l for l in top if l not in (top[1], top[2])][:10]


def test_vocab_csv_has_a_header_and_every_entry(runner):
    as_json = json.loads(runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "vocab", "--json"]).stdout)
    as_csv = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "vocab", "--csv"]).stdout.splitlines()
    assert as_csv[0] == "lemma,pos,gloss,gloss_source,hanja,count,documents,example,example_en"
    assert len(as_csv) == len(as_json) + 1


def test_vocab_known_file_missing_is_one_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "vocab", "--known", str(tmp_path / "none.txt")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'none.txt'}: no such file (--known expects lemma<TAB>status lines, or one lemma per line)\n"
