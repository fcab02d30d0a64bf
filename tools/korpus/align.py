"""Korean-English sentence alignment for adapted news articles.

The Korean articles are adaptations, not translations: they condense, merge, drop and
add sentences.  ``align_sentences`` is a dynamic-programming aligner of the
Gale-Church / hunalign family whose beads are 1-1, 1-2, 2-1, 2-2, 1-3 and 3-1 links
plus 1-0 / 0-1 omissions, so a sentence with no counterpart is left alone rather
than glued to a neighbour.  Each candidate bead is scored from

* length: the log ratio of English to Korean characters, compared with the ratio
  *estimated* from the two texts (Korean runs at about half the characters of
  English) and with a spread estimated from the same confident pairs;
* anchors: numbers with Korean counters and units normalised (``2024년``,
  ``128개의``, ``4조6,159억원``, ``3,000만``, ``17.3%``), Latin-script words inside the
  Korean (``ChatGPT``, ``H100``), the English glossed in parentheses after a Korean
  term (``대규모언어모델(LLM)`` makes ``LLM`` and the Korean term one concept) and
  English acronyms spelled out in full (``LLM`` <-> ``large language models``);
* loanwords: Hangul words are decomposed into jamo and turned into a phonetic key
  (consonant classes and vowel slots); English words get the same kind of key
  from their spelling, and a weighted edit distance matches ``마이아``/``Maia``,
  ``하이퍼스케일러``/``hyperscalers``, ``엔비디아``/``Nvidia``;
* lexical translation evidence, hunalign-style: with the Korean sentences' lemmas
  (``ko_lemmas``) and a ``lexicon`` (lemma -> English words, e.g. the learner glossary
  through ``lexicon_from_glossary``), a lemma whose gloss names a word of an English
  sentence (both lightly stemmed) is a concept of the two sentences.  Function lemmas
  (대하다, 통하다) and light or very common gloss words ("to be", "thing", "make") are
  ignored, a lemma glossed with many words counts less, and two lemmas of a sentence
  matching the same English words count once.  Without lemmas, a lexicon is looked up
  with the surface words (particle-stripped forms, longest known prefixes).

Matches found anywhere in the two documents are merged into *concepts* (an inexact
loanword match must be the best match of both words, occur near the same place of
the article, and be near-exact when the Korean word could be Sino-Korean); every
concept present on both sides gets an IDF weight.  A bead earns the weight of the
concepts its two sides share (a little less inside a merged bead) and pays for
shared concepts found on one side only (less for a concept one side names far more
often: 하웰 교수 vs "I") and for anchors (numbers, Latin words, English proper
names) with no counterpart anywhere in the other document - the mark of an added
or dropped sentence.  A heading linked to a body sentence pays too.  Runs of
unaligned sentences have affine costs (opening a run costs more than extending it),
since adaptations drop and add whole paragraphs.  The length model is re-estimated
from the first alignment and the DP run once more.

Concept sets are bit masks and weights are bit planes; what a bead scores apart from
its length term is tabulated once per document pair and shared by the two passes.
Phonetic keys are computed once per word, and loanword candidates are pruned by exact
lower bounds (consonant strings, then an edit distance that stops at its bound) before
the full distance.  A 40x40 article aligns in about 15 ms in CPython (20 ms with lemmas
and the built-in glossary), see ``bench/bench_align.py``.

Long texts: up to 250,000 cells (n x m, about 500 x 500 sentences) the DP band is half the
matrix, around the diagonal and the anchor path.  Beyond, the band follows a coarse-to-fine
pass, as in Vecalign: the texts are aligned at half resolution (blocks of two sentences:
concepts joined, lengths added), recursively down to a size aligned in full (20,000 cells),
and each level searches only 6 sentences either side of the path projected from the level
above; an omission (a run of sentences without counterpart) is a gap on every level, so the
band follows it.  The DP stores only the band, the features are found through indexes (no
feature compares all sentence pairs), and the length model is estimated inside the band:
time and memory grow linearly (1,600 x 2,100 sentences in about 1 s and 30 MB; a 1 MB article
and its 1 MB original in about 5 s and 130 MB, see ``bench/bench_align_scale.py``).
"""

from __future__ import annotations

import math
import operator
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain
from typing import Iterable, Mapping, Sequence

from .model import Link

__all__ = [
    "AlignParams",
    "Number",
    "align_sentences",
    "evaluate",
    "format_links",
    "parse_links",
    "check_links",
    "romanize",
    "ko_phonetic_key",
    "en_phonetic_key",
    "loanword_distance",
    "is_loanword_match",
    "korean_numbers",
    "english_numbers",
    "korean_anchors",
    "lexicon_from_glossary",
    "numbers_match",
]

# --------------------------------------------------------------------------- Hangul

_SBASE = 0xAC00
_SCOUNT = 11172
_EU = 18  # medial index of ㅡ
_IEUNG = 11  # initial index of ㅇ (silent)
_RIEUL_FINAL = 8

_RR_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_RR_MEDIAL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
              "yu", "eu", "ui", "i")
_RR_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
             "ng", "t", "t", "k", "t", "p", "t")

def _decompose(ch: str) -> tuple[int, int, int] | None:
    """(initial, medial, final) jamo indices of a Hangul syllable, by code-point arithmetic."""
    code = ord(ch) - _SBASE
    if 0 <= code < _SCOUNT:
        return code // 588, (code % 588) // 28, code % 28
    return None


def _is_epenthetic(initial: int, medial: int, final: int) -> bool:
    """스, 트, 크: the ㅡ Korean adds to an English consonant cluster carries no vowel."""
    return medial == _EU and final == 0 and initial != _IEUNG


@lru_cache(maxsize=8192)
def romanize(word: str) -> str:
    """Loanword-minded romanisation: ``마이아`` -> ``maia``, ``코발트`` -> ``kobalt``.

    Revised Romanization letters, except that the epenthetic ``ㅡ`` of 스/트/크 is
    dropped (it has no counterpart in the English spelling).  Other characters are
    kept as they are.
    """
    out = []
    prev_final = -1
    for ch in word:
        d = _decompose(ch)
        if d is None:
            out.append(ch)
            prev_final = -1
            continue
        i, m, f = d
        ini = _RR_INITIAL[i]
        if i == 5 and prev_final == _RIEUL_FINAL:
            ini = "l"
        out.append(ini)
        if not _is_epenthetic(i, m, f):
            out.append(_RR_MEDIAL[m])
        out.append(_RR_FINAL[f])
        prev_final = f
    return "".join(out)


def _collapse(symbols: Iterable[str]) -> str:
    out: list[str] = []
    for s in symbols:
        if s and (not out or out[-1] != s):
            out.append(s)
    return "".join(out)


# Phonetic keys shared by both languages.  Consonant classes: P (p b f v), T (t d), K (k g c q),
# S (s th sh), J (j z ch), M, N (n ng), L (l r), H, and R for an English r after a vowel and before a
# consonant or the end (Korean loanwords follow British speech and drop it).  Vowels: a e i o u, and @
# for ㅓ/ㅡ (English schwa); English y and w count as the vowels i and u, as in Korean 와/워/요.
_KO_INITIAL_CLASS = ("K", "K", "N", "T", "T", "L", "M", "P", "P", "S", "S", "", "J", "J", "J", "K", "T", "P", "H")
_KO_MEDIAL_VOWELS = ("a", "e", "ia", "ie", "@", "e", "i@", "ie", "o", "ua", "ue", "ue", "io", "u", "u@", "ue", "ui",
                     "iu", "@", "@i", "i")
_KO_FINAL_CLASS = ("", "K", "K", "K", "N", "N", "N", "T", "L", "K", "M", "L", "L", "L", "P", "L", "M", "P", "P", "T",
                   "T", "N", "T", "T", "K", "T", "P", "T")
_VOWEL_SYMBOLS = frozenset("aeiou@")


@lru_cache(maxsize=16384)
def _ko_key(word: str) -> str:
    """Fine phonetic key of a Hangul word: ``코발트`` -> ``KoPaLT``, ``마이아`` -> ``Maia``."""
    out = []
    for ch in word:
        d = _decompose(ch)
        if d is None:
            continue
        i, m, f = d
        out.append(_KO_INITIAL_CLASS[i])
        if not _is_epenthetic(i, m, f):
            out.extend(_KO_MEDIAL_VOWELS[m])
        out.append(_KO_FINAL_CLASS[f])
    return _collapse(out)


_EN_VOWELS = frozenset("aeiouy")
_EN_DIGRAPHS = (("igh", "ai"), ("eer", "i@"), ("ay", "ei"), ("ey", "i"), ("ea", "i"), ("ee", "i"), ("ie", "i"),
                ("oo", "u"), ("our", "oR"), ("ou", "au"), ("ow", "au"), ("oa", "o"), ("au", "o"), ("aw", "o"),
                ("ew", "iu"), ("eu", "iu"), ("ui", "u"))
_EN_DIGRAPHS_BY_CHAR: dict[str, tuple[tuple[str, str], ...]] = {}
for _src, _dst in _EN_DIGRAPHS:  # in list order: the first that matches wins
    _EN_DIGRAPHS_BY_CHAR[_src[0]] = _EN_DIGRAPHS_BY_CHAR.get(_src[0], ()) + ((_src, _dst),)
_LONG_VOWEL = {"a": "ei", "i": "ai", "o": "o", "u": "iu"}
_FINAL_RE = {"are": "e@", "ere": "i@", "ire": "ai@", "ore": "o@", "ure": "u@", "ear": "i@"}
_EN_REWRITES = ((re.compile(r"^archi"), "arki"), (re.compile(r"tech"), "tek"), (re.compile(r"sch"), "sk"),
                (re.compile(r"^(chem|mech|chor|chara|chaos)"), lambda m: "k" + m.group(1)[2:]),
                (re.compile(r"ture$"), "cher"), (re.compile(r"ign$"), "aign"))


@lru_cache(maxsize=16384)
def en_phonetic_keys(word: str) -> tuple[str, ...]:
    """Fine phonetic keys of an English word as Korean would write it: ``Cobalt`` -> ``KoPaLT``.

    Spelling rules: ph=f, th/sh=s, ch=j (k before r/l and in Greek words), soft c=s,
    soft g=j, x=ks, z=j, silent gh, -tion=sion, -ture=cher, y between consonants=ai,
    final -are/-ire/-ore (웨어, 파이어, 코어), vowel digraphs; w and y are the vowels u
    and i; a post-vocalic r is R.  Two keys when a silent ``e`` may lengthen the vowel
    before it (``ignite`` -> ignait, but ``engine`` -> enjin).
    """
    w = "".join(ch for ch in word.lower() if "a" <= ch <= "z")
    for pattern, repl in _EN_REWRITES:
        w = pattern.sub(repl, w)
    key, lengthened = _en_key_flag(w, True)
    if lengthened:  # else the plain reading is the same
        plain = _en_key(w, False)
        if plain != key:
            return key, plain
    return (key,)


def _coarse(key: str) -> str:
    return _collapse("V" if ch in _VOWEL_SYMBOLS else ch for ch in key)


def ko_phonetic_key(word: str) -> str:
    """Coarse phonetic key of a Hangul word, for bucketing: ``코발트`` -> ``KVPVLT``, ``일론`` -> ``VLVN``.

    Consonant classes as in the fine keys the matcher uses, every vowel run one ``V``.
    """
    return _coarse(_ko_key(word))


def en_phonetic_key(word: str) -> str:
    """Coarse phonetic key of an English word, comparable with ``ko_phonetic_key``: ``Elon`` -> ``VLVN``."""
    return _coarse(en_phonetic_keys(word)[0])


def _en_key(w: str, magic: bool) -> str:
    return _en_key_flag(w, magic)[0]


def _en_key_flag(w: str, magic: bool) -> tuple[str, bool]:
    """The key of a lowercase word, and whether a long-vowel rule (``magic``) applied."""
    lengthened = False
    n = len(w)
    out: list[str] = []
    i = 0
    while i < n:
        ch = w[i]
        nx = w[i + 1] if i + 1 < n else ""
        two = w[i:i + 2]
        if ch in _EN_VOWELS or ch == "w":
            if ch == "e" and i == n - 1 and i >= 3 and w[i - 1] not in _EN_VOWELS:
                i += 1  # silent final e
                continue
            if i == n - 3 and i > 0 and w[i:] in _FINAL_RE:
                out.extend(_FINAL_RE[w[i:]])
                break
            for src, dst in _EN_DIGRAPHS_BY_CHAR.get(ch, ()):
                if w.startswith(src, i) and (src != "ow" or i > 0):
                    out.extend(dst)
                    i += len(src)
                    break
            else:
                rest = w[i + 1:]
                prev_cons = i > 0 and w[i - 1] not in _EN_VOWELS
                single = len(rest) >= 2 and rest[0] not in _EN_VOWELS and rest[0] not in "rwxy"
                if (magic and ch in _LONG_VOWEL and single and rest[1] == "e"
                        and rest[2:] in ("", "s", "d", "r", "rs", "ds")):
                    out.extend(_LONG_VOWEL[ch])  # magic e: ignite, scale
                    lengthened = True
                elif magic and ch in "aiu" and i > 0 and single and rest[1] in _EN_VOWELS:
                    out.extend(_LONG_VOWEL[ch])  # open syllable: data, final, human
                    lengthened = True
                elif ch == "a" and rest in ("ble", "bles", "ple", "ples"):
                    out.extend("ei")
                elif magic and ch == "y" and prev_cons and nx and nx not in _EN_VOWELS:
                    out.extend("ai")  # hyper, type
                    lengthened = True
                else:
                    out.append({"y": "i", "w": "u"}.get(ch, ch))
                i += 1
            continue
        if two == "ph":
            out.append("P"); i += 2; continue
        if two in ("th", "sh"):
            out.append("S"); i += 2; continue
        if two == "ch":
            out.append("K" if i + 2 < n and w[i + 2] in "rl" else "J"); i += 2; continue
        if two == "ck":
            out.append("K"); i += 2; continue
        if two == "gh":
            if i == 0:
                out.append("K")
            i += 2; continue
        if two == "gn" and (i + 2 == n or w[i + 2] not in _EN_VOWELS):
            out.append("N"); i += 2; continue
        if two == "ng":
            out.append("N")
            i += 1 if i + 2 < n and w[i + 2] in _EN_VOWELS else 2  # engine, English: the g is heard
            continue
        if two == "qu":
            out.append("K"); out.append("u"); i += 2; continue
        if two == "ti" and i > 0 and w[i + 2:i + 4] in ("on", "al", "an"):
            out.append("S"); i += 1; continue
        if ch == "c":
            out.append("S" if nx in ("e", "i", "y") else "K")
        elif ch == "g":
            out.append("J" if nx in ("e", "i", "y") else "K")
        elif ch == "x":
            out.append("K"); out.append("S")
        elif ch in "zj":
            out.append("J")
        elif ch in "pbfv":
            out.append("P")
        elif ch in "td":
            out.append("T")
        elif ch in "kq":
            out.append("K")
        elif ch == "s":
            out.append("S")
        elif ch == "l":
            out.append("L")
        elif ch == "r":
            after_vowel = i > 0 and w[i - 1] in _EN_VOWELS
            before_vowel = nx != "" and nx in _EN_VOWELS
            out.append("R" if after_vowel and not before_vowel else "L")
        elif ch in "mnh":
            out.append(ch.upper())
        i += 1
    return _collapse(out), lengthened


_SUB_COST: dict[tuple[str, str], float] = {}
for _pair, _cost in ((("S", "J"), 0.3), (("T", "S"), 0.4), (("K", "J"), 0.5), (("T", "J"), 0.5),
                     (("P", "H"), 0.6), (("N", "M"), 0.6), (("L", "N"), 0.8), (("R", "L"), 0.0),
                     (("a", "e"), 0.15), (("e", "i"), 0.15), (("o", "u"), 0.15), (("a", "o"), 0.25),
                     (("a", "u"), 0.25), (("a", "i"), 0.3), (("i", "u"), 0.3), (("e", "o"), 0.3),
                     (("i", "o"), 0.35), (("e", "u"), 0.35)):
    _SUB_COST[_pair] = _SUB_COST[_pair[::-1]] = _cost
for _v in "aeiou":
    _SUB_COST[("@", _v)] = _SUB_COST[(_v, "@")] = 0.03
    _SUB_COST[("H", _v)] = _SUB_COST[(_v, "H")] = 0.5
_INDEL_COST = {"a": 0.25, "e": 0.25, "i": 0.25, "o": 0.25, "u": 0.25, "@": 0.1, "R": 0.02, "H": 0.4}
_SUB_ROWS: dict[str, dict[str, float]] = {}  # symbol -> {other symbol: substitution cost}, itself 0.0
for (_x, _y), _cost in _SUB_COST.items():
    _SUB_ROWS.setdefault(_x, {_x: 0.0})[_y] = _cost


@lru_cache(maxsize=65536)
def _key_distance(a: str, b: str) -> float:
    """Weighted edit distance between two phonetic keys."""
    prev = [0.0]
    for ch in b:
        prev.append(prev[-1] + _INDEL_COST.get(ch, 1.0))
    for ca in a:
        da = _INDEL_COST.get(ca, 1.0)
        cur = [prev[0] + da]
        for k, cb in enumerate(b):
            sub = 0.0 if ca == cb else _SUB_COST.get((ca, cb), 1.0)
            cur.append(min(prev[k] + sub, prev[k + 1] + da, cur[k] + _INDEL_COST.get(cb, 1.0)))
        prev = cur
    return prev[-1]


@lru_cache(maxsize=65536)
def _consonants(key: str) -> int:
    return sum(1 for ch in key if ch not in _VOWEL_SYMBOLS and ch != "R")


@lru_cache(maxsize=65536)
def _skeleton(key: str) -> str:
    return _collapse(ch for ch in key if ch not in _VOWEL_SYMBOLS and ch != "R")


def _key_limit(nc: int) -> float:
    if nc <= 1:
        return 0.3
    if nc == 2:
        return 0.35
    if nc == 3:
        return 0.45
    return 0.2 * nc + 0.1


@lru_cache(maxsize=65536)
def _keys_distance(ka: str, kb: str) -> float | None:
    """Distance of two keys when they are close enough to be the same word, else None."""
    nc = max(_consonants(ka), _consonants(kb))
    if not nc or not _consonants(ka) or not _consonants(kb):
        return None
    d = _key_distance(ka, kb)
    return d if d <= _key_limit(nc) else None


# --------------------------------------------------------------------------- words

_EN_STOPWORDS = frozenset("""
a an the and or but nor so yet for of in on at to from by with without within into onto upon about above below
over under after before since until while during as than then that this these those there here where when what
which who whom whose why how all any both each few more most other some such no not only own same too very can
will just should would could may might must shall do does did doing done have has had having be is are was were
been being am i me my we our us you your he him his she her it its they them their one ones also even still
however though although because if else whether either neither per via like unlike up down out off again
further once s t don now new said says say many much every yes i'm it's we're they're let lets get got
""".split())

_KO_STOP_STEMS = frozenset("""
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
_KO_SUFFIXES = tuple(sorted(set("""
에서는 에서도 에서의 으로는 으로도 으로써 으로서 에게서 이라는 이라고 이라며 에게는 에서 에게 한테 으로 까지 부터 처럼
보다 이나 이란 라는 라고 과의 와의 에는 에도 로는 로도 로서 로써 이며 이고 이다 였다 이자 들의 들이 들은 들을 들과
들도 들에게 하는 하고 하여 하며 하면 하기 하게 한다 했다 했고 했으며 하였다 하는데 해서 되는 되어 되었다 됐다 된다
적인 적으로 시키는 시켜 의 가 이 은 는 을 를 에 와 과 도 로 만 나 들 란 한 된 해 적 화
""".split()), key=len, reverse=True))

_KO_SUFFIX_SET = frozenset(_KO_SUFFIXES)
_KO_SUFFIX_LENGTHS = tuple(sorted({len(x) for x in _KO_SUFFIXES}, reverse=True))


def _strip_suffix(word: str) -> str | None:
    """``word`` without its longest particle or ending of ``_KO_SUFFIXES`` (something must remain)."""
    for k in _KO_SUFFIX_LENGTHS:
        if len(word) > k and word[-k:] in _KO_SUFFIX_SET:
            return word[:-k]
    return None
# Endings of verbs and adjectives (loanwords are nouns; 하다/되다 forms are stripped to their noun first).
_KO_VERB_ENDINGS = tuple("""
으므로 므로 으나 으며 으면 는데 지만 어서 아서 도록 려고 다는 라는 었다 았다 겠다 린다 진다 인다 운다 는다 니다 었고 았고
었으며 았으며 었던 았던 는지 을지 어야 아야 어도 아도 기에 기로 면서 거나 든지 했던 하던 해야 했을 하는지 됐고
""".split())
_HANGUL_RUN = re.compile(r"[가-힣]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?")
_EN_COMPOUND = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")


@lru_cache(maxsize=16384)
def _ko_stems(token: str) -> tuple[str, ...]:
    """Candidate stems of a Hangul word, best guess first: minus particles/endings, itself, minus its last
    syllable (long words only).  Empty for function words (a stem is in the stop list)."""
    if token.endswith(_KO_VERB_ENDINGS):
        return ()
    stripped = []
    cur = token
    for _ in range(2):
        shorter = _strip_suffix(cur)
        if shorter is None:
            break
        cur = shorter
        stripped.append(cur)
    stems = [token] + stripped
    if len(token) >= 4:
        stems.append(token[:-1])
    if any(s in _KO_STOP_STEMS for s in stems):
        return ()
    out: list[str] = []
    for s in stems:
        if s not in out and s not in _KO_SUFFIX_SET:
            out.append(s)
    return tuple(out)


def _stem_penalty(token: str, stem: str) -> float:
    """A guess costs a little: keeping a particle-like ending, or cutting a syllable that is none."""
    if stem == token:
        return 0.15 if token.endswith(_KO_SUFFIXES) else 0.0
    if stem == token[:-1] and not token.endswith(_KO_SUFFIXES):
        return 0.15
    return 0.0


@lru_cache(maxsize=16384)
def _norm_latin(token: str) -> str:
    """Node name of a Latin word: lowercase, possessive and plural -s removed (``CPUs`` -> ``cpu``)."""
    for pos in ("'s", "’s"):
        if token.endswith(pos):
            token = token[:-2]
    token = token.replace("’", "'")
    if "'" in token:
        token = token.split("'")[0]
    if len(token) > 2 and token.endswith("s") and token[-2].isupper():
        token = token[:-1]
    low = token.lower()
    if (len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))
            and not token.isupper()):
        low = low[:-1]
    return low


def _en_variants(word: str) -> tuple[str, ...]:
    """English spellings to try against a Korean loanword: the word and its stripped inflections."""
    w = word.lower()
    out = [w]
    for suf, rep in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                     ("ean", "e"), ("ian", ""), ("an", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            stem = w[: -len(suf)]
            if suf == "es" and not stem.endswith(("s", "x", "z", "ch", "sh")):
                continue  # spaces -> space, not spac
            if rep == "" and suf in ("ed", "ing") and stem.endswith(("c", "g")):
                continue  # faced -> face
            out.append(stem + rep)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=16384)
def _en_word_keys(word: str) -> tuple[str, ...]:
    keys: list[str] = []
    for var in _en_variants(word):
        for key in en_phonetic_keys(var):
            if key not in keys:
                keys.append(key)
    return tuple(keys)


def loanword_distance(korean: str, english: str) -> float | None:
    """Phonetic distance of a Hangul word (particles allowed) and an English word.

    ``None`` when they do not sound alike (or the Korean is a function word); 0.0 for
    a perfect match.  The same rules as the aligner's: near-exact matches only for a
    word that could be Sino-Korean, exact ones for a single syllable.
    """
    best = None
    stems = _ko_stems(korean)
    en_keys = _en_word_keys(english)
    for stem in stems:
        for ke in en_keys:
            d = _stem_distance(korean, stem, ke, len(english))
            if d is not None and (best is None or d < best):
                best = d
    return best


def _stem_distance(token: str, stem: str, en_key: str, en_len: int) -> float | None:
    """Distance of a stem of ``token`` and an English key, with the aligner's guards; None if no match."""
    if len(stem) == 1 and not _single_syllable_ok(stem):
        return None
    kk = _ko_key(stem)
    d = _keys_distance(kk, en_key)
    if d is None:
        return None
    d += _stem_penalty(token, stem)
    if d > _key_limit(max(_consonants(kk), _consonants(en_key))):
        return None
    if _sino_possible(stem) and d > _SINO_LIMIT:
        return None
    if _consonants(kk) <= 1 and (len(stem) < 3 or en_len < 4):
        return None
    if len(stem) == 1 and (d > 0.0 or en_len < 4):
        return None
    return d


def is_loanword_match(korean: str, english: str) -> bool:
    """True when the Hangul word is a transliteration of the English word: ``코발트`` / ``Cobalt``."""
    return loanword_distance(korean, english) is not None


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class Number:
    """A number mentioned in a sentence; ``sig`` is its precision when it was rounded (4.6 trillion)."""

    value: float
    sig: int | None = None

    @property
    def key(self) -> str:
        return format(self.value, ".12g")


_KO_SCALE = {"조": 10 ** 12, "억": 10 ** 8, "만": 10 ** 4, "천": 10 ** 3}
_KO_NUM = re.compile(r"(?<![A-Za-z0-9.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s?(조|억|만|천)?")
_EN_SCALE = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12, "k": 10 ** 3,
             "m": 10 ** 6, "mn": 10 ** 6, "b": 10 ** 9, "bn": 10 ** 9}
_EN_NUM = re.compile(r"(?<![A-Za-z0-9.\-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(thousand|million|billion|trillion)|"
                     r"(bn|mn|[kKmMbB]))?(?![A-Za-z0-9])", re.IGNORECASE)
_EN_NUMBER_WORDS = {w: v for v, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split()) if v >= 1}
_EN_NUMBER_WORDS.update({"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "twenty": 20,
                         "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12})
_EN_NUMBER_WORD = re.compile(r"\b(" + "|".join(_EN_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_KO_NATIVE = {"두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
              "첫": 1, "첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4}
_KO_NATIVE_WORD = re.compile(r"(?<![가-힣])(" + "|".join(sorted(_KO_NATIVE, key=len, reverse=True)) +
                             r")(?![가-힣])|(?<![가-힣])(첫|두|세|네)(?=\s?번째)")


def _sig_digits(text: str) -> int:
    digits = text.replace(",", "").replace(".", "").lstrip("0")
    return max(1, len(digits))


def korean_numbers(text: str) -> list[Number]:
    """Numbers of a Korean sentence with counters and units normalised.

    ``2024년`` -> 2024, ``128개의`` -> 128, ``42000달러`` -> 42000, ``3,000만`` -> 30000000,
    ``4조6,159억원`` -> 4615900000000, ``17.3%`` -> 17.3, ``두 개`` -> 2, ``첫째`` -> 1.
    """
    out: list[Number] = []
    pending: tuple[float, int, int, str] | None = None  # value, end, scale, digits
    for m in _KO_NUM.finditer(text):
        whole, frac, unit = m.group(1), m.group(2) or "", m.group(3)
        value = float(whole.replace(",", "") + frac)
        scale = _KO_SCALE.get(unit, 1) if unit else 1
        digits = whole + frac
        if pending is not None and pending[1] == m.start() and pending[2] > scale:
            value = pending[0] + value * scale
            digits = pending[3] + digits
        elif pending is not None:
            out.append(_ko_number(pending))
            value = value * scale
        else:
            value = value * scale
        pending = (value, m.end(), scale if unit else 1, digits)
        if not unit:
            out.append(_ko_number(pending))
            pending = None
    if pending is not None:
        out.append(_ko_number(pending))
    for m in _KO_NATIVE_WORD.finditer(text):
        out.append(Number(float(_KO_NATIVE[m.group(1) or m.group(2)])))
    return out


def _ko_number(pending: tuple[float, int, int, str]) -> Number:
    value, _, scale, digits = pending
    return Number(value, _sig_digits(digits) if scale > 1 else None)


def english_numbers(text: str) -> list[Number]:
    """Numbers of an English sentence: ``$4.6 trillion`` -> 4.6e12 (2 significant digits), ``two`` -> 2."""
    out: list[Number] = []
    for m in _EN_NUM.finditer(text):
        whole, frac = m.group(1), m.group(2) or ""
        unit = (m.group(3) or m.group(4) or "").lower()
        value = float(whole.replace(",", "") + frac)
        if unit:
            out.append(Number(value * _EN_SCALE[unit], _sig_digits(whole + frac)))
        else:
            out.append(Number(value))
    for m in _EN_NUMBER_WORD.finditer(text):
        out.append(Number(float(_EN_NUMBER_WORDS[m.group(1).lower()])))
    return out


def _round_sig(x: float, sig: int) -> float:
    if x == 0:
        return 0.0
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def numbers_match(a: Number, b: Number) -> bool:
    """Same value, or the same once rounded to the precision of the rounder one (4.6159e12 ~ 4.6e12)."""
    if a.value == b.value:
        return True
    sigs = [s for s in (a.sig, b.sig) if s is not None]
    if not sigs:
        return False
    sig = min(sigs)
    return _round_sig(a.value, sig) == _round_sig(b.value, sig)


# --------------------------------------------------------------------------- anchors

_ALIAS_KO_LATIN = re.compile(r"((?:[가-힣]+\s)?[가-힣]+)\s?\(\s*([A-Za-z][A-Za-z0-9 .&'’+-]*?)\s*\)")
_ALIAS_LATIN_KO = re.compile(r"([A-Za-z][A-Za-z0-9]*)\s?\(\s*([가-힣]+)\s*\)")


def _latin_tokens(text: str) -> list[str]:
    return [t for t in _LATIN_WORD.findall(text) if len(t) >= 2 and t.lower() not in _EN_STOPWORDS]


def korean_anchors(sentence: str) -> dict[str, list]:
    """The anchors of a Korean sentence: ``numbers``, ``latin`` words and ``glosses`` (term, English)."""
    glosses = []
    for m in _ALIAS_KO_LATIN.finditer(sentence):
        glosses.append((m.group(1), m.group(2)))
    return {
        "numbers": [n.value for n in korean_numbers(sentence)],
        "latin": [_norm_latin(t) for t in _latin_tokens(sentence)],
        "glosses": glosses,
    }


class _UnionFind:
    """Union-find over feature nodes; each set keeps the confidence of its best cross-language link."""

    def __init__(self) -> None:
        self.parent: dict = {}
        self.conf: dict = {}

    def find(self, x):
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b, conf: float = 1.0) -> None:
        ra, rb = self.find(a), self.find(b)
        best = max(conf, self.conf.get(ra, 0.0), self.conf.get(rb, 0.0))
        if ra != rb:
            self.parent[ra] = rb
        self.conf[rb] = best


@dataclass
class _Side:
    nodes: list[set]  # per sentence: feature nodes
    anchors: list[set]  # per sentence: nodes that should find a counterpart (numbers, Latin, names)
    lengths: list[int]


def _korean_side(sentences: Sequence[str], uf: _UnionFind) -> tuple[_Side, dict, set, dict]:
    """Nodes of each Korean sentence; also its Hangul words with their stems, acronyms and numbers."""
    nodes, anchors, lengths = [], [], []
    tokens: dict[str, tuple[str, ...]] = {}
    acronyms: set[str] = set()
    numbers: dict[str, Number] = {}
    for text in sentences:
        ns: set = set()
        an: set = set()
        for num in korean_numbers(text):
            node = ("n", num.key)
            numbers[num.key] = num
            ns.add(node)
            an.add(node)
        for tok in _latin_tokens(text):
            node = ("w", _norm_latin(tok))
            ns.add(node)
            an.add(node)
            if tok.isupper() and 2 <= len(tok) <= 6 and tok.isalpha():
                acronyms.add(tok.lower())
        for tok in _HANGUL_RUN.findall(text):
            stems = tokens.get(tok)
            if stems is None:
                stems = tokens[tok] = _ko_stems(tok)
            for stem in stems:
                ns.add(("h", stem))
        for m in _ALIAS_KO_LATIN.finditer(text):
            hangul = m.group(1).split()
            latin = [t for t in _LATIN_WORD.findall(m.group(2)) if t.lower() not in _EN_STOPWORDS]
            if len(latin) == 1:
                pairs = [(hangul[-1], latin[0])]
            elif len(latin) == len(hangul) == 2 and all(t[:1].isupper() for t in latin):
                pairs = list(zip(hangul, latin))
            else:
                pairs = []
            for ko_word, en_word in pairs:
                for stem in _ko_stems(ko_word):
                    if len(stem) >= 2:
                        uf.union(("h", stem), ("w", _norm_latin(en_word)))
        for m in _ALIAS_LATIN_KO.finditer(text):
            for stem in _ko_stems(m.group(2)):
                if len(stem) >= 2:
                    uf.union(("h", stem), ("w", _norm_latin(m.group(1))))
        nodes.append(ns)
        anchors.append(an)
        lengths.append(_korean_length(text))
    return _Side(nodes, anchors, lengths), tokens, acronyms, numbers


_GLOSS_PARENS = re.compile(r"\(\s*[A-Za-z][^()가-힣]*\)")


def _korean_length(text: str) -> int:
    """Length of a Korean sentence in Hangul-sized units.

    English glossed in parentheses repeats the Korean term before it and is left out;
    other Latin letters and digits count half (an English word is about twice as long
    as its Korean rendering).
    """
    text = _GLOSS_PARENS.sub("", text)
    hangul = sum(1 for ch in text if "가" <= ch <= "힣")
    other = len(text) - hangul - sum(1 for ch in text if ch.isspace())
    return hangul + (other + 1) // 2


def _english_side(sentences: Sequence[str], acronyms: set[str]) -> tuple[_Side, dict[str, str], dict]:
    """Nodes of each English sentence; also the spellings to try against Korean loanwords, and numbers."""
    nodes, anchors, lengths = [], [], []
    words: dict[str, str] = {}  # spelling to try against Korean -> node name
    numbers: dict[str, Number] = {}
    for text in sentences:
        ns: set = set()
        an: set = set()
        for num in english_numbers(text):
            node = ("n", num.key)
            numbers[num.key] = num
            ns.add(node)
            an.add(node)
        toks = _LATIN_WORD.findall(text)
        content: list[str] = []
        for k, tok in enumerate(toks):
            low = tok.lower()
            if low in _EN_STOPWORDS or len(tok) < 2:
                content.append("")
                continue
            name = _norm_latin(tok)
            node = ("w", name)
            ns.add(node)
            content.append(name)
            if (k > 0 and tok[0].isupper()) or (tok.isupper() and len(tok) >= 2) or any(c.isdigit() for c in tok):
                an.add(node)
            if len(tok) >= 3 and tok.isalpha() and not tok.isupper():
                words.setdefault(low, name)
        for m in _EN_COMPOUND.finditer(text):
            joined = m.group(0).replace("-", "").lower()
            ns.add(("w", joined))
            words.setdefault(joined, joined)
        for a, b in zip(content, content[1:]):
            if a and b:
                ns.add(("w", a + " " + b))  # for two-word glossary entries
        if acronyms:  # runs of 2-5 content words whose initials spell an acronym of the Korean text
            initials = [t[0] for t in toks if t.lower() not in _EN_STOPWORDS]
            letters = "".join(initials).lower()
            for k in range(len(letters) - 1):  # each run of initials looked up: no loop over the acronyms
                for size in range(2, min(5, len(letters) - k) + 1):
                    acro = letters[k:k + size]
                    if acro in acronyms and (size >= 3 or all(c.isupper() for c in initials[k:k + size])):
                        ns.add(("w", acro))
        nodes.append(ns)
        anchors.append(an)
        lengths.append(len(text) - text.count(" "))
    return _Side(nodes, anchors, lengths), words, numbers


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


def _sino_possible(stem: str) -> bool:
    """False when some syllable cannot be read from a Chinese character (so the word is native or borrowed).

    A rough model of Sino-Korean readings: they end in nothing or ㄱ ㄴ ㄹ ㅁ ㅂ ㅇ, never start with a tense
    consonant or ㅋ, have no ㅒ, no 디/티, no ㅡ without a final, and narrower initials before some vowels.
    Loanwords such as 코발트, 나델라, 에세이, 서버, 배터리 fail the test; 마이아, 라니 pass it.
    """
    for ch in stem:
        d = _decompose(ch)
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


def _single_syllable_ok(stem: str) -> bool:
    d = _decompose(stem)
    return d is not None and d[0] != _IEUNG and d[2] != 0


_SINO_LIMIT = 0.15  # a word that could be Sino-Korean must match almost exactly
_MAX_DRIFT = 0.4  # an inexact loanword match must occur within 40% of the article of its partner


def _positions(nodes: list[set]) -> dict:
    """Relative positions (0..1) of the sentences holding each node."""
    out: dict = {}
    last = max(1, len(nodes) - 1)
    for k, s in enumerate(nodes):
        for node in s:
            out.setdefault(node, []).append(k / last)
    return out


_DISTANCE_CACHE: dict[tuple[str, str], tuple[float | None, float]] = {}
_NO_LIQUIDS = str.maketrans("", "", "LR")
# Every edit of a consonant string that costs less than 0.8 (L/R, H or R dropped, P/H, N/M, S/J/T/K among
# themselves) leaves this image unchanged: two strings closer than 0.8 have the same image.
_CHEAP_OPS = str.maketrans({"L": None, "R": None, "H": None, "P": None, "S": "X", "T": "X", "J": "X", "K": "X",
                            "M": "N"})


@lru_cache(maxsize=16384)
def _consonant_string(key: str) -> str:
    return "".join(ch for ch in key if ch not in _VOWEL_SYMBOLS)


def _bounded_distance(a: str, b: str, bound: float) -> float | None:
    """``_key_distance(a, b)`` when it is at most ``bound``, else None; stops as soon as a row exceeds it."""
    cached = _DISTANCE_CACHE.get((a, b))
    if cached is not None:
        value, tried = cached
        if value is not None:
            return value if value <= bound else None
        if tried >= bound:
            return None
    indel = _INDEL_COST
    costs_b = [indel.get(ch, 1.0) for ch in b]
    prev = [0.0]
    for c in costs_b:
        prev.append(prev[-1] + c)
    value: float | None = None
    span = range(len(b))
    for ca in a:
        da = indel.get(ca, 1.0)
        subs = _SUB_ROWS.get(ca) or {ca: 0.0}
        left = prev[0] + da
        cur = [left]
        low = left
        for k in span:
            x = prev[k] + subs.get(b[k], 1.0)
            y = prev[k + 1] + da
            if y < x:
                x = y
            y = left + costs_b[k]
            if y < x:
                x = y
            cur.append(x)
            left = x
            if x < low:
                low = x
        if low > bound:
            break
        prev = cur
    else:
        value = prev[-1]
    if len(_DISTANCE_CACHE) > 200000:
        _DISTANCE_CACHE.clear()
    _DISTANCE_CACHE[(a, b)] = (value, bound)
    return value if value is not None and value <= bound else None


@lru_cache(maxsize=65536)
def _skeletons_near(sk: str, se: str) -> bool:
    """Whether an English key of skeleton ``se`` is a candidate for a Korean stem of skeleton ``sk``.

    The same skeleton; for skeletons of two or more consonants one substitution; for three
    or more also one consonant more or less (it costs at least 0.4, the H, and only keys of
    3+ consonants allow that).
    """
    if se == sk:
        return True
    n, k = len(sk), len(se)
    if n < 2:
        return False
    if k == n:
        return any(sk[:p] + sk[p + 1:] == se[:q] + se[q + 1:] for p in range(n) for q in range(k))
    if n >= 3 and k == n + 1:
        return any(se[:q] + se[q + 1:] == sk for q in range(k))
    if n >= 3 and k == n - 1:
        return any(sk[:p] + sk[p + 1:] == se for p in range(n))
    return False


@lru_cache(maxsize=16384)
def _stem_profile(stem: str) -> tuple[str, str, int, str, bool] | None:
    """What matching a Korean stem needs, once per stem: key, skeleton, consonant profile, Sino-Korean?"""
    if len(stem) == 1 and not _single_syllable_ok(stem):
        return None
    kk = _ko_key(stem)
    sk = _skeleton(kk)
    if not sk:
        return None
    return kk, sk, _consonants(kk), _consonant_string(kk), _sino_possible(stem)


def _link_loanwords(tokens: Mapping[str, tuple[str, ...]], words: Mapping[str, str], ko_pos: Mapping,
                    en_pos: Mapping, uf: _UnionFind) -> None:
    """Union Korean stems with the English words they transliterate.

    Candidates come from an index of consonant skeletons (exact, or one consonant
    more or less on either side); a weighted edit distance on the full keys decides.
    Each Korean word keeps its best stem; a pair is kept only when it is (nearly) the
    best match of both its Korean stem and its English word, and when the Korean
    stem is not far more frequent than the English word (a translation condenses)
    and, for an inexact match, occurs somewhere near the same place of the article.

    The result is that of ``_stem_distance`` on every candidate, computed faster: the
    guards that need no distance come first, then a lower bound from consonant counts,
    and the edit distance stops once it exceeds what the pair may cost.
    """
    index: dict[str, list[tuple]] = {}
    deletions: dict[str, list[tuple]] = {}
    for spelling, name in words.items():
        for key in _en_word_keys(spelling):
            sk = _skeleton(key)
            if not sk:
                continue
            entry = (key, name, len(name))
            index.setdefault(sk, []).append(entry)
            if len(sk) >= 2:
                for p in range(len(sk)):
                    deletions.setdefault(sk[:p] + sk[p + 1:], []).append(entry)
    # English keys grouped by consonant string (their shared lower bound), indexed by its images
    groups: dict[str, tuple] = {}
    for entries in index.values():
        for entry in entries:
            cons = _consonant_string(entry[0])
            group = groups.get(cons)
            if group is None:
                group = groups[cons] = (cons, cons.translate(_NO_LIQUIDS), cons.translate(_CHEAP_OPS),
                                        _consonants(entry[0]), _skeleton(entry[0]), {})
            group[5][entry] = None
    by_firm: dict[str, list[tuple]] = {}
    for group in groups.values():
        by_firm.setdefault(group[1], []).append(group)
    candidates: dict[str, list[tuple]] = {}  # Korean skeleton -> the groups of its candidates
    pairs: list[tuple[float, str, str]] = []
    for token, stems in tokens.items():
        found: list[tuple[float, int, str, str]] = []
        for stem in stems:
            profile = _stem_profile(stem)
            if profile is None:
                continue
            kk, sk, nck, cons_k, sino = profile
            if not nck:
                continue
            pen = _stem_penalty(token, stem)
            one = len(stem) == 1
            short = nck <= 1 or one  # such a stem only matches an English word of 4+ letters
            if nck <= 1 and len(stem) < 3:
                continue
            firm = cons_k.translate(_NO_LIQUIDS)
            canon = cons_k.translate(_CHEAP_OPS)
            # candidates: English keys whose skeleton is near (``_skeletons_near``), found in an index of
            # skeletons; a stem that must match almost exactly (Sino-Korean, one syllable: bound below 0.3)
            # can only meet keys with the same consonants but for L and R (S/J 0.3 is the cheapest
            # substitution), found in an index of those
            if sino or one:
                chosen = by_firm.get(firm, ())
            else:
                chosen = candidates.get(sk)
                if chosen is None:
                    found_c = list(index.get(sk, ()))
                    if len(sk) >= 2:
                        if len(sk) >= 3:
                            found_c += deletions.get(sk, ())  # one consonant more
                        for p in range(len(sk)):
                            shorter = sk[:p] + sk[p + 1:]
                            found_c += deletions.get(shorter, ())  # one substitution
                            if len(sk) >= 3:
                                found_c += index.get(shorter, ())  # one consonant less
                    chosen = candidates[sk] = list({id(g): g for g in (
                        groups[_consonant_string(e[0])] for e in found_c)}.values())
            for cons_e, firm_e, canon_e, nce, sk_e, group in chosen:
                if (sino or one) and not _skeletons_near(sk, sk_e):
                    continue
                if not nce:
                    continue
                limit = _key_limit(nck if nck > nce else nce)
                bound = limit - pen
                if sino and _SINO_LIMIT - pen < bound:
                    bound = _SINO_LIMIT - pen
                if one:
                    bound = -pen
                # the distance of the consonant strings is a lower bound: vowels dropped cost nothing,
                # and a consonant set against a vowel costs no more deleted (H 0.4 < 0.5, others 1.0)
                # under 0.8 the consonant strings must have the same _CHEAP_OPS image
                if bound < -1e-9 or (bound < 0.8 - 1e-9 and canon != canon_e):
                    continue
                if _bounded_distance(cons_k, cons_e, bound + 1e-9) is None:
                    continue
                for key, name, nlen in group:
                    if short and nlen < 4:
                        continue
                    raw = _bounded_distance(kk, key, bound + 1e-9)
                    if raw is None or raw > limit:
                        continue
                    d = raw + pen
                    if d > limit or (sino and d > _SINO_LIMIT) or (one and d > 0.0):
                        continue
                    found.append((d, -len(stem), stem, name))
        if found:
            found.sort()
            d0, _, stem0, _ = found[0]
            pairs.extend((d, stem, name) for d, _, stem, name in found if stem == stem0 and d <= d0 + 0.05)
    best_stem: dict[str, float] = {}
    best_name: dict[str, float] = {}
    for d, stem, name in pairs:
        best_stem[stem] = min(d, best_stem.get(stem, 9.0))
        best_name[name] = min(d, best_name.get(name, 9.0))
    for d, stem, name in pairs:
        if d > best_stem[stem] + 0.1 or d > best_name[name] + 0.1:
            continue
        kp = ko_pos.get(("h", stem), ())
        ep = en_pos.get(("w", name), ())
        if len(kp) > 2 * len(ep) + 2:
            continue
        if d > 0.05 and _nearest_gap(kp, ep) > _MAX_DRIFT:
            continue
        uf.union(("h", stem), ("w", name), math.exp(-3.0 * d))


def _nearest_gap(xs: list[float], ys: list[float]) -> float:
    """The smallest distance between a value of ``xs`` and one of the ascending ``ys`` (1.0 if either is
    empty), by bisection: a word frequent on both sides of a long text costs no product of its positions."""
    best = 1.0
    for x in xs:
        k = bisect_left(ys, x)
        for y in ys[max(0, k - 1):k + 1]:
            best = min(best, abs(x - y))
    return best


# --------------------------------------------------------------------------- lexicon

# English words a gloss may list that say nothing about which sentence translates which: light verbs,
# placeholder nouns and the glossary's own shorthand ("to be", "thing", "do", "make", "sb", "N").
_GLOSS_STOPWORDS = _EN_STOPWORDS | frozenset("""
be being been become becomes became make makes made making do get gets getting got take takes took taken taking
go goes going went gone come comes came coming give gives gave given giving put puts putting keep keeps kept
let seem seems thing things something someone somebody anything anyone everything person persons people one
oneself self way ways kind kinds sort sorts lot lots bit etc eg ie sb sth smb someone's n v adj adv vs
""".split())
# A word in the glosses of more than this share of a glossary's lemmas (and of at least 30 of them) is too
# common to be evidence: in the built-in glossary "time", "take", "go", "out".
_FREQUENT_GLOSS_SHARE = 0.004
_GLOSS_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_GLOSS_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_GLOSS_AFFIX = re.compile(r"(?<![A-Za-z])-[A-Za-z]+")  # "-er", "-based": a suffix, not a word
_LEXICON_CONFIDENCE = 0.6
_GLOSSARY_CACHE: dict[int, tuple[object, dict[str, tuple[str, ...]]]] = {}


@lru_cache(maxsize=65536)
def _en_stem(word: str) -> str:
    """Light English stem for glossary matching: lowercase, without possessive, plural, -ed, -ing, -ly or a
    final e.  ``surprised``, ``surprise``, ``surprising`` -> ``surpris``; ``studies``, ``studied`` ->
    ``study``; ``planned`` -> ``plan``; ``classes`` -> ``class``; ``directly`` -> ``direct``."""
    w = word.lower().replace("’", "'")
    if "'" in w:
        w = w.split("'")[0]
    n = len(w)
    if n <= 3:
        return w
    if w.endswith(("ies", "ied")) and n > 4:
        return w[:-3] + "y"
    if w.endswith("ily") and n > 5:
        return w[:-3] + "y"  # easily -> easy
    for suf in ("ingly", "edly", "ing", "ed"):
        if w.endswith(suf) and n - len(suf) >= 3:
            w = w[: -len(suf)]
            if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeioulsz":
                w = w[:-1]  # planned -> plan, running -> run; but fall, pass
            break
    else:
        if w.endswith("ly") and n - 2 >= 4:
            w = w[:-2]
        elif w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")) and n - 2 >= 3:
            w = w[:-2]
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    return w


@lru_cache(maxsize=4096)
def _gloss_words(text: str) -> tuple[str, ...]:
    """The English content words of a gloss, lowercase, in order and once each.

    Parenthesised notes are dropped (usage notes with Korean, ``(there is/are)``, ``(stock)``), and so are
    ``to``, stop words and light words: ``"to disclose, make public; to release"`` -> ``disclose, public,
    release``; ``"accelerator (AI accelerator chip)"`` -> ``accelerator``.
    """
    return _gloss_words_uncached(text)


def _gloss_words_uncached(text: str) -> tuple[str, ...]:
    if "(" in text or "[" in text:
        prev = None
        while prev != text:  # nested parentheses: innermost first
            prev, text = text, _GLOSS_PARENTHESES.sub(" ", text)
    if "’" in text:
        text = text.replace("’", "'")
    if "-" in text:
        text = _GLOSS_AFFIX.sub(" ", text)
    stop = _GLOSS_STOPWORDS
    out = {}
    for w in _GLOSS_WORD.findall(text.lower()):
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in stop:
            out[w] = None
    return tuple(out)


def lexicon_from_glossary(glossary: Mapping) -> dict[str, tuple[str, ...]]:
    """A lexicon for ``align_sentences``: Korean lemma -> the English content words of its glosses.

    ``glossary`` maps ``(lemma, tag)`` or ``lemma`` to a ``Gloss`` (``.text``), a gloss string or a list of
    them, like ``korpus.glossary.builtin_glossary()``; the glosses of one lemma's tags are pooled.  Words
    are those of ``_gloss_words`` (no ``to``, parenthesised notes or stop words); a word found in the
    glosses of too many lemmas (over 0.4% of them, and over 30) is dropped as well.  Lemmas left without
    a word are left out.  The result is cached for the glossary object (a glossary must not change once
    passed here) and shared: do not modify it.
    """
    cached = _GLOSSARY_CACHE.get(id(glossary))
    if cached is not None and cached[0] is glossary:
        return cached[1]
    words_of: dict[str, tuple[str, ...]] = {}
    for key, gloss in glossary.items():
        lemma = key[0] if type(key) is tuple else key
        text = gloss.text if hasattr(gloss, "text") else gloss
        if type(text) is str:
            words = _gloss_words_uncached(text)
        else:
            words = tuple(dict.fromkeys(w for t in text for w in _gloss_words_uncached(str(t))))
        if lemma in words_of:  # another tag of the same lemma
            words = tuple(dict.fromkeys(words_of[lemma] + words))
        elif not lemma.strip():
            continue
        words_of[lemma] = words
    frequency = Counter(chain.from_iterable(words_of.values()))
    limit = max(30.0, _FREQUENT_GLOSS_SHARE * len(words_of))
    common = {w for w, k in frequency.items() if k > limit}
    lexicon: dict[str, tuple[str, ...]] = {}
    for lemma, words in words_of.items():
        if common and not common.isdisjoint(words):
            words = tuple(w for w in words if w not in common)
        if words:
            lexicon[lemma.strip()] = words
    if len(_GLOSSARY_CACHE) > 4:
        _GLOSSARY_CACHE.clear()
    _GLOSSARY_CACHE[id(glossary)] = (glossary, lexicon)
    return lexicon


# Lemmas with no content of their own: grammaticalised verbs (에 대한 "about", 을 통해 "through", 을 위해
# "for", 에 따르면 "according to"), auxiliaries, copulas and demonstrative adjectives.  Their glosses name
# other senses ("to face", "to be connected") that would match by chance.
_KO_STOP_LEMMAS = _KO_STOP_STEMS | frozenset("""
대하다 통하다 위하다 관하다 의하다 인하다 따르다 비하다 향하다 걸치다 불구하다 말미암다 하다 되다 있다 없다 이다
아니다 않다 못하다 말다 싶다 주다 보다 가다 오다 두다 놓다 지다 버리다 내다 대다 계시다 같다 이러하다 그러하다
저러하다 어떠하다 이렇다 그렇다 저렇다 어떻다 아무렇다 그 이 저 그것 이것 저것 여기 거기 저기 것 수 등 때 중 뿐 데
""".split())

# Endings that derive a verb or adjective from a noun: a lemma the lexicon lacks falls back to its noun.
_DERIVING_ENDINGS = ("시키다", "당하다", "스럽다", "하다", "되다", "받다", "롭다", "적")


class _LemmaTargets:
    """Stems of the English words a lexicon gives for each Korean lemma, memoised per lexicon object."""

    _cache: dict[int, tuple[object, "_LemmaTargets"]] = {}

    def __init__(self, lexicon: Mapping[str, Iterable[str]]) -> None:
        self.lexicon = lexicon
        self.memo: dict[str, frozenset[str]] = {}

    @classmethod
    def of(cls, lexicon: Mapping[str, Iterable[str]]) -> "_LemmaTargets":
        cached = cls._cache.get(id(lexicon))
        if cached is not None and cached[0] is lexicon:
            return cached[1]
        if len(cls._cache) > 8:
            cls._cache.clear()
        targets = cls(lexicon)
        cls._cache[id(lexicon)] = (lexicon, targets)
        return targets

    def __call__(self, lemma: str) -> frozenset[str]:
        found = self.memo.get(lemma)
        if found is None:
            found = self.memo[lemma] = self._lookup(lemma)
        return found

    @staticmethod
    def keys(lemma: str) -> tuple[str, ...]:
        """The lemma, and the noun a derived verb or adjective falls back to: 공개하다 -> 공개."""
        for ending in _DERIVING_ENDINGS:  # 공개하다 -> 공개, 전문가스럽다 -> 전문가, 인지적 -> 인지
            if lemma.endswith(ending) and len(lemma) - len(ending) >= 2:
                return lemma, lemma[: -len(ending)]
        return (lemma,)

    def _lookup(self, lemma: str) -> frozenset[str]:
        values = None
        for key in self.keys(lemma):
            if key in _KO_STOP_LEMMAS:
                break
            values = self.lexicon.get(key)
            if values is not None:
                break
        if values is None:
            return frozenset()
        stems = set()
        for value in ([values] if isinstance(values, str) else values):
            for word in _gloss_words(str(value)):
                stems.add(_en_stem(word))
        return frozenset(stems)


def _add_lemma_concepts(lexicon: Mapping[str, Iterable[str]], ko_lemmas: Sequence[Sequence[str]],
                        en: Sequence[str], ko_nodes: list[set], en_nodes: list[set], uf: _UnionFind) -> None:
    """Glossary evidence from the Korean sentences' lemmas: hunalign's dictionary bag of words.

    Each lemma the lexicon glosses with a word of some English sentence (both sides lightly
    stemmed) is a concept, present in the Korean sentences with the lemma and in the English
    sentences with one of its words; ``_features`` weighs it by IDF like any concept.  Its
    confidence falls with the number of words its glosses list (``빠지다``: fall, hooked,
    left, lose matches by chance).  A lemma already matched as a loanword is left to that
    match, and within a Korean sentence a lemma whose matched English words are all another
    lemma's (학습 and 배우다 both "learn") is dropped, so that a many-to-many match counts once.
    """
    targets_of = _LemmaTargets.of(lexicon)
    index: dict[str, list[int]] = {}  # English stem -> the sentences holding it
    for j, text in enumerate(en):
        seen = set()
        for tok in _LATIN_WORD.findall(text):
            low = tok.lower()
            if low in _GLOSS_STOPWORDS or len(low) < 2:
                continue
            stem = _en_stem(low)
            if stem not in seen:
                seen.add(stem)
                index.setdefault(stem, []).append(j)
    sentences = [[x if isinstance(x, str) else x[0] for x in lemmas]  # also (lemma, tag) pairs
                 for lemmas in ko_lemmas]
    linked = uf.parent.keys() | uf.conf.keys()
    matched: dict[str, frozenset[str]] = {}  # lemma -> its stems found in the English text
    for lemma in dict.fromkeys(x for lemmas in sentences for x in lemmas):
        if any(("h", key) in linked for key in targets_of.keys(lemma)):
            continue
        stems = frozenset(s for s in targets_of(lemma) if s in index)
        if stems:
            matched[lemma] = stems
            node = ("x", lemma)
            for j in {j for s in stems for j in index[s]}:
                en_nodes[j].add(node)
            senses = len(targets_of(lemma))
            uf.conf[node] = _LEXICON_CONFIDENCE * (1.0 if senses <= 2 else math.sqrt(2.0 / senses))
    for i, lemmas in enumerate(sentences):
        covered: set[str] = set()
        for _, lemma in sorted({(len(matched[x]), x) for x in lemmas if x in matched}):
            stems = matched[lemma]
            if stems <= covered:
                continue  # its English words are another lemma's of this sentence: counted once
            covered |= stems
            ko_nodes[i].add(("x", lemma))


# Older lexicon path, for a lexicon without the sentences' lemmas: Korean words are looked up by their
# particle-stripped forms and longest known prefixes.


@dataclass
class _Lexicon:
    """A glossary prepared for lookups: Korean key (a noun, or a verb stem without 다) -> English targets."""

    entries: dict[str, tuple[tuple[str, ...], ...]]  # each target: the stems of its content words
    max_len: int


_LEX_CACHE: dict[int, tuple[object, _Lexicon]] = {}
_UNCONTRACT = {"해": "하", "돼": "되", "여": "이", "와": "오", "워": "우", "쳐": "치", "져": "지", "려": "리",
               "켜": "키", "혀": "히", "껴": "끼", "겨": "기", "셔": "시", "봐": "보", "줘": "주", "둬": "두"}


def _prepare_lexicon(lexicon: Mapping[str, Iterable[str]]) -> _Lexicon:
    cached = _LEX_CACHE.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    entries: dict[str, set] = {}
    for ko, ens in lexicon.items():
        ko = ko.strip()
        if not ko or ko in _KO_STOP_STEMS:
            continue
        targets = set()
        for en in ([ens] if isinstance(ens, str) else ens):
            for piece in re.split(r"[,;/]", re.sub(r"\([^)]*\)", " ", str(en))):
                words = tuple(_en_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", piece)
                              if w.lower() not in _EN_STOPWORDS and len(w) > 1)
                if 1 <= len(words) <= 3:
                    targets.add(words)
        if not targets:
            continue
        key = ko[:-1] if ko.endswith("다") and len(ko) >= 2 else ko
        entries.setdefault(key, set()).update(targets)
    lex = _Lexicon({k: tuple(sorted(v)) for k, v in entries.items()}, max(map(len, entries), default=0))
    if len(_LEX_CACHE) > 8:
        _LEX_CACHE.clear()
    _LEX_CACHE[id(lexicon)] = (lexicon, lex)
    return lex


def _lemma_variants(prefix: str) -> Iterable[str]:
    """The prefix of a word, and the verb stem it may contract: 놀랐 -> 놀라, 전했 -> 전하, 울린 -> 울리."""
    yield prefix
    d = _decompose(prefix[-1])
    if d and d[2] in (4, 8, 20):  # ㄴ (adnominal, 는다), ㄹ (future), ㅆ (past)
        open_syllable = chr(_SBASE + (d[0] * 21 + d[1]) * 28)
        yield prefix[:-1] + open_syllable
        if open_syllable in _UNCONTRACT:
            yield prefix[:-1] + _UNCONTRACT[open_syllable]


def _lexicon_key(token: str, lex: _Lexicon) -> str | None:
    """The glossary key a Korean word contains: its particle-stripped self, else its longest known prefix."""
    cur = token
    for _ in range(2):
        if cur in lex.entries:
            return cur
        shorter = _strip_suffix(cur)
        if shorter is None:
            break
        cur = shorter
    if cur in lex.entries:
        return cur
    for k in range(min(len(token), lex.max_len), 1, -1):
        for cand in _lemma_variants(token[:k]):
            if len(cand) >= 2 and cand in lex.entries:
                return cand
    return None


def _add_lexicon_concepts(lexicon: Mapping[str, Iterable[str]], tokens_by_sentence: list[list[str]],
                          en: Sequence[str], ko_nodes: list[set], en_nodes: list[set], uf: _UnionFind) -> None:
    """Glossary evidence: one concept per Korean key, present in the English sentences holding a translation."""
    lex = _prepare_lexicon(lexicon)
    holding: dict[str, set[int]] = {}  # English stem -> the sentences holding it
    for j, text in enumerate(en):
        for w in _LATIN_WORD.findall(text):
            holding.setdefault(_en_stem(w), set()).add(j)
    cache: dict[str, str | None] = {}
    found: dict[str, list[int]] = {}
    for i, toks in enumerate(tokens_by_sentence):
        for tok in toks:
            if tok not in cache:
                cache[tok] = _lexicon_key(tok, lex)
            key = cache[tok]
            if key is None or ("h", key) in uf.parent or ("h", key) in uf.conf:  # already a matched loanword
                continue
            found.setdefault(key, []).append(i)
    for key, rows in found.items():
        node = ("x", key)
        hits = set().union(*(set.intersection(*(holding.get(w, set()) for w in target))
                             for target in lex.entries[key]))
        if not hits:
            continue
        for i in rows:
            ko_nodes[i].add(node)
        for j in hits:
            en_nodes[j].add(node)
        uf.conf[node] = _LEXICON_CONFIDENCE


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class AlignParams:
    """Scoring constants of the aligner, in log-odds-like units."""

    gap_open_ko: float = 1.6  # first Korean sentence of a run left without counterpart (1-0)
    gap_open_en: float = 1.0  # first English sentence of such a run (0-1)
    gap_extend_ko: float = 0.4  # each further Korean sentence of the run: omissions come in runs
    gap_extend_en: float = 0.2
    prior_12: float = -0.8  # extra cost of 1-2 / 2-1 over 1-1
    prior_22: float = -2.5  # 2-2
    prior_13: float = -2.5  # 1-3 / 3-1
    length_weight: float = 1.0
    length_shape: float = 2.0  # length score: weight * (1 - shape * ln(1 + r^2 / 2 sigma^2)), a heavy-tailed bell
    length_smooth: float = 12.0  # characters added to both sides before taking the log ratio
    sigma_default: float = 0.35  # spread of the log length ratio when it cannot be estimated
    sigma_min: float = 0.3
    match_weight: float = 1.0  # per unit of IDF weight of a concept both sides of the bead share
    miss_ko: float = 1.0  # per shared concept present only on the Korean side of the bead (x IDF, capped at 1)
    miss_en: float = 0.5  # ... only on the English side (the Korean condenses)
    orphan_ko: float = 1.0  # per Korean number unknown to the English document (a Latin word counts double)
    orphan_en: float = 0.5  # per English number or name unknown to the Korean document
    merge_discount: float = 0.3  # per concept matched inside a 1-2/2-1 (x ln 2) or 1-3/3-1 (x ln 3) bead
    heading_mismatch: float = 1.5  # a heading linked to a body sentence, or merged with another sentence
    band: int = 0  # half width of the DP band in sentences; 0: automatic


DEFAULT_PARAMS = AlignParams()

_FULL_BAND_CELLS = 250_000  # up to this many cells (n x m) the band is half the matrix, as it always was
_COARSE_CELLS = 20_000  # the coarsest level of the coarse-to-fine pass (larger texts) is aligned in full
_PATH_MARGIN = 6  # sentences searched either side of the path found at the coarser level
_MATCH_BEADS = ((1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))
_PLANES = 5
_QUANT = 4.0
_CLOSERS = "\"'”’)]»」』〉>"


def _is_heading(text: str) -> bool:
    """A heading or a label: no sentence-final punctuation (``마이아, AI 가속기``)."""
    t = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(t) and t[-1] not in ".?!:;…。？！"


# --------------------------------------------------------------------------- features


@dataclass
class _Features:
    ko_masks: list[int]
    en_masks: list[int]
    m_planes: list[int]  # bit planes of the match weight of each shared concept
    uk_planes: list[int]  # bit planes of its miss weight when only the Korean side of a bead has it
    ue_planes: list[int]  # ... when only the English side has it
    ko_orphan: list[float]
    en_orphan: list[float]
    ko_len: list[int]
    en_len: list[int]
    ko_head: list[int]
    en_head: list[int]
    weights: list[tuple[float, float, float]] = field(default_factory=list)  # per concept: match, miss_k, miss_e
    concepts: list = field(default_factory=list)  # per concept bit: its root node (for debugging)

    def earn_weights(self, match: float, miss_ko: float, miss_en: float) -> list[float]:
        return [match * m + miss_ko * uk + miss_en * ue for m, uk, ue in self.weights]


def _link_numbers(ko_numbers: Mapping[str, Number], en_numbers: Mapping[str, Number], uf: _UnionFind) -> None:
    """Union each Korean number with the English numbers it matches (``numbers_match``).

    Two numbers match when equal or equal once rounded to a precision one of them has: the English
    numbers are indexed by value and by their value rounded to each precision in use, so that a long
    text's numbers are not compared pair by pair.
    """
    sigs = sorted({num.sig for num in chain(ko_numbers.values(), en_numbers.values()) if num.sig is not None})
    order = {key: k for k, key in enumerate(en_numbers)}
    by_value: dict[float, list[str]] = {}
    by_rounded: dict[tuple[int, float], list[str]] = {}
    for kb, nb in en_numbers.items():
        by_value.setdefault(nb.value, []).append(kb)
        for sig in sigs:
            by_rounded.setdefault((sig, _round_sig(nb.value, sig)), []).append(kb)
    for ka, na in ko_numbers.items():
        found = set(by_value.get(na.value, ()))
        for sig in sigs:
            found.update(by_rounded.get((sig, _round_sig(na.value, sig)), ()))
        for kb in sorted(found, key=order.__getitem__):
            if ka != kb and numbers_match(na, en_numbers[kb]):
                uf.union(("n", ka), ("n", kb))


def _features(ko: Sequence[str], en: Sequence[str], lexicon: Mapping[str, Iterable[str]] | None,
              ko_lemmas: Sequence[Sequence[str]] | None = None) -> _Features:
    uf = _UnionFind()
    ko_side, tokens, acronyms, ko_numbers = _korean_side(ko, uf)
    en_side, words, en_numbers = _english_side(en, acronyms)
    _link_loanwords(tokens, words, _positions(ko_side.nodes), _positions(en_side.nodes), uf)
    _link_numbers(ko_numbers, en_numbers, uf)
    if lexicon and ko_lemmas is not None:
        _add_lemma_concepts(lexicon, ko_lemmas, en, ko_side.nodes, en_side.nodes, uf)
    elif lexicon:
        _add_lexicon_concepts(lexicon, [_HANGUL_RUN.findall(t) for t in ko], en, ko_side.nodes, en_side.nodes, uf)

    find = uf.find
    ko_roots = [{find(n) for n in s} for s in ko_side.nodes]
    en_roots = [{find(n) for n in s} for s in en_side.nodes]
    in_ko: dict = {}
    in_en: dict = {}
    for s in ko_roots:
        for r in s:
            in_ko[r] = in_ko.get(r, 0) + 1
    for s in en_roots:
        for r in s:
            in_en[r] = in_en.get(r, 0) + 1
    total = len(ko) + len(en)
    shared = sorted((r for r in in_ko if r in in_en), key=repr)
    bit = {r: k for k, r in enumerate(shared)}
    weights: list[tuple[float, float, float]] = []
    m_planes = [0] * _PLANES
    uk_planes = [0] * _PLANES
    ue_planes = [0] * _PLANES
    for r, k in bit.items():
        idf = math.log(total / (in_ko[r] + in_en[r]))
        conf = uf.conf.get(r, 1.0)
        miss = conf * min(1.0, idf / 2)
        # a concept the Korean names in 6 sentences and the English in 1 ("하웰 교수" vs "I") is seldom
        # carried over: missing it on the other side is weak evidence
        miss_k = miss * min(1.0, in_en[r] / in_ko[r])
        miss_e = miss * min(1.0, in_ko[r] / in_en[r])
        if r[0] == "x":  # glossary concept: an English word is the target of many Korean lemmas
            miss_e /= 2
        weights.append((conf * max(0.3, idf), miss_k, miss_e))
        for planes, w in ((m_planes, conf * max(0.3, idf)), (uk_planes, miss_k), (ue_planes, miss_e)):
            q = _quantize(w)
            for p in range(_PLANES):
                if q >> p & 1:
                    planes[p] |= 1 << k
    ko_masks = [sum(1 << bit[r] for r in s if r in bit) for s in ko_roots]
    en_masks = [sum(1 << bit[r] for r in s if r in bit) for s in en_roots]

    def orphan(anchors: list[set], counts: dict, other: dict, latin: float) -> list[float]:
        """Weight of the anchors of each sentence that have no counterpart in the other document."""
        out = []
        for s in anchors:
            kinds: dict = {}
            for node in s:
                r = find(node)
                if r not in other:
                    kinds[r] = max(kinds.get(r, 0.0), latin if node[0] == "w" else 1.0)
            out.append(min(4.0, sum(k * min(1.0, math.log(total / counts[r]) / 2) for r, k in kinds.items())))
        return out

    return _Features(ko_masks, en_masks, m_planes, uk_planes, ue_planes, orphan(ko_side.anchors, in_ko, in_en, 2.0),
                     orphan(en_side.anchors, in_en, in_ko, 1.0), ko_side.lengths, en_side.lengths,
                     [int(_is_heading(t)) for t in ko], [int(_is_heading(t)) for t in en], weights, shared)


_EARN_PLANES = 7


def _planes(weights: list[float], count: int) -> list[int]:
    """Bit planes of quantised weights: plane q holds the concepts whose weight has bit q set."""
    planes = [0] * count
    top = (1 << count) - 1
    for k, w in enumerate(weights):
        q = max(0, min(top, int(round(w * _QUANT))))
        for b in range(count):
            if q >> b & 1:
                planes[b] |= 1 << k
    return planes


def _quantize(w: float) -> int:
    return max(0, min((1 << _PLANES) - 1, int(round(max(w, 0.0) * _QUANT))))


def _weight(mask: int, planes: list[int]) -> float:
    if not mask:
        return 0.0
    return sum((mask & planes[p]).bit_count() << p for p in range(_PLANES)) / _QUANT


# --------------------------------------------------------------------------- length model


def _estimate_length_model(f: _Features, p: AlignParams, band: list[tuple[int, int]] | None = None
                           ) -> tuple[float, float, list[tuple[int, int]]]:
    """Character ratio en/ko and log-ratio spread, from confident anchor pairs (mutual best matches),
    among the pairs of sentences inside ``band`` if one is given (else all pairs)."""
    n, m = len(f.ko_masks), len(f.en_masks)
    best_j = [-1] * n
    best_jw = [0.0] * n
    best_i = [-1] * m
    best_iw = [0.0] * m
    for i, km in enumerate(f.ko_masks):
        if not km:
            continue
        first, last = (0, m) if band is None else (max(0, band[i + 1][0] - 1), band[i + 1][1])
        for j in range(first, last):
            inter = km & f.en_masks[j]
            if not inter:
                continue
            w = _weight(inter, f.m_planes)
            if w > best_jw[i]:
                best_jw[i], best_j[i] = w, j
            if w > best_iw[j]:
                best_iw[j], best_i[j] = w, i
    pairs = [(i, best_j[i]) for i in range(n)
             if best_j[i] >= 0 and best_i[best_j[i]] == i and best_jw[i] >= 2.0]
    pairs = _longest_monotone(pairs)
    ratio, sigma = _length_model_from(f, p, pairs)
    return ratio, sigma, pairs


def _length_model_from(f: _Features, p: AlignParams, beads: list) -> tuple[float, float]:
    """Ratio (median of the beads' ratios) and spread (robust) of the linked beads' lengths."""
    sized = []
    for bead in beads:
        ks, es = (bead if isinstance(bead[0], tuple) else ((bead[0],), (bead[1],)))
        sized.append((sum(f.ko_len[i] for i in ks), sum(f.en_len[j] for j in es)))
    if len(sized) >= 3:
        ratio = _median(sorted((le + p.length_smooth) / (lk + p.length_smooth / 2) for lk, le in sized))
    else:
        ratio = (sum(f.en_len) or 1) / (sum(f.ko_len) or 1)
    ratio = min(6.0, max(0.5, ratio))
    sigma = p.sigma_default
    if len(sized) >= 6:
        logs = sorted(math.log((le + p.length_smooth) / (ratio * lk + p.length_smooth)) for lk, le in sized)
        med = _median(logs)
        mad = _median(sorted(abs(x - med) for x in logs))
        sigma = min(0.7, max(p.sigma_min, 1.4826 * mad))
    return ratio, sigma


def _median(values: list[float]) -> float:
    k = len(values)
    return values[k // 2] if k % 2 else (values[k // 2 - 1] + values[k // 2]) / 2


def _longest_monotone(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of pairs increasing on both sides (pairs come sorted by the first index)."""
    if not pairs:
        return []
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1]
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


# --------------------------------------------------------------------------- dynamic programme


def align_sentences(ko: Sequence[str], en: Sequence[str],
                    lexicon: Mapping[str, Iterable[str]] | None = None,
                    params: AlignParams | None = None, *,
                    ko_lemmas: Sequence[Sequence[str]] | None = None) -> list[Link]:
    """Align Korean sentences to the English sentences they translate.

    Returns monotone links covering every sentence of both sides exactly once, in
    order; a sentence with no counterpart gets a link with an empty other side.
    ``score`` is a confidence in [0, 1].  ``lexicon`` maps Korean lemmas or words to
    English words (a glossary; ``lexicon_from_glossary`` makes one) and only adds
    evidence.  ``ko_lemmas`` gives each Korean sentence's lemmas (dictionary forms:
    공개했다 -> 공개하다; strings, or (lemma, tag) pairs), in the order of ``ko``; with a
    lexicon they are what is looked up, else they are unused.  The pipeline calls
    ``align_sentences(ko, en, lexicon=lexicon_from_glossary(glossary), ko_lemmas=lemmas)``.
    """
    p = params or DEFAULT_PARAMS
    n, m = len(ko), len(en)
    if ko_lemmas is not None and len(ko_lemmas) != n:
        raise ValueError(f"ko_lemmas has {len(ko_lemmas)} sentences, ko has {n}")
    if n == 0 or m == 0:
        return [Link((i,), (), 1.0) for i in range(n)] + [Link((), (j,), 1.0) for j in range(m)]
    f = _features(ko, en, lexicon, ko_lemmas)
    if n * m <= _FULL_BAND_CELLS:
        ratio, sigma, pairs = _estimate_length_model(f, p)
        band = _band(n, m, pairs, p)
    else:  # the coarse levels use the length model of the two texts' totals
        ratio, sigma = _length_model_from(f, p, [])
        band = _path_band(f, p, ratio, sigma)
        ratio, sigma, _ = _estimate_length_model(f, p, band)
    scorer = _Scorer(f, p, ratio, sigma)
    beads = _dp(scorer, band)
    linked = [(tuple(range(ks, ks + a)), tuple(range(es, es + b))) for ks, a, es, b in beads if a and b]
    if len(linked) >= 5:  # second pass with the length model of the first alignment
        ratio2, sigma2 = _length_model_from(f, p, linked)
        if abs(math.log(ratio2 / ratio)) > 0.02 or abs(sigma2 - sigma) > 0.02:
            scorer = _Scorer(f, p, ratio2, sigma2, scorer.static)
            beads = _dp(scorer, band)
    return scorer.links(beads)


def _group(values: list, size: int, combine) -> list:
    out = []
    for k in range(len(values) - size + 1):
        acc = values[k]
        for x in values[k + 1:k + size]:
            acc = combine(acc, x)
        out.append(acc)
    return out


def _band(n: int, m: int, pairs: list[tuple[int, int]], p: AlignParams) -> list[tuple[int, int]]:
    """Columns allowed for each row: a band around the diagonal joined with one around the anchor path."""
    width = p.band or max(15, max(n, m) // 2)
    lo_hi = []
    pts = [(0, 0)] + [(i, j) for i, j in pairs] + [(n, m)]
    k = 0
    for i in range(n + 1):
        diag = i * m / n
        while k + 1 < len(pts) - 1 and pts[k + 1][0] <= i:
            k += 1
        (i0, j0), (i1, j1) = pts[k], pts[min(k + 1, len(pts) - 1)]
        guide = j0 if i1 == i0 else j0 + (j1 - j0) * (i - i0) / (i1 - i0)
        lo = int(min(diag, guide)) - width
        hi = int(math.ceil(max(diag, guide))) + width
        lo_hi.append((max(0, lo), min(m, hi)))
    for i in range(1, n + 1):  # consecutive rows overlap, so that a path exists
        lo, hi = lo_hi[i]
        plo, phi = lo_hi[i - 1]
        lo_hi[i] = (min(lo, phi), max(hi, plo))
    lo_hi[n] = (lo_hi[n][0], m)
    return lo_hi


def _path_band(f: _Features, p: AlignParams, ratio: float, sigma: float) -> list[tuple[int, int]]:
    """A narrow band around the path of a coarse-to-fine pass, as Vecalign's: the texts are aligned at
    half resolution (each pair of consecutive sentences one block, recursively, down to a size aligned
    in full), and the path found there, projected to this level and widened by ``_PATH_MARGIN``
    sentences each way, is where this level searches.  Each level costs O(n x margin): time and memory
    grow linearly with the texts."""
    n, m = len(f.ko_masks), len(f.en_masks)
    if n * m <= _COARSE_CELLS or n < 2 or m < 2:
        return [(0, m)] * (n + 1)
    coarse = _halved(f)
    beads = _dp(_Scorer(coarse, p, ratio, sigma), _path_band(coarse, p, ratio, sigma))
    return _band_around(beads, n, m, p.band or _PATH_MARGIN)


def _halved(f: _Features) -> _Features:
    """The features of blocks of two consecutive sentences: concepts joined, lengths and orphans added."""

    def pairs(values: list, combine) -> list:
        return [combine(values[k], values[k + 1]) if k + 1 < len(values) else values[k]
                for k in range(0, len(values), 2)]

    return replace(f, ko_masks=pairs(f.ko_masks, operator.or_), en_masks=pairs(f.en_masks, operator.or_),
                   ko_orphan=pairs(f.ko_orphan, operator.add), en_orphan=pairs(f.en_orphan, operator.add),
                   ko_len=pairs(f.ko_len, operator.add), en_len=pairs(f.en_len, operator.add),
                   ko_head=[0] * ((len(f.ko_head) + 1) // 2), en_head=[0] * ((len(f.en_head) + 1) // 2))


def _band_around(beads: list[tuple[int, int, int, int]], n: int, m: int, margin: int) -> list[tuple[int, int]]:
    """Columns allowed for each row: the cells of the half-resolution ``beads`` at full resolution,
    widened by ``margin`` rows and columns."""
    lo, hi = [m] * (n + 1), [0] * (n + 1)
    for ks, a, es, b in beads:
        c0, c1 = min(2 * es, m), min(2 * (es + b), m)
        for i in range(min(2 * ks, n), min(2 * (ks + a), n) + 1):
            lo[i] = min(lo[i], c0)
            hi[i] = max(hi[i], c1)
    band = []
    for i in range(n + 1):
        near = range(max(0, i - margin), min(n, i + margin) + 1)
        band.append((max(0, min(lo[k] for k in near) - margin), min(m, max(hi[k] for k in near) + margin)))
    band[0], band[n] = (0, band[0][1]), (band[n][0], m)
    return band


class _Static:
    """What a bead scores apart from the length term, which alone depends on the length model.

    Per bead type, the Korean and English groups (masks of concepts, miss and orphan penalties, lengths,
    headings) and, per DP band, a table of the priors, penalties, concept weights and heading costs of
    every bead in the band; the two passes of ``align_sentences`` share it.
    """

    def __init__(self, f: _Features, p: AlignParams) -> None:
        self.f, self.p = f, p
        self.n, self.m = len(f.ko_masks), len(f.en_masks)
        wuk = _mask_weigher(f.uk_planes, _PLANES)
        wue = _mask_weigher(f.ue_planes, _PLANES)
        # what a shared concept earns: its match weight, plus the miss penalties charged up front
        earn = f.earn_weights(p.match_weight, p.miss_ko, p.miss_en)
        self.win = _mask_weigher(_planes(earn, _EARN_PLANES), _EARN_PLANES)
        self.ko_groups: dict[int, list[tuple[int, float, int, int]]] = {}
        self.en_groups: dict[int, list[tuple[int, float, int, int]]] = {}
        for size in (1, 2, 3):
            km = _group(f.ko_masks, size, operator.or_)
            kl = _group(f.ko_len, size, operator.add)
            ko_ = _group(f.ko_orphan, size, operator.add)
            kh = _group(f.ko_head, size, operator.add)
            self.ko_groups[size] = [(km[k], p.miss_ko * wuk(km[k]) + p.orphan_ko * ko_[k], kl[k], kh[k])
                                    for k in range(len(km))]
            em = _group(f.en_masks, size, operator.or_)
            el = _group(f.en_len, size, operator.add)
            eo = _group(f.en_orphan, size, operator.add)
            eh = _group(f.en_head, size, operator.add)
            self.en_groups[size] = [(em[k], p.miss_en * wue(em[k]) + p.orphan_en * eo[k], el[k], eh[k])
                                    for k in range(len(em))]
        self.merge_discount = {k: p.merge_discount * math.log(k) for k in (1, 2, 3)}
        self.prior = {(1, 1): 0.0, (2, 1): p.prior_12, (1, 2): p.prior_12, (2, 2): p.prior_22,
                      (3, 1): p.prior_13, (1, 3): p.prior_13}
        self.tables: dict[tuple, list[tuple[int, list[float]]]] = {}

    def bead(self, ks: int, a: int, es: int, b: int) -> float:
        """Everything but the length term of linking Korean ks..ks+a-1 with English es..es+b-1."""
        p = self.p
        kmask, kpen, _, kh = self.ko_groups[a][ks]
        emask, epen, _, eh = self.en_groups[b][es]
        s = self.prior[(a, b)] - kpen - epen
        inter = kmask & emask
        if inter:
            s += self.win(inter)
            if a > 1 or b > 1:  # more sentences, more chances of a chance match: each match is worth less
                s -= self.merge_discount[max(a, b)] * inter.bit_count()
        if kh or eh:
            if a == 1 and b == 1:
                if kh != eh:
                    s -= p.heading_mismatch
            else:
                s -= p.heading_mismatch * (kh + eh)
        return s

    def table(self, a: int, b: int, band: list[tuple[int, int]]) -> list[tuple[int, list[float]]]:
        """``bead`` for every bead of type a-b that ends inside the band, by Korean start: (the first
        English start of the row, the row's scores).  Only the band is stored: O(n x band) memory."""
        key = (a, b, tuple(band))
        rows = self.tables.get(key)
        if rows is not None:
            return rows
        p = self.p
        prior = self.prior[(a, b)]
        merged = a > 1 or b > 1
        discount = self.merge_discount[max(a, b)]
        win = self.win
        en_groups = self.en_groups[b]
        heading, one_one = p.heading_mismatch, a == 1 and b == 1
        rows = []
        for ks, (kmask, kpen, _, kh) in enumerate(self.ko_groups[a]):
            lo, hi = band[ks + a]
            first = max(lo - b, 0)
            row = []
            base = prior - kpen
            for es in range(first, hi - b + 1):
                emask, epen, _, eh = en_groups[es]
                s = base - epen
                inter = kmask & emask
                if inter:
                    s += win(inter)
                    if merged:
                        s -= discount * inter.bit_count()
                if kh or eh:
                    if one_one:
                        if kh != eh:
                            s -= heading
                    else:
                        s -= heading * (kh + eh)
                row.append(s)
            rows.append((first, row))
        self.tables[key] = rows
        return rows


def _mask_weigher(planes: list[int], count: int):
    """Weight of a concept mask from bit planes (plane q: the concepts whose quantised weight has bit q),
    memoised: the same few intersections recur all over a document pair.  A mask of a few concepts adds
    their weights; a fuller one (blocks of a long text) counts the concepts of each plane."""
    weights: list[float] = []
    top = max((pl.bit_length() for pl in planes), default=0)
    for k in range(top):
        weights.append(sum(1 << q for q in range(count) if planes[q] >> k & 1) / _QUANT)
    shifted = [(plane, q) for q, plane in enumerate(planes[:count]) if plane]
    memo: dict[int, float] = {0: 0.0}

    def weigh(mask: int) -> float:
        w = memo.get(mask)
        if w is None:
            if len(memo) > 20_000:  # long texts: bounded memory
                memo.clear()
            if mask.bit_count() > count:
                w = sum((mask & plane).bit_count() << q for plane, q in shifted) / _QUANT
            else:
                w = 0
                x = mask
                while x:
                    low = x & -x
                    k = low.bit_length() - 1
                    if k < top:
                        w += weights[k]
                    x ^= low
            memo[mask] = w = float(w)
        return w

    return weigh


class _Scorer:
    """Scores of the candidate beads: the static part plus the length term of one length model."""

    def __init__(self, f: _Features, p: AlignParams, ratio: float, sigma: float,
                 static: _Static | None = None) -> None:
        self.f, self.p = f, p
        self.static = static or _Static(f, p)
        self.n, self.m = self.static.n, self.static.m
        self.inv_var = 1.0 / (sigma * sigma)
        kappa = p.length_smooth
        self.kln = {size: [math.log(ratio * g[2] + kappa) for g in groups]
                    for size, groups in self.static.ko_groups.items()}
        self.eln = {size: [math.log(g[2] + kappa) for g in groups]
                    for size, groups in self.static.en_groups.items()}

    def score(self, ks: int, a: int, es: int, b: int) -> float:
        """Score of linking Korean ks..ks+a-1 with English es..es+b-1 (a, b >= 1)."""
        p = self.p
        r = self.eln[b][es] - self.kln[a][ks]
        return self.static.bead(ks, a, es, b) + (
            p.length_weight - p.length_weight * p.length_shape * math.log(1.0 + 0.5 * r * r * self.inv_var))

    def links(self, beads: list[tuple[int, int, int, int]]) -> list[Link]:
        p = self.p
        out = []
        for ks, a, es, b in beads:
            if a and b:
                margin = self.score(ks, a, es, b) + a * p.gap_extend_ko + b * p.gap_extend_en
            elif a:
                alt = max((self.score(ks, 1, j, 1) + p.gap_extend_en
                           for j in range(max(0, es - 3), min(self.m, es + 4))), default=-30.0)
                margin = -p.gap_extend_ko - alt
            else:
                alt = max((self.score(i, 1, es, 1) + p.gap_extend_ko
                           for i in range(max(0, ks - 3), min(self.n, ks + 4))), default=-30.0)
                margin = -p.gap_extend_en - alt
            conf = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, margin))))
            out.append(Link(tuple(range(ks, ks + a)), tuple(range(es, es + b)), round(conf, 4)))
        return out


def _dp(sc: _Scorer, band: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Best monotone path of beads through the band; affine costs for runs of unaligned sentences.

    Two states per cell: the last bead was a link (``M``) or a skip (``G``).  Every link
    bead takes at least one sentence of each side, so a row's links depend on earlier
    rows only: they are computed first, bead type by bead type, then the row's skips.
    Row i holds only the columns ``band[i]`` (index ``j - lo``): memory is O(n x band).
    Returns beads as (ko start, ko count, en start, en count).
    """
    p = sc.p
    n, m = sc.n, sc.m
    neg = -1e18
    widths = [hi - lo + 1 for lo, hi in band]
    M = [[neg] * w for w in widths]
    G = [[neg] * w for w in widths]
    BM: list[list] = [[None] * w for w in widths]
    BG: list[list] = [[None] * w for w in widths]
    M[0][0 - band[0][0]] = 0.0
    open_k, open_e, ext_k, ext_e = p.gap_open_ko, p.gap_open_en, p.gap_extend_ko, p.gap_extend_en
    types = [(a, b, sc.static.table(a, b, band), sc.kln[a], sc.eln[b], (a, b, 0), (a, b, 1))
             for a, b in _MATCH_BEADS]
    lw = p.length_weight
    lws = p.length_weight * p.length_shape
    half_iv = 0.5 * sc.inv_var
    log = math.log
    for i in range(n + 1):
        lo, hi = band[i]
        Mi, Gi, BMi, BGi = M[i], G[i], BM[i], BG[i]
        for a, b, table, kln, eln, from_m, from_g in types:
            if a > i:
                continue
            ks = i - a
            plo, phi = band[ks]
            Mp, Gp, kl = M[ks], G[ks], kln[ks]
            first, row = table[ks]
            for j in range(max(lo, b, plo + b), min(hi, phi + b) + 1):
                es = j - b
                pm = Mp[es - plo]
                pg = Gp[es - plo]
                if pm >= pg:
                    if pm <= neg:
                        continue
                    prev, back = pm, from_m
                else:
                    if pg <= neg:
                        continue
                    prev, back = pg, from_g
                r = eln[es] - kl
                v = prev + (row[es - first] + (lw - lws * log(1.0 + half_iv * r * r)))
                if v > Mi[j - lo]:
                    Mi[j - lo] = v
                    BMi[j - lo] = back
        if i:
            plo, phi = band[i - 1]
            Mp, Gp = M[i - 1], G[i - 1]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            g, gb = neg, None
            if i and plo <= j <= phi:
                v = Mp[j - plo] - open_k
                if v > g:
                    g, gb = v, (1, 0, 0)
                v = Gp[j - plo] - ext_k
                if v > g:
                    g, gb = v, (1, 0, 1)
            if j > lo:
                v = Mi[j - 1 - lo] - open_e
                if v > g:
                    g, gb = v, (0, 1, 0)
                v = Gi[j - 1 - lo] - ext_e
                if v > g:
                    g, gb = v, (0, 1, 1)
            Gi[j - lo], BGi[j - lo] = g, gb
    beads = []
    i, j = n, m
    state = 0 if M[n][m - band[n][0]] >= G[n][m - band[n][0]] else 1
    while i or j:
        a, b, prev_state = (BM if state == 0 else BG)[i][j - band[i][0]]
        beads.append((i - a, a, j - b, b))
        i, j, state = i - a, j - b, prev_state
    beads.reverse()
    return beads


# --------------------------------------------------------------------------- format and evaluation


def format_links(links: Iterable[Link]) -> str:
    """One line per link, ``ko_ids<TAB>en_ids``: ``3,4\\t3`` (2-1), ``5\\t`` (Korean only), ``\\t7``."""
    lines = []
    for link in links:
        lines.append(",".join(map(str, link.ko)) + "\t" + ",".join(map(str, link.en)))
    return "\n".join(lines) + ("\n" if lines else "")


def parse_links(text: str) -> list[Link]:
    """Inverse of ``format_links`` (scores are 0); blank lines and ``#`` comment lines are skipped."""
    links = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        left, _, right = line.partition("\t")
        try:
            ko = tuple(int(x) for x in left.split(",") if x.strip())
            en = tuple(int(x) for x in right.split(",") if x.strip())
        except ValueError as exc:
            raise ValueError(f"line {lineno}: bad link {raw!r}") from exc
        if not ko and not en:
            raise ValueError(f"line {lineno}: empty link")
        links.append(Link(ko, en, 0.0))
    return links


def check_links(links: Sequence[Link], n_ko: int, n_en: int) -> None:
    """Raise ``ValueError`` unless the links are monotone and cover each sentence exactly once, in order."""
    next_ko = next_en = 0
    for k, link in enumerate(links):
        if not link.ko and not link.en:
            raise ValueError(f"link {k} is empty")
        for side, ids, nxt in (("ko", link.ko, next_ko), ("en", link.en, next_en)):
            expected = tuple(range(nxt, nxt + len(ids)))
            if ids != expected:
                raise ValueError(f"link {k}: {side} ids {ids} should be {expected}")
        next_ko += len(link.ko)
        next_en += len(link.en)
    if next_ko != n_ko or next_en != n_en:
        raise ValueError(f"links cover {next_ko}/{n_ko} Korean and {next_en}/{n_en} English sentences")


def evaluate(predicted: Iterable[Link], gold: Iterable[Link]) -> dict:
    """Strict precision, recall and F1: a link counts only if the identical (ko, en) pair is gold."""
    pred = {(tuple(l.ko), tuple(l.en)) for l in predicted}
    ref = {(tuple(l.ko), tuple(l.en)) for l in gold}
    tp = len(pred & ref)
    precision = tp / len(pred) if pred else (1.0 if not ref else 0.0)
    recall = tp / len(ref) if ref else (1.0 if not pred else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "correct": tp, "predicted": len(pred),
            "gold": len(ref)}
