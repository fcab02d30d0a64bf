"""Vocabulary entries: one per (lemma, part of speech) of the content words of the corpus.

Read from the stored annotations (no Kiwi).  Particles, endings, suffixes, numbers,
Latin-script words, symbols and bound nouns used grammatically (수, 것, 등) are never
entries; proper nouns are their own category, left out unless asked for.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, TextIO

from .corpus import Corpus
from .glossary import Glossary
from .hangul import PAREN_ENGLISH
from .model import Document, cycle_collector_paused
from .index import follows_name, is_entry_lemma  # noqa: F401 - the vocabulary's rules, used by reader and tests
from .tags import learner_pos



@dataclass
class VocabEntry:
    """One word to study.  ``pos`` is the entry's group (``tags.ENTRY_POS``: what ``--pos``
    filters on and deck GUIDs are made of); ``pos_name`` is what a learner reads."""

    lemma: str
    pos: str
    tag: str
    count: int = 0
    documents: dict[str, int] = field(default_factory=dict)
    first: tuple[str, str] | None = None  # (document id, sentence id)
    example: str | None = None
    example_word: str | None = None
    example_en: str | None = None
    example_doc: str | None = None
    gloss: str | None = None
    gloss_source: str | None = None
    hanja: str | None = None
    context_gloss: str | None = None
    first_position: tuple[int, int, int] = (0, 0, 0)  # (document order, sentence, word)
    example_grammar: tuple[str, ...] = ()  # grammar note ids of the example sentence's words
    example_after_name: bool = False  # the example word comes right after a name (이춘희 시장은)

    @property
    def pos_name(self) -> str:
        """The part of speech shown to a learner, as in the reader and ``show --gloss``."""
        return learner_pos(self.tag)


def collect_entries(corpus: Corpus, doc_ids: Iterable[str] | None = None,
                    glossary: Glossary | None = None) -> list[VocabEntry]:
    """Entries of the given Korean documents (default: all), with counts, examples and glosses.

    Each document is read through the corpus index (``index.py``): a summary of its lemmas,
    kept while its CoNLL-U file is unchanged, so thousands of articles are not parsed again.
    A word's first occurrence and tag are those of the first document using it, its example
    the best-scored sentence (the earlier document on a tie).
    """
    docs: list[Document] = [corpus.get(i) for i in doc_ids] if doc_ids else corpus.documents("ko")
    docs = [d for d in docs if d.lang == "ko"]
    glossary = glossary or Glossary.for_corpus(corpus.root)
    with cycle_collector_paused():
        entries = _glossed_entries(corpus, docs, glossary)
        entries.sort(key=lambda e: (-e.count, e.first_position))
    return entries


def _glossed_entries(corpus: Corpus, docs: list[Document], glossary: Glossary) -> list[VocabEntry]:
    """The entries of ``docs`` in the order they first occur, glossed (the documents' summaries
    are let go on return)."""
    from .index import Index

    tables = list(Index(corpus).lemma_tables(docs))
    entries = [_entry(key, use, tables) for key, use in _merged_uses(tables).items()]
    _add_context_glosses(entries, tables, glossary)
    for entry in entries:
        found = glossary.lookup(entry.lemma, entry.tag)
        if found is not None:
            entry.gloss, entry.gloss_source, entry.hanja = found.text, found.source, found.hanja
        elif entry.context_gloss:
            entry.gloss, entry.gloss_source = entry.context_gloss, "context"
    return entries


def _add_context_glosses(entries: list[VocabEntry], tables: list, glossary: Glossary) -> None:
    """Each entry's ``context_gloss``: from its first aligned occurrence that gives one."""
    by_key = {(entry.lemma, entry.pos): entry for entry in entries}
    for _, table in tables:
        details = table.details
        for aligned in details.aligned:
            entry = by_key[(aligned.lemma, aligned.pos)]
            if entry.context_gloss is None:
                known = glossary.gloss_text(aligned.lemma, aligned.tag)
                entry.context_gloss = context_gloss(aligned.lemma, aligned.form, details.sentences[aligned.sentence],
                                                    details.text_en[aligned.sentence], known)


@dataclass
class _Use:
    """A word's use across the documents merged so far: where it first occurs and where its best
    example is, as (document order, row of that document's ``LemmaTable``)."""

    count: int
    documents: dict[str, int]
    first: tuple[int, int]
    score: int
    example: tuple[int, int]


def _merged_uses(tables: list) -> dict[str, _Use]:
    """Every "lemma<TAB>entry group" of the documents with its ``_Use``, in the order the words
    first occur: one pass over plain columns, the hot loop of ``korpus vocab``."""
    uses: dict[str, _Use] = {}
    for order, (doc, table) in enumerate(tables):
        doc_id = doc.id
        for row, (key, count, score) in enumerate(zip(table.lemmas, table.counts, table.scores)):
            use = uses.get(key)
            if use is None:
                uses[key] = _Use(count, {doc_id: count}, (order, row), score, (order, row))
                continue
            use.count += count
            use.documents[doc_id] = count
            if score < use.score:
                use.score, use.example = score, (order, row)
    return uses


def _entry(key: str, use: _Use, tables: list) -> VocabEntry:
    """The entry of a merged word: its first occurrence and its example read off their documents."""
    lemma, pos = key.split("\t")
    order, row = use.first
    doc, first = tables[order]
    sentence, word = first.first_sentences[row], first.first_words[row]
    entry = VocabEntry(lemma, pos, first.tags[row], count=use.count, documents=use.documents,
                       first=(doc.id, first.details.sentence_ids[sentence]),
                       first_position=(order, sentence, word))
    order, row = use.example
    doc, example = tables[order]
    sentence, details = example.example_sentences[row], example.details
    entry.example, entry.example_word = details.sentences[sentence], example.forms[row]
    entry.example_after_name = bool(example.example_after_names[row])
    entry.example_en = details.text_en.get(sentence)
    entry.example_doc = doc.id
    entry.example_grammar = details.grammar_of(details.sentences.index(entry.example))  # its text's first sentence
    return entry


_EN_WORD = re.compile(r"[A-Za-z][A-Za-z-]{2,}")


def context_gloss(lemma: str, form: str | None, korean: str, english: str,
                  known_gloss: str | None = None) -> str | None:
    """The English a word stands for in an aligned sentence, read off the text itself.

    Either the English the Korean gives in parentheses right after the word
    (``대규모언어모델(LLM)``), or the English word of the original the Hangul word
    transliterates (``하이퍼스케일러`` -> ``hyperscalers``).  ``form`` is the word's surface
    when the lemma ends it (so the parentheses belong to it); a word that already has a
    dictionary gloss only takes an English word that its gloss agrees with.
    """
    if form and form + "(" in korean:  # else no pattern to compile (thousands of words per corpus)
        match = re.search(re.escape(form) + PAREN_ENGLISH, korean)
        if match:
            return match.group(1).strip()
    if len(lemma) < 2 or lemma.endswith("다"):  # one syllable, or a verb: no loanword to find
        return None
    known = known_gloss.lower() if known_gloss else None
    candidates = [(word, initial) for word, stem, initial in _english_words(english) if not known or stem in known]
    if not candidates:
        return None
    from .loanwords import is_loanword_match
    from .phonetic import ko_phonetic_key

    initial = ko_phonetic_key(lemma)[:1]
    for word, word_initial in candidates:
        if word_initial == initial and is_loanword_match(lemma, word):
            return word
    return None


@lru_cache(maxsize=4096)
def _english_words(english: str) -> tuple[tuple[str, str, str], ...]:
    """The words of an English sentence a loanword may stand for, each with its first five letters
    (lower case, without a plural s) and its phonetic initial: every word of an aligned sentence
    is tried against each of its Korean words."""
    from .phonetic import en_phonetic_key

    return tuple((word, word.lower().rstrip("s")[:5], en_phonetic_key(word.lower())[:1])
                 for word in _EN_WORD.findall(english))


@dataclass(frozen=True)
class EntryFilter:
    """Which entries a learner asked for, shared by ``korpus vocab`` and ``korpus deck``.

    ``top`` counts what is left after every other filter: ``--top 10 --known my.txt`` means
    the ten most frequent words not known yet, not the top ten minus the known ones."""

    min_count: int = 1
    pos: tuple[str, ...] = ()
    top: int | None = None
    include_proper_nouns: bool = False
    known: frozenset[str] = frozenset()
    without_gloss_only: bool = False
    glossed_only: bool = False  # decks: a word without a gloss makes a card without an answer


@dataclass
class Selection:
    """The entries kept, most frequent first, and how many known and unglossed words were left out."""

    entries: list[VocabEntry]
    skipped_known: int = 0
    skipped_unglossed: int = 0


def select_entries(entries: list[VocabEntry], wanted: EntryFilter) -> Selection:
    """Every filter in one place, ``top`` last (see ``EntryFilter``)."""
    kept, skipped_known, skipped_unglossed = [], 0, 0
    for entry in entries:
        if not _is_wanted(entry, wanted):
            continue
        if entry.lemma in wanted.known:
            skipped_known += 1
            continue
        if wanted.glossed_only and not entry.gloss:
            skipped_unglossed += 1
            continue
        kept.append(entry)
    return Selection(kept[:wanted.top] if wanted.top else kept, skipped_known, skipped_unglossed)


def _is_wanted(entry: VocabEntry, wanted: EntryFilter) -> bool:
    """Count, part of speech and gloss filters; proper nouns only when asked for by flag or ``--pos``."""
    if entry.count < wanted.min_count:
        return False
    if entry.pos == "proper noun" and not wanted.include_proper_nouns and "proper noun" not in wanted.pos:
        return False
    if wanted.pos and entry.pos not in wanted.pos:
        return False
    return not (wanted.without_gloss_only and entry.gloss)


def vocabulary(corpus: Corpus, doc_ids: Iterable[str] | None, wanted: EntryFilter) -> Selection:
    """The entries of the given Korean documents (default: all) that ``wanted`` selects."""
    return select_entries(collect_entries(corpus, doc_ids), wanted)


CSV_COLUMNS = ("lemma", "pos", "gloss", "gloss_source", "hanja", "count", "documents", "example", "example_en")


def entry_rows(entries: Iterable[VocabEntry]) -> list[dict]:
    """Entries as plain rows (what ``vocab --json`` prints): the learner's part-of-speech name,
    the documents sorted."""
    return [{"lemma": e.lemma, "pos": e.pos_name, "gloss": e.gloss, "count": e.count,
             "documents": sorted(e.documents), "example": e.example, "example_en": e.example_en,
             "gloss_source": e.gloss_source, "hanja": e.hanja} for e in entries]


def write_csv(rows: Iterable[dict], stream: TextIO) -> None:
    """Rows of ``entry_rows`` as CSV for spreadsheets: a header line, empty cells for missing
    values, the documents joined by spaces."""
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        cells = {**row, "documents": " ".join(row["documents"])}
        writer.writerow(["" if cells[column] is None else cells[column] for column in CSV_COLUMNS])


def gloss_coverage(entries: list[VocabEntry]) -> tuple[int, int]:
    """(tokens with a gloss, tokens) over non-proper-noun entries."""
    glossed = sum(e.count for e in entries if e.gloss and e.pos != "proper noun")
    total = sum(e.count for e in entries if e.pos != "proper noun")
    return glossed, total


_COLLOCATION = re.compile(r"\(([^():]*[가-힣][^():]*)[:：]")
NAME_PLACEHOLDER = "○○○"  # a name in a glossary collocation, as Korean dictionaries write it
_SENSE_WORD = re.compile(r"[A-Za-z]{3,}")
_NOT_A_SENSE_WORD = {"the", "and", "for", "with", "from", "into", "something", "someone", "one", "etc"}


def depends_on_sentence(gloss: str) -> bool:
    """Whether ``gloss_for_example`` may order this gloss's senses differently for a Korean
    sentence: only a gloss of several senses with a collocation note (see ``senses_for_example``;
    the aligned English sentence can reorder any gloss of several senses)."""
    return ";" in gloss and _COLLOCATION.search(gloss) is not None


def gloss_for_example(gloss: str | None, hanja: str | None, korean: str | None = None,
                      english: str | None = None, after_name: bool = False) -> tuple[str | None, str | None]:
    """A gloss with the sense of an example sentence first, and the hanja of that sense.

    A glossary line may give one hanja per sense, ``;``-separated like the senses (시각:
    "view, perspective; time" with "視角; 時刻"); otherwise its one hanja is that of its
    first sense, and it is left off when another sense comes first."""
    if not gloss:
        return gloss, hanja
    original = [sense.strip() for sense in gloss.split(";") if sense.strip()]
    senses = senses_for_example(gloss, korean, english, after_name)
    per_sense = [h.strip() for h in (hanja or "").split(";")]
    if len(original) > 1 and len(per_sense) == len(original):
        return "; ".join(senses), per_sense[original.index(senses[0])] or None
    if len(per_sense) > 1:  # per-sense hanja that does not line up with the senses: show none
        return "; ".join(senses), None
    return "; ".join(senses), hanja if senses[0] == original[0] else None


def senses_for_example(gloss: str, korean: str | None = None, english: str | None = None,
                       after_name: bool = False) -> list[str]:
    """The ``;``-separated senses of ``gloss``, the one that fits an example sentence first.

    A sense fits when a collocation its note gives (``time (현지 시각: local time)``) occurs in
    the Korean sentence, else when its English words occur in the aligned English sentence
    (the most of them wins); with neither, the glossary's order stands (first sense first).
    So the card for 시각 in "현지 시각" shows "time", not "view".  A collocation may start with
    ``○○○``, a name, as Korean dictionaries write it (``mayor (○○○ 시장: Mayor ○○○)``): it fits
    when the word comes right after a proper noun (``after_name``: 이춘희 시장 is a mayor).
    """
    senses = [sense.strip() for sense in gloss.split(";") if sense.strip()]
    if len(senses) < 2:
        return senses
    best = _sense_in_collocation(senses, korean or "", after_name) if korean or after_name else None
    if best is None and english:
        best = _sense_in_english(senses, english)
    return senses if not best else [senses[best]] + senses[:best] + senses[best + 1:]


def _sense_in_collocation(senses: list[str], korean: str, after_name: bool = False) -> int | None:
    for index, sense in enumerate(senses):
        for phrase in _COLLOCATION.findall(sense):
            if phrase.startswith(NAME_PLACEHOLDER):
                if after_name:
                    return index
                continue
            words = [word.lstrip("-") for word in phrase.split()]
            if len(words) > 1 and words[-1].endswith("다"):
                words = words[:-1]  # the verb is the entry itself, in any of its forms (한, 해, 했다)
            words = [word for word in words if not re.match(r"^[A-Z]", word)]  # N을: a placeholder
            stems = [word[:-1] if word.endswith("다") and len(word) > 1 else word for word in words if word]
            if stems and all(stem in korean for stem in stems):
                return index
    return None


def _sense_in_english(senses: list[str], english: str) -> int | None:
    """The sense with most words (compared on their first five letters) in the English sentence."""
    present = {word.lower()[:5] for word in _SENSE_WORD.findall(english)}
    scores = []
    for sense in senses:
        words = {w.lower()[:5] for w in _SENSE_WORD.findall(re.sub(r"\([^)]*\)", "", sense))} - _NOT_A_SENSE_WORD
        scores.append(len(words & present))
    top = max(scores)
    return scores.index(top) if top else None
