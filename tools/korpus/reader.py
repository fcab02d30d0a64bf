"""``korpus reader``: a static site for studying the aligned bilingual passages.

Opens from ``file://`` with no network resources (no CDN, web fonts or remote scripts).
Every piece of corpus text goes through Jinja2's autoescaping; word details travel as
JSON inside ``<script type="application/json">`` (with ``<`` escaped) and are put on
the page with ``textContent`` only, so nothing in an article can run.
"""

from __future__ import annotations

import concurrent.futures
import errno
import json
import multiprocessing
import os
import re
import signal
import sys
from dataclasses import dataclass
from functools import cached_property
from http import HTTPStatus
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

from markupsafe import Markup, escape

from .store import load_annotation, load_document
from .corpus import Corpus, atomic_write_text, is_slug
from .errors import CorpusError, CorpusLockedError, KorpusError
from .glossary import Glossary
from .grammar import grammar_notes
from .model import Document, Link, Word
from .paths import inside, writing_output
from .textio import LANG_NAMES
from .vocab import depends_on_sentence, follows_name, gloss_for_example, is_entry_lemma

# The pages' Content-Security-Policy: their own stylesheet and script, nothing else.  Sent
# in a <meta> element (the site opens from file://) and as a header by ``--serve``.
PAGE_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'"
INDEX_PAGE = "index.html"

# The learner's word statuses, set in the reader and saved as ``corpus/known.tsv``
# (``lemma<TAB>status``); the deck reads "known" and "ignored" as known.
from .known import KNOWN_FILE, KNOWN_HEADER, parse_statuses, render_statuses
MAX_KNOWN_BODY = 1_000_000  # bytes a POST /known may carry; a learner's statuses are far smaller


@dataclass(frozen=True)
class StoryRow:
    doc: Document
    languages: tuple[str, ...]
    aligned: bool
    words: int
    sentences: int
    new_words: int | None
    known_share: float  # known tokens / content tokens: the comprehension estimate
    lemma_counts: dict[str, int]  # content lemma -> tokens, for the browser's own estimate


def save_statuses(corpus: Corpus, text: str) -> int:
    """Replace ``corpus/known.tsv`` with the statuses in ``text`` (checked first, written
    atomically under the corpus lock); returns how many lemmas it holds."""
    path = corpus.root / KNOWN_FILE
    statuses = parse_statuses(text, "the posted statuses")
    with corpus.locked():
        atomic_write_text(path, render_statuses(statuses))
    return len(statuses)


def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("korpus", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["csp"] = PAGE_CSP
    return env


def _json_script(data) -> str:
    """JSON safe inside <script type="application/json">: no "<", so no "</script>"."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026")


class _Glosses:
    """What the pages of the whole site share: each word's glosses, looked up once per
    (lemma, tag), and each distinct tooltip row, encoded once as JSON (the same words recur
    across thousands of pages).

    A gloss of one sense (most of them) reads the same in every sentence, so its shown form
    is kept; a gloss of several senses is ordered for each sentence (``gloss_for_example``).
    ``words`` holds the ``Word`` of every token line read (``store.load_document``), so a
    word whose row no sentence changes is worked out once for the site (``by_word``)."""

    MAX_WORDS = 400_000  # distinct token lines kept; then both memos start again

    def __init__(self, corpus_root: Path, known: set[str]):
        self.corpus_root = corpus_root
        self.known = known
        self.found: dict[tuple[str, str], tuple] = {}
        self.rows: dict[tuple, tuple[str, tuple[str, ...]]] = {}  # row key -> (its JSON, its grammar notes)
        self.notes = grammar_notes()
        self.words: dict = {}
        # id of a Word in ``words`` -> (its row, unknown), in sentences without and with English
        self.by_word: tuple[dict[int, tuple], dict[int, tuple]] = ({}, {})

    @cached_property
    def glossary(self) -> Glossary:
        """The corpus's glossary, loaded when a page is first written (often none is)."""
        return Glossary.for_corpus(self.corpus_root)

    def next_page(self) -> None:
        if len(self.words) > self.MAX_WORDS:  # ids in by_word belong to the Words kept in words
            self.words.clear()
            for memo in self.by_word:
                memo.clear()

    def shown(self, lex, korean: str, english: str | None, after_name: bool) -> tuple:
        """(gloss, (text, hanja) shown for this sentence, whether that depends on the sentence)."""
        memo = self.found.get((lex.lemma, lex.tag))
        if memo is None:
            gloss = self.glossary.lookup(lex.lemma, lex.tag)
            alone = gloss_for_example(gloss.text, gloss.hanja) if gloss else (None, None)
            several = bool(gloss) and ";" in gloss.text  # the aligned English may reorder them
            memo = self.found[(lex.lemma, lex.tag)] = (gloss, alone, several, bool(gloss) and depends_on_sentence(gloss.text))
        gloss, alone, several, by_korean = memo
        if not by_korean and (english is None or not several):
            return gloss, alone, False
        return gloss, gloss_for_example(gloss.text, gloss.hanja, korean, english, after_name), True

    def row(self, word: Word, korean: str, english: str | None, after_name: bool) -> tuple[tuple, bool]:
        """The tooltip row of ``word`` in this sentence, (its JSON, its grammar notes), the same
        object for the same row; and whether the learner does not know the word yet."""
        by_word = self.by_word[english is not None]  # the aligned English may reorder senses
        memo = by_word.get(id(word))
        if memo is not None:
            return memo
        looked_up = [self.shown(lex, korean, english, after_name and i == 0) for i, lex in enumerate(word.lexemes)]
        key = (word.lexemes, word.grammar, word.pos, tuple(found[1] for found in looked_up))
        studied = [lex for lex in word.lexemes if _studied(lex)]
        row = self.rows.get(key)
        if row is None:
            lexemes = [{"lemma": lex.lemma, "pos": lex.pos, "gloss": text,
                        "source": gloss.source if gloss else None, "hanja": hanja}
                       for lex, (gloss, (text, hanja), _) in zip(word.lexemes, looked_up)]
            grammar = [note_id for note_id in word.grammar if note_id in self.notes]
            # "study": the lemma whose status the learner sets on this word
            data = {"pos": word.pos, "lexemes": lexemes, "grammar": grammar,
                    "study": studied[0].lemma if studied else None}
            row = self.rows[key] = (json.dumps(data, ensure_ascii=False), tuple(grammar))
        unknown = bool(studied) and any(lex.lemma not in self.known for lex in studied)
        if not any(found[2] for found in looked_up):
            by_word[id(word)] = (row, unknown)
        return row, unknown


class _WordTable:
    """Deduplicated tooltip data of the words of one page."""

    def __init__(self, glosses: _Glosses):
        self.glosses = glosses
        self.rows: list[str] = []  # each row's JSON
        self.index: dict[int, int] = {}  # id of a site row -> its number on this page
        self.used_notes: dict[str, dict] = {}

    def add(self, word: Word, korean: str = "", english: str | None = None,
            after_name: bool = False) -> tuple[int, bool]:
        """The row of ``word``'s tooltip, its senses ordered for the sentence it is in
        (``korean``, with its aligned ``english``, the word right after a name or not): the
        same word in another sense gets its own row."""
        row, unknown = self.glosses.row(word, korean, english, after_name)
        number = self.index.get(id(row))
        if number is None:
            encoded, grammar = row
            for note_id in grammar:
                note = self.glosses.notes[note_id]
                self.used_notes[note_id] = {"name": note.name, "meaning": note.meaning, "usage": note.usage}
            number = self.index[id(row)] = len(self.rows)
            self.rows.append(encoded)
        return number, unknown

    def json(self) -> str:
        """The page's word data, as ``_json_script({"words": rows, "notes": notes})`` would give."""
        data = '{"words": [' + ", ".join(self.rows) + '], "notes": ' + json.dumps(self.used_notes, ensure_ascii=False) + "}"
        return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _studied(lex) -> bool:
    """Whether a learner studies this word (a vocabulary entry that is not a name): what
    ``--known`` is measured against."""
    return is_entry_lemma(lex.lemma, lex.tag) and lex.tag != "NNP"


def _render_sentence(index: int, words: tuple[Word, ...], table: _WordTable, korean: str = "",
                     english: str | None = None) -> Markup:
    """One Korean sentence as HTML: each word a focusable span whose ``data-w`` names its
    tooltip row.  Built here rather than by a template macro (a page holds hundreds of words;
    the macro was most of a page's cost), with the same escaping (markupsafe's, as Jinja2's)."""
    html = [f'<span class="s" data-s="{index}" tabindex="-1">']
    for number, word in enumerate(words):
        text = escape(word.form)
        if word.morphemes and word.pos != "punctuation":
            row, unknown = table.add(word, korean, english, follows_name(words[number - 1] if number else None))
            html.append(f'<span class="w{" unknown" if unknown else ""}" data-w="{row}" tabindex="0">{text}</span>')
        else:
            html.append(text)
        if word.space_after:
            html.append(" ")
    html.append("</span>")
    return Markup("".join(html))


def _plain_sentence(index: int, text: str) -> Markup:
    """A sentence of a document in another language: its text, not split into words."""
    return Markup(f'<span class="s" data-s="{index}" tabindex="-1">{escape(text)}</span>')


def _remove_leftovers(out: Path) -> None:
    """Temporary files a killed ``korpus reader`` left in its folder (``.<page>.<random>.tmp``,
    see ``corpus.atomic_replace``): nothing serves them, but they should not pile up."""
    for leftover in Path(out).glob(".*.tmp") if Path(out).is_dir() else ():
        if leftover.is_file() and leftover.name.endswith(".tmp"):
            leftover.unlink()


# What every page is made by, besides its own documents: the code, templates and grammar notes.
PAGE_CODE = ("reader.py", "templates", "tags.py", "grammar.py", "data/grammar.tsv", "glossary.py", "model.py",
             "vocab.py", "compose.py", "hangul.py", "index.py", "store.py", "conllu_io.py")


def build_site(corpus: Corpus, out: Path, known: set[str] | None = None) -> list[Path]:
    """Write the site under ``out``; returns the pages written.  A page whose inputs (its
    documents' files, the glossaries, the known words, the code) are those it was last
    written from, and which is still as written, is left alone: after one article changed,
    only its page and the index are written again."""
    from .glossary import glossary_key
    from .index import Index, file_stamp
    from .store import alignment_path, code_hash, conllu_path, digest

    known = known or set()
    env = _environment()
    glosses = _Glosses(corpus.root, known)
    out = Path(out)
    shown = [doc for doc in corpus.documents()
             if doc.lang == "ko" or not any(v.lang == "ko" for v in corpus.versions(doc))]  # else beside its Korean
    pages = _page_paths(corpus, shown, out)
    _remove_leftovers(out)
    index = Index(corpus)
    previous = index.page_keys()
    common = digest(code_hash(*PAGE_CODE), glossary_key(corpus.root), *sorted(known))
    keys = {}
    rows = []
    todo: list[tuple[Document, Document | None, Path]] = []  # the pages to write
    figures = index.story_figures(shown)
    for doc in shown:
        english = corpus.english_version(doc) if doc.lang == "ko" else None
        words, sentences, counts = figures[doc.id]
        rows.append(StoryRow(doc, tuple(sorted({doc.lang} | {v.lang for v in corpus.versions(doc)})),
                             english is not None, words, sentences,
                             len(set(counts) - known) if known else None, _known_share(counts, known), counts))
        inputs = [file_stamp(corpus.path_of(d)) for d in [doc, *corpus.versions(doc)]]
        inputs.append(file_stamp(conllu_path(corpus, doc)))
        if english is not None:
            inputs += [file_stamp(conllu_path(corpus, english)), file_stamp(alignment_path(corpus, doc))]
        path = pages[doc.id]
        key = digest(common, *inputs)
        if previous.get(str(path)) == (key, file_stamp(path)):
            continue
        todo.append((doc, english, path))
        keys[str(path)] = key
    _write_pages(env, corpus, glosses, todo)
    written = [path for _, _, path in todo]
    index.save_page_keys(keys)
    lemmas = {lemma for row in rows for lemma in row.lemma_counts}
    stories = _json_script({"stories": {row.doc.id: row.lemma_counts for row in rows},
                            "known": sorted(lemmas & known)})
    index_page = env.get_template("index.html").render(rows=rows, names=LANG_NAMES, with_known=bool(known),
                                                       data=stories)
    _write_page(out / INDEX_PAGE, index_page)
    written.append(out / INDEX_PAGE)
    for asset in ("reader.css", "reader.js"):
        _write_page(out / asset, resources.files("korpus").joinpath(f"templates/{asset}").read_text(encoding="utf-8"))
    return written


# Pages are written by two processes when there are at least this many and two cores: each page
# depends only on its own documents (a test compares a page written alone with one of a full run).
PARALLEL_PAGES = 200
_JOB: tuple = ()  # what the forked page writers share: (env, corpus, glosses, pages to write)


def _write_pages(env, corpus: Corpus, glosses: "_Glosses", todo: list[tuple]) -> None:
    """Write the pages of ``todo`` (document, its English version, path), in two forked
    processes for a whole site on a machine with two cores or more."""
    global _JOB
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(todo) < PARALLEL_PAGES or cores < 2 or not sys.platform.startswith("linux"):  # fork is safe on Linux
        for doc, english, path in todo:
            _write_page(path, _article_page(env, corpus, doc, english, glosses))
        return
    glosses.glossary  # noqa: B018 - loaded once, before the page writers fork
    _JOB = (env, corpus, glosses, todo)
    pool = concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"),
                                                  initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
    chunks = [range(start, min(start + 50, len(todo))) for start in range(0, len(todo), 50)]
    done = False
    try:  # the writers ignore Ctrl-C: the parent stops them and leaves no page key saved
        for _ in pool.map(_write_chunk, chunks):
            pass
        done = True
    finally:
        pool.shutdown(wait=True, cancel_futures=not done)
        _JOB = ()


def _write_chunk(numbers: range) -> None:
    """In a forked page writer: the pages ``numbers`` of the job."""
    env, corpus, glosses, todo = _JOB
    for number in numbers:
        doc, english, path = todo[number]
        _write_page(path, _article_page(env, corpus, doc, english, glosses))


def _known_share(counts: dict[str, int], known: set[str]) -> float:
    """Known tokens / content tokens: how much of the article the learner should follow."""
    total = sum(counts.values())
    return sum(n for lemma, n in counts.items() if lemma in known) / total if total else 0.0


def _article_page(env, corpus: Corpus, doc: Document, english: Document | None, glosses: _Glosses) -> str:
    glosses.next_page()
    stored = load_document(corpus, doc, glosses.words)
    annotated, links = stored.annotation, list(stored.links)
    table = _WordTable(glosses)
    sentences = [_render_sentence(i, s.words, table, s.text, stored.text_en.get(i)) if doc.lang == "ko"
                 else _plain_sentence(i, s.text) for i, s in enumerate(annotated.sentences)]
    if links:
        en_doc = load_annotation(corpus, english)
        pairs = [{"ko": [sentences[i] for i in link.ko],
                  "en": [{"i": j, "text": en_doc.sentences[j].text} for j in link.en],
                  "kind": _kind(link)} for link in links]
        blocks = None
    else:
        pairs = None
        blocks = []
        for i, sentence in enumerate(annotated.sentences):
            kind = doc.blocks[sentence.block].kind if sentence.block < len(doc.blocks) else "paragraph"
            if not blocks or blocks[-1]["index"] != sentence.block:
                blocks.append({"index": sentence.block, "kind": kind, "sentences": []})
            blocks[-1]["sentences"].append(sentences[i])
    versions = [{"lang": v.lang, "name": LANG_NAMES.get(v.lang, v.lang), "title": v.title, "url": v.url,
                 "id": v.id, "text": [b.text for b in v.blocks]} for v in corpus.versions(doc)
                if v.lang != "en" or not links]
    return env.get_template("article.html").render(
        doc=doc, english=english, pairs=pairs, blocks=blocks, versions=versions,
        lang_name=LANG_NAMES.get(doc.lang, doc.lang),
        data=table.json())


def _page_paths(corpus: Corpus, docs: list[Document], out: Path) -> dict[str, Path]:
    """Where each document's page goes, all checked before anything is written: a page
    named by a hostile id (``../../x``, an absolute path) or one that would replace the
    index is refused, naming the document's file."""
    pages = {}
    base = Path(out).resolve()
    try:  # a symbolic link among the pages is checked where it leads
        links = {entry.name for entry in os.scandir(base) if entry.is_symlink()}
    except OSError:
        links = set()
    for doc in docs:
        name = f"{doc.id}.html"
        if is_slug(doc.id) and name not in links:  # a plain name of this folder: no need to resolve it
            pages[doc.id] = base / name
        else:
            try:
                pages[doc.id] = inside(out, name)
            except CorpusError as exc:
                raise CorpusError(f"{corpus.path_of(doc)}: {exc}") from None
        if pages[doc.id].name.lower() == INDEX_PAGE:  # also on case-insensitive disks
            raise CorpusError(f"{corpus.path_of(doc)}: id {doc.id!r} would replace the reader's {INDEX_PAGE}; "
                              "give the document another id in its front matter")
    return pages


def _write_page(path: Path, text: str) -> None:
    """A page, atomically but not synced: a page that is missing or not as written (its size
    and time are kept with its key) is written again by the next ``korpus reader``."""
    with writing_output(path):
        atomic_write_text(path, text, durable=False)


def _kind(link: Link) -> str:
    if not link.ko:
        return "en-only"
    if not link.en:
        return "ko-only"
    return f"{len(link.ko)}-{len(link.en)}"


# ``--serve`` answers this machine's browser only: a page of another site that points a
# DNS name of its own at 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
_LOCAL_HOST = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5}))?", re.IGNORECASE)
MAX_REQUEST_PATH = 2048  # longer request paths get 414; no page of the site comes near


def _request_problem(raw_path: str, host: str | None, port: int) -> tuple[HTTPStatus, str] | None:
    """Why a request for ``raw_path`` with this Host header is refused, or None to serve it.

    Only plain paths to the site's own files are served: no ``..`` or hidden names, no
    control characters or NUL (which made the standard handler raise), valid UTF-8.
    """
    match = _LOCAL_HOST.fullmatch(host or "")
    if match is None or (match.group(1) is not None and int(match.group(1)) != port):
        return HTTPStatus.FORBIDDEN, "only 127.0.0.1, localhost or [::1] may ask this server"
    if len(raw_path) > MAX_REQUEST_PATH:
        return HTTPStatus.REQUEST_URI_TOO_LONG, "request path too long"
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return HTTPStatus.BAD_REQUEST, "request path must start with /"
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return HTTPStatus.BAD_REQUEST, "request path is not valid UTF-8"
    if any(ord(char) < 32 or ord(char) == 127 for char in decoded) or "\\" in decoded:
        return HTTPStatus.BAD_REQUEST, "control character or backslash in the request path"
    segments = decoded.split("/")
    if any(segment in (".", "..") for segment in segments):
        return HTTPStatus.BAD_REQUEST, "relative segment in the request path"
    if any(segment.startswith(".") for segment in segments):
        return HTTPStatus.NOT_FOUND, "hidden files are not served"
    return None


KNOWN_PATH = "/known"
KNOWN_TYPE = "text/tab-separated-values"


def _post_problem(headers, host: str) -> tuple[HTTPStatus, str] | None:
    """Why a ``POST /known`` with these headers is refused, or None to read its body.

    Only the reader's own pages may save: the Origin must be this server as the browser
    named it (a page of another site sends its own origin, and cannot send this content
    type without a preflight this server never answers), and the body is bounded."""
    if headers.get("Origin") != f"http://{host}":
        return HTTPStatus.FORBIDDEN, "only the reader's own pages may save word statuses"
    if headers.get_content_type() != KNOWN_TYPE:
        return HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"send the statuses as {KNOWN_TYPE}"
    length = headers.get("Content-Length")
    if length is None:
        return HTTPStatus.LENGTH_REQUIRED, "Content-Length is required"
    if not length.isdigit():
        return HTTPStatus.BAD_REQUEST, "Content-Length is not a number"
    if int(length) > MAX_KNOWN_BODY:
        return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"at most {MAX_KNOWN_BODY} bytes of statuses"
    return None


def make_server(folder: Path, port: int = 8000, corpus: Corpus | None = None):
    """An HTTP server for ``folder`` bound to 127.0.0.1 only (port 0 picks a free one).
    Given a ``corpus``, it also keeps the learner's word statuses in its ``known.tsv``:
    ``GET /known`` reads them, ``POST /known`` (same origin only) replaces them.

    Raises a one-line ``KorpusError`` when the port cannot be had (in use, or privileged).
    """
    import functools
    import http.server

    class SiteHandler(http.server.SimpleHTTPRequestHandler):
        timeout = 30  # a client that stops sending is dropped instead of holding a thread

        def parse_request(self) -> bool:
            if not super().parse_request():
                return False
            problem = _request_problem(self.path, self.headers.get("Host"), self.server.server_address[1])
            if problem is not None:
                status, reason = problem
                self.send_error(status, explain=reason)
                return False
            return True

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if corpus is None or self.path != KNOWN_PATH:
                return super().do_GET()
            path = corpus.root / KNOWN_FILE
            body = path.read_bytes() if path.is_file() else (KNOWN_HEADER + "\n").encode("utf-8")
            self._answer(HTTPStatus.OK, body, f"{KNOWN_TYPE}; charset=utf-8")

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            if corpus is None or self.path != KNOWN_PATH:
                return self.send_error(HTTPStatus.NOT_FOUND)
            problem = _post_problem(self.headers, self.headers.get("Host"))
            if problem is not None:
                self.close_connection = True  # the unread body must not be taken for a request
                return self.send_error(problem[0], explain=problem[1])
            try:
                text = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
                saved = save_statuses(corpus, text)
            except UnicodeDecodeError:
                return self.send_error(HTTPStatus.BAD_REQUEST, explain="the statuses are not UTF-8")
            except CorpusLockedError as exc:
                return self.send_error(HTTPStatus.SERVICE_UNAVAILABLE, explain=str(exc))
            except KorpusError as exc:
                return self.send_error(HTTPStatus.BAD_REQUEST, explain=str(exc))
            self._answer(HTTPStatus.OK, json.dumps({"saved": saved}).encode("utf-8"), "application/json")

        def _answer(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def list_directory(self, path):
            self.send_error(HTTPStatus.NOT_FOUND)

        def end_headers(self) -> None:
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", f"{PAGE_CSP}; frame-ancestors 'none'")
            self.send_header("Referrer-Policy", "no-referrer")
            super().end_headers()

        def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
            pass

    class SiteServer(http.server.ThreadingHTTPServer):
        allow_reuse_port = False  # never share the port with another server

        def handle_error(self, request, client_address) -> None:
            """A browser that drops its connection mid-answer is normal: no traceback."""
            if not isinstance(sys.exc_info()[1], OSError):
                super().handle_error(request, client_address)

    handler = functools.partial(SiteHandler, directory=str(folder))
    try:
        return SiteServer(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise KorpusError(f"port {port} on 127.0.0.1 is in use; pass --port N") from None
        raise KorpusError(f"cannot serve on port {port} of 127.0.0.1 ({exc.strerror}); pass --port N") from None


def serve(server) -> None:  # pragma: no cover - runs until Ctrl-C
    """Answer requests until interrupted (the caller closes ``server``)."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
