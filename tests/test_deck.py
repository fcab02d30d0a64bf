"""Anki decks, checked with the real Anki library: counts, fields, updates in place, safety."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import genanki
import pytest

anki_collection = pytest.importorskip("anki.collection")
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as UC  # noqa: E402

from korpus.cli import cli  # noqa: E402
from korpus.corpus import Corpus  # noqa: E402
from korpus.deck import ROOT_DECK_ID, VOCAB_FIELDS, VOCAB_MODEL, escape, note_guid  # noqa: E402
from korpus.vocab import collect_entries  # noqa: E402

from .conftest import SHIPPED_CORPUS  # noqa: E402


class NoteMap(dict):
    """Notes by first field (the lemma); ``len`` is the collection's real note count."""

    def __init__(self, notes, total):
        super().__init__(notes)
        self.total = total

    def __len__(self):
        return self.total


def import_apkg(collection_path, apkg):
    col = Collection(str(collection_path))
    try:
        request = ImportAnkiPackageRequest(
            package_path=str(apkg),
            options=ImportAnkiPackageOptions(
                merge_notetypes=True,
                update_notes=UC.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
                update_notetypes=UC.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER))
        log = col.import_anki_package(request).log
        notes = {}
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            notes.setdefault(note.fields[0], note)
        cards = col.card_count()
        notes_total = col.note_count()
        assert notes_total >= len(notes)
        notes = NoteMap(notes, notes_total)
        rendered = {}
        for card_id in col.find_cards(""):
            card = col.get_card(card_id)
            rendered[card_id] = (card.question(), card.answer())
        return log, notes, cards, rendered
    finally:
        col.close()


def write_file(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


class CardMarkup(HTMLParser):
    """The elements and event-handler attributes a browser would build from a card's HTML."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.handlers: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.handlers |= {name for name, _ in attrs if name.startswith("on")}

    @classmethod
    def of(cls, rendered: str) -> "CardMarkup":
        parser = cls()
        parser.feed(rendered)
        parser.close()
        return parser


def visible_text(field: str) -> str:
    """What the learner reads: the field without its tags, character references resolved."""
    return html.unescape(re.sub(r"<[^>]*>", "", field))


def deck(runner, corpus, out, *args):
    result = runner.invoke(cli, ["--corpus", str(corpus), "deck", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result


def test_deck_imports_into_real_anki(runner, tmp_path):
    out = tmp_path / "korpus.apkg"
    result = deck(runner, SHIPPED_CORPUS, out)
    entries = [e for e in collect_entries(Corpus(SHIPPED_CORPUS)) if e.pos != "proper noun" and e.gloss]
    assert f"wrote {out}: {len(entries)} notes, {len(entries)} cards" in result.stderr
    log, notes, cards, rendered = import_apkg(tmp_path / "collection.anki2", out)
    assert len(log.new) == len(entries) and not log.updated and not log.duplicate
    assert len(notes) == len(entries) and cards == len(entries)
    note = notes["가속기"]
    fields = dict(zip(VOCAB_FIELDS, note.fields))
    assert fields["PartOfSpeech"] == "noun" and "accelerator" in fields["Gloss"]
    assert '<b class="target">가속기' in fields["Example"]
    assert fields["Example"].startswith(escape(fields["Example"].replace('<b class="target">', "")
                                              .replace("</b>", "")).split("<")[0][:5])
    assert "korpus::pos::noun" in note.tags and "korpus::article::ms-ai-chips-ko" in note.tags
    assert note.guid == note_guid("가속기", "noun")
    verb = dict(zip(VOCAB_FIELDS, notes["공개하다"].fields))
    assert verb["PartOfSpeech"] == "verb" and verb["Gloss"].startswith("to ")
    question, answer = next(iter(rendered.values()))
    assert 'class="lemma"' in question and 'class="gloss"' in answer


def test_rebuild_after_gloss_change_updates_in_place(runner, corpus_copy, tmp_path):
    out = tmp_path / "korpus.apkg"
    collection = tmp_path / "collection.anki2"
    deck(runner, corpus_copy, out, "--article", "ms-ai-chips-ko")
    first_log, first_notes, first_cards, _ = import_apkg(collection, out)
    (corpus_copy / "glossary.tsv").write_text("가속기\tnoun\tAI accelerator (chip)\n", encoding="utf-8")
    deck(runner, corpus_copy, out, "--article", "ms-ai-chips-ko")
    log, notes, cards, _ = import_apkg(collection, out)
    assert len(notes) == len(first_notes) and cards == first_cards
    assert not log.new and len(log.updated) >= 1
    assert dict(zip(VOCAB_FIELDS, notes["가속기"].fields))["Gloss"] == "AI accelerator (chip)"
    assert notes["가속기"].id == first_notes["가속기"].id


def test_article_html_and_template_syntax_are_inert(runner, corpus_copy, tmp_path):
    article = tmp_path / "evil.txt"
    article.write_text(
        "해커가 만든 위험한 기사\n\n"
        "해커는 <script>alert('card')</script> 코드를 기사에 넣었다. 그는 {{c1::비밀}} 문법도 넣었다.\n\n"
        "보안 전문가들은 이런 공격을 막아야 한다고 강조했다. <img src=x onerror=alert(1)> 태그도 있었다.\n",
        encoding="utf-8")
    added = runner.invoke(cli, ["--corpus", str(corpus_copy), "add", str(article), "--json"])
    doc_id = json.loads(added.stdout)[0]["id"]
    assert runner.invoke(cli, ["--corpus", str(corpus_copy), "build"]).exit_code == 0
    out = tmp_path / "evil.apkg"
    deck(runner, corpus_copy, out, "--article", doc_id)
    _, notes, _, rendered = import_apkg(tmp_path / "collection.anki2", out)
    assert notes
    for note in notes.values():
        for value in note.fields:
            assert "<script" not in value and "<img" not in value and "{{" not in value
    for question, answer in rendered.values():
        for side in (question, answer):
            markup = CardMarkup.of(side)
            assert not markup.tags & {"script", "img"} and not markup.handlers, side
            assert "{{" not in side
    examples = [visible_text(dict(zip(VOCAB_FIELDS, note.fields))["Example"]) for note in notes.values()]
    assert "해커는 <script>alert('card')</script> 코드를 기사에 넣었다." in examples
    assert "그는 {{c1::비밀}} 문법도 넣었다." in examples


def test_known_anki_collection_words_are_skipped_and_collection_untouched(runner, tmp_path):
    known = tmp_path / "known.anki2"
    col = Collection(str(known))
    try:
        model = col.models.by_name("Basic")
        for word in ("가속기", "칩"):
            note = col.new_note(model)
            note.fields[0] = f"<b>{word}</b>"
            note.fields[1] = "known"
            col.add_note(note, col.decks.id("Default"))
            for card in note.cards():  # studied to a mature interval: known (see test_study.py)
                card.type, card.queue, card.ivl = 2, 2, 30
                col.update_card(card)
    finally:
        col.close()
    before = hashlib.sha256(known.read_bytes()).hexdigest()
    out = tmp_path / "deck.apkg"
    result = deck(runner, SHIPPED_CORPUS, out, "--article", "ms-ai-chips-ko", "--known-anki", str(known))
    assert "2 known words skipped" in result.stderr
    _, notes, _, _ = import_apkg(tmp_path / "fresh.anki2", out)
    studied = {e.lemma for e in collect_entries(Corpus(SHIPPED_CORPUS), ["ms-ai-chips-ko"]) if e.pos != "proper noun"}
    assert {"가속기", "칩", "설계하다"} <= studied
    assert set(notes.keys()) == studied - {"가속기", "칩"}
    assert hashlib.sha256(known.read_bytes()).hexdigest() == before


def test_known_file_production_per_article_and_order(runner, tmp_path):
    known = tmp_path / "known.txt"
    known.write_text("# words I know\n가속기\n칩\n", encoding="utf-8")
    out = tmp_path / "deck.apkg"
    result = deck(runner, SHIPPED_CORPUS, out, "--article", "ms-ai-chips-ko", "--article", "chatgpt-classroom-ko",
                  "--known", str(known), "--production", "--per-article", "--order", "article")
    assert "2 known words skipped" in result.stderr
    col_path = tmp_path / "c.anki2"
    _, notes, cards, _ = import_apkg(col_path, out)
    assert cards == 2 * len(notes)
    col = Collection(str(col_path))
    try:
        names = {d["name"] for d in col.decks.all()}
    finally:
        col.close()
    assert any(n.startswith("Korpus::MS 자체 AI 칩 공개") for n in names)
    assert any(n.startswith("Korpus::학생들이 직접 ChatGPT") for n in names)


def test_bad_known_inputs_are_clear_errors(runner, tmp_path):
    bad = tmp_path / "bad.anki2"
    bad.write_bytes(b"not sqlite at all" * 10)
    result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "deck", "--out", str(tmp_path / "d.apkg"),
                                 "--known-anki", str(bad)])
    assert result.exit_code == 1 and "not an Anki collection" in result.output
    assert not (tmp_path / "d.apkg").exists()


def test_sentence_notes_for_aligned_pairs(runner, tmp_path):
    from korpus.store import load_alignment, load_annotation, load_text_en

    out = tmp_path / "sentences.apkg"
    deck(runner, SHIPPED_CORPUS, out, "--article", "ms-ai-chips-ko", "--sentences")
    corpus = Corpus(SHIPPED_CORPUS)
    doc = corpus.get("ms-ai-chips-ko")
    pairs = [l for l in load_alignment(corpus, doc) if l.ko and l.en]
    english = load_text_en(corpus, doc)
    expected = {escape(s.text): escape(english[i]) for i, s in enumerate(load_annotation(corpus, doc).sentences)
                if i in english}
    col_path = tmp_path / "c.anki2"
    import_apkg(col_path, out)
    col = Collection(str(col_path))
    try:
        sentence_notes = [col.get_note(i) for i in col.find_notes('"note:korpus sentence"')]
    finally:
        col.close()
    assert len(sentence_notes) == sum(len(p.ko) for p in pairs)
    assert {note.fields[0]: note.fields[1] for note in sentence_notes} == expected
    assert any(english.startswith("Microsoft today unveiled") for english in expected.values())
    assert all(note.fields[2].startswith("<ul><li><b>") for note in sentence_notes)


def test_known_file_in_cp949_is_read_and_a_binary_one_is_a_clear_error(tmp_path):
    from korpus.known import read_known_file
    from korpus.errors import KorpusError

    known = tmp_path / "known.txt"
    known.write_bytes("# 아는 단어\n칩\n공개하다\n".encode("cp949"))
    assert read_known_file(known) == {"칩", "공개하다"}
    known.write_bytes(b"")
    assert read_known_file(known) == set()
    known.write_bytes(b"\x00\x01\x02\x03" * 100)
    with pytest.raises(KorpusError, match="known.txt: looks like a binary file"):
        read_known_file(known)


ANKI_SYNTAX_ARTICLE = (
    "해커가 만든 [sound:title.mp3] 기사\n\n"
    "해커는 [sound:evil.mp3] 소리를 기사에 넣었다. 그는 [anki:tts lang=ko_KR]비밀[/anki:tts] 문법도 넣었다.\n\n"
    "수식 [latex]a^2[/latex] 과 [$]b[/$] 그리고 [$$]c[/$$] 도 기사에 있었다.\n\n"
    "타자 상자 [[type:Lemma]] 와 \\(x^2\\) 수식과 \\[y\\] 수식도 기사에 넣었다.\n")


def mathjax_strings(rendered: str) -> list[str]:
    """The text runs MathJax searches for \\( and \\[: it skips math that contains a tag, so
    every element boundary ends a run."""
    return [html.unescape(run) for run in re.split(r"<[^>]*>", rendered)]


def test_anki_syntax_from_articles_and_glossaries_is_shown_as_text(runner, corpus_copy, tmp_path):
    """[sound:], [anki:tts], [latex], [$], [$$], [[type:]] and MathJax delimiters from an
    article, glossary.tsv or a dictionary reach the card as text: Anki plays, renders and
    fetches nothing."""
    article = tmp_path / "anki-syntax.txt"
    article.write_text(ANKI_SYNTAX_ARTICLE, encoding="utf-8")
    added = runner.invoke(cli, ["--corpus", str(corpus_copy), "add", str(article), "--json"])
    doc_id = json.loads(added.stdout)[0]["id"]
    (corpus_copy / "glossary.tsv").write_text("해커\tnoun\t[sound:gloss.mp3] hacker [$]z[/$] \\(w\\)\n",
                                              encoding="utf-8")
    dictionary = tmp_path / "kengdic.tsv"
    dictionary.write_text("id\tsurface\thanja\tgloss\tlevel\tcreated\tsource\n"
                          "1\t소리\t\t[sound:dictionary.mp3] sound [latex]s[/latex]\t\t2010\tkengdic\n", encoding="utf-8")
    assert runner.invoke(cli, ["dict", "add", str(dictionary)]).exit_code == 0
    assert runner.invoke(cli, ["--corpus", str(corpus_copy), "build"]).exit_code == 0
    out = tmp_path / "syntax.apkg"
    deck(runner, corpus_copy, out, "--article", doc_id, "--production")
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(out), options=ImportAnkiPackageOptions()))
        cards = [col.get_card(card_id) for card_id in col.find_cards("")]
        rendered = [(card.question(), card.answer(), card.question_av_tags(), card.answer_av_tags())
                    for card in cards]
        missing_media = col.media.check().missing
    finally:
        col.close()
    assert rendered and missing_media == []
    for question, answer, question_sounds, answer_sounds in rendered:
        assert question_sounds == [] and answer_sounds == []
        for side in (question, answer):
            assert "<img" not in side and "[anki:play" not in side and "[[type:" not in side
            assert not any("\\(" in run or "\\[" in run for run in mathjax_strings(side))
    shown = " ".join(html.unescape(re.sub(r"<[^>]*>", "", answer)) for _, answer, _, _ in rendered)
    for text in ("[sound:evil.mp3]", "[sound:title.mp3]", "[sound:gloss.mp3] hacker [$]z[/$] \\(w\\)",
                 "[sound:dictionary.mp3] sound [latex]s[/latex]",
                 "[latex]a^2[/latex]", "[[type:Lemma]]", "\\(x^2\\)"):
        assert text in shown


def hermetic_tmpdir() -> Path:
    return Path(os.environ["TMPDIR"])


def test_a_deck_build_leaves_nothing_in_tmpdir_or_beside_the_deck(runner, tmp_path):
    out = tmp_path / "decks" / "korpus.apkg"
    deck(runner, SHIPPED_CORPUS, out, "--article", "ms-ai-chips-ko")
    assert list(hermetic_tmpdir().iterdir()) == []
    assert sorted(p.name for p in out.parent.iterdir()) == [".korpus.apkg.lock", ".korpus.apkg.notes.json",
                                                             ".korpus.apkg.stamp", "korpus.apkg"]


class InterruptedDeck(genanki.Deck):
    """A deck whose writing is cut short by Ctrl-C, as when the learner presses it mid-build."""

    def write_to_db(self, *args, **kwargs):
        raise KeyboardInterrupt


def deck_with_a_note_genanki_refuses() -> genanki.Deck:
    broken = genanki.Deck(ROOT_DECK_ID, "Korpus")
    broken.add_note(genanki.Note(model=VOCAB_MODEL, fields=["only one field"]))
    return broken


@pytest.mark.parametrize("make_deck, error", [
    (deck_with_a_note_genanki_refuses, ValueError),
    (lambda: InterruptedDeck(ROOT_DECK_ID, "Korpus"), KeyboardInterrupt),
], ids=["genanki-error", "ctrl-c"])
def test_a_deck_build_that_fails_midway_leaves_no_temporary_file(tmp_path, make_deck, error):
    from korpus.deck import _write_package

    out = tmp_path / "decks" / "korpus.apkg"
    with pytest.raises(error):
        _write_package([make_deck()], out)
    assert list(hermetic_tmpdir().iterdir()) == []
    assert sorted(p.name for p in out.parent.iterdir()) == [".korpus.apkg.lock"]


def test_temp_files_of_a_killed_build_are_removed_by_the_next_and_nothing_else(runner, tmp_path):
    decks = tmp_path / "decks"
    killed = [decks / ".korpus.apkg.k1ll3d_0.tmp", decks / "..korpus.apkg.stamp.k1ll3d_1.tmp",
              decks / "..korpus.apkg.notes.json.k1ll3d_3.tmp"]
    for path in killed:
        write_file(path, b"half-written")
    write_file(decks / ".korpus.apkg.k1ll3d_2.tmp" / "collection.anki2", b"working database")
    others = [decks / ".other.apkg.k1ll3d_0.tmp", decks / ".korpus.apkg.v2.apkg.k1ll3d_0.tmp",
              decks / "notes.tmp", decks / "korpus.apkg.bak", decks / ".korpus.apkg.k1ll3d_0.tmp.keep"]
    for path in others:
        write_file(path, b"not ours to remove")
    deck(runner, SHIPPED_CORPUS, decks / "korpus.apkg", "--article", "ms-ai-chips-ko")
    assert sorted(p.name for p in decks.iterdir()) == sorted(
        [".korpus.apkg.lock", ".korpus.apkg.notes.json", ".korpus.apkg.stamp", "korpus.apkg"]
        + [p.name for p in others])


def test_a_build_waits_for_another_writing_the_same_deck_and_keeps_its_temp_file(runner, tmp_path, monkeypatch):
    from filelock import FileLock

    import korpus.deck

    monkeypatch.setattr(korpus.deck, "LOCK_TIMEOUT", 0.3)
    decks = tmp_path / "decks"
    in_progress = write_file(decks / ".korpus.apkg.wr1t1ng.tmp", b"being written by the other build")
    with FileLock(str(decks / ".korpus.apkg.lock")):
        result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "deck", "--out", str(decks / "korpus.apkg"),
                                     "--article", "ms-ai-chips-ko"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {decks / 'korpus.apkg'}: another korpus deck is still writing it; "
                             "wait for it to finish or pass another --out\n")
    assert in_progress.read_bytes() == b"being written by the other build"
    assert not (decks / "korpus.apkg").exists()
