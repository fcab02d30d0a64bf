"""The user's gloss file, ``corpus/glossary.tsv``, as it may really be found: a folder, a FIFO,
a link to a device, binary, or with a bad line.  Every command that reads it gives one
``Error:`` line naming the file (and the line), never a traceback, and never blocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from korpus.cli import cli

from .conftest import snapshot


def folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.tsv").write_text("가속기\tnoun\taccelerator\n", encoding="utf-8")


def fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would block for ever


def device(path: Path) -> None:
    path.symlink_to("/dev/zero")  # reading it would never end


def binary(path: Path) -> None:
    path.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)


def bad_line(path: Path) -> None:
    path.write_text("# my glosses\n가속기\tnoun\taccelerator\n코발트 cobalt\n", encoding="utf-8")


GLOSSARY_FILES = [
    pytest.param(folder, "glossary.tsv: is a folder, not a file", id="folder"),
    pytest.param(fifo, "glossary.tsv: is not a regular file (a FIFO, device or socket)", id="fifo"),
    pytest.param(device, "glossary.tsv: is not a regular file (a FIFO, device or socket)", id="device"),
    pytest.param(binary, "glossary.tsv: looks like a binary file", id="binary"),
    pytest.param(bad_line, "glossary.tsv, line 3: expected lemma<TAB>pos<TAB>gloss", id="bad-line"),
]


@pytest.mark.parametrize("make, message", GLOSSARY_FILES)
@pytest.mark.parametrize("args", [["vocab"], ["export"], ["show", "--gloss", "ms-ai-chips-ko"]],
                         ids=["vocab", "export", "show"])
def test_a_glossary_file_korpus_cannot_read_is_one_clear_error(runner, corpus_copy, make, message, args):
    make(corpus_copy / "glossary.tsv")
    before = snapshot(corpus_copy)
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), *args])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr and str(corpus_copy / "glossary.tsv") in result.stderr, result.stderr
    assert snapshot(corpus_copy) == before
