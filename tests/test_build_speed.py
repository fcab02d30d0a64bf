"""What keeps a cold `korpus build` close to Kiwi's own speed, without changing what it writes."""

from __future__ import annotations

import os

import pytest

from .conftest import snapshot


def test_a_build_syncs_the_disk_once_instead_of_once_per_file(corpus_copy, monkeypatch):
    """An fsync per derived file made the build wait for the disk ~2,000 times at 2,000 articles;
    one os.sync before the index records the files does (and the files are the same)."""
    from korpus.build import build
    from korpus.corpus import Corpus

    before = snapshot(corpus_copy)
    calls = {"fsync": 0, "sync": 0}
    real_fsync, real_sync = os.fsync, os.sync

    def counted_fsync(fd):
        calls["fsync"] += 1
        return real_fsync(fd)

    def counted_sync():
        calls["sync"] += 1
        return real_sync()

    monkeypatch.setattr(os, "fsync", counted_fsync)
    monkeypatch.setattr(os, "sync", counted_sync)
    report = build(Corpus(corpus_copy), force=True)
    assert len(report.annotated) == 16 and report.aligned
    assert calls == {"fsync": 0, "sync": 1}
    assert snapshot(corpus_copy) == before


def test_a_derived_file_is_replaced_whole_with_the_usual_mode(tmp_path):
    from korpus.store import write_derived

    target = tmp_path / "ko.conllu"
    write_derived(target, "old\n")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    with pytest.raises(UnicodeEncodeError):
        write_derived(target, "half of the new \udc80")  # cannot be encoded: nothing is replaced
    assert target.read_text(encoding="utf-8") == "old\n"
    write_derived(target, "새 파일\n")
    assert target.read_text(encoding="utf-8") == "새 파일\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ko.conllu"]  # no temporary file is left


def test_the_build_encodes_each_summary_as_the_index_decodes_it(corpus_copy):
    """The build writes index rows without making the summary objects; they must be the bytes
    ``_encode(summarise(...))`` gives, and read back to the same summary."""
    from korpus.corpus import Corpus
    from korpus.index import LemmaTable, _encode, summarise, summary_data
    from korpus.store import load_document

    corpus = Corpus(corpus_copy)
    aligned = 0
    for doc in corpus.documents():
        stored = load_document(corpus, doc)
        summary = summarise(stored.annotation, stored.text_en)
        data = summary_data(stored.annotation, stored.text_en)
        assert data == _encode(summary)
        assert LemmaTable(*data).summary() == summary
        aligned += bool(stored.text_en)
    assert aligned == 2  # the two Korean articles with an English version
