"""Bad input, table-driven (spaCy style): every hostile or careless input korpus may meet,
the exit code and the message fragment it must give, and proof that it changed nothing.

A case is a row: how to prepare the bad input inside a scratch corpus, the korpus command
line, the expected exit code and a fragment of the one-line message.  After the command,
the corpus is byte-identical to before (unless the row says the command repairs it), the
error is one line, and there is never a Python traceback.

Each area keeps its own list of rows below; add a row for every refused input.
"""

from __future__ import annotations

import shutil
import socket
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
ADD_CASES: list[Case] = [
    Case("missing file", ("add", "{tmp}/nope.txt"), 1, "no such file"),
]

# --- korpus dict: dictionary archives and the store -----------------------------------------
DICT_CASES: list[Case] = []

# --- reader, deck, export: outputs built from corpus data -----------------------------------
def article_with_id_leading_outside(tmp_path: Path, corpus: Path) -> None:
    """A hand-edited copy of an annotated article whose id climbs out of ``--out``."""
    story = corpus / "hostile-id"
    story.mkdir()
    shutil.copy(corpus / "kakao-capex" / "ko.conllu", story / "ko.conllu")
    text = (corpus / "kakao-capex" / "ko.md").read_text(encoding="utf-8")
    write(story / "ko.md", text.replace("id: kakao-capex-ko", "id: ../escaped", 1))


def a_regular_file(tmp_path: Path, corpus: Path) -> None:
    write(tmp_path / "file.txt", "not a folder")


_HELD_SOCKETS: list[socket.socket] = []


def port_8000_in_use(tmp_path: Path, corpus: Path) -> None:
    """Listen on 127.0.0.1:8000 (``--serve``'s default) until the test run ends; if something
    else already listens there, the port is in use all the same."""
    held = socket.socket()
    try:
        held.bind(("127.0.0.1", 8000))
        held.listen()
    except OSError:
        held.close()
        return
    _HELD_SOCKETS.append(held)


OUTPUT_CASES: list[Case] = [
    Case("reader: id leading outside --out", ("reader", "--out", "{tmp}/site"), 1, "hostile-id/ko.md",
         setup=article_with_id_leading_outside),
    Case("reader: --out inside a file", ("reader", "--out", "{tmp}/file.txt/site"), 1,
         "cannot write", setup=a_regular_file),
    Case("reader: --serve on a port in use", ("reader", "--out", "{tmp}/site", "--serve"), 1,
         "port 8000 on 127.0.0.1 is in use; pass --port N", setup=port_8000_in_use),
    Case("deck: --out inside a file", ("deck", "--out", "{tmp}/file.txt/korpus.apkg"), 1,
         "cannot write", setup=a_regular_file),
]

# --- hand-edited or damaged corpus files ------------------------------------------------------
CORPUS_CASES: list[Case] = []


ALL_CASES = ADD_CASES + DICT_CASES + OUTPUT_CASES + CORPUS_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_bad_input(runner, tmp_path, corpus_copy, case):
    run_case(runner, tmp_path, corpus_copy, case)


def test_case_ids_are_unique():
    ids = [c.id for c in ALL_CASES]
    assert len(ids) == len(set(ids))
