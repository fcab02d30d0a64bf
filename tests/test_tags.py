"""One home for each piece of tag knowledge: the tables agree, every surface shows a word's part
of speech under the same name, and the package has no import cycle."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest

from korpus.cli import cli

# (lemma, the part of speech a learner must read for it on every surface)
WORDS = [("하지만", "conjunctive adverb"), ("매우", "adverb"), ("공개하다", "verb"), ("크다", "adjective"),
         ("카카오", "proper noun")]


# --------------------------------------------------------------------------- surfaces


def _vocab_names(runner, corpus: Path) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    result = runner.invoke(cli, ["--corpus", str(corpus), "vocab", "--json", "--include-proper-nouns"])
    assert result.exit_code == 0, result.output
    names: dict[str, set[str]] = {}
    documents: dict[str, list[str]] = {}
    for row in json.loads(result.output):
        names.setdefault(row["lemma"], set()).add(row["pos"])
        documents.setdefault(row["lemma"], []).extend(row["documents"])
    return names, documents


def _deck_notes(runner, corpus: Path, out: Path) -> list[tuple[str, list[str], str]]:
    """(guid, fields, tags) of every note of a deck built by ``korpus deck``, read from the .apkg."""
    result = runner.invoke(cli, ["--corpus", str(corpus), "deck", "--include-proper-nouns", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as package:
        package.extract("collection.anki2", out.parent)
    connection = sqlite3.connect(out.parent / "collection.anki2")
    try:
        return [(guid, flds.split("\x1f"), tags) for guid, flds, tags in
                connection.execute("SELECT guid, flds, tags FROM notes")]
    finally:
        connection.close()


def _reader_names(runner, corpus: Path, site: Path) -> dict[str, set[str]]:
    """Each lemma's part-of-speech names in the word data the reader's tooltips show."""
    result = runner.invoke(cli, ["--corpus", str(corpus), "reader", "--out", str(site)])
    assert result.exit_code == 0, result.output
    names: dict[str, set[str]] = {}
    for page in site.glob("*.html"):
        found = re.search(r'<script type="application/json" id="word-data">(.*?)</script>',
                          page.read_text(encoding="utf-8"), re.S)
        if found is None:
            continue
        for word in json.loads(found.group(1))["words"]:
            for lexeme in word["lexemes"]:
                names.setdefault(lexeme["lemma"], set()).add(lexeme["pos"])
    return names


def _show_names(runner, corpus: Path, doc_ids) -> dict[str, set[str]]:
    """Each lemma's part-of-speech names in ``korpus show ID --gloss`` (word, lemma, pos, ... columns)."""
    names: dict[str, set[str]] = {}
    for doc_id in sorted(set(doc_ids)):
        result = runner.invoke(cli, ["--corpus", str(corpus), "show", doc_id, "--gloss"])
        assert result.exit_code == 0, result.output
        for line in result.output.splitlines():
            columns = re.split(r"\s{2,}", line.strip())
            if len(columns) >= 3 and "," not in columns[1]:  # one lemma: the word's pos is its own
                names.setdefault(columns[1], set()).add(columns[2])
    return names


def test_every_surface_names_a_part_of_speech_alike(runner, corpus_copy, tmp_path):
    """하지만 was an "adverb" in ``vocab`` and the deck but a "conjunctive adverb" in the reader
    and ``show --gloss``: a learner must read one name for a word wherever it appears."""
    vocab, documents = _vocab_names(runner, corpus_copy)
    notes = _deck_notes(runner, corpus_copy, tmp_path / "deck" / "korpus.apkg")
    deck: dict[str, set[str]] = {}
    for _guid, fields, _tags in notes:
        deck.setdefault(fields[0], set()).add(fields[1])
    reader = _reader_names(runner, corpus_copy, tmp_path / "site")
    show = _show_names(runner, corpus_copy, [d for lemma, _ in WORDS for d in documents.get(lemma, ())])
    for lemma, name in WORDS:
        surfaces = {"vocab": vocab.get(lemma), "deck": deck.get(lemma), "reader": reader.get(lemma),
                    "show --gloss": show.get(lemma)}
        assert all(name in (names or ()) for names in surfaces.values()), (lemma, surfaces)
        assert len({frozenset(names) for names in surfaces.values()}) == 1, (lemma, surfaces)


def test_deck_guids_and_pos_tags_keep_the_entry_group(runner, corpus_copy, tmp_path):
    """A conjunctive adverb's note keeps the GUID and tag it always had (lemma + "adverb"):
    a new GUID would make Anki add the note again beside the learner's reviewed one."""
    notes = {fields[0]: (guid, fields, tags)
             for guid, fields, tags in _deck_notes(runner, corpus_copy, tmp_path / "korpus.apkg")}
    guid, fields, tags = notes["하지만"]
    assert fields[1] == "conjunctive adverb"
    assert guid == genanki.guid_for("korpus", "하지만", "adverb")
    assert "korpus::pos::adverb" in tags.split()


# --------------------------------------------------------------------------- the tables


def test_tag_tables_agree():
    from korpus import tags

    named = set(tags.LEARNER_POS) | tags.CONTENT_TAGS | tags.PUNCT_TAGS | tags.INFLECTED_TAGS | set(tags.UPOS)
    assert named <= tags.KNOWN_TAGS, named - tags.KNOWN_TAGS
    assert tags.CONTENT_TAGS <= set(tags.LEARNER_POS) and set(tags.ENTRY_POS) <= tags.CONTENT_TAGS
    assert not tags.CONTENT_TAGS & tags.PUNCT_TAGS
    for tag, group in tags.ENTRY_POS.items():  # an entry group is its learner name, but MAJ's
        assert group == tags.LEARNER_POS[tag] or (tag, group) == ("MAJ", "adverb")
    assert tags.POS_CHOICES == ("noun", "verb", "adjective", "adverb", "root", "proper noun")
    # a user's glossary accepts the learner name of every content tag, and reads it back as that tag
    assert {tags.learner_pos(tag): tag for tag in tags.POS_TAGS.values()} == tags.POS_TAGS
    assert set(tags.POS_TAGS.values()) == tags.CONTENT_TAGS
    for tag, family in tags.GLOSS_TAG_FAMILIES.items():
        assert family[0] == tag and set(family) <= tags.CONTENT_TAGS


@pytest.mark.parametrize("tag, name", [
    ("MAJ", "conjunctive adverb"), ("MAG", "adverb"), ("VV", "verb"), ("NNP", "proper noun"),
    ("JKO", "particle"), ("EF", "ending"), ("SF", "punctuation"), ("SL", "foreign word"), ("UN", "other"),
])
def test_learner_pos(tag, name):
    from korpus.tags import learner_pos

    assert learner_pos(tag) == name


# --------------------------------------------------------------------------- imports
