"""Derived data in layers: each layer is redone only when what it reads changes.

analysis (Kiwi) <- the text and the user words occurring in it; grammar note ids <- the
stored morphemes and the grammar table; alignment <- both analyses and the aligner;
glosses <- joined when read, never stored.
"""

from __future__ import annotations

import subprocess
import sys

from korpus.build import build
from korpus.cli import cli
from korpus.conllu_io import key_line, parse_conllu, render_conllu, split_checked
from korpus.corpus import Corpus
from korpus.store import conllu_path, format_key, parse_key

from .conftest import ROOT, SHIPPED_CORPUS, snapshot


def _added(runner, corpus, tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["--corpus", str(corpus), "add", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return result.stdout.split('"id": "')[1].split('"')[0]


def test_stored_annotations_hold_no_glosses_and_export_joins_them():
    stored = (SHIPPED_CORPUS / "ms-ai-chips" / "ko.conllu").read_text(encoding="utf-8")
    assert "Gloss=" not in stored and "Lemmas=가속기" in stored
    from click.testing import CliRunner

    exported = CliRunner().invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "export"]).stdout
    assert "Lemmas=가속기|LemmaTags=NNG|Gloss=accelerator" in exported


def test_every_stored_file_reads_back_to_what_was_written():
    """Export renders the stored annotation again, so parsing and rendering must round-trip."""
    corpus = Corpus(SHIPPED_CORPUS)
    for doc in corpus.documents():
        _key, body = split_checked(conllu_path(corpus, doc).read_text(encoding="utf-8"))
        annotated, text_en = parse_conllu(body, doc.lang)
        assert render_conllu(annotated, "", text_en) == body, doc.id


def test_a_glossary_edit_rebuilds_nothing_and_never_loads_kiwi(runner, corpus_copy):
    (corpus_copy / "glossary.tsv").write_text("가속기\tnoun\tspeed-up chip\n", encoding="utf-8")
    code = ("import sys; from korpus.build import build; from korpus.corpus import Corpus; "
            f"r = build(Corpus({str(corpus_copy)!r})); "
            "assert not r.annotated and not r.refreshed, r; assert 'kiwipiepy' not in sys.modules; print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "ok", result.stderr
    exported = runner.invoke(cli, ["--corpus", str(corpus_copy), "export"]).stdout
    assert "Lemmas=가속기|LemmaTags=NNG|Gloss=speed-up chip" in exported


def test_a_new_user_word_reanalyses_only_the_documents_that_contain_it(runner, corpus_copy, tmp_path):
    corpus = Corpus(corpus_copy)
    holders = sorted(d.id for d in corpus.documents("ko") if "플랫폼" in d.text)
    assert len(holders) >= 3  # the word occurs in several shipped articles, not in most others
    first = _added(runner, corpus_copy, tmp_path, "a.txt",
                   "새 인공지능 모델이 나왔다\n\n연구진은 초거대모델(hyperscale model)을 공개했다. 이 모델은 크다.\n")
    report = build(corpus)
    assert report.annotated == [first]  # 초거대모델 occurs nowhere else: no other document is redone
    second = _added(runner, corpus_copy, tmp_path, "b.txt",
                    "온라인 장터의 변화\n\n전문가들은 온라인플랫폼(online platform) 규제를 논의했다.\n")
    report = build(corpus)
    # 온라인플랫폼 is a new user word: only documents whose text holds it are analysed again
    assert sorted(report.annotated) == sorted([second] + [d.id for d in corpus.documents("ko")
                                                           if "온라인플랫폼" in d.text and d.id != second])
    assert build(corpus).annotated == []


def test_a_changed_grammar_table_refreshes_without_kiwi_and_writes_the_same_file(corpus_copy):
    """Simulated by a stored grammar key that no longer matches: the grammar layer is made again
    from the stored morphemes (no Kiwi), and the file comes out as before."""
    corpus = Corpus(corpus_copy)
    path = corpus_copy / "kakao-capex" / "ko.conllu"
    shipped = path.read_bytes()
    key, body = split_checked(shipped.decode("utf-8"))
    keys = parse_key(key)
    keys["grammar"] = "0" * 20
    stale_body = body.replace("Grammar=", "Grammar=x,", 1)  # what an older grammar table said
    path.write_text(key_line(format_key(keys), stale_body) + stale_body, encoding="utf-8")
    before = snapshot(corpus_copy)
    report = build(corpus)
    assert report.refreshed == ["kakao-capex-ko"] and report.annotated == [] and not report.kiwi_loaded
    assert path.read_bytes() == shipped
    assert {k: v for k, v in snapshot(corpus_copy).items() if k != "kakao-capex/ko.conllu"} == \
        {k: v for k, v in before.items() if k != "kakao-capex/ko.conllu"}


def test_an_edited_english_original_realigns_without_analysing_the_korean_again(corpus_copy):
    from dataclasses import replace

    from korpus.corpus import render_document
    from korpus.model import Block

    corpus = Corpus(corpus_copy)
    english = corpus.get("ms-ai-chips-en")
    edited = replace(english, blocks=english.blocks + (Block("paragraph", "A sentence added at the end."),))
    (corpus_copy / "ms-ai-chips" / "en.md").write_text(render_document(edited), encoding="utf-8")
    report = build(corpus)
    assert report.annotated == ["ms-ai-chips-en"] and report.refreshed == ["ms-ai-chips-ko"]
    assert report.aligned == ["ms-ai-chips-ko"] and not report.kiwi_loaded
