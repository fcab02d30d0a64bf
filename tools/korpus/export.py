"""Exports in the field's standard formats: CoNLL-U (and, with alignment, TMX and TSV)."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from functools import lru_cache

from .conllu_io import render_conllu
from .corpus import Corpus
from .store import load_alignment, load_annotation, load_document


def export_conllu(corpus: Corpus, lang: str = "ko") -> str:
    """Every annotated ``lang`` document as one CoNLL-U text (documents separated by
    ``# newdoc``), with the glosses of today's glossaries joined in (MISC ``Gloss=``)."""
    from .glossary import Glossary

    gloss = lru_cache(maxsize=None)(Glossary.for_corpus(corpus.root).gloss_text)
    cache: dict = {}
    parts = []
    for doc in corpus.documents(lang):
        stored = load_document(corpus, doc)
        parts.append(render_conllu(stored.annotation, "", stored.text_en, gloss, cache))
    return "".join(parts)


def aligned_pairs(corpus: Corpus, doc) -> list[dict]:
    """Every link of an aligned Korean document as {"ko": [...], "en": [...], "score"}."""
    english = corpus.english_version(doc)
    if english is None:
        return []
    links = load_alignment(corpus, doc)
    if not links:
        return []
    ko = load_annotation(corpus, doc).sentences
    en = load_annotation(corpus, english).sentences
    return [{"ko": [ko[i].text for i in link.ko], "en": [en[j].text for j in link.en], "score": link.score}
            for link in links]


def document_pairs(corpus: Corpus, doc) -> dict:
    data = {"id": doc.id, "lang": doc.lang, "title": doc.title}
    if doc.lang == "ko" and corpus.english_version(doc) is not None:
        data["pairs"] = aligned_pairs(corpus, doc)
    else:
        data["sentences"] = [s.text for s in load_annotation(corpus, doc).sentences]
    return data


def export_tmx(corpus: Corpus) -> str:
    """TMX 1.4 translation units for every aligned (non-empty on both sides) pair."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<tmx version="1.4">',
           '  <header creationtool="korpus" creationtoolversion="0.1.0" segtype="sentence" o-tmf="korpus"'
           ' adminlang="en" srclang="ko" datatype="plaintext"/>',
           "  <body>"]
    for doc in corpus.documents("ko"):
        for number, pair in enumerate(aligned_pairs(corpus, doc), 1):
            if not pair["ko"] or not pair["en"]:
                continue
            out.append(f'    <tu tuid="{xml_escape(doc.id)}-{number}">')
            out.append(f'      <prop type="x-document">{xml_escape(doc.id)}</prop>')
            out.append(f'      <tuv xml:lang="ko"><seg>{xml_escape(" ".join(pair["ko"]))}</seg></tuv>')
            out.append(f'      <tuv xml:lang="en"><seg>{xml_escape(" ".join(pair["en"]))}</seg></tuv>')
            out.append("    </tu>")
    out += ["  </body>", "</tmx>"]
    return "\n".join(out) + "\n"


def export_aligned_tsv(corpus: Corpus) -> str:
    """``document<TAB>Korean<TAB>English`` per aligned pair (tabs and newlines in text become spaces)."""
    lines = ["document\tko\ten"]
    for doc in corpus.documents("ko"):
        for pair in aligned_pairs(corpus, doc):
            if pair["ko"] and pair["en"]:
                ko = " ".join(pair["ko"]).replace("\t", " ")
                en = " ".join(pair["en"]).replace("\t", " ")
                lines.append(f"{doc.id}\t{ko}\t{en}")
    return "\n".join(lines) + "\n"
