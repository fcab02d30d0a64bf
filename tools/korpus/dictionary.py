"""User dictionaries (``korpus dict add``): a local SQLite store of Korean-English entries.

Two formats are read:

- Yomitan dictionary zips (``index.json`` + ``term_bank_N.json``), the format learner
  dictionaries such as builds of the National Institute of Korean Language's learners'
  dictionary are distributed in.  Term rows are ``[term, reading, definitionTags, rules,
  score, glossary[], sequence, termTags]``; glossary items are strings or
  structured-content trees, flattened here to plain text.
- kengdic-style TSV: ``id, surface, hanja, gloss, level, created, source`` (a header
  line is optional).

An install is one transaction: a malformed file installs nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DictionaryError
from .textio import read_list_file

MAX_GLOSS_CHARS = 120


def default_store_path() -> Path:
    base = os.environ.get("KORPUS_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share", "korpus")
    return Path(base) / "dictionaries.sqlite3"


def store_key() -> str:
    """Changes whenever the installed dictionaries change."""
    path = default_store_path()
    if not path.exists():
        return "none"
    stat = path.stat()
    return f"{stat.st_mtime_ns}:{stat.st_size}"


@dataclass(frozen=True)
class DictionaryInfo:
    name: str
    format: str
    source: str
    entries: int


@dataclass(frozen=True)
class DictEntry:
    term: str
    gloss: str
    hanja: str | None = None
    pos: str | None = None


def flatten_structured(content) -> str:
    """Plain text of a Yomitan structured-content tree (strings, lists, {tag, content} nodes)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(flatten_structured(item) for item in content)
    if isinstance(content, dict):
        if content.get("type") == "image" or content.get("tag") in ("img", "rt", "rp"):
            return ""
        text = flatten_structured(content.get("content"))
        if content.get("tag") in ("li", "div", "p", "tr", "br"):
            return f"{text}; " if text else ""
        return text
    return ""


def _gloss_item(item) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        if item.get("type") == "text":
            return str(item.get("text", ""))
        if item.get("type") == "structured-content":
            return flatten_structured(item.get("content"))
    if isinstance(item, list):  # deinflection rows: [uninflected, [rules]]
        return ""
    return ""


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ;")
    text = re.sub(r"(;\s*)+", "; ", text)
    return text[:MAX_GLOSS_CHARS].rstrip(" ;,")


def read_yomitan(path: Path) -> tuple[str, list[DictEntry]]:
    """(title, entries) of a Yomitan zip; a clear error for anything malformed."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DictionaryError(f"{path}: not a Yomitan dictionary (not a zip archive: {exc})") from None
    with archive:
        names = archive.namelist()
        if "index.json" not in names:
            raise DictionaryError(f"{path}: not a Yomitan dictionary (no index.json in the archive)")
        try:
            index = json.loads(archive.read("index.json").decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise DictionaryError(f"{path}: index.json is not valid JSON: {exc}") from None
        if not isinstance(index, dict) or not index.get("title"):
            raise DictionaryError(f"{path}: index.json has no title")
        banks = sorted((n for n in names if re.fullmatch(r"term_bank_\d+\.json", n)),
                       key=lambda n: int(re.findall(r"\d+", n)[0]))
        if not banks:
            raise DictionaryError(f"{path}: no term_bank_N.json files: nothing to install")
        entries = []
        for bank in banks:
            try:
                rows = json.loads(archive.read(bank).decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise DictionaryError(f"{path}: {bank} is not valid JSON: {exc}") from None
            if not isinstance(rows, list):
                raise DictionaryError(f"{path}: {bank} must hold a list of term rows")
            for number, row in enumerate(rows, 1):
                if not isinstance(row, list) or len(row) < 6 or not isinstance(row[0], str) \
                        or not isinstance(row[5], list):
                    raise DictionaryError(f"{path}: {bank}, row {number}: expected "
                                          "[term, reading, definitionTags, rules, score, glossary[], ...]")
                gloss = _clean("; ".join(t for t in (_gloss_item(g).strip() for g in row[5]) if t))
                if gloss:
                    tags = row[2] if isinstance(row[2], str) else ""
                    entries.append(DictEntry(row[0].strip(), gloss, None, tags or None))
    return str(index["title"]), entries


def read_kengdic_tsv(path: Path) -> list[DictEntry]:
    """Entries of a kengdic-style TSV (id, surface, hanja, gloss, level, created, source)."""
    text = read_list_file(path)  # UTF-8, UTF-16 or CP949; a binary file is a clear error
    entries = []
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter="\t"), 1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and row[0].strip().lower() in ("id", "wordid", "#id"):
            continue
        if len(row) < 4:
            raise DictionaryError(f"{path}, line {number}: expected id, surface, hanja, gloss[, level, ...] "
                                  f"separated by tabs, got {len(row)} fields")
        surface, hanja, gloss = row[1].strip(), row[2].strip(), _clean(row[3])
        if not surface or not gloss:
            raise DictionaryError(f"{path}, line {number}: empty surface or gloss")
        entries.append(DictEntry(surface, gloss, hanja or None))
    if not entries:
        raise DictionaryError(f"{path}: no entries found")
    return entries


class DictionaryStore:
    """The SQLite store of installed dictionaries; earlier installs take precedence."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def default(cls) -> "DictionaryStore":
        return cls(default_store_path())

    def exists(self) -> bool:
        return self.path.exists()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        db.executescript("""
            CREATE TABLE IF NOT EXISTS dictionaries (
                rank INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL,
                format TEXT NOT NULL, source TEXT NOT NULL, entries INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS entries (
                dictionary TEXT NOT NULL, term TEXT NOT NULL, gloss TEXT NOT NULL, hanja TEXT, pos TEXT);
            CREATE INDEX IF NOT EXISTS entries_term ON entries (term);
        """)
        return db

    def add(self, path: Path, name: str | None = None) -> DictionaryInfo:
        path = Path(path)
        if not path.exists():
            raise DictionaryError(f"{path}: no such file")
        if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            title, entries = read_yomitan(path)
            fmt = "yomitan"
        elif path.suffix.lower() in (".tsv", ".txt", ".csv"):
            title, entries, fmt = path.stem, read_kengdic_tsv(path), "kengdic-tsv"
        else:
            raise DictionaryError(f"{path}: unknown dictionary format; give a Yomitan .zip or a kengdic .tsv")
        name = name or title
        db = self._connect()
        try:
            with db:
                if db.execute("SELECT 1 FROM dictionaries WHERE name = ?", (name,)).fetchone():
                    raise DictionaryError(f"a dictionary named {name!r} is installed already; "
                                          f"remove it first (korpus dict remove {name!r}) or use --name")
                db.execute("INSERT INTO dictionaries (name, format, source, entries) VALUES (?, ?, ?, ?)",
                           (name, fmt, str(path), len(entries)))
                db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
                               [(name, e.term, e.gloss, e.hanja, e.pos) for e in entries])
        finally:
            db.close()
        return DictionaryInfo(name, fmt, str(path), len(entries))

    def list(self) -> list[DictionaryInfo]:
        if not self.exists():
            return []
        db = self._connect()
        try:
            rows = db.execute("SELECT name, format, source, entries FROM dictionaries ORDER BY rank").fetchall()
        finally:
            db.close()
        return [DictionaryInfo(*row) for row in rows]

    def remove(self, name: str) -> None:
        db = self._connect() if self.exists() else None
        if db is None:
            raise DictionaryError(f"no dictionary named {name!r} is installed; `korpus dict list` shows them")
        try:
            with db:
                if not db.execute("SELECT 1 FROM dictionaries WHERE name = ?", (name,)).fetchone():
                    raise DictionaryError(f"no dictionary named {name!r} is installed; "
                                          "`korpus dict list` shows them")
                db.execute("DELETE FROM entries WHERE dictionary = ?", (name,))
                db.execute("DELETE FROM dictionaries WHERE name = ?", (name,))
        finally:
            db.close()

    def lookup(self, lemma: str):
        """The first installed dictionary's gloss for ``lemma``, as a glossary ``Gloss``."""
        from .glossary import Gloss

        if not hasattr(self, "_cache"):
            self._cache = {}
            db = self._connect()
            try:
                for term, gloss, hanja, dictionary in db.execute(
                        "SELECT e.term, e.gloss, e.hanja, e.dictionary FROM entries e "
                        "JOIN dictionaries d ON d.name = e.dictionary ORDER BY d.rank, e.rowid"):
                    self._cache.setdefault(term, Gloss(gloss, f"dictionary:{dictionary}", hanja))
            finally:
                db.close()
        return self._cache.get(lemma)
