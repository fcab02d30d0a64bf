"""What keeps korpus linear as a learner's corpus grows: adding touches only the new files."""

from __future__ import annotations

import json

from korpus.cli import cli

from .conftest import snapshot


def test_adding_a_version_rewrites_no_other_document(runner, corpus_copy, tmp_path):
    english = tmp_path / "original.txt"
    english.write_text("Kakao to spend more on AI\n\nKakao said on Tuesday it would raise its spending on "
                       "data centers and AI chips next year, after a quarter of strong sales.\n", encoding="utf-8")
    before = snapshot(corpus_copy)
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "add", str(english), "--lang", "en",
                                 "--pair-with", "kakao-capex-ko", "--json"])
    assert result.exit_code == 0, result.output
    after = snapshot(corpus_copy)
    assert sorted(set(after) - set(before)) == ["kakao-capex/en.md"]
    assert {k: v for k, v in after.items() if k in before} == before  # the Korean file is untouched
    listed = json.loads(runner.invoke(cli, ["--corpus", str(corpus_copy), "list", "--json"]).stdout)
    paired = {d["id"]: d["paired_with"] for d in listed}
    assert paired["kakao-capex-ko"] == ["kakao-capex-en"] and paired["kakao-capex-en"] == ["kakao-capex-ko"]


def _vocab(runner, corpus) -> list:
    result = runner.invoke(cli, ["--corpus", str(corpus), "vocab", "--json", "--include-proper-nouns"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_vocab_reads_the_index_and_gives_what_the_files_give(runner, corpus_copy):
    """The index is disposable: with it, without it, damaged, or stale after a rebuild, the
    entries are the same as those read from the CoNLL-U files."""
    from korpus.corpus import Corpus
    from korpus.index import INDEX_DIR, INDEX_FILE
    from korpus.vocab import collect_entries

    index = corpus_copy / INDEX_DIR / INDEX_FILE
    first = _vocab(runner, corpus_copy)  # made here
    assert index.exists()
    assert _vocab(runner, corpus_copy) == first  # read from it
    index.write_bytes(b"not a database at all" * 100)
    assert _vocab(runner, corpus_copy) == first  # thrown away and made again
    assert index.read_bytes().startswith(b"SQLite format 3")
    entries = collect_entries(Corpus(corpus_copy))
    assert entries[0].example_grammar and all(e.example in (e.example or "") for e in entries[:5])


def test_the_index_follows_a_document_that_changed(runner, corpus_copy):
    from korpus.build import build
    from korpus.corpus import Corpus

    before = {r["lemma"]: r["count"] for r in _vocab(runner, corpus_copy)}
    path = corpus_copy / "kakao-capex" / "ko.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n카카오는 투자를 크게 늘린다.\n", encoding="utf-8")
    build(Corpus(corpus_copy))
    after = {r["lemma"]: r["count"] for r in _vocab(runner, corpus_copy)}
    assert after["투자"] == before["투자"] + 1 and after["늘리다"] == before.get("늘리다", 0) + 1
