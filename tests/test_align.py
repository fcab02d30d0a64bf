"""The Korean-English sentence aligner: gold files, seed-pair quality floors, normalisers, invariants."""

from __future__ import annotations

import random
import time
import tracemalloc
from pathlib import Path

import pytest

from korpus.align import (
    Lexicon,
    align_sentences,
    builtin_lexicon,
    check_links,
    evaluate,
    format_links,
    lexicon_from_glossary,
    parse_links,
)
from korpus.align.evaluation import insert_english_run, perturb_pair, recombine_pairs
from korpus.align.features import features
from korpus.glossary import Gloss
from korpus.hangul import KOREAN_TERM_ENGLISH
from korpus.loanwords import is_loanword_match, loanword_distance
from korpus.numbers import Number, english_numbers, korean_numbers, numbers_match
from korpus.model import Link

from .conftest import SHIPPED_CORPUS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "align"
PAIRS = ("ms-ai-chips", "chatgpt-classroom")

# Strict precision / recall floors of the default aligner (no lexicon) on the seed pairs.
# A floor may only be raised, never lowered; none may be set below 0.9.
FLOOR_PRECISION = {"ms-ai-chips": 0.97, "chatgpt-classroom": 0.90}
FLOOR_RECALL = {"ms-ai-chips": 0.94, "chatgpt-classroom": 0.90}
# Measured on chatgpt-classroom when the floors were pinned: P 0.875, R 0.836 (F1 0.855).  The errors
# are choices only meaning can settle (two equally long sentences where one is dropped, a swapped pair,
# the Korean writer's own conclusion): the pair is below the 0.9 floor and marked xfail, strict, so that
# the day it passes the marker must go.
BELOW_FLOOR = {"chatgpt-classroom"}

# The same floors for the aligner as the pipeline calls it: each Korean sentence's lemmas (from the shipped
# annotation) and the built-in learner glossary as lexicon.  Measured when pinned: ms-ai-chips P 1.000
# R 1.000; chatgpt-classroom P 0.913 R 0.940 (F1 0.926).  A floor may only be raised.
FLOOR_LEXICON_PRECISION = {"ms-ai-chips": 1.0, "chatgpt-classroom": 0.91}
FLOOR_LEXICON_RECALL = {"ms-ai-chips": 1.0, "chatgpt-classroom": 0.94}


def load(name: str) -> tuple[list[str], list[str], list[Link]]:
    ko = (DATA / f"{name}.ko.txt").read_text(encoding="utf-8").splitlines()
    en = (DATA / f"{name}.en.txt").read_text(encoding="utf-8").splitlines()
    gold = parse_links((DATA / f"{name}.gold.tsv").read_text(encoding="utf-8"))
    return ko, en, gold


_LEMMAS: dict[str, list[list[str]]] = {}


def load_lemmas(name: str) -> list[list[str]]:
    """Each Korean sentence's lemmas, from the shipped corpus's annotation (as ``korpus build`` has them)."""
    if name not in _LEMMAS:
        from korpus.store import load_annotation
        from korpus.corpus import Corpus
        from korpus.errors import CorpusError

        ko, _, _ = load(name)
        corpus = Corpus(SHIPPED_CORPUS)
        try:
            sentences = load_annotation(corpus, corpus.get(f"{name}-ko")).sentences
        except CorpusError as exc:
            raise AssertionError(f"the lexicon quality gate needs the shipped annotation of {name}: {exc}") from None
        assert [s.text for s in sentences] == ko, (
            f"corpus/{name}/ko.conllu no longer splits sentences like tests/data/align/{name}.ko.txt: "
            "update the gold files with the new split, or fix the annotation")
        _LEMMAS[name] = [[lex.lemma for word in s.words for lex in word.lexemes] for s in sentences]
    return _LEMMAS[name]


def lexicon() -> Lexicon:
    return builtin_lexicon()


def align_with_lexicon(ko, en, lemmas):
    return align_sentences(ko, en, lexicon=lexicon(), ko_lemmas=lemmas)


# --------------------------------------------------------------------------- gold files


@pytest.mark.parametrize("name", PAIRS)
def test_gold_covers_every_sentence_once_in_order(name):
    ko, en, gold = load(name)
    assert all(s.strip() for s in ko + en)
    check_links(gold, len(ko), len(en))  # raises on a gap, a repeat or a crossing
    kinds = {(len(l.ko), len(l.en)) for l in gold}
    assert kinds <= {(1, 0), (0, 1), (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)}


@pytest.mark.parametrize("name", PAIRS)
def test_gold_file_is_in_format_links_form(name):
    text = (DATA / f"{name}.gold.tsv").read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert format_links(parse_links(text)).splitlines() == body
    assert text.startswith("#")  # the judgment calls are written down


def test_non_monotone_gold_says_so():
    text = (DATA / "chatgpt-classroom.gold.tsv").read_text(encoding="utf-8")
    assert "NOT MONOTONE" in text.split("\n0\t0")[0]


# --------------------------------------------------------------------------- seed pairs


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(
    strict=True, reason="below the 0.9 floor without a lexicon, see BELOW_FLOOR")) if n in BELOW_FLOOR else n
    for n in PAIRS])
def test_seed_pair_precision_and_recall_floors(name):
    ko, en, gold = load(name)
    links = align_sentences(ko, en)
    check_links(links, len(ko), len(en))
    result = evaluate(links, gold)
    assert result["precision"] >= FLOOR_PRECISION[name], result
    assert result["recall"] >= FLOOR_RECALL[name], result


@pytest.mark.parametrize("name", PAIRS)
def test_seed_pair_does_not_regress_below_measured(name):
    """A guard under the xfail above: what the default aligner measured when the floors were pinned."""
    measured_f1 = {"ms-ai-chips": 0.95, "chatgpt-classroom": 0.85}
    ko, en, gold = load(name)
    assert evaluate(align_sentences(ko, en), gold)["f1"] >= measured_f1[name]


@pytest.mark.parametrize("name", PAIRS)
def test_seed_pair_floors_with_lemmas_and_glossary(name):
    ko, en, gold = load(name)
    links = align_with_lexicon(ko, en, load_lemmas(name))
    check_links(links, len(ko), len(en))
    result = evaluate(links, gold)
    assert result["precision"] >= FLOOR_LEXICON_PRECISION[name], result
    assert result["recall"] >= FLOOR_LEXICON_RECALL[name], result


@pytest.mark.parametrize("name", PAIRS)
def test_lemmas_and_lexicon_never_lower_f1(name):
    ko, en, gold = load(name)
    plain = evaluate(align_sentences(ko, en), gold)["f1"]
    assert evaluate(align_with_lexicon(ko, en, load_lemmas(name)), gold)["f1"] >= plain


def test_seed_pair_omissions_are_found():
    ko, en, gold = load("ms-ai-chips")
    links = {(l.ko, l.en) for l in align_sentences(ko, en)}
    # Korean-only: MX data types (12, 13), Nvidia/AMD partnership (22-24); English-only: Sam Altman's and
    # Pat Stemen's quotes (9, 18) and the closing paragraphs (30-33)
    for k in (12, 13, 22, 23, 24):
        assert ((k,), ()) in links
    for j in (9, 18, 30, 31, 32, 33):
        assert ((), (j,)) in links
    assert ((9,), (10, 11, 12)) in links and ((11,), (14, 15, 16)) in links  # 1-3 links
    assert ((7, 8), (8,)) in links and ((17,), (21, 22)) in links  # 2-1 and 1-2


def test_scores_are_confidences():
    ko, en, _ = load("ms-ai-chips")
    links = align_sentences(ko, en)
    assert all(0.0 <= l.score <= 1.0 for l in links)
    strong = {(l.ko, l.en): l.score for l in links}
    assert strong[((20,), (25,))] > 0.9  # Azure ND MI300x v5, AMD, Instinct MI300X


# --------------------------------------------------------------------------- numbers and anchors


@pytest.mark.parametrize("text, values", [
    ("이 두 칩은 2024년에 고객들에게 제공될 예정이다.", [2024, 2]),
    ("63개의 에세이 모두 오류가 발견됐다.", [63]),
    ("이 칩은 128개의 코어를 보유하고 있다.", [128]),
    ("가격은 42000달러다.", [42000]),
    ("3분기 매출은 4조6,159억원으로 집계됐다.", [3, 4_615_900_000_000]),
    ("가입자 3,000만 명", [30_000_000]),
    ("전년 대비 17.3% 감소", [17.3]),
    ("첫째, 학생들이 어쨌든", [1]),
    ("둘째, 책임감 있게", [2]),
    ("첫 번째 AI 가속기", [1]),
    ("엔비디아의 H100 칩과 MI300X", []),  # model names are words, not numbers
    ("두뇌 발달", []),  # 두 inside a word is not "two"
])
def test_korean_numbers(text, values):
    assert sorted(n.value for n in korean_numbers(text)) == sorted(float(v) for v in values)


@pytest.mark.parametrize("text, values", [
    ("Both chips are set to be available to customers in 2024.", [2024]),
    ("Each chip has 128 cores", [128]),
    ("a $4.6 trillion market", [4.6e12]),
    ("30 million users, up 17.3%", [3e7, 17.3]),
    ("I chose to do this for two reasons.", [2]),
    ("The Azure ND MI300x v5 Virtual Machine", []),
])
def test_english_numbers(text, values):
    assert sorted(n.value for n in english_numbers(text)) == sorted(values)


@pytest.mark.parametrize("a, b, same", [
    (Number(4_615_900_000_000), Number(4.6e12, sig=2), True),  # 4조6,159억 ~ 4.6 trillion
    (Number(30_000_000, sig=4), Number(3e7, sig=2), True),  # 3,000만 = 30 million
    (Number(2024), Number(2024), True),
    (Number(2023), Number(2024), False),
    (Number(128), Number(100), False),
    (Number(4_615_900_000_000), Number(4.7e12, sig=2), False),
])
def test_numbers_match(a, b, same):
    assert numbers_match(a, b) is same
    assert numbers_match(b, a) is same


def test_korean_terms_glossed_in_english():
    def glosses(text):
        return [(m.group(1), m.group(2)) for m in KOREAN_TERM_ENGLISH.finditer(text)]

    assert glosses("사티아 나델라(Satya Nadella) CEO는 ChatGPT와 AMD의 H100을 2024년에 소개했다.") == [
        ("사티아 나델라", "Satya Nadella")]
    assert glosses("대규모언어모델(LLM)을 위한") == [("대규모언어모델", "LLM")]


# --------------------------------------------------------------------------- transliteration


@pytest.mark.parametrize("korean, english", [
    ("마이아", "Maia"), ("코발트", "Cobalt"), ("코발트를", "Cobalt"), ("이그나이트", "Ignite"),
    ("하이퍼스케일러", "hyperscalers"), ("하이퍼스케일러로서의", "hyperscaler"), ("마이크로소프트", "Microsoft"),
    ("엔비디아", "Nvidia"), ("에세이", "essays"), ("퀸시", "Quincy"), ("워싱턴", "Washington"),
    ("가트너", "Gartner"), ("나델라", "Nadella"), ("프리스틀리", "Priestley"), ("데이터", "data"),
    ("클라우드", "cloud"), ("워크로드", "workloads"), ("서버", "servers"), ("칩", "chips"), ("팀", "team"),
    ("케이블", "cables"), ("네트워킹", "networking"), ("오프로딩", "offloading"), ("엔진", "engine"),
    ("하드웨어", "hardware"), ("소프트웨어", "software"), ("엔드투엔드", "endtoend"), ("아키텍처", "architecture"),
    ("뉴런", "neurons"), ("리터러시", "literacy"), ("코멘트", "comments"), ("아마존", "Amazon"),
    ("넷플릭스", "Netflix"), ("스트리밍", "streaming"), ("유튜브", "YouTube"), ("저커버그", "Zuckerberg"),
    ("아이칸", "Icahn"), ("사라", "Sarah"),
])
def test_loanwords_match(korean, english):
    assert is_loanword_match(korean, english), (korean, english, loanword_distance(korean, english))


@pytest.mark.parametrize("korean, english", [
    ("마이아", "Microsoft"), ("코발트", "cable"), ("하이퍼스케일러", "hardware"), ("학생", "fiction"),
    ("개발", "cable"), ("의미", "Maia"), ("위치", "azure"), ("교수", "course"), ("사고", "source"),
    ("세상", "essay"), ("기반", "given"), ("모델", "made"), ("데이터", "Nvidia"), ("과제", "quiz"),
])
def test_loanwords_do_not_match(korean, english):
    assert not is_loanword_match(korean, english), (korean, english, loanword_distance(korean, english))


def test_transliterated_names_are_evidence():
    """Issue #12's misses: a Hangul name the glossary does not know is matched with a capitalised English
    word even when it could read as Sino-Korean or has one consonant (야후/Yahoo's), and so decides
    which English sentence has no counterpart."""
    ko = ["야후 이사회는 마이크로소프트의 제안을 거부했다.", "아이칸은 주주들에게 편지를 보냈다.", "주가는 10% 올랐다."]
    en = ["Yahoo's board rejected Microsoft's offer.", "Analysts expect a long battle for the company.",
          "Icahn wrote a letter to shareholders.", "Shares rose 10%."]
    concepts = features(ko, en, builtin_lexicon()).concepts
    assert ("w", "yahoo") in concepts and ("w", "icahn") in concepts
    links = align_sentences(ko, en, lexicon=builtin_lexicon())
    assert [(l.ko, l.en) for l in links] == [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]


# --------------------------------------------------------------------------- held-out real documents

HELDOUT = ROOT / "bench" / "data" / "align-heldout"
# Micro-averaged strict F1 of the aligner as the pipeline calls it (lemmas + glossary) on the held-out Debian
# documents (bench/data/align-heldout/SOURCES.md), measured when pinned: dev 0.963, test 0.918 (before this
# set's first changes: dev 0.951, test 0.918).  A floor may only be raised.
HELDOUT_FLOOR = {"dev": 0.96, "test": 0.90}


def _heldout(part: str):
    for gold_file in sorted((HELDOUT / part).glob("*.gold.tsv")):
        stem = str(gold_file)[: -len(".gold.tsv")]

        def lines(suffix: str) -> list[str]:
            return Path(stem + suffix).read_text(encoding="utf-8").splitlines()

        yield lines(".ko.txt"), lines(".en.txt"), parse_links(gold_file.read_text(encoding="utf-8")), [
            line.split() for line in lines(".ko.lemmas")]


@pytest.mark.parametrize("part", sorted(HELDOUT_FLOOR))
def test_heldout_documents_floor(part):
    """Real translations nobody tuned the aligner on (test/ never read but for this figure)."""
    totals = {"correct": 0, "predicted": 0, "gold": 0}
    for ko, en, gold, lemmas in _heldout(part):
        check_links(gold, len(ko), len(en))
        assert len(lemmas) == len(ko)
        result = evaluate(align_with_lexicon(ko, en, lemmas), gold)
        for key in totals:
            totals[key] += result[key]
    precision, recall = totals["correct"] / totals["predicted"], totals["correct"] / totals["gold"]
    assert 2 * precision * recall / (precision + recall) >= HELDOUT_FLOOR[part], totals


def test_a_glossed_word_is_no_loanword_of_another_english_word():
    """서버 sounds like "shipped" too, but the glossary says it is "server": a word the glossary knows is
    only the loanword of what it glosses it as (or of a name it matches near-exactly)."""
    ko = ["이 기간 동안 서버를 지원했다.", "6월에 출시되었다."]
    en = ["During this time the server was shipped.", "It was released in June."]
    concepts = features(ko, en, builtin_lexicon()).concepts
    assert ("w", "server") in concepts and ("w", "shipped") not in concepts


# --------------------------------------------------------------------------- synthetic texts


def test_inserted_korean_and_dropped_english_sentences_become_omissions():
    ko, en, _ = load("ms-ai-chips")
    other_ko, _, _ = load("chatgpt-classroom")
    # ms-ai-chips 14-20 <-> 17, 19-25 are 1-1 translations; keep seven of them as a parallel text
    pairs = [(14, 17), (15, 19), (16, 20), (18, 23), (19, 24), (20, 25), (2, 2)]
    ko_text = [ko[k] for k, _ in pairs]
    en_text = [en[j] for _, j in pairs]
    ko_text.insert(3, other_ko[19])  # "63개의 에세이 모두 오류가 발견됐다." has no English here
    del en_text[5]  # the English of ko_text[6] is gone
    links = align_sentences(ko_text, en_text)
    check_links(links, len(ko_text), len(en_text))
    got = {(l.ko, l.en) for l in links}
    assert ((3,), ()) in got and ((6,), ()) in got
    expected_pairs = [(0, 0), (1, 1), (2, 2), (4, 3), (5, 4), (7, 5)]
    for k, j in expected_pairs:
        assert ((k,), (j,)) in got


def test_unrelated_articles_are_mostly_omissions():
    ko, _, _ = load("ms-ai-chips")
    _, en, _ = load("chatgpt-classroom")
    for links in (align_sentences(ko, en), align_with_lexicon(ko, en, load_lemmas("ms-ai-chips"))):
        linked = sum(1 for l in links if l.ko and l.en)
        assert linked <= 5


def _perturbed(name: str, seed: int):
    """Held-out variants of a seed pair: sentences dropped, a block cut, unrelated sentences inserted."""
    ko, en, gold = load(name)
    other = [n for n in PAIRS if n != name][0]
    other_ko, other_en, _ = load(other)
    return perturb_pair(ko, en, gold, load_lemmas(name), other_ko, other_en, load_lemmas(other), seed)


# Mean strict F1 over the 16 variants when pinned, without / with lemmas and glossary: ms-ai-chips
# 0.943 / 0.970, chatgpt-classroom 0.797 / 0.920.  A floor may only be raised.
PERTURBED_FLOOR = {"ms-ai-chips": 0.95, "chatgpt-classroom": 0.90}


@pytest.mark.parametrize("name", PAIRS)
def test_perturbed_seed_pairs_held_out(name):
    """A guard against tuning to the two articles: variants whose alignment nobody looked at."""
    plain, lexical = [], []
    for seed in range(16):
        ko, en, lemmas, gold = _perturbed(name, seed)
        plain.append(evaluate(align_sentences(ko, en), gold)["f1"])
        links = align_with_lexicon(ko, en, lemmas)
        check_links(links, len(ko), len(en))
        lexical.append(evaluate(links, gold)["f1"])
    assert sum(lexical) / len(lexical) >= PERTURBED_FLOOR[name], (plain, lexical)
    assert sum(lexical) >= sum(plain)


@pytest.mark.parametrize("ko, en, expected", [
    ([], [], []),
    (["한 문장."], [], [Link((0,), ())]),
    ([], ["One.", "Two."], [Link((), (0,)), Link((), (1,))]),
])
def test_empty_inputs(ko, en, expected):
    links = align_sentences(ko, en)
    assert [(l.ko, l.en) for l in links] == [(l.ko, l.en) for l in expected]
    check_links(links, len(ko), len(en))


def test_single_sentences():
    links = align_sentences(["MS는 2024년에 마이아 칩을 출시한다."], ["Microsoft will ship Maia chips in 2024."])
    assert [(l.ko, l.en) for l in links] == [((0,), (0,))]


def test_lexicon_is_extra_evidence():
    ko = ["학생들은 놀랐다.", "교수는 질문을 던졌다.", "결과는 놀라웠다."]
    en = ["The professor asked questions.", "The results were surprising."]
    lexicon = {"교수": ["professor"], "질문": ["question"], "결과": ["result", "outcome"], "놀라다": ["to be surprised"]}
    plain = {(l.ko, l.en): l.score for l in align_sentences(ko, en)}
    with_lexicon = align_sentences(ko, en, lexicon=lexicon)
    check_links(with_lexicon, 3, 2)
    for link in with_lexicon:
        if link.ko and link.en and (link.ko, link.en) in plain:
            assert link.score > plain[(link.ko, link.en)]
    assert ((2,), (1,)) in {(l.ko, l.en) for l in with_lexicon}


@pytest.mark.parametrize("gloss, words", [
    ("to disclose, make public; to release", ("disclose", "public", "release")),
    ("accelerator (AI accelerator chip)", ("accelerator",)),
    ("to be, exist (there is/are); to have", ("exist",)),
    ("to do; to make; (forms verbs from nouns: -하다)", ()),
    ("relation, connection (관련 N: related N)", ("relation", "connection")),
    ("chip (semiconductor)", ("chip",)),
    ("(stock) certificate", ("certificate",)),
    ("remote work, working from home", ("remote", "work", "working", "home")),
    ("middle-aged woman, ma'am", ("middle", "aged", "woman", "ma'am")),
    ("master’s degree", ("master", "degree")),
    ("thing, object; something", ("object",)),
])
def test_lexicon_from_glossary_words(gloss, words):
    lexicon = lexicon_from_glossary({("말", "NNG"): Gloss(gloss, "built-in")})
    assert lexicon.get("말", ()) == words


def test_lexicon_from_glossary_pools_tags_and_accepts_plain_mappings():
    glossary = {("있다", "VA"): Gloss("to be, exist; to have", "built-in"),
                ("있다", "VV"): Gloss("to be, exist; to stay", "built-in"),
                ("보다", "MAG"): Gloss("more, -er (보다 쉽게: more easily)", "built-in")}
    assert lexicon_from_glossary(glossary) == {"있다": ("exist", "stay")}
    assert lexicon_from_glossary({"칩": "chip (semiconductor)", "교수": ["professor", "the teacher"]}) == {
        "칩": ("chip",), "교수": ("professor", "teacher")}


def test_composed_lemmas_are_evidence():
    """A lemma no glossary has is looked up by the gloss the reader composes for it from its parts, so
    that a loose translation still links (불행히 "unfortunately" put the held-out manifesto's ko 27 with
    en 24): 불행히 "unfortunately", 비상업적 "non-commercial"."""
    lexicon = lexicon_from_glossary({("불행하다", "VA"): Gloss("unhappy, unfortunate", "built-in"),
                                     ("상업적", "NNG"): Gloss("commercial", "built-in", "商業的")})
    assert "unfortunat" in lexicon.targets("불행히")
    assert "commercial" in lexicon.targets("비상업적")
    assert not lexicon_from_glossary({"상업적": "commercial"}).targets("비상업적")  # no tags: no composition
    # without lemmas (korpus align-files) a stripped surface form is composed before a prefix is guessed
    # (불행 "misfortune" would match nothing)
    shared = features(["불행히도 그랬다."], ["Unfortunately, it was."], builtin_lexicon()).concepts
    assert ("x", "불행히") in shared


def test_lexicon_from_glossary_drops_words_common_to_many_glosses():
    glossary = {f"단어{k}": f"term{chr(97 + k // 26)}{chr(97 + k % 26)}, time" for k in range(40)}
    glossary["시간"] = "time, hour"
    lexicon = lexicon_from_glossary(glossary)
    assert lexicon["시간"] == ("hour",)  # "time" glosses 41 lemmas: too common to tell sentences apart
    assert lexicon["단어3"] == ("termad",)


def test_builtin_lexicon_is_made_once():
    assert builtin_lexicon() is builtin_lexicon()
    lexicon = builtin_lexicon()
    assert lexicon["학생"] == ("student",)
    assert "하다" not in lexicon  # "to do; to make": nothing left


def test_lemmas_are_evidence_with_light_stemming():
    ko = ["학생들은 놀랐다.", "교수는 질문을 던졌다.", "결과는 놀라웠다."]
    en = ["The professor asked questions.", "The results were surprising."]
    lemmas = [["학생", "놀라다"], ["교수", "질문", "던지다"], ["결과", "놀랍다"]]
    lexicon = {"교수": ("professor",), "질문": ("question",), "결과": ("result", "outcome"),
               "놀랍다": ("surprising",), "놀라다": ("surprised",)}
    plain = {(l.ko, l.en): l.score for l in align_sentences(ko, en)}
    links = align_sentences(ko, en, lexicon=lexicon, ko_lemmas=lemmas)
    check_links(links, 3, 2)
    got = {(l.ko, l.en): l.score for l in links}
    assert ((2,), (1,)) in got  # results/결과, surprising/놀랍다 (questions/question, results/result: stems)
    for key, score in got.items():
        if key[0] and key[1] and key in plain:
            assert score > plain[key]
    # lemmas without a lexicon, or a lexicon without any of the lemmas, change nothing
    assert align_sentences(ko, en, ko_lemmas=lemmas) == align_sentences(ko, en)
    assert align_sentences(ko, en, lexicon={"없는말": ("nothing",)}, ko_lemmas=lemmas) == align_sentences(ko, en)
    # (lemma, tag) pairs work as well as lemmas
    tagged = [[(lemma, "NNG") for lemma in sentence] for sentence in lemmas]
    assert align_sentences(ko, en, lexicon=lexicon, ko_lemmas=tagged) == links
    with pytest.raises(ValueError):
        align_sentences(ko, en, lexicon=lexicon, ko_lemmas=lemmas[:2])  # one list per Korean sentence


# --------------------------------------------------------------------------- format, parse, evaluate


def test_format_and_parse_round_trip():
    links = [Link((0,), (0,)), Link((1, 2), (1,)), Link((3,), ()), Link((), (2,)), Link((4,), (3, 4, 5))]
    text = format_links(links)
    assert text == "0\t0\n1,2\t1\n3\t\n\t2\n4\t3,4,5\n"
    assert parse_links(text) == [Link(l.ko, l.en, 0.0) for l in links]
    assert parse_links("# comment\n\n" + text) == parse_links(text)
    assert format_links([]) == ""


def test_parse_rejects_garbage():
    with pytest.raises(ValueError):
        parse_links("1\tx\n")
    with pytest.raises(ValueError):
        parse_links("a,b\t1\n")


def test_evaluate_is_strict():
    gold = [Link((0,), (0,)), Link((1, 2), (1,)), Link((3,), ())]
    pred = [Link((0,), (0,)), Link((1,), (1,)), Link((2,), ()), Link((3,), ())]
    result = evaluate(pred, gold)
    assert result["precision"] == pytest.approx(2 / 4)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert evaluate([], [])["f1"] == 1.0


def test_check_links_rejects_bad_covers():
    with pytest.raises(ValueError):
        check_links([Link((0,), (0,)), Link((2,), (1,))], 3, 2)  # Korean 1 skipped
    with pytest.raises(ValueError):
        check_links([Link((0,), (1,)), Link((1,), (0,))], 2, 2)  # crossing
    with pytest.raises(ValueError):
        check_links([Link((0,), (0,))], 1, 2)  # English 1 never covered


# --------------------------------------------------------------------------- invariants


def test_random_inputs_are_covered_exactly_once_in_order():
    pools = [load(name) for name in PAIRS]
    ko_pool = [s for ko, _, _ in pools for s in ko] + ["", "...", "2024년", "AI"]
    en_pool = [s for _, en, _ in pools for s in en] + ["", "—", "2024.", "AI"]
    rnd = random.Random(7)
    for _ in range(60):
        ko = [rnd.choice(ko_pool) for _ in range(rnd.randrange(0, 14))]
        en = [rnd.choice(en_pool) for _ in range(rnd.randrange(0, 14))]
        links = align_sentences(ko, en)
        check_links(links, len(ko), len(en))
        assert all(0.0 <= l.score <= 1.0 for l in links)
        lemmas = [[w for w in s.split() if w] for s in ko]  # words as lemmas: mostly unknown to the glossary
        links = align_sentences(ko, en, lexicon=lexicon(), ko_lemmas=lemmas)
        check_links(links, len(ko), len(en))


@pytest.mark.parametrize("with_lexicon", [False, True])
def test_forty_by_forty_is_fast(with_lexicon):
    (ko1, en1, _), (ko2, en2, _) = (load(name) for name in PAIRS)
    ko, en = (ko1 + ko2)[:40], (en1 + en2)[:40]
    kwargs = {}
    if with_lexicon:
        kwargs = {"lexicon": lexicon(), "ko_lemmas": (load_lemmas(PAIRS[0]) + load_lemmas(PAIRS[1]))[:40]}
    align_sentences(ko, en, **kwargs)  # warm caches
    times = []
    for _ in range(5):
        start = time.perf_counter()
        align_sentences(ko, en, **kwargs)
        times.append(time.perf_counter() - start)
    assert sorted(times)[2] < 0.25  # the benchmark measures it properly; this only catches a blow-up


# --------------------------------------------------------------------------- long texts


def _recombined(size: int, seed: int):
    """A long parallel text of ``size`` Korean sentences chained from runs of the seed pairs' gold links."""
    pairs = [load(name) + (load_lemmas(name),) for name in PAIRS]
    return recombine_pairs(pairs, size, seed)


def _align_traced(ko, en, lemmas):
    """The links (lemmas and glossary, as the pipeline) and the peak memory the call added, in MB.

    The peak resident set (``VmHWM``) is reset just before the call through ``/proc/self/clear_refs``;
    where that is not allowed, ``tracemalloc`` measures it (the same bound, some 20 times slower).
    """
    align_sentences(ko[:30], en[:40], lexicon=lexicon(), ko_lemmas=lemmas[:30])  # module caches: once
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        tracemalloc.start()
        try:
            links = align_sentences(ko, en, lexicon=lexicon(), ko_lemmas=lemmas)
            return links, tracemalloc.get_traced_memory()[1] / 1e6
        finally:
            tracemalloc.stop()
    before = _status_kb("VmRSS")
    links = align_sentences(ko, en, lexicon=lexicon(), ko_lemmas=lemmas)
    return links, (_status_kb("VmHWM") - before) / 1024


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))


def test_long_text_aligns_in_bounded_memory():
    """1,200 Korean x ~1,600 English sentences: half the matrix was 1 GB; a band around a coarse path is not."""
    ko, en, lemmas, gold = _recombined(1200, seed=3)
    links, peak = _align_traced(ko, en, lemmas)
    check_links(links, len(ko), len(en))
    assert peak < 150, peak
    assert evaluate(links, gold)["f1"] >= 0.9


def test_long_omission_stays_inside_the_band():
    """80 English sentences with no Korean counterpart in the middle of a long text (an untranslated
    section): the coarse path must skip them, or the narrow band loses every link after them."""
    ko, en, lemmas, gold = _recombined(1000, seed=5)
    english_only = [load(name)[1][j] for name in PAIRS for link in load(name)[2] if not link.ko for j in link.en]
    run = [english_only[k % len(english_only)] for k in range(80)]
    at = len(gold) // 2  # where insert_english_run puts the run among the gold links
    en, gold = insert_english_run(en, gold, run)
    links, peak = _align_traced(ko, en, lemmas)
    check_links(links, len(ko), len(en))
    assert peak < 150, peak
    got = {(l.ko, l.en) for l in links}
    omitted, after = gold[at:at + 80], [l for l in gold[at + 80:] if l.ko and l.en]
    assert all(not l.ko and en[l.en[0]] in run for l in omitted)
    assert sum(1 for l in omitted if (l.ko, l.en) in got) >= 76  # the run is left unaligned
    assert sum(1 for l in after if (l.ko, l.en) in got) >= 0.9 * len(after)  # the links after it are found
    assert evaluate(links, gold)["f1"] >= 0.9


@pytest.mark.parametrize("story", PAIRS)
@pytest.mark.parametrize("options, suffix", [([], "align-files"), (["--no-lexicon"], "align-files-no-lexicon")])
def test_align_files_output_is_pinned(runner, story, options, suffix):
    """`korpus align-files` on the seed pairs, byte for byte: a refactor of the aligner changes nothing.
    (An intended change of the model rewrites the expected files, and says why in its commit.)"""
    from korpus.cli import cli

    result = runner.invoke(cli, ["align-files", str(DATA / f"{story}.ko.txt"), str(DATA / f"{story}.en.txt"),
                                 "--lines", *options])
    assert result.exit_code == 0, result.output
    assert result.stdout == (DATA / f"{story}.{suffix}.tsv").read_text(encoding="utf-8")
