"""The words a learner knows: ``corpus/known.tsv`` and ``--known`` files, in one format.

``lemma<TAB>status`` lines under a ``#`` header, status one of new, learning, known, ignored
(known and ignored count as known); a bare lemma (an older ``--known`` list) means known.
The reader writes it (``korpus reader --serve``), the deck and the vocabulary read it.
"""

from __future__ import annotations

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
