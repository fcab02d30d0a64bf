"""Seed ingestion: the five raw page scrapes in ``seeds/`` become clean documents.

The seed pages are fixed, so what cannot be read off their layout (the story slug of
each article) is written down in ``SEED_STORIES``; everything else (titles, authors,
summaries, captions, the English originals, boilerplate) is parsed from the pages.
Each expected title is checked, so a changed seed fails loudly instead of silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError
from .model import Document
from .pagetext import caption_text, is_boilerplate, is_caption, lines_to_blocks
from .textio import clean_line, decode_bytes, hangul_ratio


@dataclass(frozen=True)
class SeedArticle:
    """What the page does not say: the story's slug, checked against a title fragment."""

    story: str
    title_contains: str


@dataclass(frozen=True)
class SeedFile:
    name: str
    lang: str
    articles: tuple[SeedArticle, ...]
    story_of: str | None = None  # a version of another seed's story
    category: str | None = None  # a blog category line printed above the title


SEED_FILES = (
    SeedFile("000_83cf4191348475f6.txt", "ko", (SeedArticle("ms-drops-twitter", "트위터를 ‘손절’한 이유"),)),
    SeedFile(
        "001_f61adccb51867d29.txt",
        "ko",
        (
            SeedArticle("genz-burnout", "번아웃 증후군에 시달리는 Z 세대들"),
            SeedArticle("ms-ai-chips", "MS 자체 AI 칩 공개"),
            SeedArticle("remote-work-decline", "사라지는 재택근무"),
            SeedArticle("chatgpt-classroom", "학생들이 직접 ChatGPT 사용해 봐야"),
            SeedArticle("musicow-securities", "뮤직카우"),
            SeedArticle("kakao-capex", "CAPEX 규모 감소"),
            SeedArticle("ott-latecomers", "디즈니플러스·쿠팡플레이"),
            SeedArticle("netflix-golf-live", "넷플릭스, 이번엔 실시간 중계"),
            SeedArticle("ecommerce-traffic-abusing", "트래픽 어뷰징"),
            SeedArticle("legaltech-korea", "리걸테크"),
        ),
    ),
    SeedFile("002_f6402e443f429a2e.txt", "ko", (SeedArticle("zuckerberg-altman-social-ai", "주커버그 vs. 앨트먼"),),
             category="인공지능 AI"),
    SeedFile("003_7281e2faa5799d90.txt", "id", (SeedArticle("ms-drops-twitter", "Elon Musk Mengancam"),),
             story_of="ms-drops-twitter"),
    SeedFile("004_b47e321f1f32ac16.txt", "fr", (SeedArticle("ms-drops-twitter", "Musk s’engage"),),
             story_of="ms-drops-twitter"),
)

_SECTION = re.compile(r"^(\[[^\]]{1,20}\])\s*(.+)$")
_NOTE = re.compile(r"^(?:\[[^\]]+\]는\s|영어 원문 기사는|자료 출처\s*:|Sumber\s*:|Editor\s*:)")
_STOP = re.compile(r"^(?:관련 기사|관련기사|Tags|commentaires|LAISSER UN COMMENTAIRE)$", re.I)
_COPYRIGHT_SITE = re.compile(r"^저작권자\s*©\s*([^-–]+?)\s*(?:[-–].*)?무단")
_REPORTER = re.compile(r"^(\S{2,4})\s+기자$")
_BLOG_BYLINE = re.compile(r"^(\S+)\s+(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.\s+\d{1,2}:\d{2}$")
_ID_MONTHS = {m: i for i, m in enumerate(
    "januari februari maret april mei juni juli agustus september oktober november desember".split(), 1)}
_ID_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4}),\s+\d{1,2}:\d{2}\s+WIB$")
_DATELINE = re.compile(r"^([A-Z][A-Z]{3,})\s+-\s+(.*)$")


@dataclass
class _Page:
    """What a page yields before it becomes a Document."""

    title: str
    lang: str
    body: list[str] = field(default_factory=list)
    section: str | None = None
    subtitle: str | None = None
    summary: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    author: str | None = None
    source: str | None = None
    date: str | None = None
    english: "_Page | None" = None


def load_seed_documents(seeds_dir: Path) -> list[Document]:
    """Parse every seed file into documents (deterministic: same seeds, same documents)."""
    seeds_dir = Path(seeds_dir)
    documents: list[Document] = []
    for spec in SEED_FILES:
        path = seeds_dir / spec.name
        if not path.exists():
            raise CorpusError(f"{path}: seed file missing; restore seeds/ from git")
        text = decode_bytes(path.read_bytes(), str(path)).text
        if spec.name.startswith("001_"):
            pages = _split_multi_article_page(text)
        else:
            pages = [_parse_single_page(text, spec)]
        if len(pages) != len(spec.articles):
            raise CorpusError(f"{path}: expected {len(spec.articles)} articles, found {len(pages)}")
        for index, (page, article) in enumerate(zip(pages, spec.articles)):
            if article.title_contains not in page.title:
                raise CorpusError(f"{path}: article {index + 1} is titled {page.title!r}, "
                                  f"expected one containing {article.title_contains!r}")
            documents.append(_to_document(page, article.story, f"seed:{spec.name}#{index + 1}"))
            if page.english is not None:
                documents.append(_to_document(page.english, article.story, f"seed:{spec.name}#{index + 1}/en"))
    return documents


def _to_document(page: _Page, story: str, origin: str) -> Document:
    blocks, captions = lines_to_blocks(page.body)
    return Document(
        id=f"{story}-{page.lang}",
        lang=page.lang,
        title=page.title,
        blocks=tuple(blocks),
        story=story,
        source=page.source,
        date=page.date,
        author=page.author,
        section=page.section,
        subtitle=page.subtitle,
        summary=tuple(page.summary),
        captions=tuple(page.captions + captions),
        notes=tuple(page.notes),
        origin=origin,
    )


def _take_metadata(page: _Page, line: str) -> str | None:
    """Record page metadata stated on ``line``; return the line left to keep, or None."""
    if _NOTE.match(line):
        page.notes.append(line)
        return None
    m = _COPYRIGHT_SITE.match(line)
    if m:
        page.source = m.group(1).strip()
        return None
    m = _REPORTER.match(line)
    if m and page.author is None:
        page.author = m.group(1)
        return None
    m = _BLOG_BYLINE.match(line)
    if m:
        page.author = m.group(1)
        page.date = f"{m.group(2)}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
        return None
    m = _ID_DATE.match(line)
    if m and m.group(2).lower() in _ID_MONTHS:
        page.date = f"{m.group(3)}-{_ID_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
        return None
    m = _DATELINE.match(line)
    if m:
        page.source = m.group(1).title()
        return m.group(2)
    if line.startswith("[AI요약]"):
        page.summary.append(line[len("[AI요약]"):].strip())
        return None
    return line


def _add_caption(page: _Page, line: str) -> None:
    caption = caption_text(line)
    if caption:  # a bare credit such as "출처=Microsoft" is no caption
        page.captions.append(caption)


def _parse_single_page(text: str, spec: SeedFile) -> _Page:
    lines = [clean_line(line) for line in text.splitlines()]
    raw_lines = text.splitlines()
    start = 0
    while not lines[start] or lines[start] == spec.category:
        start += 1
    page = _Page(title=lines[start], lang=spec.lang)
    for raw, line in zip(raw_lines[start + 1:], lines[start + 1:]):
        if _STOP.match(line):
            break
        if not line:
            continue
        if is_caption(line):
            _add_caption(page, line)
            continue
        kept = _take_metadata(page, line)
        if kept is None or is_boilerplate(kept):
            continue
        kept = re.sub(r"\*{2,}$", "", kept).strip()
        page.body.append(raw.replace(line, kept) if kept != line else raw)
    return page


def _split_multi_article_page(text: str) -> list[_Page]:
    """Seed 001: ten articles, each ``title / blank / title / author box / 수정 / summary / body``."""
    lines = text.splitlines()
    starts = [i for i in range(len(lines) - 3)
              if lines[i].strip() and lines[i] == lines[i + 2] and lines[i + 3].strip() == "Picture"]
    pages = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        pages.append(_parse_boxed_article(lines[start:end]))
    return pages


def _parse_boxed_article(lines: list[str]) -> _Page:
    title_line = clean_line(lines[0])
    section = None
    m = _SECTION.match(title_line)
    if m:
        section, title_line = m.group(1), m.group(2).strip()
    page = _Page(title=title_line, lang="ko", section=section)
    i = 3
    i, author = _skip_author_box(lines, i)
    page.author = author
    # "수정" (edit button), then the summary lines up to the first blank line
    while i < len(lines) and clean_line(lines[i]) in ("", "수정"):
        i += 1
    while i < len(lines) and clean_line(lines[i]):
        line = clean_line(lines[i])
        if is_caption(line):
            _add_caption(page, line)
        elif not is_boilerplate(line):
            page.summary.append(line)
        i += 1
    body: list[str] = []
    while i < len(lines):
        if clean_line(lines[i]) == "Picture":  # the author box repeated under the article
            break
        body.append(lines[i])
        i += 1
    korean, english = _split_english_original(body)
    for raw in korean:
        line = clean_line(raw)
        if not line:
            continue
        if is_caption(line):
            _add_caption(page, line)
            continue
        if _take_metadata(page, line) is None:
            continue
        page.body.append(raw)
    page.english = _parse_english_original(english) if english else None
    return page


def _skip_author_box(lines: list[str], i: int) -> tuple[int, str | None]:
    """Skip ``Picture / Member for / … / Real name / NAME / Position / … / Bio / email / bio``."""
    author = None
    while i < len(lines):
        line = clean_line(lines[i])
        if line == "Real name" and i + 1 < len(lines):
            author = clean_line(lines[i + 1])
        if line == "Bio":
            i += 1
            while i < len(lines) and clean_line(lines[i]):  # email, then the bio sentences
                i += 1
            return i, author
        i += 1
    return i, author


def _split_english_original(body: list[str]) -> tuple[list[str], list[str]]:
    """The English original starts at the first non-empty line after which no Hangul appears."""
    last_korean = max((i for i, line in enumerate(body) if hangul_ratio(line) > 0.2), default=-1)
    rest = [line for line in body[last_korean + 1:] if line.strip()]
    english_words = sum(len(line.split()) for line in rest)
    if english_words < 100:
        return body, []
    return body[: last_korean + 1], body[last_korean + 1:]


def _parse_english_original(lines: list[str]) -> _Page:
    content = [line for line in lines if clean_line(line)]
    page = _Page(title=clean_line(content[0]), lang="en", subtitle=clean_line(content[1]))
    i = 2
    if i < len(content) and clean_line(content[i]).lower() == "at a glance":
        i += 1
        while i < len(content) and re.match(r"^\s*[•·\-*]", content[i].replace("\u00a0", " ")):
            page.summary.append(re.sub(r"^\s*[•·\-*]\s*", "", clean_line(content[i])))
            i += 1
    page.body = content[i:]
    return page


def import_seeds(corpus, seeds_dir: Path) -> tuple[list[Document], list[Path]]:
    """(Re)write the seed documents into ``corpus``; documents users added are left alone.

    Returns the seed documents and the files that changed (none on a re-run).
    """
    documents = load_seed_documents(seeds_dir)
    with corpus.locked():
        wanted = {d.id for d in documents}
        for old in corpus.documents():
            if (old.origin or "").startswith("seed:") and old.id not in wanted:
                corpus.remove(old)
        clashes = [d for d in corpus.documents() if d.id in wanted and not (d.origin or "").startswith("seed:")]
        if clashes:
            raise CorpusError(f"{corpus.path_of(clashes[0])}: a document you added uses the seed id "
                              f"{clashes[0].id!r}; rename or remove it before importing the seeds")
        written = corpus.write(documents)
    return documents, written
