"""Make the sentence files of the held-out alignment set from the Debian packages' HTML (see SOURCES.md).

Usage (from the repository root, the .deb files unpacked into DIR with ``dpkg-deb -x``):
``PYTHONPATH=tools python bench/data/align-heldout/extract.py DIR``.  For each document it writes
``PART/NAME.ko.txt`` and ``NAME.en.txt`` (one sentence per line, split as korpus splits: Kiwi for Korean,
Punkt for English), ``NAME.ko.lemmas`` (each Korean sentence's lemmas, as ``korpus build`` passes them to
the aligner) and ``NAME.paragraphs.tsv`` (which paragraph each sentence comes from: a help for reading,
never an input of the aligner).  The gold files (``NAME.gold.tsv``) are made by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import lxml.html

from korpus.annotate import annotate_korean
from korpus.english import split_sentences
from korpus.kiwi import get_kiwi
from korpus.model import Block, Document

HERE = Path(__file__).resolve().parent
HISTORY = "usr/share/doc/debian-history/docs"
FAQ = "usr/share/doc/debian/FAQ"
# name -> (part, Korean file, English file), files relative to the unpacked packages
DOCUMENTS = {
    "debian-manifesto": ("dev", f"{HISTORY}/manifesto.ko.html", f"{HISTORY}/manifesto.en.html"),
    "debian-intro": ("test", f"{HISTORY}/intro.ko.html", f"{HISTORY}/intro.en.html"),
    "debian-releases": ("dev", f"{HISTORY}/releases.ko.html", f"{HISTORY}/releases.en.html"),
    "faq-basic-defs": ("test", f"{FAQ}/ko/basic-defs.ko.html", f"{FAQ}/basic-defs.en.html"),
    "faq-contributing": ("dev", f"{FAQ}/ko/contributing.ko.html", f"{FAQ}/contributing.en.html"),
    "faq-redistributing": ("test", f"{FAQ}/ko/redistributing.ko.html", f"{FAQ}/redistributing.en.html"),
}
_BLOCKS = {"h1": "heading", "h2": "heading", "h3": "heading", "p": "paragraph"}


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(kind, text) of the headings and paragraphs of a DocBook HTML page, without its navigation,
    table of contents, program listings and tables."""
    root = lxml.html.parse(str(path)).getroot()
    out = []
    for el in root.body.iter("h1", "h2", "h3", "p"):
        skip = any(anc.tag in ("table", "pre") or anc.get("class") in ("toc", "navheader", "navfooter")
                   for anc in el.iterancestors())
        text = " ".join(el.text_content().split())
        if not skip and text:
            out.append((_BLOCKS[el.tag], text))
    return out


def main(unpacked: Path) -> None:
    kiwi = get_kiwi()
    for name, (part, ko_file, en_file) in DOCUMENTS.items():
        out = HERE / part
        ko_blocks = paragraphs(unpacked / ko_file)
        en_blocks = paragraphs(unpacked / en_file)
        doc = Document(f"{name}-ko", "ko", name, tuple(Block(k, t) for k, t in ko_blocks), name)
        annotated = next(annotate_korean([doc], kiwi))
        en_sentences = [(b, s) for b, (_, text) in enumerate(en_blocks) for s in split_sentences(text)]
        (out / f"{name}.ko.txt").write_text("".join(s.text + "\n" for s in annotated.sentences), encoding="utf-8")
        (out / f"{name}.en.txt").write_text("".join(s + "\n" for _, s in en_sentences), encoding="utf-8")
        (out / f"{name}.ko.lemmas").write_text(
            "".join(" ".join(lex.lemma for w in s.words for lex in w.lexemes) + "\n" for s in annotated.sentences),
            encoding="utf-8")
        rows = [f"ko\t{k}\t{s.block}" for k, s in enumerate(annotated.sentences)]
        rows += [f"en\t{k}\t{b}" for k, (b, _) in enumerate(en_sentences)]
        (out / f"{name}.paragraphs.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(name, len(ko_blocks), len(en_blocks), len(annotated.sentences), len(en_sentences))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
