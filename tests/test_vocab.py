"""Vocabulary entries: which words become entries, their examples, glosses and coverage."""

from __future__ import annotations

import json

import pytest

from korpus.cli import cli
from korpus.corpus import Corpus
from korpus.vocab import collect_entries, gloss_coverage, is_entry_lemma

from .conftest import SHIPPED_CORPUS


@pytest.fixture(scope="module")
def entries():
    return collect_entries(Corpus(SHIPPED_CORPUS))


@pytest.mark.parametrize("lemma, tag, expected", [
    ("공개하다", "VV", True), ("효율성", "NNG", True), ("가속기", "NNG", True), ("크다", "VA", True),
    ("매우", "MAG", True), ("카카오", "NNP", True),
    ("을", "JKO", False), ("를", "NNG", False), ("었", "EP", False), ("하", "XSV", False), ("ᆫ", "ETM", False),
    ("적", "NNG", False), ("들", "NNG", False), ("수", "NNB", False), ("것", "NNB", False), ("등", "NNB", False),
    ("2024", "SN", False), ("ChatGPT", "SL", False), ("AI", "NNG", False), ("·", "SP", False),
    ("두", "MM", False), ("그", "NP", False), ("다", "VV", False),
])
def test_which_lexemes_are_entries(lemma, tag, expected):
    assert is_entry_lemma(lemma, tag) is expected


def test_entries_are_clean(entries):
    lemmas = {(e.lemma, e.pos) for e in entries}
    assert ("공개하다", "verb") in lemmas and ("효율성", "noun") in lemmas and ("선택권", "noun") in lemmas
    for junk in ("은", "를", "었", "하", "ㄴ", "적", "들", "수", "것", "등"):
        assert not any(e.lemma == junk for e in entries), junk
    assert all(e.count == sum(e.documents.values()) for e in entries)


def test_examples_are_real_sentences_containing_the_word(entries):
    corpus = Corpus(SHIPPED_CORPUS)
    by_key = {(e.lemma, e.pos): e for e in entries}
    chip = by_key[("가속기", "noun")]
    assert chip.example_word in chip.example
    assert chip.example in corpus.get(chip.example_doc).text
    hyper = by_key[("하이퍼스케일러", "noun")]
    assert hyper.example_en and "hyperscalers" in hyper.example_en.lower()
    assert hyper.context_gloss == "hyperscalers"
    assert by_key[("코발트", "proper noun")].context_gloss == "Cobalt"


def test_every_lemma_seen_twice_has_a_gloss_and_coverage_is_at_least_95_percent(entries):
    glossed, total = gloss_coverage(entries)
    print(f"shipped corpus: {glossed}/{total} content-word tokens glossed ({glossed / total:.1%})")
    assert glossed / total >= 0.95
    unglossed = [(e.lemma, e.pos, e.count) for e in entries
                 if e.count >= 2 and not e.gloss and e.pos != "proper noun"]
    assert unglossed == []


def test_vocab_json_and_filters(runner):
    result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "vocab", "ms-ai-chips-ko", "--json",
                                 "--pos", "verb", "--top", "5"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 5 and all(r["pos"] == "verb" for r in rows)
    assert {"lemma", "pos", "gloss", "count", "documents", "example", "example_en"} <= set(rows[0])
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    proper = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "vocab", "--json", "--include-proper-nouns",
                                 "--pos", "proper noun", "--min-count", "3"])
    assert all(r["pos"] == "proper noun" and r["count"] >= 3 for r in json.loads(proper.stdout))


def test_vocab_csv_and_missing(runner):
    csv_out = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "vocab", "--csv", "--top", "3"])
    assert csv_out.stdout.splitlines()[0].startswith("lemma,pos,gloss")
    missing = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "vocab", "--missing", "--json"])
    assert all(r["gloss"] is None for r in json.loads(missing.stdout))


def test_context_glosses_fill_entries_without_any_gloss(corpus_copy):
    from korpus.glossary import Glossary

    entries = collect_entries(Corpus(corpus_copy), ["ms-ai-chips-ko"], glossary=Glossary({}, None))
    entries = {e.lemma: e for e in entries}
    assert entries["하이퍼스케일러"].context_gloss == "hyperscalers"  # the English word it transliterates
    assert (entries["가트너"].gloss, entries["가트너"].gloss_source) == ("Gartner", "context")  # in no glossary


def test_user_glossary_overrides(runner, corpus_copy):
    (corpus_copy / "glossary.tsv").write_text("가속기\tnoun\tspeed-up chip\n", encoding="utf-8")
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "vocab", "--json"])
    row = next(r for r in json.loads(result.stdout) if r["lemma"] == "가속기")
    assert row["gloss"] == "speed-up chip" and row["gloss_source"] == "user"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949", "utf-16"])
def test_user_glossary_in_the_encodings_korean_spreadsheets_save(runner, corpus_copy, encoding):
    (corpus_copy / "glossary.tsv").write_bytes("가속기\tnoun\t가속 장치, speed-up chip\n".encode(encoding))
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "vocab", "--json"])
    row = next(r for r in json.loads(result.stdout) if r["lemma"] == "가속기")
    assert row["gloss"] == "가속 장치, speed-up chip" and row["gloss_source"] == "user"


def test_binary_user_glossary_is_a_clear_error_and_changes_nothing(runner, corpus_copy):
    from .conftest import snapshot

    (corpus_copy / "glossary.tsv").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    before = snapshot(corpus_copy)
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "vocab"])
    assert result.exit_code == 1 and "glossary.tsv" in result.output and "binary" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(corpus_copy) == before
