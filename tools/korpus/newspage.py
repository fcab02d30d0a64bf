"""A saved news page read the way its markup says: the article body, its captions, the
sub-headline and the page metadata, with the page shapes kept in data/page_furniture.json.

trafilatura keeps photo captions in the text, drops the text right after a nested
``<div>`` and cannot tell a sub-headline from a paragraph; the known page shapes
(Naver, Daum and the papers) are read here, every other page is left to trafilatura."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from .model import Block
from .pagetext import FURNITURE, author_name, byline_author, news_blocks, stamp_date
from .textio import clean_line

_BLOCK_TAGS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "figure",
               "blockquote", "table", "tr", "td", "th", "header", "footer", "dl", "dt", "dd", "pre", "hr", "main"}
_HEADING_TAGS = {"h2", "h3", "h4"}
_BREAK = ("\n", None)
_KST = datetime.timezone(datetime.timedelta(hours=9))


@dataclass(frozen=True)
class NewsPage:
    title: str | None
    blocks: tuple[Block, ...]
    summary: tuple[str, ...]
    captions: tuple[str, ...]
    notes: tuple[str, ...]
    meta: dict


def css_xpath(selector: str) -> str:
    """The XPath of a simple CSS selector (tag, ``#id``, ``.class``, ``[attr]``, ``[attr=v]``,
    descendant and ``>``), relative to the element it is applied to."""
    steps, axis = [], ".//"
    for token in selector.split():
        if token == ">":
            axis = "/"
            continue
        tag = re.match(r"[a-z][a-z0-9]*", token)
        conditions = []
        for part in re.findall(r"[#.][\w-]+|\[[^\]]+\]", token):
            if part[0] == "#":
                conditions.append(f"@id='{part[1:]}'")
            elif part[0] == ".":
                conditions.append(f"contains(concat(' ',normalize-space(@class),' '),' {part[1:]} ')")
            else:
                name, _, value = part[1:-1].partition("=")
                conditions.append(f"@{name}='{value}'" if value else f"@{name}")
        steps.append(axis + (tag.group(0) if tag else "*") + "".join(f"[{c}]" for c in conditions))
        axis = "//"
    return ("" if steps[0].startswith(".") else ".") + "".join(steps)


def _select(root, selectors: list[str]) -> list:
    """The elements any of ``selectors`` matches, each once, in the selectors' order."""
    found = [element for selector in selectors for element in root.xpath(css_xpath(selector))]
    return list(dict.fromkeys(found))


def read_news_page(html: str) -> NewsPage | None:
    """The page read by its known shape, or None when no known article body is found."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):  # an XML declaration, or no markup at all
        return None
    body = next((found for selector in FURNITURE["body"] for found in root.xpath(css_xpath(selector))), None)
    if body is None:
        return None
    summary_elements = _select(root, FURNITURE["summary"])
    walker = _BodyWalker(body, summary_elements)
    walker.walk(body, False, "paragraph")
    walker.flush("paragraph")
    news = news_blocks(walker.segments)
    if not news.blocks:
        return None
    summary = [line for element in summary_elements[:1] for line in _lines(element)]
    meta = page_metadata(root)
    meta["author"] = meta["author"] or _header_author(root) or news.author
    meta = {k: v for k, v in meta.items() if v}
    title = meta.pop("title", None)
    return NewsPage(title, tuple(news.blocks), tuple(summary), tuple(news.captions), tuple(news.notes), meta)


class _BodyWalker:
    """Turns the body's tree into ``(kind, text, wholly_bold)`` segments: inline tags dissolve,
    one ``<br>`` is a space, two end a paragraph; a photo gives its caption (kind ``caption``),
    furniture elements (ads, scripts, data tables, copyright boxes) are skipped."""

    def __init__(self, body, summary_elements: list):
        self.drop = set(_select(body, FURNITURE["drop"])) | set(summary_elements)
        self.photos = set(_select(body, FURNITURE["photos"]))
        self.caption_elements = _select(body, FURNITURE["captions"])
        self.caption_set = set(self.caption_elements)
        self.segments: list[tuple[str, str, bool]] = []
        self.pieces: list[tuple[str, bool | None]] = []

    def walk(self, element, bold: bool, kind: str) -> None:
        if not isinstance(element.tag, str):
            return
        if element in self.photos or element in self.caption_set:
            self.flush(kind)
            self._take_captions(element)
            return
        if element in self.drop:
            return
        tag = element.tag.lower()
        if tag == "br":
            self.pieces.append(_BREAK)
            return
        block = tag in _BLOCK_TAGS
        own_kind = "heading" if tag in _HEADING_TAGS else "item" if tag == "li" else kind
        if block:
            self.flush(kind)
        bold = bold or tag in ("b", "strong")
        self.pieces.append((element.text or "", bold))
        for child in element:
            self.walk(child, bold, own_kind)
            self.pieces.append((child.tail or "", bold))
        if block:
            self.flush(own_kind)

    def _take_captions(self, element) -> None:
        """The photo's caption elements (the outermost, when one holds another) as caption segments."""
        inside = [c for c in self.caption_elements if c is element or element in c.iterancestors()]
        outermost = [c for c in inside if not any(o in c.iterancestors() for o in inside)]
        self.segments.extend(("caption", " ".join(_lines(c)), False) for c in outermost)

    def flush(self, kind: str) -> None:
        paragraphs: list[list[tuple[str, bool]]] = [[]]
        breaks = 0
        for text, bold in self.pieces:
            if bold is None:
                breaks += 1
                continue
            if text.strip():
                if breaks >= 2:
                    paragraphs.append([])
                elif breaks == 1:
                    paragraphs[-1].append((" ", False))
                breaks = 0
            paragraphs[-1].append((text, bold))
        self.pieces = []
        for pieces in paragraphs:
            text = clean_line("".join(t for t, _ in pieces).replace("\u00a0", " "))
            if text:
                self.segments.append((kind, text, all(b for t, b in pieces if t.strip())))


def _lines(element) -> list[str]:
    """The element's text lines, ``<br>`` ending a line."""
    text = _text_with_breaks(element).replace("\u00a0", " ")
    return [line for line in map(clean_line, text.split("\n")) if line]


def _text_with_breaks(element) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "br" else _text_with_breaks(child) if isinstance(child.tag, str) else "")
        parts.append(child.tail or "")
    return "".join(parts)


# -- metadata -------------------------------------------------------------------------------
def page_metadata(root) -> dict:
    """Title, source, url, date and author from the page's metadata (meta tags, JSON-LD, canonical
    link, the visible date stamp), each cleaned as tests/data/pages/README.md says."""
    metas = _meta_tags(root)
    article = _json_ld_article(root)
    source = _source(metas, article)
    names = {name for name in (metas.get("og:site_name"), source, _publisher_name(article)) if name}
    title = metas.get("og:title") or _first_text(root, "//title") or _first_text(root, "//h1")
    url = _first_attr(root, "//link[@rel='canonical']/@href") or metas.get("og:url")
    source = source or _host(url)
    return {"title": strip_site_name(title, names) if title else None, "source": source, "url": url,
            "date": _published_date(metas, article, root), "author": _metadata_author(metas, article)}


def _host(url: str | None) -> str | None:
    """``https://www.example.com/a`` -> ``example.com``; None for no or a malformed address."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _meta_tags(root) -> dict[str, str]:
    metas: dict[str, str] = {}
    for meta in root.xpath("//meta[@content]"):
        key = meta.get("property") or meta.get("name")
        if key and key.lower() not in metas:
            metas[key.lower()] = clean_line(meta.get("content"))
    return metas


def _json_ld_article(root) -> dict:
    """The page's JSON-LD article object (inside ``@graph`` or a list too), or {}."""
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        candidates = data.get("@graph", [data]) if isinstance(data, dict) else data
        for item in candidates if isinstance(candidates, list) else []:
            if isinstance(item, dict) and "Article" in str(item.get("@type", "")):
                return item
    return {}


def _publisher_name(article: dict) -> str | None:
    publisher = article.get("publisher")
    name = publisher.get("name") if isinstance(publisher, dict) else None
    return clean_line(name) if isinstance(name, str) and name.strip() else None


def _is_portal(name: str) -> bool:
    return name.replace(" ", "") in {p.replace(" ", "") for p in FURNITURE["portal_names"]}


def _source(metas: dict, article: dict) -> str | None:
    """The publisher who wrote the article: on a portal the press (Daum's ``article:media_name``,
    Naver's ``og:article:author`` "한국경제 | 네이버"), else the site's name; never a URL."""
    press = metas.get("article:media_name") or metas.get("og:article:author", "").split("|")[0].strip()
    site = metas.get("og:site_name")
    for name in (press, site if site and not _is_portal(site) else None, _publisher_name(article)):
        if name and not re.match(r"(?i)https?://|www\.", name):
            return name
    return None


def strip_site_name(title: str, names: set[str]) -> str:
    """The headline without the site's name before or after it: ``대전일보 모바일 :: …``,
    ``… : 네이버 뉴스``, ``… : 문화일반 : 문화 : 뉴스 : 한겨레`` (a section path goes with it)."""
    title = clean_line(title)
    known = {n.replace(" ", "") for n in names} | {p.replace(" ", "") for p in FURNITURE["portal_names"]}

    def is_site(part: str) -> bool:
        words = [w for w in part.split() if w not in FURNITURE["title_generic_words"]]
        return part.replace(" ", "") in known or (bool(words) and "".join(words) in known)

    for separator in FURNITURE["title_separators"]:
        parts = title.split(separator)
        if len(parts) < 2:
            continue
        if is_site(parts[-1]):
            parts.pop()
            while len(parts) > 1 and len(parts[-1]) <= 8 and " " not in parts[-1].strip():
                parts.pop()
        elif is_site(parts[0]):
            parts.pop(0)
        title = separator.join(parts).strip()
    return title


def _kst_day(value: str) -> str | None:
    """The day in Korea of an ISO timestamp (a UTC ``…T15:30:00Z`` is the next day there);
    a timestamp without a zone is Korean time already."""
    try:
        moment = datetime.datetime.fromisoformat(value.strip().replace(" ", "T", 1))
        return (moment.astimezone(_KST) if moment.tzinfo is not None else moment).date().isoformat()
    except (ValueError, OverflowError):  # not ISO, or a day out of the calendar's range in Korea
        return None


def _published_date(metas: dict, article: dict, root) -> str | None:
    """The publication day, never the modification day: meta, JSON-LD, a data attribute or
    ``<time datetime>``, then the visible 입력/등록/기사입력/송고/발행일 stamp."""
    candidates = [metas.get("article:published_time"), article.get("datePublished"),
                  _first_attr(root, "//@data-date-time"),
                  _first_attr(root, "//time[not(contains(@class,'updated'))][not(@itemprop='dateModified')]/@datetime")]
    for value in candidates:
        day = _kst_day(value) if isinstance(value, str) and value else None
        if day:
            return day
    return stamp_date(" ".join(root.xpath("//body//text()")))


def _metadata_author(metas: dict, article: dict) -> str | None:
    """The reporters the page's metadata names (JSON-LD ``author``, ``author`` meta tags)."""
    authors = article.get("author")
    authors = authors if isinstance(authors, list) else [authors] if authors else []
    names = [author_name(str(a.get("name") or "") if isinstance(a, dict) else str(a)) for a in authors]
    if not any(names):
        meta = metas.get("author") or metas.get("article:author") or ""
        names = [author_name(n) for n in re.split(r"\s*[,·]\s*", meta) if not re.match(r"(?i)https?://", n)]
    names = [n for n in names if n]
    return ", ".join(names) or None


def _header_author(root) -> str | None:
    """A reporter named by the page header's byline element (``정하윤 기자``)."""
    for element in _select(root, FURNITURE["byline"]):
        author = byline_author(" ".join(_lines(element)))
        if author:
            return author
    return None


def _first_text(root, path: str) -> str | None:
    found = root.xpath(path)
    return clean_line(found[0].text_content()) if found else None


def _first_attr(root, path: str) -> str | None:
    found = root.xpath(path)
    return clean_line(str(found[0])) if found else None
