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
    """A plain table: columns padded to their width on screen (Hangul counts double), a rule
    under the header.  Written directly rather than with rich's Table, which takes seconds
    for the thousands of rows of a learner's corpus.  On a terminal, the widest column is
    cut with "…" so that rows fit its width; piped, nothing is cut."""
    import shutil

    from rich.cells import cell_len

    table = [[printable(str(cell)).replace("\n", " ") for cell in row] for row in rows]
    widths = [max([cell_len(h)] + [cell_len(row[i]) for row in table]) for i, h in enumerate(headers)]
    if sys.stdout.isatty():
        room = shutil.get_terminal_size().columns - 2 * (len(widths) - 1)
        widest = widths.index(max(widths))
        widths[widest] = max(cell_len(headers[widest]), room - (sum(widths) - widths[widest]), 8)
        table = [[_cut(cell, widths[i]) if i == widest else cell for i, cell in enumerate(row)] for row in table]
    lines = [_row(headers, widths), "  ".join("─" * w for w in widths)]
    lines += [_row(row, widths) for row in table]
    sys.stdout.write("\n".join(lines) + "\n")


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    from rich.cells import cell_len

    return "  ".join(cell + " " * (width - cell_len(cell)) for cell, width in zip(cells, widths)).rstrip()


def _cut(text: str, width: int) -> str:
    from rich.cells import cell_len, set_cell_size

    return text if cell_len(text) <= width else set_cell_size(text, width - 1) + "…"


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
