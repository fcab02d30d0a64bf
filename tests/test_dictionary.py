"""User dictionaries: Yomitan zips and kengdic TSV, installed into a local SQLite store."""

from __future__ import annotations

import json
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from korpus import dictionary
from korpus.cli import cli
from korpus.dictionary import DictEntry, DictionaryStore, flatten_structured, read_yomitan
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
