"""Korean text without Kiwi: Hangul syllable arithmetic, particle and ending stripping, the
Sino-Korean reading test, and the "용어(English)" patterns.

The aligner, ``pairing`` and ``vocab`` share these; nothing here needs the analyser.

"Korean term (English)" is written three ways in the package, on purpose:

* ``KOREAN_TERM_ENGLISH`` (here): the aligner's, loose - one or two Hangul words of any length,
  an optional space before the parenthesis and spaces inside it, English up to any length
  (``칩 ( chip )``); a missed gloss costs alignment evidence, a wrong one little;
* ``GLOSSED_TERM`` (here, used by ``kiwi.harvest_user_words``): strict - Hangul words of two syllables
  or more, no space before the parenthesis, 1-40 characters of English, no curly apostrophe; its
  matches become Kiwi user words, so a false match changes every analysis;
* ``PAREN_ENGLISH`` (here, used by ``vocab.context_gloss`` after the word's own form): only the
  parenthesis, 2-41 characters, since the Korean word is known already.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

# Korean term followed by its English in parentheses (see the module docstring for why there are three)
KOREAN_TERM_ENGLISH = re.compile(r"((?:[가-힣]+\s)?[가-힣]+)\s?\(\s*([A-Za-z][A-Za-z0-9 .&'’+-]*?)\s*\)")
# 사티아 나델라(Satya Nadella), 대규모언어모델(LLM): the strict form whose terms become Kiwi user words
GLOSSED_TERM = re.compile(r"((?:[가-힣]{2,}\s)?[가-힣]{2,})\(([A-Za-z][A-Za-z0-9 .&'+-]{1,40})\)")
ENGLISH_TERM_KOREAN = re.compile(r"([A-Za-z][A-Za-z0-9]*)\s?\(\s*([가-힣]+)\s*\)")  # GPU(그래픽처리장치)
PAREN_ENGLISH = r"\(\s*([A-Za-z][A-Za-z0-9 .&'’+-]{1,40}?)\s*\)"


SYLLABLE_BASE = 0xAC00
_SYLLABLE_COUNT = 11172
_EU = 18  # medial index of ㅡ
IEUNG = 11  # initial index of ㅇ (silent)


def decompose(ch: str) -> tuple[int, int, int] | None:
    """(initial, medial, final) jamo indices of a Hangul syllable, by code-point arithmetic."""
    code = ord(ch) - SYLLABLE_BASE
    if 0 <= code < _SYLLABLE_COUNT:
        return code // 588, (code % 588) // 28, code % 28
    return None


def is_epenthetic(initial: int, medial: int, final: int) -> bool:
    """스, 트, 크: the ㅡ Korean adds to an English consonant cluster carries no vowel."""
    return medial == _EU and final == 0 and initial != IEUNG


KO_STOP_STEMS = frozenset("""
것 수 등 더 또 및 그 이 저 한 두 세 네 때 중 후 전 간 위 안 밖 뒤 앞 말 일 년 월 날 명 번 점 곳 개 건 데 듯 뿐 만 자
측 내 외 씨 분 사이 대한 위해 통해 따라 대해 같은 있다 없다 하다 되다 이다 않다 그리고 하지만 또한 이런 이러한 그런
그러나 한편 즉 바로 모두 가장 매우 훨씬 이미 아직 다시 함께 모든 각 이번 지난 올해 내년 현지 시각 관련 경우 때문
이후 이전 당시 대해서 위한 통한 대한다 있는 있으며 있고 없는 하는 되는 된 한다 했다 됐다 그는 그의 이를 이는
그들 그녀 우리 저희 자신 이것 그것 여기 거기 다른 아래 여전히 앞으로 위해서 때문에 때문이다 대신 다음 이유 정도 가지
자체 따라서 라고 라며 이라고 것으로 것이다 것은 것을 것이 있을 없을 했다는 한다는 된다는 이에 이와 어떤 어떻게 무엇
누구 언제 아니다 아니라 않는 않은 못한 같이 처럼 보다 이미 바로 특히 다만 물론 만약 비록 계속 점차 크게 작게 많이
많은 적은 높은 낮은 새로운 새로 큰 작은 좋은 나쁜 최근 현재 오늘 어제 내일 그렇다 그렇게 그렇지만 이렇게 이렇다
저렇게 수밖에 시키 시키다 시킨 시켜 만들 만든 만드는 가진 가지고 대하여 관하여 관한 의하면 의해 의한
""".split())

# Particles and endings stripped to reach the stem of a Korean word (longest first).
KO_SUFFIXES = tuple(sorted(set("""
에서는 에서도 에서의 으로는 으로도 으로써 으로서 에게서 이라는 이라고 이라며 에게는 에서 에게 한테 으로 까지 부터 처럼
보다 이나 이란 라는 라고 과의 와의 에는 에도 로는 로도 로서 로써 이며 이고 이다 였다 이자 들의 들이 들은 들을 들과
들도 들에게 하는 하고 하여 하며 하면 하기 하게 한다 했다 했고 했으며 하였다 하는데 해서 되는 되어 되었다 됐다 된다
적인 적으로 시키는 시켜 의 가 이 은 는 을 를 에 와 과 도 로 만 나 들 란 한 된 해 적 화
""".split()), key=len, reverse=True))

KO_SUFFIX_SET = frozenset(KO_SUFFIXES)
_KO_SUFFIX_LENGTHS = tuple(sorted({len(x) for x in KO_SUFFIXES}, reverse=True))


def strip_suffix(word: str) -> str | None:
    """``word`` without its longest particle or ending of ``KO_SUFFIXES`` (something must remain)."""
    for k in _KO_SUFFIX_LENGTHS:
        if len(word) > k and word[-k:] in KO_SUFFIX_SET:
            return word[:-k]
    return None
# Endings of verbs and adjectives (loanwords are nouns; 하다/되다 forms are stripped to their noun first).
_KO_VERB_ENDINGS = tuple("""
으므로 므로 으나 으며 으면 는데 지만 어서 아서 도록 려고 다는 라는 었다 았다 겠다 린다 진다 인다 운다 는다 니다 었고 았고
었으며 았으며 었던 았던 는지 을지 어야 아야 어도 아도 기에 기로 면서 거나 든지 했던 하던 해야 했을 하는지 됐고
""".split())


HANGUL_RUN = re.compile(r"[가-힣]+")


@lru_cache(maxsize=16384)
def ko_stems(token: str) -> tuple[str, ...]:
    """Candidate stems of a Hangul word, best guess first: minus particles/endings, itself, minus its last
    syllable (long words only).  Empty for function words (a stem is in the stop list)."""
    if token.endswith(_KO_VERB_ENDINGS):
        return ()
    stripped = []
    cur = token
    for _ in range(2):
        shorter = strip_suffix(cur)
        if shorter is None:
            break
        cur = shorter
        stripped.append(cur)
    stems = [token] + stripped
    if len(token) >= 4:
        stems.append(token[:-1])
    if any(s in KO_STOP_STEMS for s in stems):
        return ()
    out: list[str] = []
    for s in stems:
        if s not in out and s not in KO_SUFFIX_SET:
            out.append(s)
    return tuple(out)


_SINO_FINALS = frozenset((0, 1, 4, 8, 16, 17, 21))  # none, ㄱ ㄴ ㄹ ㅁ ㅂ ㅇ


# Initials (ㄱ0 ㄴ2 ㄷ3 ㄹ5 ㅁ6 ㅂ7 ㅅ9 ㅇ11 ㅈ12 ㅊ14 ㅌ16 ㅍ17 ㅎ18) a Sino-Korean reading may have before a
# vowel (medial index), when the rule is narrower than "any": 터, 디, 퓨, 즘 are never read from a character.
_SINO_INITIALS = {
    2: {11, 2, 5, 18},  # ㅑ 야 냥 량 향
    4: {0, 9, 11, 12, 14, 18},  # ㅓ without final: 거 서 어 저 처 허
    5: {0, 9, 12, 14},  # ㅔ 게 세 제 체
    6: {0, 2, 5, 6, 7, 11, 17, 18},  # ㅕ
    9: {0, 11, 12, 18},  # ㅘ
    12: {0, 2, 5, 6, 11, 17, 18},  # ㅛ
    14: {0, 11, 18},  # ㅝ
    17: {0, 2, 5, 11, 18},  # ㅠ
    19: {11, 18},  # ㅢ
}
_SINO_EU = {0: {1, 4, 16, 17, 21}, 2: {21}, 3: {1, 21}, 5: {1, 16, 21}, 9: {8, 17, 21}, 11: {4, 8, 16, 17, 21},
            12: {1, 21},
            14: {1, 21}, 16: {1}, 18: {1, 4, 8, 16, 17, 21}}  # ㅡ with a final: 극 근 금 급 긍, 능, 득 등...


def sino_possible(stem: str) -> bool:
    """False when some syllable cannot be read from a Chinese character (so the word is native or borrowed).

    A rough model of Sino-Korean readings: they end in nothing or ㄱ ㄴ ㄹ ㅁ ㅂ ㅇ, never start with a tense
    consonant or ㅋ, have no ㅒ, no 디/티, no ㅡ without a final, and narrower initials before some vowels.
    Loanwords such as 코발트, 나델라, 에세이, 서버, 배터리 fail the test; 마이아, 라니 pass it.
    """
    for ch in stem:
        d = decompose(ch)
        if d is None:
            return False
        i, m, f = d
        if f not in _SINO_FINALS or i in (1, 4, 8, 10, 13, 15) or m == 3:
            return False
        if m == 18:
            if f not in _SINO_EU.get(i, ()):
                return False
        elif m == 4 and f:
            if i not in (0, 3, 7, 9, 11, 12, 14, 18):
                return False
        elif m in _SINO_INITIALS and i not in _SINO_INITIALS[m]:
            return False
        if m == 20 and i in (3, 16):  # 디 티
            return False
        if (m == 5 and f) or (m in (1, 2) and f not in (0, 1, 21)) or (m in (7, 16) and f) or (m == 15 and i):
            return False
        if m == 13 and not f and i == 17:  # 푸
            return False
    return True


_UNCONTRACT = {"해": "하", "돼": "되", "여": "이", "와": "오", "워": "우", "쳐": "치", "져": "지", "려": "리",
               "켜": "키", "혀": "히", "껴": "끼", "겨": "기", "셔": "시", "봐": "보", "줘": "주", "둬": "두"}


def lemma_variants(prefix: str) -> Iterable[str]:
    """The prefix of a word, and the verb stem it may contract: 놀랐 -> 놀라, 전했 -> 전하, 울린 -> 울리."""
    yield prefix
    d = decompose(prefix[-1])
    if d and d[2] in (4, 8, 20):  # ㄴ (adnominal, 는다), ㄹ (future), ㅆ (past)
        open_syllable = chr(SYLLABLE_BASE + (d[0] * 21 + d[1]) * 28)
        yield prefix[:-1] + open_syllable
        if open_syllable in _UNCONTRACT:
            yield prefix[:-1] + _UNCONTRACT[open_syllable]
