"""Terminal output: tables and interlinear glosses with rich, plain text when piped."""

from __future__ import annotations

import re
import sys
from typing import Iterable, Sequence

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
            meaning = word_gloss(word, glossary)
            grammar = "; ".join(f"{notes[g].name} {notes[g].meaning}" for g in word.grammar if g in notes)
            table.add_row(*(Text(printable(cell)) for cell in (word.form, lemma, word.pos, meaning, grammar)))
        out.print(table)


def word_gloss(word, glossary) -> str:
    parts = [glossary.gloss_text(lex.lemma, lex.tag) for lex in word.lexemes]
    return " + ".join(p for p in parts if p) if any(parts) else ""
