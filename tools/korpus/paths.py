"""Paths built from corpus data (ids, story names, languages) stay inside their folder.

An id is validated when a document is loaded, but every place that turns corpus data
into an output path checks again here: resolve, then require the result to lie inside
the target folder.  A hand-edited ``id: ../../x`` can never make korpus write elsewhere.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import CorpusError, KorpusError


def inside(folder: Path, *parts: str) -> Path:
    """``folder / parts...``, refused unless it resolves to a path inside ``folder``."""
    base = Path(folder).resolve()
    target = base.joinpath(*parts).resolve()
    if target == base or base not in target.parents:
        joined = "/".join(parts)
        raise CorpusError(f"{joined!r} would lead outside {folder}; "
                          "ids, story and language names must be plain names (fix the document's front matter)")
    return target


@contextmanager
def writing_output(path: Path, option: str = "--out") -> Iterator[None]:
    """Turn an OS error while writing an output (its folder is a file, no permission, disk
    full) into one clear line instead of a traceback."""
    try:
        yield
    except (FileExistsError, NotADirectoryError):
        raise KorpusError(f"cannot write {path}: a part of its folder is a file; pass another {option}") from None
    except OSError as exc:
        raise KorpusError(f"cannot write {path}: {exc.strerror or exc}; pass another {option}") from None
