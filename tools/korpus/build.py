"""``korpus build``: annotate (and align) whatever changed, and nothing else.

Each document's derived files sit beside it (``ko.conllu``, ``ko-en.align.tsv``).  The
first line of a CoNLL-U file records a key: a hash of the source file, the pipeline
version and every other input that changes the output (user words, the partner's text
for alignment, the glossaries).  A document whose key still matches is skipped
without loading Kiwi, so a build with nothing to do takes a fraction of a second.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from .conllu_io import key_line, parse_conllu, read_key, render_conllu, split_checked
from .corpus import Corpus, atomic_write_text, render_document
from .errors import CorpusError
from .model import AnnotatedDocument, Document

PIPELINE_VERSION = "4"  # bump whenever annotation output changes


@dataclass
class BuildReport:
    annotated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    aligned: list[str] = field(default_factory=list)
    kiwi_loaded: bool = False
    seconds: float = 0.0
    characters: int = 0


def conllu_path(corpus: Corpus, doc: Document) -> Path:
    return corpus.story_dir(doc.story) / f"{doc.lang}.conllu"


def alignment_path(corpus: Corpus, doc: Document) -> Path:
    return corpus.story_dir(doc.story) / f"{doc.lang}-en.align.tsv"


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def document_key(corpus: Corpus, doc: Document, shared_key: str) -> str:
    """What the derived files of ``doc`` depend on."""
    parts = [PIPELINE_VERSION, render_document(doc), shared_key if doc.lang == "ko" else ""]
    partner = corpus.english_version(doc) if doc.lang == "ko" else None
    if partner is not None:
        parts.append(render_document(partner))
    return _hash(*parts)


def harvested_user_words(corpus: Corpus) -> list[tuple[str, str]]:
    """User-word candidates the Korean articles gloss themselves (see ``kiwi.harvest_user_words``)."""
    from .kiwi import harvest_user_words

    return harvest_user_words(p for doc in corpus.documents("ko") for p in doc.paragraphs)


def shared_inputs_key(corpus: Corpus, candidates: list[tuple[str, str]]) -> str:
    """Inputs every Korean document depends on: user words, glossaries, the grammar table."""
    from importlib import resources

    from .glossary import glossary_key
    from .kiwi import maintained_user_words, user_words_key

    words = user_words_key(list(maintained_user_words()) + candidates)
    grammar = resources.files("korpus").joinpath("data/grammar.tsv").read_bytes()
    return _hash(words, glossary_key(corpus.root), hashlib.sha256(grammar).hexdigest())


def stale_documents(corpus: Corpus, force: bool = False,
                    candidates: list[tuple[str, str]] | None = None) -> tuple[list[Document], dict[str, str]]:
    """The documents whose derived files are missing or out of date, and every document's key."""
    docs = corpus.documents()
    if candidates is None:
        candidates = harvested_user_words(corpus)
    shared = shared_inputs_key(corpus, candidates)
    keys = {doc.id: document_key(corpus, doc, shared) for doc in docs}
    stale = [d for d in docs if force or not _up_to_date(corpus, d, keys[d.id])]
    return stale, keys


def _up_to_date(corpus: Corpus, doc: Document, key: str) -> bool:
    """Whether the derived files of ``doc`` exist, are intact (checksums) and were made from
    today's inputs (keys): a deleted alignment or a truncated CoNLL-U file is rebuilt."""
    if read_key(conllu_path(corpus, doc)) != key:
        return False
    if doc.lang == "ko" and corpus.english_version(doc) is not None:
        return read_key(alignment_path(corpus, doc)) == key
    return True


def build(corpus: Corpus, force: bool = False, progress: Callable[[str], None] | None = None,
          kiwi=None) -> BuildReport:
    """Annotate every document whose inputs changed; write CoNLL-U (and alignments) atomically."""
    with corpus.locked():
        return _build(corpus, force, progress, kiwi)


def _build(corpus: Corpus, force: bool, progress: Callable[[str], None] | None, kiwi) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    say = progress or (lambda message: None)
    docs = corpus.documents()
    candidates = harvested_user_words(corpus)
    stale, keys = stale_documents(corpus, force, candidates)
    report.unchanged = [d.id for d in docs if d not in stale]
    if not stale:
        report.seconds = time.perf_counter() - started
        return report
    korean = [d for d in stale if d.lang == "ko"]
    # Kiwi analyses in its own threads; korpus's other work (other languages, alignment,
    # CoNLL-U, writing) is done in small steps between Kiwi's paragraphs meanwhile (see
    # ``_Steps``).  Korean documents with an English version come first so that their
    # alignment overlaps Kiwi's work on the rest.
    korean.sort(key=lambda d: corpus.english_version(d) is None)
    if korean and kiwi is None:
        say("loading Kiwi (a few seconds, once)...")
        kiwi = _load_kiwi(corpus, candidates)
        report.kiwi_loaded = True
    with _without_cyclic_gc():
        _build_stale(corpus, stale, korean, keys, kiwi, report, say)
    report.annotated = [d.id for d in stale]
    report.seconds = time.perf_counter() - started
    return report


def _load_kiwi(corpus: Corpus, candidates: list[tuple[str, str]]):
    """Kiwi with the corpus's user words, remembering in ``corpus/user-words.tsv`` which
    harvested terms it splits (so the next process adds them before Kiwi's first call)."""
    from .kiwi import DECISIONS_FILE, get_kiwi, parse_decisions, render_decisions

    path = corpus.root / DECISIONS_FILE
    if path.is_dir() or (path.exists() and not path.is_file()):
        raise CorpusError(f"{path}: is not a file; korpus keeps its user-word decisions there "
                          "(move it away, `korpus build` writes it again)")
    try:
        before: bytes | None = path.read_bytes()
    except OSError:
        before = None
    kiwi = get_kiwi(candidates, decided=parse_decisions(before))
    text = render_decisions(kiwi.korpus_decisions)
    if before != text.encode("utf-8"):
        atomic_write_text(path, text)
    return kiwi


@contextmanager
def _without_cyclic_gc():
    """Pause Python's cycle collector: a build makes ~100,000 small tuples (words, morphemes,
    lemmas) and no reference cycles, and the collector's passes over them cost about a
    fifth of a forced build.  Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_stale(corpus: Corpus, stale: list[Document], korean: list[Document], keys: dict[str, str], kiwi,
                 report: BuildReport, say: Callable[[str], None]) -> None:
    annotated: dict[str, AnnotatedDocument] = {}
    finish = _Finisher(corpus, keys, annotated)
    work = _Steps()
    for doc in stale:
        if doc.lang != "ko":
            work.add(finish.other(doc))
    if korean:
        from .annotate import iter_annotate_korean_documents

        say(f"annotating {len(korean)} Korean documents...")
        documents = iter_annotate_korean_documents(korean, kiwi, between=work.step)
        for doc, result in zip(korean, documents):
            annotated[doc.id] = result
            report.characters += sum(len(p) for p in doc.paragraphs)
            work.add(finish.korean(doc))
    work.drain()
    report.aligned = [d.id for d in korean if d.id in finish.aligned]


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
    version), render CoNLL-U, write."""

    def __init__(self, corpus: Corpus, keys: dict[str, str], annotated: dict[str, AnnotatedDocument]):
        self.corpus, self.keys, self.annotated = corpus, keys, annotated
        self.aligned: set[str] = set()
        self._gloss = None
        self._render_cache: dict = {}

    def other(self, doc: Document) -> Iterator[None]:
        from .annotate import annotate_other_steps

        annotated = yield from annotate_other_steps(doc)
        self.annotated[doc.id] = annotated
        atomic_write_text(conllu_path(self.corpus, doc), render_conllu(annotated, self.keys[doc.id]))

    def korean(self, doc: Document) -> Iterator[None]:
        corpus, annotated = self.corpus, self.annotated[doc.id]
        if self._gloss is None:
            self._gloss = _gloss_lookup(corpus)
        text_en = None
        partner = corpus.english_version(doc)
        if partner is not None:
            english = self.annotated.get(partner.id) or load_annotation(corpus, partner)
            text_en = _align(corpus, doc, partner, annotated, english, self.keys[doc.id])
            self.aligned.add(doc.id)
            yield
        data = render_conllu(annotated, self.keys[doc.id], text_en, self._gloss, self._render_cache)
        yield
        atomic_write_text(conllu_path(corpus, doc), data)


def _gloss_lookup(corpus: Corpus):
    from .glossary import Glossary

    return lru_cache(maxsize=None)(Glossary.for_corpus(corpus.root).gloss_text)


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
    atomic_write_text(alignment_path(corpus, doc), key_line(key, body) + body)
    text_en = {}
    for link in links:
        if link.ko and link.en:
            english = " ".join(en[i] for i in link.en)
            for i in link.ko:
                text_en[i] = english
    return text_en


def read_derived(path: Path, doc: Document) -> str:
    """The body of a derived file of ``doc`` (without its key line), refused when missing
    or damaged."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise CorpusError(f"{doc.id} is not annotated yet ({path} missing); run `korpus build`") from None
    except UnicodeDecodeError:
        text = ""
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror}); run `korpus build`") from None
    checked = split_checked(text)
    if checked is None:
        raise CorpusError(f"{path}: damaged or not written by korpus (its checksum does not match); "
                          "run `korpus build`")
    return checked[1]


def _parse(path: Path, doc: Document) -> tuple[AnnotatedDocument, dict[int, str]]:
    body = read_derived(path, doc)
    try:
        return parse_conllu(body, doc.lang)
    except Exception as exc:  # the checksum held, so this is a korpus bug or a foreign file
        raise CorpusError(f"{path}: cannot be parsed ({type(exc).__name__}: {exc}); "
                          "run `korpus build --force`") from None


def load_annotation(corpus: Corpus, doc: Document) -> AnnotatedDocument:
    """The stored annotation of ``doc`` (run ``korpus build`` first)."""
    return _parse(conllu_path(corpus, doc), doc)[0]


def load_text_en(corpus: Corpus, doc: Document) -> dict[int, str]:
    """Aligned English per sentence index (empty for a document without an English version)."""
    if doc.lang != "ko" or corpus.english_version(doc) is None:
        return {}
    return _parse(conllu_path(corpus, doc), doc)[1]


def load_alignment(corpus: Corpus, doc: Document) -> list:
    """The stored links of ``doc`` with its English version (empty when it has none)."""
    from .model import Link

    if doc.lang != "ko" or corpus.english_version(doc) is None:
        return []
    path = alignment_path(corpus, doc)
    links = []
    for number, line in enumerate(read_derived(path, doc).splitlines(), 2):
        if not line or line.startswith("#"):
            continue
        try:
            ko, en, score = (line.split("\t") + ["", "", "0"])[:3]
            links.append(Link(tuple(int(i) for i in ko.split(",") if i),
                              tuple(int(i) for i in en.split(",") if i), float(score or 0)))
        except ValueError:
            raise CorpusError(f"{path}, line {number}: not a link; run `korpus build --force`") from None
    return links
