"""Phonetic keys shared by Korean and English, and their weighted edit distance.

A Hangul word is decomposed into jamo and an English word read by spelling rules; both become keys
of consonant classes and vowel slots, so that ``코발트`` and ``Cobalt`` have the same key.  The loanword
matcher (``loanwords``) decides with the weighted edit distance of these keys, whose costs are here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from .hangul import decompose, is_epenthetic


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
VOWEL_SYMBOLS = frozenset("aeiou@")


@lru_cache(maxsize=16384)
def ko_key(word: str) -> str:
    """Fine phonetic key of a Hangul word: ``코발트`` -> ``KoPaLT``, ``마이아`` -> ``Maia``."""
    out = []
    for ch in word:
        d = decompose(ch)
        if d is None:
            continue
        i, m, f = d
        out.append(_KO_INITIAL_CLASS[i])
        if not is_epenthetic(i, m, f):
            out.extend(_KO_MEDIAL_VOWELS[m])
        out.append(_KO_FINAL_CLASS[f])
    return _collapse(out)


_EN_VOWELS = frozenset("aeiouy")
_EN_DIGRAPHS = (("igh", "ai"), ("eer", "i@"), ("ay", "ei"), ("ey", "i"), ("ea", "i"), ("ee", "i"), ("ie", "i"),
                ("oo", "u"), ("our", "oR"), ("ou", "au"), ("ow", "au"), ("oa", "o"), ("au", "o"), ("aw", "o"),
                ("ew", "iu"), ("eu", "iu"), ("ui", "u"))


def _by_first_letter(digraphs: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The digraphs grouped by their first letter, in list order (the first that matches wins)."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for src, dst in digraphs:
        out[src[0]] = out.get(src[0], ()) + ((src, dst),)
    return out


_EN_DIGRAPHS_BY_CHAR = _by_first_letter(_EN_DIGRAPHS)
_LONG_VOWEL = {"a": "ei", "i": "ai", "o": "o", "u": "iu"}
_FINAL_RE = {"are": "e@", "ere": "i@", "ire": "ai@", "ore": "o@", "ure": "u@", "ear": "i@"}
_EN_REWRITES = ((re.compile(r"^archi"), "arki"), (re.compile(r"tech"), "tek"), (re.compile(r"sch"), "sk"),
                (re.compile(r"^(chem|mech|chor|chara|chaos)"), lambda m: "k" + m.group(1)[2:]),
                (re.compile(r"ture$"), "cher"), (re.compile(r"ign$"), "aign"))


@lru_cache(maxsize=16384)
def en_phonetic_keys(word: str) -> tuple[str, ...]:
    """Fine phonetic keys of an English word as Korean would write it: ``Cobalt`` -> ``KoPaLT``.

    Spelling rules: ph=f, th/sh=s, ch=j (k before r/l and in Greek words), soft c=s,
    soft g=j, x=ks, z=j, silent gh, h silent after a vowel unless a vowel follows (아이칸 Icahn), -tion=sion, -ture=cher, y between consonants=ai,
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
    return _collapse("V" if ch in VOWEL_SYMBOLS else ch for ch in key)


def ko_phonetic_key(word: str) -> str:
    """Coarse phonetic key of a Hangul word, for bucketing: ``코발트`` -> ``KVPVLT``, ``일론`` -> ``VLVN``.

    Consonant classes as in the fine keys the matcher uses, every vowel run one ``V``.
    """
    return _coarse(ko_key(word))


def en_phonetic_key(word: str) -> str:
    """Coarse phonetic key of an English word, comparable with ``ko_phonetic_key``: ``Elon`` -> ``VLVN``."""
    return _coarse(en_phonetic_keys(word)[0])


def _en_key(w: str, magic: bool) -> str:
    return _en_key_flag(w, magic)[0]


def _consonant_digraph(w: str, i: int, two: str) -> tuple[str, int] | None:
    """The symbols of a consonant digraph at ``w[i:]`` and how many letters it takes, or None."""
    n = len(w)
    if two == "ph":
        return "P", 2
    if two in ("th", "sh"):
        return "S", 2
    if two == "ch":
        return ("K" if i + 2 < n and w[i + 2] in "rl" else "J"), 2
    if two == "ck":
        return "K", 2
    if two == "gh":
        return ("K" if i == 0 else ""), 2
    if two == "gn" and (i + 2 == n or w[i + 2] not in _EN_VOWELS):
        return "N", 2
    if two == "ng":
        return "N", (1 if i + 2 < n and w[i + 2] in _EN_VOWELS else 2)  # engine, English: the g is heard
    if two == "qu":
        return "Ku", 2
    if two == "ti" and i > 0 and w[i + 2:i + 4] in ("on", "al", "an"):
        return "S", 1
    return None


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
        consonants = _consonant_digraph(w, i, two)
        if consonants is not None:
            symbols, step = consonants
            out.extend(symbols)
            i += step
            continue
        if ch == "c":
            out.append("S" if nx in ("e", "i", "y") else "K")
        elif ch == "g":
            out.append("J" if nx in ("e", "i", "y") else "K")
        elif ch == "x":
            out.extend("KS")
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
        elif ch == "h":
            if not (i > 0 and w[i - 1] in _EN_VOWELS and (nx == "" or nx not in _EN_VOWELS)):
                out.append("H")  # silent after a vowel before a consonant or the end: Icahn, John, Sarah
        elif ch in "mn":
            out.append(ch.upper())
        i += 1
    return _collapse(out), lengthened


def _substitution_costs() -> dict[tuple[str, str], float]:
    """Cost of writing one symbol for another (both ways); any pair not listed costs 1.0."""
    costs: dict[tuple[str, str], float] = {}
    for pair, cost in ((("S", "J"), 0.3), (("T", "S"), 0.4), (("K", "J"), 0.5), (("T", "J"), 0.5),
                       (("P", "H"), 0.6), (("N", "M"), 0.6), (("L", "N"), 0.8), (("R", "L"), 0.0),
                       (("a", "e"), 0.15), (("e", "i"), 0.15), (("o", "u"), 0.15), (("a", "o"), 0.25),
                       (("a", "u"), 0.25), (("a", "i"), 0.3), (("i", "u"), 0.3), (("e", "o"), 0.3),
                       (("i", "o"), 0.35), (("e", "u"), 0.35)):
        costs[pair] = costs[pair[::-1]] = cost
    for vowel in "aeiou":
        costs[("@", vowel)] = costs[(vowel, "@")] = 0.03
        costs[("H", vowel)] = costs[(vowel, "H")] = 0.5
    return costs


def _substitution_rows(costs: dict[tuple[str, str], float]) -> dict[str, dict[str, float]]:
    """Symbol -> {other symbol: substitution cost}, itself 0.0 (the rows the bounded distance reads)."""
    rows: dict[str, dict[str, float]] = {}
    for (x, y), cost in costs.items():
        rows.setdefault(x, {x: 0.0})[y] = cost
    return rows


INDEL_COST = {"a": 0.25, "e": 0.25, "i": 0.25, "o": 0.25, "u": 0.25, "@": 0.1, "R": 0.02, "H": 0.4}
SUB_ROWS = _substitution_rows(_substitution_costs())


@lru_cache(maxsize=65536)
def consonant_count(key: str) -> int:
    return sum(1 for ch in key if ch not in VOWEL_SYMBOLS and ch != "R")


def key_limit(nc: int) -> float:
    if nc <= 1:
        return 0.3
    if nc == 2:
        return 0.35
    if nc == 3:
        return 0.45
    return 0.2 * nc + 0.1


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
def en_word_keys(word: str) -> tuple[str, ...]:
    keys: list[str] = []
    for var in _en_variants(word):
        for key in en_phonetic_keys(var):
            if key not in keys:
                keys.append(key)
    return tuple(keys)
