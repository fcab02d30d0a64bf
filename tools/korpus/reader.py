"""``korpus reader``: a static site for studying the aligned bilingual passages.

Opens from ``file://`` with no network resources (no CDN, web fonts or remote scripts).
Every piece of corpus text goes through Jinja2's autoescaping; word details travel as
JSON inside ``<script type="application/json">`` (with ``<`` escaped) and are put on
the page with ``textContent`` only, so nothing in an article can run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .build import load_alignment, load_annotation
from .corpus import Corpus, atomic_write_text
from .glossary import Glossary
from .grammar import grammar_notes
from .model import Document, Link, Word
from .textio import LANG_NAMES
from .vocab import is_entry_lemma


@dataclass(frozen=True)
class StoryRow:
    doc: Document
    languages: tuple[str, ...]
    aligned: bool
    words: int
    sentences: int
    new_words: int | None


def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("korpus", "templates"), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def _json_script(data) -> str:
    """JSON safe inside <script type="application/json">: no "<", so no "</script>"."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026")


class _WordTable:
    """Deduplicated tooltip data of the words of one page."""

    def __init__(self, glossary: Glossary, known: set[str]):
        self.glossary = glossary
        self.known = known
        self.rows: list[dict] = []
        self.index: dict[tuple, int] = {}
        self.notes = grammar_notes()
        self.used_notes: dict[str, dict] = {}

    def add(self, word: Word) -> tuple[int, bool]:
        key = (word.lexemes, word.grammar, word.pos)
        if key not in self.index:
            lexemes = []
            for lex in word.lexemes:
                found = self.glossary.lookup(lex.lemma, lex.tag)
                lexemes.append({"lemma": lex.lemma, "pos": lex.pos,
                                "gloss": found.text if found else None,
                                "source": found.source if found else None,
                                "hanja": found.hanja if found else None})
            grammar = []
            for note_id in word.grammar:
                note = self.notes.get(note_id)
                if note is not None:
                    grammar.append(note_id)
                    self.used_notes[note_id] = {"name": note.name, "meaning": note.meaning, "usage": note.usage}
            self.index[key] = len(self.rows)
            self.rows.append({"pos": word.pos, "lexemes": lexemes, "grammar": grammar})
        studied = [lex for lex in word.lexemes if _studied(lex)]
        unknown = bool(studied) and any(lex.lemma not in self.known for lex in studied)
        return self.index[key], unknown


def _studied(lex) -> bool:
    """Whether a learner studies this word (a vocabulary entry that is not a name): what
    ``--known`` is measured against."""
    return is_entry_lemma(lex.lemma, lex.tag) and lex.tag != "NNP"


def _render_sentence(words: tuple[Word, ...], table: _WordTable) -> list[dict]:
    pieces = []
    for word in words:
        if word.morphemes and word.pos != "punctuation":
            index, unknown = table.add(word)
            pieces.append({"text": word.form, "w": index, "unknown": unknown, "space": word.space_after})
        else:
            pieces.append({"text": word.form, "w": None, "unknown": False, "space": word.space_after})
    return pieces


def build_site(corpus: Corpus, out: Path, known: set[str] | None = None) -> list[Path]:
    """Write the whole site under ``out``; returns the pages written."""
    known = known or set()
    env = _environment()
    glossary = Glossary.for_corpus(corpus.root)
    out = Path(out)
    written = []
    rows = []
    for doc in corpus.documents():
        if doc.lang != "ko" and any(v.lang == "ko" for v in corpus.versions(doc)):
            continue  # shown beside its Korean version
        annotated = load_annotation(corpus, doc)
        english = corpus.english_version(doc) if doc.lang == "ko" else None
        links = load_alignment(corpus, doc) if english else []
        table = _WordTable(glossary, known)
        words = sum(1 for s in annotated.sentences for w in s.words if w.lexemes)
        lemmas = {lex.lemma for s in annotated.sentences for w in s.words for lex in w.lexemes if _studied(lex)}
        rows.append(StoryRow(doc, tuple(sorted({doc.lang} | {v.lang for v in corpus.versions(doc)})),
                             bool(links), words, len(annotated.sentences),
                             len(lemmas - known) if known else None))
        sentences = [_render_sentence(s.words, table) if doc.lang == "ko" else [{"text": s.text, "w": None,
                     "unknown": False, "space": False}] for s in annotated.sentences]
        if links:
            en_doc = load_annotation(corpus, english)
            pairs = [{"ko": [{"i": i, "pieces": sentences[i]} for i in link.ko],
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
                blocks[-1]["sentences"].append({"i": i, "pieces": sentences[i]})
        versions = [{"lang": v.lang, "name": LANG_NAMES.get(v.lang, v.lang), "title": v.title, "url": v.url,
                     "id": v.id, "text": [b.text for b in v.blocks]} for v in corpus.versions(doc)
                    if v.lang != "en" or not links]
        page = env.get_template("article.html").render(
            doc=doc, english=english, pairs=pairs, blocks=blocks, versions=versions,
            lang_name=LANG_NAMES.get(doc.lang, doc.lang),
            data=_json_script({"words": table.rows, "notes": table.used_notes}))
        path = out / f"{doc.id}.html"
        atomic_write_text(path, page)
        written.append(path)
    index = env.get_template("index.html").render(rows=rows, names=LANG_NAMES, with_known=bool(known))
    atomic_write_text(out / "index.html", index)
    written.append(out / "index.html")
    for asset in ("reader.css", "reader.js"):
        atomic_write_text(out / asset, resources.files("korpus").joinpath(f"templates/{asset}")
                          .read_text(encoding="utf-8"))
    return written


def _kind(link: Link) -> str:
    if not link.ko:
        return "en-only"
    if not link.en:
        return "ko-only"
    return f"{len(link.ko)}-{len(link.en)}"


def make_server(folder: Path, port: int = 8000):
    """An HTTP server for ``folder`` bound to 127.0.0.1 only (port 0 picks a free one)."""
    import functools
    import http.server

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
            pass

    handler = functools.partial(QuietHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve(folder: Path, port: int = 8000) -> None:  # pragma: no cover - runs until Ctrl-C
    """Serve ``folder`` on 127.0.0.1 until interrupted."""
    with make_server(folder, port) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
