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
  ``하이퍼스케일러``/``hyperscalers``, ``엔비디아``/``Nvidia``; with a lexicon, a Hangul word it does
  not know may transliterate a capitalised English word (a name, possessive included) even when it
  could read as Sino-Korean or has one consonant (``아이칸``/``Icahn``, ``야후``/``Yahoo's``);
* lexical translation evidence, hunalign-style: with the Korean sentences' lemmas
  (``ko_lemmas``) and a ``lexicon`` (lemma -> English words, e.g. the learner glossary
  through ``lexicon_from_glossary``), a lemma whose gloss names a word of an English
  sentence (both lightly stemmed) is a concept of the two sentences.  Function lemmas
  (대하다, 통하다) and light or very common gloss words ("to be", "thing", "make") are
  ignored, a lemma glossed with many words counts less, and two lemmas of a sentence
  matching the same English words count once.  A lemma the glossary lacks is looked up by
  the gloss the reader composes for it from its parts (``불행히`` "unfortunately", ``비상업적``
  "non-commercial").  Without lemmas, a lexicon is looked up with the surface words
  (particle-stripped forms, their composed glosses, longest known prefixes).

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
from typing import Iterable, Mapping, Sequence

from ..model import Link
from .dp import best_path, diagonal_band, path_band
from .features import features
from .length import estimate_length_model, length_model_from
from .lexicon import Lexicon, as_lexicon
from .params import DEFAULT_PARAMS, FULL_BAND_CELLS, AlignParams
from .scoring import Scorer


def align_sentences(ko: Sequence[str], en: Sequence[str], *,
                    lexicon: Lexicon | Mapping[str, Iterable[str]] | None = None,
                    ko_lemmas: Sequence[Sequence[str]] | None = None,
                    params: AlignParams | None = None) -> list[Link]:
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
    f = features(ko, en, as_lexicon(lexicon) if lexicon else None, ko_lemmas)
    if n * m <= FULL_BAND_CELLS:
        ratio, sigma, pairs = estimate_length_model(f, p)
        band = diagonal_band(n, m, pairs, p)
    else:  # the coarse levels use the length model of the two texts' totals
        ratio, sigma = length_model_from(f, p, [])
        band = path_band(f, p, ratio, sigma)
        ratio, sigma, _ = estimate_length_model(f, p, band)
    scorer = Scorer(f, p, ratio, sigma)
    beads = best_path(scorer, band)
    linked = [(tuple(range(ks, ks + a)), tuple(range(es, es + b))) for ks, a, es, b in beads if a and b]
    if len(linked) >= 5:  # second pass with the length model of the first alignment
        ratio2, sigma2 = length_model_from(f, p, linked)
        if abs(math.log(ratio2 / ratio)) > 0.02 or abs(sigma2 - sigma) > 0.02:
            scorer = Scorer(f, p, ratio2, sigma2, scorer.static)
            beads = best_path(scorer, band)
    return scorer.links(beads)
