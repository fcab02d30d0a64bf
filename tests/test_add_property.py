"""`korpus add` over generated inputs (hypothesis): random bytes, random Korean/English/French
text in the encodings people save it in, and small HTML pages around such text.

Whatever the input, the outcome is one of two: a one-line ``Error:`` (exit 1) with the corpus
unchanged, or an added document whose title and paragraphs are exactly the intended text.
"""

from __future__ import annotations

import html
import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from korpus.cli import cli
from korpus.corpus import Corpus
from korpus.textio import has_hangul, hangul_ratio

from .conftest import snapshot

SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

HANGUL = st.integers(0xAC00, 0xD7A3).map(chr)
ASCII_LETTER = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
ACCENTED = st.sampled_from("àâçéèêëîïôùûüÿœæÀÇÉÈÊÎÔÙäöüßÄÖÜñáíóúÑ")
LATIN_1 = set(map(chr, range(256)))
PUNCTUATION = st.sampled_from(list(",;:!?()[]<>*_\\#&'\"%+-") + ["…", "“", "”", "·"])

korean_word = st.text(HANGUL, min_size=1, max_size=5)
english_word = st.text(ASCII_LETTER, min_size=1, max_size=9)
french_word = st.builds(lambda head, accent, tail: head + accent + tail, english_word, ACCENTED,
                        st.text(ASCII_LETTER, max_size=4))
number = st.integers(0, 9999).map(str)


def words(word: st.SearchStrategy[str], min_size: int) -> st.SearchStrategy[list[str]]:
    """Words, some followed by punctuation, that korpus must keep exactly."""
    with_punct = st.tuples(word, st.one_of(st.just(""), PUNCTUATION)).map("".join)
    return st.lists(st.one_of(with_punct, word, number), min_size=min_size, max_size=30)


def article(word: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, list[str]]]:
    """A title and paragraphs shaped as articles are: sentences that end with a full stop and are
    long enough not to pass for subheadings, a title that does not, no paragraph twice (HTML
    extraction drops a repeated paragraph as page furniture)."""
    paragraph = words(word, 12).map(lambda ws: "A " + " ".join(ws) + ".")
    title = words(word, 2).map(lambda ws: " ".join(ws[:8]).rstrip(".") + " T")
    return st.tuples(title, st.lists(paragraph, min_size=1, max_size=4, unique=True))


korean_text = article(st.one_of(korean_word, korean_word, korean_word, english_word))
english_text = article(english_word)
french_text = article(st.one_of(english_word, english_word, english_word, french_word))


def plain_file(title: str, paragraphs: list[str]) -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def html_page(title: str, paragraphs: list[str], tags: list[str]) -> str:
    """A small page: navigation, the article with inline formatting around one word of each
    paragraph, a footer."""
    body = []
    for paragraph, tag in zip(paragraphs, tags * len(paragraphs)):
        head, _, rest = paragraph.partition(" ")
        body.append(f"<p><{tag}>{html.escape(head)}</{tag}> {html.escape(rest)}</p>")
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{html.escape(title)}</h1>{''.join(body)}"
            "</article><footer>Copyright 2024</footer></body></html>")


def lang_of(paragraphs: list[str]) -> str:
    return "ko" if hangul_ratio(" ".join(paragraphs)) > 0.5 else "en"


def run_add(name: str, data: bytes, *options: str):
    """``korpus add`` on a fresh empty corpus; returns (result, corpus, files before)."""
    root = Path(tempfile.mkdtemp())
    corpus = root / "corpus"
    corpus.mkdir()
    path = root / name
    path.write_bytes(data)
    before = snapshot(corpus)
    result = CliRunner().invoke(cli, ["--corpus", str(corpus), "add", str(path), "--json", *options])
    return result, corpus, before


def assert_refused_cleanly(result, corpus: Path, before: dict) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")] == [result.stderr.strip()]
    assert snapshot(corpus) == before


def added_document(result, corpus: Path):
    assert result.exit_code == 0, result.output
    assert isinstance(result.exception, (SystemExit, type(None))), repr(result.exception)
    (created,) = json.loads(result.stdout)
    return Corpus(corpus).get(created["id"])


def assert_added_exactly(result, corpus: Path, title: str, paragraphs: list[str]) -> None:
    doc = added_document(result, corpus)
    assert doc.title == title
    assert list(doc.paragraphs) == paragraphs


@SETTINGS
@given(st.binary(min_size=1, max_size=400), st.sampled_from(["a.txt", "a.md", "a.html"]))
@example(b"\xc3\xa9t\xe9 \xc7\xd1 " * 3, "a.txt")
def test_random_bytes_are_refused_cleanly_or_added(data, name):
    result, corpus, before = run_add(name, data, "--title", "Title")
    event("added" if result.exit_code == 0 else "refused")
    if result.exit_code == 0:
        assert added_document(result, corpus).title == "Title"
    else:
        assert_refused_cleanly(result, corpus, before)


UNICODE_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]


@SETTINGS
@given(st.one_of(korean_text, english_text, french_text), st.sampled_from(UNICODE_ENCODINGS))
@example(("가 가 T", ["A 가 가 가 가 가 가 가 A AAAA A A 가."]), "utf-16-le")  # Hangul and Latin: one text
@example(("0 A T", ["A A A A A A A A A 0 0 100 1000."]), "utf-16-le")  # digits are text too
def test_text_in_a_unicode_encoding_is_added_exactly(text, encoding):
    title, paragraphs = text
    result, corpus, _ = run_add("a.txt", plain_file(title, paragraphs).encode(encoding), "--lang", lang_of(paragraphs))
    assert_added_exactly(result, corpus, title, paragraphs)


@SETTINGS
@given(korean_text)
@example(("AAAAA AAAAA T", ["A 가 가 A AAA AAAA AAAAAA 100 1000 AA 가 A 퀬."]))  # once "CP949 or CP1252"
@example(("A A T", ["A A A A A A A A A A A A 혽."]))  # one rare syllable reads as both: --lang ko settles it
def test_korean_text_in_cp949_is_added_exactly(text):
    """As a learner adds a Korean article: with --lang ko (a text holding no Hangul is ASCII here)."""
    title, paragraphs = text
    lang = "ko" if has_hangul(title + " ".join(paragraphs)) else "en"
    result, corpus, _ = run_add("a.txt", plain_file(title, paragraphs).encode("cp949"), "--lang", lang)
    assert_added_exactly(result, corpus, title, paragraphs)


@SETTINGS
@given(st.one_of(french_text, english_text), st.sampled_from(["cp1252", "latin-1"]))
@example(("A A T", ["A A A A A A A A A A A A Aß…."]), "cp1252")  # once read as UTF-8 (NKo U+07C5)
@example(("1 A T", ["A A A A A AàA aAà aAaAà A A A A Aß…."]), "cp1252")  # once "a binary file"
def test_western_text_in_a_legacy_encoding_is_added_exactly_or_refused(text, encoding):
    """An uncertain guess may be refused (naming --encoding), never garbled."""
    title, paragraphs = text
    assume(all(c in LATIN_1 for c in plain_file(title, paragraphs)) or encoding == "cp1252")
    data = plain_file(title, paragraphs).encode(encoding)
    result, corpus, before = run_add("a.txt", data, "--lang", "fr")
    event("added" if result.exit_code == 0 else "refused")
    if result.exit_code == 0:
        assert_added_exactly(result, corpus, title, paragraphs)
    else:
        assert_refused_cleanly(result, corpus, before)
        assert "--encoding" in result.stderr


@SETTINGS
@given(st.one_of(korean_text, english_text, french_text),
       st.lists(st.sampled_from(["em", "i", "u", "b", "strong", "mark", "sup", "span", "a"]), min_size=1, max_size=3),
       st.sampled_from(["utf-8", "utf-16"]))
@example(("가 가 T", ["A 가 가 가 가 가 가 가 가 가 가 가 가."]), ["em"], "utf-8")  # once menu + title + text in one block
def test_html_pages_give_exactly_their_article_text(text, tags, encoding):
    title, paragraphs = text
    data = html_page(title, paragraphs, tags).encode(encoding)
    result, corpus, before = run_add("a.html", data, "--lang", lang_of(paragraphs))
    event("added" if result.exit_code == 0 else "refused")
    if result.exit_code == 0:
        assert_added_exactly(result, corpus, title, paragraphs)
    else:
        assert_refused_cleanly(result, corpus, before)
        assert "no article text found" in result.stderr
