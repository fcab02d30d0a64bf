"""The ``korpus`` command: a thin click layer over the library.

Only this module knows about folders, exit codes and printing.  Data goes to stdout
(tables, or JSON with ``--json``); progress and messages go to stderr.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .corpus import Corpus
from .errors import KorpusError, KorpusWarning
from .tags import POS_CHOICES
from .textio import DEFAULT_MAX_BYTES


class KorpusGroup(click.Group):
    """Turns every ``KorpusError`` into one ``Error: ...`` line and exit code 1, and each
    distinct ``KorpusWarning`` into one ``Warning: ...`` line on stderr, as it happens."""

    def invoke(self, ctx: click.Context):
        from .terminal import printable

        with warnings.catch_warnings():
            warnings.simplefilter("always", KorpusWarning)
            warnings.showwarning = _warning_printer(warnings.showwarning)
            try:
                return super().invoke(ctx)
            except KorpusError as exc:
                raise click.ClickException(printable(" ".join(str(exc).split()))) from None
            except OSError as exc:  # a disk full, a permission refused, a folder where a file should be
                where = f"{exc.filename}: " if exc.filename else ""
                raise click.ClickException(printable(f"{where}{exc.strerror or exc}")) from None


def _warning_printer(show_other):
    """A ``warnings.showwarning`` that prints each distinct KorpusWarning once (the library may
    meet the same problem several times in one command) and leaves other warnings as they were."""
    shown: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None):
        if not issubclass(category, KorpusWarning):
            show_other(message, category, filename, lineno, file, line)
        elif str(message) not in shown:
            shown.add(str(message))
            _say(f"Warning: {message}")

    return show


def _corpus(ctx: click.Context) -> Corpus:
    """The corpus of ``--corpus`` (or ``KORPUS_CORPUS``, or ./corpus), refused when missing."""
    from .corpus import find_corpus

    return find_corpus(ctx.obj["corpus"])


def _say(message: str) -> None:
    from .terminal import printable

    click.echo(printable(message), err=True)


def _print_json(data) -> None:
    """JSON on stdout; C0 controls are escaped by json, DEL and C1 controls here, so the
    text stays readable Korean and never drives a terminal."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    click.echo(re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text))


def _size(value: str) -> int:
    units = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    text = value.strip().lower().rstrip("b")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 5M, 500k or 1000000") from None


def json_option(help: str):
    """``--json``: the command prints data as JSON instead of a table or text."""
    return click.option("--json", "as_json", is_flag=True, help=help)


_FILTER_OPTIONS = (
    click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True,
                 help="Only lemmas seen at least this often."),
    click.option("--pos", "pos", multiple=True, type=click.Choice(POS_CHOICES),
                 help="Only this part of speech (repeatable; adverb includes conjunctive adverbs)."),
    click.option("--top", type=click.IntRange(min=1),
                 help="Only the N most frequent words left after the other filters (with --known: "
                      "the N most frequent words you do not know yet)."),
    click.option("--include-proper-nouns", is_flag=True, help="Also names of people, firms, places."),
    click.option("--known", "known_file", type=click.Path(dir_okay=False, path_type=Path),
                 help="Skip the lemmas listed in this file (one per line)."),
    click.option("--known-anki", "known_anki", type=click.Path(dir_okay=False, path_type=Path),
                 help="Skip the words you have studied in this Anki collection (.anki2): notes with a card "
                      "reviewed to --known-interval days (the Lemma field of korpus notes, else the first "
                      "field), read without modifying it."),
    click.option("--known-interval", "known_interval", type=click.IntRange(min=1), default=21, show_default=True,
                 metavar="DAYS", help="With --known-anki: the review interval from which a card counts as known."),
    click.option("--no-known-file", "no_known_file", is_flag=True,
                 help="Do not read corpus/known.tsv (the words marked in the reader), read by default."),
)


def filter_options(command):
    """The word filters shared by ``vocab`` and ``deck``, handed to the command as one
    ``wanted: EntryFilter`` (the library applies them all, in one place)."""

    @functools.wraps(command)
    def with_filter(*args, min_count, pos, top, include_proper_nouns, known_file, known_anki, known_interval,
                    no_known_file, **kwargs):
        from .known import KNOWN_FILE, read_known_anki, read_known_file
        from .vocab import EntryFilter

        known = read_known_file(known_file) if known_file else set()
        marked = _corpus(click.get_current_context()).root / KNOWN_FILE
        if not no_known_file and marked.is_file():
            from_reader = read_known_file(marked)
            _say(f"{marked}: {len(from_reader)} known words (--no-known-file to ignore it)")
            known |= from_reader
        if known_anki:
            studied = read_known_anki(known_anki, known_interval)
            _say(f"{known_anki}: {studied.notes} notes read, {len(studied.lemmas)} words studied to "
                 f"{known_interval}+ days count as known, {studied.not_studied} notes not yet")
            known |= studied.lemmas
        wanted = EntryFilter(min_count=min_count, pos=tuple(pos), top=top,
                             include_proper_nouns=include_proper_nouns, known=frozenset(known))
        return command(*args, wanted=wanted, **kwargs)

    for option in reversed(_FILTER_OPTIONS):
        with_filter = option(with_filter)
    return with_filter


@click.group(cls=KorpusGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--corpus", "corpus_path", type=click.Path(file_okay=False, path_type=Path),
              default=Path("corpus"), show_default=True, envvar="KORPUS_CORPUS",
              help="The corpus folder to work on.")
@click.version_option(__version__, prog_name="korpus")
@click.pass_context
def cli(ctx: click.Context, corpus_path: Path) -> None:
    """Korean tech news as an annotated, aligned reading corpus and Anki decks."""
    ctx.ensure_object(dict)
    ctx.obj["corpus"] = corpus_path


@cli.command("init")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.pass_context
def init_command(ctx: click.Context, path: Path | None) -> None:
    """Create an empty corpus folder (PATH, or the --corpus folder) to add your own articles to."""
    from .corpus import init_corpus

    corpus, created = init_corpus(path or ctx.obj["corpus"])
    if created:
        where = "" if corpus.root == Path("corpus") else f"--corpus {corpus.root} "
        _say(f"created an empty corpus in {corpus.root}; add articles with `korpus {where}add FILE`")
    else:
        _say(f"{corpus.root} already exists ({len(corpus.documents())} documents); nothing changed")


@cli.command("import-seeds")
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=Path("seeds"), show_default=True, help="Folder of the raw seed pages.")
@click.pass_context
def import_seeds_command(ctx: click.Context, seeds_dir: Path) -> None:
    """Turn the raw seed pages in seeds/ into corpus documents (re-runnable)."""
    from .corpus import init_corpus
    from .seeds import import_seeds

    corpus, _ = init_corpus(ctx.obj["corpus"])  # the seeds make the shipped corpus, from nothing
    documents, written = import_seeds(corpus, seeds_dir)
    langs = Counter(doc.lang for doc in documents)
    summary = ", ".join(f"{n} {lang}" for lang, n in sorted(langs.items()))
    _say(f"{len(documents)} seed documents ({summary}) in {corpus.root}; {len(written)} files changed")


@cli.command("add")
@click.argument("sources", nargs=-1, required=True, metavar="FILE|FOLDER|URL...")
@click.option("--lang", help="Language of the files (ISO 639-1: ko, en, fr...). Detected when omitted.")
@click.option("--title", help="Title of the article. Taken from the document when omitted.")
@click.option("--url", help="Where the article was published.")
@click.option("--date", help="Publication date, YYYY-MM-DD.")
@click.option("--pair-with", "pair_with", metavar="ID",
              help="This file is the original or a translation of the document ID.")
@click.option("--max-size", "max_size", default=str(DEFAULT_MAX_BYTES), show_default=True,
              help="Largest file accepted (bytes, or 500k, 5M...).")
@click.option("--encoding", metavar="NAME",
              help="Read the files with this encoding (utf-8, cp949, cp1252...). Guessed when omitted "
                   "(for a web page: the charset the server or the page declares).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds to wait for a web page.")
@click.option("--skip-bad", is_flag=True, help="Add the good files, list each bad one with its reason, "
              "and exit 1 if any was bad (by default one bad file adds nothing).")
@json_option("Print the created documents as JSON.")
@click.pass_context
def add_command(ctx, sources, lang, title, url, date, pair_with, max_size, encoding, timeout, skip_bad,
                as_json) -> None:
    """Add articles to the corpus: plain text, Markdown or HTML files, folders of them, or web pages
    (http:// or https:// addresses)."""
    from .ingest import AddOptions, add_files, expand_sources

    options = AddOptions(lang=lang, title=title, url=url, date=date, pair_with=pair_with,
                         max_bytes=_size(max_size), encoding=encoding, timeout=timeout)
    corpus = _corpus(ctx)
    results = add_files(corpus, expand_sources(sources), options, skip_bad=skip_bad)
    created = []
    for result in results:
        if result.error:
            _say(f"not added: {result.error}")
        elif result.duplicate_of:
            _say(f"{result.path}: already in the corpus as {result.duplicate_of}; nothing added")
        else:
            doc = result.document
            title = f"; title from {result.title_from}: {doc.title!r}" if result.title_from else ""
            _say(f"{result.path}: added as {doc.id} ({doc.lang}, {len(doc.blocks)} paragraph{'' if len(doc.blocks) == 1 else 's'}, "
                 f"read as {result.encoding}{title})")
            created.append(_doc_summary(corpus, doc))
    if as_json:
        _print_json(created)
    if not pair_with:
        _suggest_pairing(corpus, [doc["id"] for doc in created])
    bad = sum(1 for result in results if result.error)
    if bad:
        raise KorpusError(f"{bad} of {len(results)} files not added (listed above); fix them and add them again")


def _suggest_pairing(corpus: Corpus, doc_ids: list[str]) -> None:
    """Say when a document just added tells the same story as one already in the corpus."""
    from .ingest import pairing_hints

    for hint in pairing_hints(corpus, doc_ids):
        shared = ", ".join(hint.shared[:5])
        _say(f"{hint.doc_id} tells the same story as {hint.partner_id} (score {hint.score:.2f}; shared: {shared}); "
             f"pair them with `korpus edit {hint.doc_id} --pair-with {hint.partner_id}` or `korpus pair --apply`")


@cli.command("remove")
@click.argument("doc_id", metavar="ID")
@click.pass_context
def remove_command(ctx, doc_id: str) -> None:
    """Remove a document, its derived files, and its alignment with its other language versions."""
    from .ingest import remove_document

    removed = remove_document(_corpus(ctx), doc_id)
    doc = removed.document
    others = ", ".join(doc.versions)
    after = f"; {others} is no longer aligned with it" if others else ""
    files = len(removed.files)
    _say(f"removed {doc.id} ({doc.lang}, {doc.title!r}): {files} file{'s' if files != 1 else ''} deleted{after}")


@cli.command("edit")
@click.argument("doc_id", metavar="ID")
@click.option("--title", help="The new title.")
@click.option("--date", help="The new publication date, YYYY-MM-DD.")
@click.option("--url", help="The new address of the article.")
@click.option("--pair-with", "pair_with", metavar="ID",
              help="Make this document a version of the story of document ID (which must not have its language).")
@json_option("Print the edited document as JSON.")
@click.pass_context
def edit_command(ctx, doc_id: str, title, date, url, pair_with, as_json: bool) -> None:
    """Fix a document's title, date or URL, or pair it with its original or translation."""
    from .ingest import Edit, edit_document

    if title is None and date is None and url is None and pair_with is None:
        raise click.UsageError("give at least one of --title, --date, --url, --pair-with")
    corpus = _corpus(ctx)
    doc = edit_document(corpus, doc_id, Edit(title=title, date=date, url=url, pair_with=pair_with))
    fields = [name for name, value in (("title", title), ("date", date), ("url", url)) if value is not None]
    paired = f"; now in story {doc.story!r} with {', '.join(doc.versions)}: run `korpus build` to align" \
        if pair_with else ""
    _say(f"edited {doc.id}{': ' + ', '.join(fields) if fields else ''}{paired}")
    if as_json:
        _print_json(_doc_summary(corpus, doc))


def _doc_summary(corpus: Corpus, doc) -> dict:
    """A document as ``list --json`` and ``add --json`` print it."""
    return {
        "id": doc.id,
        "lang": doc.lang,
        "title": doc.title,
        "source": doc.source,
        "url": doc.url,
        "date": doc.date,
        "author": doc.author,
        "section": doc.section,
        "paragraphs": len(doc.blocks),
        "paired_with": list(doc.versions),
        "path": str(corpus.path_of(doc)),
    }


@cli.command("list")
@json_option("Print a JSON array, one object per document.")
@click.pass_context
def list_command(ctx, as_json: bool) -> None:
    """List the documents of the corpus."""
    corpus = _corpus(ctx)
    docs = corpus.documents()
    if as_json:
        _print_json([_doc_summary(corpus, d) for d in docs])
        return
    from .terminal import print_documents

    print_documents(docs)


@cli.command("build")
@click.option("--force", is_flag=True, help="Annotate every document again, changed or not.")
@click.pass_context
def build_command(ctx, force: bool) -> None:
    """Annotate (Kiwi, nltk) and align whatever changed; write CoNLL-U beside each document."""
    from .build import build

    report = build(_corpus(ctx), force=force, progress=_say)
    refreshed = f"{len(report.refreshed)} refreshed without Kiwi, " if report.refreshed else ""
    _say(f"{len(report.annotated)} documents annotated, {refreshed}{len(report.unchanged)} unchanged, "
         f"{len(report.aligned)} aligned in {report.seconds:.2f} s")


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["conllu", "tmx", "tsv"]), default="conllu", show_default=True,
              help="conllu: the Korean documents as one CoNLL-U file, each aligned sentence with its "
                   "English as '# text_en' (the English, French and Indonesian documents are not exported); "
                   "tmx: TMX 1.4 translation units of the aligned Korean-English pairs; tsv: the aligned "
                   "pairs as document<TAB>Korean<TAB>English lines under a header line.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of stdout.")
@click.pass_context
def export_command(ctx, fmt: str, out: Path | None) -> None:
    """Export the Korean documents and their aligned English in a standard format for corpus tools."""
    from .export import export_aligned_tsv, export_conllu, export_tmx

    text = {"conllu": export_conllu, "tmx": export_tmx, "tsv": export_aligned_tsv}[fmt](_corpus(ctx))
    if out:
        from .corpus import atomic_write_text
        from .paths import writing_output

        with writing_output(out):
            atomic_write_text(out, text)
        _say(f"wrote {out}")
    else:
        click.echo(text, nl=False)


@cli.command("show")
@click.argument("doc_id", metavar="ID")
@click.option("--gloss", is_flag=True, help="Interlinear view: every word with lemma, part of speech, "
              "meaning and grammar notes.")
@json_option("JSON: id, lang, title and, for an aligned Korean document, its sentence pairs with the "
             "English original.")
@click.pass_context
def show_command(ctx, doc_id: str, gloss: bool, as_json: bool) -> None:
    """Print a document's text (or, with --gloss, its interlinear annotation)."""
    corpus = _corpus(ctx)
    doc = corpus.get(doc_id)
    if as_json:
        from .export import document_pairs

        _print_json(document_pairs(corpus, doc))
    elif gloss:
        from .glossary import Glossary
        from .store import load_annotation, load_text_en
        from .terminal import print_interlinear

        print_interlinear(doc, load_annotation(corpus, doc), load_text_en(corpus, doc),
                          Glossary.for_corpus(corpus.root))
    else:
        from .terminal import document_text

        click.echo(document_text(doc))


@cli.command("vocab")
@click.argument("doc_ids", nargs=-1, metavar="[ID]...")
@json_option("Print a JSON array of entries.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV for spreadsheets.")
@filter_options
@click.option("--missing", is_flag=True, help="Only entries without any gloss (to fill corpus/glossary.tsv).")
@click.pass_context
def vocab_command(ctx, doc_ids, as_json, as_csv, wanted, missing) -> None:
    """Vocabulary entries (lemma, part of speech, gloss, count, example) of the corpus or of IDs."""
    from .vocab import entry_rows, vocabulary, write_csv

    selection = vocabulary(_corpus(ctx), doc_ids or None, dataclasses.replace(wanted, without_gloss_only=missing))
    rows = entry_rows(selection.entries)
    if as_json:
        _print_json(rows)
    elif as_csv:
        write_csv(rows, sys.stdout)
    else:
        from .terminal import print_entries

        print_entries(rows)
        if missing:
            _say(f"{len(rows)} entries without a gloss: add them to {_corpus(ctx).root / 'glossary.tsv'} "
                 "as lemma<TAB>pos<TAB>gloss")


@cli.command("deck")
@click.option("--article", "articles", multiple=True, metavar="ID", help="Only words of this document (repeatable).")
@click.option("--per-article", is_flag=True, help="One sub-deck per document under Korpus::<title>.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("decks/korpus.apkg"),
              show_default=True, help="The .apkg file to write.")
@click.option("--production", is_flag=True, help="Also an English → Korean card per word.")
@click.option("--sentences", is_flag=True, help="Also notes for the aligned Korean/English sentence pairs.")
@click.option("--i-plus-one", "i_plus_one", is_flag=True,
              help="Sentence notes for comprehensible input (instead of the aligned pairs of --sentences): "
                   "sentences, aligned or not, with exactly one word you do not know yet, highlighted and "
                   "glossed on the back.")
@click.option("--context", is_flag=True,
              help="Cards in context (note type 'korpus vocabulary in context'): the front is the example "
                   "sentence with the word highlighted; with --production, the sentence with a gap to fill.")
@click.option("--order", type=click.Choice(["frequency", "article"]), default="frequency", show_default=True,
              help="Order of new cards: corpus frequency, or first appearance in the articles.")
@click.option("--include-unglossed", is_flag=True,
              help="Also words without a gloss (their cards have no answer; `korpus vocab --missing` lists them).")
@filter_options
@click.pass_context
def deck_command(ctx, articles, per_article, out, production, sentences, i_plus_one, context, order,
                 include_unglossed, wanted) -> None:
    """Build an Anki deck (.apkg): one note per word, with a real example sentence."""
    from .deck import DeckOptions, build_deck
    from .terminal import progress_bar

    options = DeckOptions(out=out, doc_ids=tuple(articles), per_article=per_article, production=production,
                          sentences=sentences, i_plus_one=i_plus_one, context=context,
                          order=order,
                          wanted=dataclasses.replace(wanted, glossed_only=not include_unglossed))
    with progress_bar("building deck") as progress:
        report = build_deck(_corpus(ctx), options, progress)
    unglossed = f"; {report.without_gloss} of the words have no gloss yet" if report.without_gloss else ""
    _say(f"wrote {report.path}: {report.notes} notes, {report.cards} cards, {report.decks} deck(s); "
         f"{report.skipped_known} known words skipped{unglossed}")
    if report.i_plus_one_notes:
        _say(f"{report.i_plus_one_notes} i+1 sentence notes: each sentence holds exactly one word you do not know")
    if report.skipped_unglossed:
        _say(f"left out {report.skipped_unglossed} words without a gloss (no answer to review): "
             "`korpus vocab --missing` lists them; --include-unglossed keeps them")


@cli.command("reader")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True,
              help="Folder to write the static site to.")
@click.option("--known", "known_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Word statuses (lemma<TAB>status, or one known lemma per line): known and ignored "
                   "words count as known. Default: corpus/known.tsv when present.")
@click.option("--serve", is_flag=True, help="Then serve the site on 127.0.0.1 (Ctrl-C to stop); word statuses "
                                            "marked in the pages are saved to corpus/known.tsv.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="The port --serve listens on.")
@click.pass_context
def reader_command(ctx, out: Path, known_file: Path | None, serve: bool, port: int) -> None:
    """Write the reader: a static site of the aligned bilingual passages (opens from file://)."""
    from .known import KNOWN_FILE, read_known_file
    from .reader import build_site, make_server
    from .reader import serve as serve_site

    corpus = _corpus(ctx)
    default_known = corpus.root / KNOWN_FILE
    known_file = known_file or (default_known if default_known.is_file() else None)
    known = read_known_file(known_file) if known_file else set()
    # the port is taken first, so a port in use is refused before anything is written
    with make_server(out, port, corpus) if serve else contextlib.nullcontext() as server:
        pages = build_site(corpus, out, known)
        _say(f"wrote {len(pages)} page{'' if len(pages) == 1 else 's'} to {out}; open {out / 'index.html'}")
        if server is not None:
            _say(f"serving {out} on http://127.0.0.1:{port}/ (Ctrl-C to stop); "
                 f"word statuses are saved to {default_known}")
            serve_site(server)


@cli.command("align-files")
@click.argument("ko_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("en_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lines", is_flag=True, required=True,
              help="The files hold one sentence per line already (they are not re-split).")
@click.option("--no-lexicon", is_flag=True, help="Do not use the built-in glossary as lexical evidence.")
def align_files_command(ko_file: Path, en_file: Path, lines: bool, no_lexicon: bool) -> None:
    """Align two sentence-per-line files; print `ko_ids<TAB>en_ids` per link (0-based)."""
    from .align import align_sentences, builtin_lexicon, format_links

    lexicon = None if no_lexicon else builtin_lexicon()
    links = align_sentences(_sentence_lines(ko_file), _sentence_lines(en_file), lexicon=lexicon)
    click.echo(format_links(links), nl=False)


def _sentence_lines(path: Path) -> list[str]:
    """The stripped lines of a sentence-per-line file; blank lines inside count (as sentences with
    no text, so that line numbers stay the ids), blank lines at the end do not."""
    from .textio import read_text_file

    lines = [line.strip() for line in read_text_file(path).text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@cli.command("pair")
@click.option("--apply", "apply_", is_flag=True, help="Record the proposed pairings in the corpus.")
@json_option("Print the proposals as JSON.")
@click.pass_context
def pair_command(ctx, apply_: bool, as_json: bool) -> None:
    """Propose which documents in other languages tell the same story as a Korean article."""
    from .pairing import apply_pairs, suggest_pairs

    corpus = _corpus(ctx)
    suggestions = suggest_pairs(corpus)
    if as_json:
        _print_json([{"id": s.doc_id, "pair_with": s.partner_id, "score": s.score, "shared": list(s.shared)}
                     for s in suggestions])
    else:
        from .terminal import print_pair_suggestions

        print_pair_suggestions(suggestions)
    if apply_:
        applied = apply_pairs(corpus, suggestions)
        _say(f"paired {len(applied)} documents; run `korpus build` to align them")
    elif suggestions:
        _say(f"{len(suggestions)} proposals; `korpus pair --apply` records them")
    else:
        _say("nothing to propose: every document is paired or has no clear match")


@cli.group("dict")
def dict_group() -> None:
    """Install, list and remove user dictionaries (Yomitan zip, kengdic TSV)."""


@dict_group.command("add")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--name", help="Name to install it under (default: its title or file name).")
def dict_add_command(path: Path, name: str | None) -> None:
    """Install a dictionary: a Yomitan .zip or a kengdic-style .tsv."""
    from .dictionary import DictionaryStore

    info = DictionaryStore.default().add(path, name)
    _say(f"installed {info.name!r} ({info.format}, {info.entries} entries); "
         "run `korpus build` to use it in the annotations")


@dict_group.command("list")
@json_option("Print JSON.")
def dict_list_command(as_json: bool) -> None:
    """List installed dictionaries, in order of precedence."""
    from .dictionary import DictionaryStore

    infos = DictionaryStore.default().list()
    if as_json:
        _print_json([info.__dict__ for info in infos])
        return
    from .terminal import print_table

    print_table(("name", "format", "entries", "source"), [(i.name, i.format, i.entries, i.source) for i in infos])


@dict_group.command("remove")
@click.argument("name")
def dict_remove_command(name: str) -> None:
    """Remove an installed dictionary."""
    from .dictionary import DictionaryStore

    DictionaryStore.default().remove(name)
    _say(f"removed {name!r}")


def main() -> None:
    """The ``korpus`` command.

    Once a command has finished (its files written and closed, its output printed), the
    process ends without freeing its objects one by one, as mypy does: after a build of
    2,000 articles that teardown alone took 0.3 s (Kiwi's model, the caches of words).
    Errors and interruptions end the usual way.
    """
    try:
        cli(obj={})
    except SystemExit as done:
        if not isinstance(done.code, (int, type(None))):
            raise
        code = done.code or 0
    else:  # pragma: no cover - click's standalone mode always exits
        code = 0
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader of a pipe has gone (| head)
            pass
        except OSError as exc:  # a full disk: the output is incomplete
            with contextlib.suppress(OSError, ValueError):
                sys.__stderr__.write(f"Error: could not write the output: {exc.strerror or exc}\n")
                sys.__stderr__.flush()
            code = code or 1
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
