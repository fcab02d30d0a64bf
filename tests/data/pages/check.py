"""Check the news-page test set: every page parses and has a well-formed expected file.

Run from anywhere: ``python tests/data/pages/check.py``. Exit code 0 when all is well,
1 with one line per problem otherwise. It checks the data, not korpus: that every
``NAME.html`` has ``NAME.expected.json`` with exactly the documented keys, that the page
decodes with its declared charset (``euc-kr`` read as CP949, as browsers do) and parses
with lxml, and that every expected text (title, paragraphs, captions, notes, summary)
really occurs in the page in that order, so a typo in an expected file cannot pass.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import lxml.html

HERE = Path(__file__).resolve().parent
KEYS = {"title", "source", "url", "date", "author", "summary", "captions", "notes", "paragraphs"}
KINDS = {"paragraph", "heading", "item"}
# browsers read a page labelled euc-kr as windows-949 (WHATWG Encoding Standard)
CODECS = {"euc-kr": "cp949", "ks_c_5601-1987": "cp949", "utf-8": "utf-8"}
# what must never be left in an expected text: furniture the README says goes out
FURNITURE = [
    (re.compile(r"\\[^\w\s]"), "a backslash escape (Markdown)"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "an e-mail address"),
    (re.compile(r"무단\s*전재|재배포"), "a copyright line"),
    (re.compile(r"^\s*[▲▼]"), "a leading ▲/▼"),
    (re.compile(r"(?:사진|그래픽)\s*=|\[편집자주\]|^\(\S+=연합뉴스\)|^\[\S+=\S+ \S+ 기자\]|^【\S+】"),
     "a credit, dateline or editor's-note label"),
    (re.compile(r"^(?:입력|수정|등록|송고)\s*:?\s*\d"), "a date stamp"),
    (re.compile(r"</?[a-z]+[^>]*>|&[a-z]+;|&#\d+;"), "an HTML tag or entity"),
]


def declared_charset(raw: bytes) -> str:
    found = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.I)
    return found.group(1).decode("ascii").lower() if found else "utf-8"


def squeeze(text: str) -> str:
    """Text with each run of spaces, line breaks and no-break spaces made one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def expected_texts(expected: dict) -> list[tuple[str, str]]:
    texts = [("title", expected["title"])]
    texts += [("summary", s) for s in expected["summary"]]
    texts += [(f"paragraph {i + 1}", p["text"]) for i, p in enumerate(expected["paragraphs"])]
    texts += [("caption", c) for c in expected["captions"]]
    texts += [("note", n) for n in expected["notes"]]
    return texts


def check_shape(name: str, expected: dict) -> list[str]:
    problems = []
    if set(expected) != KEYS:
        problems.append(f"{name}: keys {sorted(expected)}; expected {sorted(KEYS)}")
        return problems
    for key in ("title", "source", "url", "date"):
        if not isinstance(expected[key], str) or not expected[key]:
            problems.append(f"{name}: {key} must be a non-empty string")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", expected["date"] or ""):
        problems.append(f"{name}: date {expected['date']!r} is not YYYY-MM-DD")
    if not str(expected["url"]).startswith(("http://", "https://")):
        problems.append(f"{name}: url {expected['url']!r} is not an http(s) URL")
    if "://" in str(expected["source"]):
        problems.append(f"{name}: source {expected['source']!r} must be a name, not a URL")
    author = expected["author"]
    if author is not None and (not isinstance(author, str) or "기자" in author or "@" in author):
        problems.append(f"{name}: author {author!r} must be a name without '기자' or e-mail")
    for key in ("summary", "captions", "notes"):
        if not isinstance(expected[key], list) or not all(isinstance(s, str) and s for s in expected[key]):
            problems.append(f"{name}: {key} must be a list of non-empty strings")
    paragraphs = expected["paragraphs"]
    if not 5 <= len([p for p in paragraphs if p.get("kind") == "paragraph"]) <= 12:
        problems.append(f"{name}: {len(paragraphs)} blocks; a page holds 5-12 paragraphs")
    for i, block in enumerate(paragraphs, 1):
        if set(block) != {"kind", "text"} or block["kind"] not in KINDS or not block["text"]:
            problems.append(f"{name}: paragraph {i} must be {{kind: one of {sorted(KINDS)}, text: non-empty}}")
    return problems


def readable(expected: dict) -> bool:
    """Whether the texts can be looked for in the page, even when some value is wrong."""
    return set(expected) == KEYS and all(
        isinstance(block, dict) and isinstance(block.get("text"), str) for block in expected["paragraphs"])


def check_texts(name: str, expected: dict, page_text: str) -> list[str]:
    problems = []
    for where, text in expected_texts(expected):
        if text != text.strip() or "  " in text:
            problems.append(f"{name}: {where} has untrimmed or doubled spaces: {text!r}")
        for pattern, what in FURNITURE:
            if pattern.search(text):
                problems.append(f"{name}: {where} holds {what}: {text!r}")
    body = squeeze(page_text)
    position = 0
    for i, block in enumerate(expected["paragraphs"], 1):
        found = body.find(squeeze(block["text"]), position)
        if found < 0:
            problems.append(f"{name}: paragraph {i} not found in the page (after paragraph {i - 1}): "
                            f"{block['text'][:40]!r}")
        else:
            position = found
    for where, text in expected_texts(expected):
        if not where.startswith("paragraph") and squeeze(text) not in body:
            problems.append(f"{name}: {where} not found in the page: {text[:40]!r}")
    return problems


def check_page(page: Path) -> list[str]:
    name = page.name
    expected_path = page.with_name(page.stem + ".expected.json")
    if not expected_path.exists():
        return [f"{name}: no {expected_path.name}"]
    try:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
    except ValueError as err:
        return [f"{expected_path.name}: not valid JSON ({err})"]
    raw = page.read_bytes()
    charset = declared_charset(raw)
    try:
        html = raw.decode(CODECS.get(charset, charset))
    except (LookupError, UnicodeDecodeError) as err:
        return [f"{name}: does not decode as its declared charset {charset} ({err})"]
    tree = lxml.html.document_fromstring(html)
    for junk in tree.xpath("//script | //style"):
        junk.drop_tree()
    for br in tree.iter("br"):  # a line break reads as a space, as the README says
        br.tail = " " + (br.tail or "")
    problems = check_shape(expected_path.name, expected)
    if readable(expected):
        problems += check_texts(expected_path.name, expected, tree.text_content())
    return problems


def main() -> int:
    pages = sorted(HERE.glob("*.html"))
    orphans = [p.name for p in HERE.glob("*.expected.json") if not p.with_name(p.name[:-14] + ".html").exists()]
    problems = [f"{name}: no page for this expected file" for name in orphans]
    for page in pages:
        problems += check_page(page)
    for problem in problems:
        print(problem)
    print(f"{len(pages)} pages, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
