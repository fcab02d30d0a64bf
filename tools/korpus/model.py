"""Plain data types passed between the pipeline stages.

Every stage takes and returns these immutable types (frozen dataclasses, and NamedTuples
for the many small ones); objects of outside libraries (Kiwi tokens, genanki notes...)
never leave the module that uses them.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, NamedTuple

BLOCK_KINDS = ("heading", "paragraph", "item")


@dataclass(frozen=True)
class Block:
    """One unit of an article body: a heading, a paragraph or a list item."""

    kind: str
    text: str

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}; expected one of {BLOCK_KINDS}")


@dataclass(frozen=True)
class Document:
    """One language version of one article.

    ``story`` groups the versions of the same article (a Korean adaptation and its
    English original, or the French and Indonesian reports of the same news).
    ``versions`` lists the ids of the other documents of the story.
    """

    id: str
    lang: str
    title: str
    blocks: tuple[Block, ...]
    story: str
    source: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    section: str | None = None
    subtitle: str | None = None
    summary: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()
    origin: str | None = None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Texts of the blocks to study (headings, paragraphs and items, in order)."""
        return tuple(block.text for block in self.blocks)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


class Morpheme(NamedTuple):
    """One morpheme as Kiwi analysed it: ``공개하``/``VV`` (base Sejong tag, ``-I`` dropped)."""

    form: str
    tag: str


class Lexeme(NamedTuple):
    """A content word inside a Korean word: its dictionary form and learner part of speech.

    ``공개했다`` holds one lexeme: lemma ``공개하다``, pos ``verb``, tag ``VV``, form ``공개하``.
    """

    lemma: str
    pos: str
    tag: str
    form: str


class Word(NamedTuple):
    """One token of a sentence: a Korean word (어절, punctuation split off) or an English word.

    A NamedTuple, like ``Morpheme`` and ``Lexeme``, because a build makes one per token:
    it is several times cheaper to create than a frozen dataclass.
    """

    form: str
    morphemes: tuple[Morpheme, ...] = ()
    lexemes: tuple[Lexeme, ...] = ()
    pos: str = ""
    grammar: tuple[str, ...] = ()
    space_after: bool = True

    @property
    def lemmas(self) -> tuple[str, ...]:
        return tuple(lex.lemma for lex in self.lexemes)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its id in the document (``s12``), text, block index and words."""

    id: str
    text: str
    block: int
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class AnnotatedDocument:
    doc_id: str
    lang: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Link:
    """An alignment link: Korean sentence indices to English sentence indices.

    One side may be empty: a sentence with no counterpart (1-0 or 0-1).
    """

    ko: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0


class Gloss(NamedTuple):
    """An English gloss of a Korean lemma and where it comes from."""

    text: str
    source: str  # "user", "dictionary:<name>", "built-in"
    hanja: str | None = None


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while these types are made by the hundred thousand (a
    build's words and lemmas, a corpus's merged entries and their notes): they hold no reference
    cycles, and the collector's passes over the growing heap cost a fifth of such a run.
    Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
