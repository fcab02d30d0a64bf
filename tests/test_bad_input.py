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
import shutil
import socket
import sqlite3
import zipfile
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
    Case("a folder without articles", ("add", "{tmp}"), 1, "is a folder without article files (.txt, .md, .html)"),
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
_INDEX = '{"title": "Bad input", "revision": "1", "format": 3}'
_BANK = '[["가속기", "", "", "", 0, ["accelerator"]]]'


def _yomitan(tmp: Path, members: dict[str, str]) -> None:
    """``{tmp}/dict.zip`` holding ``members`` (an index.json is added when missing)."""
    with zipfile.ZipFile(tmp / "dict.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {"index.json": _INDEX, **members}.items():
            archive.writestr(zipfile.ZipInfo(name), text, zipfile.ZIP_DEFLATED)


def _zip_bomb(tmp: Path, corpus: Path) -> None:
    """256 MB of zeros in one term bank (~260 KB zipped), written in blocks."""
    with zipfile.ZipFile(tmp / "dict.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.json", _INDEX)
        with archive.open("term_bank_1.json", "w", force_zip64=True) as bank:
            for _ in range(256):
                bank.write(bytes(1024 * 1024))


def _damaged_member(tmp: Path, corpus: Path) -> None:
    _yomitan(tmp, {"term_bank_1.json": _BANK * 50})
    data = bytearray((tmp / "dict.zip").read_bytes())
    start = data.index(b"term_bank_1.json") + len("term_bank_1.json")  # its deflated bytes follow
    data[start + 10:start + 30] = bytes(20)
    (tmp / "dict.zip").write_bytes(data)


def _deep_content(tmp: Path, corpus: Path) -> None:
    content = '"deep"'
    for _ in range(400):
        content = f'{{"tag": "div", "content": [{content}]}}'
    _yomitan(tmp, {"term_bank_1.json": f'[["가속기", "", "", "", 0, [{{"type": "structured-content", '
                                       f'"content": {content}}}]]]'})


def _store(make: Callable[[Path], None]) -> Setup:
    """A setup that puts a dictionary store made by ``make`` in ``{tmp}/home``."""
    def setup(tmp: Path, corpus: Path) -> None:
        (tmp / "home").mkdir()
        make(tmp / "home" / "dictionaries.sqlite3")
    return setup


def _foreign_database(path: Path) -> None:
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE songs (title TEXT, artist TEXT)")
    db.close()


def _foreign_store_and_a_dictionary(tmp: Path, corpus: Path) -> None:
    _store(_foreign_database)(tmp, corpus)
    write(tmp / "kengdic.tsv", "1\t가속기\t\taccelerator\n")


def _home_is_a_file(tmp: Path, corpus: Path) -> None:
    write(tmp / "home", "a file\n")


def _user_glossary(data: bytes | str) -> Setup:
    def setup(tmp: Path, corpus: Path) -> None:
        write(corpus / "glossary.tsv", data)
    return setup


_HOME = {"KORPUS_HOME": "{tmp}/home"}
_REFUSED_STORE = "so korpus cannot use it as its dictionary store; move it away"

DICT_CASES: list[Case] = [
    Case("dict: zip bomb", ("dict", "add", "{tmp}/dict.zip"), 1,
         "term_bank_1.json declares 256 MB unpacked, over the 200 MB limit for one member", _zip_bomb),
    Case("dict: damaged zip member", ("dict", "add", "{tmp}/dict.zip"), 1,
         "term_bank_1.json cannot be unpacked", _damaged_member),
    Case("dict: member name with ..", ("dict", "add", "{tmp}/dict.zip"), 1, "unsafe member name '../x.json'",
         lambda tmp, corpus: _yomitan(tmp, {"term_bank_1.json": _BANK, "../x.json": "[]"})),
    Case("dict: absolute member name", ("dict", "add", "{tmp}/dict.zip"), 1, "unsafe member name '/etc/x.json'",
         lambda tmp, corpus: _yomitan(tmp, {"term_bank_1.json": _BANK, "/etc/x.json": "[]"})),
    Case("dict: member name with a backslash", ("dict", "add", "{tmp}/dict.zip"), 1,
         "unsafe member name '..\\\\x.json'",
         lambda tmp, corpus: _yomitan(tmp, {"term_bank_1.json": _BANK, "..\\x.json": "[]"})),
    Case("dict: structured content nested too deeply", ("dict", "add", "{tmp}/dict.zip"), 1,
         "term_bank_1.json, row 1: structured content nested more than 100 levels deep", _deep_content),
    Case("dict: JSON nested past the parser's limit", ("dict", "add", "{tmp}/dict.zip"), 1,
         "term_bank_1.json is nested too deeply to be read as JSON",
         lambda tmp, corpus: _yomitan(tmp, {"term_bank_1.json": "[" * 100_000 + "]" * 100_000})),
    Case("dict: kengdic TSV is a folder", ("dict", "add", "{tmp}/kengdic.tsv"), 1, "kengdic.tsv: is a folder",
         lambda tmp, corpus: (tmp / "kengdic.tsv").mkdir()),
    Case("dict: kengdic TSV is a FIFO", ("dict", "add", "{tmp}/kengdic.tsv"), 1,
         "kengdic.tsv: is not a regular file", lambda tmp, corpus: os.mkfifo(tmp / "kengdic.tsv")),
    Case("dict: store is garbage", ("dict", "list"), 1, f"SQLite cannot read it (file is not a database), "
         f"{_REFUSED_STORE}", _store(lambda path: path.write_bytes(bytes(range(256)) * 40)), env=_HOME),
    Case("dict: store of another program", ("dict", "add", "{tmp}/kengdic.tsv"), 1,
         "it holds the tables songs, not korpus's",
         _foreign_store_and_a_dictionary, env=_HOME),
    Case("dict: store is a folder", ("dict", "remove", "x"), 1, f"it is a folder, {_REFUSED_STORE}",
         _store(Path.mkdir), env=_HOME),
    Case("dict: store is a FIFO", ("dict", "list"), 1, f"it is not a regular file, {_REFUSED_STORE}",
         _store(os.mkfifo), env=_HOME),
    Case("dict: KORPUS_HOME is a file", ("dict", "list"), 1,
         "home: not a folder, so the dictionary store cannot live in it; move that file away or set KORPUS_HOME",
         _home_is_a_file, env=_HOME),
    Case("dict: garbage store ignored by vocab", ("vocab", "--top", "3"), 0,
         "Warning: installed dictionaries ignored: ", _store(lambda path: path.write_bytes(b"\x00junk" * 99)),
         env=_HOME),
    Case("dict: KORPUS_HOME a file ignored by show --gloss", ("show", "--gloss", "ms-ai-chips-ko"), 0,
         "Warning: installed dictionaries ignored: ", _home_is_a_file, env=_HOME),
    Case("glossary.tsv: a folder", ("vocab",), 1, "glossary.tsv: is a folder, not a file",
         lambda tmp, corpus: (corpus / "glossary.tsv").mkdir()),
    Case("glossary.tsv: a FIFO", ("export",), 1, "glossary.tsv: is not a regular file",
         lambda tmp, corpus: os.mkfifo(corpus / "glossary.tsv")),
    Case("glossary.tsv: a link to /dev/zero", ("vocab",), 1, "glossary.tsv: is not a regular file",
         lambda tmp, corpus: (corpus / "glossary.tsv").symlink_to("/dev/zero")),
    Case("glossary.tsv: binary", ("vocab",), 1, "glossary.tsv: looks like a binary file",
         _user_glossary(b"\x00\x01\x02PK\x03\x04" * 50)),
    Case("glossary.tsv: a bad line", ("deck", "--out", "{tmp}/d.apkg"), 1, "glossary.tsv, line 2: expected lemma<TAB>pos<TAB>gloss",
         _user_glossary("가속기\tnoun\taccelerator\n코발트 cobalt\n")),
]

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
def _edit_front(tmp_path: Path, corpus: Path, old: str, new: str, doc: str = "ms-ai-chips/ko.md") -> None:
    path = corpus / doc
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _front(old: str, new: str, doc: str = "ms-ai-chips/ko.md") -> Setup:
    return lambda tmp, corpus: _edit_front(tmp, corpus, old, new, doc)


def _damage(name: str, how: str) -> Setup:
    def setup(tmp: Path, corpus: Path) -> None:
        path = corpus / name
        if how == "delete":
            path.unlink()
        elif how == "truncate":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        elif how == "garbage":
            path.write_bytes(bytes(range(256)) * 10)
        elif how == "foreign":  # valid CoNLL-U from another tool: no korpus key line
            path.write_text("# sent_id = 1\n# text = 안녕\n1\t안녕\t안녕\tINTJ\tIC\t_\t_\t_\t_\t_\n\n", encoding="utf-8")
    return setup


def _retitle(title: str) -> Setup:
    def setup(tmp: Path, corpus: Path) -> None:
        from dataclasses import replace

        from korpus.corpus import Corpus, render_document

        doc = Corpus(corpus).get("ms-ai-chips-ko")
        (corpus / "ms-ai-chips" / "ko.md").write_text(render_document(replace(doc, title=title)), encoding="utf-8")
    return setup


def _junk_files(tmp: Path, corpus: Path) -> None:
    story = corpus / "ms-ai-chips"
    for name in (".#ko.md", "ko.md~", ".ko.md.swp", "#ko.md#"):
        write(story / name, "garbage \x00 not front matter")


_ALIAS_BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
               "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
               "notes: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n")

CORPUS_CASES: list[Case] = [
    Case("id escaping the output folder", ("reader", "--out", "{tmp}/site/deep"), 1, "is not a slug",
         _front("id: ms-ai-chips-ko", "id: ../../../../x")),
    Case("id with spaces", ("list",), 1, "is not a slug", _front("id: ms-ai-chips-ko", "id: ms ai chips")),
    Case("lang that is a path", ("list",), 1, "is not an ISO 639-1 code",
         lambda tmp, corpus: (_edit_front(tmp, corpus, "lang: ko", "lang: ../ko"))),
    Case("broken YAML", ("list",), 1, "front matter is not valid YAML", _front("title: ", "title: [unclosed ")),
    Case("title that is a list", ("list",), 1, "'title' must be a text", _front("title: ", "title:\n- a\n- ")),
    Case("YAML alias bomb", ("list",), 1, "YAML anchor or alias", _front("title: ", _ALIAS_BOMB + "title: ")),
    Case("duplicate ids across folders", ("list",), 1, "is also used by",
         lambda tmp, corpus: write(corpus / "zz-copy" / "ko.md", (corpus / "ms-ai-chips" / "ko.md").read_bytes())),
    Case("story folder that is not a slug", ("list",), 1, "story folder name",
         lambda tmp, corpus: (corpus / "kakao-capex").rename(corpus / "Kakao Capex")),
    Case("a .md that is a folder", ("list",), 1, "cannot be read",
         lambda tmp, corpus: (corpus / "zz-dir" / "ko.md").mkdir(parents=True)),
    Case("editor lock, backup and swap files are ignored", ("list",), 0, "ms-ai-chips-ko", _junk_files),
    Case("corpus file not UTF-8", ("list",), 1, "is not UTF-8",
         lambda tmp, corpus: write(corpus / "ms-ai-chips" / "ko.md",
                                   (corpus / "ms-ai-chips" / "ko.md").read_text(encoding="utf-8").encode("cp949"))),
    Case("user-words.tsv that is a folder", ("build",), 1, "is not a file",
         lambda tmp, corpus: ((corpus / "user-words.tsv").unlink(), (corpus / "user-words.tsv").mkdir(),
                              (corpus / "ms-ai-chips" / "ko.conllu").unlink())),
    Case("deleted alignment, reader", ("reader", "--out", "{tmp}/site"), 1, "run `korpus build`",
         _damage("ms-ai-chips/ko-en.align.tsv", "delete")),
    Case("deleted alignment, tmx", ("export", "--format", "tmx"), 1, "run `korpus build`",
         _damage("chatgpt-classroom/ko-en.align.tsv", "delete")),
    Case("truncated CoNLL-U, vocab", ("vocab", "--json"), 1, "damaged or not written by korpus",
         _damage("kakao-capex/ko.conllu", "truncate")),
    Case("garbage CoNLL-U, export", ("export",), 1, "damaged or not written by korpus",
         _damage("kakao-capex/ko.conllu", "garbage")),
    Case("foreign CoNLL-U, deck", ("deck", "--out", "{tmp}/d.apkg"), 1, "damaged or not written by korpus",
         _damage("genz-burnout/ko.conllu", "foreign")),
    Case("garbage alignment, show", ("show", "ms-ai-chips-ko", "--json"), 1, "damaged or not written by korpus",
         _damage("ms-ai-chips/ko-en.align.tsv", "garbage")),
    Case("control characters in a title are shown, not obeyed", ("list",), 0, "␛[31m", _retitle("\x1b[31mRED\x07")),
]


ALL_CASES = ADD_CASES + DICT_CASES + OUTPUT_CASES + CORPUS_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_bad_input(runner, tmp_path, corpus_copy, case):
    run_case(runner, tmp_path, corpus_copy, case)


def test_case_ids_are_unique():
    ids = [c.id for c in ALL_CASES]
    assert len(ids) == len(set(ids))

