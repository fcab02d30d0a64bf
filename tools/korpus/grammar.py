"""Grammar notes for particles, endings and constructions.

The notes live in ``data/grammar.tsv``: one row per note with its ``id``, ``pattern``,
learner ``name``, ``meaning``, ``usage`` and ``example``.  A pattern is a sequence of
morpheme items ``FORMS/TAGS`` written the way Kiwi writes morphemes (``을|를/JKO``,
``ᆯ|을/ETM 수/NNB 있|없/VA|VV``): ``|`` separates alternatives, ``*`` as FORMS matches
any form, and an item ending in ``?`` is optional.  One-item patterns explain a single
particle or ending; longer ones are constructions, which may run over several words
(``제공할 수 있다``).

``explain_words`` takes one sentence as the morphemes of each of its words and returns,
for each word, the ids of the notes that apply to it.  Matching is a dictionary lookup on
each morpheme's (form, tag) followed by a check of the few constructions that start there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import product
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

from .errors import KorpusError
from .model import Morpheme
from .tags import KNOWN_TAGS

TABLE = "data/grammar.tsv"
COLUMNS = ("id", "pattern", "name", "meaning", "usage", "example")
ANY = "*"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PatternItem:
    """One morpheme of a pattern: the forms it may have (``None``: any) and its tags."""

    forms: tuple[str, ...] | None
    tags: tuple[str, ...]
    optional: bool = False

    def matches(self, form: str, tag: str) -> bool:
        return tag in self.tags and (self.forms is None or form in self.forms)

    def __str__(self) -> str:
        forms = ANY if self.forms is None else "|".join(self.forms)
        return f"{forms}/{'|'.join(self.tags)}{'?' if self.optional else ''}"


@dataclass(frozen=True)
class GrammarNote:
    id: str
    name: str
    meaning: str
    usage: str
    example: str
    pattern: tuple[PatternItem, ...]

    @property
    def is_construction(self) -> bool:
        """More than one morpheme (a construction), rather than a single particle or ending."""
        return len(self.pattern) > 1

    @property
    def pattern_text(self) -> str:
        return " ".join(str(item) for item in self.pattern)


# --------------------------------------------------------------------------- the table


def parse_pattern(text: str) -> tuple[PatternItem, ...]:
    """``"ᆯ|을/ETM 수/NNB 있|없/VA|VV"`` -> its items; ``ValueError`` saying what is wrong."""
    items = []
    for raw in text.split():
        optional = raw.endswith("?")
        body = raw[:-1] if optional else raw
        forms_text, slash, tags_text = body.rpartition("/")
        if not slash or not forms_text or not tags_text:
            raise ValueError(f"pattern item {raw!r} is not FORMS/TAGS (e.g. 을|를/JKO)")
        forms = forms_text.split("|")
        tags = tags_text.split("|")
        if any(not f for f in forms) or (ANY in forms and len(forms) > 1):
            raise ValueError(f"pattern item {raw!r} has an empty or mixed '*' form")
        unknown = [t for t in tags if t not in KNOWN_TAGS]
        if unknown:
            raise ValueError(f"pattern item {raw!r} has unknown tag(s) {', '.join(unknown)}")
        items.append(PatternItem(None if forms == [ANY] else tuple(forms), tuple(tags), optional))
    if not items:
        raise ValueError("the pattern is empty")
    if all(item.optional for item in items):
        raise ValueError("every item of the pattern is optional")
    return tuple(items)


def parse_grammar_table(text: str, source: str = TABLE) -> dict[str, GrammarNote]:
    """The notes of a grammar table, in table order; ``KorpusError`` naming the bad line."""
    notes: dict[str, GrammarNote] = {}
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"grammar table {source}, line {number}"
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != len(COLUMNS):
            raise KorpusError(
                f"{where}: expected {len(COLUMNS)} tab-separated columns ({', '.join(COLUMNS)}), "
                f"found {len(fields)}; fix the line or comment it out with '#'"
            )
        row = dict(zip(COLUMNS, fields))
        empty = [name for name in COLUMNS if not row[name]]
        if empty:
            raise KorpusError(f"{where}: empty column(s) {', '.join(empty)}")
        note_id = row["id"]
        if not _ID.match(note_id):
            raise KorpusError(f"{where}: note id {note_id!r} is not a slug (lowercase ASCII letters, digits, '-')")
        if note_id in notes:
            raise KorpusError(f"{where}: duplicate note id {note_id!r} (first on line {first_line[note_id]})")
        try:
            pattern = parse_pattern(row["pattern"])
        except ValueError as exc:
            raise KorpusError(f"{where} (note {note_id!r}): {exc}") from None
        notes[note_id] = GrammarNote(note_id, row["name"], row["meaning"], row["usage"], row["example"], pattern)
        first_line[note_id] = number
    return notes


@lru_cache(maxsize=1)
def grammar_notes() -> Mapping[str, GrammarNote]:
    """The notes of the package's ``data/grammar.tsv`` by id (read once)."""
    text = resources.files("korpus").joinpath(TABLE).read_text(encoding="utf-8")
    return MappingProxyType(parse_grammar_table(text))


class _LazyNotes(Mapping):
    """``GRAMMAR_NOTES``: reads the table on first use, so importing this module stays cheap."""

    def __getitem__(self, key: str) -> GrammarNote:
        return grammar_notes()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(grammar_notes())

    def __len__(self) -> int:
        return len(grammar_notes())

    def __repr__(self) -> str:
        return f"<GRAMMAR_NOTES: {len(self)} notes from korpus/{TABLE}>"


GRAMMAR_NOTES: Mapping[str, GrammarNote] = _LazyNotes()


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Variant:
    """One concrete reading of a note's pattern (optional items either present or not)."""

    note: str
    items: tuple[PatternItem, ...]
    specificity: int  # items with explicit forms: 이/VCP 자/EC beats 이/VCP */EC
    order: int  # the note's row in the table


class GrammarMatch(NamedTuple):
    """A note matched over morphemes ``start:end`` of a sentence (flat morpheme positions)."""

    note: str
    start: int
    end: int
    order: int


def _keys(item: PatternItem) -> Iterator[tuple[str | None, str]]:
    forms = (None,) if item.forms is None else item.forms
    return ((form, tag) for form in forms for tag in item.tags)


class GrammarMatcher:
    """Notes compiled for matching.

    Single-morpheme notes are indexed by (form, tag); constructions by the (form, tag) of
    their first two items (``None`` standing for a ``*`` form), so each morpheme costs a few
    dictionary lookups and only the constructions that already fit two morphemes are checked.
    """

    def __init__(self, notes: Mapping[str, GrammarNote]):
        self.notes = notes
        self._single: dict[tuple[str | None, str], list[tuple[str, int]]] = {}
        self._multi: dict[tuple, list[tuple[str, int, int, int, tuple]]] = {}
        for order, note in enumerate(notes.values()):
            for variant in self._variants(note, order):
                items = variant.items
                if len(items) == 1:
                    for key in _keys(items[0]):
                        self._single.setdefault(key, []).append((note.id, order))
                    continue
                rest = tuple((None if item.forms is None else frozenset(item.forms), frozenset(item.tags))
                             for item in items[2:])
                entry = (note.id, order, len(items), variant.specificity, rest)
                for first in _keys(items[0]):
                    for second in _keys(items[1]):
                        self._multi.setdefault(first + second, []).append(entry)
        # Which lookups can hit at all: most morphemes (nouns, verb stems) start nothing.
        self._single_any_tags = {tag for form, tag in self._single if form is None}
        self._first_tags = {key[1] for key in self._multi}
        self._first_any_tags = {key[1] for key in self._multi if key[0] is None}
        self._second_any_tags = {key[3] for key in self._multi if key[2] is None}

    @staticmethod
    def _variants(note: GrammarNote, order: int) -> list[_Variant]:
        optional = [i for i, item in enumerate(note.pattern) if item.optional]
        variants = []
        for keep in product((True, False), repeat=len(optional)):
            dropped = {i for i, k in zip(optional, keep) if not k}
            items = tuple(item for i, item in enumerate(note.pattern) if i not in dropped)
            if items:
                specificity = sum(item.forms is not None for item in items)
                variants.append(_Variant(note.id, items, specificity, order))
        return variants

    def matches(self, morphemes: Sequence[Morpheme]) -> list[GrammarMatch]:
        """The notes that apply to a sentence's morphemes (all its words, in order).

        Every single particle/ending note is kept.  Of the constructions, a note matched in
        several ways at one place keeps its longest reading; a match lying inside a longer
        construction match is dropped (``-는 것`` inside ``-는 것이다``); and of two over the
        same morphemes, the one with more fixed forms wins (``-이자`` over ``-이다``).
        """
        return [GrammarMatch(note, start, -negative_end, order)
                for start, negative_end, order, note in self._sorted_matches(morphemes)]

    def _sorted_matches(self, morphemes: Sequence[Morpheme]) -> list[tuple[int, int, int, str]]:
        """``matches`` as plain (start, -end, order, note id) tuples, which sort by themselves in
        the order ``matches`` gives (no key function, no object per match)."""
        single, multi = self._single, self._multi
        pairs = morphemes  # Morpheme is a (form, tag) tuple: it unpacks and hashes as one
        count = len(pairs)
        singles: list[tuple[int, int, int, str]] = []
        found: dict[tuple[str, int], tuple[int, int, int]] = {}  # (note, start) -> (end, specificity, order)
        single_any, first_tags = self._single_any_tags, self._first_tags
        first_any, second_any = self._first_any_tags, self._second_any_tags
        for start, (form, tag) in enumerate(pairs):
            firsts = ((form, tag), (None, tag)) if tag in first_any or tag in single_any else ((form, tag),)
            for key in firsts:
                for note_id, order in single.get(key, ()):
                    singles.append((start, -start - 1, order, note_id))
            if start + 1 == count or tag not in first_tags:
                continue
            form2, tag2 = pairs[start + 1]
            seconds = ((form2, tag2), (None, tag2)) if tag2 in second_any else ((form2, tag2),)
            for first in firsts:
                for second in seconds:
                    for note_id, order, length, specificity, rest in multi.get(first + second, ()):
                        end = start + length
                        if end > count:
                            continue
                        position = start + 2
                        for forms, tags in rest:
                            f, t = pairs[position]
                            if t not in tags or (forms is not None and f not in forms):
                                break
                            position += 1
                        else:
                            previous = found.get((note_id, start))
                            if previous is None or previous[0] < end:
                                found[(note_id, start)] = (end, specificity, order)
        if found:
            singles.extend(self._best_constructions(found))
        singles.sort()
        return singles

    @staticmethod
    def _best_constructions(found: dict[tuple[str, int], tuple[int, int, int]]) -> list[tuple[int, int, int, str]]:
        if len(found) < 2:
            return [(start, -end, order, note) for (note, start), (end, _, order) in found.items()]
        best_at: dict[tuple[int, int], int] = {}
        for (_, start), (end, specificity, _) in found.items():
            span = (start, end)
            best_at[span] = max(best_at.get(span, 0), specificity)
        spans = list(best_at)
        result = []
        for (note, start), (end, specificity, order) in found.items():
            if specificity < best_at[(start, end)]:
                continue
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
                continue
            result.append((start, -end, order, note))
        return result

    def explain_words(self, words: Sequence[Sequence[Morpheme]]) -> list[tuple[str, ...]]:
        flat: list[Morpheme] = []
        owner: list[int] = []
        for index, word in enumerate(words):
            flat.extend(word)
            owner.extend([index] * len(word))
        per_word: list[list[str]] = [[] for _ in words]
        for start, negative_end, _, note in self._sorted_matches(flat):
            for position in range(start, -negative_end):
                ids = per_word[owner[position]]
                if note not in ids:
                    ids.append(note)
        return [tuple(ids) for ids in per_word]

    def coverage(self, sentences: Iterable[Sequence[Sequence[Morpheme]]]) -> tuple[int, int]:
        explained = total = 0
        for words in sentences:
            flat = [morpheme for word in words for morpheme in word]
            covered = set()
            for match in self.matches(flat):
                covered.update(range(match.start, match.end))
            for position, morpheme in enumerate(flat):
                if morpheme.tag[:1] in ("J", "E"):
                    total += 1
                    explained += position in covered
        return explained, total


@lru_cache(maxsize=1)
def default_matcher() -> GrammarMatcher:
    return GrammarMatcher(grammar_notes())


def explain_words(words: Sequence[Sequence[Morpheme]]) -> list[tuple[str, ...]]:
    """For each word of one sentence (its morphemes), the ids of the notes that apply to it.

    Ids come in the order of the morphemes they start on, a construction before the single
    particles/endings inside it; a construction spanning words is given to each of them.
    """
    return default_matcher().explain_words(words)


def coverage(sentences: Iterable[Sequence[Sequence[Morpheme]]]) -> tuple[int, int]:
    """(explained, total) grammatical morphemes (tags J*, E*) over sentences of words."""
    return default_matcher().coverage(sentences)
