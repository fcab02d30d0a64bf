"""Korean-English sentence alignment, one module per concept (see ``aligner`` for the model):

* ``aligner``: ``align_sentences``, the one entry;
* ``params``: every scoring constant with its unit (``AlignParams``) and the DP's fixed sizes;
* ``concepts``: the union-find that merges evidence into concepts;
* ``features``: per-side feature extraction (numbers, Latin words, glossed terms, loanwords, glossary);
* ``lexicon``: the glossary as a frozen ``Lexicon`` and the concepts it adds;
* ``weights``: concept weights as bit planes;
* ``length``: the length model;
* ``scoring``: the score of a bead;
* ``dp``: the banded dynamic programme and its coarse-to-fine band;
* ``links``: links as text, checks and strict evaluation; ``evaluation``: held-out test material.

The language tools it uses hold no alignment logic and no Kiwi: ``korpus.hangul``, ``korpus.phonetic``,
``korpus.loanwords``, ``korpus.numbers`` and ``korpus.english``.
"""

from .aligner import align_sentences
from .lexicon import Lexicon, builtin_lexicon, lexicon_from_glossary
from .links import check_links, evaluate, format_links, parse_links
from .params import AlignParams

__all__ = ["AlignParams", "Lexicon", "align_sentences", "builtin_lexicon", "check_links", "evaluate",
           "format_links", "lexicon_from_glossary", "parse_links"]
