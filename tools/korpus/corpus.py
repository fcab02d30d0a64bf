"""The corpus on disk: one folder per story, one Markdown file per language version.

    corpus/
      ms-ai-chips/
        ko.md          front matter (id, lang, title, source, ...) + body
        en.md
        ko.conllu      derived by `korpus build` (never hand-edited)
      glossary.tsv     the user's gloss overrides

Bodies are Markdown: ``## heading``, ``- item`` and plain paragraphs separated by
blank lines.  Every write is atomic (temporary file, then rename) and every change
happens under a lock file, so two korpus processes cannot corrupt the corpus.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from .errors import CorpusError, CorpusLockedError, UnknownDocumentError
from .model import Block, Document
from .textio import content_hash

FRONT = "---"
_FIELDS = ("id", "lang", "title", "section", "subtitle", "source", "url", "date", "author",
           "versions", "summary", "captions", "notes", "origin")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOCK_TIMEOUT = 30.0
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@contextmanager
def atomic_replace(path: Path, durable: bool = True) -> Iterator[Path]:
    """A temporary file beside ``path`` for the caller to write; when the block ends without
    an error it is synced and replaces ``path`` (readers see the old or the new file, never
    half of one), otherwise it is removed.  ``durable=False`` skips the sync, for files made
    again from the corpus whenever they are missing or not as written (the reader's pages):
    still never half a file for a reader, but after a power cut the new file may be empty."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        yield tmp
        if durable:
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half."""
    with atomic_replace(path, durable) as tmp:
        tmp.write_bytes(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str, durable: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), durable)


def render_document(doc: Document) -> str:
    """The Markdown file of ``doc`` (front matter, then the body)."""
    meta: dict = {}
    for name in _FIELDS:
        if name == "versions":  # read from the story folder when loaded; never stored
            continue
        value = getattr(doc, name)
        if value in (None, (), ""):
            continue
        meta[name] = list(value) if isinstance(value, tuple) else value
    front = yaml.dump(meta, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    body = "\n\n".join(_render_block(block) for block in doc.blocks)
    return f"{FRONT}\n{front}{FRONT}\n\n{body}\n"


def _render_block(block: Block) -> str:
    text = block.text
    if block.kind == "heading":
        return f"## {text}"
    if block.kind == "item":
        return f"- {text}"
    if re.match(r"^(?:#|- |\* |\+ |\d+\. |\\|>)", text):
        return "\\" + text
    return text


def parse_document(text: str, path: Path, story: str) -> Document:
    """Read one corpus file back into a ``Document``; a malformed file names its problem.

    Corpus files are shared through git and edited by hand, so nothing in them is
    trusted: the id, language and story must be plain slugs (they become file names),
    every field must have its type, and YAML aliases are refused (an alias bomb would
    make every command crawl).
    """
    if not text.startswith(FRONT + "\n"):
        raise CorpusError(f"{path}: does not start with '---' front matter; restore it from git or re-import")
    end = text.find(f"\n{FRONT}\n", len(FRONT))
    if end < 0:
        raise CorpusError(f"{path}: front matter is not closed with '---'")
    meta = _load_front_matter(text[len(FRONT) + 1:end], path)
    for required in ("id", "lang", "title"):
        if not meta.get(required):
            raise CorpusError(f"{path}: front matter lacks '{required}'")
    unknown = set(meta) - set(_FIELDS)
    if unknown:
        raise CorpusError(f"{path}: unknown front matter fields {sorted(unknown)}")
    fields = {name: _field(meta, name, path) for name in _FIELDS}
    check_id(fields["id"], path)
    if not _LANG.match(fields["lang"]):
        raise CorpusError(f"{path}: lang {fields['lang']!r} is not an ISO 639-1 code such as ko or en")
    if not _ID.match(story):
        raise CorpusError(f"{path}: the story folder name {story!r} must be a slug (a-z, 0-9 and -)")
    for name in fields["versions"]:
        check_id(name, path)
    blocks = []
    for chunk in re.split(r"\n\s*\n", text[end + len(FRONT) + 2:].strip()):
        chunk = " ".join(line.strip() for line in chunk.splitlines()).strip()
        if not chunk:
            continue
        if chunk.startswith("## "):
            blocks.append(Block("heading", chunk[3:].strip()))
        elif chunk.startswith("- "):
            blocks.append(Block("item", chunk[2:].strip()))
        elif chunk.startswith("\\"):
            blocks.append(Block("paragraph", chunk[1:]))
        else:
            blocks.append(Block("paragraph", chunk))
    return Document(blocks=tuple(blocks), story=story, **fields)


_LANG = re.compile(r"^[a-z]{2}$")
_LIST_FIELDS = ("summary", "captions", "notes", "versions")


def is_slug(text: str) -> bool:
    """Whether ``text`` is a plain slug (lower-case a-z, 0-9, single hyphens), whole: no path
    separator, never "." or ".." (what ids and story names must be)."""
    return bool(_ID.fullmatch(text))


def check_id(doc_id: object, path: Path | str = "document") -> str:
    """``doc_id`` if it is a plain slug (``ms-ai-chips-ko``); ids become file names."""
    if not isinstance(doc_id, str) or not _ID.match(doc_id):
        raise CorpusError(f"{path}: id {doc_id!r} is not a slug (lower-case a-z, 0-9 and single hyphens); "
                          "fix it in the front matter")
    return doc_id


def _load_front_matter(text: str, path: Path) -> dict:
    try:
        if "&" in text or "*" in text:  # an anchor or alias needs one of them
            for event in yaml.parse(text, Loader=_YAML_LOADER):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    raise CorpusError(f"{path}: front matter uses a YAML anchor or alias (&, *); "
                                      "write each value out")
        meta = yaml.load(text, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise CorpusError(f"{path}: front matter is not valid YAML: {reason}") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}: front matter must be a mapping of fields")
    return meta


def _field(meta: dict, name: str, path: Path):
    """The value of front-matter field ``name``, checked: text fields are strings (a date
    or a number is read as its text), list fields are lists of strings."""
    value = meta.get(name)
    if name in _LIST_FIELDS:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise CorpusError(f"{path}: '{name}' must be a list of texts")
        return tuple(str(v) for v in value)
    if value is None:
        return None
    if name == "date" and isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CorpusError(f"{path}: '{name}' must be a text, not {type(value).__name__}")
    return str(value)


class Corpus:
    """The documents under ``root``; loaded lazily, written atomically under a lock."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._docs: dict[str, Document] | None = None
        self._paths: dict[str, Path] = {}
        self._hashes: dict[str, str] | None = None
        self._unsaved: list[tuple[str, str, str]] = []  # parsed documents the index lacks
        self._listing: dict[str, list[str]] | None = None  # folder -> its names, while locked

    # -- reading -----------------------------------------------------------------
    def _load(self) -> dict[str, Document]:
        if self._docs is not None:
            return self._docs
        docs: dict[str, Document] = {}
        paths: dict[str, Path] = {}
        cache = _ParsedDocuments(self.root)
        for path in self.source_files():
            doc = cache.get(path)
            if doc is None:
                doc = cache.put(path, _read_document(path))
            if doc.id in docs:
                raise CorpusError(f"{path}: id {doc.id!r} is also used by {paths[doc.id]}; "
                                  "give one of them another id")
            if path.stem != doc.lang:
                raise CorpusError(f"{path}: file name should be {doc.lang}.md for lang {doc.lang!r}")
            docs[doc.id] = doc
            paths[doc.id] = path
        # versions are whatever shares the story folder
        by_story: dict[str, list[str]] = {}
        for doc in docs.values():
            by_story.setdefault(doc.story, []).append(doc.id)
        for doc_id, doc in list(docs.items()):
            others = tuple(sorted(i for i in by_story[doc.story] if i != doc_id))
            docs[doc_id] = replace(doc, versions=others)
        cache.save()
        self._unsaved = cache.fresh if cache.db is None else []
        self._docs, self._paths, self._hashes = docs, paths, None
        return docs

    def save_parsed(self) -> None:
        """Keep in the corpus index the documents a load parsed while there was no index yet
        (a cold build's planner reads the articles before the index is made), so that the
        next command need not parse them again."""
        if self._unsaved:
            cache = _ParsedDocuments(self.root)
            cache.fresh, self._unsaved = self._unsaved, []
            cache.save()

    def loaded(self) -> tuple[dict[str, Document], dict[str, Path]]:
        """The documents and their files, read (for ``adopt`` in another process)."""
        self._load()
        return dict(self._docs), dict(self._paths)

    def adopt(self, loaded: tuple[dict[str, Document], dict[str, Path]]) -> None:
        """Take the documents another process has just read from this corpus (``loaded``):
        a build's forked planner reads them while Kiwi loads in the build's own process."""
        docs, paths = loaded
        self._docs, self._paths, self._hashes = dict(docs), dict(paths), None

    def source_files(self) -> list[Path]:
        """The article files: ``<story>/<lang>.md``, without editors' lock, backup and swap
        files (``.#ko.md``, ``ko.md~``, ``.ko.md.swp``) or korpus's own temporary files."""
        if self._listing is not None:  # read when the lock was taken (see ``_clean_leftovers``)
            return sorted(self.root / folder / name for folder, names in self._listing.items()
                          if not folder.startswith(".") for name in names
                          if name.endswith(".md") and not name.startswith((".", "#")))
        if not self.root.is_dir():
            return []
        return [p for p in sorted(self.root.glob("*/*.md"))
                if not p.name.startswith((".", "#")) and not p.parent.name.startswith(".")]

    def documents(self, lang: str | None = None) -> list[Document]:
        docs = sorted(self._load().values(), key=lambda d: (d.story, d.lang != "ko", d.id))
        return [d for d in docs if lang is None or d.lang == lang]

    def ids(self) -> list[str]:
        return [d.id for d in self.documents()]

    def get(self, doc_id: str) -> Document:
        docs = self._load()
        if doc_id not in docs:
            hint = ", ".join(sorted(docs)[:5])
            raise UnknownDocumentError(
                f"no document with id {doc_id!r} in {self.root}; `korpus list` shows the ids"
                + (f" (e.g. {hint})" if hint else "")
            )
        return docs[doc_id]

    def path_of(self, doc: Document) -> Path:
        return self.story_dir(doc.story) / f"{doc.lang}.md"

    def versions(self, doc: Document) -> list[Document]:
        return [self.get(i) for i in doc.versions]

    def english_version(self, doc: Document) -> Document | None:
        for other in self.versions(doc):
            if other.lang == "en":
                return other
        return None

    def find_by_hash(self, text_hash: str) -> Document | None:
        """The document whose normalised text has ``text_hash`` (see ``textio.content_hash``);
        the hashes are computed once per load, so adding many files stays linear."""
        docs = self._load()
        if self._hashes is None:
            self._hashes = {content_hash(doc.text): doc.id for doc in docs.values()}
        found = self._hashes.get(text_hash)
        return docs[found] if found else None

    def story_dir(self, story: str) -> Path:
        """The folder of ``story``, refused unless it is a plain folder inside the corpus."""
        if not _ID.match(story):
            raise CorpusError(f"story name {story!r} is not a slug (lower-case a-z, 0-9 and single hyphens)")
        return self.root / story

    # -- writing -----------------------------------------------------------------
    @contextmanager
    def locked(self, timeout: float = LOCK_TIMEOUT) -> Iterator["Corpus"]:
        """Hold the corpus lock; re-read the corpus inside, since another process may have written."""
        from filelock import FileLock, Timeout

        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / ".lock"))
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise CorpusLockedError(
                f"{self.root}: another korpus command holds the corpus lock; wait for it to finish"
            ) from None
        try:
            self._docs = self._listing = None
            self._clean_leftovers()
            yield self
        finally:
            self._listing = None
            lock.release()

    def _clean_leftovers(self) -> None:
        """Remove what a killed korpus process left (call holding the lock, so no live
        writer owns them): its temporary files (``.<name>.<random>.tmp``, see
        ``atomic_replace``) and story folders that hold nothing else, so that a retried
        ``korpus add`` gets the id the interrupted one would have had.

        The folders' names are read once here and kept while the lock is held (``source_files``:
        the corpus's writers forget them when they add or remove an article)."""
        listing: dict[str, list[str]] = {}
        for folder in self.root.iterdir():
            if _is_leftover(folder.name):
                _remove(folder)
                continue
            try:
                names = os.listdir(folder)
            except OSError as exc:  # a file, a dangling or looping link, an unreadable folder: no story
                if exc.errno not in _NOT_A_FOLDER:
                    raise
                continue
            for name in filter(_is_leftover, names):
                _remove(folder / name)
            names = list(itertools.filterfalse(_is_leftover, names))
            if not names and _ID.match(folder.name):
                try:
                    folder.rmdir()
                    continue
                except OSError:
                    pass
            listing[folder.name] = names
        self._listing = listing

    def write(self, docs: Iterable[Document]) -> list[Path]:
        """Write documents (call inside ``locked()``); returns the paths written.  Only these
        documents' files are touched: which versions a story has is read from its folder,
        never stored in the other versions' files."""
        written = []
        for doc in docs:
            check_id(doc.id)
            if not _LANG.match(doc.lang):
                raise CorpusError(f"document {doc.id}: lang {doc.lang!r} is not an ISO 639-1 code")
            path = self.path_of(doc)
            data = render_document(doc)
            if not path.exists() or path.read_text(encoding="utf-8") != data:
                atomic_write_text(path, data)
                written.append(path)
        self._docs = self._listing = None
        return written

    def move(self, doc: Document, story: str) -> Document:
        """Make ``doc`` a version of ``story`` (call inside ``locked()``); its id stays.

        Its derived files, and the alignments of the versions it leaves, are deleted
        (``korpus build`` makes what is still needed again).
        """
        moved = replace(doc, story=story)
        target = self.path_of(moved)
        if target.exists():
            raise CorpusError(f"{target}: story {story!r} already has a {doc.lang!r} version")
        atomic_write_text(target, render_document(moved))
        self._delete_files(doc)
        return moved

    def remove(self, doc: Document) -> list[Path]:
        """Delete ``doc`` (call inside ``locked()``): its file, its derived files, and the
        alignments other versions of its story had with it; returns the files deleted."""
        return self._delete_files(doc)

    def _delete_files(self, doc: Document) -> list[Path]:
        folder = self.story_dir(doc.story)
        paths = [folder / f"{doc.lang}.md", folder / f"{doc.lang}.conllu",
                 *folder.glob(f"{doc.lang}-*.align.tsv"), *folder.glob(f"*-{doc.lang}.align.tsv")]
        deleted = [path for path in paths if path.exists()]
        for path in deleted:
            path.unlink()
        if folder.exists() and not any(p for p in folder.iterdir() if not p.name.startswith(".")):
            for p in folder.iterdir():
                p.unlink()
            folder.rmdir()
        self._docs = self._listing = None
        return deleted


def find_corpus(root: Path) -> Corpus:
    """The corpus at ``root``, refused when there is none: outside a project every command
    would otherwise work on nothing (an empty list, a 0-note deck) and say nothing.

    A corpus is a folder (``korpus init`` makes an empty one); a missing folder is no corpus,
    so ``korpus add`` never scatters a new ``corpus/`` wherever it happens to be run."""
    root = Path(root)
    shown = root if root.is_absolute() or str(root).startswith(".") else f"./{root}"
    if root.is_dir():
        return Corpus(root)
    if root.exists():
        raise CorpusError(f"{shown}: is a file, not a corpus folder; pass --corpus with the corpus folder")
    raise CorpusError(f"no corpus here (looked for {shown}); run `korpus init` or pass --corpus")


def init_corpus(root: Path) -> tuple[Corpus, bool]:
    """An empty corpus at ``root`` (the folder, and parents, made); the corpus and whether it
    was made now.  An existing folder is left as it is: init never overwrites a corpus."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise CorpusError(f"{root}: is a file; give `korpus init` a folder path")
    created = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    return Corpus(root), created


# What listing a corpus entry may meet that makes it no story folder (as ``Path.is_dir`` and
# globbing skip them); any other error (EIO...) is reported, not taken for an empty corpus.
_NOT_A_FOLDER = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP, errno.EACCES, errno.EPERM})


def _is_leftover(name: str) -> bool:
    """A temporary file of korpus's naming (``.<name>.<random or pid>.tmp``)."""
    return name.startswith(".") and name.endswith(".tmp")


def _remove(path: Path) -> None:
    """Unlink a leftover file; one that cannot be removed stays (it only costs a name)."""
    try:
        path.unlink()
    except OSError:
        pass


def _read_document(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: is not UTF-8; corpus files are always UTF-8") from None
    return parse_document(text, path, path.parent.name)


INDEX_DIR = ".korpus"  # korpus's disposable index inside a corpus (never committed)
INDEX_FILE = "index.sqlite3"


class _ParsedDocuments:
    """Documents parsed earlier, kept in the corpus index by file (path, size, modification
    time): loading a corpus of thousands of articles parses only the files that changed.
    Any trouble with the index (missing, damaged, read-only) only costs speed."""

    def __init__(self, root: Path):
        self.root = root
        self.rows: dict[str, tuple[str, str]] = {}
        self.fresh: list[tuple[str, str, str]] = []
        self.db = None
        path = root / INDEX_DIR / INDEX_FILE
        if not path.is_file():
            return
        import sqlite3

        try:
            self.db = sqlite3.connect(path, timeout=5)
            self.db.execute("CREATE TABLE IF NOT EXISTS documents (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, "
                            "data TEXT NOT NULL)")
            self.rows = {p: (stamp, data) for p, stamp, data in self.db.execute("SELECT * FROM documents")}
        except sqlite3.Error:
            self.db, self.rows = None, {}

    def get(self, path: Path) -> Document | None:
        row = self.rows.get(self._key(path))
        if row is None or row[0] != _file_stamp(path):
            return None
        import json

        fields = json.loads(row[1])
        blocks = tuple(Block(kind, text) for kind, text in fields.pop("blocks"))
        return Document(blocks=blocks, story=path.parent.name,
                        **{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})

    def put(self, path: Path, doc: Document) -> Document:
        import json

        fields = {name: getattr(doc, name) for name in _FIELDS}
        fields["blocks"] = [[b.kind, b.text] for b in doc.blocks]
        self.fresh.append((self._key(path), _file_stamp(path), json.dumps(fields, ensure_ascii=False)))
        return doc

    def save(self) -> None:
        if self.db is None:
            return
        import sqlite3

        try:
            if self.fresh:
                with self.db:
                    self.db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?)", self.fresh)
        except sqlite3.Error:
            pass
        finally:
            self.db.close()

    def _key(self, path: Path) -> str:
        return str(path.relative_to(self.root))


def _file_stamp(path: Path) -> str:
    """A file's size and modification time, and this module's own code (a document parsed by
    older checks is parsed again)."""
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}:{_code_stamp()}"


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    import hashlib

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def slugify_title(title: str, max_length: int = 48) -> str:
    """A stable ASCII slug for a title; Hangul is romanised (``마이아`` -> ``maia``)."""
    from slugify import slugify

    slug = slugify(title, max_length=max_length, word_boundary=True, lowercase=True)
    return slug or "article"
