"""Exports in the field's standard formats: CoNLL-U (and, with alignment, TMX and TSV)."""

from __future__ import annotations

from .build import conllu_path
from .corpus import Corpus
from .errors import CorpusError


def export_conllu(corpus: Corpus, lang: str = "ko") -> str:
    """Every annotated ``lang`` document as one CoNLL-U text (documents separated by ``# newdoc``)."""
    parts = []
    for doc in corpus.documents(lang):
        path = conllu_path(corpus, doc)
        if not path.exists():
            raise CorpusError(f"{doc.id} is not annotated yet ({path} missing); run `korpus build`")
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        if lines and lines[0].startswith("# korpus_key"):
            text = "".join(lines[1:])
        parts.append(text)
    return "".join(parts)
