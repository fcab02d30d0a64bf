"""Grammar notes: the table, the matcher, and how much of the shipped corpus they explain."""

from __future__ import annotations

import re
import time
from importlib import resources
from pathlib import Path

import pytest

from korpus.errors import KorpusError
from korpus.grammar import (
    COLUMNS,
    GRAMMAR_NOTES,
    GrammarMatcher,
    coverage,
    explain_words,
    grammar_notes,
    parse_grammar_table,
)
from korpus.model import Block, Document, Morpheme

from .conftest import SHIPPED_CORPUS

HANGUL = re.compile(r"[가-힣]")


def words_of(text: str) -> list[list[Morpheme]]:
    """``"제공하/VV+ᆯ/ETM 수/NNB"`` -> words of morphemes (hand-written analyses)."""
    return [[Morpheme(*item.rsplit("/", 1)) for item in word.split("+")] for word in text.split()]


# --------------------------------------------------------------------------- the table


def table_rows() -> list[tuple[int, list[str]]]:
    text = resources.files("korpus").joinpath("data/grammar.tsv").read_text(encoding="utf-8")
    return [(n, line.split("\t")) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.startswith("#")]


def test_table_starts_with_a_header_comment():
    text = resources.files("korpus").joinpath("data/grammar.tsv").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("#") and all(column in first for column in COLUMNS)


def test_table_is_well_formed_with_unique_ids():
    rows = table_rows()
    ids = [fields[0] for _, fields in rows]
    assert len(ids) == len(set(ids)), "duplicate note ids"
    assert all(len(fields) == len(COLUMNS) for _, fields in rows)
    notes = grammar_notes()
    assert len(notes) == len(rows) >= 120
    for note in notes.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", note.id)
        assert note.name and note.meaning and note.usage
        assert HANGUL.search(note.example) and re.search(r"\(.+\)\s*$", note.example), note.id
        if not note.is_construction:
            # single-morpheme notes explain particles and endings only
            assert all(tag[0] in "JE" for item in note.pattern for tag in item.tags), note.id


def test_grammar_notes_accessors_agree():
    notes = grammar_notes()
    assert len(GRAMMAR_NOTES) == len(notes)
    assert GRAMMAR_NOTES["obj-eul-reul"] is notes["obj-eul-reul"]
    assert "cons-l-su-itda" in GRAMMAR_NOTES
    note = notes["cons-l-su-itda"]
    assert note.is_construction and note.name == "-(으)ㄹ 수 있다/없다"
    assert note.pattern_text.startswith("ᆯ|을/ETM 수/NNB ")


REQUIRED = [
    # particles
    ("이", "JKS"), ("가", "JKS"), ("을", "JKO"), ("를", "JKO"), ("은", "JX"), ("는", "JX"), ("의", "JKG"),
    ("에", "JKB"), ("에서", "JKB"), ("에게", "JKB"), ("한테", "JKB"), ("께", "JKB"), ("으로", "JKB"),
    ("로", "JKB"), ("로서", "JKB"), ("으로써", "JKB"), ("와", "JC"), ("과", "JKB"), ("하고", "JKB"),
    ("이나", "JC"), ("도", "JX"), ("만", "JX"), ("까지", "JX"), ("부터", "JX"), ("보다", "JKB"),
    ("처럼", "JKB"), ("같이", "JKB"), ("마다", "JX"), ("조차", "JX"), ("마저", "JX"), ("밖에", "JX"),
    ("요", "JX"), ("라고", "JKQ"), ("고", "JKQ"), ("이랑", "JKB"), ("에다", "JKB"), ("께서", "JKS"),
    ("대로", "JX"), ("뿐", "JX"),
    # pre-final and final endings
    ("었", "EP"), ("았", "EP"), ("였", "EP"), ("겠", "EP"), ("시", "EP"), ("었었", "EP"), ("더", "EP"),
    ("다", "EF"), ("ᆫ다", "EF"), ("는다", "EF"), ("습니다", "EF"), ("ᆸ니다", "EF"), ("어요", "EF"),
    ("니", "EF"), ("냐", "EF"), ("ᆯ까", "EF"), ("자", "EF"), ("라", "EF"), ("세요", "EF"), ("지", "EF"),
    ("네", "EF"), ("군", "EF"),
    # connective, adnominal, nominal and quotative endings
    ("고", "EC"), ("어", "EC"), ("어서", "EC"), ("며", "EC"), ("으며", "EC"), ("면", "EC"), ("으면", "EC"),
    ("지만", "EC"), ("는데", "EC"), ("ᆫ데", "EC"), ("도록", "EC"), ("게", "EC"), ("기에", "EC"),
    ("니까", "EC"), ("려고", "EC"), ("러", "EC"), ("자", "EC"), ("다가", "EC"), ("든지", "EC"),
    ("거나", "EC"), ("더라도", "EC"), ("어도", "EC"), ("다면", "EC"), ("듯", "EC"), ("지", "EC"),
    ("고자", "EC"), ("ᆫ", "ETM"), ("은", "ETM"), ("는", "ETM"), ("ᆯ", "ETM"), ("을", "ETM"), ("던", "ETM"),
    ("다는", "ETM"), ("라는", "ETM"), ("ᆫ다는", "ETM"), ("기", "ETN"), ("ᆷ", "ETN"), ("음", "ETN"),
    ("다고", "EC"), ("라고", "EC"), ("냐고", "EC"), ("자고", "EC"), ("ᆫ다고", "EC"),
]


@pytest.mark.parametrize("form, tag", REQUIRED)
def test_common_particles_and_endings_have_a_note(form, tag):
    assert explain_words([[Morpheme(form, tag)]]) != [()], f"{form}/{tag}"


def test_every_frequent_corpus_morpheme_is_covered():
    """Every particle/ending form seen at least twice in the shipped corpus has a note."""
    frequent = [("을", "JKO"), ("ᆫ", "ETM"), ("었", "EP"), ("는", "JX"), ("ᆫ다", "EF"), ("과", "JC"),
                ("다는", "ETM"), ("ᆫ", "JX"), ("ᆸ니다", "EF"), ("고", "JKQ"), ("는가", "EF"), ("냐는", "ETM"),
                ("단", "ETM"), ("라며", "EC"), ("로부터", "JKB"), ("되", "EC"), ("ᆫ다면", "EF"), ("란", "ETM"),
                ("려", "EC"), ("만큼", "JKB"), ("니", "EC"), ("나", "EC"), ("나", "JX"), ("으나", "EC")]
    for form, tag in frequent:
        assert explain_words([[Morpheme(form, tag)]]) != [()], f"{form}/{tag}"


# --------------------------------------------------------------------------- malformed tables

GOOD = "obj-eul-reul\t을|를/JKO\t-을/를\tobject particle\tMarks the object.\t책을 읽는다 (reads a book)"


@pytest.mark.parametrize("bad, message", [
    ("obj\t을/JKO\t-을\tobject", "expected 6 tab-separated columns"),
    ("Obj_Eul\t을/JKO\t-을\tobject\tuse\t책을 (a book)", "not a slug"),
    ("obj-x\t을JKO\t-을\tobject\tuse\t책을 (a book)", "is not FORMS/TAGS"),
    ("obj-x\t을/JKX\t-을\tobject\tuse\t책을 (a book)", "unknown tag"),
    ("obj-x\t을/JKO\t-을\t\tuse\t책을 (a book)", "empty column"),
    ("obj-x\t을/JKO?\t-을\tobject\tuse\t책을 (a book)", "optional"),
    (GOOD, "duplicate note id 'obj-eul-reul' (first on line 2)"),
])
def test_malformed_line_raises_a_clear_error(bad, message):
    text = f"# header\n{GOOD}\n\n{bad}\n"
    with pytest.raises(KorpusError) as info:
        parse_grammar_table(text, source="test.tsv")
    assert "test.tsv, line 4" in str(info.value)
    assert message in str(info.value)


def test_comments_and_blank_lines_are_skipped():
    notes = parse_grammar_table(f"# header\n\n# note\n{GOOD}\n")
    assert list(notes) == ["obj-eul-reul"]
    assert notes["obj-eul-reul"].pattern_text == "을|를/JKO"


# --------------------------------------------------------------------------- matching (hand-written)


def test_construction_is_attached_to_every_word_it_covers():
    # 제공할 수 있다고 밝혔다
    words = words_of("제공하/VV+ᆯ/ETM 수/NNB 있/VA+다고/EC 밝히/VV+었/EP+다/EF")
    assert explain_words(words) == [
        ("cons-l-su-itda", "etm-l"),
        ("cons-l-su-itda",),
        ("cons-l-su-itda", "ec-dago"),
        ("ep-past", "ef-da"),
    ]


def test_reported_speech_across_words():
    # 했다고 한다
    words = words_of("하/VV+었/EP+다고/EC 하/VV+ᆫ다/EF")
    assert explain_words(words) == [("ep-past", "cons-dago-hada", "ec-dago"), ("cons-dago-hada", "ef-nda")]


def test_construction_inside_a_longer_one_is_dropped():
    # 떠난 것으로 알려졌다: -ㄴ 것으로 알려졌다, not also -는 것
    words = words_of("떠나/VV+ᆫ/ETM 것/NNB+으로/JKB 알려지/VV+었/EP+다/EF")
    result = explain_words(words)
    assert result[0] == ("cons-geoseuro-allyeojida", "etm-n")
    assert "cons-neun-geot" not in {i for ids in result for i in ids}
    assert result[1] == ("cons-geoseuro-allyeojida", "dir-euro")


def test_more_specific_construction_wins_on_the_same_morphemes():
    # 파트너이자: -이자 rather than the general copula note
    assert explain_words(words_of("파트너/NNG+이/VCP+자/EC")) == [("cons-ija", "ec-ja")]
    assert explain_words(words_of("칩/NNG+이/VCP+다/EF")) == [("cop-ida", "ef-da")]


def test_optional_items():
    # 할 수도 있다 / 할 수 있다
    assert "cons-l-su-itda" in explain_words(words_of("하/VV+ᆯ/ETM 수/NNB+도/JX 있/VA+다/EF"))[2]
    # 기술뿐만 아니라 (no -ㄹ) and 빠를 뿐만 아니라
    noun = explain_words(words_of("기술/NNG+뿐/JX+만/JX 아니/VCN+라/EC"))
    verb = explain_words(words_of("빠르/VA+ᆯ/ETM 뿐/NNB+만/JX 아니/VCN+라/EC"))
    for result in (noun, verb):
        assert result[-1][0] == "cons-ppunman-anira" and "cop-anida" not in result[-1]
    assert verb[0] == ("cons-ppunman-anira", "etm-l")


def test_punctuation_and_empty_words():
    assert explain_words([]) == []
    assert explain_words([[], [Morpheme(".", "SF")]]) == [(), ()]
    # a quotation mark between the quote and 고 does not stop the particle note
    assert explain_words(words_of('있/VA+다/EF "/SSC 고/JKQ'))[2] == ("quot-go",)


def test_coverage_counts_grammatical_morphemes():
    sentence = words_of("학생/NNG+이/JKS 오/VV+zz/EC 가/VV+었/EP+다/EF ./SF")
    assert coverage([sentence]) == (3, 4)
    assert coverage([]) == (0, 0)


def test_matcher_on_a_custom_table():
    notes = parse_grammar_table(
        "a\t을|를/JKO\tA\tobject\tuse\t책을 (x)\n"
        "b\tᆯ|을/ETM 수/NNB 도/JX? 있/VA\tB\tcan\tuse\t할 수 있다 (y)\n"
    )
    matcher = GrammarMatcher(notes)
    words = words_of("책/NNG+을/JKO 읽/VV+을/ETM 수/NNB+도/JX 있/VA+다/EF")
    assert matcher.explain_words(words) == [("a",), ("b",), ("b",), ("b",)]
    assert matcher.coverage([words]) == (3, 4)


# --------------------------------------------------------------------------- real Kiwi analyses


@pytest.fixture(scope="module")
def corpus_docs():
    from korpus.corpus import Corpus

    return Corpus(SHIPPED_CORPUS).documents("ko")


@pytest.fixture(scope="module")
def kiwi(corpus_docs):
    from korpus.kiwi import get_kiwi, harvest_user_words

    return get_kiwi(harvest_user_words(p for d in corpus_docs for p in d.paragraphs))


def analyse(kiwi, text: str):
    from korpus.annotate import annotate_korean

    doc = Document("test", "ko", "test", (Block("paragraph", text),), "test")
    return [word for sentence in next(annotate_korean([doc], kiwi)).sentences for word in sentence.words]


SENTENCES = [
    # sentence, word, notes that must be on the word, notes that must not
    ("제공할 수 있다고 밝혔다.", "제공할", ("cons-l-su-itda", "etm-l"), ()),
    ("제공할 수 있다고 밝혔다.", "수", ("cons-l-su-itda",), ()),
    ("제공할 수 있다고 밝혔다.", "있다고", ("cons-l-su-itda", "ec-dago"), ()),
    ("제공할 수 있다고 밝혔다.", "밝혔다", ("ep-past", "ef-da"), ("cons-l-su-itda",)),
    ("개발하기 위해 노력했다.", "개발하기", ("cons-gi-wihae", "etn-gi"), ()),
    ("개발하기 위해 노력했다.", "위해", ("cons-gi-wihae", "ec-eo"), ()),
    ("학생을 위한 책이다.", "위한", ("cons-eul-wihae", "etm-n"), ()),
    ("기술을 개발함으로써 성장했다.", "개발함으로써", ("cons-m-eurosseo", "etn-m", "ins-eurosseo"), ()),
    ("그는 간다고 했다.", "했다", ("cons-dago-hada", "ep-past", "ef-da"), ()),
    ("가격이 오른다고 해도 산다.", "해도", ("cons-dago-haedo",), ("cons-dago-hada",)),
    ("AI를 쓰게 됐다.", "쓰게", ("cons-ge-doeda", "ec-ge"), ()),
    ("AI를 쓰게 됐다.", "AI를", ("obj-eul-reul",), ()),
    ("학생들이 공부하고 있다.", "있다", ("cons-go-itda", "ef-da"), ("cons-eo-itda",)),
    ("학생들이 공부하고 있다.", "학생들이", ("subj-i-ga",), ()),
    ("문이 열려 있다.", "열려", ("cons-eo-itda", "ec-eo"), ("cons-go-itda",)),
    ("내일 갈 것이다.", "것이다", ("cons-l-geosida", "cop-ida", "ef-da"), ("cons-neun-geot",)),
    ("금지하는 것은 불가능하다.", "것은", ("cons-neun-geot", "top-eun-neun"), ()),
    ("비가 오기 때문에 못 간다.", "때문에", ("cons-gi-ttaemune", "loc-e"), ()),
    ("다음 달 출시할 예정이다.", "예정이다", ("cons-l-yejeong", "cop-ida", "ef-da"), ()),
    ("그는 이미 발표한 바 있다.", "있다", ("cons-n-ba-itda",), ()),
    ("시장은 성장할 전망이다.", "성장할", ("cons-l-jeonmang", "etm-l"), ()),
    ("회사는 투자할 계획이다.", "계획이다", ("cons-l-gyehoek",), ()),
    ("보도에 따르면 매출이 늘어난 것으로 나타났다.", "따르면", ("cons-e-ttareumyeon", "ec-myeon"), ("cons-e-ttara",)),
    ("보도에 따르면 매출이 늘어난 것으로 나타났다.", "나타났다", ("cons-geoseuro-natanada",), ()),
    ("그는 떠난 것으로 알려졌다.", "것으로", ("cons-geoseuro-allyeojida",), ("cons-neun-geot",)),
    ("이 기술에 대한 이해가 부족했다.", "대한", ("cons-e-daehae", "etm-n"), ()),
    ("교육을 통해 실수를 방지한다.", "교육을", ("cons-reul-tonghae", "obj-eul-reul"), ()),
    ("폭우로 인해 늦어졌다.", "인해", ("cons-ro-inhae",), ()),
    ("작년에 비해 늘었다.", "비해", ("cons-e-bihae",), ()),
    ("그는 가지 않는다.", "않는다", ("cons-ji-anta", "ef-nda"), ()),
    ("우리는 가야 한다.", "가야", ("cons-eoya-hada", "ec-eoya"), ()),
    ("학생들이 쓰도록 했다.", "했다", ("cons-dorok-hada",), ()),
    ("친구를 웃게 했다.", "웃게", ("cons-ge-hada",), ()),
    ("친구가 도와 주었다.", "주었다", ("cons-eo-juda",), ()),
    ("한 번 먹어 봤다.", "봤다", ("cons-eo-boda",), ()),
    ("비가 오기 시작했다.", "시작했다", ("cons-gi-sijak",), ()),
    ("빠를 뿐만 아니라 싸다.", "아니라", ("cons-ppunman-anira",), ("cop-anida", "ef-ra")),
    ("노력한 만큼 얻는다.", "만큼", ("cons-neun-mankeum",), ()),
    ("경쟁이 심해지는 가운데 회사는 성장했다.", "가운데", ("cons-neun-gaunde",), ()),
    ("두 배가 된 셈이다.", "셈이다", ("cons-n-sem", "cop-ida"), ()),
    ("두 배가 된 셈이다.", "배가", ("comp-i-ga",), ("subj-i-ga",)),
    ("실패할 가능성이 있다.", "실패할", ("cons-l-ganeungseong",), ()),
    ("우리는 만나기로 했다.", "만나기로", ("cons-giro-hada",), ()),
    ("가끔 울기도 한다.", "울기도", ("cons-gido-hada", "etn-gi", "aux-do"), ()),
    ("매출은 늘어난 한편 이익은 줄었다.", "한편", ("cons-neun-hanpyeon",), ()),
    ("신발을 신은 채 들어왔다.", "채", ("cons-n-chae",), ()),
    ("많을수록 좋다.", "많을수록", ("ec-eulsurok",), ()),
    ("그는 가려고 한다.", "가려고", ("cons-ryeogo-hada", "ec-ryeogo"), ()),
    ("회사는 발전하고자 한다.", "발전하고자", ("cons-goja-hada", "ec-goja"), ()),
    ("결국 문제라는 것이다.", "것이다", ("cons-daneun-geosida",), ()),
    ("이해하는 데 도움이 된다.", "데", ("cons-neun-de",), ()),
    ("비가 오는데 우산이 없다.", "오는데", ("ec-neunde",), ()),
    ("마이아는 전략적 파트너이자 고객이다.", "파트너이자", ("cons-ija",), ("cop-ida",)),
    ("긍정적인 효과가 있다.", "긍정적인", ("cons-jeogin",), ("cop-ida",)),
    ("선생님께서 오셨다.", "선생님께서", ("subj-kkeseo",), ()),
    ("선생님께서 오셨다.", "오셨다", ("ep-si", "ep-past", "ef-da"), ()),
    ("감사합니다.", "감사합니다", ("ef-seumnida",), ()),
    ("교사로서 책임을 느낀다.", "교사로서", ("ess-euroseo",), ("ins-eurosseo",)),
    ("친구와 함께 갔다.", "친구와", ("cons-wa-hamkke", "com-wa-gwa"), ("conj-wa-gwa",)),
    ("책과 펜을 샀다.", "책과", ("conj-wa-gwa",), ()),
    ('그는 "좋다"라고 말했다.', "라고", ("quot-rago",), ()),
    ("여기 앉으세요.", "앉으세요", ("ef-seyo",), ()),
    ("같이 갈까?", "갈까", ("ef-kka",), ()),
    ("학교에 가요.", "가요", ("ef-eoyo",), ()),
]


@pytest.mark.parametrize("sentence, word, expected, forbidden", SENTENCES)
def test_notes_on_kiwi_analysed_sentences(kiwi, sentence, word, expected, forbidden):
    words = analyse(kiwi, sentence)
    found = [w for w in words if w.form == word]
    assert found, f"{word!r} not among {[w.form for w in words]}"
    grammar = found[0].grammar
    morphemes = " ".join(f"{m.form}/{m.tag}" for w in words for m in w.morphemes)
    for note in expected:
        assert note in grammar, f"{note} missing on {word!r}: {grammar} ({morphemes})"
    for note in forbidden:
        assert note not in grammar, f"{note} wrongly on {word!r}: {grammar} ({morphemes})"
    assert all(note in GRAMMAR_NOTES for note in grammar)


# -더- stays inside Kiwi's endings (하더라 = 하/VV + 더라/EF), so its own note never fires.
EXAMPLE_EXCEPTIONS = {"ep-deo"}


def test_every_note_explains_its_own_example(kiwi):
    missing = []
    for note in grammar_notes().values():
        if note.id in EXAMPLE_EXCEPTIONS:
            continue
        korean = note.example.split(" (")[0]
        ids = {i for word in analyse(kiwi, korean) for i in word.grammar}
        if note.id not in ids:
            missing.append(f"{note.id}: {korean}")
    assert not missing, "notes not matched by their own example:\n" + "\n".join(missing)


# --------------------------------------------------------------------------- the shipped corpus


@pytest.fixture(scope="module")
def corpus_sentences(kiwi, corpus_docs):
    from korpus.annotate import annotate_korean

    annotated = list(annotate_korean(corpus_docs, kiwi))
    return [[w.morphemes for w in s.words] for a in annotated for s in a.sentences]


def test_shipped_corpus_coverage(corpus_sentences):
    assert corpus_sentences, "the shipped corpus has no Korean sentences"
    explained, total = coverage(corpus_sentences)
    print(f"grammar coverage {explained/total:.2%} ({explained}/{total} grammatical morphemes)")
    assert total > 1000
    assert explained / total >= 0.95


def test_explaining_the_corpus_is_fast(corpus_sentences):
    explain_words(corpus_sentences[0])  # the table is read and compiled once
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for sentence in corpus_sentences:
            explain_words(sentence)
        best = min(best, time.perf_counter() - start)
    print(f"explain_words over {len(corpus_sentences)} sentences: {best * 1000:.1f} ms")
    assert best < 0.1
