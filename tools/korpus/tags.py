"""The Sejong part-of-speech tags Kiwi writes, and everything korpus knows about them.

Every table of tags lives here once and the others are derived from it where they state
the same fact: which tags Kiwi may write, which are content words or punctuation, the
part of speech a learner reads for each, the vocabulary entry a content word belongs to,
its Universal Dependencies UPOS, which tags inflect, and which tags stand for the same
dictionary word when a gloss is looked up.

Two names for a part of speech, on purpose:

- ``learner_pos(tag)`` is the name shown to a learner, the same on every surface
  (``korpus vocab``, the deck's PartOfSpeech field, the reader's tooltips, ``show --gloss``):
  하지만 (MAJ) is a "conjunctive adverb" everywhere.
- ``ENTRY_POS[tag]`` is the vocabulary entry's group: what ``--pos`` filters on and, with
  the lemma, what a deck note's GUID and its ``korpus::pos::`` tag are made of.  It folds
  conjunctive adverbs into "adverb" as korpus always has, because changing it would change
  the GUIDs of learners' notes and duplicate them in Anki.  Do not unfold it.
"""

from __future__ import annotations

# Kiwi's base tags (Sejong tag set plus Kiwi's own W_*, Z_* and USER* tags).
KNOWN_TAGS = frozenset(
    "NNG NNP NNB NR NP VV VA VX VCP VCN MM MAG MAJ IC JKS JKC JKG JKO JKB JKV JKQ JX JC "
    "EP EF EC ETN ETM XPN XSN XSV XSA XSM XR SF SP SS SSO SSC SE SO SW SL SH SN SB UN "
    "W_URL W_EMAIL W_HASHTAG W_MENTION W_SERIAL W_EMOJI Z_CODA Z_SIOT USER0 USER1 USER2 USER3 USER4".split()
)

# Sejong tag -> the part of speech a learner reads.
LEARNER_POS = {
    "NNG": "noun", "NNP": "proper noun", "NNB": "bound noun", "NP": "pronoun", "NR": "numeral",
    "VV": "verb", "VA": "adjective", "VX": "auxiliary verb", "VCP": "copula", "VCN": "copula",
    "MM": "determiner", "MAG": "adverb", "MAJ": "conjunctive adverb", "IC": "interjection",
    "XR": "root", "XPN": "prefix", "XSN": "suffix", "XSV": "suffix", "XSA": "suffix", "XSM": "suffix",
    "SL": "foreign word", "SH": "hanja", "SN": "number", "W_SERIAL": "number",
}
# Tags of the words a learner looks up: they make a word's lexemes (lemmas).
CONTENT_TAGS = frozenset({"NNG", "NNP", "NP", "NR", "VV", "VA", "MM", "MAG", "MAJ", "IC", "XR", "NNB", "VX"})
PUNCT_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB"})
# Tags whose morpheme Kiwi gives a dictionary form (공개하 -> 공개하다).
INFLECTED_TAGS = frozenset({"VV", "VA", "VX", "VCP", "VCN"})

# Content tags that make vocabulary entries, and the entry group of each (see the module's
# docstring: the group keys deck GUIDs, so MAJ stays in "adverb").
ENTRY_TAGS = ("NNG", "VV", "VA", "MAG", "MAJ", "XR", "NNP")
ENTRY_POS = {tag: LEARNER_POS[tag] for tag in ENTRY_TAGS} | {"MAJ": LEARNER_POS["MAG"]}
POS_CHOICES = tuple(dict.fromkeys(ENTRY_POS.values()))  # noun, verb, adjective, adverb, root, proper noun

# Learner name -> tag, for the pos column of a user's glossary (``korpus/glossary.tsv``).
POS_TAGS = {LEARNER_POS[tag]: tag for tag in sorted(CONTENT_TAGS)}

UPOS = {
    "NNG": "NOUN", "NNB": "NOUN", "NNP": "PROPN", "NP": "PRON", "NR": "NUM", "VV": "VERB", "VA": "ADJ",
    "VX": "AUX", "VCP": "ADJ", "VCN": "ADJ", "MM": "DET", "MAG": "ADV", "MAJ": "CCONJ", "IC": "INTJ",
    "XR": "NOUN", "XPN": "NOUN", "SL": "X", "SH": "NOUN", "SN": "NUM", "SW": "SYM", "SF": "PUNCT",
    "SP": "PUNCT", "SS": "PUNCT", "SSO": "PUNCT", "SSC": "PUNCT", "SE": "PUNCT", "SO": "PUNCT",
}

# Tags that stand for the same dictionary word when looking a gloss up, the asked tag first:
# 오늘 may be NNG or MAG, 것 NNB or NNG.
GLOSS_TAG_FAMILIES = {
    "NNG": ("NNG", "NNB", "XR", "MAG", "NNP"), "NNB": ("NNB", "NNG"), "NNP": ("NNP", "NNG"),
    "MAG": ("MAG", "MAJ", "NNG"), "MAJ": ("MAJ", "MAG"), "XR": ("XR", "NNG"),
    "VV": ("VV", "VA", "VX"), "VA": ("VA", "VV"), "VX": ("VX", "VV", "VA"),
}


def base_tag(tag: str) -> str:
    """``VV-I`` (irregular) -> ``VV``."""
    return tag.split("-")[0]


def learner_pos(tag: str) -> str:
    """The part of speech a learner reads for a tag: ``MAJ`` -> conjunctive adverb,
    ``JKO`` -> particle, ``EF`` -> ending, ``SF`` -> punctuation."""
    if tag in LEARNER_POS:
        return LEARNER_POS[tag]
    if tag.startswith("J"):
        return "particle"
    if tag.startswith("E"):
        return "ending"
    if tag in PUNCT_TAGS:
        return "punctuation"
    return "other"
