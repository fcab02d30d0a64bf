"""User dictionaries: Yomitan zips and kengdic TSV, installed into a local SQLite store."""

from __future__ import annotations

import pytest

from korpus.cli import cli
from korpus.dictionary import DictionaryStore, flatten_structured, read_yomitan
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
