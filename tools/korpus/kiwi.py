"""The one shared Kiwi analyser, created lazily with korpus's user words.

Kiwi costs ~1 s to create and ~1.5 s plus ~500 MB when its model first loads, so it
is built only by the commands that analyse new text, once per process.  User words
(loanwords and names Kiwi splits: 워크로드 -> 워크+로드) must be added before its
first call, or Kiwi rebuilds its model; so they are collected first.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

# Korean term followed by its English in parentheses: 사티아 나델라(Satya Nadella), 대규모언어모델(LLM)
_GLOSSED_TERM = re.compile(r"((?:[가-힣]{2,}\s)?[가-힣]{2,})\(([A-Za-z][A-Za-z0-9 .&'+-]{1,40})\)")


@lru_cache(maxsize=1)
def maintained_user_words() -> tuple[tuple[str, str], ...]:
    """The (word, tag) pairs of ``data/user_words.tsv``."""
    text = resources.files("korpus").joinpath("data/user_words.tsv").read_text(encoding="utf-8")
    words = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, tag, *_ = line.split("\t")
        words.append((word.strip(), tag.strip()))
    return tuple(words)


def harvest_user_words(texts: Iterable[str]) -> list[tuple[str, str]]:
    """Terms the articles gloss themselves: ``나델라(Satya Nadella)`` -> (사티아, NNP), (나델라, NNP).

    These are candidates: ``get_kiwi`` keeps those Kiwi would split.
    """
    found: dict[str, str] = {}
    for text in texts:
        for match in _GLOSSED_TERM.finditer(text):
            korean, english = match.group(1), match.group(2).strip()
            parts = korean.split()
            name = bool(re.match(r"^[A-Z][a-z]", english)) and " " in english
            if len(parts) == 2 and not name:
                parts = parts[1:]
            for part in parts:
                if len(part) >= 2:
                    found.setdefault(part, "NNP" if re.match(r"^[A-Z][a-z]", english) else "NNG")
    return sorted(found.items())


def user_words_key(words: Iterable[tuple[str, str]]) -> str:
    """A short hash of a user-word set: it changes the analysis, so it keys the build cache."""
    joined = "\n".join(f"{w}\t{t}" for w, t in sorted(set(words)))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


_INSTANCES: dict[str, object] = {}


def get_kiwi(candidates: Iterable[tuple[str, str]] = (), num_workers: int = 2):
    """The shared Kiwi, with the maintained user words and the harvested ``candidates`` it needs.

    A harvested term is added only where Kiwi splits it into nouns (``대규모언어모델`` ->
    대+규모+언어+모델); terms it already knows (``개발자``) or that carry a particle
    (``연구자들이``) are left to Kiwi.  The instance is cached per candidate set.
    """
    candidates = sorted(set(candidates))
    key = user_words_key(candidates)
    if key not in _INSTANCES:
        try:
            from kiwipiepy import Kiwi
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ImportError("kiwipiepy is needed to analyse Korean: pip install kiwipiepy") from exc
        kiwi = Kiwi(num_workers=num_workers)
        known = {word for word, _ in maintained_user_words()}
        for word, tag in maintained_user_words():
            kiwi.add_user_word(word, tag, 0.0)
        needed = []
        if candidates:
            pending = [(w, t) for w, t in candidates if w not in known]
            for (word, tag), tokens in zip(pending, kiwi.tokenize([w for w, _ in pending])):
                tags = [t.tag for t in tokens]
                if len(tokens) >= 2 and all(t.startswith("NN") or t in ("SL", "SN", "XPN", "XSN") for t in tags):
                    name = tag == "NNP" and ("NNP" in tags or any(t.oov for t in tokens))
                    needed.append((word, "NNP" if name else "NNG"))
        for word, tag in needed:
            kiwi.add_user_word(word, tag, 0.0)
        kiwi.korpus_user_words = tuple(needed)  # type: ignore[attr-defined]
        _INSTANCES.clear()
        _INSTANCES[key] = kiwi
    return _INSTANCES[key]
