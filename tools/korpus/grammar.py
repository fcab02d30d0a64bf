"""Grammar notes for particles, endings and constructions (placeholder until the table lands)."""

from __future__ import annotations

from typing import Sequence

from .model import Morpheme


def explain_words(words: Sequence[Sequence[Morpheme]]) -> list[tuple[str, ...]]:
    return [() for _ in words]
