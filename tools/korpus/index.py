"""A disposable index of the derived files, so that reading thousands of articles is cheap.

``corpus/.korpus/index.sqlite3`` keeps, per document, a compact summary of what the
vocabulary needs from its CoNLL-U file (each lemma's count, first occurrence and best
example sentence, the grammar notes of its sentences, its aligned occurrences).  A summary is
trusted while the CoNLL-U file's size, modification time and key line are those it was made
from; otherwise it is made again from the file (no Kiwi).  The index is never hand-edited
and never committed: deleting it, or a damaged one, costs one slower run.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .corpus import INDEX_DIR, INDEX_FILE, Corpus
from .model import AnnotatedDocument, Document
from .store import code_hash, conllu_path, load_document
from .tags import ENTRY_POS

SUMMARY_CODE = ("index.py", "vocab.py", "tags.py", "conllu_io.py")
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
    best: tuple  # (example score, sentence index, word form): the document's best example


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
    found, aligned, grammar, content_words = _collect(annotated, text_en)
    occurrences = tuple(Occurrence(lemma, pos, tag, count, first, best)
                        for (lemma, pos), (tag, count, first, best) in found.items())
    return Summary(tuple(s.id for s in annotated.sentences), tuple(s.text for s in annotated.sentences),
                   dict(text_en), grammar, occurrences, tuple(Aligned(*a) for a in aligned), content_words)


def _collect(annotated: AnnotatedDocument, text_en: dict[int, str]) -> tuple[dict, list, tuple, int]:
    """The parts of a summary as plain values: per entry [tag, count, first, best], the aligned
    occurrences as tuples, the grammar note ids per sentence, the number of content words."""
    found: dict[tuple[str, str], list] = {}
    aligned: list[tuple] = []
    grammar = []
    content_words = 0
    entry_pos = _ENTRY_POS
    for s_index, sentence in enumerate(annotated.sentences):
        is_aligned = s_index in text_en
        score = example_score(sentence.text, is_aligned)
        ids: list[str] = []
        for w_index, word in enumerate(sentence.words):
            ids.extend(word.grammar)
            if not word.lexemes:
                continue
            content_words += 1
            for lex in word.lexemes:
                pos = entry_pos.get((lex.lemma, lex.tag), _UNSEEN)
                if pos is _UNSEEN:
                    pos = entry_pos[(lex.lemma, lex.tag)] = ENTRY_POS[lex.tag] if is_entry_lemma(lex.lemma, lex.tag) \
                        else None
                if pos is None:
                    continue
                key = (lex.lemma, pos)
                record = found.get(key)
                if record is None:
                    record = found[key] = [lex.tag, 0, (s_index, w_index), (score, s_index, word.form)]
                record[1] += 1
                if score < record[3][0]:
                    record[3] = (score, s_index, word.form)
                if is_aligned:
                    form = word.form if lex is word.lexemes[-1] else None
                    aligned.append((lex.lemma, pos, lex.tag, form, s_index))
        grammar.append(tuple(ids))
    return found, aligned, tuple(grammar), content_words


_UNSEEN = object()
# (lemma, tag) -> its entry group, or None for no entry (``is_entry_lemma``), filled as lemmas are
# met: a corpus has some tens of thousands of them, met millions of times.
_ENTRY_POS: dict[tuple[str, str], str | None] = {}


def summary_data(annotated: AnnotatedDocument, text_en: dict[int, str]) -> str:
    """``_encode(summarise(annotated, text_en))``, made without the summary's objects (the build
    writes one per document it analyses)."""
    found, aligned, grammar, content_words = _collect(annotated, text_en)
    return json.dumps([[s.id for s in annotated.sentences], [s.text for s in annotated.sentences],
                       sorted(text_en.items()), grammar,
                       [[lemma, pos, tag, count, first, best] for (lemma, pos), (tag, count, first, best) in found.items()],
                       aligned, content_words],
                      ensure_ascii=False, separators=(",", ":"))


def _encode(summary: Summary) -> str:
    return json.dumps([summary.sentence_ids, summary.sentences, sorted(summary.text_en.items()),
                       summary.grammar,
                       [[o.lemma, o.pos, o.tag, o.count, o.first, [list(o.best[0]), o.best[1], o.best[2]]]
                        for o in summary.occurrences],
                       [[a.lemma, a.pos, a.tag, a.form, a.sentence] for a in summary.aligned],
                       summary.content_words],
                      ensure_ascii=False, separators=(",", ":"))


def _decode(data: str) -> Summary:
    ids, sentences, text_en, grammar, occurrences, aligned, content_words = json.loads(data)
    return Summary(tuple(ids), tuple(sentences), {int(i): t for i, t in text_en},
                   tuple(tuple(g) for g in grammar),
                   tuple(Occurrence(l, p, t, c, tuple(f), (tuple(b[0]), b[1], b[2]))
                         for l, p, t, c, f, b in occurrences),
                   tuple(Aligned(*a) for a in aligned), content_words)


class Index:
    """The corpus's index; every failure to use it falls back to reading the files."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.path = corpus.root / INDEX_DIR / INDEX_FILE
        self.code = code_hash(*SUMMARY_CODE)

    def summaries(self, docs: list[Document]) -> Iterator[tuple[Document, Summary]]:
        """Each document with its summary, from the index when still valid."""
        db = self._open()
        stored: dict[str, tuple] = {}
        if db is not None:
            try:
                stored = {row[0]: row[1:] for row in db.execute(
                    "SELECT doc_id, stamp, code, data FROM summaries")}
            except sqlite3.Error:
                db, stored = self._reset(db), {}
        fresh = []
        try:
            for doc in docs:
                stamp = _stamp(conllu_path(self.corpus, doc))
                row = stored.get(doc.id)
                if row is not None and row[0] == stamp and row[1] == self.code:
                    yield doc, _decode(row[2])
                    continue
                loaded = load_document(self.corpus, doc)  # checks the checksum: damage is an error here
                summary = summarise(loaded.annotation, loaded.text_en)
                fresh.append((doc.id, stamp, self.code, _encode(summary)))
                yield doc, summary
        finally:
            if db is not None:
                self._save(db, "INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?)", fresh)

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
        return doc.id, _stamp(conllu_path(self.corpus, doc)), self.code, summary_data(annotated, text_en or {})

    def put(self, rows: list[tuple]) -> None:
        """Store rows made by ``summary_row``."""
        self._write("INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?)", rows)

    def forget(self, doc_ids: list[str]) -> None:
        """Drop the rows of documents that are gone (``korpus remove``)."""
        self._write("DELETE FROM summaries WHERE doc_id = ?", [(i,) for i in doc_ids])

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
            db.execute("CREATE TABLE IF NOT EXISTS summaries (doc_id TEXT PRIMARY KEY, stamp TEXT NOT NULL, "
                       "code TEXT NOT NULL, data TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, key TEXT NOT NULL, "
                       "stamp TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS document_words (doc_id TEXT PRIMARY KEY, data TEXT NOT NULL)")
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
