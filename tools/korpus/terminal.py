"""Terminal output: tables and interlinear glosses with rich, plain text when piped."""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Sequence

# C0 controls but tab and newline, DEL and the C1 controls: in corpus text they could move
# the cursor, recolour or retitle the terminal (ESC sequences), or ring the bell.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters become visible symbols
    (ESC -> ␛, BEL -> ␇; C1 controls -> �), so corpus text can never drive the terminal."""
    return _CONTROLS.sub(_picture, text)


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7f else "\ufffd"


def console(stderr: bool = False):
    """A rich console on stdout (or stderr), 200 columns wide when piped so tables are not cut."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 200
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def print_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    from rich.text import Text

    for row in rows:  # Text, not markup: "[해외 DS]" or "[/b]" in a title is shown as written
        table.add_row(*[Text(printable(str(cell))) for cell in row])
    console().print(table)


def print_interlinear(doc, annotated, text_en: dict[int, str], glossary) -> None:
    """Each sentence, its English (when aligned), then its words with lemma, pos, gloss, grammar."""
    from rich.table import Table
    from rich.text import Text
    from rich import box

    from .grammar import grammar_notes

    out = console()
    notes = grammar_notes()
    out.print(Text(printable(doc.title), style="bold"))
    for index, sentence in enumerate(annotated.sentences):
        out.print()
        out.print(Text(printable(f"[{sentence.id}] {sentence.text}"), style="bold cyan"))
        if index in text_en:
            out.print(Text(printable(f"      {text_en[index]}"), style="italic"))
        table = Table(box=box.SIMPLE, show_header=False, pad_edge=False, show_edge=False)
        for column in ("word", "lemma", "pos", "meaning", "grammar"):
            table.add_column(column, overflow="fold")
        for word in sentence.words:
            if word.pos == "punctuation":
                continue
            lemma = ", ".join(word.lemmas) or "—"
            meaning = _word_meaning(word, glossary)
            grammar = "; ".join(f"{notes[g].name} {notes[g].meaning}" for g in word.grammar if g in notes)
            table.add_row(*(Text(printable(cell)) for cell in (word.form, lemma, word.pos, meaning, grammar)))
        out.print(table)


def _word_meaning(word, glossary) -> str:
    """The glosses of a word's lexemes joined by `` + `` (공개했다: 공개 + 하다), empty when none has one."""
    parts = [glossary.gloss_text(lex.lemma, lex.tag) for lex in word.lexemes]
    return " + ".join(p for p in parts if p)


def document_text(doc) -> str:
    """A document as plain text for ``korpus show``: title, metadata line, summary bullets, then
    headings as ``## ...``, list items as bullets and paragraphs separated by blank lines."""
    lines = [doc.title]
    meta = [f"{k}: {v}" for k, v in (("section", doc.section), ("author", doc.author), ("date", doc.date),
                                      ("source", doc.source), ("url", doc.url)) if v]
    if meta:
        lines.append(" · ".join(meta))
    for item in doc.summary:
        lines.append(f"  • {item}")
    lines.append("")
    for block in doc.blocks:
        if block.kind == "heading":
            lines += ["", f"## {block.text}", ""]
        elif block.kind == "item":
            lines.append(f"  • {block.text}")
        else:
            lines += [block.text, ""]
    return printable("\n".join(lines).rstrip() + "\n")


def print_documents(docs) -> None:
    """The ``korpus list`` table."""
    print_table(("id", "lang", "title", "paragraphs", "paired versions"),
                [(d.id, d.lang, d.title, str(len(d.blocks)), ", ".join(d.versions) or "-") for d in docs])


def print_entries(rows: Sequence[dict]) -> None:
    """The ``korpus vocab`` table of ``vocab.entry_rows``: the example cut to 60 characters."""
    print_table(("lemma", "pos", "gloss", "count", "example"),
                [(r["lemma"], r["pos"], r["gloss"] or "—", r["count"], (r["example"] or "")[:60]) for r in rows])


def print_pair_suggestions(suggestions) -> None:
    """The ``korpus pair`` table."""
    print_table(("id", "same story as", "score", "shared anchors"),
                [(s.doc_id, s.partner_id, f"{s.score:.3f}", ", ".join(s.shared)) for s in suggestions])


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on stderr (none when stderr is not a terminal); yields the
    ``progress(done, total)`` callback the library calls."""
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
