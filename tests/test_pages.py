"""Korean news pages come in clean: ``korpus add page.html`` gives exactly what a careful
editor keeps (tests/data/pages/README.md is the specification, NAME.expected.json the answer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from korpus.cli import cli
from korpus.corpus import Corpus

PAGES = Path(__file__).parent / "data" / "pages"
PAGE_NAMES = sorted(p.name[: -len(".expected.json")] for p in PAGES.glob("*.expected.json"))


def added_document(runner, tmp_path: Path, page: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = runner.invoke(cli, ["--corpus", str(corpus), "add", str(page)])
    assert result.exit_code == 0, result.output
    (document,) = Corpus(corpus).documents()
    return document


def as_expected(document) -> dict:
    """The document in the expected file's shape."""
    return {
        "title": document.title, "source": document.source, "url": document.url, "date": document.date,
        "author": document.author, "summary": list(document.summary), "captions": list(document.captions),
        "notes": list(document.notes),
        "paragraphs": [{"kind": b.kind, "text": b.text} for b in document.blocks],
    }


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_comes_in_clean(runner, tmp_path, name):
    expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    got = as_expected(added_document(runner, tmp_path, PAGES / f"{name}.html"))
    assert "\\" not in json.dumps(got, ensure_ascii=False).replace('\\"', "")
    for key in ("title", "source", "url", "date", "author", "summary", "captions", "notes"):
        assert got[key] == expected[key], key
    assert got["paragraphs"] == expected["paragraphs"]


def test_the_page_set_is_complete():
    assert len(PAGE_NAMES) == 15
