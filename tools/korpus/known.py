"""The words a learner knows: ``corpus/known.tsv`` and ``--known`` files, in one format.

``lemma<TAB>status`` lines under a ``#`` header, status one of new, learning, known, ignored
(known and ignored count as known); a bare lemma (an older ``--known`` list) means known.
The reader writes it (``korpus reader --serve``), the deck and the vocabulary read it.
The words studied in an Anki collection (``--known-anki``) are read here too, without Anki.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .errors import KorpusError
from .textio import read_list_file

KNOWN_FILE = "known.tsv"
STATUSES = ("new", "learning", "known", "ignored")
KNOWN_STATUSES = frozenset({"known", "ignored"})
KNOWN_HEADER = "# korpus word statuses: lemma<TAB>status (new, learning, known, ignored)"


def parse_statuses(text: str, source: str) -> dict[str, str]:
    """The statuses of a known-words file: ``lemma<TAB>status`` lines, or a bare lemma
    (an older ``--known`` list) meaning known; blank lines and ``#`` comments skipped.
    A bad status is refused, naming ``source`` and the line."""
    statuses = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        lemma, _, status = line.partition("\t")
        lemma, status = lemma.strip(), status.strip().lower() or "known"
        if any(ord(char) < 32 or ord(char) == 127 for char in lemma):
            raise KorpusError(f"{source}, line {number}: control character in the lemma; "
                              "write one lemma<TAB>status per line")
        if status not in STATUSES:
            raise KorpusError(f"{source}, line {number}: unknown status {status!r} for {lemma!r}; "
                              f"use one of {', '.join(STATUSES)} (or the lemma alone for known)")
        statuses[lemma] = status
    return statuses


def render_statuses(statuses: dict[str, str]) -> str:
    """The known-words file: the header, then one ``lemma<TAB>status`` line per lemma, sorted."""
    lines = [KNOWN_HEADER] + [f"{lemma}\t{status}" for lemma, status in sorted(statuses.items())]
    return "\n".join(lines) + "\n"


def read_statuses(path: Path) -> dict[str, str]:
    """The statuses kept in ``path``; refused in one line when it is missing or malformed."""
    try:
        text = read_list_file(path)
    except FileNotFoundError:
        raise KorpusError(f"{path}: no such file (--known expects lemma<TAB>status lines, "
                          "or one lemma per line)") from None
    return parse_statuses(text, str(path))


def known_lemmas(statuses: dict[str, str]) -> set[str]:
    """The lemmas the learner knows: those marked known or ignored."""
    return {lemma for lemma, status in statuses.items() if status in KNOWN_STATUSES}


def read_known_file(path: Path) -> set[str]:
    """The lemmas a learner knows, from a known-words file."""
    return known_lemmas(read_statuses(path))


@dataclass
class KnownInAnki:
    """The lemmas an Anki collection shows as studied, and how many notes were read for them."""

    lemmas: set[str]
    notes: int = 0
    not_studied: int = 0  # notes read whose cards have not reached the interval yet


def read_known_anki(path: Path, interval_days: int = 21) -> KnownInAnki:
    """The words of an Anki collection's notes the learner has studied: at least one card
    reviewed (a review card) with an interval of ``interval_days`` or more (21: what Anki
    and AnkiMorphs call mature).  A note merely imported, never reviewed, is not known.  The
    word is the Lemma field where the note type has one (korpus's own notes), else the first
    field.  Read-only (Anki itself is not needed)."""
    path = Path(path)
    if not path.exists():
        raise KorpusError(f"{path}: no such Anki collection")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            lemma_field = _lemma_field_of_note_types(db)
            rows = db.execute("SELECT n.mid, n.flds, MAX(CASE WHEN c.type = 2 THEN c.ivl ELSE 0 END) "
                              "FROM notes n LEFT JOIN cards c ON c.nid = n.id GROUP BY n.id").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise KorpusError(f"{path}: not an Anki collection ({exc})") from None
    known = KnownInAnki(set(), notes=len(rows))
    for model_id, fields, interval in rows:
        values = fields.split("\x1f")
        index = lemma_field.get(model_id, 0)
        word = values[index] if index < len(values) else values[0]
        word = html.unescape(re.sub(r"<[^>]+>", "", word)).strip()
        if not word:
            continue
        if (interval or 0) >= interval_days:
            known.lemmas.add(word)
        else:
            known.not_studied += 1
    return known


def _lemma_field_of_note_types(db: sqlite3.Connection) -> dict[int, int]:
    """Note type id -> index of its field named Lemma: the ``fields`` table of current
    collections, or the ``col.models`` JSON of old ones."""
    try:
        rows = db.execute("SELECT ntid, ord, name FROM fields").fetchall()
    except sqlite3.OperationalError:
        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0] or "{}")
        rows = [(int(mid), f["ord"], f["name"]) for mid, model in models.items() for f in model.get("flds", [])]
    return {model_id: order for model_id, order, name in rows if name == "Lemma"}
