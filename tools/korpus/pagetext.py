"""Line-level cleaning of scraped article pages.

Shared by seed ingestion and ``korpus add`` for plain-text files: which lines are
page furniture (author boxes, credits, share buttons...), which are photo captions,
and which short lines are subheadings.
"""

from __future__ import annotations

import re

from .model import Block
from .textio import clean_line

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\[email\s*protected\]", re.I)
_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)
_IMAGE_NAME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*\d{6,}|\d{8,}_\d+)(?:\.(?:jpe?g|png|gif|webp))?$")
_CAPTION_CREDIT = re.compile(r"(?:사진|출처|이미지|자료|그래픽|제공)\s*=\s*[^\s)]*")
_BOILERPLATE_EXACT = {
    "skip to main content", "picture", "member for", "real name", "position", "bio", "수정",
    "관련 기사", "관련기사", "기자의 다른 기사보기", "tags", "terkini", "terpopuler", "publicité",
    "commentaires", "laisser un commentaire", "le plus populaire", "getty images", "share", "공유",
}
_BOILERPLATE_PATTERNS = [
    re.compile(r"^저작권자\s*©"),
    re.compile(r"무단\s*전재.*재배포\s*금지"),
    re.compile(r"^ⓒ|^©|^copyright\b", re.I),
    re.compile(r"^\S{2,4}\s+기자$"),  # 류정민 기자
    re.compile(r"^\S{2,4}\s+기자\s+\S+@\S+$"),
    re.compile(r"^baca juga\s*:", re.I),
    re.compile(r"^s'il vous plaît", re.I),
    re.compile(r"^\d+\s+(?:months?|weeks?|days?|years?)(?:\s+\d+\s+(?:months?|weeks?|days?))?$", re.I),
    re.compile(r"^(?:editor|sumber|penulis|reporter)\s*:", re.I),
]


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
