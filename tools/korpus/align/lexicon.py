"""The glossary as translation evidence (hunalign's dictionary): a frozen ``Lexicon`` of Korean lemma ->
English words, made from a glossary by ``lexicon_from_glossary``, and the concepts it adds to an
alignment, from the Korean sentences' lemmas (``add_lemma_concepts``) or, without lemmas, from their
surface words (``add_lexicon_concepts``)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain
from typing import Callable, Iterable, Mapping, Sequence

from ..english import LATIN_WORD, STOP_WORDS, light_stem
from ..hangul import KO_STOP_STEMS, lemma_variants, strip_suffix
from .concepts import UnionFind


# English words a gloss may list that say nothing about which sentence translates which: light verbs,
# placeholder nouns and the glossary's own shorthand ("to be", "thing", "do", "make", "sb", "N").
GLOSS_STOPWORDS = STOP_WORDS | frozenset("""
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
    stop = GLOSS_STOPWORDS
    out = {}
    for w in _GLOSS_WORD.findall(text.lower()):
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in stop:
            out[w] = None
    return tuple(out)


class Lexicon(Mapping):
    """Korean lemma or word -> English words (a glossary's), prepared for the aligner.

    Frozen, and it owns its memos: the English stems looked up for each lemma, and the surface index
    (``surface``) made on first use.  Build one per glossary and pass it to every alignment, so that
    the memos serve them all; a plain mapping passed to ``align_sentences`` is wrapped afresh.
    """

    def __init__(self, words: Mapping[str, Iterable[str] | str], known: Iterable[str] = (),
                 compose: Callable[[str, str], object] | None = None, common: Iterable[str] = ()) -> None:
        object.__setattr__(self, "_words", words)
        object.__setattr__(self, "_known", frozenset(known))
        object.__setattr__(self, "_compose", compose)  # (lemma, tag) -> a composed Gloss or None
        object.__setattr__(self, "_common", frozenset(common))  # gloss words too common to be evidence
        object.__setattr__(self, "_targets", {})

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"a Lexicon is frozen (cannot set {name})")

    def __getitem__(self, key: str):
        return self._words[key]

    def __iter__(self):
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def __repr__(self) -> str:
        return f"Lexicon({len(self._words)} entries)"

    def knows(self, stem: str) -> bool:
        """Whether the glossary has ``stem`` (or ``stem`` + 다) as a Korean word, even one whose glosses gave
        no evidence word: such a word is no transliteration of an English name."""
        return any(w in self._words or w in self._known for w in (stem, stem + "다"))

    def targets(self, lemma: str) -> frozenset[str]:
        """Stems of the English words the lexicon gives for ``lemma`` (or the noun it derives from)."""
        found = self._targets.get(lemma)
        if found is None:
            found = _lookup_targets(self._words, lemma)
            if not found and self._compose is not None:
                found = self.composed_targets(lemma)
            self._targets[lemma] = found
        return found

    def composed_targets(self, lemma: str) -> frozenset[str]:
        """Stems of the English words of the gloss composed for a lemma no glossary has (비상업적 ->
        non-commercial, 불행히 -> unfortunately, 자유소프트웨어 -> free software), as the reader shows it."""
        if self._compose is None:
            return frozenset()
        for key in lemma_keys(lemma):
            if key in _KO_STOP_LEMMAS:
                break
            for tag in _COMPOSED_TAGS:
                gloss = self._compose(key, tag)
                if gloss is not None:
                    return frozenset(light_stem(w) for w in _gloss_words(gloss.text) if w not in self._common)
        return frozenset()

    @cached_property
    def surface(self) -> "_SurfaceIndex":
        """The index for looking up Korean surface words (no lemmas): see ``add_lexicon_concepts``."""
        return _surface_index(self._words)


def as_lexicon(lexicon: Lexicon | Mapping[str, Iterable[str]]) -> Lexicon:
    return lexicon if isinstance(lexicon, Lexicon) else Lexicon(lexicon)


@lru_cache(maxsize=1)
def builtin_lexicon() -> Lexicon:
    """The lexicon of the built-in learner glossary, made once per process (as ``korpus build`` and
    ``korpus align-files`` use it)."""
    from ..glossary import builtin_glossary

    return lexicon_from_glossary(builtin_glossary())


def lexicon_from_glossary(glossary: Mapping) -> Lexicon:
    """A lexicon for ``align_sentences``: Korean lemma -> the English content words of its glosses.

    ``glossary`` maps ``(lemma, tag)`` or ``lemma`` to a ``Gloss`` (``.text``), a gloss string or a list of
    them, like ``korpus.glossary.builtin_glossary()``; the glosses of one lemma's tags are pooled.  Words
    are those of ``_gloss_words`` (no ``to``, parenthesised notes or stop words); a word found in the
    glosses of too many lemmas (over 0.4% of them, and over 30) is dropped as well.  Lemmas left without
    a word are left out.
    """
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
    return Lexicon(lexicon, (lemma.strip() for lemma in words_of), _composer(glossary), common)


def _composer(glossary: Mapping) -> Callable[[str, str], object] | None:
    """``Composer.compose`` over a glossary keyed by (lemma, tag), as ``Glossary.known`` looks words up (a
    tag's family too); None for a glossary keyed by lemma alone (composition needs the tags)."""
    if not glossary or not all(type(key) is tuple for key in glossary):
        return None
    from ..compose import Composer
    from ..tags import GLOSS_TAG_FAMILIES

    def known(lemma: str, tag: str):
        for other in GLOSS_TAG_FAMILIES.get(tag, (tag,)):
            gloss = glossary.get((lemma, other))
            if gloss is not None:
                return gloss if hasattr(gloss, "text") else None
        return None

    return Composer(known).compose


# Lemmas with no content of their own: grammaticalised verbs (에 대한 "about", 을 통해 "through", 을 위해
# "for", 에 따르면 "according to"), auxiliaries, copulas and demonstrative adjectives.  Their glosses name
# other senses ("to face", "to be connected") that would match by chance.
_KO_STOP_LEMMAS = KO_STOP_STEMS | frozenset("""
대하다 통하다 위하다 관하다 의하다 인하다 따르다 비하다 향하다 걸치다 불구하다 말미암다 하다 되다 있다 없다 이다
아니다 않다 못하다 말다 싶다 주다 보다 가다 오다 두다 놓다 지다 버리다 내다 대다 계시다 같다 이러하다 그러하다
저러하다 어떠하다 이렇다 그렇다 저렇다 어떻다 아무렇다 그 이 저 그것 이것 저것 여기 거기 저기 것 수 등 때 중 뿐 데
""".split())

# The tags a lemma the glossary lacks is composed as, in order (a lemma comes without its tag).
_COMPOSED_TAGS = ("NNG", "VV", "VA", "MAG")
# Endings that derive a verb or adjective from a noun: a lemma the lexicon lacks falls back to its noun.
_DERIVING_ENDINGS = ("시키다", "당하다", "스럽다", "하다", "되다", "받다", "롭다", "적")


def lemma_keys(lemma: str) -> tuple[str, ...]:
    """The lemma, and the noun a derived verb or adjective falls back to: 공개하다 -> 공개."""
    for ending in _DERIVING_ENDINGS:  # 공개하다 -> 공개, 전문가스럽다 -> 전문가, 인지적 -> 인지
        if lemma.endswith(ending) and len(lemma) - len(ending) >= 2:
            return lemma, lemma[: -len(ending)]
    return (lemma,)


def _lookup_targets(words: Mapping[str, Iterable[str] | str], lemma: str) -> frozenset[str]:
    values = None
    for key in lemma_keys(lemma):
        if key in _KO_STOP_LEMMAS:
            break
        values = words.get(key)
        if values is not None:
            break
    if values is None:
        return frozenset()
    stems = set()
    for value in ([values] if isinstance(values, str) else values):
        for word in _gloss_words(str(value)):
            stems.add(light_stem(word))
    return frozenset(stems)


def add_lemma_concepts(lexicon: Lexicon, ko_lemmas: Sequence[Sequence[str]],
                        en: Sequence[str], ko_nodes: list[set], en_nodes: list[set], uf: UnionFind) -> None:
    """Glossary evidence from the Korean sentences' lemmas: hunalign's dictionary bag of words.

    Each lemma the lexicon glosses with a word of some English sentence (both sides lightly
    stemmed) is a concept, present in the Korean sentences with the lemma and in the English
    sentences with one of its words; ``features`` weighs it by IDF like any concept.  Its
    confidence falls with the number of words its glosses list (``빠지다``: fall, hooked,
    left, lose matches by chance).  A lemma already matched as a loanword is left to that
    match, and within a Korean sentence a lemma whose matched English words are all another
    lemma's (학습 and 배우다 both "learn") is dropped, so that a many-to-many match counts once.
    """
    index: dict[str, list[int]] = {}  # English stem -> the sentences holding it
    for j, text in enumerate(en):
        seen = set()
        for tok in LATIN_WORD.findall(text):
            low = tok.lower()
            if low in GLOSS_STOPWORDS or len(low) < 2:
                continue
            stem = light_stem(low)
            if stem not in seen:
                seen.add(stem)
                index.setdefault(stem, []).append(j)
    sentences = [[x if isinstance(x, str) else x[0] for x in lemmas]  # also (lemma, tag) pairs
                 for lemmas in ko_lemmas]
    linked = uf.parent.keys() | uf.conf.keys()
    matched: dict[str, frozenset[str]] = {}  # lemma -> its stems found in the English text
    for lemma in dict.fromkeys(x for lemmas in sentences for x in lemmas):
        if any(("h", key) in linked for key in lemma_keys(lemma)):
            continue
        stems = frozenset(s for s in lexicon.targets(lemma) if s in index)
        if stems:
            matched[lemma] = stems
            node = ("x", lemma)
            for j in {j for s in stems for j in index[s]}:
                en_nodes[j].add(node)
            senses = len(lexicon.targets(lemma))
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


@dataclass(frozen=True)
class _SurfaceIndex:
    """A glossary prepared for lookups: Korean key (a noun, or a verb stem without 다) -> English targets."""

    entries: dict[str, tuple[tuple[str, ...], ...]]  # each target: the stems of its content words
    max_len: int


def _surface_index(lexicon: Mapping[str, Iterable[str] | str]) -> _SurfaceIndex:
    entries: dict[str, set] = {}
    for ko, ens in lexicon.items():
        ko = ko.strip()
        if not ko or ko in KO_STOP_STEMS:
            continue
        targets = set()
        for en in ([ens] if isinstance(ens, str) else ens):
            for piece in re.split(r"[,;/]", re.sub(r"\([^)]*\)", " ", str(en))):
                words = tuple(light_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", piece)
                              if w.lower() not in STOP_WORDS and len(w) > 1)
                if 1 <= len(words) <= 3:
                    targets.add(words)
        if not targets:
            continue
        key = ko[:-1] if ko.endswith("다") and len(ko) >= 2 else ko
        entries.setdefault(key, set()).update(targets)
    return _SurfaceIndex({k: tuple(sorted(v)) for k, v in entries.items()}, max(map(len, entries), default=0))


def _lexicon_key(token: str, lexicon: Lexicon) -> tuple[str, tuple[tuple[str, ...], ...]] | None:
    """The glossary key a Korean word contains and its targets: its particle-stripped self, else the gloss
    composed for a stripped form (불행히도 -> 불행히 "unfortunately"), else its longest known prefix."""
    lex = lexicon.surface
    cur = token
    forms = [token]
    for _ in range(2):
        if cur in lex.entries:
            return cur, lex.entries[cur]
        shorter = strip_suffix(cur)
        if shorter is None:
            break
        cur = shorter
        forms.append(cur)
    if cur in lex.entries:
        return cur, lex.entries[cur]
    for form in reversed(forms):
        composed = lexicon.composed_targets(form) if len(form) >= 2 else frozenset()
        if composed:
            return form, tuple((stem,) for stem in sorted(composed))
    for k in range(min(len(token), lex.max_len), 1, -1):
        for cand in lemma_variants(token[:k]):
            if len(cand) >= 2 and cand in lex.entries:
                return cand, lex.entries[cand]
    return None


def add_lexicon_concepts(lexicon: Lexicon, tokens_by_sentence: list[list[str]],
                          en: Sequence[str], ko_nodes: list[set], en_nodes: list[set], uf: UnionFind) -> None:
    """Glossary evidence: one concept per Korean key, present in the English sentences holding a translation."""
    holding: dict[str, set[int]] = {}  # English stem -> the sentences holding it
    for j, text in enumerate(en):
        for w in LATIN_WORD.findall(text):
            holding.setdefault(light_stem(w), set()).add(j)
    cache: dict[str, tuple | None] = {}
    found: dict[str, list[int]] = {}
    targets_of: dict[str, tuple[tuple[str, ...], ...]] = {}
    for i, toks in enumerate(tokens_by_sentence):
        for tok in toks:
            if tok not in cache:
                cache[tok] = _lexicon_key(tok, lexicon)
            if cache[tok] is None:
                continue
            key, targets = cache[tok]
            if ("h", key) in uf.parent or ("h", key) in uf.conf:  # already a matched loanword
                continue
            found.setdefault(key, []).append(i)
            targets_of[key] = targets
    for key, rows in found.items():
        node = ("x", key)
        hits = set().union(*(set.intersection(*(holding.get(w, set()) for w in target))
                             for target in targets_of[key]))
        if not hits:
            continue
        for i in rows:
            ko_nodes[i].add(node)
        for j in hits:
            en_nodes[j].add(node)
        uf.conf[node] = _LEXICON_CONFIDENCE
