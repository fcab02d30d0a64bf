"""Glosses composed from parts the glossaries know, for words they lack (issue #13).

Korean makes words by rule: 지리 "geography" + -적 gives 지리적 "geographical", 개발 + -되다 gives
개발되다 "to be developed", 조용하다 + -히 gives 조용히 "quietly", 데이터 + 센터 gives 데이터센터 "data
center".  A learner's own text is full of such words that no glossary lists.  ``Composer`` glosses them
from their parts, with the source ``composed`` and the parts in the gloss, so the learner sees how the
meaning was made and can judge it: ``geographical (지리 geography + -적 -ic/-al)``.

The parts and how each composes are data (``data/composition.tsv``).  The English word a rule derives
(geography -> geographical) is kept only when an English lexicon (lemminflect's) knows it with the
right part of speech; otherwise, and for the ambiguous suffixes, the gloss is the parts alone
(``지리 geography + -적 -ic/-al``): a learner is better served by the parts than by a wrong guess.

A wrong gloss is worse than none: a learner trusts it.  Guards against wrong compositions (measured on
a sample judged by hand, ``bench/bench_compose.py``): a word a glossary has is never composed
(``Glossary`` asks the composer last); a base or compound part is at least two syllables, or a prefix
of the table; a part is never a particle, an ending or an adverb; proper nouns are never composed.
Homonyms are never picked silently: a part shows all its senses (부재 absence + 지주 holding;
landowner), and no English is made from a part of several senses; a three-syllable word that reads
two ways (소극장: 소- + 극장 or 소극 + -장) is not composed; a Sino-Korean prefix is read only before a
Sino-Korean word (not in 비바람, 전나무).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, NamedTuple

from .errors import CorpusError
from .hangul import sino_possible
from .model import Gloss

COMPOSED = "composed"
COMPOSITION_TABLE = "data/composition.tsv"
ENGLISH_TABLE = "data/composition-english.tsv"
COMPOSED_TAGS = frozenset({"NNG", "XR", "VV", "VA", "MAG"})

# Lookup of a word in the glossaries (never composed): ``Glossary.known``.
KnownLookup = Callable[[str, str], "Gloss | None"]

# Particles, endings and copula forms Kiwi may leave in a noun: never a part of a compound.
GRAMMAR_PARTS = frozenset("""은 는 이 가 을 를 의 에 도 만 와 과 로 으로 에서 에게 께 한테 부터 까지 마저 조차 처럼
                             보다 들 고 며 면 지 다 요 이다 하다 되다 라고 이라 이나 나 든지 이든""".split())
# English words a rule would derive from a noun that mean something else (norm -> normal,
# office -> official): the parts are shown instead.
FALSE_FRIENDS = frozenset("""normal eventual official confidential facial incidental digital politic sensual
                             general rational classic classical logistic moral literal liberal capital final
                             total oral vital partial primal material substantial coral hardly lately shortly
                             barely""".split())
# One-syllable Sino-Korean prefixes, those of the table and those seen read as word + suffix in the
# glossary authors' reports and the judged sample (소극장, 모기업, 양성자, 주지사, 구제기): a three-syllable
# word beginning with one may be prefix + noun.  Each syllable added here costs right glosses (대학장,
# 무역량, 불신자 read well both ways): add one only on evidence.
PREFIX_SYLLABLES = frozenset("소 모 양 주 구 신 전 총 현 비 반".split())
# Suffixes that after a loanword are English: 체크인, 드롭인 end in "in", not -인 "person".
ENGLISH_AFTER_LOANWORD = frozenset({"인"})
MAX_COMPOUND_PARTS = 3
MAX_PART_SENSES = 3


class Part(NamedTuple):
    """One row of ``data/composition.tsv``: a suffix, verb or adverb ending, or prefix."""

    form: str
    kind: str  # noun, verb, adjective, adverb, prefix
    english: str
    composes: str  # a rule name, a template with {}, or "parts"
    hanja: str | None


PART_KINDS = ("noun", "verb", "adjective", "adverb", "prefix")


def read_composition_table(text: str, name: str) -> dict[tuple[str, str], Part]:
    """``(form, kind)`` -> ``Part`` from the table's text; a malformed line is refused."""
    parts: dict[tuple[str, str], Part] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 4 or fields[1] not in PART_KINDS or not all(fields[:4]):
            raise CorpusError(f"{name}, line {number}: expected part, kind ({', '.join(PART_KINDS)}), "
                              "english, composes[, hanja]")
        hanja = fields[4].strip() if len(fields) > 4 and fields[4].strip() else None
        parts[(fields[0], fields[1])] = Part(fields[0], fields[1], fields[2], fields[3], hanja)
    return parts


@lru_cache(maxsize=1)
def composition_table() -> dict[tuple[str, str], Part]:
    file = resources.files("korpus").joinpath(COMPOSITION_TABLE)
    return read_composition_table(file.read_text(encoding="utf-8"), COMPOSITION_TABLE)


def table_bytes() -> bytes:
    """The composition tables as stored, for the glossary's cache key."""
    root = resources.files("korpus")
    return root.joinpath(COMPOSITION_TABLE).read_bytes() + root.joinpath(ENGLISH_TABLE).read_bytes()


# --- English ---------------------------------------------------------------------------------------

_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_ARTICLE = re.compile(r"^(?:the|a|an) ")


def english_items(gloss: str) -> list[str]:
    """The English items of a gloss's first sense, notes dropped: ``to develop, advance (something);
    ...`` -> ``["develop", "advance"]`` (``to`` dropped: the caller knows the part of speech)."""
    first = _PARENTHESES.sub("", gloss.split(";")[0]).strip()
    items = []
    for item in first.split(","):
        item = item.strip()
        if item.startswith("to "):
            item = item[3:]
        if item and item not in items:
            items.append(item)
    return items


def senses(gloss: Gloss) -> list[str]:
    """A part's senses, notes dropped, at most ``MAX_PART_SENSES``: ``신장`` "growth, expansion (sales
    etc.); height (body); kidney" -> ``["growth, expansion", "height", "kidney"]``."""
    found: list[str] = []
    for sense in _PARENTHESES.sub("", gloss.text).split(";"):
        sense = sense.strip()
        if sense and sense not in found:
            found.append(sense)
    return found[:MAX_PART_SENSES] or [gloss.text]


def part_gloss(gloss: Gloss) -> str:
    """A part's English as shown in a composed gloss: all its senses, so that the learner, not the
    composer, picks the homonym (부재지주 is 부재 "absence" + 지주 "landowner", not "holding")."""
    return "; ".join(senses(gloss))


def shown_part(word: str, gloss: Gloss) -> str:
    """A part as shown in a composed gloss: the word and its senses; a composed part without English of
    its own shows its own parts (환경 environment + 문제 problem, issue; question + -성 -ness/-ity)."""
    if gloss.source == COMPOSED and "(" not in gloss.text:
        return gloss.text
    return f"{word} {part_gloss(gloss)}"


def has_several_senses(gloss: Gloss) -> bool:
    """Whether a part has several senses, which may be different words (공산 公算 "likelihood", 共産
    "communism"): English derived from the first, or the glossary's one hanja, would pick one."""
    return len(senses(gloss)) > 1


@lru_cache(maxsize=None)
def _english_pos(word: str) -> frozenset[str]:
    """The parts of speech (UPOS) lemminflect's lexicon knows ``word`` as its own lemma."""
    from lemminflect import getAllLemmas

    return frozenset(pos for pos, lemmas in getAllLemmas(word).items() if word in lemmas)


def _first_known(candidates: Iterable[str], pos: str) -> str | None:
    for candidate in candidates:
        if candidate not in FALSE_FRIENDS and pos in _english_pos(candidate):
            return candidate
    return None


# noun ending -> adjective endings to try, in order (geography -> geographical)
_ADJECTIVE_ENDINGS = (
    ("graphy", ("graphical", "graphic")), ("logy", ("logical",)), ("sophy", ("sophical",)),
    ("nomy", ("nomic", "nomical")), ("cracy", ("cratic",)), ("ciety", ("cial",)), ("ory", ("orical", "oretical")),
    ("ry", ("rical", "rial", "ric")), ("ics", ("ical", "ic")), ("ion", ("ional", "ive")), ("ure", ("ural",)),
    ("ment", ("mental",)), ("ism", ("istic",)), ("ience", ("ientific", "iential")), ("ence", ("ential",)),
    ("ance", ("ancial", "antial")), ("ic", ("ical",)), ("a", ("atic",)), ("gy", ("getic", "gic")),
    ("ect", ("ective",)), ("y", ("ic", "ical", "ial")), ("e", ("ic", "atic")),
)


def adjective_of(noun: str) -> str | None:
    """The English adjective of a noun (history -> historical), if the lexicon knows it; an
    adjective is itself."""
    if " " in noun:
        return None
    if "ADJ" in _english_pos(noun) and "NOUN" not in _english_pos(noun):
        return noun
    for ending, replacements in _ADJECTIVE_ENDINGS:
        if noun.endswith(ending):
            stem = noun[:-len(ending)]
            return _first_known((stem + r for r in replacements), "ADJ")
    return _first_known((noun + "ic", noun + "atic", noun + "ical", noun + "al", noun + "ual"), "ADJ")


def adverb_of(adjective: str) -> str | None:
    """quiet -> quietly, easy -> easily, basic -> basically, simple -> simply."""
    if " " in adjective or "ADJ" not in _english_pos(adjective):
        return None
    candidates = [adjective + "ly"]
    if adjective.endswith("y"):
        candidates.insert(0, adjective[:-1] + "ily")
    elif adjective.endswith("le"):
        candidates.insert(0, adjective[:-1] + "y")
    elif adjective.endswith("ic"):
        candidates.insert(0, adjective + "ally")
    elif adjective.endswith("ue"):
        candidates.insert(0, adjective[:-1] + "ly")
    return _first_known(candidates, "ADV")


def quality_of(adjective: str) -> str | None:
    """The English noun of a quality (diverse -> diversity, stable -> stability, kind -> kindness)."""
    if " " in adjective or "ADJ" not in _english_pos(adjective):
        return None
    stem = adjective
    candidates = [stem + "ity", stem + "ness"]
    for ending, replacement in (("able", "ability"), ("ible", "ibility"), ("ive", "ivity"), ("e", "ity"),
                                ("ent", "ence"), ("ant", "ance"), ("ous", "osity"), ("y", "iness")):
        if stem.endswith(ending):
            candidates.insert(0, stem[:-len(ending)] + replacement)
            break
    return _first_known(candidates, "NOUN")


def process_of(word: str) -> str | None:
    """The English noun of a process (modern -> modernization, global -> globalization)."""
    if " " in word:
        return None
    candidates = [word + "ization", word + "isation"]
    if word.endswith("e"):
        candidates.insert(0, word[:-1] + "ization")
    if word.endswith("y"):
        candidates.insert(0, word[:-1] + "ization")
    return _first_known(candidates, "NOUN")


def agent_of(verb: str) -> str | None:
    """The English noun of the one who does it (develop -> developer, invest -> investor)."""
    if " " in verb or "VERB" not in _english_pos(verb):
        return None
    candidates = [verb + "er", verb + "or"]
    if verb.endswith("e"):
        candidates[:0] = [verb + "r", verb[:-1] + "or"]
    if verb.endswith("ate"):
        candidates[:0] = [verb[:-3] + "ator", verb[:-3] + "ant"]
    return _first_known(candidates, "NOUN")


def participle_of(verb: str) -> str | None:
    """develop -> developed, build -> built, carry out -> carried out."""
    from lemminflect import getInflection

    head, _, rest = verb.partition(" ")
    if "VERB" not in _english_pos(head):
        return None
    inflected = getInflection(head, "VBN")
    if not inflected:
        return None
    return f"{inflected[0]} {rest}".strip()


def is_english_verb(item: str) -> bool:
    """Whether an English item is a verb or verb phrase (develop, carry out)."""
    return "VERB" in _english_pos(item.partition(" ")[0])


def is_english_adjective(item: str) -> bool:
    return " " not in item and "ADJ" in _english_pos(item)


class EnglishFacts(NamedTuple):
    """What composition needs to know of one English gloss item: the words derived from it and whether
    it is a verb or an adjective itself."""

    adjective: str | None = None
    adverb: str | None = None
    quality: str | None = None
    process: str | None = None
    agent: str | None = None
    participle: str | None = None
    verb: bool = False
    is_adjective: bool = False


def derive_english(item: str) -> EnglishFacts:
    """The facts of an item, from lemminflect's lexicon (about 0.4 s to load: see ``english_facts``)."""
    return EnglishFacts(adjective_of(item), adverb_of(item), quality_of(item), process_of(item), agent_of(item),
                        participle_of(item), is_english_verb(item), is_english_adjective(item))


def format_english_table(items: Iterable[str]) -> str:
    """``data/composition-english.tsv`` for these items (``tools/scripts/composition_english.py``)."""
    lines = ["# item\tadjective\tadverb\tquality\tprocess\tagent\tparticiple\tverb\tadjective itself",
             "# English facts of the built-in glossary's items, made with lemminflect by",
             "# tools/scripts/composition_english.py: a cache, so that composing needs no lexicon load"]
    for item in sorted(set(items)):
        facts = derive_english(item)
        cells = [value or "" for value in facts[:6]] + ["v" if facts.verb else "", "a" if facts.is_adjective else ""]
        lines.append("\t".join([item, *cells]).rstrip("\t"))
    return "\n".join(lines) + "\n"


def glossary_english_items(glosses: Iterable[Gloss]) -> set[str]:
    """Every English item of the glosses' first senses (of the built-in glossary's: what the shipped
    table covers)."""
    return {item for gloss in glosses for item in english_items(gloss.text)}


@lru_cache(maxsize=1)
def _english_table() -> dict[str, EnglishFacts]:
    text = resources.files("korpus").joinpath(ENGLISH_TABLE).read_text(encoding="utf-8")
    table = {}
    for line in text.split("\n"):
        if not line or line[0] == "#":
            continue
        fields = (line.split("\t") + [""] * 8)[:9]
        table[fields[0]] = EnglishFacts(*(value or None for value in fields[1:7]), fields[7] == "v", fields[8] == "a")
    return table


def english_facts(item: str) -> EnglishFacts:
    """The facts of an English item: from the shipped table for the built-in glossary's items (no
    lexicon to load), else derived with lemminflect once per process (a user's or a dictionary's gloss)."""
    return _english_table().get(item) or _derived_english(item)


@lru_cache(maxsize=None)
def _derived_english(item: str) -> EnglishFacts:
    return derive_english(item)


# --- Korean ----------------------------------------------------------------------------------------

def _derived(items: Iterable[str], kind: str, limit: int = 2) -> list[str]:
    """The English words of a kind (``EnglishFacts`` field) derived from ``items``, without repeats, at
    most ``limit``."""
    found: list[str] = []
    for item in items:
        word = getattr(english_facts(item), kind)
        if word and word not in found:
            found.append(word)
    return found[:limit]


def _with_parts(english: str | None, parts: str) -> str:
    return f"{english} ({parts})" if english else parts


def _template(part: Part, items: list[str]) -> str | None:
    if "{}" not in part.composes or not items:
        return None
    return part.composes.replace("{}", items[0])


class Composer:
    """Composed glosses of the words ``known`` (the glossaries' own lookup) lacks, memoised per
    (lemma, tag): a corpus asks for the same few thousand words over and over."""

    def __init__(self, known: KnownLookup, table: dict[tuple[str, str], Part] | None = None):
        self.known = known
        self.table = composition_table() if table is None else table
        self.memo: dict[tuple[str, str], Gloss | None] = {}
        by_length = sorted(self.table.values(), key=lambda p: -len(p.form))  # 당하다 before 하다
        self.suffixes = [p for p in by_length if p.kind == "noun"]
        self.verb_endings = [p for p in by_length if p.kind in ("verb", "adjective")]
        self.prefixes = {p.form: p for p in self.table.values() if p.kind == "prefix"}

    def compose(self, lemma: str, tag: str) -> Gloss | None:
        key = (lemma, tag)
        if key not in self.memo:
            self.memo[key] = self._compose(lemma, tag) if tag in COMPOSED_TAGS else None
        return self.memo[key]

    def _compose(self, lemma: str, tag: str) -> Gloss | None:
        if self.known(lemma, tag) is not None or not re.fullmatch(r"[가-힣]{2,}", lemma):
            return None
        if tag in ("NNG", "XR"):
            return self._noun(lemma)
        if tag == "VV":
            return self._verb(lemma, "verb")
        if tag == "VA":
            return self._verb(lemma, "adjective")
        return self._adverb(lemma)

    # nouns: suffix, prefix, compound

    def _noun(self, lemma: str) -> Gloss | None:
        if self._reads_two_ways(lemma):
            return None
        return (self._suffixed(lemma, self._noun_base) or self._prefixed(lemma) or self._compound(lemma)
                or self._suffixed(lemma, self._compound_base))

    def _reads_two_ways(self, lemma: str) -> bool:
        """A three-syllable noun that is a prefix + a glossed word and also a glossed word + a suffix,
        and which one Korean meant no rule can tell: 소극장 is 소- + 극장 "small theatre", not 소극
        "passivity" + -장; 모기업 is not 모기 "mosquito" + -업; 현대가 is not 현- + 대가 "price"."""
        return (len(lemma) == 3 and lemma[0] in PREFIX_SYLLABLES and self._noun_part(lemma[:2]) is not None
                and self._noun_part(lemma[1:]) is not None)

    def _base(self, word: str) -> Gloss | None:
        """A glossed noun (or root) of at least two syllables."""
        if len(word) < 2 or word in GRAMMAR_PARTS:
            return None
        return self.known(word, "NNG")

    def _noun_base(self, word: str) -> Gloss | None:
        """A glossed noun, root or name of at least two syllables, for a noun suffix: never an adverb's
        entry (손수권 is not 손수 "personally" + -권)."""
        if len(word) < 2 or word in GRAMMAR_PARTS:
            return None
        return self.known(word, "NNB") or self.known(word, "XR") or self.known(word, "NNP")

    def _noun_part(self, word: str) -> Gloss | None:
        """A glossed noun of at least two syllables, for a compound: a noun's entry (NNG or NNB) only,
        never an adverb's (아주머니 is not 아주 "very" + 머니)."""
        if len(word) < 2 or word in GRAMMAR_PARTS:
            return None
        return self.known(word, "NNB")

    def _compound_base(self, word: str) -> Gloss | None:
        return self._compound(word) if len(word) >= 4 else None

    def _suffixed(self, lemma: str, base_of: Callable[[str], Gloss | None]) -> Gloss | None:
        for part in self.suffixes:
            if not lemma.endswith(part.form):
                continue
            base_word = lemma[:-len(part.form)]
            if part.form in ENGLISH_AFTER_LOANWORD and not sino_possible(base_word):
                continue
            base = base_of(base_word)
            if base is not None:
                return self._suffix_gloss(base_word, base, part)
        return None

    def _suffix_gloss(self, base_word: str, base: Gloss, part: Part) -> Gloss:
        """The gloss of base + suffix, with English derived only from a base of one sense."""
        english = None
        if not has_several_senses(base):
            english = self._suffix_english(base_word, english_items(base.text), part)
        parts = f"{shown_part(base_word, base)} + -{part.form} {part.english}"
        hanja = base.hanja + part.hanja if base.hanja and part.hanja and not has_several_senses(base) else None
        return Gloss(_with_parts(english, parts), COMPOSED, hanja)

    def _suffix_english(self, base_word: str, items: list[str], part: Part) -> str | None:
        rule = part.composes
        if rule == "adjective":
            return ", ".join(_derived(items, "adjective")) or None
        if rule == "quality":
            return ", ".join(_derived(items, "quality")) or None
        if rule == "process":
            return ", ".join(_derived(items, "process")) or None
        if rule == "agent":
            return ", ".join(_derived(self._verbs_of(base_word, items), "agent")) or None
        return _template(part, items)

    def _prefixed(self, lemma: str) -> Gloss | None:
        """A Sino-Korean prefix before a Sino-Korean noun (one the glossary gives hanja): 비회원, 총인구.
        Before a native word the syllable is something else (비바람 "rain and wind", 신바람, 전나무)."""
        part = self.prefixes.get(lemma[0])
        rest = self._noun_part(lemma[1:]) if part else None
        if rest is None or not rest.hanja:
            return None
        english = None if has_several_senses(rest) else _template(part, english_items(rest.text))
        parts = f"{part.form}- {part.english} + {shown_part(lemma[1:], rest)}"
        hanja = part.hanja + rest.hanja if part.hanja and not has_several_senses(rest) else None
        return Gloss(_with_parts(english, parts), COMPOSED, hanja)

    def _compound(self, lemma: str) -> Gloss | None:
        """``lemma`` as glossed nouns of two or more syllables each: the split with the fewest
        parts, the longer first part first (longest match)."""
        for count in range(2, MAX_COMPOUND_PARTS + 1):
            split = self._split_into(lemma, count)
            if split:
                break
        else:
            return None
        glosses = [self._noun_part(word) for word in split]
        english, hanja = None, None
        if not any(has_several_senses(g) for g in glosses):
            english = " ".join(_ARTICLE.sub("", english_items(g.text)[0]) for g in glosses if english_items(g.text))
            hanja = "".join(g.hanja for g in glosses) if all(g.hanja for g in glosses) else None
        parts = " + ".join(shown_part(word, g) for word, g in zip(split, glosses))
        return Gloss(_with_parts(english, parts), COMPOSED, hanja)

    def _split_into(self, word: str, count: int) -> tuple[str, ...] | None:
        if count == 1:
            return (word,) if self._noun_part(word) is not None else None
        for end in range(len(word) - 2 * (count - 1), 1, -1):
            head = word[:end]
            if self._noun_part(head) is None:
                continue
            rest = self._split_into(word[end:], count - 1)
            if rest:
                return (head, *rest)
        return None

    # verbs and adjectives made of a noun: 개발되다, 공격당하다, 조용하다

    def _verb(self, lemma: str, kind: str) -> Gloss | None:
        for part in self.verb_endings:
            form = part.form
            if part.kind != kind or not lemma.endswith(form):
                continue
            base_word = lemma[:-len(form)]
            base = self._base(base_word)
            if base is None:
                continue
            items = english_items(base.text)
            english = self._verb_english(base_word, items, part)
            if english is None and part.composes in ("state", "action"):
                continue  # 하다 follows almost any noun: only a derived English word makes it a word
            parts = f"{shown_part(base_word, base)} + -{form} {part.english}"
            return Gloss(_with_parts(english, parts), COMPOSED, base.hanja)
        return None

    def _verbs_of(self, base_word: str, items: list[str]) -> list[str]:
        """English verbs of a Korean noun: those of its 하다 verb's gloss, else its own English words
        that are verbs too (attack)."""
        verb = self.known(base_word + "하다", "VV")
        candidates = english_items(verb.text) if verb is not None else items
        return [item for item in candidates if english_facts(item).verb and not item.startswith("be ")]

    def _verb_english(self, base_word: str, items: list[str], part: Part) -> str | None:
        rule = part.composes
        if rule == "state":
            adjectives = [item for item in items if english_facts(item).is_adjective]
            return ", ".join(adjectives[:2]) or None
        verbs = self._verbs_of(base_word, items)
        if rule == "passive":
            participles = _derived(verbs, "participle")
            return "to be " + ", ".join(participles) if participles else None
        if rule == "causative" and verbs:
            return f"to make … {verbs[0]}"
        if rule == "action" and verbs:
            return "to " + ", ".join(verbs[:2])
        return None

    # adverbs of 하다 adjectives: 조용히, 깨끗이

    def _adverb(self, lemma: str) -> Gloss | None:
        part = self.table.get((lemma[-1], "adverb"))
        if part is None:
            return None
        base_word = lemma[:-1] + "하다"
        base = self.known(base_word, "VA")
        if base is None or base.text.startswith("to "):  # a verb (공연하다 "to perform"), not 공연히's adjective
            return None
        adverbs = _derived(english_items(base.text), "adverb")
        parts = f"{shown_part(base_word, base)} + -{part.form} {part.english}"
        return Gloss(_with_parts(", ".join(adverbs) or None, parts), COMPOSED, base.hanja)
