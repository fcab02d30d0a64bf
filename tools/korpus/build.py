"""``korpus build``: annotate (and align) whatever changed, and nothing else.

Derived data comes in layers, each with its own key: a hash of only what that layer reads
(see ``store`` for where the keys are kept).

1. **analysis** (Kiwi for Korean, nltk for the other languages): the document's id and
   paragraphs, the user words that occur in its text, Kiwi's version and the code and data
   that make the analysis.  A new user word re-analyses only the documents containing it.
2. **grammar** note ids, derived from the stored morphemes: a changed grammar table
   refreshes them without Kiwi.
3. **aligned**: the links of a Korean document with its English version (and the English
   text of each sentence), from both analyses and the aligner's code and lexicon.
4. Glosses are no layer: they are joined when the data is read (vocab, deck, reader, show,
   export), so editing ``glossary.tsv`` or installing a dictionary rebuilds nothing.

A document whose layers are all current is skipped without loading Kiwi; one whose analysis
is current but whose grammar or alignment is not is refreshed from its stored morphemes.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterator

from .conllu_io import key_line, parse_conllu, render_conllu, split_key_line
from .corpus import Corpus, atomic_write_text
from .errors import CorpusError
from .model import AnnotatedDocument, Document, Sentence, cycle_collector_paused
from .store import (alignment_path, code_hash, conllu_path, digest, format_key, load_annotation, parse_key,
                    read_derived, stored_keys, sync_derived, write_derived)

# The code and data each layer is made by (files and folders of the package).
KOREAN_ANALYSIS_CODE = ("annotate.py", "kiwi.py", "data/lexicalised_words.tsv", "model.py", "tags.py", "conllu_io.py")
OTHER_ANALYSIS_CODE = ("annotate.py", "english.py", "model.py", "tags.py", "conllu_io.py")
GRAMMAR_CODE = ("grammar.py", "data/grammar.tsv", "conllu_io.py")
ALIGN_CODE = ("align", "hangul.py", "phonetic.py", "loanwords.py", "numbers.py", "english.py", "glossary.py",
              "data/glossary", "conllu_io.py")


@dataclass
class BuildReport:
    annotated: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    aligned: list[str] = field(default_factory=list)
    kiwi_loaded: bool = False
    seconds: float = 0.0
    characters: int = 0


@dataclass(frozen=True)
class Plan:
    """What a build does with one document: ``annotate`` (Kiwi or nltk), ``refresh`` (grammar
    or alignment from the stored morphemes, no Kiwi) or ``keep``; and its layer keys."""

    doc: Document
    keys: dict[str, str]
    action: str


def harvested_user_words(corpus: Corpus, memo: "_DocumentWords | None" = None) -> list[tuple[str, str]]:
    """User-word candidates the Korean articles gloss themselves (see ``kiwi.harvest_user_words``):
    each article's own, merged in corpus order (the first article to gloss a term gives its tag)."""
    memo = memo or _DocumentWords(corpus)
    found: dict[str, str] = {}
    for doc in corpus.documents("ko"):
        for word, tag in memo.harvested(doc):
            found.setdefault(word, tag)
    return sorted(found.items())


class _DocumentWords:
    """Per article, the terms it glosses and the user words occurring in it, kept in the corpus
    index while its file is unchanged: a build with nothing to do scans no text."""

    def __init__(self, corpus: Corpus):
        from .index import Index

        self.corpus, self.index = corpus, Index(corpus)
        self.rows = self.index.document_words()
        self.fresh: dict[str, list] = {}

    def _row(self, doc: Document) -> list:
        from .index import file_stamp

        stamp = file_stamp(self.corpus.path_of(doc))
        row = self.fresh.get(doc.id) or self.rows.get(doc.id)
        if row is None or row[0] != stamp:
            row = self.fresh[doc.id] = [stamp, None, None, None]
        return row

    def harvested(self, doc: Document) -> list[tuple[str, str]]:
        from .kiwi import harvest_user_words

        row = self._row(doc)
        if row[1] is None:
            row[1] = harvest_user_words(doc.paragraphs)
            self.fresh[doc.id] = row
        return [tuple(item) for item in row[1]]

    def occurring(self, doc: Document, words: "_UserWordIndex") -> list[tuple[str, str]]:
        row = self._row(doc)
        if row[2] != words.key:
            row[2], row[3] = words.key, words.occurring("\n".join(doc.paragraphs))
            self.fresh[doc.id] = row
        return [tuple(item) for item in row[3]]

    def save(self) -> None:
        self.index.save_document_words(self.fresh)


class _UserWordIndex:
    """Which user words (maintained and harvested) occur in a text, found through their first
    two letters so that thousands of words against thousands of texts stay cheap."""

    def __init__(self, words: list[tuple[str, str]]):
        self.key = digest(*(f"{w}\t{t}" for w, t in sorted(set(words))))
        self.by_start: dict[str, list[tuple[str, str]]] = {}
        for word, tag in sorted(set(words)):
            self.by_start.setdefault(word[:2], []).append((word, tag))

    def occurring(self, text: str) -> list[tuple[str, str]]:
        if len(self.by_start) * 8 < len(text):  # few words: look each start up in the text
            starts = [start for start in self.by_start if start in text]
        else:  # many words: the text's own two-letter pieces, once
            starts = list({text[i:i + 2] for i in range(len(text))} & self.by_start.keys())
        return sorted(w for start in starts for w in self.by_start[start] if w[0] in text)


def plan_build(corpus: Corpus, force: bool = False, candidates: list[tuple[str, str]] | None = None,
               memo: "_DocumentWords | None" = None) -> list[Plan]:
    """Every document with its layer keys and what the build must do with it."""
    from .kiwi import decisions_key, maintained_user_words

    docs = corpus.documents()
    memo = memo or _DocumentWords(corpus)
    if candidates is None:
        candidates = harvested_user_words(corpus, memo)
    words = _UserWordIndex(list(maintained_user_words()) + list(candidates))
    kiwi_version = decisions_key()
    analysis = {}
    for doc in docs:
        if doc.lang == "ko":
            in_text = "\n".join(f"{w}\t{t}" for w, t in memo.occurring(doc, words))
            analysis[doc.id] = digest("ko", code_hash(*KOREAN_ANALYSIS_CODE), kiwi_version, doc.id,
                                      in_text, *doc.paragraphs)
        else:
            analysis[doc.id] = digest(doc.lang, code_hash(*OTHER_ANALYSIS_CODE), doc.id, *doc.paragraphs)
    memo.save()
    grammar = digest(code_hash(*GRAMMAR_CODE))
    stored_keys = _StoredKeys(corpus)
    plans = []
    for doc in docs:
        if doc.lang != "ko":
            keys = {"analysis": analysis[doc.id]}
            stored = stored_keys(conllu_path(corpus, doc))
            plans.append(Plan(doc, keys, "annotate" if force or stored != keys else "keep"))
            continue
        partner = corpus.english_version(doc)
        aligned = digest(code_hash(*ALIGN_CODE), analysis[doc.id], analysis[partner.id]) if partner else "-"
        keys = {"analysis": analysis[doc.id], "grammar": grammar, "aligned": aligned}
        stored = stored_keys(conllu_path(corpus, doc))
        if force or stored.get("analysis") != keys["analysis"]:
            action = "annotate"
        elif stored != keys or (partner and stored_keys(alignment_path(corpus, doc)) != {"aligned": aligned}):
            action = "refresh"
        else:
            action = "keep"
        plans.append(Plan(doc, keys, action))
    return plans


class _StoredKeys:
    """The layer keys of derived files.  A file whose size, time and key line are those the
    corpus index recorded when it last read the file whole (and checked its checksum) is
    trusted without reading it again; any other is read and checked in full."""

    def __init__(self, corpus: Corpus):
        from .index import Index

        self.verified = Index(corpus).verified_stamps()

    def __call__(self, path) -> dict[str, str]:
        from .index import _stamp

        stamp = _stamp(path)
        if stamp and stamp in self.verified:
            parts = split_key_line(stamp.split(":", 2)[2])
            return parse_key(parts[0] if parts else None)
        return stored_keys(path)


def stale_documents(corpus: Corpus, force: bool = False) -> list[Document]:
    """The documents a build would annotate or refresh."""
    return [plan.doc for plan in plan_build(corpus, force) if plan.action != "keep"]


def build(corpus: Corpus, force: bool = False, progress: Callable[[str], None] | None = None,
          kiwi=None) -> BuildReport:
    """Annotate every document whose inputs changed; write CoNLL-U (and alignments) atomically."""
    with corpus.locked():
        return _build(corpus, force, progress, kiwi)


def _build(corpus: Corpus, force: bool, progress: Callable[[str], None] | None, kiwi) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    say = progress or (lambda message: None)
    child = base = planned = made = early = None
    try:
        if kiwi is None and _kiwi_surely_needed(corpus, force):
            # Kiwi's loading holds the one Python thread for seconds, and nothing else needs
            # it: a forked child finds the user words (sent first: Kiwi loads with them) and
            # plans meanwhile, then annotates the documents in other languages (``_ahead``).
            from .kiwi import new_kiwi

            try:
                child = _InChild(_ahead, corpus, force)
            except OSError:  # no process to spare (a limit, memory): plan here
                child = None
            if child is not None:
                base = new_kiwi()
                early = child.receive()
                if early is not None:
                    say("loading Kiwi (a few seconds, once)...")  # its model loads on the first analysis
                    made = _kiwi_with(corpus, early, base)
                    planned = child.receive()
        if planned is not None:
            candidates = early
            actions, loaded = planned
            corpus.adopt(loaded)
            plans = [Plan(corpus.get(doc_id), keys, action) for doc_id, keys, action in actions]
        else:
            candidates, plans = _plan(corpus, force)
            if child is not None:  # it failed: the documents it would have annotated are done here
                child.stop()
                child = None
        report.unchanged = [p.doc.id for p in plans if p.action == "keep"]
        if all(p.action == "keep" for p in plans):
            report.seconds = time.perf_counter() - started
            return report
        # Kiwi analyses in its own threads; korpus's other work (other languages, alignment,
        # CoNLL-U, writing) is done in small steps between Kiwi's paragraphs meanwhile (see
        # ``_Steps``).
        korean = _spread_paired(corpus, [p for p in plans if p.doc.lang == "ko" and p.action == "annotate"])
        if korean and kiwi is None:
            if made is None:  # (else said above)
                say("loading Kiwi (a few seconds, once)...")
            if made is not None and candidates != early:  # (articles changed since the child read them)
                base = made = None  # that Kiwi has other user words: a new one
            kiwi = _load_kiwi(corpus, candidates, base, made)
            report.kiwi_loaded = True
        if child is not None:
            child.go()  # Kiwi is there: the child may write the other languages' files
        with cycle_collector_paused():
            _build_stale(corpus, plans, korean, kiwi, report, say, child)
    finally:
        if child is not None:
            child.stop()
        loanwords = sys.modules.get(f"{__package__}.loanwords")  # (not imported: none adopted)
        if loanwords is not None:
            loanwords.forget_candidates()  # those a child found and no alignment took
    report.annotated = [p.doc.id for p in plans if p.action == "annotate"]
    report.refreshed = [p.doc.id for p in plans if p.action == "refresh"]
    report.seconds = time.perf_counter() - started
    return report


def _plan(corpus: Corpus, force: bool) -> tuple[list[tuple[str, str]], list[Plan]]:
    """The harvested user-word candidates and the plan of a build."""
    memo = _DocumentWords(corpus)
    candidates = harvested_user_words(corpus, memo)
    return candidates, plan_build(corpus, force, candidates, memo)


def _ahead(corpus: Corpus, force: bool, go: Callable[[], bool]) -> Iterator:
    """What a forked child does while Kiwi loads in its parent: read the articles, send the
    user-word candidates (Kiwi loads with them while the child plans), plan, and send the plan
    as plain values (document ids for documents) with the articles read (a damaged article
    makes it stop: the parent then plans and reports it); annotate the documents in other
    languages (no Kiwi) and render their CoNLL-U; send the loanword candidates of the
    alignments to come (``_loanwords_ahead``); then, once the parent has its Kiwi (``go``: a
    build whose Kiwi cannot be made writes nothing), write, flush and index the other
    languages' files, and send their ids.  What is written is what ``_Finisher.other`` writes."""
    from .annotate import annotate_other
    from .index import Index

    loaded = corpus.loaded()
    memo = _DocumentWords(corpus)
    candidates = harvested_user_words(corpus, memo)
    yield candidates
    plans = plan_build(corpus, force, candidates, memo)
    yield [(plan.doc.id, plan.keys, plan.action) for plan in plans], loaded
    corpus.save_parsed()  # the index exists now
    others = [plan for plan in plans if plan.doc.lang != "ko" and plan.action == "annotate"]
    cache: dict = {}
    made = []
    for plan in others:
        annotated = annotate_other(plan.doc)
        made.append((plan, annotated, render_conllu(annotated, format_key(plan.keys), None, None, cache)))
    yield _loanwords_ahead(corpus, plans, {plan.doc.id: annotated for plan, annotated, _ in made})
    if not go():
        return
    index = Index(corpus)
    rows = []
    for plan, annotated, text in made:
        write_derived(conllu_path(corpus, plan.doc), text)
        rows.append(index.summary_row(plan.doc, annotated, None))
    sync_derived()
    index.put(rows)
    yield [plan.doc.id for plan in others]


def _loanwords_ahead(corpus: Corpus, plans: list[Plan], english: dict[str, AnnotatedDocument]) -> list[tuple]:
    """The loanword candidates of the alignments to come (the costliest part of aligning, and one
    that needs no Kiwi): for each Korean article to annotate whose English version is in
    ``english``, from its paragraphs (see ``align.features.loanwords_ahead``)."""
    from .align import builtin_lexicon
    from .align.features import loanwords_ahead

    found = []
    for plan in plans:
        if plan.doc.lang == "ko" and plan.action == "annotate" and plan.keys["aligned"] != "-":
            partner = corpus.english_version(plan.doc)
            annotated = english.get(partner.id) if partner is not None else None
            if annotated is not None:
                found.append(loanwords_ahead(plan.doc.paragraphs, [s.text for s in annotated.sentences],
                                             builtin_lexicon()))
    return found


def _kiwi_surely_needed(corpus: Corpus, force: bool) -> bool:
    """Whether this process has no Kiwi yet and a build will need one: some Korean article
    has no CoNLL-U file (or ``force``).  Found from file names alone, before any planning."""
    from .kiwi import _INSTANCES

    # Forking is safe while this process runs one thread (Kiwi's come later), on Linux.
    if _INSTANCES or threading.active_count() > 1 or not sys.platform.startswith("linux"):
        return False
    articles = [p for p in corpus.source_files() if p.name == "ko.md"]
    return any(force or not p.with_suffix(".conllu").exists() for p in articles)


class _InChild:
    """A generator function run in a forked child process while the caller goes on: each
    value it yields comes back, pickled, through a pipe (``receive``).  None stands for
    whatever did not come: the child failed (the caller then does that work itself, and
    meets the same error with its own message) or has nothing more.  The function is given
    ``go``, which waits for the caller's ``go()`` (False if the caller stopped without one).
    The child never runs the caller's code, output or signal handlers, nor touches its lock."""

    def __init__(self, function: Callable[..., Iterator], *args):
        self.pid: int | None = None
        self.pipe = None
        self.go_write: int | None = None
        self._loose: list[int] = []  # descriptors to close should setting up fail
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            stream.flush()
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, ())  # as it is
        try:
            try:  # a Ctrl-C waits until the child is set up
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                self._start(function, args, mask)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        except BaseException:
            self.stop()
            raise

    def _start(self, function: Callable[..., Iterator], args: tuple, mask) -> None:
        read, write = os.pipe()
        self._loose += [read, write]
        go_read, go_write = os.pipe()
        self._loose += [go_read, go_write]
        pid = os.fork()
        if pid == 0:
            _InChild._child(function, args, mask, read, write, go_read, go_write)  # never returns
        self.pid = pid
        os.close(write)
        os.close(go_read)
        self._loose = [read, go_write]
        self.pipe = os.fdopen(read, "rb")
        self.go_write, self._loose = go_write, []

    @staticmethod
    def _child(function: Callable[..., Iterator], args: tuple, mask, read: int, write: int, go_read: int,
               go_write: int) -> None:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller stops it
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(read)
            os.close(go_write)

            def go() -> bool:
                return os.read(go_read, 1) == b"g"

            # A thread writes to the pipe, so that the function goes on while its values wait
            # there (the caller reads a value only once it needs it).
            outbox: queue.SimpleQueue = queue.SimpleQueue()

            def send(pipe) -> None:
                try:
                    while (data := outbox.get()) is not None:
                        pipe.write(len(data).to_bytes(8, "little") + data)
                        pipe.flush()
                except OSError:  # the caller has stopped reading (it met an error, or ended)
                    pass

            with os.fdopen(write, "wb") as pipe:
                writer = threading.Thread(target=send, args=(pipe,), daemon=True)
                writer.start()
                try:
                    for value in function(*args, go=go):
                        outbox.put(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                finally:
                    outbox.put(None)
                    writer.join()
        except BaseException:  # noqa: BLE001 - the caller does the work itself
            pass
        finally:
            os._exit(0)

    def receive(self):
        """The child's next value, waiting for it; None when none comes."""
        if self.pipe is None:
            return None
        size = int.from_bytes(self.pipe.read(8) or b"\0", "little")
        data = self.pipe.read(size) if size else b""
        if not size or len(data) != size:
            return None
        return pickle.loads(data)

    def go(self) -> None:
        """Let the child go on past the point where it waits for ``go`` (see ``_ahead``)."""
        if self.go_write is not None:
            try:
                os.write(self.go_write, b"g")
            except OSError:  # it has ended
                pass

    def stop(self) -> None:
        """End the child (if it still runs: the caller met an error, or needs nothing more)."""
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None
        if self.go_write is not None:
            os.close(self.go_write)
            self.go_write = None
        for fd in self._loose:
            os.close(fd)
        self._loose = []
        if self.pid is not None:
            pid, self.pid = self.pid, None
            try:
                if os.waitpid(pid, os.WNOHANG) == (0, 0):  # still running
                    os.kill(pid, signal.SIGKILL)  # its writes are atomic; a temp file left is removed later
                    os.waitpid(pid, 0)
            except ChildProcessError:  # reaped already (SIGCHLD ignored by the host)
                pass


def _spread_paired(corpus: Corpus, korean: list[Plan]) -> list[Plan]:
    """Korean documents in corpus order, those with an English version spread evenly over the
    first nine tenths.

    Kiwi analyses only a few dozen paragraphs ahead of its caller, so a long run of steps
    between two paragraphs (aligning document after document) leaves its threads idle; spread
    out, each alignment fits in the time Kiwi is ahead.  None comes last, where no Kiwi work
    is left to overlap it.
    """
    has_english = [corpus.english_version(p.doc) is not None for p in korean]
    paired = [p for p, yes in zip(korean, has_english) if yes]
    if not paired:
        return korean
    alone = [p for p, yes in zip(korean, has_english) if not yes]
    place = {id(p): (i + 0.5) / len(alone) for i, p in enumerate(alone)}
    place.update({id(p): 0.9 * (i + 0.5) / len(paired) for i, p in enumerate(paired)})
    return sorted(korean, key=lambda p: place[id(p)])


def _load_kiwi(corpus: Corpus, candidates: list[tuple[str, str]], base=None, made=None):
    """Kiwi with the corpus's user words, remembering in ``corpus/user-words.tsv`` which
    harvested terms it splits (so the next process adds them before Kiwi's first call).
    ``made``: what ``_kiwi_with`` returned for these candidates, if it was called already."""
    from .kiwi import DECISIONS_FILE, render_decisions

    analyser, before = made or _kiwi_with(corpus, candidates, base)
    text = render_decisions(analyser.decisions)
    if before != text.encode("utf-8"):
        atomic_write_text(corpus.root / DECISIONS_FILE, text)
    return analyser


def _kiwi_with(corpus: Corpus, candidates: list[tuple[str, str]], base=None) -> tuple:
    """Kiwi with the corpus's user words and the decisions file's bytes as they were (None when
    unreadable): ``_load_kiwi`` without writing the file, which a build does once it knows it
    analyses Korean."""
    from .kiwi import DECISIONS_FILE, get_kiwi, parse_decisions

    path = corpus.root / DECISIONS_FILE
    if path.is_dir() or (path.exists() and not path.is_file()):
        raise CorpusError(f"{path}: is not a file; korpus keeps its user-word decisions there "
                          "(move it away, `korpus build` writes it again)")
    try:
        before: bytes | None = path.read_bytes()
    except OSError:
        before = None
    return get_kiwi(candidates, decided=parse_decisions(before), base=base), before


def _build_stale(corpus: Corpus, plans: list[Plan], korean: list[Plan], kiwi, report: BuildReport,
                 say: Callable[[str], None], child: _InChild | None = None) -> None:
    finish = _Finisher(corpus, child)
    work = _Steps()
    # An English version is annotated just before its Korean one when both are (each
    # alignment then finds its partner ready without a run of work at the start); any other
    # document first, before the Korean documents that are only refreshed read it.
    other = {p.doc.id: p for p in plans if p.doc.lang != "ko" and p.action == "annotate"}
    partners = {}
    for plan in korean:
        partner = corpus.english_version(plan.doc)
        if partner is not None and partner.id in other:
            partners[plan.doc.id] = other.pop(partner.id)
    for plan in other.values():
        work.add(finish.other(plan))
    for plan in plans:
        if plan.action == "refresh":
            work.add(finish.refresh(plan))
    if korean:
        from .annotate import annotate_korean

        say(f"annotating {len(korean)} Korean documents...")
        if korean[0].doc.id in partners:
            work.add(finish.other(partners[korean[0].doc.id]))
        documents = annotate_korean([p.doc for p in korean], kiwi, between=work.step)
        for index, (plan, result) in enumerate(zip(korean, documents)):
            report.characters += sum(len(p) for p in plan.doc.paragraphs)
            work.add(finish.korean(plan, result))
            following = korean[index + 1].doc.id if index + 1 < len(korean) else None
            if following in partners:
                work.add(finish.other(partners[following]))
    work.drain()
    finish.wait_for_child()
    sync_derived()
    finish.index.put(finish.index_rows)
    report.aligned = sorted(finish.aligned)


class _Steps:
    """Pieces of work done one at a time, in order, between Kiwi's paragraphs.

    Kiwi analyses in its own threads, a few dozen paragraphs ahead of its caller, so a
    short step between two paragraphs costs Kiwi nothing.  Python threads would not
    help here: the work is pure Python and would queue for the GIL.
    """

    def __init__(self):
        self._queue: deque[Iterator] = deque()

    def add(self, steps: Iterator) -> None:
        self._queue.append(steps)

    def step(self) -> None:
        while self._queue:
            if next(self._queue[0], _END) is not _END:
                return
            self._queue.popleft()

    def drain(self) -> None:
        while self._queue:
            self.step()


_END = object()


class _Finisher:
    """The rest of a document's build, as steps: align (Korean documents with an English
    version), render CoNLL-U, write.  An annotation is let go once written; an English one
    is kept only until its Korean version has been aligned with it."""

    def __init__(self, corpus: Corpus, child: _InChild | None = None):
        from .index import Index

        self.corpus = corpus
        self._child = child  # annotates the documents in other languages (``_ahead``)
        self._done_by_child: set[str] = set()
        self.english: dict[str, AnnotatedDocument] = {}
        self.aligned: set[str] = set()
        self._render_cache: dict = {}
        self.index = Index(corpus)
        self.index_rows: list[tuple] = []

    def _indexed(self, doc: Document, annotated: AnnotatedDocument, text_en: dict[int, str] | None) -> None:
        self.index_rows.append(self.index.summary_row(doc, annotated, text_en))

    def wait_for_child(self) -> None:
        """Once: take the loanword candidates the child found ahead, and wait for it to have
        written and indexed the documents in other languages (before any of them is read or
        made here)."""
        if self._child is not None:
            from .loanwords import adopt_candidates

            adopt_candidates(self._child.receive() or [])
            self._done_by_child = set(self._child.receive() or ())
            self._child = None

    def other(self, plan: Plan) -> Iterator[None]:
        from .annotate import annotate_other_steps

        self.wait_for_child()
        doc = plan.doc
        if doc.id in self._done_by_child:
            return
        annotated = yield from annotate_other_steps(doc)
        if doc.lang == "en":
            self.english[doc.id] = annotated
        write_annotation(self.corpus, doc, annotated, plan.keys, None, self._render_cache)
        self._indexed(doc, annotated, None)

    def korean(self, plan: Plan, annotated: AnnotatedDocument) -> Iterator[None]:
        text_en = None
        if plan.keys["aligned"] != "-":
            text_en = self._align(plan, annotated)
            yield
        data = render_conllu(annotated, format_key(plan.keys), text_en, None, self._render_cache)
        yield
        write_derived(conllu_path(self.corpus, plan.doc), data)
        self._indexed(plan.doc, annotated, text_en)

    def refresh(self, plan: Plan) -> Iterator[None]:
        """Grammar notes and alignment again from the stored morphemes: no Kiwi."""
        self.wait_for_child()
        corpus, doc = self.corpus, plan.doc
        annotated, text_en = parse_conllu(read_derived(conllu_path(corpus, doc), doc), doc.lang)
        stored = stored_keys(conllu_path(corpus, doc))
        if stored.get("grammar") != plan.keys["grammar"]:
            annotated = with_grammar_notes(annotated)
            yield
        if plan.keys["aligned"] == "-":
            text_en = None
        elif stored.get("aligned") != plan.keys["aligned"] \
                or stored_keys(alignment_path(corpus, doc)) != {"aligned": plan.keys["aligned"]}:
            text_en = self._align(plan, annotated)
            yield
        write_annotation(corpus, doc, annotated, plan.keys, text_en, self._render_cache)
        self._indexed(doc, annotated, text_en)

    def _align(self, plan: Plan, annotated: AnnotatedDocument) -> dict[int, str]:
        self.wait_for_child()
        corpus, doc = self.corpus, plan.doc
        partner = corpus.english_version(doc)
        english = self.english.pop(partner.id, None) or load_annotation(corpus, partner)
        self.aligned.add(doc.id)
        return _align(corpus, doc, partner, annotated, english, plan.keys["aligned"])


def write_annotation(corpus: Corpus, doc: Document, annotated: AnnotatedDocument, keys: dict[str, str],
                     text_en: dict[int, str] | None, cache: dict | None = None) -> None:
    """The CoNLL-U file of ``doc``, with its layer keys (glosses are never stored)."""
    write_derived(conllu_path(corpus, doc), render_conllu(annotated, format_key(keys), text_en, None, cache))


def with_grammar_notes(annotated: AnnotatedDocument) -> AnnotatedDocument:
    """``annotated`` with every word's grammar note ids made again from its morphemes."""
    from .grammar import explain_words

    sentences = []
    for sentence in annotated.sentences:
        notes = explain_words([word.morphemes for word in sentence.words])
        words = tuple(word._replace(grammar=ids) for word, ids in zip(sentence.words, notes))
        sentences.append(Sentence(sentence.id, sentence.text, sentence.block, words))
    return AnnotatedDocument(annotated.doc_id, annotated.lang, tuple(sentences))


def align_documents(ko_doc: AnnotatedDocument, en_doc: AnnotatedDocument) -> list:
    """The links between a Korean document's sentences and its English version's, with the
    evidence the pipeline uses: each Korean sentence's lemmas and the built-in glossary."""
    from .align import align_sentences, builtin_lexicon

    lemmas = [[lex.lemma for word in s.words for lex in word.lexemes] for s in ko_doc.sentences]
    return align_sentences([s.text for s in ko_doc.sentences], [s.text for s in en_doc.sentences],
                           lexicon=builtin_lexicon(), ko_lemmas=lemmas)


def _align(corpus: Corpus, doc: Document, partner: Document, ko_doc: AnnotatedDocument,
           en_doc: AnnotatedDocument, key: str) -> dict[int, str]:
    """Align ``doc`` with its English ``partner``; write the links; return text_en per sentence."""
    links = align_documents(ko_doc, en_doc)
    en = [s.text for s in en_doc.sentences]
    header = (f"# alignment of {doc.id} with {partner.id}: ko sentence indices<TAB>en sentence indices"
              "<TAB>score (0-based; an empty side is a sentence with no counterpart)\n")
    lines = [f"{','.join(map(str, l.ko))}\t{','.join(map(str, l.en))}\t{l.score:.3f}" for l in links]
    body = header + "\n".join(lines) + "\n"
    write_derived(alignment_path(corpus, doc), key_line(format_key({"aligned": key}), body) + body)
    text_en = {}
    for link in links:
        if link.ko and link.en:
            english = " ".join(en[i] for i in link.en)
            for i in link.ko:
                text_en[i] = english
    return text_en
