"""User dictionaries: Yomitan zips and kengdic TSV, installed into a local SQLite store."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from korpus import dictionary
from korpus.cli import cli
from korpus.dictionary import DictEntry, DictionaryStore, flatten_structured, read_yomitan, store_key
from korpus.errors import DictionaryError
from korpus.glossary import Glossary

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "dict"


@pytest.fixture(autouse=True)
def korpus_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KORPUS_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_yomitan_structured_content_is_flattened():
    title, entries = read_yomitan(DATA / "mini-yomitan.zip")
    assert title == "Mini KRDict"
    glosses = {e.term: e.gloss for e in entries}
    assert glosses["공개하다"] == "to disclose; to make public"
    assert glosses["범용"] == "general use"
    assert glosses["코발트"] == "cobalt (a metal)"
    assert flatten_structured({"tag": "span", "content": ["a", {"tag": "rt", "content": "x"}, "b"]}) == "ab"


def test_add_list_remove_through_the_cli(runner):
    added = runner.invoke(cli, ["dict", "add", str(DATA / "mini-yomitan.zip")])
    assert added.exit_code == 0, added.output
    assert "installed 'Mini KRDict' (yomitan, 4 entries)" in added.stderr
    tsv = runner.invoke(cli, ["dict", "add", str(DATA / "mini-kengdic.tsv"), "--name", "kengdic"])
    assert tsv.exit_code == 0, tsv.output
    listed = runner.invoke(cli, ["dict", "list", "--json"])
    assert [d["name"] for d in __import__("json").loads(listed.stdout)] == ["Mini KRDict", "kengdic"]
    again = runner.invoke(cli, ["dict", "add", str(DATA / "mini-yomitan.zip")])
    assert again.exit_code == 1 and "installed already" in again.output
    removed = runner.invoke(cli, ["dict", "remove", "Mini KRDict"])
    assert removed.exit_code == 0
    assert [d.name for d in DictionaryStore.default().list()] == ["kengdic"]
    missing = runner.invoke(cli, ["dict", "remove", "Mini KRDict"])
    assert missing.exit_code == 1 and "no dictionary named 'Mini KRDict'" in missing.output


@pytest.mark.parametrize("name, message", [
    ("no-index.zip", "no index.json"),
    ("bad-bank.zip", "row 1: expected [term, reading"),
    ("broken-json.zip", "term_bank_1.json is not valid JSON"),
    ("not-a-zip.zip", "not a zip archive"),
    ("bad-kengdic.tsv", "line 2: expected id, surface, hanja, gloss"),
    ("missing.zip", "no such file"),
])
def test_malformed_dictionaries_install_nothing(runner, name, message):
    runner.invoke(cli, ["dict", "add", str(DATA / "mini-kengdic.tsv")])
    before = [d.name for d in DictionaryStore.default().list()]
    result = runner.invoke(cli, ["dict", "add", str(DATA / name)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert [d.name for d in DictionaryStore.default().list()] == before


def test_gloss_precedence_user_then_dictionary_then_builtin(tmp_path):
    store = DictionaryStore.default()
    store.add(DATA / "mini-kengdic.tsv")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    glossary = Glossary.for_corpus(corpus)
    assert glossary.lookup("가속기", "NNG").source == "dictionary:mini-kengdic"
    assert glossary.lookup("가속기", "NNG").hanja == "加速器"
    assert glossary.lookup("투자", "NNG").source == "built-in"
    (corpus / "glossary.tsv").write_text("가속기\tnoun\tAI accelerator chip\t\tmy note\n", encoding="utf-8")
    glossary = Glossary.for_corpus(corpus)
    assert glossary.lookup("가속기", "NNG").text == "AI accelerator chip"
    assert glossary.lookup("가속기", "NNG").source == "user"
    assert glossary.lookup("없는단어", "NNG") is None


def test_kengdic_in_cp949_installs_and_a_binary_one_installs_nothing(runner, tmp_path):
    cp949 = tmp_path / "kengdic-cp949.tsv"
    cp949.write_bytes("id\tsurface\thanja\tgloss\n1\t가속기\t加速器\taccelerator\n".encode("cp949"))
    result = runner.invoke(cli, ["dict", "add", str(cp949)])
    assert result.exit_code == 0, result.output
    assert [(d.name, d.entries) for d in DictionaryStore.default().list()] == [("kengdic-cp949", 1)]
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    result = runner.invoke(cli, ["dict", "add", str(binary)])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "binary" in result.output
    assert [d.name for d in DictionaryStore.default().list()] == ["kengdic-cp949"]


# --- archives that must be refused before they cost memory or recursion -----------------------

INDEX = json.dumps({"title": "Built in the test", "revision": "1", "format": 3})


def yomitan_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    """A Yomitan-like zip written at test time (no binary fixtures): ``members`` by name."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return path


def zero_bomb(path: Path, size: int) -> Path:
    """A zip whose term bank unpacks to ``size`` zero bytes, written in blocks (never held whole)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.json", INDEX)
        with archive.open("term_bank_1.json", "w", force_zip64=True) as bank:
            block = bytes(1024 * 1024)
            for _ in range(size // len(block)):
                bank.write(block)
    return path


def installed() -> list[str]:
    return [d.name for d in DictionaryStore.default().list()]


def refused(runner, archive: Path, message: str) -> None:
    """``dict add`` fails with one ``Error:`` line holding ``message`` and installs nothing."""
    result = runner.invoke(cli, ["dict", "add", str(archive)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr, result.stderr
    assert installed() == []


def peak_memory(action) -> int:
    tracemalloc.start()
    try:
        action()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_a_zip_bomb_is_refused_by_its_declared_size_without_unpacking_it(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(dictionary, "MAX_MEMBER_BYTES", 2 * 1024 ** 2)
    bomb = zero_bomb(tmp_path / "bomb.zip", 64 * 1024 ** 2)  # 64 MB of zeros in ~64 KB
    assert bomb.stat().st_size < 200_000
    peak = peak_memory(lambda: refused(runner, bomb, "term_bank_1.json declares 64 MB unpacked, "
                                                     "over the 2 MB limit for one member"))
    assert peak < 8 * 1024 ** 2


def understate_size(archive: Path, name: str, claimed: int) -> None:
    """Make the central directory (the sizes zipfile trusts) claim ``claimed`` unpacked bytes
    for member ``name``."""
    data = bytearray(archive.read_bytes())
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46:entry + 46 + struct.unpack_from("<H", data, entry + 28)[0]] != name.encode():
        entry = data.index(b"PK\x01\x02", entry + 46)
    struct.pack_into("<I", data, entry + 24, claimed)  # the 32-bit unpacked size (under 4 GB here)
    archive.write_bytes(data)


def test_a_bomb_whose_header_understates_its_size_is_refused_without_unpacking_it(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(dictionary, "MAX_MEMBER_BYTES", 2 * 1024 ** 2)
    bomb = zero_bomb(tmp_path / "liar.zip", 64 * 1024 ** 2)
    understate_size(bomb, "term_bank_1.json", 1000)
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("term_bank_1.json").file_size == 1000
    peak = peak_memory(lambda: refused(runner, bomb, "term_bank_1.json cannot be unpacked"))
    assert peak < 8 * 1024 ** 2


def test_the_members_together_are_capped_too(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(dictionary, "MAX_MEMBER_BYTES", 100_000)
    monkeypatch.setattr(dictionary, "MAX_ARCHIVE_BYTES", 150_000)
    bank = json.dumps([["가속기", "", "", "", 0, ["accelerator" + " " * 80_000]]])
    archive = yomitan_zip(tmp_path / "big.zip", {"index.json": INDEX, "term_bank_1.json": bank,
                                                 "term_bank_2.json": bank})
    refused(runner, archive, "term_bank_2.json declares 80,0")
    refused(runner, archive, "members together exceed the 150,000 bytes limit")


@pytest.mark.parametrize("name", ["../term_bank_9.json", "/etc/term_bank_9.json", "dir\\term_bank_9.json",
                                  "a/../../term_bank_9.json", "C:/term_bank_9.json"])
def test_unsafe_member_names_are_refused(runner, tmp_path, name):
    bank = json.dumps([["가속기", "", "", "", 0, ["accelerator"]]])
    archive = yomitan_zip(tmp_path / "unsafe.zip", {"index.json": INDEX, "term_bank_1.json": bank, name: bank})
    refused(runner, archive, f"unsafe member name {name!r}")


def nested_content(levels: int) -> dict:
    content: object = "deep"
    for _ in range(levels):
        content = {"tag": "div", "content": [content]}
    return {"type": "structured-content", "content": content}


def test_structured_content_nested_too_deeply_is_refused_naming_bank_and_row(runner, tmp_path):
    rows = [["공개하다", "", "", "", 0, ["to disclose"]], ["가속기", "", "", "", 0, [nested_content(400)]]]
    archive = yomitan_zip(tmp_path / "deep.zip", {"index.json": INDEX, "term_bank_1.json": json.dumps(rows)})
    refused(runner, archive, "term_bank_1.json, row 2: structured content nested more than 100 levels deep")


def test_structured_content_as_deep_as_real_dictionaries_go_is_read(tmp_path):
    rows = [["가속기", "", "", "", 0, [nested_content(40)]]]
    archive = yomitan_zip(tmp_path / "ok.zip", {"index.json": INDEX, "term_bank_1.json": json.dumps(rows)})
    assert read_yomitan(archive)[1] == [DictEntry("가속기", "deep")]


@pytest.mark.parametrize("member", ["index.json", "term_bank_1.json"])
def test_json_nested_past_the_parsers_limit_is_refused(runner, tmp_path, member):
    members = {"index.json": INDEX, "term_bank_1.json": "[]"}
    members[member] = "[" * 100_000 + "]" * 100_000
    archive = yomitan_zip(tmp_path / "nested.zip", members)
    refused(runner, archive, f"{member} is nested too deeply to be read as JSON")


# --- a store korpus cannot use: an error for `korpus dict`, a warning for everything else ------

def garbage_store(home: Path) -> Path:
    home.mkdir(parents=True)
    return write_bytes(home / "dictionaries.sqlite3", bytes(range(256)) * 40)


def foreign_store(home: Path) -> Path:
    home.mkdir(parents=True)
    db = sqlite3.connect(home / "dictionaries.sqlite3")
    with db:
        db.execute("CREATE TABLE songs (title TEXT, artist TEXT)")
        db.execute("INSERT INTO songs VALUES ('봄날', 'BTS')")
    db.close()
    return home / "dictionaries.sqlite3"


def folder_store(home: Path) -> Path:
    (home / "dictionaries.sqlite3").mkdir(parents=True)
    return home / "dictionaries.sqlite3"


def fifo_store(home: Path) -> Path:
    home.mkdir(parents=True)
    os.mkfifo(home / "dictionaries.sqlite3")
    return home / "dictionaries.sqlite3"


def looping_store(home: Path) -> Path:
    home.mkdir(parents=True)
    (home / "dictionaries.sqlite3").symlink_to("dictionaries.sqlite3")
    return home / "dictionaries.sqlite3"


def home_is_a_file(home: Path) -> Path:
    return write_bytes(home, b"not a folder\n")


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_STORES = [
    pytest.param(garbage_store, "dictionaries.sqlite3: SQLite cannot read it (file is not a database)", id="garbage"),
    pytest.param(foreign_store, "dictionaries.sqlite3: it holds the tables songs, not korpus's", id="foreign"),
    pytest.param(folder_store, "dictionaries.sqlite3: it is a folder", id="folder"),
    pytest.param(fifo_store, "dictionaries.sqlite3: it is not a regular file", id="fifo"),
    pytest.param(looping_store, "dictionaries.sqlite3: it cannot be read (Too many levels of symbolic links)",
                 id="symlink-loop"),
    pytest.param(home_is_a_file, "home: not a folder, so the dictionary store cannot live in it", id="home-is-a-file"),
]


def state(path: Path):
    """What is at ``path``, to prove a command left it alone."""
    if path.is_symlink():
        return ("link", os.readlink(path))
    if path.is_file():
        return ("file", path.read_bytes())
    return ("other", path.stat().st_mode, sorted(p.name for p in path.iterdir()) if path.is_dir() else None)


@pytest.mark.parametrize("make, message", BAD_STORES)
@pytest.mark.parametrize("args", [["dict", "list"], ["dict", "add", str(DATA / "mini-kengdic.tsv")],
                                  ["dict", "remove", "kengdic"]], ids=["list", "add", "remove"])
def test_dict_commands_refuse_a_store_they_cannot_use(runner, korpus_home, make, message, args):
    bad = make(korpus_home)
    before = state(bad)
    result = runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr and str(korpus_home) in result.stderr, result.stderr
    assert "move" in result.stderr
    assert state(bad) == before


@pytest.mark.parametrize("make, message", BAD_STORES)
def test_lookups_ignore_a_store_they_cannot_use_and_say_so_once(runner, korpus_home, corpus_copy, make, message):
    make(korpus_home)
    assert store_key() == "none"
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "vocab", "--json", "ms-ai-chips-ko"])
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("Warning: installed dictionaries ignored: "), warnings
    assert message in warnings[0]
    glosses = {e["lemma"]: e["gloss_source"] for e in json.loads(result.stdout)}
    assert glosses["가속기"] == "built-in"


@pytest.mark.parametrize("args", [
    ["show", "--gloss", "ms-ai-chips-ko"],
    ["deck", "--out", "{tmp}/deck.apkg"],
    ["reader", "--out", "{tmp}/site"],
], ids=["show", "deck", "reader"])
def test_commands_that_only_look_glosses_up_work_beside_a_garbage_store(runner, korpus_home, corpus_copy, tmp_path,
                                                                        args):
    garbage_store(korpus_home)
    args = [a.format(tmp=tmp_path) for a in args]
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), *args])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1 and str(korpus_home) in warnings[0], result.stderr


def test_build_never_reads_the_store_so_a_garbage_one_changes_nothing(runner, korpus_home, corpus_copy):
    """Glosses are joined when read, never stored: the build neither reads the dictionary store
    nor warns about it, and rebuilds a file byte for byte beside a garbage one."""
    garbage_store(korpus_home)
    unchanged = runner.invoke(cli, ["--corpus", str(corpus_copy), "build"])
    assert unchanged.exit_code == 0, unchanged.output
    assert "0 documents annotated" in unchanged.stderr and "Warning" not in unchanged.stderr
    conllu = corpus_copy / "ms-ai-chips" / "ko.conllu"
    shipped = conllu.read_bytes()
    conllu.unlink()
    rebuilt = runner.invoke(cli, ["--corpus", str(corpus_copy), "build"])
    assert rebuilt.exit_code == 0 and "Warning" not in rebuilt.stderr, rebuilt.output
    assert conllu.read_bytes() == shipped
    exported = runner.invoke(cli, ["--corpus", str(corpus_copy), "export"])
    assert exported.exit_code == 0 and exported.stderr.startswith("Warning: installed dictionaries ignored")


def test_looking_glosses_up_never_creates_or_writes_the_store(korpus_home, tmp_path):
    (tmp_path / "corpus").mkdir()
    assert Glossary.for_corpus(tmp_path / "corpus").lookup("가속기", "NNG").source == "built-in"
    assert store_key() == "none" and DictionaryStore.default().list() == []
    assert not korpus_home.exists()
    korpus_home.mkdir()
    empty = write_bytes(korpus_home / "dictionaries.sqlite3", b"")
    assert Glossary.for_corpus(tmp_path / "corpus").lookup("가속기", "NNG").source == "built-in"
    assert DictionaryStore.default().list() == []
    assert empty.read_bytes() == b""  # no tables were created in it


def test_a_foreign_database_gets_no_korpus_tables(korpus_home):
    store = foreign_store(korpus_home)
    with pytest.raises(DictionaryError, match="holds the tables songs"):
        DictionaryStore.default().add(DATA / "mini-kengdic.tsv")
    db = sqlite3.connect(store)
    assert [name for (name,) in db.execute("SELECT name FROM sqlite_master")] == ["songs"]
    db.close()


@pytest.mark.skipif(not hasattr(os, "seteuid"), reason="needs POSIX users")
def test_an_unreadable_store_is_a_clear_error(runner, korpus_home):
    DictionaryStore.default().add(DATA / "mini-kengdic.tsv")
    store = korpus_home / "dictionaries.sqlite3"
    store.chmod(0)
    try:
        with unprivileged():  # root reads anything: drop to nobody, who cannot
            result = runner.invoke(cli, ["dict", "list"])
    finally:
        store.chmod(0o644)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {store}: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert "move it away" in result.stderr


@contextlib.contextmanager
def unprivileged():
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.mark.parametrize("make, message", [
    (lambda path: path.mkdir(), "kengdic.tsv: is a folder, not a file; give the dictionary's .zip or .tsv file itself"),
    (os.mkfifo, "kengdic.tsv: is not a regular file (a FIFO, device or socket)"),
    (lambda path: path.symlink_to("/dev/zero"), "kengdic.tsv: is not a regular file"),
], ids=["folder", "fifo", "device"])
def test_a_dictionary_file_that_is_not_a_regular_file_is_refused_before_it_is_read(runner, tmp_path, make, message):
    make(tmp_path / "kengdic.tsv")
    refused(runner, tmp_path / "kengdic.tsv", message)
