"""Sentence and word splitting for English (and French, Indonesian...) with nltk, offline.

nltk's ``sent_tokenize`` needs the ``punkt_tab`` download, which korpus never makes.
A ``PunktSentenceTokenizer`` built from our own parameters (a curated abbreviation
list) needs no data and keeps ``Mr.``, ``U.S.``, ``Inc.``, ``e.g.`` and ``3.5`` whole.

Also the English word knowledge the aligner needs, with no nltk: its stop words, the
Latin-word patterns and a light stemmer for matching glosses.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

_ABBREVIATIONS = {
    "en": """mr mrs ms dr prof sr jr st mt ft inc corp co ltd llc plc dept univ assn bros gen gov sen rep
             lt col sgt capt adm u.s u.k u.n e.u e.g i.e etc vs cf al approx est fig no nos vol pp ed eds
             jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun a.m p.m
             c.w ph.d b.a m.a m.s d.c n.y l.a""",
    "fr": """m mm mme mlle dr pr st ste etc cf p ex env n° av apr j.-c""",
    "id": """dll dsb dst tsb yth sdr bpk no hlm jl prof dr ir drs""",
    "de": """dr prof bzw usw z.b d.h ca nr str""",
    "es": """sr sra srta dr ud uds etc p.ej""",
}


def _import_nltk() -> None:
    """Import nltk without ``scipy.stats``, where scipy is installed.

    nltk's package import loads its collocation measures, which import ``scipy.stats``
    when they can (for ``fisher_exact``, which korpus never uses): 0.5 s of a build's
    single Python thread, against 0.2 s for the rest of nltk.  Without it nltk keeps a
    stub that raises if called.  Only while nltk is first imported; a process that has
    imported scipy.stats already keeps it.
    """
    if "nltk" in sys.modules or "scipy.stats" in sys.modules:
        return
    sys.modules["scipy.stats"] = None  # type: ignore[assignment]  # import scipy.stats -> ImportError
    try:
        import nltk  # noqa: F401
    finally:
        if sys.modules.get("scipy.stats", 0) is None:
            del sys.modules["scipy.stats"]


@lru_cache(maxsize=None)
def _tokenizer(lang: str):
    _import_nltk()
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS.get(lang, _ABBREVIATIONS["en"]).split())
    return PunktSentenceTokenizer(params)


def split_sentences(paragraph: str, lang: str = "en") -> list[str]:
    """Sentences of one paragraph, in order, with their own text (whitespace-trimmed)."""
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    return [s.strip() for s in _tokenizer(lang).tokenize(paragraph) if s.strip()]


# Treebank-style words (do|n't, company|'s, 3.5, U.S.) with one regular expression:
# nltk's RegexpTokenizer is ~3x faster than NLTKWordTokenizer, which re-aligns its tokens
# with the text, and it also splits curly-apostrophe contractions (don’t, student’s) the
# way Treebank splits straight ones.
_WORD_PATTERN = r"""(?x)
    (?:[A-Za-z]\.){2,}(?![A-Za-z])              # U.S., e.g.
  | \d+(?:[.,:/]\d+)*%?                         # 3.5, 1,000, 50%, 24/7
  | [A-Za-z]+(?=n['’]t\b)                       # do|n't
  | n['’]t\b
  | ['’](?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)\b     # 's 're 've ...
  | \w+(?:-\w+)*                                # words, hyphenated words
  | \.\.\.|--                                   # multi-character punctuation
  | [^\w\s]                                     # any other symbol
"""


@lru_cache(maxsize=1)
def _word_tokenizer():
    _import_nltk()
    from nltk.tokenize import RegexpTokenizer

    return RegexpTokenizer(_WORD_PATTERN)


def split_words(sentence: str) -> list[tuple[str, int, int]]:
    """Words of a sentence as (form, start, end) spans: ``don't`` -> do, n't."""
    spans = []
    for start, end in _word_tokenizer().span_tokenize(sentence):
        spans.append((sentence[start:end], start, end))
    return spans


# English words that are no evidence that two sentences translate each other: function words, pronouns,
# auxiliaries, reporting verbs ("said").  The aligner's and its glossary lexicon's (which adds light words).
# Not the same lists as ``pairing._STOP`` (the commonest words of the languages a story is told in, so that
# a capitalised one is not taken for a name) or ``textio._STOPWORDS`` (a few frequent words per language,
# counted to guess the language): those serve other purposes and differ on purpose.
STOP_WORDS = frozenset("""
a an the and or but nor so yet for of in on at to from by with without within into onto upon about above below
over under after before since until while during as than then that this these those there here where when what
which who whom whose why how all any both each few more most other some such no not only own same too very can
will just should would could may might must shall do does did doing done have has had having be is are was were
been being am i me my we our us you your he him his she her it its they them their one ones also even still
however though although because if else whether either neither per via like unlike up down out off again
further once s t don now new said says say many much every yes i'm it's we're they're let lets get got
""".split())


# A word in Latin letters, with an apostrophe suffix (company's, don't); in English text or inside Korean
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?")
# large-scale, AI-powered: also matched joined (largescale), as Korean writes such a compound
HYPHENATED_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")


@lru_cache(maxsize=65536)
def light_stem(word: str) -> str:
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
