"""Bad input, table-driven (spaCy style): every hostile or careless input korpus may meet,
the exit code and the message fragment it must give, and proof that it changed nothing.

A case is a row: how to prepare the bad input inside a scratch corpus, the korpus command
line, the expected exit code and a fragment of the one-line message.  After the command,
the corpus is byte-identical to before (unless the row says the command repairs it), the
error is one line, and there is never a Python traceback.

Each area keeps its own list of rows below; add a row for every refused input.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from korpus.cli import cli

from .conftest import snapshot

Setup = Callable[[Path, Path], "list[str] | None"]  # (tmp_path, corpus) -> extra argv or None


@dataclass(frozen=True)
class Case:
    """One bad input: ``args`` may hold ``{tmp}`` and ``{corpus}``, filled in at run time."""

    id: str
    args: tuple[str, ...]
    code: int
    message: str
    setup: Setup | None = None
    changes_corpus: bool = False  # a repair (e.g. a damaged derived file rebuilt)
    env: dict = field(default_factory=dict)


def run_case(runner, tmp_path: Path, corpus: Path, case: Case):
    if case.setup is not None:
        case.setup(tmp_path, corpus)
    before = snapshot(corpus)
    args = [a.format(tmp=tmp_path, corpus=corpus) for a in case.args]
    env = {k: v.format(tmp=tmp_path, corpus=corpus) for k, v in case.env.items()}
    result = runner.invoke(cli, ["--corpus", str(corpus), *args], env=env or None)
    output = result.output
    assert result.exit_code == case.code, output
    if not isinstance(result.exception, (SystemExit, type(None))):
        raise AssertionError(f"traceback instead of an error: {result.exception!r}\n{output}")
    assert "Traceback" not in output
    assert case.message in output, output
    if case.code != 0:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, result.stderr
        assert case.message in errors[0], result.stderr
    if not case.changes_corpus:
        assert snapshot(corpus) == before, "the corpus changed"
    return result


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- korpus add: files, encodings, options -------------------------------------------------
KOREAN_ARTICLE = ("엔비디아가 새로운 인공지능 칩을 발표했다\n\n"
                  "엔비디아는 18일 미국 새너제이에서 열린 개발자 행사에서 차세대 그래픽처리장치를 공개했다.\n\n"
                  "회사는 이 칩이 기존 제품보다 전력 효율이 두 배 높다고 밝혔다.\n")
ENGLISH_ARTICLE = ("Nvidia unveils a new AI chip\n\n"
                   "Nvidia on Monday showed its next graphics processor at a developer event in San Jose.\n\n"
                   "The company said the chip is twice as power efficient as the one it replaces.\n")


def article(name: str, data: bytes | str) -> Setup:
    """A setup that writes the article file ``{tmp}/name``."""
    return lambda tmp, corpus: write(tmp / name, data) and None


def fifo(name: str) -> Setup:
    return lambda tmp, corpus: os.mkfifo(tmp / name)


def with_nul(data: bytes, at: int) -> bytes:
    data = data[:at] + b"\x00" + data[at:]
    return data + b"\n" * (len(data) % 2)  # even, so that it could pass for UTF-16


ADD_CASES: list[Case] = [
    Case("missing file", ("add", "{tmp}/nope.txt"), 1, "no such file"),
    Case("a folder", ("add", "{tmp}"), 1, "is a folder; give the article files inside it"),
    Case("uncertain legacy encoding", ("add", "{tmp}/a.txt"), 1, "a.txt: cannot tell its encoding for sure: it reads as",
         article("a.txt", "Caf\xe9 \xc7\xd1 ouvert\n\nCaf\xe9 \xc7\xd1 ouvert".encode("latin-1"))),
    Case("unknown --encoding", ("add", "{tmp}/a.txt", "--encoding", "klingon"), 1,
         "--encoding 'klingon' is not a text encoding Python knows", article("a.txt", KOREAN_ARTICLE)),
    Case("bytes --encoding cannot decode", ("add", "{tmp}/a.txt", "--encoding", "utf-8"), 1,
         "a.txt: is not valid UTF-8: byte 0xbf at byte 0 does not decode", article("a.txt", KOREAN_ARTICLE.encode("cp949"))),
    Case("utf-8 with one NUL, with --title", ("add", "{tmp}/a.txt", "--title", "제목"), 1,
         "a.txt: looks like a binary file: it holds a NUL byte at byte 100,",
         article("a.txt", with_nul(KOREAN_ARTICLE.encode("utf-8"), 100))),
    Case("english with one NUL", ("add", "{tmp}/a.txt", "--title", "Title"), 1, "holds a NUL byte at byte 30,",
         article("a.txt", with_nul(ENGLISH_ARTICLE.encode("utf-8"), 30))),
    Case("invalid utf-8", ("add", "{tmp}/a.txt"), 1, "a.txt: invalid UTF-8 at byte 16; give its encoding with --encoding NAME",
         article("a.txt", KOREAN_ARTICLE.encode("utf-8")[:16] + b"\xff" + KOREAN_ARTICLE.encode("utf-8")[16:])),
    Case("utf-8 and cp949 mixed", ("add", "{tmp}/a.txt"), 1, "a.txt: mixes UTF-8 and CP949/EUC-KR",
         article("a.txt", KOREAN_ARTICLE.encode("utf-8") + KOREAN_ARTICLE.encode("cp949"))),
    Case("unknown --lang", ("add", "{tmp}/a.txt", "--lang", "xx"), 1,
         "--lang 'xx' is not a language korpus supports; use one of de (German), en (English)",
         article("a.txt", KOREAN_ARTICLE)),
    Case("--lang en on Korean", ("add", "{tmp}/a.txt", "--lang", "en-US"), 1,
         "a.txt: --lang en was given but the text is mostly Korean (Hangul)", article("a.txt", KOREAN_ARTICLE)),
    Case("--lang ko on English", ("add", "{tmp}/a.txt", "--lang", "KO"), 1,
         "a.txt: --lang ko was given but the text holds no Korean", article("a.txt", ENGLISH_ARTICLE)),
    Case("--date not in the calendar", ("add", "{tmp}/a.txt", "--date", "2024-02-30"), 1,
         "--date 2024-02-30 is not a calendar date", article("a.txt", KOREAN_ARTICLE)),
    Case("--date month 13", ("add", "{tmp}/a.txt", "--date", "2024-13-01"), 1,
         "--date 2024-13-01 is not a calendar date", article("a.txt", KOREAN_ARTICLE)),
    Case("--title with ESC", ("add", "{tmp}/a.txt", "--title", "\x1b[2J\x1b]0;pwned\x07제목"), 1,
         "--title holds a control character (such as ESC or BEL)", article("a.txt", KOREAN_ARTICLE)),
    Case("--title with DEL", ("add", "{tmp}/a.txt", "--title", "제\x7f목"), 1,
         "--title holds a control character", article("a.txt", KOREAN_ARTICLE)),
    Case("--title with a C1 control", ("add", "{tmp}/a.txt", "--title", "제\x9b31m목"), 1,
         "--title holds a control character", article("a.txt", KOREAN_ARTICLE)),
    Case("--title blank", ("add", "{tmp}/a.txt", "--title", "  "), 1, "--title is blank",
         article("a.txt", KOREAN_ARTICLE)),
    Case("--url with a space", ("add", "{tmp}/a.txt", "--url", "https://example.com/a b"), 1,
         "--url 'https://example.com/a b' holds a space or control character", article("a.txt", KOREAN_ARTICLE)),
    Case("--url with a control", ("add", "{tmp}/a.txt", "--url", "https://example.com/\x1b[2J"), 1,
         "holds a space or control character", article("a.txt", KOREAN_ARTICLE)),
    Case("a FIFO", ("add", "{tmp}/pipe.txt"), 1, "pipe.txt: is a named pipe (FIFO), not a regular file", fifo("pipe.txt")),
    Case("/dev/zero", ("add", "/dev/zero"), 1, "/dev/zero: is a character device, not a regular file"),
    Case("/dev/urandom", ("add", "/dev/urandom"), 1, "/dev/urandom: is a character device, not a regular file"),
    Case("a file larger than st_size says", ("add", "/proc/self/status", "--max-size", "200"), 1,
         "/proc/self/status: file is larger than it says, over the 0.0 MB limit"),
]

# --- korpus dict: dictionary archives and the store -----------------------------------------
DICT_CASES: list[Case] = []

# --- reader, deck, export: outputs built from corpus data -----------------------------------
OUTPUT_CASES: list[Case] = []

# --- hand-edited or damaged corpus files ------------------------------------------------------
CORPUS_CASES: list[Case] = []


ALL_CASES = ADD_CASES + DICT_CASES + OUTPUT_CASES + CORPUS_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_bad_input(runner, tmp_path, corpus_copy, case):
    run_case(runner, tmp_path, corpus_copy, case)


def test_case_ids_are_unique():
    ids = [c.id for c in ALL_CASES]
    assert len(ids) == len(set(ids))
