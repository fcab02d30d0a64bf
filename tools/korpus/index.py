"""A disposable index of the derived files, so that reading thousands of articles is cheap.

``corpus/.korpus/index.sqlite3`` keeps, per document, a compact summary of what the
vocabulary needs from its CoNLL-U file (each lemma's count, first occurrence and best
example sentence, the grammar notes of its sentences, its aligned occurrences).  A summary is
trusted while the CoNLL-U file's size, modification time and key line are those it was made
from; otherwise it is made again from the file (no Kiwi).  The index is never hand-edited
and never committed: deleting it, or a damaged one, costs one slower run.

A summary is stored in columns so that merging thousands of them is cheap (``LemmaTable``):
the document's lemmas, their tags and example word forms as one line each, their numbers as
one array of integers, the sentences and the rest as JSON, read only for the documents that
need them.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from array import array
from contextlib import closing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from .corpus import INDEX_DIR, INDEX_FILE, Corpus
from .model import AnnotatedDocument, Document, Lexeme, Word
from .store import code_hash, conllu_path, load_document
from .tags import ENTRY_POS

SUMMARY_CODE = ("index.py", "tags.py", "conllu_io.py")
SUMMARY_COLUMNS = ("doc_id", "stamp", "code", "data", "lemmas", "tags", "forms", "numbers")
_HANGUL_WORD = re.compile(r"^[가-힣]+$")
_SENTENCE_END = re.compile(r"(?:[.?!]|[다요까죠][.?!]?)[\"'”’)]*$")


@dataclass(frozen=True)
class Occurrence:
    """A document's use of one vocabulary entry (lemma, entry group)."""

    lemma: str
    pos: str
    tag: str  # the tag of its first occurrence in the document
    count: int
    first: tuple[int, int]  # (sentence index, word index)
    best: tuple  # (example score, sentence index, word form, after a name): the document's best example


@dataclass(frozen=True)
class Aligned:
    """An occurrence in a sentence aligned with English (for glosses read off the original)."""

    lemma: str
    pos: str
    tag: str
    form: str | None  # the word's surface when the lemma ends it
    sentence: int


@dataclass(frozen=True)
class Summary:
    """What the vocabulary reads of one document."""

    sentence_ids: tuple[str, ...]
    sentences: tuple[str, ...]
    text_en: dict[int, str]
    grammar: tuple[tuple[str, ...], ...]  # per sentence, its words' grammar note ids in order
    occurrences: tuple[Occurrence, ...]
    aligned: tuple[Aligned, ...]
    content_words: int = 0  # words holding at least one content lemma


# one-syllable "nouns" that are almost always a particle, ending or suffix Kiwi mis-tagged, a piece of
# a split loanword (라마 -> 라+마), or a bound noun used grammatically (수, 것, 등)
_GRAMMAR_SYLLABLES = set("""은 는 이 가 을 를 의 에 도 만 와 과 로 들 적 하 되 었 았 지 어 아 고 다 요 께 서 며 면 게
                            기 음 임 수 것 등 데 바 뿐 줄 듯 인 료 라 마 리 틴 웃 드 업""".split())


def follows_name(previous: Word | None) -> bool:
    """Whether a word comes right after a name on its own (``이춘희 시장``, ``박 시장``): the
    place of a title, so a ``○○○`` collocation fits (``vocab.senses_for_example``)."""
    if not previous or not previous.space_after or not previous.morphemes:
        return False
    morphemes = previous.morphemes
    return morphemes[0].tag == "NNP" and all(m.tag == "NNP" for m in morphemes)


def is_entry_lemma(lemma: str, tag: str) -> bool:
    """Whether a lexeme is a word to study: Hangul content words only, never grammar."""
    if tag not in ENTRY_POS or not _HANGUL_WORD.match(lemma):
        return False
    if lemma in _GRAMMAR_SYLLABLES:
        return False
    if tag in ("VV", "VA") and len(lemma) < 2:
        return False
    return True


def example_score(text: str, aligned: bool) -> tuple:
    """Lower is better: complete, aligned, 20-90 characters, then shorter."""
    length = len(text)
    complete = bool(_SENTENCE_END.search(text))
    return (not complete, not aligned, not 20 <= length <= 90, abs(length - 50))


def summarise(annotated: AnnotatedDocument, text_en: dict[int, str]) -> Summary:
    """The summary of one annotated document (see ``Summary``)."""
    entries, aligned, grammar, content_words = _entries(annotated, text_en)
    occurrences = tuple(Occurrence(lemma, pos, tag, count, first, (_unpacked_score(packed), sentence, form, after))
                        for lemma, pos, tag, count, first, packed, sentence, form, after in entries)
    return Summary(tuple(s.id for s in annotated.sentences), tuple(s.text for s in annotated.sentences),
                   dict(text_en), grammar, occurrences, tuple(Aligned(*a) for a in aligned), content_words)


def _entries(annotated: AnnotatedDocument, text_en: dict[int, str]) -> tuple[list[tuple], list, tuple, int]:
    """The parts of a summary as plain values: per entry (lemma, entry group, tag, count, first
    (sentence, word), packed score of the best example, its sentence, its word form, whether
    that word follows a name), the aligned occurrences as tuples, the grammar note ids per
    sentence, the number of content words."""
    found, aligned, grammar, content_words = _records(annotated, text_en)
    sentences = annotated.sentences
    entries = []
    for (lemma, pos), (tag, count, first, packed, s_index, w_index) in found.items():
        words = sentences[s_index].words
        entries.append((lemma, pos, tag, count, first, packed, s_index, words[w_index].form,
                        w_index > 0 and follows_name(words[w_index - 1])))
    return entries, aligned, grammar, content_words


def _records(annotated: AnnotatedDocument, text_en: dict[int, str]) -> tuple[dict, list, tuple, int]:
    """``_entries``'s parts, with each entry's record as [tag, count, first, packed score of the
    best example, its sentence, its word]."""
    found: dict[tuple[str, str], list] = {}
    aligned: list[tuple] = []
    grammar = []
    content_words = 0
    word_entries = _WORD_ENTRIES
    for s_index, sentence in enumerate(annotated.sentences):
        is_aligned = s_index in text_en
        packed = _packed_score(example_score(sentence.text, is_aligned))
        ids: list[str] = []
        for w_index, word in enumerate(sentence.words):
            if word.grammar:
                ids.extend(word.grammar)
            lexemes = word.lexemes
            if not lexemes:
                continue
            content_words += 1
            kinds = word_entries.get(lexemes)
            if kinds is None:
                kinds = _word_entries(lexemes)
            for key, lex, last in kinds:
                record = found.get(key)
                if record is None:
                    found[key] = [lex.tag, 1, (s_index, w_index), packed, s_index, w_index]
                else:
                    record[1] += 1
                    if packed < record[3]:
                        record[3], record[4], record[5] = packed, s_index, w_index
                if is_aligned:
                    aligned.append((lex.lemma, key[1], lex.tag, word.form if last else None, s_index))
        grammar.append(tuple(ids))
    return found, aligned, tuple(grammar), content_words


def _entry_key(lex: Lexeme) -> tuple[str, str] | None:
    """(lemma, entry group) of a lexeme, or None when it is no word to study."""
    if not is_entry_lemma(lex.lemma, lex.tag):
        return None
    return lex.lemma, ENTRY_POS[lex.tag]


def _word_entries(lexemes: tuple[Lexeme, ...]) -> tuple[tuple[tuple[str, str], Lexeme, bool], ...]:
    """The entries of a word's lexemes: (entry, lexeme, whether it is the word's last lexeme)
    for each lexeme that is a word to study, kept per distinct tuple of lexemes."""
    last = len(lexemes) - 1
    kinds = tuple((key, lex, number == last) for number, lex in enumerate(lexemes)
                  if (key := _entry_key(lex)) is not None)
    if len(_WORD_ENTRIES) > 300_000:
        _WORD_ENTRIES.clear()
    _WORD_ENTRIES[lexemes] = kinds
    return kinds


# lexemes of a word -> their entries (``_word_entries``), filled as words are met: a corpus has
# some tens of thousands of them, met millions of times.
_WORD_ENTRIES: dict[tuple[Lexeme, ...], tuple] = {}


def summary_data(annotated: AnnotatedDocument, text_en: dict[int, str]) -> tuple[str, str, str, str, bytes]:
    """``_encode(summarise(annotated, text_en))``, made without the summary's objects (the build
    writes one per document it analyses)."""
    return _summary_and_figures(annotated, text_en)[0]


def _summary_and_figures(annotated: AnnotatedDocument, text_en: dict[int, str]) -> tuple[tuple, tuple]:
    """The stored columns of a document's summary, and its story figures (``Index.story_figures``)."""
    entries, aligned, grammar, content_words = _entries(annotated, text_en)
    sentences = annotated.sentences
    columns = _columns([s.id for s in sentences], [s.text for s in sentences], text_en, grammar, entries, aligned,
                       content_words)
    return columns, (content_words, len(sentences), lemma_counts(entries))


def _packed_score(score: tuple) -> int:
    """An ``example_score`` as one integer that orders the same way (its distance is far below 2**48)."""
    incomplete, unaligned, out_of_range, distance = score
    return (incomplete << 50) | (unaligned << 49) | (out_of_range << 48) | distance


def _unpacked_score(packed: int) -> tuple:
    return bool(packed >> 50 & 1), bool(packed >> 49 & 1), bool(packed >> 48 & 1), packed & ((1 << 48) - 1)


def _encode(summary: Summary) -> tuple[str, str, str, str, bytes]:
    """A summary as the stored columns ``data``, ``lemmas``, ``tags``, ``forms`` and ``numbers``
    (see ``LemmaTable``)."""
    entries = [(o.lemma, o.pos, o.tag, o.count, o.first, _packed_score(o.best[0]), *o.best[1:])
               for o in summary.occurrences]
    return _columns(summary.sentence_ids, summary.sentences, summary.text_en, summary.grammar, entries,
                    [(a.lemma, a.pos, a.tag, a.form, a.sentence) for a in summary.aligned], summary.content_words)


def _columns(sentence_ids, sentences, text_en: dict[int, str], grammar, entries: list[tuple],
             aligned: list[tuple], content_words: int) -> tuple[str, str, str, str, bytes]:
    """The stored columns of a summary's parts: lines joined by newlines, which a CoNLL-U field
    never holds.  ``entries`` as ``_entries`` gives them."""
    data = _details_json(sentence_ids, sentences, text_en, grammar, aligned, content_words)
    lemmas = "\n".join([f"{e[0]}\t{e[1]}" for e in entries])  # Hangul lemmas, fixed groups
    tags, forms = "\n".join([e[2] for e in entries]), "\n".join([e[7] for e in entries])
    positions = array("i", [e[3] for e in entries])
    positions.extend([e[4][0] for e in entries])
    positions.extend([e[4][1] for e in entries])
    positions.extend([e[6] for e in entries])
    positions.extend([int(e[8]) for e in entries])
    scores = array("q", [e[5] for e in entries])
    return data, lemmas, tags, forms, positions.tobytes() + scores.tobytes()


def _details_json(sentence_ids, sentences, text_en: dict[int, str], grammar, aligned: list[tuple],
                  content_words: int) -> str:
    """The ``data`` column: what ``Details`` holds, as JSON."""
    return json.dumps([list(sentence_ids), list(sentences), sorted(text_en.items()),
                       [",".join(ids) for ids in grammar],  # a note id never holds a comma (CoNLL-U)
                       [list(a) for a in aligned], content_words],
                      ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Details:
    """The part of a stored summary read only for the documents that need it (JSON)."""

    sentence_ids: list[str]
    sentences: list[str]
    text_en: dict[int, str]
    grammar: list[str]  # per sentence, its grammar note ids joined by commas
    aligned: list[Aligned]
    content_words: int

    def grammar_of(self, sentence: int) -> tuple[str, ...]:
        ids = self.grammar[sentence]
        return tuple(ids.split(",")) if ids else ()


class LemmaTable:
    """One document's summary as stored, in columns, so that the vocabulary merges thousands of
    them without making an object per occurrence: ``lemmas`` ("lemma<TAB>entry group", in the
    order they first occur) and, row by row with them, arrays of ``counts``,
    ``first_sentences``, ``first_words``, ``example_sentences``, ``example_after_names`` (1 when
    the example word follows a name: ``follows_name``) and ``scores``
    (``example_score`` packed in one integer, lower is better); their ``tags`` (of the first
    occurrence) and example word ``forms``, and the rest (``details``), on first use."""

    def __init__(self, data: str, lemmas: str, tags: str, forms: str, numbers: bytes):
        self.lemmas = lemmas.split("\n") if lemmas else []
        size = len(self.lemmas)
        positions, scores = array("i"), array("q")
        if len(numbers) != size * (5 * positions.itemsize + scores.itemsize):
            raise ValueError("a damaged summary")
        positions.frombytes(numbers[:5 * size * positions.itemsize])
        scores.frombytes(numbers[5 * size * positions.itemsize:])
        self.counts, self.first_sentences, self.first_words, self.example_sentences, self.example_after_names = (
            positions[i * size:(i + 1) * size] for i in range(5))
        self.scores = scores
        self._data, self._tags, self._forms = data, tags, forms

    @cached_property
    def tags(self) -> list[str]:
        return self._tags.split("\n") if self._tags else []

    @cached_property
    def forms(self) -> list[str]:
        return self._forms.split("\n") if self._forms else []  # a form is never empty ("_" at least)

    def check(self) -> None:
        """Raise ValueError unless the columns agree with one another (a damaged index row)."""
        details, size = self.details, len(self.lemmas)
        sentences = len(details.sentences)
        if len(self.tags) != size or len(self.forms) != size or len(details.sentence_ids) != sentences \
                or len(details.grammar) != sentences \
                or size and max(max(self.first_sentences), max(self.example_sentences)) >= sentences:
            raise ValueError("a damaged summary")

    @cached_property
    def details(self) -> Details:
        ids, sentences, text_en, grammar, aligned, content_words = json.loads(self._data)
        return Details(ids, sentences, {int(i): t for i, t in text_en}, grammar, [Aligned(*a) for a in aligned],
                       content_words)

    def summary(self) -> Summary:
        """The whole ``Summary`` (what the reader reads)."""
        details = self.details
        occurrences = tuple(
            Occurrence(*key.split("\t"), tag, count, (sentence, word),
                       (_unpacked_score(score), example, form, bool(after)))
            for key, tag, count, sentence, word, score, example, form, after in zip(
                self.lemmas, self.tags, self.counts, self.first_sentences, self.first_words, self.scores,
                self.example_sentences, self.forms, self.example_after_names))
        return Summary(tuple(details.sentence_ids), tuple(details.sentences), details.text_en,
                       tuple(details.grammar_of(i) for i in range(len(details.grammar))), occurrences,
                       tuple(details.aligned), details.content_words)


_SUMMARIES_TABLE = ("CREATE TABLE IF NOT EXISTS summaries (doc_id TEXT PRIMARY KEY, stamp TEXT NOT NULL, "
                    "code TEXT NOT NULL, data TEXT NOT NULL, lemmas TEXT NOT NULL, tags TEXT NOT NULL, "
                    "forms TEXT NOT NULL, numbers BLOB NOT NULL)")


def lemma_counts(occurrences: Iterable[tuple]) -> dict[str, int]:
    """Tokens per content lemma of a document (names left out: nobody studies them), from its
    occurrences as (lemma, entry group, tag, count, ...)."""
    counts: dict[str, int] = {}
    for occurrence in occurrences:
        if occurrence[1] != "proper noun" and occurrence[2] != "NNP":
            lemma = occurrence[0]
            counts[lemma] = counts.get(lemma, 0) + occurrence[3]
    return counts


class Index:
    """The corpus's index; every failure to use it falls back to reading the files."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.path = corpus.root / INDEX_DIR / INDEX_FILE
        self.code = f"{code_hash(*SUMMARY_CODE)}:{sys.byteorder}"  # the numbers are stored in the machine's order
        self._story_rows: list[tuple] = []  # made by ``summary_row``, stored by ``put``

    def summaries(self, docs: list[Document]) -> Iterator[tuple[Document, Summary]]:
        """Each document with its summary, from the index when still valid."""
        for doc, table in self.lemma_tables(docs):
            yield doc, table.summary()

    def lemma_tables(self, docs: list[Document]) -> Iterator[tuple[Document, LemmaTable]]:
        """Each document with its stored summary (``LemmaTable``), from the index when still valid."""
        db = self._open()
        stored: dict[str, tuple] = {}
        if db is not None:
            try:
                stored = {row[0]: row[1:] for row in db.execute(
                    "SELECT doc_id, stamp, code, data, lemmas, tags, forms, numbers FROM summaries")}
            except sqlite3.Error:
                db, stored = self._reset(db), {}
        fresh = []
        try:
            for doc in docs:
                stamp = _stamp(conllu_path(self.corpus, doc))
                row = stored.get(doc.id)
                table = _stored_table(row[2:]) if row is not None and row[0] == stamp and row[1] == self.code else None
                if table is not None:
                    yield doc, table
                    continue
                loaded = load_document(self.corpus, doc)  # checks the checksum: damage is an error here
                columns = summary_data(loaded.annotation, loaded.text_en)
                fresh.append((doc.id, stamp, self.code, *columns))
                yield doc, LemmaTable(*columns)
        finally:
            if db is not None:
                self._save(db, "INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?, ?, ?, ?, ?)", fresh)

    def story_figures(self, docs: list[Document]) -> dict[str, tuple[int, int, dict[str, int]]]:
        """Per document: (words holding a content lemma, sentences, tokens per content lemma
        with names left out) -- a row of the reader's index page.  Kept beside the summary,
        under the same stamp, so a reader run where nothing changed decodes no summary."""
        stored = {doc_id: (stamp, code, data) for doc_id, stamp, code, data in
                  self._read("SELECT doc_id, stamp, code, data FROM stories")}
        figures, missing, stamps = {}, [], {}
        for doc in docs:
            stamps[doc.id] = stamp = _stamp(conllu_path(self.corpus, doc))
            row = stored.get(doc.id)
            if row is not None and row[0] == stamp and row[1] == self.code:
                try:  # a damaged row is made again from the file, like a damaged summary
                    words, sentences, counts = json.loads(row[2])
                    if isinstance(words, int) and isinstance(sentences, int) and isinstance(counts, dict):
                        figures[doc.id] = (words, sentences, counts)
                        continue
                except (ValueError, TypeError):
                    pass
            missing.append(doc)
        fresh = []
        for doc, summary in self.summaries(missing):
            figures[doc.id] = (summary.content_words, len(summary.sentences),
                               lemma_counts((o.lemma, o.pos, o.tag, o.count) for o in summary.occurrences))
            fresh.append((doc.id, stamps[doc.id], self.code, json.dumps(figures[doc.id], ensure_ascii=False)))
        self._write("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?)", fresh)
        return figures

    def document_words(self) -> dict[str, list]:
        """Per document: [its file's stamp, the terms it glosses, the key of the user-word set,
        the user words occurring in it] (see ``build._DocumentWords``)."""
        try:
            return {doc_id: json.loads(data) for doc_id, data in self._read("SELECT * FROM document_words")}
        except ValueError:
            return {}

    def save_document_words(self, rows: dict[str, list]) -> None:
        self._write("INSERT OR REPLACE INTO document_words VALUES (?, ?)",
                    [(doc_id, json.dumps(row, ensure_ascii=False)) for doc_id, row in rows.items()])

    def verified_stamps(self) -> set[str]:
        """Stamps of derived files whose checksum held when they were summarised."""
        return {stamp for (stamp,) in self._read("SELECT stamp FROM summaries")}

    def summary_row(self, doc: Document, annotated: AnnotatedDocument, text_en: dict[int, str] | None) -> tuple:
        """The index row of a document whose CoNLL-U file was just written (the build has its
        annotation at hand, so the vocabulary never has to parse the file again)."""
        columns, figures = _summary_and_figures(annotated, text_en or {})
        stamp = _stamp(conllu_path(self.corpus, doc))
        self._story_rows.append((doc.id, stamp, self.code, json.dumps(figures, ensure_ascii=False)))
        return doc.id, stamp, self.code, *columns

    def put(self, rows: list[tuple]) -> None:
        """Store rows made by ``summary_row`` (and the story figures it made beside them)."""
        self._write("INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self._write("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?)", self._story_rows)
        self._story_rows = []

    def forget(self, doc_ids: list[str]) -> None:
        """Drop the rows of documents that are gone (``korpus remove``)."""
        self._write("DELETE FROM summaries WHERE doc_id = ?", [(i,) for i in doc_ids])
        self._write("DELETE FROM stories WHERE doc_id = ?", [(i,) for i in doc_ids])

    def page_keys(self) -> dict[str, tuple[str, str]]:
        """For every page the reader wrote: (the key of its inputs, the file's stamp)."""
        return {path: (key, stamp) for path, key, stamp in self._read("SELECT path, key, stamp FROM pages")}

    def save_page_keys(self, pages: dict[str, str]) -> None:
        """Remember the key each page was written from (path -> key), with its file's stamp."""
        self._write("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                    [(path, key, file_stamp(Path(path))) for path, key in pages.items()])

    def _read(self, query: str) -> list[tuple]:
        """The rows of ``query``; none when the index cannot be read (it only costs speed)."""
        db = self._open()
        if db is None:
            return []
        with closing(db):
            try:
                return db.execute(query).fetchall()
            except sqlite3.Error:
                return []

    def _write(self, statement: str, rows: list[tuple]) -> None:
        """``statement`` for each of ``rows``, in one transaction; a locked or read-only index
        only costs speed."""
        if not rows:
            return
        db = self._open()
        if db is not None:
            self._save(db, statement, rows)

    def _open(self, retry: bool = True) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5)
        except (sqlite3.Error, OSError):
            return None
        try:
            db.execute(_SUMMARIES_TABLE)
            if tuple(row[1] for row in db.execute("PRAGMA table_info(summaries)")) != SUMMARY_COLUMNS:
                db.execute("DROP TABLE summaries")  # an older korpus's: its rows are stale anyway
                db.execute(_SUMMARIES_TABLE)
            db.execute("CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, key TEXT NOT NULL, "
                       "stamp TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS document_words (doc_id TEXT PRIMARY KEY, data TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS stories (doc_id TEXT PRIMARY KEY, stamp TEXT NOT NULL, "
                       "code TEXT NOT NULL, data TEXT NOT NULL)")
            return db
        except sqlite3.Error:
            return self._reset(db) if retry else None

    def _reset(self, db: sqlite3.Connection) -> sqlite3.Connection | None:
        """A damaged index is thrown away and started again."""
        db.close()
        try:
            self.path.unlink()
        except OSError:
            return None
        return self._open(retry=False)

    def _save(self, db: sqlite3.Connection, statement: str, rows: list[tuple]) -> None:
        with closing(db):
            if not rows:
                return
            try:
                with db:
                    db.executemany(statement, rows)
            except sqlite3.Error:
                pass  # a locked or read-only index only costs speed


def _stored_table(columns: tuple) -> LemmaTable | None:
    """The stored columns as a ``LemmaTable``, decoded and checked now; None when they are
    damaged (the summary is made again from the file, never an error later)."""
    try:
        table = LemmaTable(*columns)
        table.check()
    except (ValueError, TypeError):
        return None
    return table


def file_stamp(path: Path) -> str:
    """Size and modification time of a file ("" when missing): a changed or deleted page is written again."""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def _stamp(path: Path) -> str:
    """What identifies a version of a derived file cheaply: size, modification time and key line."""
    try:
        stat = os.stat(path)
        with open(path, "rb") as handle:
            first = handle.readline(400)
    except OSError:
        return ""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{first.decode('utf-8', 'replace').strip()}"
