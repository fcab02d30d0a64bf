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


def _fresh_corpus(tmp_path, name: str, stories=("ms-ai-chips", "kakao-capex")):
    """Some shipped articles (and their English versions) without any derived file."""
    import shutil

    from .conftest import SHIPPED_CORPUS

    target = tmp_path / name
    for story in stories:
        shutil.copytree(SHIPPED_CORPUS / story, target / story, ignore=shutil.ignore_patterns("*.conllu", "*.tsv"))
    return target


_FORKED_BUILD = """
import sys
from korpus import build
from korpus.corpus import Corpus
children, by_child = [], []
class Counted(build._InChild):
    def __init__(self, *args):
        super().__init__(*args)
        children.append(self.pid)
build._InChild = Counted
waited = build._Finisher.wait_for_child
def wait_for_child(self):
    asked = self._child is not None
    waited(self)
    if asked:
        by_child.append(len(self._done_by_child))
build._Finisher.wait_for_child = wait_for_child
from korpus import loanwords
searched, real_search = [], loanwords._candidates
loanwords._candidates = lambda *args: searched.append(1) or real_search(*args)
try:
    report = build.build(Corpus(sys.argv[1]))
except Exception as error:
    print(f"{len(children)} {type(error).__name__}: {error}")
    sys.exit(1)
print(len(children), len(report.annotated), report.kiwi_loaded, by_child, len(searched))
"""


def test_a_fresh_process_plans_in_a_child_while_kiwi_loads_and_writes_the_same_files(tmp_path, monkeypatch):
    """A cold build in a new process forks a child to find the user words and plan while Kiwi
    loads; what it writes is what a build planning in its own process writes."""
    import subprocess
    import sys

    from korpus.build import build
    from korpus.corpus import Corpus

    from .conftest import ROOT

    ahead, alone = _fresh_corpus(tmp_path, "ahead"), _fresh_corpus(tmp_path, "alone")
    assert (ahead / "ms-ai-chips" / "en.md").exists()
    run = subprocess.run([sys.executable, "-c", _FORKED_BUILD, str(ahead)], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    # one child, which planned and annotated the English original; 2 Korean documents, 1 English;
    # the child also found the loanword candidates of the one alignment: this process searched none
    assert run.stdout.split() == ["1", "3", "True", "[1]", "0"]
    from korpus import build as build_module

    monkeypatch.setattr(build_module, "_kiwi_surely_needed", lambda corpus, force: False)
    report = build(Corpus(alone))  # plans by itself, in this process
    assert len(report.annotated) == 3 and report.aligned
    written = {k: v for k, v in snapshot(ahead).items() if k.endswith((".conllu", ".tsv"))}
    assert len(written) == 5  # 3 CoNLL-U files, an alignment, the user-word decisions
    assert written == {k: v for k, v in snapshot(alone).items() if k.endswith((".conllu", ".tsv"))}
    # the child also annotated the English original and put its summary in the index
    assert _summaries(ahead) == _summaries(alone) and "ms-ai-chips-en" in _summaries(ahead)
    # and kept the articles it read in the index, as a build in one process does: the next
    # command does not parse them again
    assert _parsed(ahead) == _parsed(alone) and len(_parsed(ahead)) == 3


def _parsed(corpus) -> dict:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(corpus / ".korpus" / "index.sqlite3")) as db:
        return {path: data for path, _stamp, data in db.execute("SELECT * FROM documents")}


def _summaries(corpus) -> dict:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(corpus / ".korpus" / "index.sqlite3")) as db:
        return {row[0]: row[3:] for row in db.execute("SELECT * FROM summaries")}


def test_a_bad_article_met_while_planning_in_the_child_is_reported_as_usual(tmp_path):
    """The child meets the damaged article first; the build reports it with the one-line
    error a build in one process gives, and writes nothing."""
    import subprocess
    import sys

    from .conftest import ROOT

    corpus = _fresh_corpus(tmp_path, "bad")
    article = corpus / "kakao-capex" / "ko.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title: ", "title: [unclosed ", 1),
                       encoding="utf-8")
    before = snapshot(corpus)
    run = subprocess.run([sys.executable, "-c", _FORKED_BUILD, str(corpus)], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 1
    assert run.stdout.split(" ", 1)[1].startswith("CorpusError: ") and "front matter is not valid YAML" in run.stdout
    assert run.stdout.split(" ", 1)[0] != "0"  # a child was forked (and met the article first)
    assert "Traceback" not in run.stderr
    assert snapshot(corpus) == before
    cli = subprocess.run([sys.executable, "-m", "korpus.cli", "--corpus", str(corpus), "build"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert cli.returncode == 1 and "front matter is not valid YAML" in cli.stderr
    assert len(cli.stderr.strip().splitlines()) == 1 and "Traceback" not in cli.stderr
    assert snapshot(corpus) == before


def test_a_looping_link_in_the_corpus_folder_is_no_story(runner, corpus_copy):
    """The folders are listed once when the lock is taken; an entry that cannot be listed (a
    link to itself) is skipped, as the globbing it replaced skipped it."""
    from korpus.cli import cli

    (corpus_copy / "loop").symlink_to("loop")
    before = snapshot(corpus_copy)
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "build"])
    assert result.exit_code == 0, result.output
    assert "16 unchanged" in result.output
    assert snapshot(corpus_copy) == before


def test_output_that_cannot_be_written_is_an_error(tmp_path):
    """korpus ends without Python's teardown once a command is done; output left in a buffer
    that the disk refuses (here /dev/full) still makes the command fail, with one line."""
    import subprocess
    import sys

    from .conftest import ROOT, SHIPPED_CORPUS

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "korpus.cli", "--corpus", str(SHIPPED_CORPUS), "list"],
                             stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)
    assert run.returncode != 0
    assert "No space left on device" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_build_whose_kiwi_fails_to_load_writes_nothing(tmp_path):
    """The child annotates the other languages while Kiwi loads but writes them only once the
    parent has its Kiwi: when Kiwi cannot be made (here: it fails once the child has gone idle,
    waiting), the build fails before any derived file is written."""
    import subprocess
    import sys

    from .conftest import ROOT

    corpus = _fresh_corpus(tmp_path, "nokiwi")
    before = snapshot(corpus)
    written = corpus / "ms-ai-chips" / "en.conllu"
    code = _FORKED_BUILD.replace("build._InChild = Counted", f"""build._InChild = Counted
import korpus.kiwi, time
from pathlib import Path
def busy(pid):
    fields = open(f"/proc/{{pid}}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])
def broken(*args, **kwargs):
    # wait until the child has gone idle (planned, annotated, now waiting) or has written
    # the English original's file (what this test must never see); then fail
    last, still, started = None, 0, time.monotonic()
    while time.monotonic() - started < 30 and not Path({str(written)!r}).exists():
        now = busy(children[0]) if children else None
        still = still + 1 if now is not None and now == last else 0
        if still >= 10 and time.monotonic() - started > 1:
            break
        last = now
        time.sleep(0.1)
    raise RuntimeError('no Kiwi model here')
korpus.kiwi.new_kiwi = broken""")
    run = subprocess.run([sys.executable, "-c", code, str(corpus)], capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert run.returncode == 1 and run.stdout.split(" ", 1)[1].startswith("RuntimeError: no Kiwi model here"), \
        run.stdout + run.stderr
    assert snapshot(corpus) == before  # no CoNLL-U file, no alignment, no user-word decisions


def test_a_child_whose_values_are_not_read_says_nothing(tmp_path):
    """The child's values go through a writer thread; when the build stops reading them (it
    met an error), that thread ends quietly instead of printing a traceback."""
    import subprocess
    import sys

    from .conftest import ROOT

    code = """
import time
from korpus.build import _InChild
def values(go):
    yield b"x" * 1_000_000  # more than a pipe holds: the writer waits for a reader
    yield "more"
child = _InChild(values)
child.pipe.close()
child.pipe = None
time.sleep(1.0)  # the writer meets the closed pipe
child.stop()
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0 and run.stderr == ""


def test_a_build_whose_kiwi_fails_after_the_user_words_came_writes_nothing(tmp_path):
    """Kiwi is made with the user words the child sends first, before the plan comes: when that
    fails, the build fails with Kiwi's error, writes nothing (no decisions file either) and the
    child, stopped while its plan waits in the pipe, says nothing."""
    import subprocess
    import sys

    from .conftest import ROOT

    corpus = _fresh_corpus(tmp_path, "nokiwi2")
    before = snapshot(corpus)
    code = _FORKED_BUILD.replace("build._InChild = Counted", """build._InChild = Counted
import korpus.kiwi
def broken(*args, **kwargs):
    raise RuntimeError('no Kiwi model here')
korpus.kiwi.get_kiwi = broken""")
    run = subprocess.run([sys.executable, "-c", code, str(corpus)], capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert run.returncode == 1 and run.stdout.startswith("1 RuntimeError: no Kiwi model here"), \
        run.stdout + run.stderr
    assert run.stderr == ""
    assert snapshot(corpus) == before


def test_user_words_that_changed_after_the_child_sent_them_get_a_kiwi_of_their_own(tmp_path, monkeypatch):
    """When the child fails after sending the user words, the build plans itself; should the
    articles have changed meanwhile (other user words), the Kiwi made with the child's words is
    not used: the files are those of a build in one process."""
    import subprocess
    import sys

    from korpus import build as build_module
    from korpus.build import build
    from korpus.corpus import Corpus

    from .conftest import ROOT

    ahead, alone = _fresh_corpus(tmp_path, "ahead"), _fresh_corpus(tmp_path, "alone")
    code = _FORKED_BUILD.replace("build._InChild = Counted", """build._InChild = Counted
real_ahead = build._ahead
def ahead(corpus, force, go):
    steps = real_ahead(corpus, force, go)
    yield next(steps) + [("유령단어", "NNP")]  # words the articles no longer gloss
    raise RuntimeError("the child stops")
build._ahead = ahead""")
    run = subprocess.run([sys.executable, "-c", code, str(ahead)], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[:3] == ["1", "3", "True"]
    monkeypatch.setattr(build_module, "_kiwi_surely_needed", lambda corpus, force: False)
    build(Corpus(alone))
    written = {k: v for k, v in snapshot(ahead).items() if k.endswith((".conllu", ".tsv"))}
    assert len(written) == 5 and "유령단어" not in "".join(map(str, written.values()))
    assert written == {k: v for k, v in snapshot(alone).items() if k.endswith((".conllu", ".tsv"))}
