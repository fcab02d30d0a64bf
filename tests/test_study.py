"""The study loop, deck side (issue #16): cards worth reviewing, the learner's edits kept,
known words that mean studied words.  Checked by importing into the real Anki library."""

from __future__ import annotations

import html
import json
import re

import pytest

pytest.importorskip("anki.collection")
from anki.collection import Collection  # noqa: E402

from korpus.cli import cli  # noqa: E402
from korpus.corpus import Corpus  # noqa: E402
from korpus.deck import VOCAB_FIELDS  # noqa: E402
from korpus.vocab import collect_entries  # noqa: E402

from .conftest import SHIPPED_CORPUS  # noqa: E402
from .test_deck import deck, import_apkg  # noqa: E402

ARTICLE = "chatgpt-classroom-ko"  # three of its words have no gloss in the shipped glossaries


def article_entries(article: str = ARTICLE):
    return [e for e in collect_entries(Corpus(SHIPPED_CORPUS), [article]) if e.pos != "proper noun"]


def test_words_without_a_gloss_are_left_out_and_reported_unless_asked_for(runner, tmp_path):
    entries = article_entries()
    unglossed = {e.lemma for e in entries if not e.gloss}
    assert unglossed == {"불가능하다", "저평가하다", "무감각하다"}
    out = tmp_path / "korpus.apkg"
    result = deck(runner, SHIPPED_CORPUS, out, "--article", ARTICLE)
    assert f"wrote {out}: {len(entries) - 3} notes" in result.stderr
    assert ("left out 3 words without a gloss (no answer to review): `korpus vocab --missing` lists them"
            in result.stderr)
    _, notes, _, _ = import_apkg(tmp_path / "c.anki2", out)
    assert len(notes) == len(entries) - 3 and not unglossed & set(notes)
    assert all(dict(zip(VOCAB_FIELDS, n.fields))["Gloss"] != "—" for n in notes.values())

    kept = deck(runner, SHIPPED_CORPUS, out, "--article", ARTICLE, "--include-unglossed")
    assert f"{len(entries)} notes" in kept.stderr and "left out" not in kept.stderr
    _, notes, _, _ = import_apkg(tmp_path / "fresh.anki2", out)
    assert unglossed <= set(notes)


def edit_gloss_in_anki(collection_path, lemma: str, gloss: str) -> None:
    """The learner corrects a gloss in Anki itself."""
    col = Collection(str(collection_path))
    try:
        (note_id,) = col.find_notes(f'"Lemma:{lemma}"')
        note = col.get_note(note_id)
        note["Gloss"] = gloss
        col.update_note(note)
    finally:
        col.close()


def gloss_of(notes, lemma: str) -> str:
    return dict(zip(VOCAB_FIELDS, notes[lemma].fields))["Gloss"]


def test_the_learners_edit_in_anki_survives_a_rebuild_until_korpus_changes_that_note(runner, corpus_copy, tmp_path):
    out = tmp_path / "decks" / "korpus.apkg"
    collection = tmp_path / "collection.anki2"
    deck(runner, corpus_copy, out, "--article", "ms-ai-chips-ko")
    _, first, _, _ = import_apkg(collection, out)
    edit_gloss_in_anki(collection, "가속기", "my own gloss")
    edit_gloss_in_anki(collection, "칩", "my chip")

    deck(runner, corpus_copy, out, "--article", "ms-ai-chips-ko")
    log, notes, _, _ = import_apkg(collection, out)
    assert not log.new and not log.updated
    assert gloss_of(notes, "가속기") == "my own gloss" and gloss_of(notes, "칩") == "my chip"

    (corpus_copy / "glossary.tsv").write_text("가속기\tnoun\tAI accelerator (chip)\n", encoding="utf-8")
    deck(runner, corpus_copy, out, "--article", "ms-ai-chips-ko")
    log, notes, _, _ = import_apkg(collection, out)
    assert [n.fields[0] for n in log.updated] == ["가속기"]
    assert gloss_of(notes, "가속기") == "AI accelerator (chip)" and gloss_of(notes, "칩") == "my chip"
    assert notes["가속기"].id == first["가속기"].id and len(notes) == len(first)


def mature(collection_path, lemmas, days: int = 30) -> None:
    """Cards of these korpus notes reviewed up to an interval of ``days``, as after weeks of study."""
    col = Collection(str(collection_path))
    try:
        for lemma in lemmas:
            (note_id,) = col.find_notes(f'"Lemma:{lemma}"')
            for card in col.get_note(note_id).cards():
                card.type, card.queue, card.ivl = 2, 2, days
                col.update_card(card)
    finally:
        col.close()


def test_known_anki_counts_only_words_studied_to_the_interval_korpus_notes_included(runner, tmp_path):
    out, collection = tmp_path / "korpus.apkg", tmp_path / "collection.anki2"
    deck(runner, SHIPPED_CORPUS, out, "--article", "ms-ai-chips-ko")
    _, imported, _, _ = import_apkg(collection, out)
    again = tmp_path / "again.apkg"
    never_studied = deck(runner, SHIPPED_CORPUS, again, "--article", "ms-ai-chips-ko", "--known-anki", str(collection))
    assert (f"{collection}: {len(imported)} notes read, 0 words studied to 21+ days count as known, "
            f"{len(imported)} notes not yet") in never_studied.stderr
    assert "0 known words skipped" in never_studied.stderr

    mature(collection, ["가속기", "칩"], days=30)
    mature(collection, ["설계하다"], days=10)
    studied = deck(runner, SHIPPED_CORPUS, again, "--article", "ms-ai-chips-ko", "--known-anki", str(collection))
    assert "2 words studied to 21+ days count as known" in studied.stderr
    assert "2 known words skipped" in studied.stderr
    _, notes, _, _ = import_apkg(tmp_path / "fresh.anki2", again)
    assert set(notes) == set(imported) - {"가속기", "칩"}

    stricter = deck(runner, SHIPPED_CORPUS, again, "--article", "ms-ai-chips-ko", "--known-anki", str(collection),
                    "--known-interval", "5")
    assert "3 known words skipped" in stricter.stderr


def test_known_tsv_of_the_reader_is_read_by_default_by_deck_and_vocab(runner, corpus_copy, tmp_path):
    (corpus_copy / "known.tsv").write_text(
        "# korpus known words: lemma<TAB>status\n가속기\tknown\n칩\tignored\n설계하다\tlearning\n공개하다\tnew\n",
        encoding="utf-8")
    out = tmp_path / "korpus.apkg"
    result = deck(runner, corpus_copy, out, "--article", "ms-ai-chips-ko")
    assert f"{corpus_copy / 'known.tsv'}: 2 known words" in result.stderr and "2 known words skipped" in result.stderr
    _, notes, _, _ = import_apkg(tmp_path / "c.anki2", out)
    assert not {"가속기", "칩"} & set(notes) and {"설계하다", "공개하다"} <= set(notes)

    vocab = runner.invoke(cli, ["--corpus", str(corpus_copy), "vocab", "ms-ai-chips-ko", "--json"])
    lemmas = {row["lemma"] for row in json.loads(vocab.stdout)}
    assert not {"가속기", "칩"} & lemmas and "설계하다" in lemmas
    ignoring = runner.invoke(cli, ["--corpus", str(corpus_copy), "vocab", "ms-ai-chips-ko", "--json", "--no-known-file"])
    assert {"가속기", "칩"} <= {row["lemma"] for row in json.loads(ignoring.stdout)}


def test_a_known_tsv_with_an_unknown_status_is_a_one_line_error(runner, corpus_copy, tmp_path):
    (corpus_copy / "known.tsv").write_text("가속기\tknown\n칩\tmastered\n", encoding="utf-8")
    out = tmp_path / "korpus.apkg"
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "deck", "--out", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr == (f"Error: {corpus_copy / 'known.tsv'}, line 2: unknown status 'mastered' for '칩'; "
                             "use one of new, learning, known, ignored (or the lemma alone for known)\n")


def decks_by_lemma(collection_path) -> dict[str, str]:
    col = Collection(str(collection_path))
    try:
        return {col.get_note(card.nid)["Lemma"]: col.decks.name(card.did)
                for card in map(col.get_card, col.find_cards('"note:korpus vocabulary"'))}
    finally:
        col.close()


def test_per_article_decks_follow_reading_order_and_adding_an_older_article_moves_no_note(runner, corpus_copy,
                                                                                           tmp_path):
    pair = ("--article", "ms-ai-chips-ko", "--article", "chatgpt-classroom-ko")
    out = tmp_path / "decks" / "korpus.apkg"
    deck(runner, corpus_copy, out, "--per-article", *pair)
    import_apkg(tmp_path / "learner.anki2", out)
    before = decks_by_lemma(tmp_path / "learner.anki2")
    assert before["가속기"].startswith("Korpus::MS 자체 AI 칩") and before["학생"].startswith("Korpus::학생들이")

    article = tmp_path / "old.txt"
    article.write_text("오래된 칩 이야기\n\n학생들은 새로운 가속기와 칩을 연구실에서 오래 시험했다. "
                       "교수는 결과를 발표했다.\n", encoding="utf-8")
    added = runner.invoke(cli, ["--corpus", str(corpus_copy), "add", str(article), "--lang", "ko",
                                "--date", "2001-01-01", "--json"])
    assert added.exit_code == 0, added.output
    old_id = json.loads(added.stdout)[0]["id"]
    assert runner.invoke(cli, ["--corpus", str(corpus_copy), "build"]).exit_code == 0
    deck(runner, corpus_copy, out, "--per-article", *pair, "--article", old_id)
    import_apkg(tmp_path / "fresh.anki2", out)
    after = decks_by_lemma(tmp_path / "fresh.anki2")
    assert {lemma: after[lemma] for lemma in before} == before
    assert after["시험하다"].startswith("Korpus::오래된 칩 이야기")
    log, notes, _, _ = import_apkg(tmp_path / "learner.anki2", out)
    assert f"korpus::article::{old_id}" in notes["가속기"].tags and "korpus::article::ms-ai-chips-ko" in notes["가속기"].tags

    (out.parent / ".korpus.apkg.notes.json").unlink()  # a deck built anew: the oldest article first
    deck(runner, corpus_copy, out, "--per-article", *pair, "--article", old_id)
    import_apkg(tmp_path / "anew.anki2", out)
    assert decks_by_lemma(tmp_path / "anew.anki2")["가속기"].startswith("Korpus::오래된 칩 이야기")


def test_cards_break_korean_lines_between_words(runner, tmp_path):
    out = tmp_path / "korpus.apkg"
    deck(runner, SHIPPED_CORPUS, out, "--article", "ms-ai-chips-ko")
    import_apkg(tmp_path / "c.anki2", out)
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        css = col.models.by_name("korpus vocabulary")["css"]
    finally:
        col.close()
    card_rule = re.search(r"\.card \{[^}]*\}", css).group(0)
    assert "word-break: keep-all" in card_rule


@pytest.mark.parametrize("gloss, korean, english, first", [
    ("view, perspective; time (현지 시각: local time)", "15일(현지 시각) 공개했다", None, "time (현지 시각: local time)"),
    ("view, perspective; time (현지 시각: local time)", "다른 시각에서 보면", None, "view, perspective"),
    ("to lose (a game); to carry, bear (a burden)", "책임을 졌다", "He had to bear the burden.",
     "to carry, bear (a burden)"),
    ("to know; to find out", "어떻게 알 수 있었는가?", "If so, how did you find out?", "to find out"),
    ("to know; to find out", "어떻게 알 수 있었는가?", None, "to know"),
    ("market", "이춘희 시장은", "Mayor Lee", "market"),
])
def test_the_sense_that_fits_the_example_comes_first(gloss, korean, english, first):
    from korpus.vocab import senses_for_example

    senses = senses_for_example(gloss, korean, english)
    assert senses[0] == first and sorted(senses) == sorted(s.strip() for s in gloss.split(";"))


def test_the_card_shows_the_sense_of_its_example_and_the_hanja_of_that_sense(runner, tmp_path):
    """시각 in "현지 시각" is 時刻 (time), not 視角 (view): the glossary gives one hanja per sense."""
    out = tmp_path / "korpus.apkg"
    deck(runner, SHIPPED_CORPUS, out, "--article", "ms-ai-chips-ko")
    _, notes, _, _ = import_apkg(tmp_path / "c.anki2", out)
    card = dict(zip(VOCAB_FIELDS, notes["시각"].fields))
    assert "현지 <b class=\"target\">시각</b>" in card["Example"]
    assert card["Gloss"] == "time (현지 시각: local time); view, perspective" and card["Hanja"] == "時刻"
    assert dict(zip(VOCAB_FIELDS, notes["가속기"].fields))["Hanja"] == "加速器"


@pytest.mark.parametrize("gloss, hanja, korean, english, expected", [
    ("market; mayor (서울시장: the mayor of Seoul)", "市場; 市長", "주식 시장이 흔들렸다.", None, ("market", "市場")),
    ("market; mayor (서울시장: the mayor of Seoul)", "市場; 市長", "이 시장은 말했다.", "The mayor said so.",
     ("mayor", "市長")),
    ("view, perspective; time (현지 시각: local time)", "視角", "현지 시각 15일", None, ("time", None)),
    ("view, perspective; time (현지 시각: local time)", "視角", "새로운 시각", None, ("view", "視角")),
])
def test_the_hanja_shown_is_that_of_the_sense_shown(gloss, hanja, korean, english, expected):
    from korpus.deck import sense_of_example
    from korpus.vocab import VocabEntry

    entry = VocabEntry("시장", "noun", "NNG", gloss=gloss, hanja=hanja, example=korean, example_en=english)
    shown, shown_hanja = sense_of_example(entry)
    assert shown.startswith(expected[0]) and shown_hanja == expected[1]


def cards_of(collection_path, note_type: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(lemma, template name) -> (question, answer) as Anki renders them."""
    col = Collection(str(collection_path))
    try:
        rendered = {}
        for card in map(col.get_card, col.find_cards(f'"note:{note_type}"')):
            rendered[(card.note()["Lemma"], card.template()["name"])] = (card.question(), card.answer())
        return rendered
    finally:
        col.close()


def test_context_cards_show_the_example_on_the_front_and_a_gap_to_fill_for_production(runner, tmp_path):
    from korpus.deck import CONTEXT_MODEL_ID, VOCAB_MODEL_ID

    out, collection = tmp_path / "korpus.apkg", tmp_path / "c.anki2"
    deck(runner, SHIPPED_CORPUS, out, "--article", "ms-ai-chips-ko")  # the plain deck first, as a learner would
    deck(runner, SHIPPED_CORPUS, tmp_path / "context.apkg", "--article", "ms-ai-chips-ko", "--context", "--production")
    import_apkg(collection, out)
    log, _, _, _ = import_apkg(collection, tmp_path / "context.apkg")
    assert log.new and not log.conflicting and not log.updated  # new notes of a new note type, none refused
    assert CONTEXT_MODEL_ID != VOCAB_MODEL_ID
    cards = cards_of(collection, "korpus vocabulary in context")
    question, answer = cards[("시각", "Recognition in context (Korean → English)")]
    assert '15일(현지 <b class="target">시각</b>)' in question and "local time" not in question
    assert "time (현지 시각: local time); view, perspective" in answer
    question, answer = cards[("시각", "Production in context (English → Korean)")]
    assert '15일(현지 <span class="gap">&nbsp;</span>)' in question and "시각" not in question
    assert "Microsoft today unveiled" in question  # the aligned English sentence
    assert '<div class="gloss">time</div>' in question and "view" not in question
    assert '<div class="lemma">시각</div>' in answer
    question, _ = cards[("가속기", "Production in context (English → Korean)")]
    assert "noun · 加速器" in question  # part of speech and hanja as hints
    assert len(cards_of(collection, "korpus vocabulary")) == len(cards) // 2  # the plain notes are untouched


def test_i_plus_one_sentences_hold_exactly_one_unknown_word_highlighted_and_glossed(runner, tmp_path):
    from korpus.store import load_annotation

    corpus = Corpus(SHIPPED_CORPUS)
    entries = {(e.lemma, e.pos) for e in collect_entries(corpus, ["netflix-golf-live-ko"]) if e.pos != "proper noun"}
    unknown = {"골프", "중계"}
    known = tmp_path / "known.txt"
    known.write_text("\n".join(sorted({lemma for lemma, _ in entries} - unknown)), encoding="utf-8")
    out = tmp_path / "korpus.apkg"
    result = deck(runner, SHIPPED_CORPUS, out, "--article", "netflix-golf-live-ko", "--known", str(known),
                  "--i-plus-one")
    assert "2 i+1 sentence notes" in result.stderr
    import_apkg(tmp_path / "c.anki2", out)
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        notes = [col.get_note(i) for i in col.find_notes('"note:korpus sentence"')]
        assert all("korpus::i+1" in n.tags for n in notes)
        targets = {re.search(r'<b class="target">([^<]+)</b>', n["Korean"]).group(1): n for n in notes}
    finally:
        col.close()
    assert len(notes) == 2 and all(n["Korean"].count('class="target"') == 1 for n in notes)
    assert {"골프", "중계"} == {target[:2] for target in targets}
    assert all(re.search(r"</b> (골프|중계): \w", n["Words"]) for n in notes)  # glossed on the back
    annotated = {s.text: s for s in load_annotation(corpus, corpus.get("netflix-golf-live-ko")).sentences}
    for note in notes:  # the sentence's other words are all known: only one is new
        plain = html.unescape(re.sub(r"<[^>]+>", "", note["Korean"]))
        lexemes = {(lex.lemma, lex.pos) for word in annotated[plain].words for lex in word.lexemes}
        assert len({key for key in lexemes & entries if key[0] in unknown}) == 1


SPLIT_HANGUL_WORDS = """() => {
  const split = [];
  for (const element of document.querySelectorAll('.example, .gloss')) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[가-힣]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.browser
def test_chromium_breaks_korean_card_lines_only_between_words(runner, tmp_path):
    import shutil

    from playwright.sync_api import sync_playwright

    from .test_reader import ARGS

    out = tmp_path / "korpus.apkg"
    deck(runner, SHIPPED_CORPUS, out, "--article", "ms-ai-chips-ko", "--context")
    import_apkg(tmp_path / "c.anki2", out)
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        cards = [col.get_card(i) for i in col.find_cards('"note:korpus vocabulary in context"')]
        answers = [card.answer() for card in cards if len(card.note()["Example"]) > 60][:20]
        css = col.models.by_name("korpus vocabulary in context")["css"]
    finally:
        col.close()
    assert answers
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 300, "height": 600})
            for answer in answers:
                page.set_content(f"<html><head><meta charset=utf-8><style>{css}</style></head>"
                                 f"<body class='card'><div class='card'>{answer}</div></body></html>")
                assert page.evaluate(SPLIT_HANGUL_WORDS) == []
        finally:
            browser.close()


def test_an_i_plus_one_sentence_whose_new_word_has_no_gloss_is_left_out_unless_asked_for(runner, tmp_path):
    entries = {e.lemma for e in collect_entries(Corpus(SHIPPED_CORPUS), ["netflix-golf-live-ko"])}
    known = tmp_path / "known.txt"
    known.write_text("\n".join(sorted(entries - {"무의미하다"})), encoding="utf-8")  # no gloss for it, not even composed
    args = ("--article", "netflix-golf-live-ko", "--known", str(known), "--i-plus-one")
    assert "i+1 sentence notes" not in deck(runner, SHIPPED_CORPUS, tmp_path / "a.apkg", *args).stderr
    kept = deck(runner, SHIPPED_CORPUS, tmp_path / "b.apkg", *args, "--include-unglossed")
    assert re.search(r"\b[1-9]\d* i\+1 sentence notes", kept.stderr)


def test_the_reader_tooltip_shows_the_sense_of_the_sentence_too(tmp_path):
    """The same ordering as on cards: 시각 in "현지 시각" is shown as time, 時刻."""
    import json

    from korpus.reader import build_site

    build_site(Corpus(SHIPPED_CORPUS), tmp_path / "site")
    page = (tmp_path / "site" / "ms-ai-chips-ko.html").read_text(encoding="utf-8")
    data = json.loads(page.split('id="word-data">', 1)[1].split("</script>", 1)[0])
    shown = [lex for row in data["words"] for lex in row["lexemes"] if lex["lemma"] == "시각"]
    assert shown and all(lex["gloss"].startswith("time") and lex["hanja"] == "時刻" for lex in shown)


@pytest.mark.parametrize("korean, first", [
    ("이 서비스는 생성형 AI를 기반으로 한 검색을 제공한다.", "to take as"),
    ("회사는 투자를 하기로 했다.", "to do"),
])
def test_a_collocation_with_a_placeholder_and_the_entry_verb_itself_finds_its_sense(korean, first):
    from korpus.glossary import Glossary
    from korpus.vocab import senses_for_example

    gloss = Glossary({}, {}).lookup("하다", "VV").text
    assert senses_for_example(gloss, korean)[0].startswith(first)


MAYOR_ARTICLE = ("세종시 이춘희 시장은 14일 새 도서관을 열겠다고 말했다. "
                 "농산물 시장은 아침부터 붐볐다. 김철수 지사는 지사 건물을 찾았다.\n")


@pytest.mark.parametrize("gloss, korean, after_name, first", [
    ("market; mayor (○○○ 시장: Mayor ○○○)", "이춘희 시장은 말했다.", True, "mayor"),
    ("market; mayor (○○○ 시장: Mayor ○○○)", "농산물 시장은 붐볐다.", False, "market"),
    ("market; mayor (○○○ 시장: Mayor ○○○) (서울시장: the mayor of Seoul)", "서울시장에 출마했다.", False, "mayor"),
    ("branch office; governor (○○○ 지사: Governor ○○○)", "김 지사는", True, "governor"),
    ("view, perspective; time (현지 시각: local time)", "이춘희 시각", True, "view"),  # no ○○○ sense
])
def test_a_title_after_a_name_takes_its_name_sense(gloss, korean, after_name, first):
    from korpus.vocab import senses_for_example

    assert senses_for_example(gloss, korean, None, after_name)[0].startswith(first)


def test_a_word_follows_a_name_only_after_a_bare_proper_noun_and_a_space():
    from korpus.annotate import annotate_korean
    from korpus.kiwi import get_kiwi
    from korpus.model import Block, Document
    from korpus.vocab import follows_name

    doc = Document("t-ko", "ko", "t", (Block("paragraph", MAYOR_ARTICLE.strip()),), "t")
    after = []
    for sentence in next(annotate_korean([doc], get_kiwi())).sentences:
        for previous, word in zip((None,) + sentence.words, sentence.words):
            after.append((word.form, follows_name(previous)))
    assert [form for form, follows in after if follows] == ["이춘희", "시장은", "지사는"]  # 세종시 이춘희 시장은, 김철수 지사는
    assert ("시장은", False) in after and ("지사", False) in after  # 농산물 시장은; 지사는 지사


def test_the_reader_and_the_card_show_mayor_for_a_title_after_a_name(runner, tmp_path):
    """Issue #16: 시장 in "이춘희 시장은" has no aligned English and no collocation in the text; the
    name before it makes it the mayor, on the card and in the tooltip; 농산물 시장 stays a market."""
    corpus, article = tmp_path / "corpus", tmp_path / "mayor.txt"
    article.write_text("세종시 소식\n\n" + MAYOR_ARTICLE, encoding="utf-8")
    for args in (["init", str(corpus)], ["--corpus", str(corpus), "add", str(article), "--lang", "ko"],
                 ["--corpus", str(corpus), "build"], ["--corpus", str(corpus), "reader", "--out", str(tmp_path / "site")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    page = next((tmp_path / "site").glob("*-ko.html")).read_text(encoding="utf-8")
    rows = json.loads(page.split('id="word-data">', 1)[1].split("</script>", 1)[0])["words"]
    senses = sorted(lex["gloss"].split(" (")[0] for row in rows for lex in row["lexemes"] if lex["lemma"] == "시장")
    assert senses == ["market; mayor", "mayor"]
    hanja = {lex["gloss"][:6]: lex["hanja"] for row in rows for lex in row["lexemes"] if lex["lemma"] == "시장"}
    assert hanja == {"market": "市場", "mayor ": "市長"}

    out = tmp_path / "korpus.apkg"
    deck(runner, corpus, out)
    _, notes, _, _ = import_apkg(tmp_path / "c.anki2", out)
    card = dict(zip(VOCAB_FIELDS, notes["시장"].fields))
    assert "이춘희 <b class=\"target\">시장은</b>" in card["Example"]  # the best example names the mayor
    assert card["Gloss"].startswith("mayor") and card["Hanja"] == "市長"
    card = dict(zip(VOCAB_FIELDS, notes["지사"].fields))
    assert card["Gloss"].startswith("governor") == ("김철수 <b" in card["Example"])


def test_the_example_knows_it_follows_a_name_as_the_reader_does():
    """The deck reads "after a name" off the index summary, made by the same ``follows_name`` as the
    reader's tooltips: a one-syllable surname (임 시장은) counts, and the word is the one recorded, not
    the first place its form appears in the sentence (재래시장은 ... 임 시장은)."""
    from korpus.annotate import annotate_korean
    from korpus.index import LemmaTable, summarise, summary_data
    from korpus.kiwi import get_kiwi
    from korpus.model import Block, Document

    text = "재래시장은 아침부터 붐볐고 임 시장은 저녁에 시장을 찾았다고 말했다."
    doc = Document("t-ko", "ko", "t", (Block("paragraph", text),), "t")
    annotated = next(annotate_korean([doc], get_kiwi()))
    best = {o.lemma: o.best for o in summarise(annotated, {}).occurrences}
    assert best["시장"][2] == "시장은" and best["시장"][3] is True
    stored = {o.lemma: o.best for o in LemmaTable(*summary_data(annotated, {})).summary().occurrences}
    assert stored == best
