"""The one shared Kiwi analyser, created lazily with korpus's user words.

Kiwi costs ~0.6 s to create and ~1.1 s plus ~500 MB when its model first loads, so it
is built only by the commands that analyse new text, once per process.  User words
(loanwords and names Kiwi splits: 워크로드 -> 워크+로드) must be added before its
first call, or Kiwi rebuilds its model (~1.1 s more); so they are collected first, and
which harvested terms Kiwi splits is remembered in ``corpus/user-words.tsv``.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

from .hangul import GLOSSED_TERM


# Loanwords and names Kiwi splits, kept by korpus's maintainers (not a corpus file: see
# ``DECISIONS_FILE`` for the per-corpus decisions).
MAINTAINED_USER_WORDS = "data/kiwi_user_words.tsv"


@lru_cache(maxsize=1)
def maintained_user_words() -> tuple[tuple[str, str], ...]:
    """The (word, tag) pairs of the maintained list shipped with korpus, ``data/kiwi_user_words.tsv``."""
    text = resources.files("korpus").joinpath(MAINTAINED_USER_WORDS).read_text(encoding="utf-8")
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
        for match in GLOSSED_TERM.finditer(text):
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


class KiwiAnalyser(NamedTuple):
    """Kiwi with korpus's user words, and the decision taken for every harvested candidate
    (the tag it was added with, or "" when Kiwi already knows the term)."""

    kiwi: object
    decisions: Mapping[tuple[str, str], str]

    @property
    def user_words(self) -> tuple[tuple[str, str], ...]:
        """The harvested terms added to Kiwi, with their tags."""
        return tuple((word, tag) for (word, _), tag in self.decisions.items() if tag)

    def analyse(self, paragraphs: Sequence[str]) -> Iterator:
        """Kiwi's analyses (per paragraph, per sentence, its tokens), in one multi-threaded
        call over all ``paragraphs``, yielded as Kiwi's worker threads finish them.

        Consuming them lazily lets korpus's own processing of one paragraph overlap
        Kiwi's analysis of the next ones.
        """
        from kiwipiepy import Match

        if not paragraphs:
            return iter(())
        options = Match.ALL | Match.JOIN_V_SUFFIX
        return self.kiwi.tokenize(list(paragraphs), split_sents=True, match_options=options)


_INSTANCES: dict[str, KiwiAnalyser] = {}


def new_kiwi(num_workers: int = 2):
    """A Kiwi with the maintained user words, before its first call (its model loads then):
    what ``get_kiwi`` starts from, made ahead while the user words are still being found."""
    try:
        from kiwipiepy import Kiwi
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("kiwipiepy is needed to analyse Korean: pip install kiwipiepy") from exc
    # The typo dictionary only serves typo correction, which korpus does not ask for;
    # without it Kiwi loads ~0.3 s faster and analyses the corpus identically.
    kiwi = Kiwi(num_workers=num_workers, load_typo_dict=False)
    for word, tag in maintained_user_words():
        kiwi.add_user_word(word, tag, 0.0)
    return kiwi


def get_kiwi(candidates: Iterable[tuple[str, str]] = (), num_workers: int = 2,
             decided: Mapping[tuple[str, str], str] | None = None, base=None) -> KiwiAnalyser:
    """The shared Kiwi, with the maintained user words and the harvested ``candidates`` it needs.

    A harvested term is added only where Kiwi splits it into nouns (``대규모언어모델`` ->
    대+규모+언어+모델); terms it already knows (``개발자``) or that carry a particle
    (``연구자들이``) are left to Kiwi.  Finding out means analysing the term, which loads
    the model, and adding a word afterwards rebuilds it (~1.1 s); so the ``decided``
    candidates (earlier decisions: the tag to add it with, or "" for none; see
    ``read_decisions``) are added before Kiwi's first call and only new ones are checked.
    The analyser returned holds every candidate's decision.  It is cached per candidate set.
    ``base``: a ``new_kiwi`` not called yet, to start from.
    """
    candidates = sorted(set(candidates))
    key = user_words_key(candidates)
    if key not in _INSTANCES:
        kiwi = base if base is not None else new_kiwi(num_workers)
        known = {word for word, _ in maintained_user_words()}
        decided = decided or {}
        pending = [c for c in candidates if c[0] not in known]
        decisions = {c: decided[c] for c in pending if c in decided}
        unknown = [c for c in pending if c not in decisions]
        for (word, _), tag in decisions.items():
            if tag:
                kiwi.add_user_word(word, tag, 0.0)
        if unknown:  # analysing them loads the model; adding any afterwards rebuilds it
            for (word, tag), tokens in zip(unknown, kiwi.tokenize([w for w, _ in unknown])):
                decisions[(word, tag)] = _decide(tag, tokens)
            for candidate in unknown:
                if decisions[candidate]:
                    kiwi.add_user_word(candidate[0], decisions[candidate], 0.0)
        _INSTANCES.clear()
        _INSTANCES[key] = KiwiAnalyser(kiwi, dict(sorted(decisions.items())))
    return _INSTANCES[key]


def _decide(tag: str, tokens) -> str:
    """The tag to add a harvested term with, from Kiwi's analysis of it alone; "" for none."""
    tags = [t.tag for t in tokens]
    if len(tokens) < 2 or not all(t.startswith("NN") or t in ("SL", "SN", "XPN", "XSN") for t in tags):
        return ""
    name = tag == "NNP" and ("NNP" in tags or any(t.oov for t in tokens))
    return "NNP" if name else "NNG"


# ``corpus/user-words.tsv``: which harvested terms Kiwi splits, so that the next process
# adds them before Kiwi's first call.  Derived data, like the CoNLL-U files: it is
# rewritten when the candidates change and ignored when Kiwi or the maintained list do.
DECISIONS_FILE = "user-words.tsv"
_DECISIONS_HEADER = ("# Terms the Korean articles gloss themselves, e.g. 나델라(Satya Nadella), and the tag korpus\n"
                     "# adds each with as a Kiwi user word (empty: Kiwi knows it). Written by `korpus build`.\n")


def decisions_key() -> str:
    """What the decisions depend on besides the term: Kiwi's version and the maintained list."""
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for package in ("kiwipiepy", "kiwipiepy_model"):
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:  # pragma: no cover - installed with kiwipiepy
            versions.append(f"{package} ?")
    return ", ".join(versions) + f", user words {user_words_key(maintained_user_words())}"


def read_decisions(path: Path) -> dict[tuple[str, str], str]:
    """Decisions from ``path``; none when it is missing, unreadable or made for another Kiwi."""
    try:
        return parse_decisions(Path(path).read_bytes())
    except OSError:
        return {}


def parse_decisions(data: bytes | None) -> dict[tuple[str, str], str]:
    """Decisions from the bytes of a decisions file; none when they are not UTF-8 or were
    made for another Kiwi."""
    try:
        lines = (data or b"").decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return {}
    if f"# key: {decisions_key()}" not in lines[:4]:
        return {}
    decisions = {}
    for line in lines:
        fields = line.split("\t")
        if line.startswith("#") or len(fields) != 3 or fields[2] not in ("", "NNG", "NNP"):
            continue
        decisions[(fields[0], fields[1])] = fields[2]
    return decisions


def render_decisions(decisions: Mapping[tuple[str, str], str]) -> str:
    lines = [f"{word}\t{tag}\t{add}" for (word, tag), add in sorted(decisions.items())]
    return _DECISIONS_HEADER + f"# key: {decisions_key()}\n" + "".join(line + "\n" for line in lines)
