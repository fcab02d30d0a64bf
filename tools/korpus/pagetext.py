"""Line-level cleaning of scraped article pages.

Shared by seed ingestion and ``korpus add`` for plain-text files: which lines are
page furniture (author boxes, credits, share buttons...), which are photo captions,
and which short lines are subheadings.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from importlib import resources

from .model import Block
from .textio import clean_line

FURNITURE = json.loads(resources.files("korpus").joinpath("data/page_furniture.json").read_text(encoding="utf-8"))
"""The page-furniture rules (data/page_furniture.json): the one place for what is not article text."""


def _patterns(sources: list[str]) -> list[re.Pattern]:
    return [re.compile(source) for source in sources]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\[email\s*protected\]", re.I)
_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)
_IMAGE_NAME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*\d{6,}|\d{8,}_\d+)(?:\.(?:jpe?g|png|gif|webp))?$")
_CAPTION_CREDIT = re.compile(r"(?:사진|출처|이미지|자료|그래픽|제공)\s*=\s*[^\s)]*")
_BOILERPLATE_EXACT = frozenset(FURNITURE["boilerplate_exact"])
_BOILERPLATE_PATTERNS = _patterns(FURNITURE["boilerplate_patterns"])


def is_boilerplate(line: str) -> bool:
    """True for page furniture that must never reach an article body."""
    text = clean_line(line)
    if not text:
        return False
    low = text.lower()
    if low in _BOILERPLATE_EXACT:
        return True
    if _URL.match(text) or _IMAGE_NAME.match(text):
        return True
    if _EMAIL.fullmatch(text) or (len(text) < 80 and _EMAIL.search(text)):
        return True
    return any(p.search(text) for p in _BOILERPLATE_PATTERNS)


_SLASH_CREDIT = re.compile(r"(?<=[.\s])\s*/[^/\s][^/]{0,30}/$")


def is_caption(line: str) -> bool:
    """Photo captions and credits: ``…/사진=카카오``, ``출처=Microsoft``, ``(이미지=트위터 갈무리)``."""
    text = clean_line(line)
    if not text or len(text) > 200:
        return False
    if re.match(r"^(?:사진|출처|이미지)\s*=", text):
        return True
    if re.search(r"/\s*(?:사진|출처|이미지)\s*=\s*\S.*$", text):
        return True
    if re.search(r"\((?:사진|이미지|출처)\s*=[^)]*\)\s*$", text):
        return True
    if _SLASH_CREDIT.search(text):  # Indonesian style: "... 2023./Twitter @ST /"
        return True
    return False


def caption_text(line: str) -> str:
    """A caption without its credit: ``재택근무자들이 … 모습/사진=Unsplash`` -> ``재택근무자들이 … 모습``."""
    text = clean_line(line)
    text = re.sub(r"\s*\((?:사진|이미지|출처)\s*=[^)]*\)\s*$", "", text)
    text = re.sub(r"\s*/\s*(?:사진|출처|이미지)\s*=.*$", "", text)
    text = re.sub(r"^(?:사진|출처|이미지)\s*=.*$", "", text)
    text = _SLASH_CREDIT.sub("", text)
    return text.strip()


_SENTENCE_END = re.compile(r"(?:[.。!！…]|다|요|니다|[\"'”’」』)])$")


def looks_like_heading(line: str) -> bool:
    """A short line that does not end like a sentence: a subheading.

    Questions (``우리는 우주에 혼자 있는가?``) and labels (``Cal Baker, sophomore:``)
    are headings when they are short; ``결과는 놀라웠다.`` is not.
    """
    text = clean_line(line)
    if not text or len(text) > 70:
        return False
    if text.endswith("?") or text.endswith(":"):
        return len(text) <= 45 and ". " not in text
    if _SENTENCE_END.search(text) and not text.endswith(("”", '"', "'", "’")):
        return False
    if text.endswith(("”", '"', "’", "'")) and len(text) > 40:
        return False
    return True


_BULLET = re.compile(r"^\s*(?:[•·▪◦●■□\-*]|\d+\))\s+")


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line.replace("\u00a0", " ")))


def strip_bullet(line: str) -> str:
    return clean_line(_BULLET.sub("", line.replace("\u00a0", " "), count=1))


def lines_to_blocks(lines: list[str]) -> tuple[list[Block], list[str]]:
    """Turn cleaned body lines (one paragraph per line) into blocks; return (blocks, captions)."""
    blocks: list[Block] = []
    captions: list[str] = []
    for raw in lines:
        text = clean_line(raw)
        if not text or is_boilerplate(text):
            continue
        if is_caption(text):
            caption = caption_text(text)
            if caption:
                captions.append(caption)
            continue
        if is_bullet(raw):
            blocks.append(Block("item", strip_bullet(raw)))
        elif looks_like_heading(text):
            blocks.append(Block("heading", text))
        else:
            blocks.append(Block("paragraph", text))
    return blocks, captions


# -- Korean news furniture: the same rules for saved pages and pasted text ------------------
_NEWS_FURNITURE = _patterns(FURNITURE["news_furniture_patterns"])
_DATELINES = _patterns(FURNITURE["datelines"])
_EDITOR_NOTE = re.compile(FURNITURE["editor_note"])
_DATE_STAMP = re.compile(FURNITURE["date_stamp"])
_CAPTION_LEAD = _patterns(FURNITURE["caption_lead"])
_CAPTION_CREDITS = _patterns(FURNITURE["caption_credits"])
_HEADING_MARKER = re.compile(FURNITURE["heading_markers"])
_AUTHOR_TITLES = "|".join(sorted(map(re.escape, FURNITURE["author_titles"]), key=len, reverse=True))
_BYLINE = re.compile(rf"^(?:글\s*·\s*사진\s+)?(?:\S+=)?(?P<names>[가-힣]{{2,4}}(?:\s*[·,]\s*[가-힣]{{2,4}})*)\s*"
                     rf"(?:{_AUTHOR_TITLES})(?:\s*\(?[\w.+-]+@[\w-]+\.[\w.]+\)?)?$")
_PHOTO_MARK = re.compile(r"^[▲△]")
_SENTENCE_CLOSE = re.compile(r"(?:[.?!。…]|다|요)[\"'”’」』)]*$")


def is_news_furniture(line: str) -> bool:
    """Stamps, bylines, lone ▲/▼, promotion and related-article lines, copyright, staff credits."""
    text = clean_line(line)
    return bool(text) and (is_boilerplate(text) or any(p.search(text) for p in _NEWS_FURNITURE))


def byline_author(line: str) -> str | None:
    """The reporters a byline names: ``세종=김하늘 기자 sky@…`` -> ``김하늘``,
    ``김민준·박소영 기자`` -> ``김민준, 박소영``; None when the line is no byline."""
    found = _BYLINE.match(clean_line(line))
    return ", ".join(re.split(r"\s*[·,]\s*", found.group("names"))) if found else None


def author_name(name: str) -> str:
    """A reporter's name from page metadata, without its job title: ``윤태성 기자`` -> ``윤태성``."""
    return clean_line(re.sub(rf"\s*(?:{_AUTHOR_TITLES})$", "", clean_line(name)))


def strip_dateline(text: str) -> tuple[str, str | None]:
    """``(서울=연합뉴스) 오세린 기자 = 토요일인…`` -> (``토요일인…``, ``오세린``): a dateline goes,
    the paragraph's own text stays; the reporter it names, if any, is returned."""
    for pattern in _DATELINES:
        found = pattern.match(text)
        if found:
            return text[found.end():], found.groupdict().get("author")
    return text, None


def stamp_date(text: str) -> str | None:
    """The day of the first publication stamp in ``text`` (``입력 2020.08.27 20:27`` ->
    ``2020-08-27``; 기사입력, 등록, 송고, 발행일 too), never of a 수정 stamp; None if there is none."""
    found = _DATE_STAMP.search(clean_line(text))
    if not found:
        return None
    year, month, day = map(int, found.groups())
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def editor_note(text: str) -> str | None:
    """An editor's note without its label (``[편집자주] 한국은…`` -> ``한국은…``), else None."""
    found = _EDITOR_NOTE.match(text)
    return text[found.end():].strip() if found else None


def is_photo_caption(text: str) -> bool:
    """A caption standing in the text: ``▲4일 세종시청에서 … 사진=세종시 제공`` or a credited line."""
    return bool(_PHOTO_MARK.match(text)) or is_caption(text)


def news_caption(text: str) -> str:
    """A caption's own text: no leading ▲ or Yonhap dateline, no trailing credits (photo, graphic,
    agency, reporter and e-mail, Yonhap's date and resale notice); '' when it was only a credit."""
    text = clean_line(text)
    for pattern in _CAPTION_LEAD:
        text = pattern.sub("", text, count=1)
    previous = None
    while previous != text:
        previous = text
        for pattern in _CAPTION_CREDITS:
            text = pattern.sub("", text, count=1)
    return text.strip()


def heading_text(text: str) -> str:
    """A heading without its leading ``■ ◆ ◇ ●`` marker."""
    return _HEADING_MARKER.sub("", text, count=1)


def is_bold_heading(text: str) -> bool:
    """A short wholly bold paragraph that does not end like a sentence is a subheading;
    a bold Q&A question (``―완결 소감부터 듣고 싶습니다.``) is not."""
    return len(text) <= 60 and not _SENTENCE_CLOSE.search(text)


@dataclass
class NewsText:
    """What the lines of a Korean news article hold, furniture sorted out of the study text."""

    blocks: list[Block] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    author: str | None = None
    date: str | None = None  # from a publication stamp among the lines


def news_blocks(segments: list[tuple[str, str, bool]]) -> NewsText:
    """Sort ``(kind, text, wholly_bold)`` segments of an article body (kind ``paragraph``,
    ``heading``, ``item`` or ``caption``): captions, editor's notes and furniture out, the
    dateline off the first paragraph, short wholly bold lines to headings."""
    news = NewsText()
    for kind, raw, bold in segments:
        text = clean_line(raw)
        if not text:
            continue
        if kind != "caption" and is_news_furniture(text):
            _note_byline_and_stamp(news, text)
            continue
        note = editor_note(text)
        if note is not None:
            news.notes.append(note)
            continue
        if kind == "caption" or (kind == "paragraph" and is_photo_caption(text)):
            caption = news_caption(text)
            if caption:
                news.captions.append(caption)
            continue
        if not news.blocks:
            text, reporter = strip_dateline(text)
            news.author = news.author or reporter
        if kind == "heading" or (kind == "paragraph" and bold and is_bold_heading(text)):
            news.blocks.append(Block("heading", heading_text(text)))
        else:
            news.blocks.append(Block(kind, text))
    return news


def _note_byline_and_stamp(news: NewsText, furniture: str) -> None:
    """What a furniture line tells before it goes: the reporter of a byline, the day of a stamp."""
    news.author = news.author or byline_author(furniture)
    news.date = news.date or stamp_date(furniture)


def news_lines(lines: list[str]) -> NewsText:
    """Pasted article lines sorted like a page's body (captions, notes and furniture out, the
    dateline off the first line), then made blocks by ``lines_to_blocks``."""
    news = NewsText()
    kept: list[str] = []
    for raw in lines:
        text = clean_line(raw)
        if is_news_furniture(text):
            _note_byline_and_stamp(news, text)
            continue
        note = editor_note(text)
        if note is not None:
            news.notes.append(note)
        elif _PHOTO_MARK.match(text):
            caption = news_caption(text)
            news.captions.extend([caption] if caption else [])
        elif not kept:
            stripped, reporter = strip_dateline(text)
            news.author = news.author or reporter
            kept.append(raw if stripped == text else stripped)
        else:
            kept.append(raw)
    news.blocks, captions = lines_to_blocks(kept)
    news.captions.extend(captions)
    return news
