"""Anki decks with genanki: vocabulary notes (and sentence notes) from the corpus.

Safe to rebuild: the note types and deck ids are fixed constants, a note's GUID is
derived only from what identifies it (``korpus``, lemma, part of speech), and a note's
modification time changes only when the content korpus generates for it changes (a
state file of per-note content hashes beside the deck, ``.NAME.notes.json``), then to a
time later than any earlier build's.  So re-importing a rebuilt deck updates the notes
korpus changed, in place (keeping their reviews), leaves alone those it did not change
(keeping the learner's own edits made in Anki, which are newer), and never duplicates
them.  Every piece of article, translation and dictionary text is HTML-escaped and
Anki's own syntax in it (braces, ``[sound:]``, ``[latex]``, MathJax delimiters...) is
neutralised, so nothing from an article can run, play, render or become template or
cloze syntax on a card.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
import shutil
import sqlite3
import tempfile
import time
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

import genanki

from .corpus import Corpus, atomic_replace, atomic_write_text
from .errors import KorpusError
from .grammar import grammar_notes
from .model import cycle_collector_paused
from .paths import writing_output
from .vocab import EntryFilter, VocabEntry, collect_entries, gloss_for_example, select_entries

# Fixed forever: changing them (or the field lists) breaks users' re-imports.
VOCAB_MODEL_ID = 1764138901
SENTENCE_MODEL_ID = 1764138902
ROOT_DECK_ID = 1764138900
VOCAB_FIELDS = ("Lemma", "PartOfSpeech", "Gloss", "GlossSource", "Hanja", "Example", "ExampleEnglish",
                "Source", "Frequency", "Grammar", "Production")
SENTENCE_FIELDS = ("Korean", "English", "Words", "Source")
# --context: a note type of its own (adding a template or field to the one above would make
# Anki refuse the learner's existing notes as conflicting), so its notes have GUIDs of their own.
CONTEXT_MODEL_ID = 1764138903
CONTEXT_FIELDS = ("Lemma", "PartOfSpeech", "Gloss", "Sense", "GlossSource", "Hanja", "Example", "ExampleGap",
                  "ExampleEnglish", "Source", "Frequency", "Grammar", "Production")
LOCK_TIMEOUT = 60.0  # seconds a build waits for another one writing the same .apkg

CSS = """
.card { font-family: -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic",
        sans-serif; font-size: 20px; line-height: 1.5; color: #1d1d1f; background: #fbfbfd;
        text-align: center; padding: 12px; word-break: keep-all; overflow-wrap: break-word; }
.lemma { font-size: 2.2em; font-weight: 600; }
.pos { color: #6e6e73; font-size: 0.75em; text-transform: lowercase; letter-spacing: .04em; }
.gloss { font-size: 1.2em; margin: .4em 0; }
.hanja { color: #6e6e73; font-size: 0.9em; }
.source-of-gloss { color: #8e8e93; font-size: .6em; }
.example { text-align: left; margin: 1em auto 0; max-width: 34em; font-size: .95em; }
.example b.target { color: #0a58ca; font-weight: 600; }
.example .gap { display: inline-block; min-width: 2.5em; border-bottom: 2px solid #0a58ca; }
.hint { color: #6e6e73; font-size: .8em; }
.example-en { text-align: left; margin: .3em auto 0; max-width: 34em; font-size: .8em; color: #515154;
              font-style: italic; }
.grammar { text-align: left; margin: .8em auto 0; max-width: 34em; font-size: .75em; color: #3a3a3c; }
.grammar li { margin: .15em 0; }
.meta { margin-top: 1em; font-size: .65em; color: #8e8e93; }
.nightMode .card, .night_mode .card, .card.nightMode, .card.night_mode { color: #f2f2f7; background: #1c1c1e; }
.nightMode .pos, .nightMode .hanja, .nightMode .meta, .night_mode .pos, .night_mode .hanja, .night_mode .meta
  { color: #aeaeb2; }
.nightMode .example b.target, .night_mode .example b.target { color: #6cb4ff; }
.nightMode .example-en, .nightMode .grammar, .night_mode .example-en, .night_mode .grammar { color: #d1d1d6; }
@media (max-width: 480px) { .card { font-size: 18px; padding: 6px; } .lemma { font-size: 1.9em; } }
"""

_BACK = """{{FrontSide}}<hr id="answer">
<div class="gloss">{{Gloss}}</div>
{{#Hanja}}<div class="hanja">{{Hanja}}</div>{{/Hanja}}
{{#GlossSource}}<div class="source-of-gloss">{{GlossSource}}</div>{{/GlossSource}}
<div class="example">{{Example}}</div>
{{#ExampleEnglish}}<div class="example-en">{{ExampleEnglish}}</div>{{/ExampleEnglish}}
{{#Grammar}}<div class="grammar">{{Grammar}}</div>{{/Grammar}}
<div class="meta">{{Source}} · {{Frequency}}</div>"""

VOCAB_MODEL = genanki.Model(
    VOCAB_MODEL_ID,
    "korpus vocabulary",
    fields=[{"name": name} for name in VOCAB_FIELDS],
    templates=[
        {"name": "Recognition (Korean → English)",
         "qfmt": '<div class="lemma">{{Lemma}}</div><div class="pos">{{PartOfSpeech}}</div>',
         "afmt": _BACK},
        {"name": "Production (English → Korean)",
         "qfmt": '{{#Production}}<div class="gloss">{{Gloss}}</div><div class="pos">{{PartOfSpeech}}</div>'
                 '{{/Production}}',
         "afmt": '{{FrontSide}}<hr id="answer"><div class="lemma">{{Lemma}}</div>'
                 '{{#Hanja}}<div class="hanja">{{Hanja}}</div>{{/Hanja}}<div class="example">{{Example}}</div>'
                 '{{#ExampleEnglish}}<div class="example-en">{{ExampleEnglish}}</div>{{/ExampleEnglish}}'},
    ],
    css=CSS,
)

CONTEXT_MODEL = genanki.Model(
    CONTEXT_MODEL_ID,
    "korpus vocabulary in context",
    fields=[{"name": name} for name in CONTEXT_FIELDS],
    templates=[
        {"name": "Recognition in context (Korean → English)",
         "qfmt": '<div class="example">{{Example}}</div>',
         "afmt": '{{FrontSide}}<hr id="answer"><div class="lemma">{{Lemma}}</div><div class="pos">{{PartOfSpeech}}'
                 '</div><div class="gloss">{{Gloss}}</div>{{#Hanja}}<div class="hanja">{{Hanja}}</div>{{/Hanja}}'
                 '{{#ExampleEnglish}}<div class="example-en">{{ExampleEnglish}}</div>{{/ExampleEnglish}}'
                 '{{#Grammar}}<div class="grammar">{{Grammar}}</div>{{/Grammar}}'
                 '<div class="meta">{{Source}} · {{Frequency}}</div>'},
        {"name": "Production in context (English → Korean)",
         "qfmt": '{{#Production}}<div class="example">{{ExampleGap}}</div>'
                 '{{#ExampleEnglish}}<div class="example-en">{{ExampleEnglish}}</div>{{/ExampleEnglish}}'
                 '<div class="gloss">{{Sense}}</div>'
                 '<div class="hint">{{PartOfSpeech}}{{#Hanja}} · {{Hanja}}{{/Hanja}}</div>{{/Production}}',
         "afmt": '{{FrontSide}}<hr id="answer"><div class="lemma">{{Lemma}}</div>'
                 '<div class="example">{{Example}}</div>'},
    ],
    css=CSS,
)

SENTENCE_MODEL = genanki.Model(
    SENTENCE_MODEL_ID,
    "korpus sentence",
    fields=[{"name": name} for name in SENTENCE_FIELDS],
    templates=[{"name": "Read (Korean → English)",
                "qfmt": '<div class="example">{{Korean}}</div>',
                "afmt": '{{FrontSide}}<hr id="answer"><div class="example-en">{{English}}</div>'
                        '<div class="grammar">{{Words}}</div><div class="meta">{{Source}}</div>'}],
    css=CSS,
)


# What Anki itself reads in field text, written as character references so that it shows
# as text: {{...}} (template and cloze syntax), [sound:x] and [anki:tts] (media it plays),
# [latex] [$] [$$] (LaTeX it renders to images), [[type:x]] (a type-in box).
_ANKI_SYNTAX = (("{", "&#123;"), ("}", "&#125;"), ("[", "&#91;"), ("]", "&#93;"))


def escape_attribute(text: str | None) -> str:
    """Text made inert inside an HTML attribute of a card: HTML-escaped, Anki's syntax characters as references."""
    if not text:
        return ""
    text = html.escape(text, quote=True)
    for character, reference in _ANKI_SYNTAX:  # str.replace: far quicker than str.translate on Hangul
        text = text.replace(character, reference)
    return text


def escape(text: str | None) -> str:
    """Article text made inert on a card: no HTML, no Anki syntax, and every backslash in an
    element of its own, so MathJax (which skips math containing tags) never reads \\( or \\[."""
    return escape_attribute(text).replace("\\", "<span>&#92;</span>")


def highlight(sentence: str, word: str | None) -> str:
    """The escaped sentence with the first occurrence of ``word`` in <b class="target">."""
    if not word or word not in sentence:
        return escape(sentence)
    before, _, after = sentence.partition(word)
    return f'{escape(before)}<b class="target">{escape(word)}</b>{escape(after)}'


def gapped(sentence: str, word: str | None) -> str:
    """The escaped sentence with the first occurrence of ``word`` left as a gap to fill."""
    if not word or word not in sentence:
        return escape(sentence)
    before, _, after = sentence.partition(word)
    return f'{escape(before)}<span class="gap">&nbsp;</span>{escape(after)}'


def deck_id_for(doc_id: str) -> int:
    """A stable deck id for an article's sub-deck (same id every build)."""
    return ROOT_DECK_ID + 1 + zlib.crc32(doc_id.encode("utf-8")) % 1_000_000_000


def note_guid(lemma: str, pos: str) -> str:
    return genanki.guid_for("korpus", lemma, pos)


def context_guid(lemma: str, pos: str) -> str:
    """GUID of a word's note in context (another note type: another note in Anki)."""
    return genanki.guid_for("korpus-context", lemma, pos)


@dataclass
class DeckOptions:
    """What to put in the deck (``doc_ids``: only words of these documents; ``wanted``: the
    same filters as ``korpus vocab``) and how to lay it out."""

    out: Path
    doc_ids: tuple[str, ...] = ()
    per_article: bool = False
    production: bool = False
    sentences: bool = False
    context: bool = False
    i_plus_one: bool = False
    order: str = "frequency"
    wanted: EntryFilter = EntryFilter(glossed_only=True)


@dataclass
class DeckReport:
    path: Path
    notes: int = 0
    cards: int = 0
    decks: int = 0
    skipped_known: int = 0
    skipped_unglossed: int = 0
    without_gloss: int = 0
    sentence_notes: int = 0
    i_plus_one_notes: int = 0


def _source_html(corpus: Corpus, doc_id: str | None) -> tuple[str, str | None]:
    if not doc_id:
        return "", None
    doc = corpus.get(doc_id)
    site = doc.source or (re.sub(r"^www\.", "", doc.url.split("/")[2]) if doc.url and "//" in doc.url else None)
    parts = [escape(doc.title)]
    if site:
        parts.append(escape(site))
    if doc.date:
        parts.append(escape(doc.date))
    text = " · ".join(parts)
    if doc.url and re.match(r"^https?://", doc.url):
        text = f'<a href="{escape_attribute(doc.url)}">{text}</a>'
    return text, site


@lru_cache(maxsize=4096)
def _grammar_html(note_ids: tuple[str, ...]) -> str:
    """Grammar notes of the example sentence's words (``VocabEntry.example_grammar``), as a
    short list (made once per set of notes: thousands of cards share a few hundred)."""
    notes = grammar_notes()
    ids = [note_id for note_id in dict.fromkeys(note_ids) if note_id in notes]
    items = [f"<li><b>{escape(notes[i].name)}</b> {escape(notes[i].meaning)}</li>" for i in ids[:8]]
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _slug_tag(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z가-힣._-]+", "_", text).strip("_").lower() or "unknown"


def _next_timestamp(out: Path) -> float:
    """Later than the previous build's (Anki updates only notes whose mtime is newer)."""
    stamp = out.with_name(f".{out.name}.stamp")
    now = time.time()
    try:
        last = float(stamp.read_text())
    except (FileNotFoundError, ValueError):
        last = 0.0
    timestamp = max(now, last + 1.0)
    return timestamp


def build_deck(corpus: Corpus, options: DeckOptions,
               progress: Callable[[int, int], None] | None = None) -> DeckReport:
    """Select the entries of ``options`` (the filters of ``korpus vocab``) and write their .apkg."""
    entries = collect_entries(corpus, options.doc_ids or None)
    selection = select_entries(entries, options.wanted)
    with cycle_collector_paused():
        report = write_deck(corpus, selection.entries, options, progress, entries)
    report.skipped_known = selection.skipped_known
    report.skipped_unglossed = selection.skipped_unglossed
    return report


def write_deck(corpus: Corpus, entries: list[VocabEntry], options: DeckOptions,
               progress: Callable[[int, int], None] | None = None,
               every_entry: list[VocabEntry] | None = None) -> DeckReport:
    """Write the .apkg for ``entries`` (already selected) atomically; return what it holds.
    ``every_entry`` (default ``entries``): the words i+1 sentences count unknown ones among."""
    from .store import load_annotation, load_text_en

    cache: dict = {}

    def annotations(doc_id: str):
        if doc_id not in cache:
            cache[doc_id] = load_annotation(corpus, corpus.get(doc_id))
        return cache[doc_id]

    report = DeckReport(options.out)
    kept = sorted(entries, key=lambda e: e.first_position) if options.order == "article" else list(entries)
    root = genanki.Deck(ROOT_DECK_ID, "Korpus", description="Vocabulary from the korpus reading corpus")
    decks: dict[str, genanki.Deck] = {}
    model, guid_of = (CONTEXT_MODEL, context_guid) if options.context else (VOCAB_MODEL, note_guid)
    guids = [guid_of(entry.lemma, entry.pos) for entry in kept]
    homes = _article_homes(corpus, kept, guids, _read_notes_state(_notes_state_path(options.out)))
    sources: dict[str | None, tuple[str, str | None]] = {}
    for rank, (entry, guid) in enumerate(zip(kept, guids)):
        deck = root
        doc_id = homes.get(guid)
        if options.per_article and doc_id:
            if doc_id not in decks:
                title = corpus.get(doc_id).title.replace("::", ":")
                decks[doc_id] = genanki.Deck(deck_id_for(doc_id), f"Korpus::{title}")
            deck = decks[doc_id]
        if entry.example_doc not in sources:
            sources[entry.example_doc] = _source_html(corpus, entry.example_doc)
        source, site = sources[entry.example_doc]
        tags = [f"korpus::pos::{entry.pos.replace(' ', '_')}"]
        tags += [f"korpus::article::{doc_id}" for doc_id in sorted(entry.documents)]
        if site:
            tags.append(f"korpus::source::{_slug_tag(site)}")
        gloss_source = {"built-in": "korpus glossary", "user": "your glossary",
                        "composed": "composed from parts"}.get(
            entry.gloss_source or "", (entry.gloss_source or "").replace("dictionary:", "dictionary: "))
        if not entry.gloss:
            report.without_gloss += 1
        gloss, hanja = sense_of_example(entry)
        fields = [
            escape(entry.lemma), escape(entry.pos_name), escape(gloss or "—"), escape(gloss_source),
            escape(hanja), highlight(entry.example or "", entry.example_word), escape(entry.example_en),
            source, escape(f"{entry.count}× in {len(entry.documents)} article{'s' * (len(entry.documents) > 1)}"),
            _grammar_html(entry.example_grammar), "y" if options.production else "",
        ]
        if options.context:
            fields = _context_fields(fields, entry, gloss)
        deck.add_note(genanki.Note(model=model, fields=fields, guid=guid, tags=tags, due=rank))
        report.notes += 1
        report.cards += 2 if options.production else 1
        if progress:
            progress(rank + 1, len(kept))
    if options.i_plus_one:
        report.i_plus_one_notes = _add_i_plus_one_notes(corpus, root, options, annotations, load_text_en,
                                                        every_entry or entries)
        report.notes += report.i_plus_one_notes
        report.cards += report.i_plus_one_notes
    elif options.sentences:
        report.sentence_notes = _add_sentence_notes(corpus, root, options, annotations, load_text_en)
        report.notes += report.sentence_notes
        report.cards += report.sentence_notes
    all_decks = [root] + list(decks.values())
    report.decks = len([d for d in all_decks if d.notes]) or 1
    _write_package(all_decks, options.out, homes)
    return report


def _context_fields(fields: list[str], entry: VocabEntry, gloss: str | None) -> list[str]:
    """The vocabulary fields laid out for ``CONTEXT_FIELDS``: plus the one sense the production
    prompt asks for (that of the example, without a Korean collocation that would give the
    answer away) and the example with the word as a gap."""
    by_name = dict(zip(VOCAB_FIELDS, fields))
    sense = (gloss or "").split(";")[0]
    by_name["Sense"] = escape(re.sub(r"\s*\([^)]*[가-힣][^)]*\)", "", sense).strip())  # a collocation tells the answer
    by_name["ExampleGap"] = gapped(entry.example or "", entry.example_word)
    return [by_name[name] for name in CONTEXT_FIELDS]


def sense_of_example(entry: VocabEntry) -> tuple[str | None, str | None]:
    """The entry's gloss with the sense of the card's example first, and that sense's hanja."""
    return gloss_for_example(entry.gloss, entry.hanja, entry.example, entry.example_en, entry.example_after_name)


def reading_order(doc) -> tuple:
    """The order a learner meets articles in: dated ones by date, then undated ones, each by id."""
    return (doc.date is None, doc.date or "", doc.id)


def _article_homes(corpus: Corpus, entries: list[VocabEntry], guids: list[str],
                   previous: dict[str, dict]) -> dict[str, str]:
    """Note GUID (``guids``, one per entry) -> the article whose sub-deck holds it
    (``--per-article``).  A word lives where the learner meets it first in reading order
    (``reading_order``), and stays where an earlier build of this deck put it while it still
    occurs there: adding an article, even an older one, never moves a note the learner already has."""
    rank = {doc.id: place for place, doc in enumerate(sorted(corpus.documents(), key=reading_order))}
    homes = {}
    for entry, guid in zip(entries, guids):
        earlier = previous.get(guid, {}).get("article")
        if earlier in entry.documents:
            homes[guid] = earlier
        elif entry.documents:
            homes[guid] = min(entry.documents, key=rank.__getitem__)
    return homes


def _add_sentence_notes(corpus: Corpus, deck, options: DeckOptions, annotations, load_text_en) -> int:
    from .glossary import Glossary

    glossary = Glossary.for_corpus(corpus.root)
    count = 0
    docs = [corpus.get(i) for i in options.doc_ids] if options.doc_ids else corpus.documents("ko")
    for doc in docs:
        if doc.lang != "ko":
            continue
        text_en = load_text_en(corpus, doc)
        annotated = annotations(doc.id)
        source, _ = _source_html(corpus, doc.id)
        for index, sentence in enumerate(annotated.sentences):
            if index not in text_en:
                continue
            words = []
            for word in sentence.words:
                for lex in word.lexemes:
                    gloss = glossary.gloss_text(lex.lemma, lex.tag)
                    if gloss and lex.tag != "NNB":
                        words.append(f"<li><b>{escape(word.form)}</b> {escape(lex.lemma)}: {escape(gloss)}</li>")
            fields = [escape(sentence.text), escape(text_en[index]), f"<ul>{''.join(words)}</ul>", source]
            guid = genanki.guid_for("korpus-sentence", doc.id, sentence.text)
            deck.add_note(genanki.Note(model=SENTENCE_MODEL, fields=fields, guid=guid,
                                       tags=[f"korpus::article::{doc.id}", "korpus::sentence"], due=count))
            count += 1
    return count


def unknown_words(sentence, study: dict[tuple[str, str], VocabEntry], known: frozenset[str]) -> list[tuple]:
    """(word, entry) of each word to study in ``sentence`` the learner does not know, once each."""
    found: dict[tuple[str, str], tuple] = {}
    for word in sentence.words:
        for lex in word.lexemes:
            key = (lex.lemma, lex.pos)
            if key in study and lex.lemma not in known and key not in found:
                found[key] = (word, study[key])
    return list(found.values())


def _add_i_plus_one_notes(corpus: Corpus, deck, options: DeckOptions, annotations, load_text_en,
                          entries: list[VocabEntry]) -> int:
    """Sentence notes for comprehensible input (i+1, as AnkiMorphs): of every sentence, aligned
    or not, those with exactly one unknown word, one sentence per word (the shortest), the
    most frequent words first; the word highlighted, and glossed on the back."""
    study = {(e.lemma, e.pos): e for e in entries if e.pos != "proper noun" or options.wanted.include_proper_nouns}
    best: dict[tuple[str, str], tuple] = {}
    docs = [corpus.get(i) for i in options.doc_ids] if options.doc_ids else corpus.documents("ko")
    for doc in (d for d in docs if d.lang == "ko"):
        text_en = load_text_en(corpus, doc)
        for index, sentence in enumerate(annotations(doc.id).sentences):
            unknown = unknown_words(sentence, study, options.wanted.known)
            if len(unknown) != 1 or (options.wanted.glossed_only and not unknown[0][1].gloss):
                continue  # not i+1, or a word without a gloss: no answer on the back
            word, entry = unknown[0]
            key = (entry.lemma, entry.pos)
            if key not in best or len(sentence.text) < len(best[key][1].text):
                best[key] = (doc, sentence, word, entry, text_en.get(index, ""))
    ranked = sorted(best.values(), key=lambda found: (-found[3].count, found[3].first_position))
    for rank, (doc, sentence, word, entry, english) in enumerate(ranked):
        gloss, _ = sense_of_example(entry)
        words = f"<ul><li><b>{escape(word.form)}</b> {escape(entry.lemma)}: {escape(gloss or '—')}</li></ul>"
        source, _ = _source_html(corpus, doc.id)
        fields = [highlight(sentence.text, word.form), escape(english), words, source]
        deck.add_note(genanki.Note(model=SENTENCE_MODEL, fields=fields,
                                   guid=genanki.guid_for("korpus-i+1", doc.id, sentence.text),
                                   tags=[f"korpus::article::{doc.id}", "korpus::i+1"], due=rank))
    return len(ranked)


def _write_package(decks, out: Path, homes: dict[str, str] | None = None) -> None:
    """Write the .apkg and, beside it, the timestamp and the notes state (``homes``: each
    note's article, see ``_article_homes``)."""
    out = Path(out)
    package = genanki.Package([d for d in decks if d.notes] or decks[:1])
    with writing_output(out), _exclusive_output(out):
        timestamp = _next_timestamp(out)
        note_times = _notes_state_path(out)
        with tempfile.TemporaryDirectory(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent) as work, \
                atomic_replace(out) as apkg:
            state = _write_apkg(package, Path(work) / "collection.anki2", apkg, timestamp,
                                _read_notes_state(note_times))
        atomic_write_text(out.with_name(f".{out.name}.stamp"), json.dumps(timestamp))
        for guid, doc_id in (homes or {}).items():
            state[guid]["article"] = doc_id
        atomic_write_text(note_times, json.dumps(state, ensure_ascii=False, sort_keys=True))


def _notes_state_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.notes.json")


def _read_notes_state(path: Path) -> dict[str, dict]:
    """GUID -> {"hash", "mod"} of the previous build.  A missing or unreadable file (korpus's
    own, never the learner's) only means every note gets this build's time, as in a first build."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
        return {}
    if not isinstance(state, dict):
        return {}
    return {guid: note for guid, note in state.items() if isinstance(note, dict)}


def _write_apkg(package: genanki.Package, database: Path, apkg: Path, timestamp: float,
                previous: dict[str, dict]) -> dict[str, dict]:
    """What ``genanki.Package.write_to_file`` does, with the collection database at a path
    of ours (genanki's own goes to $TMPDIR and is never removed, ~3 MB every build), and
    with unchanged notes given back their earlier time.  Returns the new notes state."""
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA synchronous = OFF")  # a scratch file, zipped when complete: no disk syncs
        connection.execute("PRAGMA journal_mode = MEMORY")
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        state = _keep_times_of_unchanged_notes(connection, previous)
        connection.commit()
    finally:
        connection.close()
    with zipfile.ZipFile(apkg, "w") as archive:
        archive.write(database, "collection.anki2")
        archive.writestr("media", "{}")  # no media files
    return state


def _keep_times_of_unchanged_notes(connection: sqlite3.Connection, previous: dict[str, dict]) -> dict[str, dict]:
    """genanki stamps every note with the build's time, and Anki overwrites a note whenever the
    package's is newer, so a learner's correction made in Anki would be lost at every import.
    A note whose note type, fields and tags are those of the previous build gets its earlier
    time back (older than the learner's edit: Anki keeps the edit)."""
    state = {}
    rows = connection.execute("SELECT id, guid, mid, flds, tags, mod FROM notes").fetchall()
    for note_id, guid, model_id, fields, tags, mod in rows:
        content = hashlib.sha256(f"{model_id}\x1e{fields}\x1e{tags.strip()}".encode("utf-8")).hexdigest()
        earlier = previous.get(guid)
        if earlier and earlier.get("hash") == content and isinstance(earlier.get("mod"), int):
            mod = earlier["mod"]
            connection.execute("UPDATE notes SET mod = ? WHERE id = ?", (mod, note_id))
        state[guid] = {"hash": content, "mod": mod}
    return state


@contextmanager
def _exclusive_output(out: Path) -> Iterator[None]:
    """Hold the lock file beside the deck while writing it: a second build of the same file
    waits for the first, so every temp file of ours found there meanwhile was left by a
    killed build, and is removed."""
    from filelock import FileLock, Timeout

    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out.with_name(f".{out.name}.lock")))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT)
    except Timeout:
        raise KorpusError(f"{out}: another korpus deck is still writing it; "
                          "wait for it to finish or pass another --out") from None
    try:
        for leftover in _leftover_temp_files(out):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        yield
    finally:
        lock.release()


def _leftover_temp_files(out: Path) -> list[Path]:
    """The temp files of korpus's own naming beside ``out``: ``.NAME.XXXX.tmp`` (the .apkg
    being written, the working database's folder), ``..NAME.stamp.XXXX.tmp`` and
    ``..NAME.notes.json.XXXX.tmp``."""
    pattern = re.compile(rf"\.(?:{re.escape(out.name)}|\.{re.escape(out.name)}\.(?:stamp|notes\.json))\.[^.]+\.tmp")
    return sorted(path for path in out.parent.iterdir() if pattern.fullmatch(path.name))
