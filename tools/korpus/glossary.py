"""English glosses for Korean lemmas, from (in order of precedence):

1. the user's overrides, ``corpus/glossary.tsv`` (lemma, pos, gloss, optional hanja, note);
2. dictionaries the user installed with ``korpus dict add`` (see ``dictionary``);
3. the built-in learner glossary shipped in ``korpus/data/glossary/*.tsv``;
4. a gloss composed from the parts those know (``compose``: 지리적 -> 지리 + -적), source ``composed``.

Context glosses from alignment are not here: they depend on the sentence (``vocab``).
"""

from __future__ import annotations

import hashlib
import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .compose import Composer, table_bytes
from .dictionary import DictionaryStore, store_key
from .errors import CorpusError, DictionaryError, KorpusWarning
from .model import Gloss
from .tags import GLOSS_TAG_FAMILIES, POS_TAGS
from .textio import read_list_file, require_regular_file

USER_GLOSSARY = "glossary.tsv"


def _builtin_files():
    folder = resources.files("korpus").joinpath("data/glossary")
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(".tsv")), key=lambda f: f.name)


@lru_cache(maxsize=1)
def builtin_glossary() -> dict[tuple[str, str], Gloss]:
    return read_builtin_files(_builtin_files())


def read_builtin_files(files) -> dict[tuple[str, str], Gloss]:
    """The built-in glossary files as one table; a (lemma, tag) key on two lines is refused.

    With a duplicate, one of the two glosses would be silently shadowed, and which one would depend
    on the file names; so the maintainer must merge the senses into one line.
    """
    entries: dict[tuple[str, str], Gloss] = {}
    origins: dict[tuple[str, str], str] = {}
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").split("\n"), 1):
            if not line or line[0] == "#":
                continue
            fields = line.split("\t")
            if len(fields) < 3 or not fields[2]:
                if not line.strip():
                    continue
                raise CorpusError(f"built-in glossary {file.name}, line {number}: expected lemma, tag, gloss")
            key = (fields[0], fields[1])
            where = f"{file.name}, line {number}"
            if key in origins:
                raise CorpusError(f"built-in glossary {where}: {key[0]} ({key[1]}) is already glossed in "
                                  f"{origins[key]}; merge the two into one line")
            origins[key] = where
            hanja = fields[3].strip() if len(fields) > 3 else ""
            entries[key] = Gloss(fields[2].strip(), "built-in", hanja or None)
    return entries


_USER_GLOSSARY_ADVICE = "korpus reads it as a text file of lemma<TAB>pos<TAB>gloss lines: move it away"


def read_user_glossary(path: Path) -> dict[tuple[str, str], Gloss]:
    """``corpus/glossary.tsv``: lemma, pos (learner name or Sejong tag), gloss, hanja, note."""
    entries: dict[tuple[str, str], Gloss] = {}
    if not path.exists():
        return entries
    require_regular_file(path, CorpusError, _USER_GLOSSARY_ADVICE)
    for number, line in enumerate(read_list_file(path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3 or not fields[0].strip() or not fields[2].strip():
            raise CorpusError(f"{path}, line {number}: expected lemma<TAB>pos<TAB>gloss[<TAB>hanja<TAB>note]")
        pos = fields[1].strip()
        tag = POS_TAGS.get(pos.lower(), pos.upper() if pos else "*")
        hanja = fields[3].strip() if len(fields) > 3 and fields[3].strip() else None
        entries[(fields[0].strip(), tag)] = Gloss(fields[2].strip(), "user", hanja)
    return entries


def glossary_key(corpus_root: Path) -> str:
    """A hash of every glossary input, so that a changed gloss rebuilds the annotations."""
    digest = hashlib.sha256()
    for file in _builtin_files():
        digest.update(file.read_bytes())
    digest.update(table_bytes())
    user = Path(corpus_root) / USER_GLOSSARY
    if user.exists():
        read_user_glossary(user)  # a file korpus cannot read is refused now, before any slow work
        digest.update(user.read_bytes())
    digest.update(store_key().encode("utf-8"))
    return digest.hexdigest()[:16]


class Glossary:
    """Gloss lookups with the precedence user > dictionaries > built-in > composed."""

    def __init__(self, user: dict | None = None, dictionaries: dict[str, Gloss] | None = None):
        self.user = user or {}
        self.dictionaries = dictionaries or {}
        self.builtin = builtin_glossary()
        self.composer = Composer(self.known)

    @classmethod
    def for_corpus(cls, corpus_root: Path) -> "Glossary":
        """The corpus's glossary.  An installed-dictionary store that cannot be used does not
        stop the commands that only look glosses up: it is left out with a ``KorpusWarning``."""
        user = read_user_glossary(Path(corpus_root) / USER_GLOSSARY)
        try:
            dictionaries = DictionaryStore.default().glosses()
        except DictionaryError as exc:
            warnings.warn(KorpusWarning(f"installed dictionaries ignored: {exc}"), stacklevel=2)
            dictionaries = {}
        return cls(user, dictionaries)

    def lookup(self, lemma: str, tag: str) -> Gloss | None:
        """The gloss of a word: from a glossary, else composed from the parts they know."""
        return self.known(lemma, tag) or self.composer.compose(lemma, tag)

    def known(self, lemma: str, tag: str) -> Gloss | None:
        """The gloss of a word from the glossaries themselves (never composed)."""
        family = GLOSS_TAG_FAMILIES.get(tag, (tag,))
        for candidate in ((lemma, tag), (lemma, "*")):
            if candidate in self.user:
                return self.user[candidate]
        for other in family[1:]:
            if (lemma, other) in self.user:
                return self.user[(lemma, other)]
        if lemma in self.dictionaries:
            return self.dictionaries[lemma]
        for other in family:
            if (lemma, other) in self.builtin:
                return self.builtin[(lemma, other)]
        return None

    def gloss_text(self, lemma: str, tag: str) -> str | None:
        found = self.lookup(lemma, tag)
        return found.text if found else None
