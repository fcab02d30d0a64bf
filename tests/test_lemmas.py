"""Lemmas korpus used to get wrong, one table per kind of error (issue #13, "Lemmas"), with the real Kiwi.

Each row is (sentence, word, expected lemmas of that word): the word's content lemmas as a
learner sees them on cards and in tooltips, joined by spaces.
"""

from __future__ import annotations

import pytest

from korpus.annotate import annotate_korean
from korpus.kiwi import get_kiwi
from korpus.model import Block, Document


@pytest.fixture(scope="module")
def kiwi():
    return get_kiwi()


def lemmas_of_word(kiwi, sentence: str, word: str) -> str:
    doc = Document("t-ko", "ko", "t", (Block("paragraph", sentence),), "t")
    words = [w for s in next(annotate_korean([doc], kiwi)).sentences for w in s.words]
    matches = [w for w in words if w.form == word]
    assert matches, f"{word} is not a word of {sentence}: {[w.form for w in words]}"
    return " ".join(lex.lemma for lex in matches[0].lexemes)


NOUN_HWA_VERBS = [  # noun + 화 + 하다/되다 kept the noun only
    ("모델이 최적화된 칩을 만들었다.", "최적화된", "최적화되다"),
    ("칩은 성능을 위해 최적화되었다.", "최적화되었다", "최적화되다"),
    ("경기 침체가 장기화되며 소비가 줄었다.", "장기화되며", "장기화되다"),
    ("이익을 극대화하기 위해 노력했다.", "극대화하기", "극대화하다"),
    ("비용을 최소화하기 위한 방법이다.", "최소화하기", "최소화하다"),
    ("기술을 사업화한 기업이 많다.", "사업화한", "사업화하다"),
    ("개인화된 추천을 제공한다.", "개인화된", "개인화되다"),
    ("조직이 체계화돼 있다.", "체계화돼", "체계화되다"),
    ("계약을 무효화할 수 있다.", "무효화할", "무효화하다"),
    ("절차를 간소화하기로 했다.", "간소화하기로", "간소화하다"),
    ("기술이 상용화되면 가격이 내린다.", "상용화되면", "상용화되다"),
    ("서비스가 고도화되고 있다.", "고도화되고", "고도화되다"),
]

ADVERB_PREDICATES = [  # Kiwi tags 불과, 오래, 가득... as adverbs (MAG) before 하다/되다
    ("그것은 핑계에 불과하다.", "불과하다", "불과하다"),
    ("오래된 집에 산다.", "오래된", "오래되다"),
    ("방에 물이 가득하다.", "가득하다", "가득하다"),
    ("그의 뜻은 분명하다.", "분명하다", "분명하다"),
    ("그 말은 분명했다.", "분명했다", "분명하다"),
    ("잘못된 정보가 퍼졌다.", "잘못된", "잘못되다"),
    ("톡톡한 효과를 봤다.", "톡톡한", "톡톡하다"),
    ("그는 보지 못했다.", "못했다", "못하다"),
    ("그는 말을 하지 못한다.", "못한다", "못하다"),
]

NOUN_SUFFIXES = [  # lexical suffixes the join list lacked
    ("가게에 손님이 많다.", "손님이", "손님"),
    ("나무꾼이 산에 갔다.", "나무꾼이", "나무꾼"),
    ("국내산 쌀을 샀다.", "국내산", "국내산"),
    ("관절경 수술을 받았다.", "관절경", "관절경"),
    ("재학생이 늘었다.", "재학생이", "재학생"),
    ("무기류를 팔았다.", "무기류를", "무기류"),
    ("중세풍 건물이 있다.", "중세풍", "중세풍"),
    ("단지형 아파트가 많다.", "단지형", "단지형"),
    # suffixes that do not make a new word stay apart
    ("선생님이 오셨다.", "선생님이", "선생"),
    ("사람들이 왔다.", "사람들이", "사람"),
]

AFFIXED_NAMES_AND_ROOTS = [  # prefix or suffix on a proper noun or a root
    ("구소련 시절의 이야기다.", "구소련", "구소련"),
    ("그리스적 전통을 따른다.", "그리스적", "그리스적"),
    ("친근성이 높다.", "친근성이", "친근성"),
    ("갈등의 첨예화를 막았다.", "첨예화를", "첨예화"),
    ("갈등이 첨예화되었다.", "첨예화되었다", "첨예화되다"),
    ("순수히 기뻐했다.", "순수히", "순수히"),
    ("왕성히 활동했다.", "왕성히", "왕성히"),
    ("서울시가 발표했다.", "서울시가", "서울시"),  # a city stays a name
    ("경찰대생으로 입학했다.", "경찰대생으로", "경찰대생"),
    ("삼성전자용 부품이다.", "삼성전자용", "삼성전자"),  # "for Samsung Electronics": no new word
    ("정오경 도착했다.", "정오경", "정오"),  # 경 "around" (a time) is no part of the noun
]

COMPOUND_VERBS = [  # lexicalised verb + verb (and noun/adverb + verb) compounds
    ("그는 비밀을 털어놓았다.", "털어놓았다", "털어놓다"),
    ("고민을 털어놨다.", "털어놨다", "털어놓다"),
    ("인구가 줄어들었다.", "줄어들었다", "줄어들다"),
    ("틈새를 파고드는 전략", "파고드는", "파고들다"),
    ("정답을 알아맞힌 학생", "알아맞힌", "알아맞히다"),
    ("서양 건축을 본뜬 건물", "본뜬", "본뜨다"),
    ("자연을 본떠서 만든 디자인", "본떠서", "본뜨다"),
    # verbs that only meet in one word stay two (안했다 = 안 했다)
    ("숙제를 안했다.", "안했다", "안 하다"),
]

L_DROPPING_STEMS = [  # ㄹ-stems whose ㄹ drops before ㄴ ㅂ ㅅ: the context tells which verb
    ("곤지암 사는 사람들", "사는", "살다"),
    ("바다에서 사는 새", "사는", "살다"),
    ("혼자 사는 노인", "사는", "살다"),
    ("그는 시골에 사는 사람이다.", "사는", "살다"),
    ("서울에 산다.", "산다", "살다"),
    ("책을 사는 사람", "사는", "사다"),
    ("물건을 싸게 사는 방법", "사는", "사다"),
    ("시장에서 과일을 사는 사람", "사는", "사다"),
    ("과일을 파는 가게", "파는", "팔다"),
    ("집을 파는 사람", "파는", "팔다"),
    ("땅을 파는 인부", "파는", "파다"),
    ("수레를 끄는 말", "끄는", "끌다"),
    ("인기를 끄는 상품", "끄는", "끌다"),
    ("관심을 끄는 뉴스", "끄는", "끌다"),
    ("불을 끄는 소방관", "끄는", "끄다"),
    ("에어컨을 트는 날", "트는", "틀다"),
    ("싹이 트는 봄", "트는", "트다"),
    ("물꼬를 트는 협상", "트는", "트다"),
    ("지구를 도는 위성", "도는", "돌다"),
    ("추워서 떠는 아이", "떠는", "떨다"),
    ("바람에 떠는 나뭇잎", "떠는", "떨다"),
    # Kiwi does not see a verb in these at all (시드/NNP + 는, 어/IC + 는)
    ("시드는 꽃", "시드는", "시들다"),
    ("꽃이 시드는 계절", "시드는", "시들다"),
    ("해가 저무는 저녁", "저무는", "저물다"),
    ("어는 물", "어는", "얼다"),
    ("물이 어는 온도", "어는", "얼다"),
    ("시드는 1억원이다.", "시드는", "시드"),  # seed money, not a verb
    ("도는 예산을 늘렸다.", "도는", "도"),  # the province
]

RARE_NOUNS = [  # nouns Kiwi may split (빙+산, 단지+형): user words or the suffix list keep them whole
    ("빙산의 일각이다.", "빙산의", "빙산"),
    ("그 빙산을 보았다.", "빙산을", "빙산"),
    ("단지형의", "단지형의", "단지형"),  # a heading: alone, Kiwi reads 단지/MAG + 형/NNG
    ("해류가 바뀌었다.", "해류가", "해류"),
    ("단지형 아파트가 많다.", "단지형", "단지형"),
]


@pytest.mark.parametrize("sentence, word, expected",
                         NOUN_HWA_VERBS + ADVERB_PREDICATES + NOUN_SUFFIXES + AFFIXED_NAMES_AND_ROOTS
                         + COMPOUND_VERBS + L_DROPPING_STEMS + RARE_NOUNS)
def test_lemma(kiwi, sentence, word, expected):
    assert lemmas_of_word(kiwi, sentence, word) == expected


def test_every_lexicalised_word_is_glossed():
    """korpus joins a listed word's parts (털+어+놓다) only to show the learner the word's meaning:
    the built-in glossary must know each one."""
    from korpus.annotate import lexicalised_words
    from korpus.glossary import Glossary

    glossary = Glossary()
    assert [word for word in sorted(lexicalised_words()) if glossary.lookup(*word) is None] == []
