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


def test_the_reader_writes_again_only_the_pages_whose_inputs_changed(runner, corpus_copy, tmp_path):
    from korpus.build import build
    from korpus.corpus import Corpus
    from korpus.reader import build_site

    corpus, site = Corpus(corpus_copy), tmp_path / "site"
    first = {p.name for p in build_site(corpus, site)}
    pages = {p.name: p.read_bytes() for p in site.iterdir()}
    assert "kakao-capex-ko.html" in first
    again = {p.name for p in build_site(corpus, site)}
    assert again == {"index.html"}
    assert {p.name: p.read_bytes() for p in site.iterdir()} == pages

    path = corpus_copy / "kakao-capex" / "ko.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n카카오는 투자를 크게 늘린다.\n", encoding="utf-8")
    build(corpus)
    assert {p.name for p in build_site(corpus, site)} == {"kakao-capex-ko.html", "index.html"}
    assert "늘린다" in (site / "kakao-capex-ko.html").read_text(encoding="utf-8")

    (site / "genz-burnout-ko.html").unlink()  # a page deleted or edited by hand is written again
    (site / "legaltech-korea-ko.html").write_text("edited", encoding="utf-8")
    assert {"genz-burnout-ko.html", "legaltech-korea-ko.html"} <= {p.name for p in build_site(corpus, site)}

    (corpus_copy / "glossary.tsv").write_text("가속기\tnoun\tspeed-up chip\n", encoding="utf-8")
    assert len(build_site(corpus, site)) == len(first)  # a glossary change is in every page's tooltips
    assert "speed-up chip" in (site / "ms-ai-chips-ko.html").read_text(encoding="utf-8")
    assert len(build_site(corpus, site, known={"가속기"})) == len(first)  # and so are the known words


def test_the_build_fills_the_index_so_vocab_parses_nothing(corpus_copy):
    """What the build analyses it also summarises, so the first `korpus vocab` after it reads
    summaries only (a summary is trusted while its file's size, time and key line hold)."""
    import sqlite3

    from korpus.build import build
    from korpus.corpus import Corpus
    from korpus.index import INDEX_DIR, INDEX_FILE, _stamp
    from korpus.store import conllu_path

    corpus = Corpus(corpus_copy)
    (corpus_copy / "kakao-capex" / "ko.conllu").unlink()
    (corpus_copy / "ms-ai-chips" / "ko-en.align.tsv").unlink()
    report = build(corpus)
    assert report.annotated == ["kakao-capex-ko"] and report.refreshed == ["ms-ai-chips-ko"]
    db = sqlite3.connect(corpus_copy / INDEX_DIR / INDEX_FILE)
    stamps = dict(db.execute("SELECT doc_id, stamp FROM summaries"))
    db.close()
    for doc_id in ("kakao-capex-ko", "ms-ai-chips-ko"):
        assert stamps[doc_id] == _stamp(conllu_path(corpus, corpus.get(doc_id)))


def test_loading_the_corpus_reuses_parsed_documents_and_notices_edits(runner, corpus_copy):
    """Parsed front matter is kept in the index by file size and time: an edited file is
    parsed again (and checked again: a hostile id is refused even after a cached load)."""
    from korpus.corpus import Corpus
    from korpus.index import Index

    Index(Corpus(corpus_copy)).put([])  # the index exists, as after any build
    first = [d for d in Corpus(corpus_copy).documents()]
    assert [d for d in Corpus(corpus_copy).documents()] == first  # from the index
    path = corpus_copy / "kakao-capex" / "ko.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 새 제목 ", 1), encoding="utf-8")
    assert Corpus(corpus_copy).get("kakao-capex-ko").title.startswith("새 제목 ")
    path.write_text(path.read_text(encoding="utf-8").replace("id: kakao-capex-ko", "id: ../../x"), encoding="utf-8")
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "list"])
    assert result.exit_code == 1 and "is not a slug" in result.output


def test_a_page_written_in_a_full_run_is_the_page_written_alone(tmp_path):
    """The reader shares work across pages (each token line parsed once, each tooltip row
    encoded once, a word's row kept while no sentence changes it): a page must not depend on
    which pages came before it.  A word's senses are reordered by an aligned English sentence,
    so the memo of a word met in an unaligned article must not be reused in an aligned one."""
    from korpus.corpus import Corpus
    from korpus.reader import build_site

    from .conftest import SHIPPED_CORPUS

    corpus, site = Corpus(SHIPPED_CORPUS), tmp_path / "site"
    build_site(corpus, site)
    full = {p.name: p.read_bytes() for p in site.glob("*-ko.html")}
    assert {"ms-ai-chips-ko.html", "chatgpt-classroom-ko.html"} <= set(full)
    for name, page in full.items():
        (site / name).unlink()
        assert [p.name for p in build_site(corpus, site)] == [name, "index.html"]
        assert (site / name).read_bytes() == page, name


def test_a_word_met_first_in_an_unaligned_article_keeps_the_english_order_in_an_aligned_one(runner, tmp_path):
    """알다 "to know; to find out": unaligned, the first sense; in a sentence aligned with
    "how did you find out?", the second first, whichever article the reader renders first."""
    from korpus.corpus import Corpus
    from korpus.reader import build_site

    root, site = tmp_path / "corpus", tmp_path / "site"
    files = {"a.txt": "가방\n\n그는 어떻게 알 수 있었는가?\n", "b.txt": "질문\n\n어떻게 알 수 있었는가?\n",
             "b-en.txt": "Question\n\nIf so, how did you find out?\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for args in (["init", str(root)], ["--corpus", str(root), "add", str(tmp_path / "a.txt"), "--lang", "ko"],
                 ["--corpus", str(root), "add", str(tmp_path / "b.txt"), "--lang", "ko"]):
        assert runner.invoke(cli, args).exit_code == 0
    first, second = [doc.id for doc in Corpus(root).documents("ko")]  # 가방 (unaligned) comes first
    result = runner.invoke(cli, ["--corpus", str(root), "add", str(tmp_path / "b-en.txt"), "--lang", "en",
                                 "--pair-with", second])
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, ["--corpus", str(root), "build"]).exit_code == 0
    corpus = Corpus(root)
    assert [doc.id for doc in corpus.documents("ko")] == [first, second]
    build_site(corpus, site)
    full = {p.name: p.read_bytes() for p in site.glob("*-ko.html")}
    assert "to find out; to know" in full[f"{second}.html"].decode("utf-8")
    assert "to know; to find out" in full[f"{first}.html"].decode("utf-8")
    for name, page in full.items():
        (site / name).unlink()
        assert [p.name for p in build_site(corpus, site)] == [name, "index.html"]
        assert (site / name).read_bytes() == page, name


def test_pages_written_by_two_processes_are_the_pages_written_by_one(tmp_path, monkeypatch):
    """A whole site is written by two forked processes (``reader.PARALLEL_PAGES``): the same bytes,
    the same pages reported, and the page keys kept so that a second run writes only the index."""
    import korpus.reader as reader
    from korpus.corpus import Corpus

    from .conftest import SHIPPED_CORPUS

    corpus = Corpus(SHIPPED_CORPUS)
    monkeypatch.setattr(reader, "PARALLEL_PAGES", 10**9)
    one = sorted(p.name for p in reader.build_site(corpus, tmp_path / "one"))
    monkeypatch.setattr(reader, "PARALLEL_PAGES", 2)
    two = sorted(p.name for p in reader.build_site(corpus, tmp_path / "two"))
    assert one == two and len(one) > 10
    assert {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()} == \
        {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert [p.name for p in reader.build_site(corpus, tmp_path / "two")] == ["index.html"]


def test_the_build_fills_the_story_rows_so_the_reader_decodes_no_summary(corpus_copy, tmp_path, monkeypatch):
    """The reader's index page needs each story's figures; the build stores them beside the summary,
    the same as the reader would make from it."""
    from korpus.build import build
    from korpus.corpus import Corpus
    from korpus.index import Index

    corpus = Corpus(corpus_copy)
    build(corpus, force=True)
    with monkeypatch.context() as patch:  # no summary is decoded: the build stored every row
        patch.setattr(Index, "summaries", lambda self, docs: iter(()) if not docs else 1 / 0)
        stored = Index(corpus).story_figures(corpus.documents())
    (corpus_copy / ".korpus" / "index.sqlite3").unlink()  # made again from the files: the same figures
    assert Index(corpus).story_figures(corpus.documents()) == stored and len(stored) == 16


def test_a_damaged_story_row_is_made_again_not_a_traceback(runner, corpus_copy, tmp_path):
    import sqlite3

    site = tmp_path / "site"
    assert runner.invoke(cli, ["--corpus", str(corpus_copy), "reader", "--out", str(site)]).exit_code == 0
    index = (site / "index.html").read_bytes()
    with sqlite3.connect(corpus_copy / ".korpus" / "index.sqlite3") as db:
        db.execute("UPDATE stories SET data = '[1,2' WHERE doc_id = 'ms-ai-chips-ko'")
        db.execute("UPDATE stories SET data = '[]' WHERE doc_id = 'kakao-capex-ko'")
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "reader", "--out", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "index.html").read_bytes() == index
