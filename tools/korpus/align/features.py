"""Per-side feature extraction: the concepts of each sentence and their weights.

Numbers, Latin words, glossed terms, loanwords and glossary lemmas found on both sides are merged into
concepts (a union-find); each sentence becomes a bit mask of the concepts it holds, and each concept gets
an IDF weight and the penalties of missing it (see ``align.aligner`` for the model).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Mapping, Sequence

from ..english import HYPHENATED_WORD, LATIN_WORD, STOP_WORDS, light_stem
from ..hangul import ENGLISH_TERM_KOREAN, HANGUL_RUN, KOREAN_TERM_ENGLISH, ko_stems
from ..loanwords import match_loanwords
from ..numbers import Number, english_numbers, korean_numbers, numbers_match, round_sig
from .concepts import UnionFind
from .lexicon import Lexicon, add_lemma_concepts, add_lexicon_concepts
from .params import PLANES
from .weights import bit_planes


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


_POSSESSIVE = re.compile(r"['’]s?$")


def _latin_tokens(text: str) -> list[str]:
    return [t for t in LATIN_WORD.findall(text) if len(t) >= 2 and t.lower() not in STOP_WORDS]


@dataclass
class _Side:
    nodes: list[set]  # per sentence: feature nodes
    anchors: list[set]  # per sentence: nodes that should find a counterpart (numbers, Latin, names)
    lengths: list[int]


def _korean_side(sentences: Sequence[str], uf: UnionFind) -> tuple[_Side, dict, set, dict]:
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
        for tok in HANGUL_RUN.findall(text):
            stems = tokens.get(tok)
            if stems is None:
                stems = tokens[tok] = ko_stems(tok)
            for stem in stems:
                ns.add(("h", stem))
        for m in KOREAN_TERM_ENGLISH.finditer(text):
            hangul = m.group(1).split()
            latin = [t for t in LATIN_WORD.findall(m.group(2)) if t.lower() not in STOP_WORDS]
            if len(latin) == 1:
                pairs = [(hangul[-1], latin[0])]
            elif len(latin) == len(hangul) == 2 and all(t[:1].isupper() for t in latin):
                pairs = list(zip(hangul, latin))
            else:
                pairs = []
            for ko_word, en_word in pairs:
                for stem in ko_stems(ko_word):
                    if len(stem) >= 2:
                        uf.union(("h", stem), ("w", _norm_latin(en_word)))
        for m in ENGLISH_TERM_KOREAN.finditer(text):
            for stem in ko_stems(m.group(2)):
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


def _english_side(sentences: Sequence[str], acronyms: set[str]
                  ) -> tuple[_Side, dict[str, str], dict, frozenset[str]]:
    """Nodes of each English sentence; also the spellings to try against Korean loanwords, numbers, and
    the names (node names of capitalised words: inside a sentence, or never written in lowercase)."""
    nodes, anchors, lengths = [], [], []
    words: dict[str, str] = {}  # spelling to try against Korean -> node name
    numbers: dict[str, Number] = {}
    capitalised: set[str] = set()
    first_capitalised: set[str] = set()
    lowercase: set[str] = set()
    for text in sentences:
        ns: set = set()
        an: set = set()
        for num in english_numbers(text):
            node = ("n", num.key)
            numbers[num.key] = num
            ns.add(node)
            an.add(node)
        toks = LATIN_WORD.findall(text)
        content: list[str] = []
        for k, tok in enumerate(toks):
            low = tok.lower()
            if low in STOP_WORDS or len(tok) < 2:
                content.append("")
                continue
            name = _norm_latin(tok)
            node = ("w", name)
            ns.add(node)
            content.append(name)
            if (k > 0 and tok[0].isupper()) or (tok.isupper() and len(tok) >= 2) or any(c.isdigit() for c in tok):
                an.add(node)
            spelling = _POSSESSIVE.sub("", tok)  # Yahoo's: Yahoo
            if len(spelling) >= 3 and spelling.isalpha() and not spelling.isupper():
                words.setdefault(spelling.lower(), name)
                if not spelling[0].isupper():
                    lowercase.add(name)
                else:
                    (capitalised if k > 0 else first_capitalised).add(name)
        for m in HYPHENATED_WORD.finditer(text):
            joined = m.group(0).replace("-", "").lower()
            ns.add(("w", joined))
            words.setdefault(joined, joined)
        for a, b in zip(content, content[1:]):
            if a and b:
                ns.add(("w", a + " " + b))  # for two-word glossary entries
        if acronyms:  # runs of 2-5 content words whose initials spell an acronym of the Korean text
            initials = [t[0] for t in toks if t.lower() not in STOP_WORDS]
            letters = "".join(initials).lower()
            for k in range(len(letters) - 1):  # each run of initials looked up: no loop over the acronyms
                for size in range(2, min(5, len(letters) - k) + 1):
                    acro = letters[k:k + size]
                    if acro in acronyms and (size >= 3 or all(c.isupper() for c in initials[k:k + size])):
                        ns.add(("w", acro))
        nodes.append(ns)
        anchors.append(an)
        lengths.append(len(text) - text.count(" "))
    names = frozenset(capitalised | (first_capitalised - lowercase))
    return _Side(nodes, anchors, lengths), words, numbers, names


def _positions(nodes: list[set], kind: str) -> dict[str, list[float]]:
    """Relative positions (0..1) of the sentences holding each node of ``kind``, by the node's name."""
    out: dict[str, list[float]] = {}
    last = max(1, len(nodes) - 1)
    for k, s in enumerate(nodes):
        for node in s:
            if node[0] == kind:
                out.setdefault(node[1], []).append(k / last)
    return out


_CLOSERS = "\"'”’)]»」』〉>"


def _is_heading(text: str) -> bool:
    """A heading or a label: no sentence-final punctuation (``마이아, AI 가속기``)."""
    t = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(t) and t[-1] not in ".?!:;…。？！"


@dataclass
class Features:
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


def _link_numbers(ko_numbers: Mapping[str, Number], en_numbers: Mapping[str, Number], uf: UnionFind) -> None:
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
            by_rounded.setdefault((sig, round_sig(nb.value, sig)), []).append(kb)
    for ka, na in ko_numbers.items():
        found = set(by_value.get(na.value, ()))
        for sig in sigs:
            found.update(by_rounded.get((sig, round_sig(na.value, sig)), ()))
        for kb in sorted(found, key=order.__getitem__):
            if ka != kb and numbers_match(na, en_numbers[kb]):
                uf.union(("n", ka), ("n", kb))


def _glossed_as(lexicon: Lexicon, stem: str, name: str, exact_name: bool) -> bool:
    """Whether a Korean word the glossary knows may be the loanword of an English word: the glossary gives
    that word (서버 "server", not "ship"; 지원 "support", not "June"), or the word is a name matched
    near-exactly (제시 "Jessie").  A gloss word counts when it shares all but two letters of the shorter
    word's stem, at least four (library / libraries, build / built, module / modular)."""
    if exact_name:
        return True
    word = light_stem(name)
    return any(_same_root(word, target) for target in lexicon.targets(stem) | lexicon.targets(stem + "다"))


def _same_root(a: str, b: str) -> bool:
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= min(len(a), len(b)) - 2 or a == b


def _unglossed(tokens: Mapping[str, tuple[str, ...]], lexicon: Lexicon | None) -> frozenset[str]:
    """The stems no glossary knows as a Korean word (they may transliterate a name)."""
    if not lexicon:
        return frozenset()
    return frozenset(stem for stems in tokens.values() for stem in stems if not lexicon.knows(stem))


def loanwords_ahead(ko_paragraphs: Sequence[str], en: Sequence[str], lexicon: Lexicon | None) -> tuple:
    """The loanword candidates ``features`` will search for a Korean text and its English sentences
    (``loanwords.candidates_ahead``), found from the Korean paragraphs before Kiwi has split them
    into sentences: the Hangul words are the same, in the same order, unless a sentence boundary
    cuts one (then ``features`` searches itself)."""
    from ..loanwords import candidates_ahead

    _, tokens, _, _ = _korean_side(ko_paragraphs, UnionFind())
    _, words, _, names = _english_side(en, set())  # the acronyms add nodes, not words or names
    return candidates_ahead(tokens, words, names, _unglossed(tokens, lexicon))


def features(ko: Sequence[str], en: Sequence[str], lexicon: Lexicon | None,
             ko_lemmas: Sequence[Sequence[str]] | None = None) -> Features:
    uf = UnionFind()
    ko_side, tokens, acronyms, ko_numbers = _korean_side(ko, uf)
    en_side, words, en_numbers, names = _english_side(en, acronyms)
    unglossed = _unglossed(tokens, lexicon)
    for stem, name, conf in match_loanwords(tokens, words, _positions(ko_side.nodes, "h"),
                                            _positions(en_side.nodes, "w"), names, unglossed):
        if lexicon and stem not in unglossed and not _glossed_as(lexicon, stem, name, name in names and conf > 0.85):
            continue
        uf.union(("h", stem), ("w", name), conf)
    _link_numbers(ko_numbers, en_numbers, uf)
    if lexicon and ko_lemmas is not None:
        add_lemma_concepts(lexicon, ko_lemmas, en, ko_side.nodes, en_side.nodes, uf)
    elif lexicon:
        add_lexicon_concepts(lexicon, [HANGUL_RUN.findall(t) for t in ko], en, ko_side.nodes, en_side.nodes, uf)

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
    for r in shared:
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
    m_planes, uk_planes, ue_planes = (bit_planes([w[part] for w in weights], PLANES) for part in range(3))
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

    return Features(ko_masks, en_masks, m_planes, uk_planes, ue_planes, orphan(ko_side.anchors, in_ko, in_en, 2.0),
                     orphan(en_side.anchors, in_en, in_ko, 1.0), ko_side.lengths, en_side.lengths,
                     [int(_is_heading(t)) for t in ko], [int(_is_heading(t)) for t in en], weights, shared)
