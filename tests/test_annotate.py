"""Korean annotation with the real Kiwi: lemmas, 하다-verbs, irregulars, user words, CoNLL-U."""

from __future__ import annotations

import subprocess
import sys

import conllu
import pytest

from korpus.annotate import annotate_korean, annotate_other
from korpus.build import build, stale_documents
from korpus.store import conllu_path
from korpus.conllu_io import parse_conllu, render_conllu
from korpus.corpus import Corpus
from korpus.english import split_sentences, split_words
from korpus.kiwi import get_kiwi, harvest_user_words
from korpus.model import Block, Document

from .conftest import ROOT, SHIPPED_CORPUS


@pytest.fixture(scope="module")
def kiwi():
    docs = Corpus(SHIPPED_CORPUS).documents("ko")
    return get_kiwi(harvest_user_words(p for d in docs for p in d.paragraphs))


def lemmas_of(kiwi, text: str) -> str:
    doc = Document("t-ko", "ko", "t", (Block("paragraph", text),), "t")
    words = [w for s in next(annotate_korean([doc], kiwi)).sentences for w in s.words]
    return " ".join(lex.lemma for w in words for lex in w.lexemes)


@pytest.mark.parametrize("text, expected", [
    # verbs and adjectives get their dictionary form
    ("정부가 계획을 밝혔다.", "정부 계획 밝히다"),
    ("가격이 크게 올랐다.", "가격 크다 오르다"),
    # irregular verbs restored
    ("그는 음악을 들었다.", "그 음악 듣다"),
    ("회사는 새 공장을 지었다.", "회사 새 공장 짓다"),
    ("문제가 어려웠다.", "문제 어렵다"),
    # noun + 하다/되다 verbs joined
    ("MS가 칩을 공개했다.", "칩 공개하다"),
    ("고객에게 제공할 계획이다.", "고객 제공하다 계획"),
    ("서비스가 출시됐다.", "서비스 출시되다"),
    # derived nouns as one word
    ("효율성과 선택권을 높인 맞춤형 칩", "효율성 선택권 높이다 맞춤형 칩"),
    ("전망이 불투명하다.", "전망 불투명하다"),
    ("예상치를 웃돌았다.", "예상치 웃돌다"),
    # loanwords and names fixed with user words
    ("범용 클라우드 워크로드를 위한 칩", "범용 클라우드 워크로드 위하다 칩"),
    ("오픈AI가 챗GPT를 출시했다.", "오픈AI 챗GPT 출시하다"),
    ("'마이아'는 AI 가속기다.", "마이아 가속기"),
    ("MS와 같은 하이퍼스케일러는 비용을 줄인다.", "같다 하이퍼스케일러 비용 줄이다"),
])
def test_lemmas(kiwi, text, expected):
    assert lemmas_of(kiwi, text) == expected


def test_harvested_terms_become_one_word(kiwi):
    assert "대규모언어모델" in lemmas_of(kiwi, "대규모언어모델(LLM)을 위한 칩")
    assert "사티아 나델라" in lemmas_of(kiwi, "사티아 나델라(Satya Nadella) CEO는 말했다.")


def test_harvest_finds_glossed_terms():
    found = dict(harvest_user_words(["사티아 나델라(Satya Nadella) CEO와 대규모언어모델(LLM) 개발"]))
    assert found["사티아"] == "NNP" and found["나델라"] == "NNP" and found["대규모언어모델"] == "NNG"


def test_user_word_decisions_are_committed_and_current(kiwi):
    """corpus/user-words.tsv holds what Kiwi itself decides for each harvested term."""
    from korpus.kiwi import DECISIONS_FILE, render_decisions

    def body(text):  # the decisions; the key line names the exact Kiwi version installed
        return [line for line in text.splitlines() if not line.startswith("# key:")]

    committed = (SHIPPED_CORPUS / DECISIONS_FILE).read_text(encoding="utf-8")
    assert body(committed) == body(render_decisions(kiwi.decisions))
    assert kiwi.decisions[("대규모언어모델", "NNG")] == "NNG"  # Kiwi splits it: added
    assert kiwi.decisions[("개발자", "NNP")] == ""  # Kiwi knows it: left alone


def test_build_keeps_the_decisions_file_and_ignores_one_for_another_kiwi(corpus_copy, kiwi):
    from korpus.build import _load_kiwi, harvested_user_words
    from korpus.kiwi import DECISIONS_FILE, read_decisions, render_decisions

    corpus = Corpus(corpus_copy)
    path = corpus_copy / DECISIONS_FILE
    path.unlink()
    assert _load_kiwi(corpus, harvested_user_words(corpus)).decisions == kiwi.decisions
    current = render_decisions(kiwi.decisions)
    assert path.read_text(encoding="utf-8") == current
    written = path.stat().st_mtime_ns
    _load_kiwi(corpus, harvested_user_words(corpus))
    assert path.stat().st_mtime_ns == written  # unchanged decisions are not rewritten
    path.write_text(current.replace("# key: kiwipiepy", "# key: kiwipiepy 0.0.1, was"), encoding="utf-8")
    assert read_decisions(path) == {}  # made for another Kiwi: ignored...
    _load_kiwi(corpus, harvested_user_words(corpus))
    assert path.read_text(encoding="utf-8") == current  # ...and rewritten
    path.write_bytes(b"\xff\xfe garbage")
    assert read_decisions(path) == {}
    _load_kiwi(corpus, harvested_user_words(corpus))  # a file that is not UTF-8 is rewritten too
    assert path.read_text(encoding="utf-8") == current


def test_decided_terms_are_added_as_decided_without_analysis(monkeypatch):
    """A decided term is trusted (no analysis, so no model rebuild): here a deliberately
    wrong decision shows it; an undecided one is analysed."""
    import korpus.kiwi

    monkeypatch.setattr(korpus.kiwi, "_INSTANCES", {})  # keep the shared instance for the other tests
    kiwi = get_kiwi([("개발자", "NNP"), ("광학문자인식", "NNG")], decided={("개발자", "NNP"): "NNG"})
    assert kiwi.decisions == {("개발자", "NNP"): "NNG", ("광학문자인식", "NNG"): "NNG"}
    assert kiwi.user_words == (("개발자", "NNG"), ("광학문자인식", "NNG"))


def test_words_keep_surface_forms_and_spacing(kiwi):
    doc = Document("t-ko", "ko", "t", (Block("paragraph", "마이크로소프트가(MS) 칩을 공개했다. 두 번째 문장이다."),), "t")
    sentences = next(annotate_korean([doc], kiwi)).sentences
    assert [s.text for s in sentences] == ["마이크로소프트가(MS) 칩을 공개했다.", "두 번째 문장이다."]
    words = sentences[0].words
    assert [w.form for w in words] == ["마이크로소프트가", "(", "MS", ")", "칩을", "공개했다", "."]
    assert [w.space_after for w in words] == [False, False, False, True, True, False, True]
    assert words[5].pos == "verb" and [m.tag for m in words[5].morphemes] == ["VV", "EP", "EF"]
    assert words[4].pos == "noun" and words[0].pos == "proper noun"


@pytest.mark.parametrize("paragraph, count", [
    ("Mr. Smith moved to the U.S. in 2020. He joined Acme Inc. as CTO.", 2),
    ("Prices rose 3.5 percent, e.g. in Seoul and Busan. Analysts were surprised.", 2),
    ("“We were excited,” Altman said. “It works.” Then he left!", 3),
    ("Microsoft, i.e. the Redmond giant, spent $3.5 billion. Was it worth it? Yes.", 3),
])
def test_english_sentences(paragraph, count):
    assert len(split_sentences(paragraph)) == count


@pytest.mark.parametrize("sentence, words", [
    ("Microsoft's chips don't ship.", ["Microsoft", "'s", "chips", "do", "n't", "ship", "."]),
    ("The student’s essay—I’m sure—wasn’t hers.", ["The", "student", "’s", "essay", "—", "I", "’m", "sure", "—",
                                                  "was", "n’t", "hers", "."]),
    ("It rose 3.5% to $1,000 in the U.S. on 24/7 demand...",
     ["It", "rose", "3.5%", "to", "$", "1,000", "in", "the", "U.S.", "on", "24/7", "demand", "..."]),
    ("An in-house, AI-driven chip (\"Maia\")", ["An", "in-house", ",", "AI-driven", "chip", "(", '"', "Maia", '"', ")"]),
])
def test_english_words(sentence, words):
    spans = split_words(sentence)
    assert [form for form, _, _ in spans] == words
    assert all(sentence[start:end] == form for form, start, end in spans)


def test_french_and_indonesian_are_split():
    assert len(split_sentences("M. Musk a tweeté. Le PDG de Twitter n’est pas satisfait.", "fr")) == 2
    assert len(split_sentences("Musk mengatakan: \"Waktu gugatan.\" Microsoft menolak berkomentar.", "id")) == 2


def test_conllu_round_trip_and_parses_with_the_conllu_library(kiwi):
    doc = Corpus(SHIPPED_CORPUS).get("ms-ai-chips-ko")
    annotated = next(annotate_korean([doc], kiwi))
    text = render_conllu(annotated, "key", {0: "Microsoft today unveiled..."})
    parsed = conllu.parse(text)
    assert len(parsed) == len(annotated.sentences)
    assert parsed[0].metadata["text_en"] == "Microsoft today unveiled..."
    verb = next(t for t in parsed[0] if t["form"] == "공개했다")
    assert verb["lemma"] == "공개하+었+다" and verb["xpos"] == "VV+EP+EF" and verb["upos"] == "VERB"
    assert verb["misc"]["Lemmas"] == "공개하다"
    back, text_en = parse_conllu(text, "ko")
    assert back.sentences == annotated.sentences and text_en == {0: "Microsoft today unveiled..."}


def test_a_shared_render_cache_renders_every_word_as_a_fresh_one_does(kiwi):
    """``render_conllu`` finds a word's columns by the identity of its morphemes' tuple (words
    share it); a tuple met again with other lexemes, and documents read back from files, render
    exactly as without any cache."""
    from korpus.model import AnnotatedDocument, Lexeme, Sentence

    corpus = Corpus(SHIPPED_CORPUS)
    docs = list(annotate_korean([corpus.get("ms-ai-chips-ko"), corpus.get("kakao-capex-ko")], kiwi))
    shared: dict = {}
    for doc in docs + docs:
        assert render_conllu(doc, "key", None, None, shared) == render_conllu(doc, "key")
        back, _ = parse_conllu(render_conllu(doc, "key"), "ko")
        assert render_conllu(back, "key", None, None, shared) == render_conllu(doc, "key")
    word = next(w for w in docs[0].sentences[0].words if w.lexemes)
    other = word._replace(lexemes=(Lexeme("다른말", "noun", "NNG", "다른말"),))  # same morphemes object
    doc = AnnotatedDocument("x-ko", "ko", (Sentence("s1", word.form, 0, (word, other, word)),))
    text = render_conllu(doc, "", None, None, shared)
    assert text == render_conllu(doc, "") and "Lemmas=다른말" in text.split("\n")[5]


def test_every_shipped_conllu_file_parses_and_is_current():
    """Every file the build writes is CoNLL-U the `conllu` library reads, and a second
    build finds nothing to do."""
    corpus = Corpus(SHIPPED_CORPUS)
    for doc in corpus.documents():
        path = conllu_path(corpus, doc)
        sentences = conllu.parse(path.read_text(encoding="utf-8"))
        assert sentences, doc.id
        assert all(s.metadata.get("text") for s in sentences)
    stale = stale_documents(corpus)
    assert [d.id for d in stale] == []


def test_warm_build_does_not_load_kiwi(corpus_copy):
    code = ("import sys; from korpus.build import build; from korpus.corpus import Corpus; "
            f"r = build(Corpus({str(corpus_copy)!r})); "
            "assert not r.annotated, r.annotated; assert 'kiwipiepy' not in sys.modules; print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "ok", result.stderr


def test_build_redoes_only_what_changed(corpus_copy, kiwi):
    path = corpus_copy / "kakao-capex" / "ko.md"
    path.write_text(path.read_text(encoding="utf-8").replace("카카오의 올해 3분기", "카카오의 올해 3분기에", 1),
                    encoding="utf-8")
    report = build(Corpus(corpus_copy), kiwi=kiwi)
    assert report.annotated == ["kakao-capex-ko"]


def test_forced_build_reproduces_the_committed_annotations(corpus_copy, kiwi):
    """A forced build (Kiwi's pass with the other work interleaved) writes exactly what is committed."""
    derived = [p for p in sorted(corpus_copy.rglob("*")) if p.suffix == ".conllu" or p.name.endswith(".align.tsv")]
    before = {p: p.read_bytes() for p in derived}
    for path in derived:
        path.unlink()
    report = build(Corpus(corpus_copy), force=True, kiwi=kiwi)
    assert len(report.annotated) == 16 and sorted(report.aligned) == ["chatgpt-classroom-ko", "ms-ai-chips-ko"]
    assert {p: p.read_bytes() for p in derived} == before


def test_english_documents_are_split_with_nltk():
    doc = Corpus(SHIPPED_CORPUS).get("ms-ai-chips-en")
    sentences = annotate_other(doc).sentences
    assert sentences[0].text == ("Microsoft today unveiled its first two custom, in-house chips including an "
                                 "AI accelerator designed specifically for large language models.")
    assert all(s.words for s in sentences)


def test_golden_conllu_of_a_seed_article(kiwi, update_golden):
    """The whole CoNLL-U of one seed article, pinned; `pytest --update-golden` rewrites it."""
    from korpus.glossary import Glossary

    corpus = Corpus(SHIPPED_CORPUS)
    doc = corpus.get("ms-drops-twitter-ko")
    text = render_conllu(next(annotate_korean([doc], kiwi)), gloss=Glossary.for_corpus(corpus.root).gloss_text)
    golden = ROOT / "tests" / "data" / "golden" / "ms-drops-twitter-ko.conllu"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), "no golden file yet: run pytest --update-golden"
    expected = golden.read_text(encoding="utf-8")
    assert text == expected, "CoNLL-U output changed; if intended, run pytest --update-golden and review the diff"
