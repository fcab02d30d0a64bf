"""The corpus index as ``korpus vocab`` and ``korpus deck`` read it: summaries stored in columns,
merged without an object per occurrence, and every trouble with a stored row made good from the
CoNLL-U file (the index only ever costs speed)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

from korpus.cli import cli
from korpus.corpus import Corpus
from korpus.index import INDEX_DIR, INDEX_FILE, SUMMARY_COLUMNS, Index
from korpus.vocab import VocabEntry, collect_entries

from .conftest import ROOT, SHIPPED_CORPUS


def _vocab_json(runner, corpus) -> str:
    result = runner.invoke(cli, ["--corpus", str(corpus), "vocab", "--json", "--include-proper-nouns"])
    assert result.exit_code == 0, result.output
    return result.stdout


def _damage(corpus, statement: str, doc_id: str) -> None:
    db = sqlite3.connect(corpus / INDEX_DIR / INDEX_FILE)
    with db:
        assert db.execute(statement, (doc_id,)).rowcount == 1
    db.close()


def test_a_damaged_summary_row_is_made_again_from_its_file(runner, corpus_copy):
    """A row whose JSON is cut short, or whose columns disagree, is read again from the file:
    the output is the same and no error (let alone a traceback) reaches the learner."""
    first = _vocab_json(runner, corpus_copy)
    _damage(corpus_copy, "UPDATE summaries SET data = substr(data, 1, 40) WHERE doc_id = ?", "kakao-capex-ko")
    assert _vocab_json(runner, corpus_copy) == first
    row = sqlite3.connect(corpus_copy / INDEX_DIR / INDEX_FILE).execute(
        "SELECT data FROM summaries WHERE doc_id = 'kakao-capex-ko'").fetchone()
    assert json.loads(row[0])  # written again, whole
    _damage(corpus_copy, "UPDATE summaries SET lemmas = lemmas || char(10) || '가짜\tnoun' WHERE doc_id = ?",
            "ms-ai-chips-ko")
    assert _vocab_json(runner, corpus_copy) == first


def test_summaries_of_an_older_korpus_are_replaced(runner, corpus_copy):
    """An index whose summaries table has other columns (made by an older korpus) is not kept
    failing on every write: the table is made again and filled."""
    first = _vocab_json(runner, corpus_copy)
    index = corpus_copy / INDEX_DIR / INDEX_FILE
    db = sqlite3.connect(index)
    with db:
        db.execute("DROP TABLE summaries")
        db.execute("CREATE TABLE summaries (doc_id TEXT PRIMARY KEY, stamp TEXT NOT NULL, code TEXT NOT NULL, "
                   "data TEXT NOT NULL)")
        db.execute("INSERT INTO summaries VALUES ('kakao-capex-ko', 'old', 'old', '[]')")
    db.close()
    assert _vocab_json(runner, corpus_copy) == first
    db = sqlite3.connect(index)
    columns = tuple(row[1] for row in db.execute("PRAGMA table_info(summaries)"))
    stored = {doc_id for (doc_id,) in db.execute("SELECT doc_id FROM summaries")}
    db.close()
    assert columns == SUMMARY_COLUMNS
    assert stored == {d.id for d in Corpus(corpus_copy).documents("ko")}


def _entries_merged_one_summary_at_a_time(corpus: Corpus, doc_ids: list[str]) -> list[tuple]:
    """What ``collect_entries`` gives, computed the plain way from whole ``Summary`` objects (the
    reader's view of the same rows): counts summed, the first document's tag and position, the
    best-scored example with the earlier document winning a tie."""
    docs = [corpus.get(i) for i in doc_ids]
    entries: dict[tuple[str, str], VocabEntry] = {}
    best: dict[tuple[str, str], tuple] = {}
    for order, (doc, summary) in enumerate(Index(corpus).summaries(docs)):
        for o in summary.occurrences:
            key = (o.lemma, o.pos)
            if key not in entries:
                s_index, w_index = o.first
                entries[key] = VocabEntry(o.lemma, o.pos, o.tag, first=(doc.id, summary.sentence_ids[s_index]),
                                          first_position=(order, s_index, w_index))
            entry = entries[key]
            entry.count += o.count
            entry.documents[doc.id] = o.count
            score, s_index, form, after_name = o.best
            if key not in best or score < best[key]:
                best[key] = score
                entry.example, entry.example_word = summary.sentences[s_index], form
                entry.example_after_name = after_name
                entry.example_en, entry.example_doc = summary.text_en.get(s_index), doc.id
                entry.example_grammar = summary.grammar[summary.sentences.index(entry.example)]
    return sorted(((e.lemma, e.pos, e.tag, e.count, e.documents, e.first, e.first_position, e.example,
                    e.example_word, e.example_en, e.example_doc, e.example_grammar, e.example_after_name)
                   for e in entries.values()),
                  key=lambda row: (-row[3], row[6]))


def test_the_columnar_merge_gives_what_merging_whole_summaries_gives():
    """Every field of every entry, over all documents and over a few given in another order
    (first position, tag and example ties all follow the order of the documents)."""
    corpus = Corpus(SHIPPED_CORPUS)
    everything = [d.id for d in corpus.documents("ko")]
    for doc_ids in (everything, everything[::-1][:5]):
        merged = [(e.lemma, e.pos, e.tag, e.count, e.documents, e.first, e.first_position, e.example,
                   e.example_word, e.example_en, e.example_doc, e.example_grammar, e.example_after_name)
                  for e in collect_entries(corpus, doc_ids)]
        assert merged == _entries_merged_one_summary_at_a_time(corpus, doc_ids)


def test_korpus_vocab_loads_neither_genanki_nor_jinja_nor_rich_nor_kiwi(corpus_copy):
    """Their imports cost a vocabulary listing time and memory for nothing."""
    program = ("import sys\nfrom korpus.cli import cli\n"
               f"try:\n    cli(['--corpus', {str(corpus_copy)!r}, 'vocab', '--json'])\n"
               "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
               "heavy = {'genanki', 'jinja2', 'rich', 'kiwipiepy'}\n"
               "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy), file=sys.stderr)\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "tools"), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)  # it did list the words
    assert result.stderr.strip().splitlines()[-1] == "[]"
