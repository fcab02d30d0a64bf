"""``korpus add``: turn a file the user brings (text, Markdown or HTML) into a Document."""

from __future__ import annotations

import datetime
import glob
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .corpus import Corpus, slugify_title
from .errors import CorpusError, InputError
from .model import Block, Document
from .newspage import read_news_page
from .pagetext import is_boilerplate, is_bullet, is_news_furniture, news_blocks, news_lines
from .textio import (DEFAULT_MAX_BYTES, LANG_NAMES, RESAVE_OR_FORCE, check_encoding, clean_line, content_hash,
                     detect_language, hangul_ratio, has_hangul, has_terminal_control, normalize_lang,
                     read_text_file, strip_terminal_controls)

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
ARTICLE_SUFFIXES = HTML_SUFFIXES | MARKDOWN_SUFFIXES | {".txt"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class AddOptions:
    lang: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    pair_with: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str | None = None  # forced codec; guessed when None
    timeout: float = 30.0  # seconds to wait for a web page (``korpus add URL``)


@dataclass(frozen=True)
class Added:
    """What ``add_file`` did: the document written, the encoding read, or the duplicate found."""

    path: Path | str  # a file, or the web address given
    encoding: str = ""
    document: Document | None = None
    duplicate_of: str | None = None
    title_from: str | None = None  # where a plain text's title came from: "the first line", "the file name"
    error: str | None = None  # why the file was not added (``skip_bad``)


def read_article(path: Path, options: AddOptions) -> Added:
    """Parse ``path`` into a Document (not yet in any corpus), with the encoding it was read
    with and where its title came from."""
    path = Path(path)
    lang = check_options(options)
    decoded = read_text_file(path, options.max_bytes, options.encoding, RESAVE_OR_FORCE, lang)
    text = decoded.text
    if path.suffix.lower() in HTML_SUFFIXES or re.match(r"\s*<(?:!doctype html|html)", text, re.I):
        kind = "html"
    else:
        kind = "markdown" if path.suffix.lower() in MARKDOWN_SUFFIXES else "text"
    doc, title_from = _article(text, kind, path, options, origin=f"added:{path.name}")
    return Added(path, decoded.encoding, doc, title_from=title_from)


def read_url_article(url: str, options: AddOptions) -> Added:
    """Fetch ``url`` and parse it as ``read_article`` parses a file; the address is the
    document's ``url`` unless the page names its canonical one (or ``--url`` is given)."""
    from .fetch import decode_page, fetch_page

    lang = check_options(options)
    page = fetch_page(url, options.timeout, options.max_bytes)
    decoded = decode_page(page, options.encoding, lang)
    kind = "html" if page.kind == "text" and re.match(r"\s*<(?:!doctype html|html)", decoded.text, re.I) else page.kind
    doc, title_from = _article(decoded.text, kind, None, options, origin=f"added:{page.url}", name=url)
    doc = doc if doc.url else replace(doc, url=_clean_url(page.url))
    return Added(url, decoded.encoding, doc, title_from=title_from)


def _article(text: str, kind: str, path: Path | None, options: AddOptions, origin: str,
             name: str | None = None) -> tuple[Document, str | None]:
    """The Document of an article's decoded ``text`` (``kind``: html, markdown or text), and
    where the title of a text without markup came from (None for a page, or ``--title``)."""
    lang = check_options(options)
    name = name or str(path)
    if kind == "html":
        title, blocks, meta = _parse_html(text, name)
    elif kind == "markdown":
        title, blocks, meta = _parse_markdown(text)
    else:
        title, blocks, meta = _parse_plain_text(text)
    title = clean_line(strip_terminal_controls(title or ""))
    title_from = {"text": "the first line", "markdown": "the # heading"}.get(kind) if title else None
    if kind != "html" and not title and path is not None:
        title, title_from = readable_file_title(path), "the file name"
    if options.title:
        title, title_from = options.title, None
    blocks = _without_controls(blocks)
    if not blocks:
        raise InputError(f"{name}: no article text found (only a title or page furniture)")
    if not title:
        raise InputError(f"{name}: no title found; give one with --title")
    body = "\n".join(b.text for b in blocks)
    lang = lang or detect_language(body)
    if lang is None:
        raise InputError(f"{name}: cannot tell the language of the text; give it with --lang (e.g. --lang en)")
    if lang == "ko" and not has_hangul(body):
        raise InputError(f"{name}: --lang ko was given but the text holds no Korean (Hangul)")
    if lang != "ko" and hangul_ratio(body) > 0.5:
        raise InputError(f"{name}: --lang {lang} was given but the text is mostly Korean (Hangul); "
                         "use --lang ko, or leave --lang out")
    return Document(
        id="pending",
        lang=lang,
        title=title,
        blocks=tuple(blocks),
        story="pending",
        url=options.url or meta.get("url"),
        date=options.date or meta.get("date"),
        author=meta.get("author"),
        source=meta.get("source"),
        summary=tuple(meta.get("summary", ())),
        captions=tuple(meta.get("captions", ())),
        notes=tuple(meta.get("notes", ())),
        origin=origin,
    ), title_from


def readable_file_title(path: Path) -> str:
    """A title made from a file name, for a text whose first line is a sentence rather than
    a heading: ``nvidia-new-chip.txt`` -> ``nvidia new chip``."""
    return clean_line(re.sub(r"[-_.+\s]+", " ", Path(path).stem))


def _without_controls(blocks: list[Block]) -> list[Block]:
    """Blocks with the few control characters a text file may hold (ESC sequences, BEL)
    removed: they are no words to study, and a terminal would obey them."""
    cleaned = (Block(b.kind, clean_line(strip_terminal_controls(b.text))) for b in blocks)
    return [b for b in cleaned if b.text]


def check_options(options: AddOptions) -> str | None:
    """Refuse option values that would garble the corpus or a terminal; return the
    normalised ``--lang`` (``ko-KR`` -> ``ko``), or None when it is to be detected."""
    if options.encoding is not None:
        check_encoding(options.encoding)
    if options.title is not None and has_terminal_control(options.title):
        raise InputError("--title holds a control character (such as ESC or BEL) that a terminal would obey; "
                         "give the title as plain text")
    if options.title is not None and not options.title.strip():
        raise InputError("--title is blank; give the article's title, or leave --title out")
    if options.url is not None and (has_terminal_control(options.url) or re.search(r"\s", options.url)):
        raise InputError(f"--url {options.url!r} holds a space or control character; give the address "
                         "as the browser shows it (spaces written as %20)")
    if options.date is not None:
        _check_date(options.date)
    return normalize_lang(options.lang) if options.lang is not None else None


def _check_date(value: str) -> None:
    if not _DATE.match(value):
        raise InputError(f"--date must be YYYY-MM-DD, got {value!r}")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value} is not a calendar date; give a real day as YYYY-MM-DD") from None


def expand_sources(args: list[str]) -> list[Path | str]:
    """The articles named by ``korpus add``'s arguments, in order: a web address as it is, a
    folder as its article files (sorted), a pattern the shell left unexpanded (``'news/*.txt'``)
    as the files it matches, and anything else as a file path."""
    from .fetch import is_url

    sources: list[Path | str] = []
    for arg in args:
        path = Path(arg)
        if is_url(arg):
            sources.append(arg)
        elif path.is_dir():
            found = folder_articles(path)
            if not found:
                raise InputError(f"{path}: is a folder without article files (.txt, .md, .html); "
                                 "give the folder that holds them")
            sources.extend(found)
        elif not path.exists() and re.search(r"[*?[]", arg):
            matches = [Path(m) for m in sorted(glob.glob(arg)) if Path(m).is_file()]
            if not matches:
                raise InputError(f"{arg}: no file matches this pattern")
            sources.extend(matches)
        else:
            sources.append(path)
    return sources


def folder_articles(folder: Path) -> list[Path]:
    """The article files of a folder, sorted: hidden files and editor leftovers (``.#a.txt``,
    ``a.txt~``, ``#a.txt#``) skipped, as are sub-folders (add them by name)."""
    return [p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            and not p.name.startswith((".", "#", "~"))]


def add_files(corpus: Corpus, paths: list[Path | str], options: AddOptions, skip_bad: bool = False) -> list[Added]:
    """Add articles (files or web addresses) to ``corpus``.

    Every article is read and checked before anything is written, so one bad file leaves
    the corpus unchanged; with ``skip_bad`` the good ones are added and each bad one comes
    back with its ``error``.  A text already in the corpus is a no-op, reported.
    """
    read = [_read_source(source, options, skip_bad) for source in paths]
    with corpus.locked():
        plan: list[Added] = []
        seen: dict[str, str] = {}
        partner = corpus.get(options.pair_with) if options.pair_with else None
        langs_taken = {d.lang: d.id for d in corpus.documents() if partner and d.story == partner.story}
        taken = {d.story for d in corpus.documents()} | {p.name for p in corpus.root.iterdir() if p.is_dir()}
        for added in read:
            doc = added.document
            if doc is None:
                plan.append(added)
                continue
            text_hash = content_hash(doc.text)
            existing = corpus.find_by_hash(text_hash)
            if existing is not None or text_hash in seen:
                plan.append(replace(added, document=None, duplicate_of=existing.id if existing else seen[text_hash]))
                continue
            if partner is not None:
                if doc.lang in langs_taken:
                    problem = (f"{added.path}: story {partner.story!r} already has a "
                               f"{LANG_NAMES.get(doc.lang, doc.lang)} version ({langs_taken[doc.lang]}); "
                               "pair with another document or remove that one first")
                    if not skip_bad:
                        raise CorpusError(problem)
                    plan.append(replace(added, document=None, error=problem))
                    continue
                story = partner.story
            else:
                story = _free_story_slug(slugify_title(doc.title), taken)
                taken.add(story)
            doc = replace(doc, id=f"{story}-{doc.lang}", story=story)
            langs_taken[doc.lang] = doc.id
            seen[text_hash] = doc.id
            plan.append(replace(added, document=doc))
        corpus.write([a.document for a in plan if a.document is not None])
        return [replace(a, document=corpus.get(a.document.id)) if a.document else a for a in plan]


def pairing_hints(corpus: Corpus, doc_ids: list[str]):
    """The ``korpus pair`` proposals that involve the documents just added: an English
    article that tells the story of a Korean one already there (or the reverse)."""
    from .pairing import suggest_pairs

    wanted = set(doc_ids)
    korean_stories = {d.story for d in corpus.documents("ko")}
    if not wanted or all(d.story in korean_stories for d in corpus.documents() if d.lang != "ko"):
        return []  # every other-language document is paired already: nothing could be proposed
    return [s for s in suggest_pairs(corpus) if s.doc_id in wanted or s.partner_id in wanted]


@dataclass(frozen=True)
class Removed:
    """What ``remove_document`` deleted."""

    document: Document
    files: tuple[Path, ...]


def remove_document(corpus: Corpus, doc_id: str) -> Removed:
    """Delete a document with its derived files, its index row, and the alignments the other
    language versions of its story had with it (removing an English original leaves its
    Korean version unaligned until it is paired again)."""
    from .index import Index

    with corpus.locked():
        doc = corpus.get(doc_id)
        files = corpus.remove(doc)
        Index(corpus).forget([doc.id])
    return Removed(doc, tuple(files))


@dataclass(frozen=True)
class Edit:
    """New values for ``korpus edit``; None leaves a field as it is."""

    title: str | None = None
    date: str | None = None
    url: str | None = None
    pair_with: str | None = None


def edit_document(corpus: Corpus, doc_id: str, edit: Edit) -> Document:
    """Change a document's title, date or URL, or move it into the story of ``pair_with``
    (the story must not have its language yet); values are checked as ``korpus add`` checks
    them, and nothing is written unless all are good."""
    check_options(AddOptions(title=edit.title, date=edit.date, url=edit.url))
    with corpus.locked():
        doc = corpus.get(doc_id)
        changed = replace(doc, title=clean_line(edit.title) if edit.title is not None else doc.title,
                          date=edit.date or doc.date, url=edit.url or doc.url)
        partner = corpus.get(edit.pair_with) if edit.pair_with else None
        if partner is not None:
            _check_pairing(corpus, changed, partner)
        corpus.write([changed])
        if partner is not None:
            corpus.move(changed, partner.story)
        return corpus.get(doc_id)


def _check_pairing(corpus: Corpus, doc: Document, partner: Document) -> None:
    if partner.id == doc.id:
        raise CorpusError(f"--pair-with {partner.id}: a document cannot be paired with itself")
    if partner.story == doc.story:
        raise CorpusError(f"{doc.id} and {partner.id} are already versions of one story ({doc.story!r})")
    taken = [d for d in corpus.documents() if d.story == partner.story and d.lang == doc.lang]
    if taken:
        raise CorpusError(f"story {partner.story!r} of {partner.id} already has a version in "
                          f"{LANG_NAMES.get(doc.lang, doc.lang)} ({taken[0].id}); "
                          f"remove it first (`korpus remove {taken[0].id}`) or pair with another document")


def _read_source(source: Path | str, options: AddOptions, skip_bad: bool) -> Added:
    """A web address is fetched, anything else is read as a file; with ``skip_bad`` a bad
    one comes back with its error instead of stopping the whole ``add``."""
    from .fetch import is_url

    try:
        if isinstance(source, str) and is_url(source):
            return read_url_article(source, options)
        return read_article(Path(source), options)
    except InputError as exc:
        if not skip_bad:
            raise
        return Added(source, error=str(exc))


def _free_story_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no story folder has yet."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _parse_plain_text(text: str) -> tuple[str | None, list[Block], dict]:
    """Plain text: paragraphs are lines, or blank-line separated groups of wrapped lines; a pasted
    Korean news article loses its furniture as a saved page does (captions, stamps, datelines)."""
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
    while lines and is_news_furniture(lines[0]):
        lines.pop(0)
    if len(lines) > 1 and len(clean_line(lines[0])) <= 120 and not clean_line(lines[0]).endswith("."):
        title = clean_line(lines.pop(0))
    news = news_lines(lines)
    meta = {"author": news.author, "date": news.date, "captions": news.captions, "notes": news.notes}
    return title, news.blocks, {k: v for k, v in meta.items() if v}


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


def _parse_html(html: str, path: Path | str) -> tuple[str | None, list[Block], dict]:
    """Main text of an HTML page: a known news-page shape is read by ``newspage``, any other
    page by trafilatura; navigation, ads and comments dropped.

    The blocks come from trafilatura's element tree, not its text output: with formatting
    that text is Markdown (``*em*``, ``\\[`` escapes that would garble ``[서울=뉴스1]``),
    without it headings and list items are lost.  Inline formatting becomes plain text."""
    page = read_news_page(html)
    if page is not None:
        meta = {k: clean_line(strip_terminal_controls(v)) for k, v in page.meta.items()}
        meta["url"] = _clean_url(meta.get("url"))
        meta.update(summary=page.summary, captions=page.captions, notes=page.notes)
        return page.title, list(page.blocks), meta
    extracted = _extract_html(html, favor_precision=True) or _extract_html(html, favor_precision=False)
    if extracted is None:
        raise InputError(f"{path}: no article text found in this HTML page")
    page_title = extracted.title
    title, segments = _html_segments(extracted.body)
    if segments and title is None and page_title and segments[0][1] == page_title:
        segments = segments[1:]
    news = news_blocks(segments)
    blocks = news.blocks
    meta = {"url": _clean_url(extracted.url), "author": extracted.author or news.author,
            "source": extracted.sitename, "date": extracted.date or news.date}
    meta = {k: clean_line(strip_terminal_controls(v)) for k, v in meta.items() if v}
    meta = {k: v for k, v in meta.items() if v}
    meta.update(captions=news.captions, notes=news.notes)
    return page_title or title, blocks, meta


def _extract_html(html: str, favor_precision: bool):
    """trafilatura's extraction, or None when it finds no text.  Precision comes first: on a
    short page the default falls back to the whole page's text in one block, menus and
    title glued to the first paragraph."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        include_formatting=False, include_images=False, favor_precision=favor_precision,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if extracted is None or extracted.body is None or not "".join(extracted.body.itertext()).strip():
        return None
    return extracted


def _html_segments(body) -> tuple[str | None, list[tuple[str, str, bool]]]:
    """Headings, paragraphs and list items of trafilatura's body tree as ``news_blocks``
    segments; a first ``h1`` is the title candidate, as a leading ``# title`` is in Markdown."""
    title = None
    segments: list[tuple[str, str, bool]] = []
    for element in body:
        if element.tag == "head":
            text = _element_text(element)
            if element.get("rend") == "h1" and title is None and not segments:
                title = text
            elif text:
                segments.append(("heading", text, False))
        elif element.tag == "list":
            items = (_element_text(item) for item in element.iter("item"))
            segments.extend(("item", text, False) for text in items if text)
        else:
            segments.append(("paragraph", _element_text(element), False))
    return title, segments


def _element_text(element) -> str:
    """The plain text of an element: inline formatting dropped, line breaks as spaces,
    nested lists left to their own items."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "list":
            parts.append(" " if child.tag == "lb" else _element_text(child))
        parts.append(child.tail or "")
    return clean_line("".join(parts))


def _clean_url(url: str | None) -> str | None:
    """A page's own address, dropped when it holds a space or control character."""
    if not url or has_terminal_control(url) or re.search(r"\s", url.strip()):
        return None
    return url.strip()
