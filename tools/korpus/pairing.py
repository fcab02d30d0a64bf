"""``korpus pair``: find which documents in other languages tell the same story.

Each document becomes a set of language-neutral anchors: Latin-script names and terms
(``Microsoft``, ``ChatGPT``), numbers with their units normalised (``42000달러`` =
``42 000 $``), and, for Korean, Hangul loanwords matched to the Latin words of the
other documents by transliteration (``트위터`` ~ ``Twitter``, ``머스크`` ~ ``Musk``).
Anchors are weighted by how rare they are in the corpus (an anchor every article
shares says little); a document scores, against a Korean story, the weighted share of
its anchors that the story's documents have too.
A proposal needs a clear score and a clear margin over the runner-up, so that
nothing is proposed when nothing fits.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .hangul import strip_suffix
from .loanwords import is_loanword_match
from .numbers import english_numbers, korean_numbers
from .phonetic import en_phonetic_key, ko_phonetic_key
from .corpus import Corpus
from .glossary import builtin_glossary
from .model import Document

THRESHOLD = 0.09  # share of the moving document's anchor weight found in the target story
MARGIN = 1.3  # how much the best story must beat the runner-up
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]+)*")
_HANGUL = re.compile(r"[가-힣]{2,}")
_STOP = set("""the a an of and to in is that for it with as was on are by this be from at or have has its
    their not but were will would can could said says also more than into about after over which who
    le la les de des du et en un une est que qui dans pour par sur pas au aux avec ce il elle ses sont
    yang dan di ke dari ini itu untuk dengan tidak dalam akan pada adalah juga oleh telah""".split())


@dataclass(frozen=True)
class PairSuggestion:
    doc_id: str
    partner_id: str
    score: float
    shared: tuple[str, ...]


def _latin_words(doc: Document) -> set[str]:
    """Names and terms: in Korean text every Latin word; elsewhere capitalised words and acronyms
    that never appear in lower case in the same text (so not a capitalised sentence start)."""
    text = doc.title + "\n" + doc.text
    words = _LATIN.findall(text)
    if doc.lang == "ko":
        return {w.lower() for w in words if len(w) >= 2 and w.lower() not in _STOP}
    lower = {w for w in _WORD.findall(text) if w[:1].islower()}
    return {w.lower() for w in words if len(w) >= 2 and w[:1].isupper() and w.lower() not in lower
            and w.lower() not in _STOP}


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SPACED_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)")


def _numbers(doc: Document) -> set[str]:
    if doc.lang == "ko":
        values = korean_numbers(doc.text)
    else:
        values = english_numbers(_SPACED_THOUSANDS.sub("", doc.text))
    found = set()
    for number in values:
        value = getattr(number, "value", None)
        if value is None or value < 10 or 1900 <= value <= 2100:  # small counts and years say little
            continue
        found.add(f"#{value:g}")
    return found


def _hangul_loanwords(text: str) -> set[str]:
    """Hangul words the glossary does not know as Korean words, less their particle or ending
    (``hangul.strip_suffix``, when two syllables remain): the words that may transliterate a Latin word of
    another document.  A lemma glossed only as a proper noun (유럽, 뉴욕, 아마존) is still a candidate: a
    name is what a transliteration anchors on (유럽 ~ European)."""
    known = {lemma for lemma, tag in builtin_glossary() if tag != "NNP"}
    words = set()
    for token in _HANGUL.findall(text):
        stem = strip_suffix(token)
        if stem is not None and len(stem) >= 2:
            token = stem
        if token not in known:
            words.add(token)
    return words


def anchors(corpus: Corpus, movers: set[str] | None = None) -> dict[str, set[str]]:
    """Every document's anchors, with Korean loanwords mapped onto the Latin words they render.

    Only the Latin words of ``movers`` (the documents that may be paired: other-language
    documents in a story without a Korean version; default all of them) are looked for among
    the Korean loanwords: a mapping onto any other word could never be shared with a mover,
    nor change the weight of a mover's anchor.  A corpus whose versions are all paired so
    transliterates nothing."""
    docs = corpus.documents()
    latin_vocab: set[str] = set()
    features: dict[str, set[str]] = {}
    for doc in docs:
        words = _latin_words(doc)
        features[doc.id] = {f"w:{w}" for w in words} | _numbers(doc)
        if doc.lang != "ko" and (movers is None or doc.id in movers):
            latin_vocab |= {w for w in _LATIN.findall(doc.text) if w.lower() in words and w.isalpha()}
    by_initial: dict[str, list[str]] = {}
    for latin in sorted(latin_vocab):
        if len(latin) >= 4 and not latin.isupper():
            key = en_phonetic_key(latin.lower())
            by_initial.setdefault(key[:1], []).append(latin)
    for doc in docs:
        if doc.lang != "ko" or not by_initial:
            continue
        for hangul in _hangul_loanwords(doc.title + "\n" + doc.text):
            initial = ko_phonetic_key(hangul)[:1]
            for latin in by_initial.get(initial, ()):  # same first sound, or no match anyway
                if abs(len(latin) - len(hangul) * 2) <= 6 and is_loanword_match(hangul, latin):
                    features[doc.id].add(f"w:{latin.lower()}")
    return features


def suggest_pairs(corpus: Corpus) -> list[PairSuggestion]:
    """Stories that are the same story in other languages, merged greedily, best match first.

    A story's anchors are those of all its documents, so once the French report has
    joined the Korean article, the Indonesian one is compared with both.  Two stories
    are merged only if they share no language, score at least ``THRESHOLD``, and beat
    the moved story's runner-up by ``MARGIN``; documents already paired stay put.
    """
    docs = corpus.documents()
    korean_stories = {d.story for d in docs if d.lang == "ko"}
    features = anchors(corpus, {d.id for d in docs if d.story not in korean_stories})
    df: dict[str, int] = {}
    for feats in features.values():
        for f in feats:
            df[f] = df.get(f, 0) + 1
    n = len(docs)
    idf = {f: math.log((n + 1) / (c + 0.5)) for f, c in df.items()}
    stories: dict[str, list[Document]] = {}
    for doc in docs:
        stories.setdefault(doc.story, []).append(doc)

    def feats(story: str) -> set[str]:
        return set().union(*(features[d.id] for d in stories[story]))

    def containment(a: set[str], b: set[str]) -> tuple[float, tuple[str, ...]]:
        """Weighted share of the anchors of ``a`` that ``b`` has too."""
        shared = a & b
        total = sum(idf[f] ** 2 for f in a) or 1.0
        return sum(idf[f] ** 2 for f in shared) / total, tuple(sorted(shared, key=lambda f: -idf[f]))

    suggestions: list[PairSuggestion] = []
    while True:
        best = None
        for mover in stories:
            if any(d.lang == "ko" for d in stories[mover]):
                continue  # Korean articles are the hubs the other versions join
            langs = {d.lang for d in stories[mover]}
            mover_feats = feats(mover)
            scored = []
            for target in stories:
                target_langs = {d.lang for d in stories[target]}
                if target == mover or "ko" not in target_langs or langs & target_langs:
                    continue
                value, shared = containment(mover_feats, feats(target))
                scored.append((value, target, shared))
            scored.sort(key=lambda item: -item[0])
            if not scored:
                continue
            value, target, shared = scored[0]
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            if value >= THRESHOLD and value >= MARGIN * runner_up and (best is None or value > best[0]):
                best = (value, mover, target, shared)
        if best is None:
            break
        value, mover, target, shared = best
        partner = sorted(stories[target], key=lambda d: (d.lang != "ko", d.id))[0]
        for doc in stories[mover]:
            suggestions.append(PairSuggestion(doc.id, partner.id, round(value, 3),
                                              tuple(f[2:] if f.startswith("w:") else f for f in shared[:8])))
        stories[target] += stories.pop(mover)
    return suggestions


def apply_pairs(corpus: Corpus, suggestions: list[PairSuggestion]) -> list[PairSuggestion]:
    """Record suggestions: move each document into its partner's story (one language per story)."""
    applied = []
    with corpus.locked():
        for suggestion in suggestions:
            doc, partner = corpus.get(suggestion.doc_id), corpus.get(suggestion.partner_id)
            mover, target = (doc, partner) if len(corpus.versions(doc)) <= len(corpus.versions(partner)) \
                else (partner, doc)
            if any(v.lang == mover.lang for v in [target] + corpus.versions(target)):
                continue
            corpus.move(mover, target.story)
            applied.append(suggestion)
    return applied
