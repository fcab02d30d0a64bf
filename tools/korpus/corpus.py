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

import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import replace
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
def atomic_replace(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` for the caller to write; when the block ends without
    an error it is synced and replaces ``path`` (readers see the old or the new file, never
    half of one), otherwise it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half."""
    with atomic_replace(path) as tmp:
        tmp.write_bytes(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def render_document(doc: Document) -> str:
    """The Markdown file of ``doc`` (front matter, then the body)."""
    meta: dict = {}
    for name in _FIELDS:
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
    """Read one corpus file back into a ``Document``; a malformed file names its problem."""
    if not text.startswith(FRONT + "\n"):
        raise CorpusError(f"{path}: does not start with '---' front matter; restore it from git or re-import")
    end = text.find(f"\n{FRONT}\n", len(FRONT))
    if end < 0:
        raise CorpusError(f"{path}: front matter is not closed with '---'")
    try:
        meta = yaml.load(text[len(FRONT) + 1:end], Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}: front matter must be a mapping of fields")
    for required in ("id", "lang", "title"):
        if not meta.get(required):
            raise CorpusError(f"{path}: front matter lacks '{required}'")
    unknown = set(meta) - set(_FIELDS)
    if unknown:
        raise CorpusError(f"{path}: unknown front matter fields {sorted(unknown)}")
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
    fields = {name: meta.get(name) for name in _FIELDS}
    for name in ("summary", "captions", "notes", "versions"):
        fields[name] = tuple(str(v) for v in (fields[name] or ()))
    for name in ("date",):
        if fields[name] is not None:
            fields[name] = str(fields[name])
    return Document(blocks=tuple(blocks), story=story, **fields)


class Corpus:
    """The documents under ``root``; loaded lazily, written atomically under a lock."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._docs: dict[str, Document] | None = None
        self._paths: dict[str, Path] = {}

    # -- reading -----------------------------------------------------------------
    def _load(self) -> dict[str, Document]:
        if self._docs is not None:
            return self._docs
        docs: dict[str, Document] = {}
        paths: dict[str, Path] = {}
        if self.root.exists():
            for path in sorted(self.root.glob("*/*.md")):
                story = path.parent.name
                try:
                    text = path.read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    raise CorpusError(f"{path}: is not UTF-8; corpus files are always UTF-8") from None
                doc = parse_document(text, path, story)
                if doc.id in docs:
                    raise CorpusError(f"{path}: id {doc.id!r} is also used by {paths[doc.id]}")
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
        self._docs, self._paths = docs, paths
        return docs

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
        return self.root / doc.story / f"{doc.lang}.md"

    def versions(self, doc: Document) -> list[Document]:
        return [self.get(i) for i in doc.versions]

    def english_version(self, doc: Document) -> Document | None:
        for other in self.versions(doc):
            if other.lang == "en":
                return other
        return None

    def find_by_hash(self, text_hash: str) -> Document | None:
        for doc in self._load().values():
            if content_hash(doc.text) == text_hash:
                return doc
        return None

    def story_dir(self, story: str) -> Path:
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
            self._docs = None
            yield self
        finally:
            lock.release()

    def write(self, docs: Iterable[Document]) -> list[Path]:
        """Write documents (call inside ``locked()``); returns the paths written."""
        docs = list(docs)
        members: dict[str, set[str]] = {}
        for other in list(self._load().values()) + docs:
            members.setdefault(other.story, set()).add(other.id)
        written = []
        for doc in docs:
            doc = replace(doc, versions=tuple(sorted(members[doc.story] - {doc.id})))
            if not _ID.match(doc.id):
                raise CorpusError(f"document id {doc.id!r} is not an ASCII slug")
            path = self.path_of(doc)
            data = render_document(doc)
            if not path.exists() or path.read_text(encoding="utf-8") != data:
                atomic_write_text(path, data)
                written.append(path)
        self._docs = None
        written += self._sync_versions()
        return written

    def _sync_versions(self) -> list[Path]:
        """Rewrite front matter whose ``versions`` no longer match the story folders."""
        written = []
        for doc in self._load().values():
            path = self._paths[doc.id]
            data = render_document(doc)
            if path.read_text(encoding="utf-8") != data:
                atomic_write_text(path, data)
                written.append(path)
        return written

    def move(self, doc: Document, story: str) -> Document:
        """Make ``doc`` a version of ``story`` (call inside ``locked()``); its id stays.

        Its derived files are deleted (``korpus build`` makes them again).
        """
        moved = replace(doc, story=story)
        target = self.path_of(moved)
        if target.exists():
            raise CorpusError(f"{target}: story {story!r} already has a {doc.lang!r} version")
        old_dir = self.story_dir(doc.story)
        atomic_write_text(target, render_document(moved))
        for path in [old_dir / f"{doc.lang}.md", *old_dir.glob(f"{doc.lang}.conllu"),
                     *old_dir.glob(f"{doc.lang}-*.align.tsv")]:
            if path.exists():
                path.unlink()
        if old_dir.exists() and not any(p for p in old_dir.iterdir() if not p.name.startswith(".")):
            for p in old_dir.iterdir():
                p.unlink()
            old_dir.rmdir()
        self._docs = None
        self._sync_versions()
        return moved

    def remove(self, doc: Document) -> None:
        path = self.path_of(doc)
        if path.exists():
            path.unlink()
        self._docs = None
        self._sync_versions()


def slugify_title(title: str, max_length: int = 48) -> str:
    """A stable ASCII slug for a title; Hangul is romanised (``마이아`` -> ``maia``)."""
    from slugify import slugify

    slug = slugify(title, max_length=max_length, word_boundary=True, lowercase=True)
    return slug or "article"
