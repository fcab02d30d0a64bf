"""User dictionaries (``korpus dict add``): a local SQLite store of Korean-English entries.

Two formats are read:

- Yomitan dictionary zips (``index.json`` + ``term_bank_N.json``), the format learner
  dictionaries such as builds of the National Institute of Korean Language's learners'
  dictionary are distributed in.  Term rows are ``[term, reading, definitionTags, rules,
  score, glossary[], sequence, termTags]``; glossary items are strings or
  structured-content trees, flattened here to plain text.
- kengdic-style TSV: ``id, surface, hanja, gloss, level, created, source`` (a header
  line is optional).

An install is one transaction: a malformed file installs nothing.  A zip is read member by
member within size caps (a zip bomb is refused before it is unpacked), and the store is
checked before use: a damaged or foreign file is a clear error for ``korpus dict`` and is
ignored, with a warning, by the commands that only look glosses up.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import DictionaryError
from .model import Gloss
from .textio import read_list_file, require_regular_file

MAX_GLOSS_CHARS = 120
# Unpacked sizes a Yomitan zip may reach: real term banks are a few MB each, a whole
# dictionary a few hundred MB; a zip bomb (GBs of zeros in a few MB) stops at these.
MAX_MEMBER_BYTES = 200 * 1024 ** 2
MAX_ARCHIVE_BYTES = 1024 ** 3
# Nested lists and objects in one structured-content glossary item (real ones reach ~15);
# a deeper tree would exhaust Python's recursion.
MAX_CONTENT_DEPTH = 100
_READ_CHUNK = 1024 * 1024


def default_store_path() -> Path:
    base = os.environ.get("KORPUS_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share", "korpus")
    return Path(base) / "dictionaries.sqlite3"


def store_key() -> str:
    """Changes whenever the installed dictionaries change; never fails (see ``DictionaryStore.key``)."""
    return DictionaryStore.default().key()


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


def flatten_structured(content, depth: int = 0) -> str:
    """Plain text of a Yomitan structured-content tree (strings, lists, {tag, content} nodes);
    a tree nested deeper than ``MAX_CONTENT_DEPTH`` is a ``DictionaryError``."""
    if depth > MAX_CONTENT_DEPTH:
        raise DictionaryError(f"structured content nested more than {MAX_CONTENT_DEPTH} levels deep")
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(flatten_structured(item, depth + 1) for item in content)
    if isinstance(content, dict):
        if content.get("type") == "image" or content.get("tag") in ("img", "rt", "rp"):
            return ""
        text = flatten_structured(content.get("content"), depth + 1)
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


def _unsafe_member_name(name: str) -> bool:
    """A name that would leave the archive's folder if extracted: ``..``, absolute, a drive
    or a backslash (which some unzippers take for a separator)."""
    return ("\\" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name) is not None
            or ".." in name.split("/"))


def _megabytes(size: int) -> str:
    return f"{size / 1024 ** 2:,.0f} MB" if size >= 1024 ** 2 else f"{size:,} bytes"


class _YomitanArchive:
    """The members of a Yomitan zip, each unpacked in chunks within ``MAX_MEMBER_BYTES`` and,
    all together, ``MAX_ARCHIVE_BYTES``: the sizes the zip declares are checked first, and the
    bytes really unpacked are counted, since a zip may declare anything."""

    def __init__(self, path: Path, archive: zipfile.ZipFile):
        self.path = path
        self.archive = archive
        self.unpacked = 0
        for name in archive.namelist():
            if _unsafe_member_name(name):
                raise DictionaryError(f"{path}: unsafe member name {name!r} in the archive (a path outside "
                                      "the archive's folder); not a Yomitan dictionary korpus installs")

    def names(self) -> list[str]:
        return self.archive.namelist()

    def json(self, name: str):
        data = self._unpack(self.archive.getinfo(name))
        try:
            return json.loads(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise DictionaryError(f"{self.path}: {name} is not valid JSON: {exc}") from None
        except RecursionError:
            raise DictionaryError(f"{self.path}: {name} is nested too deeply to be read as JSON; "
                                  "not a Yomitan dictionary korpus installs") from None

    def _unpack(self, info: zipfile.ZipInfo) -> bytearray:
        limit = min(MAX_MEMBER_BYTES, MAX_ARCHIVE_BYTES - self.unpacked)
        self._refuse_if_over(info.filename, info.file_size, limit, "declares")
        data = bytearray()
        try:
            with self.archive.open(info) as member:
                while chunk := member.read(_READ_CHUNK):
                    data += chunk
                    self._refuse_if_over(info.filename, len(data), limit, "unpacks to more than")
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise DictionaryError(f"{self.path}: {info.filename} cannot be unpacked ({exc}); "
                                  "the archive is damaged or encrypted: download it again") from None
        self.unpacked += len(data)
        return data

    def _refuse_if_over(self, name: str, size: int, limit: int, verb: str) -> None:
        if size <= limit:
            return
        if size > MAX_MEMBER_BYTES:
            what = f"over the {_megabytes(MAX_MEMBER_BYTES)} limit for one member"
        else:
            what = f"the archive's members together exceed the {_megabytes(MAX_ARCHIVE_BYTES)} limit"
        raise DictionaryError(f"{self.path}: {name} {verb} {_megabytes(size)} unpacked, {what}; "
                              "refused as a possible zip bomb: nothing installed")


def _term_banks(names: list[str]) -> list[str]:
    banks = (n for n in names if re.fullmatch(r"term_bank_\d+\.json", n))
    return sorted(banks, key=lambda n: int(re.findall(r"\d+", n)[0]))


def read_yomitan(path: Path) -> tuple[str, list[DictEntry]]:
    """(title, entries) of a Yomitan zip; a clear error for anything malformed or oversized."""
    try:
        zipped = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DictionaryError(f"{path}: not a Yomitan dictionary (not a zip archive: {exc})") from None
    with zipped:
        archive = _YomitanArchive(path, zipped)
        if "index.json" not in archive.names():
            raise DictionaryError(f"{path}: not a Yomitan dictionary (no index.json in the archive)")
        index = archive.json("index.json")
        if not isinstance(index, dict) or not index.get("title"):
            raise DictionaryError(f"{path}: index.json has no title")
        banks = _term_banks(archive.names())
        if not banks:
            raise DictionaryError(f"{path}: no term_bank_N.json files: nothing to install")
        entries = []
        for bank in banks:
            rows = archive.json(bank)
            if not isinstance(rows, list):
                raise DictionaryError(f"{path}: {bank} must hold a list of term rows")
            for number, row in enumerate(rows, 1):
                try:
                    entry = _term_entry(row)
                except DictionaryError as exc:
                    raise DictionaryError(f"{path}: {bank}, row {number}: {exc}") from None
                if entry is not None:
                    entries.append(entry)
    return str(index["title"]), entries


def _term_entry(row) -> DictEntry | None:
    """The entry of one term-bank row, or None when it has no gloss text."""
    if not isinstance(row, list) or len(row) < 6 or not isinstance(row[0], str) or not isinstance(row[5], list):
        raise DictionaryError("expected [term, reading, definitionTags, rules, score, glossary[], ...]")
    gloss = _clean("; ".join(t for t in (_gloss_item(g).strip() for g in row[5]) if t))
    if not gloss:
        return None
    tags = row[2] if isinstance(row[2], str) else ""
    return DictEntry(row[0].strip(), gloss, None, tags or None)


def read_kengdic_tsv(path: Path) -> list[DictEntry]:
    """Entries of a kengdic-style TSV (id, surface, hanja, gloss, level, created, source)."""
    require_regular_file(path, DictionaryError, "give the kengdic .tsv file itself")
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


_STORE_SCHEMA = {
    "dictionaries": {"rank", "name", "format", "source", "entries"},
    "entries": {"dictionary", "term", "gloss", "hanja", "pos"},
}


class DictionaryStore:
    """The SQLite store of installed dictionaries; earlier installs take precedence.

    Before any use the store is checked: its folder must be a folder, the store a regular
    SQLite file holding korpus's two tables (or none yet).  Anything else is a
    ``DictionaryError`` naming the path; reading never creates the store or its folder."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def default(cls) -> "DictionaryStore":
        return cls(default_store_path())

    def _unusable(self, reason: str) -> DictionaryError:
        return DictionaryError(f"{self.path}: {reason}, so korpus cannot use it as its dictionary store; "
                               "move it away (the next `korpus dict add` starts a new store)")

    def _exists(self) -> bool:
        """Whether the store file exists; an error when its path cannot hold one."""
        try:
            mode = self.path.stat().st_mode
        except FileNotFoundError:
            return False
        except NotADirectoryError:
            raise DictionaryError(f"{self.path.parent}: not a folder, so the dictionary store cannot live in it; "
                                  "move that file away or set KORPUS_HOME to a folder") from None
        except OSError as exc:
            raise self._unusable(f"it cannot be read ({exc.strerror})") from None
        if stat.S_ISDIR(mode):
            raise self._unusable("it is a folder")
        if not stat.S_ISREG(mode):
            raise self._unusable("it is not a regular file")
        return True

    def _open(self, writable: bool) -> sqlite3.Connection | None:
        """A checked connection; None when reading a store that does not exist or is empty."""
        if not self._exists():
            if not writable:
                return None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DictionaryError(f"{self.path.parent}: cannot create the dictionary store's folder "
                                      f"({exc.strerror}); set KORPUS_HOME to a writable folder") from None
        db = None
        try:
            if writable:
                db = sqlite3.connect(self.path)
            else:
                db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True)
            if not self._has_korpus_tables(db):
                if not writable:
                    db.close()
                    return None
                db.executescript("""
                    CREATE TABLE dictionaries (
                        rank INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL,
                        format TEXT NOT NULL, source TEXT NOT NULL, entries INTEGER NOT NULL);
                    CREATE TABLE entries (
                        dictionary TEXT NOT NULL, term TEXT NOT NULL, gloss TEXT NOT NULL, hanja TEXT, pos TEXT);
                    CREATE INDEX entries_term ON entries (term);
                """)
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            raise self._unusable(f"SQLite cannot read it ({exc})") from None
        except DictionaryError:
            db.close()
            raise
        return db

    def _has_korpus_tables(self, db: sqlite3.Connection) -> bool:
        """True for korpus's schema, False for an empty database, an error for anything else."""
        tables = [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        if not tables:
            return False
        columns = {t: {c for (c,) in db.execute("SELECT name FROM pragma_table_info(?)", (t,))} for t in tables}
        if set(tables) != set(_STORE_SCHEMA) or any(not _STORE_SCHEMA[t] <= columns[t] for t in tables):
            raise self._unusable(f"it holds the tables {', '.join(tables)}, not korpus's "
                                 "(a foreign or damaged database)")
        return True

    def key(self) -> str:
        """"none" when no usable store is installed (the glosses are then those of no store, so an
        unusable one changes nothing), else a key that changes whenever the store changes."""
        try:
            db = self._open(writable=False)
            if db is None:
                return "none"
            db.close()
            status = self.path.stat()
        except (DictionaryError, OSError):
            return "none"
        return f"{status.st_mtime_ns}:{status.st_size}"

    def _failed(self, exc: sqlite3.Error) -> DictionaryError:
        return DictionaryError(f"{self.path}: the dictionary store failed ({exc}); nothing was changed")

    def add(self, path: Path, name: str | None = None) -> DictionaryInfo:
        path = Path(path)
        if not path.exists():
            raise DictionaryError(f"{path}: no such file")
        require_regular_file(path, DictionaryError, "give the dictionary's .zip or .tsv file itself")
        if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            title, entries = read_yomitan(path)
            fmt = "yomitan"
        elif path.suffix.lower() in (".tsv", ".txt", ".csv"):
            title, entries, fmt = path.stem, read_kengdic_tsv(path), "kengdic-tsv"
        else:
            raise DictionaryError(f"{path}: unknown dictionary format; give a Yomitan .zip or a kengdic .tsv")
        name = name or title
        db = self._open(writable=True)
        try:
            with db:
                if db.execute("SELECT 1 FROM dictionaries WHERE name = ?", (name,)).fetchone():
                    raise DictionaryError(f"a dictionary named {name!r} is installed already; "
                                          f"remove it first (korpus dict remove {name!r}) or use --name")
                db.execute("INSERT INTO dictionaries (name, format, source, entries) VALUES (?, ?, ?, ?)",
                           (name, fmt, str(path), len(entries)))
                db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
                               [(name, e.term, e.gloss, e.hanja, e.pos) for e in entries])
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        finally:
            db.close()
        return DictionaryInfo(name, fmt, str(path), len(entries))

    def list(self) -> list[DictionaryInfo]:
        db = self._open(writable=False)
        if db is None:
            return []
        try:
            rows = db.execute("SELECT name, format, source, entries FROM dictionaries ORDER BY rank").fetchall()
        except sqlite3.Error as exc:
            raise self._unusable(f"SQLite cannot read it ({exc})") from None
        finally:
            db.close()
        return [DictionaryInfo(*row) for row in rows]

    def remove(self, name: str) -> None:
        if name not in {info.name for info in self.list()}:
            raise DictionaryError(f"no dictionary named {name!r} is installed; `korpus dict list` shows them")
        db = self._open(writable=True)
        try:
            with db:
                db.execute("DELETE FROM entries WHERE dictionary = ?", (name,))
                db.execute("DELETE FROM dictionaries WHERE name = ?", (name,))
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        finally:
            db.close()

    def glosses(self) -> dict[str, Gloss]:
        """Each installed term's gloss, from the first dictionary that has it.  Read-only: a
        missing store is no glosses, and is not created."""
        db = self._open(writable=False)
        if db is None:
            return {}
        found: dict[str, Gloss] = {}
        try:
            for term, gloss, hanja, dictionary in db.execute(
                    "SELECT e.term, e.gloss, e.hanja, e.dictionary FROM entries e "
                    "JOIN dictionaries d ON d.name = e.dictionary ORDER BY d.rank, e.rowid"):
                found.setdefault(term, Gloss(gloss, f"dictionary:{dictionary}", hanja))
        except sqlite3.Error as exc:
            raise self._unusable(f"SQLite cannot read it ({exc})") from None
        finally:
            db.close()
        return found
