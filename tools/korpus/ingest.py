"""``korpus add``: turn a file the user brings (text, Markdown or HTML) into a Document."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .corpus import Corpus, slugify_title
from .errors import CorpusError, InputError
from .model import Block, Document
from .pagetext import is_boilerplate, is_bullet, lines_to_blocks
from .textio import (DEFAULT_MAX_BYTES, LANG_NAMES, clean_line, content_hash, detect_language,
                     has_hangul, read_text_file)

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class AddOptions:
    lang: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    pair_with: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Added:
    """What ``add_file`` did: the document written, the encoding read, or the duplicate found."""

    path: Path
    encoding: str
    document: Document | None = None
    duplicate_of: str | None = None


def read_article(path: Path, options: AddOptions) -> tuple[Document, str]:
    """Parse ``path`` into a Document (not yet in any corpus) and the encoding it was read with."""
    path = Path(path)
    decoded = read_text_file(path, options.max_bytes)
    text = decoded.text
    is_html = path.suffix.lower() in HTML_SUFFIXES or re.match(r"\s*<(?:!doctype html|html)", text, re.I)
    if is_html:
        title, blocks, meta = _parse_html(text, path)
    elif path.suffix.lower() in MARKDOWN_SUFFIXES:
        title, blocks, meta = _parse_markdown(text)
    else:
        title, blocks, meta = _parse_plain_text(text)
    title = options.title or title
    if not blocks:
        raise InputError(f"{path}: no article text found (only a title or page furniture)")
    if not title:
        raise InputError(f"{path}: no title found; give one with --title")
    body = "\n".join(b.text for b in blocks)
    lang = options.lang or detect_language(body)
    if lang is None:
        raise InputError(f"{path}: cannot tell the language of the text; give it with --lang (e.g. --lang en)")
    if lang == "ko" and not has_hangul(body):
        raise InputError(f"{path}: --lang ko was given but the text holds no Korean (Hangul)")
    if options.date and not _DATE.match(options.date):
        raise InputError(f"{path}: --date must be YYYY-MM-DD, got {options.date!r}")
    doc = Document(
        id="pending",
        lang=lang,
        title=title,
        blocks=tuple(blocks),
        story="pending",
        url=options.url or meta.get("url"),
        date=options.date or meta.get("date"),
        author=meta.get("author"),
        source=meta.get("source"),
        origin=f"added:{path.name}",
    )
    return doc, decoded.encoding


def add_files(corpus: Corpus, paths: list[Path], options: AddOptions) -> list[Added]:
    """Add articles to ``corpus``.

    Every file is read and checked before anything is written, so one bad file leaves
    the corpus unchanged.  A text already in the corpus is a no-op, reported.
    """
    parsed = [(Path(path), *read_article(path, options)) for path in paths]
    with corpus.locked():
        plan: list[Added] = []
        seen: dict[str, str] = {}
        partner = corpus.get(options.pair_with) if options.pair_with else None
        langs_taken = {d.lang: d.id for d in corpus.documents() if partner and d.story == partner.story}
        for path, doc, encoding in parsed:
            text_hash = content_hash(doc.text)
            existing = corpus.find_by_hash(text_hash)
            if existing is not None or text_hash in seen:
                plan.append(Added(path, encoding, duplicate_of=existing.id if existing else seen[text_hash]))
                continue
            if partner is not None:
                if doc.lang in langs_taken:
                    raise CorpusError(
                        f"{path}: story {partner.story!r} already has a {LANG_NAMES.get(doc.lang, doc.lang)} "
                        f"version ({langs_taken[doc.lang]}); pair with another document or remove that one first")
                story = partner.story
            else:
                story = _free_story_slug(corpus, slugify_title(doc.title), {a.document.story for a in plan if a.document})
            doc = replace(doc, id=f"{story}-{doc.lang}", story=story)
            langs_taken[doc.lang] = doc.id
            seen[text_hash] = doc.id
            plan.append(Added(path, encoding, document=doc))
        corpus.write([a.document for a in plan if a.document is not None])
        return [replace(a, document=corpus.get(a.document.id)) if a.document else a for a in plan]


def _free_story_slug(corpus: Corpus, base: str, planned: set[str]) -> str:
    taken = {d.story for d in corpus.documents()} | {p.name for p in corpus.root.iterdir() if p.is_dir()} | planned
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _parse_plain_text(text: str) -> tuple[str | None, list[Block], dict]:
    """Plain text: paragraphs are lines, or blank-line separated groups of wrapped lines."""
    groups = [g for g in re.split(r"\n\s*\n", text) if g.strip()]
    wrapped = sum(1 for g in groups if len(g.strip().splitlines()) > 1) > len(groups) / 2
    lines: list[str] = []
    for group in groups:
        group_lines = [line for line in group.splitlines() if line.strip()]
        if wrapped and not all(is_bullet(line) for line in group_lines):
            lines.append(" ".join(clean_line(line) for line in group_lines))
        else:
            lines.extend(group_lines)
    title = None
    while lines and is_boilerplate(lines[0]):
        lines.pop(0)
    if len(lines) > 1 and len(clean_line(lines[0])) <= 120 and not clean_line(lines[0]).endswith("."):
        title = clean_line(lines.pop(0))
    blocks, _captions = lines_to_blocks(lines)
    return title, blocks, {}


def _parse_markdown(text: str) -> tuple[str | None, list[Block], dict]:
    title = None
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk_lines = [line for line in chunk.splitlines() if line.strip()]
        if not chunk_lines:
            continue
        if all(re.match(r"^\s*(?:[-*+•]|\d+\.)\s+", line) for line in chunk_lines):
            blocks.extend(Block("item", clean_line(re.sub(r"^\s*(?:[-*+•]|\d+\.)\s+", "", line)))
                          for line in chunk_lines)
            continue
        joined = clean_line(" ".join(chunk_lines))
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", joined)
        if heading:
            if heading.group(1) == "#" and title is None and not blocks:
                title = heading.group(2)
            else:
                blocks.append(Block("heading", heading.group(2)))
        elif not is_boilerplate(joined):
            blocks.append(Block("paragraph", _strip_inline_markdown(joined)))
    return title, blocks, {}


def _strip_inline_markdown(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return text.strip()


def _parse_html(html: str, path: Path) -> tuple[str | None, list[Block], dict]:
    """Main text of an HTML page, with trafilatura; navigation, ads and comments dropped."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        include_formatting=True, include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if extracted is None:
        raise InputError(f"{path}: no article text found in this HTML page")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    title, blocks, _ = _parse_markdown(data.get("text") or "")
    if blocks and title is None and data.get("title") and blocks[0].text == data.get("title"):
        blocks = blocks[1:]
    kept = []
    for block in blocks:
        if block.kind == "paragraph":
            sub, _ = lines_to_blocks([block.text])
            kept.extend(Block("paragraph", b.text) for b in sub)
        else:
            kept.append(block)
    meta = {"url": data.get("url"), "author": data.get("author"), "source": data.get("sitename"),
            "date": data.get("date")}
    return data.get("title") or title, kept, {k: v for k, v in meta.items() if v}
