"""Loanword matching: does a Hangul word transliterate an English word (``엔비디아``/``Nvidia``)?

One matcher: the weighted distance of phonetic keys, with guards for short and possibly Sino-Korean
words.  ``match_loanwords`` is what the aligner runs over a whole document pair; ``loanword_distance``
and ``is_loanword_match`` ask the same index about one pair of words (``pairing``, ``vocab``).

The index is a complete filter: every pair the rule accepts is a candidate (``_candidates`` says
why), so it decides exactly as the distance computed on every pair would.  ``tests/test_loanwords.py``
checks that against a brute-force oracle over the shipped vocabulary.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from functools import lru_cache
from typing import Mapping

from .hangul import IEUNG, decompose, ko_stems, KO_SUFFIXES, sino_possible
from .phonetic import INDEL_COST, SUB_ROWS, VOWEL_SYMBOLS, consonant_count, en_word_keys, key_limit, ko_key


def _stem_penalty(token: str, stem: str) -> float:
    """A guess costs a little: keeping a particle-like ending, or cutting a syllable that is none."""
    if stem == token:
        return 0.15 if token.endswith(KO_SUFFIXES) else 0.0
    if stem == token[:-1] and not token.endswith(KO_SUFFIXES):
        return 0.15
    return 0.0


def loanword_distance(korean: str, english: str) -> float | None:
    """Phonetic distance of a Hangul word (particles allowed) and an English word.

    ``None`` when they do not sound alike (or the Korean is a function word); 0.0 for
    a perfect match.  The aligner's index asked about one pair, so both decide alike:
    near-exact matches only for a word that could be Sino-Korean, exact ones for a
    single syllable.
    """
    found = _candidates({korean: ko_stems(korean)}, {english: english}).get(korean)
    return min(found)[0] if found else None


def is_loanword_match(korean: str, english: str) -> bool:
    """True when the Hangul word is a transliteration of the English word: ``코발트`` / ``Cobalt``."""
    return loanword_distance(korean, english) is not None


def _single_syllable_ok(stem: str) -> bool:
    d = decompose(stem)
    return d is not None and d[0] != IEUNG and d[2] != 0


_SINO_LIMIT = 0.15  # a word that could be Sino-Korean must match almost exactly
_MAX_DRIFT = 0.4  # an inexact loanword match must occur within 40% of the article of its partner


_DISTANCE_CACHE: dict[tuple[str, str], tuple[float | None, float]] = {}
# Images of a consonant string without R, finest first, each with the least cost of an edit that changes it:
# the cheaper edits (S/J 0.3, T/S and H dropped 0.4, K/J and T/J 0.5, P/H and N/M 0.6) leave it unchanged,
# so two such strings at distance d have images at most d / cost unit edits apart.
_IMAGES = ((0.3, str.maketrans({})),
           (0.4, str.maketrans({"J": "S"})),
           (0.5, str.maketrans({"H": None, "J": "S", "T": "S"})),
           (0.6, str.maketrans({"H": None, "J": "S", "T": "S", "K": "S"})),
           (0.8, str.maketrans({"H": None, "P": None, "J": "S", "T": "S", "K": "S", "M": "N"})))  # L/N 0.8, others 1.0


@lru_cache(maxsize=16384)
def _r_readings(cons: str) -> tuple[str, ...]:
    """The consonant string with each English R read as the Korean L it may stand for (0.0) or dropped (0.02).

    Only English keys have an R; a Korean string is no farther from one of these readings than from the
    string itself (an R set against another consonant costs 1.0, no less than deleting that consonant).
    """
    readings = [""]
    for ch in cons:
        readings = [r + c for r in readings for c in (("L", "") if ch == "R" else (ch,))]
    return tuple(dict.fromkeys(readings))


@lru_cache(maxsize=256)
def _image_level(bound: float) -> tuple[int, int]:
    """The image to look a key up by, and how many unit edits away: the fewest edits, then the finest image."""
    depths = [int(bound / cost + 1e-6) for cost, _ in _IMAGES]
    level = depths.index(min(depths))
    return level, depths[level]


@lru_cache(maxsize=65536)
def _image(cons: str, level: int) -> str:
    return cons.translate(_IMAGES[level][1])


@lru_cache(maxsize=16384)
def _consonant_string(key: str) -> str:
    return "".join(ch for ch in key if ch not in VOWEL_SYMBOLS)


def _bounded_distance(a: str, b: str, bound: float) -> float | None:
    """``key_distance(a, b)`` when it is at most ``bound``, else None; stops as soon as a row exceeds it."""
    cached = _DISTANCE_CACHE.get((a, b))
    if cached is not None:
        value, tried = cached
        if value is not None:
            return value if value <= bound else None
        if tried >= bound:
            return None
    indel = INDEL_COST
    costs_b = [indel.get(ch, 1.0) for ch in b]
    prev = [0.0]
    for c in costs_b:
        prev.append(prev[-1] + c)
    value: float | None = None
    span = range(len(b))
    for ca in a:
        da = indel.get(ca, 1.0)
        subs = SUB_ROWS.get(ca) or {ca: 0.0}
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


@lru_cache(maxsize=16384)
def _stem_profile(stem: str) -> tuple[str, int, str, bool] | None:
    """What matching a Korean stem needs, once per stem: key, consonant count, consonant string, Sino-Korean?
    None for a stem that matches nothing (no consonant, or a syllable that cannot be one)."""
    if len(stem) == 1 and not _single_syllable_ok(stem):
        return None
    kk = ko_key(stem)
    nck = consonant_count(kk)
    if not nck:
        return None
    return kk, nck, _consonant_string(kk), sino_possible(stem)


@lru_cache(maxsize=65536)
def _deletions(image: str, depth: int) -> frozenset[str]:
    """Every string ``image`` becomes by deleting at most ``depth`` characters.

    Two strings within ``depth`` unit edits share one of these (a substitution deletes on both sides, an
    insertion on one), so an index of them finds every near image, with some farther ones to discard.
    """
    found = {image}
    frontier = {image}
    for _ in range(depth):
        frontier = {s[:p] + s[p + 1:] for s in frontier for p in range(len(s))}
        found |= frontier
    return frozenset(found)


def match_loanwords(tokens: Mapping[str, tuple[str, ...]], words: Mapping[str, str],
                    ko_pos: Mapping[str, list[float]], en_pos: Mapping[str, list[float]],
                    names: frozenset[str] = frozenset(), unglossed: frozenset[str] = frozenset()
                    ) -> list[tuple[str, str, float]]:
    """The Korean stems and the English words they transliterate, with a confidence: (stem, name, conf).

    ``tokens`` maps each Hangul word to its candidate stems (``hangul.ko_stems``), ``words`` each English
    spelling to try to its name; ``ko_pos``/``en_pos`` give the relative positions (0..1) of the
    sentences holding a stem / a name.

    Candidates come from an index of consonant strings (``_candidates``); a weighted
    edit distance on the full keys decides.
    Each Korean word keeps its best stem; a pair is kept only when it is (nearly) the
    best match of both its Korean stem and its English word, and when the Korean
    stem is not far more frequent than the English word (a translation condenses)
    and, for an inexact match, occurs somewhere near the same place of the article.

    Transliterated names: a stem in ``unglossed`` (no glossary knows it as a Korean word) set against an
    English name in ``names`` (a capitalised word) is not held to the guards for words that could be
    Sino-Korean or have one consonant: ``아이칸``/``Icahn``, ``야후``/``Yahoo``.
    """
    pairs: list[tuple[float, str, str]] = []
    found_by_token = _AHEAD.pop(_inputs_key(tokens, words, names, unglossed), None) if _AHEAD else None
    if found_by_token is None:
        found_by_token = _candidates(tokens, words, names, unglossed)
    for found in found_by_token.values():
        found.sort()
        d0, _, stem0, _ = found[0]
        pairs.extend((d, stem, name) for d, _, stem, name in found if stem == stem0 and d <= d0 + 0.05)
    best_stem: dict[str, float] = {}
    best_name: dict[str, float] = {}
    for d, stem, name in pairs:
        best_stem[stem] = min(d, best_stem.get(stem, 9.0))
        best_name[name] = min(d, best_name.get(name, 9.0))
    matches = []
    for d, stem, name in pairs:
        if d > best_stem[stem] + 0.1 or d > best_name[name] + 0.1:
            continue
        kp = ko_pos.get(stem, ())
        ep = en_pos.get(name, ())
        if len(kp) > 2 * len(ep) + 2:
            continue
        if d > 0.05 and _nearest_gap(kp, ep) > _MAX_DRIFT:
            continue
        matches.append((stem, name, math.exp(-3.0 * d)))
    return matches


# Candidates found ahead for the inputs of a ``match_loanwords`` call to come (``candidates_ahead``),
# by those inputs; each is taken once.
_AHEAD: dict[tuple, dict] = {}


def _inputs_key(tokens: Mapping[str, tuple[str, ...]], words: Mapping[str, str], names: frozenset[str],
                unglossed: frozenset[str]) -> tuple:
    # The order of the tokens and words is part of the key: it is the order of the matches returned.
    return tuple(tokens.items()), tuple(words.items()), names, unglossed


def candidates_ahead(tokens: Mapping[str, tuple[str, ...]], words: Mapping[str, str],
                     names: frozenset[str] = frozenset(), unglossed: frozenset[str] = frozenset()) -> tuple:
    """The costly part of ``match_loanwords`` for these inputs (the candidate pairs), as a value to give
    ``adopt_candidates`` in another process: a build's forked child computes them from an article and its
    English version while Kiwi loads in the build's process, which would otherwise find them itself."""
    return _inputs_key(tokens, words, names, unglossed), _candidates(tokens, words, names, unglossed)


def adopt_candidates(found: list[tuple]) -> None:
    """Keep what ``candidates_ahead`` returned for the ``match_loanwords`` calls to come: a call with the
    same inputs takes it instead of searching (a call with other inputs searches as usual)."""
    _AHEAD.update(found)


def forget_candidates() -> None:
    """Drop the adopted candidates no call took (the build that adopted them has ended)."""
    _AHEAD.clear()


class _EnglishIndex:
    """The English keys of one call, grouped by consonant string and found by the images of those strings.

    A group is (consonant string, consonant count, {(key, name, len(name)): None}); every key of a group
    has the same lower bound against a Korean stem (the distance of the consonant strings).
    """

    def __init__(self, words: Mapping[str, str]):
        groups: dict[str, tuple] = {}
        for spelling, name in words.items():
            for key in en_word_keys(spelling):
                nce = consonant_count(key)
                if not nce:
                    continue
                cons = _consonant_string(key)
                group = groups.get(cons)
                if group is None:
                    group = groups[cons] = (cons, nce, {})
                group[2][(key, name, len(name))] = None
        self.by_count: dict[int, list[tuple]] = {}
        for group in groups.values():
            self.by_count.setdefault(group[1], []).append(group)
        self._tables: dict[tuple[int, int, int], dict[str, list[tuple]]] = {}
        self._near: dict[tuple[str, int, float], list[tuple]] = {}

    def near(self, cons: str, nce: int, bound: float) -> list[tuple]:
        """The groups of ``nce`` consonants that may be within ``bound`` of the consonant string ``cons``."""
        found = self._near.get((cons, nce, bound))
        if found is None:
            level, depth = _image_level(bound)
            table = self._table(nce, level, depth)
            hits = {id(g): g for s in _deletions(_image(cons, level), depth) for g in table.get(s, ())}
            found = self._near[(cons, nce, bound)] = list(hits.values())
        return found

    def _table(self, nce: int, level: int, depth: int) -> dict[str, list[tuple]]:
        table = self._tables.get((nce, level, depth))
        if table is None:
            table = self._tables[(nce, level, depth)] = {}
            for group in self.by_count[nce]:
                for reading in _r_readings(group[0]):
                    for s in _deletions(_image(reading, level), depth):
                        table.setdefault(s, []).append(group)
        return table


def _key_bound(limit: float, pen: float, sino: bool, one: bool) -> float:
    """How far a stem's key may be from an English key: the limit less the stem's penalty, tighter for a
    stem that could be Sino-Korean (near-exact) or has one syllable (exact)."""
    if one:
        return -pen
    bound = limit - pen
    if sino and _SINO_LIMIT - pen < bound:
        bound = _SINO_LIMIT - pen
    return bound


def _candidates(tokens: Mapping[str, tuple[str, ...]], words: Mapping[str, str],
                names: frozenset[str] = frozenset(), unglossed: frozenset[str] = frozenset()
                ) -> dict[str, list[tuple[float, int, str, str]]]:
    """Every (distance, -len(stem), stem, name) within the rules, per Korean word that has one.

    The rule: a stem and an English key match when the weighted distance of their keys, plus the stem's
    penalty, is within ``key_limit`` of the larger consonant count, with the guards for short, one-syllable
    and possibly Sino-Korean stems.  Computed on every pair it is slow; here no pair it accepts is lost:
    the distance of the consonant strings is a lower bound of the keys' (vowels dropped cost nothing, and
    a consonant set against a vowel costs no more deleted: H 0.4 < 0.5, others 1.0); the Korean string is
    no farther from one of the English string's ``_r_readings``; and the images (``_IMAGES``) of two
    R-free strings are at most their distance / the image's least edit cost unit edits apart, which the
    index of ``_deletions`` finds.  The guards that need no distance come first, the bounded distances
    stop once they exceed what the pair may cost.  A stem of ``unglossed`` set against a word of ``names``
    (``match_loanwords``) is searched with the bound of a word that cannot be Sino-Korean, and a stem of
    one consonant (``야후``) may match such a name near-exactly.
    """
    english = _EnglishIndex(words)
    by_token: dict[str, list[tuple[float, int, str, str]]] = {}
    for token, stems in tokens.items():
        found: list[tuple[float, int, str, str]] = []
        for stem in stems:
            profile = _stem_profile(stem)
            if profile is None:
                continue
            kk, nck, cons_k, sino = profile
            name_like = stem in unglossed and bool(names)  # may transliterate a name
            few = nck <= 1 and len(stem) < 3  # matches a name only, near-exactly
            if few and not name_like:
                continue
            pen = _stem_penalty(token, stem)
            one = len(stem) == 1
            short = nck <= 1 or one  # such a stem only matches an English word of 4+ letters
            for nce in english.by_count:
                limit = key_limit(nck if nck > nce else nce)
                bound = _key_bound(limit, pen, sino and not name_like, one)
                if few:
                    bound = min(bound, _SINO_LIMIT - pen)
                if bound < -1e-9:
                    continue
                for cons_e, _, group in english.near(cons_k, nce, bound):
                    if _bounded_distance(cons_k, cons_e, bound + 1e-9) is None:
                        continue
                    for key, name, nlen in group:
                        if short and nlen < 4:
                            continue
                        raw = _bounded_distance(kk, key, bound + 1e-9)
                        if raw is None or raw > limit:
                            continue
                        d = raw + pen
                        if d > limit or (one and d > 0.0):
                            continue
                        if sino and d > _SINO_LIMIT and not (name_like and name in names):
                            continue
                        if few and name not in names:
                            continue
                        found.append((d, -len(stem), stem, name))
        if found:
            by_token[token] = found
    return by_token


def _nearest_gap(xs: list[float], ys: list[float]) -> float:
    """The smallest distance between a value of ``xs`` and one of the ascending ``ys`` (1.0 if either is
    empty), by bisection: a word frequent on both sides of a long text costs no product of its positions."""
    best = 1.0
    for x in xs:
        k = bisect_left(ys, x)
        for y in ys[max(0, k - 1):k + 1]:
            best = min(best, abs(x - y))
    return best
