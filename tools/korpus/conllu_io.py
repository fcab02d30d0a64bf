"""Annotated documents as CoNLL-U, the field's standard format, and back.

One token line per word (어절; punctuation split off as the Korean UD treebanks do):
LEMMA and XPOS hold the ``+``-joined morphemes and Sejong tags (``공개하+었+다``,
``VV+EP+EF``), UPOS is mapped from the first content morpheme, and MISC carries the
content lemmas (``Lemmas=공개하다``), their tags, glosses when known, grammar note ids
and ``SpaceAfter=No``.  Sentences carry ``# sent_id``, ``# text`` and, once aligned,
``# text_en``.  HEAD and DEPREL are ``_``: korpus does not parse syntax.
"""

from __future__ import annotations

import hashlib
from typing import Callable, Mapping

from .model import AnnotatedDocument, Lexeme, Morpheme, Sentence, Word
from .tags import UPOS, learner_pos

GlossLookup = Callable[[str, str], "str | None"]


def _list_item(text: str) -> str:
    """One item of a comma-separated MISC list (a lemma may hold a comma: "F1, 본능의 질주")."""
    return _misc_value(text).replace(",", "，")


def _unlist_item(text: str) -> str:
    return text.replace("，", ",")


def _misc_value(text: str) -> str:
    return text.replace("|", "/").replace("\t", " ").replace("\n", " ").replace("=", "＝") or "_"


def _upos(word: Word) -> str:
    if not word.morphemes:
        return "_"
    for lex in word.lexemes:
        return UPOS.get(lex.tag, "X")
    tag = word.morphemes[0].tag
    if tag.startswith("J"):
        return "ADP"
    if tag.startswith("E"):
        return "PART"
    return UPOS.get(tag, "X")


def render_conllu(doc: AnnotatedDocument, key: str = "", text_en: Mapping[int, str] | None = None,
                  gloss: GlossLookup | None = None, cache: dict | None = None) -> str:
    """CoNLL-U text of ``doc``; ``text_en`` maps sentence index -> aligned English text.

    ``cache`` (any dict, reused across documents rendered with the same ``gloss``) keeps
    the columns of words already seen (LEMMA to DEPS as one piece, MISC without the word's
    own Grammar and SpaceAfter), so frequent words are formatted once.
    """
    cache = {} if cache is None else cache
    # The words of one kind share their morphemes' tuple (the annotator's word cache; the
    # reader's and ``parse_conllu``'s per-line cache within what they read together): found by
    # its identity, a word's columns cost no hashing of its morphemes and lexemes.
    by_identity = cache.get(_BY_IDENTITY)
    if by_identity is None or len(by_identity) > 200_000:  # (documents read one by one share none)
        by_identity = cache[_BY_IDENTITY] = {}
    lines = []
    append = lines.append
    append(f"# newdoc id = {doc.doc_id}")
    last_block = None
    for index, sentence in enumerate(doc.sentences):
        if sentence.block != last_block:
            append(f"# newpar id = {doc.doc_id}-p{sentence.block + 1}")
            last_block = sentence.block
        append(f"# sent_id = {doc.doc_id}-{sentence.id}")
        append(f"# text = {sentence.text}")
        if text_en and index in text_en:
            append(f"# text_en = {text_en[index]}")
        for number, word in enumerate(sentence.words, 1):
            morphemes, lexemes = word.morphemes, word.lexemes
            known = by_identity.get(id(morphemes))  # kept alive by the entry: the id is its own
            if known is not None and known[1] is lexemes:
                middle, misc = known[2]
            else:
                signature = (morphemes, lexemes)
                columns = cache.get(signature)
                if columns is None:
                    lemma, upos, xpos, misc = _columns(word, gloss)
                    columns = cache[signature] = (f"\t{lemma}\t{upos}\t{xpos}\t_\t_\t_\t_\t", misc)
                by_identity[id(morphemes)] = (morphemes, lexemes, columns)
                middle, misc = columns
            if word.grammar:
                grammar = "Grammar=" + ",".join(word.grammar)
                misc = f"{misc}|{grammar}" if misc != "_" else grammar
            if not word.space_after:
                misc = f"{misc}|SpaceAfter=No" if misc != "_" else "SpaceAfter=No"
            form = word.form
            if "\t" in form:
                form = form.replace("\t", " ")
            append(f"{number}\t{form or '_'}{middle}{misc}")
        append("")
    body = "\n".join(lines) + "\n"
    return key_line(key, body) + body if key else body


_BY_IDENTITY = object()  # the key of ``render_conllu``'s columns by the identity of the morphemes


def _columns(word: Word, gloss: GlossLookup | None) -> tuple[str, str, str, str]:
    """LEMMA, UPOS, XPOS and MISC (without Grammar and SpaceAfter) of a word."""
    if word.morphemes:
        lemma = "+".join([m.form for m in word.morphemes])
        xpos = "+".join([m.tag for m in word.morphemes])
    else:
        lemma, xpos = "_", "_"
    misc = []
    if word.lexemes:
        misc.append("Lemmas=" + ",".join([_list_item(lex.lemma) for lex in word.lexemes]))
        misc.append("LemmaTags=" + ",".join([lex.tag for lex in word.lexemes]))
        if any(lex.form != lex.lemma for lex in word.lexemes):
            misc.append("LemmaForms=" + ",".join([_list_item(lex.form) for lex in word.lexemes]))
        if gloss is not None:
            glosses = [gloss(lex.lemma, lex.tag) for lex in word.lexemes]
            if any(glosses):
                misc.append("Gloss=" + _misc_value(" ‖ ".join([g or "?" for g in glosses])))
    return lemma, _upos(word), xpos, "|".join(misc) or "_"


KEY_PREFIX = "# korpus_key = "


def key_line(key: str, body: str) -> str:
    """The first line of a derived file: what it was made from (``key``) and a checksum
    of the rest of the file, so that a truncated, edited or foreign file is noticed."""
    return f"{KEY_PREFIX}{key} sha256:{_checksum(body)}\n"


def _checksum(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:24]


def split_key_line(first: str) -> tuple[str, str] | None:
    """(key, checksum) of a derived file's first line; None when it is not a key line."""
    if not first.startswith(KEY_PREFIX):
        return None
    key, _, checksum = first[len(KEY_PREFIX):].rpartition(" sha256:")
    return (key, checksum) if key else None


def split_checked(text: str) -> tuple[str, str] | None:
    """(key, body) of a derived file whose checksum holds; None for a damaged or foreign one."""
    first, newline, body = text.partition("\n")
    parts = split_key_line(first) if newline else None
    if parts is None or parts[1] != _checksum(body):
        return None
    return parts[0], body


def read_key(path) -> str | None:
    """The key of a derived file korpus wrote, or None when it is missing, unreadable,
    damaged (checksum) or not korpus's."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    checked = split_checked(text)
    return checked[0] if checked else None


def parse_conllu(text: str, lang: str, words: dict[str, Word] | None = None) -> tuple[AnnotatedDocument, dict[int, str]]:
    """Read a CoNLL-U file written by ``render_conllu``; returns the document and its text_en.

    A reader for korpus's own files only (ten tab-separated columns, the comments
    ``render_conllu`` writes), several times faster than a general CoNLL-U parser; the
    tests check that the ``conllu`` library reads every file korpus writes the same way.
    A token line seen before makes the same (immutable) ``Word``: ``words`` may carry them
    from one file to the next, as the reader does over a whole corpus.
    """
    sentences: list[Sentence] = []
    text_en: dict[int, str] = {}
    doc_id = ""
    block = -1
    meta: dict[str, str] = {}
    words_of_sentence: list[Word] = []
    cache: dict[str, Word] = {} if words is None else words
    for line in text.split("\n"):
        if not line:
            if words_of_sentence or meta:
                _end_sentence(sentences, text_en, meta, words_of_sentence, block)
                meta, words_of_sentence = {}, []
            continue
        if line[0] == "#":
            name, sep, value = line[1:].partition("=")
            if not sep:
                continue
            name, value = name.strip(), value.strip()
            if name == "newdoc id":
                doc_id = value
            elif name == "newpar id":
                block = int(value.rsplit("-p", 1)[1]) - 1
            else:
                meta[name] = value
            continue
        word = cache.get(line.split("\t", 1)[1]) if "\t" in line else None
        if word is None:
            columns = line.split("\t")
            if len(columns) != 10:
                raise ValueError(f"a token line has {len(columns)} columns, not 10: {line[:60]!r}")
            word = _word(columns)
            cache[line.split("\t", 1)[1]] = word
        words_of_sentence.append(word)
    if words_of_sentence or meta:
        _end_sentence(sentences, text_en, meta, words_of_sentence, block)
    return AnnotatedDocument(doc_id, lang, tuple(sentences)), text_en


def _end_sentence(sentences: list[Sentence], text_en: dict[int, str], meta: dict[str, str],
                  words: list[Word], block: int) -> None:
    if "sent_id" not in meta or "text" not in meta:
        raise ValueError("a sentence lacks its sent_id or text comment")
    if "text_en" in meta:
        text_en[len(sentences)] = meta["text_en"]
    sentences.append(Sentence(meta["sent_id"].rsplit("-", 1)[1], meta["text"], block, tuple(words)))


def _word(columns: list[str]) -> Word:
    form, lemma_column, xpos = columns[1], columns[2], columns[4]
    misc: dict[str, str] = {}
    if columns[9] != "_":
        for item in columns[9].split("|"):
            key, _, value = item.partition("=")
            misc[key] = value
    morphemes: tuple[Morpheme, ...] = ()
    if lemma_column != "_" and xpos != "_":
        tags = xpos.split("+")
        forms = lemma_column.split("+") if len(tags) > 1 else [lemma_column]
        if len(forms) != len(tags):  # a morpheme that is itself "+": keep the word's form
            forms = [form] * len(tags)
        morphemes = tuple(Morpheme(f, t) for f, t in zip(forms, tags))
    lexemes: tuple[Lexeme, ...] = ()
    if misc.get("Lemmas"):
        lemmas = [_unlist_item(item) for item in misc["Lemmas"].split(",")]
        tags = misc.get("LemmaTags", "").split(",")
        forms = [_unlist_item(item) for item in misc["LemmaForms"].split(",")] if misc.get("LemmaForms") else lemmas
        lexemes = tuple(Lexeme(l, learner_pos(t), t, f) for l, t, f in zip(lemmas, tags, forms))
    grammar = tuple(misc["Grammar"].split(",")) if misc.get("Grammar") else ()
    pos = lexemes[0].pos if lexemes else (learner_pos(morphemes[0].tag) if morphemes else "")
    return Word(form, morphemes, lexemes, pos, grammar, misc.get("SpaceAfter") != "No")
