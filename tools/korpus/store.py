"""The derived files of the corpus: where they are, what they were made from, and reading them.

Beside each article ``corpus/<story>/<lang>.md`` korpus keeps

- ``<lang>.conllu``: its sentences, words, morphemes, lemmas and grammar note ids (no
  glosses: those are joined when read, so editing a glossary never re-analyses anything);
- ``ko-en.align.tsv``: for a Korean article with an English version, the sentence links.

Each starts with a key line, ``# korpus_key = analysis=… grammar=… aligned=… sha256:…``: one
key per layer of derived data, each a hash of only what that layer reads (see ``build``),
and a checksum of the rest of the file, so that a truncated, edited or foreign file is
noticed.  This module owns those files; the stages (vocab, deck, reader, export) read them
through it and never import ``build``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .conllu_io import parse_conllu, split_checked
from .corpus import Corpus
from .errors import CorpusError
from .model import AnnotatedDocument, Document, Link


def conllu_path(corpus: Corpus, doc: Document) -> Path:
    return corpus.story_dir(doc.story) / f"{doc.lang}.conllu"


def alignment_path(corpus: Corpus, doc: Document) -> Path:
    return corpus.story_dir(doc.story) / f"{doc.lang}-en.align.tsv"


# -- keys ----------------------------------------------------------------------------------------
def digest(*parts: str) -> str:
    """A short hash of ``parts`` (each separated, so ("ab", "c") != ("a", "bc"))."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()[:20]


@lru_cache(maxsize=None)
def code_hash(*names: str) -> str:
    """A hash of korpus's own files ``names`` (modules, folders of modules, data files): a
    layer's key includes the code and data that make it, so changing them redoes exactly
    the layers they belong to, without a hand-bumped version number."""
    root = resources.files("korpus")
    hasher = hashlib.sha256()
    for name in names:
        item = root.joinpath(name)
        files = sorted((f for f in item.iterdir() if f.name.endswith((".py", ".tsv"))), key=lambda f: f.name) \
            if item.is_dir() else [item]
        for file in files:
            hasher.update(file.name.encode("utf-8"))
            hasher.update(file.read_bytes())
    return hasher.hexdigest()[:20]


def format_key(parts: dict[str, str]) -> str:
    return " ".join(f"{name}={value}" for name, value in parts.items())


def parse_key(key: str | None) -> dict[str, str]:
    """The layer keys of a key line (empty for a missing, damaged or older file)."""
    if not key:
        return {}
    parts = {}
    for item in key.split():
        name, sep, value = item.partition("=")
        if not sep:
            return {}
        parts[name] = value
    return parts


def stored_keys(path: Path) -> dict[str, str]:
    """The layer keys of the derived file ``path``; empty when missing, damaged or foreign."""
    from .conllu_io import read_key

    return parse_key(read_key(path))


# -- writing ----------------------------------------------------------------------------------------
def write_derived(path: Path, text: str) -> None:
    """Write a derived file as ``corpus.atomic_write_text`` does (a temporary file beside it,
    then a rename: readers see the old file or the new one, never half of one), but without
    an fsync per file, which cost a cold build of 2,000 articles about five seconds of waiting.

    A derived file needs no more: every reader checks its checksum and a build remakes a
    damaged one.  ``sync_derived`` flushes them all at once before the index records them.
    """
    data = text.encode("utf-8")
    name = path.parent / f".{path.name}.{os.getpid()}.tmp"  # (the corpus lock keeps other builds out)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        try:
            fd = os.open(name, flags, 0o666)  # the mode the umask allows, as for any new file
        except FileExistsError:  # left by a killed build whose process id this one has now
            os.unlink(name)
            fd = os.open(name, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(name, path)
    except BaseException:
        try:
            os.unlink(name)
        except OSError:
            pass
        raise


def sync_derived() -> None:
    """Flush the files ``write_derived`` wrote to disk, in one call (``os.sync``; tens of
    milliseconds where 2,000 fsyncs take seconds), so that the corpus index never vouches for a
    file a crash could still lose."""
    os.sync()


# -- reading ----------------------------------------------------------------------------------------
def read_derived(path: Path, doc: Document) -> str:
    """The body of a derived file of ``doc`` (without its key line), refused when missing
    or damaged."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise CorpusError(f"{doc.id} is not annotated yet ({path} missing); run `korpus build`") from None
    except UnicodeDecodeError:
        text = ""
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror}); run `korpus build`") from None
    checked = split_checked(text)
    if checked is None:
        raise CorpusError(f"{path}: damaged or not written by korpus (its checksum does not match); "
                          "run `korpus build`")
    return checked[1]


def _parse(path: Path, doc: Document, words: dict | None = None) -> tuple[AnnotatedDocument, dict[int, str]]:
    body = read_derived(path, doc)
    try:
        return parse_conllu(body, doc.lang, words)
    except Exception as exc:  # the checksum held, so this is a korpus bug or a foreign file
        raise CorpusError(f"{path}: cannot be parsed ({type(exc).__name__}: {exc}); "
                          "run `korpus build --force`") from None


@dataclass(frozen=True)
class StoredDocument:
    """What the build stored for one document: its annotation, the aligned English of its
    sentences (index -> text) and its links with the English version."""

    annotation: AnnotatedDocument
    text_en: dict[int, str]
    links: tuple[Link, ...]


def load_document(corpus: Corpus, doc: Document, words: dict | None = None) -> StoredDocument:
    """Annotation, aligned English and links of ``doc``, each file read once (``words``: the
    ``Word`` of each token line already read, shared across documents; see ``parse_conllu``)."""
    annotation, text_en = _parse(conllu_path(corpus, doc), doc, words)
    aligned = doc.lang == "ko" and corpus.english_version(doc) is not None
    links = tuple(load_alignment(corpus, doc)) if aligned else ()
    return StoredDocument(annotation, text_en if aligned else {}, links)


def load_annotation(corpus: Corpus, doc: Document) -> AnnotatedDocument:
    """The stored annotation of ``doc`` (run ``korpus build`` first)."""
    return _parse(conllu_path(corpus, doc), doc)[0]


def load_text_en(corpus: Corpus, doc: Document) -> dict[int, str]:
    """Aligned English per sentence index (empty for a document without an English version)."""
    if doc.lang != "ko" or corpus.english_version(doc) is None:
        return {}
    return _parse(conllu_path(corpus, doc), doc)[1]


def load_alignment(corpus: Corpus, doc: Document) -> list[Link]:
    """The stored links of ``doc`` with its English version (empty when it has none)."""
    if doc.lang != "ko" or corpus.english_version(doc) is None:
        return []
    path = alignment_path(corpus, doc)
    return parse_links_file(read_derived(path, doc), path)


def parse_links_file(body: str, path: Path) -> list[Link]:
    links = []
    for number, line in enumerate(body.splitlines(), 2):
        if not line or line.startswith("#"):
            continue
        try:
            ko, en, score = (line.split("\t") + ["", "", "0"])[:3]
            links.append(Link(tuple(int(i) for i in ko.split(",") if i),
                              tuple(int(i) for i in en.split(",") if i), float(score or 0)))
        except ValueError:
            raise CorpusError(f"{path}, line {number}: not a link; run `korpus build --force`") from None
    return links
