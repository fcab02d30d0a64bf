"""User dictionaries (``korpus dict add``): a local SQLite store of Korean-English entries."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DictionaryError


def default_store_path() -> Path:
    base = os.environ.get("KORPUS_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share", "korpus")
    return Path(base) / "dictionaries.sqlite3"


def store_key() -> str:
    """Changes whenever the installed dictionaries change (their mtime and size)."""
    path = default_store_path()
    if not path.exists():
        return "none"
    stat = path.stat()
    return f"{stat.st_mtime_ns}:{stat.st_size}"


class DictionaryStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    @classmethod
    def default(cls) -> "DictionaryStore":
        return cls(default_store_path())

    def exists(self) -> bool:
        return self.path.exists()

    def lookup(self, lemma: str):
        raise DictionaryError("user dictionaries are not implemented yet")
