"""Loanword matching: the one matcher (``korpus.loanwords``) against a brute-force oracle of its rule."""

from __future__ import annotations

import re

import numpy as np
import pytest

from korpus.build import load_annotation
from korpus.corpus import Corpus
from korpus.hangul import IEUNG, KO_SUFFIXES, decompose, ko_stems, sino_possible
from korpus.loanwords import _candidates, is_loanword_match, loanword_distance
from korpus.phonetic import INDEL_COST, SUB_ROWS, VOWEL_SYMBOLS, en_word_keys, key_limit, ko_key

from .conftest import SHIPPED_CORPUS

ALIGNED_STORIES = ("ms-ai-chips", "chatgpt-classroom")
OTHER_LEMMAS_SAMPLED = 400  # of the unaligned Korean articles' lemmas, evenly spread, to keep the test fast

# The brute-force oracle: the rule written plainly, the distance computed on every pair (one Korean key
# against all English keys at once, with numpy, the same sums in the same order as the matcher's).
_SYMBOLS = "aeiou@PTKSJMNLHR "  # the last one pads shorter English keys
_SUB = np.array([[0.0 if x == y else SUB_ROWS.get(x, {}).get(y, 1.0) for y in _SYMBOLS] for x in _SYMBOLS])
_INDEL = np.array([INDEL_COST.get(x, 1.0) for x in _SYMBOLS])


def key_distances(ko: str, en_codes: np.ndarray, en_lengths: np.ndarray) -> np.ndarray:
    """The weighted edit distance of a Korean key and every English key (rows of symbol codes)."""
    ins = _INDEL[en_codes]
    prev = np.zeros((len(en_codes), en_codes.shape[1] + 1))
    prev[:, 1:] = np.cumsum(ins, axis=1)
    for ch in ko:
        a = _SYMBOLS.index(ch)
        cur = np.empty_like(prev)
        cur[:, 0] = prev[:, 0] + _INDEL[a]
        sub = _SUB[a][en_codes]
        for k in range(en_codes.shape[1]):
            cur[:, k + 1] = np.minimum(np.minimum(prev[:, k] + sub[:, k], prev[:, k + 1] + _INDEL[a]),
                                       cur[:, k] + ins[:, k])
        prev = cur
    return prev[np.arange(len(en_codes)), en_lengths]


def consonants(key: str) -> int:
    return sum(ch not in VOWEL_SYMBOLS and ch != "R" for ch in key)


def stem_penalty(token: str, stem: str) -> float:
    if stem == token:
        return 0.15 if token.endswith(KO_SUFFIXES) else 0.0
    return 0.15 if stem == token[:-1] and not token.endswith(KO_SUFFIXES) else 0.0


def single_syllable_ok(stem: str) -> bool:
    d = decompose(stem)
    return d is not None and d[0] != IEUNG and d[2] != 0


def brute_force(lemmas: list[str], words: list[str]) -> dict[tuple[str, str], float]:
    """Every (lemma, word) the rule matches, with its distance: each stem of the lemma against each key of
    the word, the distance plus the stem's penalty within the limit of the larger consonant count, near-exact
    for a stem that could be Sino-Korean, exact for one syllable; a stem of one consonant, or of one syllable,
    needs an English word of 4+ letters, and a stem of one consonant 3+ syllables."""
    pairs = [(w, key) for w, word in enumerate(words) for key in en_word_keys(word)]
    keys = sorted({key for _, key in pairs})
    index = {key: k for k, key in enumerate(keys)}
    width = max(map(len, keys))
    codes = np.array([[_SYMBOLS.index(ch) for ch in key.ljust(width)] for key in keys])
    lengths = np.array([len(key) for key in keys])
    pair_word = np.array([w for w, _ in pairs])
    pair_key = np.array([index[key] for _, key in pairs])
    nce = np.array([consonants(key) for _, key in pairs])
    short_word = np.array([len(words[w]) < 4 for w, _ in pairs])
    found: dict[tuple[str, str], float] = {}
    for lemma in lemmas:
        best = np.full(len(words), np.inf)
        for stem in ko_stems(lemma):
            if len(stem) == 1 and not single_syllable_ok(stem):
                continue
            kk = ko_key(stem)
            nck = consonants(kk)
            if not nck:
                continue
            raw = key_distances(kk, codes, lengths)[pair_key]
            limit = np.array([key_limit(n) for n in range(max(nce.max(), nck) + 1)])[np.maximum(nce, nck)]
            d = raw + stem_penalty(lemma, stem)
            ok = (nce > 0) & (raw <= limit) & (d <= limit)
            if sino_possible(stem):
                ok &= d <= 0.15
            if nck <= 1:
                ok &= (len(stem) >= 3) & ~short_word
            if len(stem) == 1:
                ok &= (d <= 0.0) & ~short_word
            np.minimum.at(best, pair_word[ok], d[ok])
        for w in np.flatnonzero(np.isfinite(best)):
            found[(lemma, words[w])] = float(best[w])
    return found


def matcher(lemmas: list[str], words: list[str]) -> dict[tuple[str, str], float]:
    """The same pairs as the aligner's matcher finds them, in one call over the whole vocabulary."""
    found: dict[tuple[str, str], float] = {}
    for lemma, candidates in _candidates({lemma: ko_stems(lemma) for lemma in lemmas},
                                         {word: word for word in words}).items():
        for d, _, _, word in candidates:
            found[(lemma, word)] = min(d, found.get((lemma, word), d))
    return found


def shipped_vocabulary() -> tuple[list[str], list[str]]:
    """Every Hangul lemma of the aligned Korean articles and a spread sample of the others' (two syllables or
    more), and every Latin word of the English originals (three letters or more)."""
    corpus = Corpus(SHIPPED_CORPUS)
    aligned, others, words = set(), set(), set()
    for doc in corpus.documents():
        for sentence in load_annotation(corpus, doc).sentences:
            if doc.lang == "ko":
                (aligned if doc.story in ALIGNED_STORIES else others).update(
                    lex.lemma for word in sentence.words for lex in word.lexemes
                    if re.fullmatch(r"[가-힣]{2,}", lex.lemma))
            elif doc.lang == "en":
                words.update(re.findall(r"[A-Za-z]{3,}", sentence.text))
    others = sorted(others - aligned)
    sample = others[::max(1, len(others) // OTHER_LEMMAS_SAMPLED)]
    return sorted(aligned) + sample, sorted(words)


@pytest.mark.parametrize("korean, english", [("코발트를", "Cobalt"), ("하이퍼스케일러", "hyperscalers"),
                                             ("엔비디아", "Nvidia"), ("마이아", "Maia"),
                                             ("월드", "words"), ("소스", "chose"), ("하웰", "higher")])
def test_known_loanwords(korean, english):
    """The last three were missed by the aligner's former skeleton index: an English post-vocalic R set
    against a Korean L, and repeated consonants collapsed."""
    expected = brute_force([korean], [english])
    assert is_loanword_match(korean, english)
    assert matcher([korean], [english]) == expected
    assert loanword_distance(korean, english) == expected[(korean, english)]


def test_the_matcher_decides_as_the_brute_force_rule_over_the_shipped_vocabulary():
    lemmas, words = shipped_vocabulary()
    assert len(lemmas) > 600 and len(words) > 700
    expected = brute_force(lemmas, words)
    assert len(expected) > 100
    found = matcher(lemmas, words)
    assert sorted(found.items()) == sorted(expected.items())
    for (lemma, word), d in sorted(expected.items())[::10]:  # the one-pair entry asks the same index
        assert loanword_distance(lemma, word) == d


def test_pair_scores_on_the_unpaired_seeds(tmp_path):
    """``korpus pair`` matches transliterations with ``is_loanword_match`` on words stripped by
    ``hangul.strip_suffix``: its scores are pinned (``tests/test_pairing.py`` checks the pairings)."""
    from korpus.pairing import suggest_pairs

    from .test_pairing import unpaired_seed_corpus

    scores = {(s.doc_id, s.partner_id): s.score for s in suggest_pairs(unpaired_seed_corpus(tmp_path))}
    assert scores == {("ms-ai-chips-en", "ms-ai-chips-ko"): 0.573,
                      ("ms-drops-twitter-fr", "ms-drops-twitter-ko"): 0.237,
                      ("ms-drops-twitter-id", "ms-drops-twitter-ko"): 0.12,
                      ("chatgpt-classroom-en", "chatgpt-classroom-ko"): 0.097}


def _shipped_pair(story: str = "ms-ai-chips"):
    corpus = Corpus(SHIPPED_CORPUS)
    ko = corpus.get(f"{story}-ko")
    return ko, load_annotation(corpus, ko), load_annotation(corpus, corpus.english_version(ko))


def test_candidates_found_ahead_from_paragraphs_are_taken_and_change_nothing(monkeypatch):
    """A build's forked child finds the loanword candidates of an alignment from the Korean
    paragraphs before Kiwi has split them (``align.features.loanwords_ahead``); the aligner then
    takes them instead of searching, and its links are the same."""
    from korpus import loanwords
    from korpus.align import builtin_lexicon
    from korpus.align.features import loanwords_ahead
    from korpus.build import align_documents

    doc, ko, en = _shipped_pair()
    monkeypatch.setattr(loanwords, "_AHEAD", {})
    searched = []
    real = loanwords._candidates
    monkeypatch.setattr(loanwords, "_candidates", lambda *args: searched.append(1) or real(*args))
    expected = align_documents(ko, en)
    assert len(searched) == 1
    ahead = loanwords_ahead(doc.paragraphs, [s.text for s in en.sentences], builtin_lexicon())
    assert len(searched) == 2
    loanwords.adopt_candidates([ahead])
    assert align_documents(ko, en) == expected
    assert len(searched) == 2 and not loanwords._AHEAD  # taken, once
    assert align_documents(ko, en) == expected and len(searched) == 3  # the next call searches again


def test_candidates_found_ahead_for_other_inputs_are_not_taken(monkeypatch):
    """Candidates are kept by the whole of their inputs: when Kiwi's sentences hold other Hangul
    words than the paragraphs (a boundary cutting a word), or in another order, the aligner searches."""
    from korpus import loanwords
    from korpus.align import builtin_lexicon
    from korpus.align.features import loanwords_ahead
    from korpus.build import align_documents

    doc, ko, en = _shipped_pair()
    expected = align_documents(ko, en)
    paragraphs = list(doc.paragraphs)
    cut = paragraphs[1].index(" ", len(paragraphs[1]) // 2)
    paragraphs[1] = paragraphs[1][:cut] + "마이크로" + paragraphs[1][cut:]  # a word the sentences lack
    ahead = loanwords_ahead(paragraphs, [s.text for s in en.sentences], builtin_lexicon())
    reordered = loanwords_ahead(list(reversed(doc.paragraphs)), [s.text for s in en.sentences], builtin_lexicon())
    monkeypatch.setattr(loanwords, "_AHEAD", {})
    loanwords.adopt_candidates([ahead, reordered])
    searched = []
    real = loanwords._candidates
    monkeypatch.setattr(loanwords, "_candidates", lambda *args: searched.append(1) or real(*args))
    assert align_documents(ko, en) == expected
    assert searched == [1] and len(loanwords._AHEAD) == 2
