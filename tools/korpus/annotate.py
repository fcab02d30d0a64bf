"""Korean annotation with Kiwi: sentences, words (어절), morphemes, lemmas, grammar notes.

``annotate_korean`` runs Kiwi once over the list of the documents' paragraphs
(``split_sents=True``: sentences and morphemes in one pass, multi-threaded) and turns
Kiwi's tokens into korpus's own ``Sentence``/``Word`` types right here.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Callable, Generator, Iterator, Sequence

from .grammar import explain_words
from .model import AnnotatedDocument, Document, Lexeme, Morpheme, Sentence, Word
from .tags import CONTENT_TAGS, INFLECTED_TAGS, PUNCT_TAGS, learner_pos

if TYPE_CHECKING:
    from .kiwi import KiwiAnalyser

# Noun suffixes that make a new word to learn (효율+성 -> 효율성, 나무+꾼 -> 나무꾼, 국내+산 -> 국내산);
# 들 (plural), 님, 별... do not.
JOINED_NOUN_SUFFIXES = set("""성 권 형 적 화 력 률 율 자 감 제 식 계 론 사 상 용 품 체 장 급 층 단 원 비 료 물 학 법 업 인 기 가
                              실 소 국 부 청 처 관 시 점 값 량 액 세 난 도 선 망 판 안 팀 치 분 주
                              꾼 산 경 생 류 풍""".split())
# A proper noun with one of these suffixes is a common noun (그리스+적 -> 그리스적, 중국+산 -> 중국산);
# with the others it stays a name (서울+시 -> 서울시).
COMMON_NOUN_SUFFIXES = frozenset("적 성 화 식 풍 산 계 인 류 형 론".split())
# Words korpus keeps whole where joining Kiwi's parts needs knowledge (손+님, 털+어+놓다).
LEXICALISED_WORDS = "data/lexicalised_words.tsv"


@lru_cache(maxsize=1)
def lexicalised_words() -> frozenset[tuple[str, str]]:
    """The (lemma, tag) pairs of ``data/lexicalised_words.tsv``."""
    text = resources.files("korpus").joinpath(LEXICALISED_WORDS).read_text(encoding="utf-8")
    return frozenset(tuple(line.split("\t")[:2]) for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def annotate_korean(docs: Sequence[Document], analyser: KiwiAnalyser,
                    between: Callable[[], object] | None = None) -> Iterator[AnnotatedDocument]:
    """Korean documents with sentences, words, morphemes, lemmas and grammar notes, each
    yielded as soon as it is done.

    There is one Kiwi call over all the documents' paragraphs, analysed by Kiwi's own
    threads a few dozen paragraphs ahead of us.  ``between`` is called after each
    paragraph: a caller can do a small piece of other work there while Kiwi's threads
    keep going.
    """
    analysed = analyser.analyse([p for doc in docs for p in doc.paragraphs])
    for doc in docs:
        yield _document(doc, analysed, between)


def _document(doc: Document, analysed: Iterator, between: Callable[[], object] | None) -> AnnotatedDocument:
    """``doc`` annotated from Kiwi's analyses of its paragraphs, taken one by one from ``analysed``."""
    sentences: list[Sentence] = []
    for block_index, paragraph in enumerate(doc.paragraphs):
        for tokens in next(analysed):
            if not tokens:
                continue
            words = _words(paragraph, tokens)
            if words:
                text = paragraph[tokens[0].start:max(t.end for t in tokens)].strip()
                sentences.append(Sentence(f"s{len(sentences) + 1}", text, block_index, words))
        if between is not None:
            between()
    return AnnotatedDocument(doc.id, doc.lang, tuple(sentences))


_WORD_CACHE: dict[tuple, tuple] = {}


def _words(paragraph: str, tokens: list) -> tuple[Word, ...]:
    """Group a sentence's tokens into words: a run of morphemes between spaces and punctuation."""
    runs: list[tuple[int, int, tuple]] = []  # (start, end, ((form, tag, lemma), ...))
    current: list = []
    run_start = run_end = 0
    last_word = None
    punct = PUNCT_TAGS
    for token in tokens:
        tag = token.tag
        if "-" in tag:
            tag = tag.split("-")[0]
        start, end, position = token.start, token.end, token.word_position
        if tag in punct:
            if current:
                runs.append((run_start, run_end, tuple(current)))
                current = []
            runs.append((start, end, ((token.form, tag, ""),)))
            last_word = position
            continue
        if current and position != last_word:
            runs.append((run_start, run_end, tuple(current)))
            current = []
        if not current:
            run_start, run_end = start, end
        elif end > run_end:
            run_end = end
        current.append((token.form, tag, token.lemma if tag in INFLECTED_TAGS else ""))
        last_word = position
    if current:
        runs.append((run_start, run_end, tuple(current)))
    cache = _WORD_CACHE
    analysed = []
    for _start, _end, key in runs:
        hit = cache.get(key)
        if hit is None:
            morphemes = tuple(Morpheme(form, tag) for form, tag, _ in key)
            lexemes = _lexemes(key)
            pos = lexemes[0].pos if lexemes else learner_pos(morphemes[0].tag)
            hit = (morphemes, lexemes, pos)
            if len(cache) < 200_000:
                cache[key] = hit
        analysed.append(hit)
    notes = explain_words([hit[0] for hit in analysed])
    words = []
    length = len(paragraph)
    for (start, end, _key), (morphemes, lexemes, pos), grammar in zip(runs, analysed, notes):
        space_after = end >= length or paragraph[end].isspace()
        words.append(Word(paragraph[start:end], morphemes, lexemes, pos, grammar, space_after))
    return tuple(words)


def _lexemes(run: tuple) -> tuple[Lexeme, ...]:
    """Content words of one word, with derived and lexicalised words joined, as a learner looks
    them up: 대+규모 -> 대규모, 효율+성 -> 효율성, 최적+화+되다 -> 최적화되다, 불과+하다 -> 불과하다,
    순수+히 -> 순수히, 털+어+놓다 -> 털어놓다."""
    lexemes: list[Lexeme] = []
    pending_prefix = ""
    attached: str | None = None  # "" right after a lexeme, its connective ending (어, 고) after a verb
    for form, tag, lemma in run:
        if tag == "XPN":
            pending_prefix += form
            attached = None
            continue
        joined = _joined(lexemes[-1], form, tag, lemma, attached) if attached is not None else None
        if joined is not None:
            lexemes[-1] = joined
            attached = ""
            continue
        if tag == "EC" and attached == "" and lexemes[-1].tag in ("VV", "VA") and form in ("어", "아", "고"):
            attached = form
            continue
        attached = None
        if tag not in CONTENT_TAGS:
            pending_prefix = ""
            continue
        if tag in ("VV", "VA", "VX"):
            lemma = lemma if lemma and lemma.endswith("다") else form + "다"
            surface = form
        else:
            lemma = surface = form
        if pending_prefix and tag in ("NNG", "NNP", "VV", "VA"):  # 대+규모, 구+소련, 불+투명하다 (not 투명하다!)
            lemma, surface = pending_prefix + lemma, pending_prefix + surface
        pending_prefix = ""
        lexemes.append(Lexeme(lemma, learner_pos(tag), tag, surface))
        attached = ""
    return tuple(lexemes)


def _joined(last: Lexeme, form: str, tag: str, lemma: str, link: str) -> Lexeme | None:
    """``last`` with the morpheme right after it (``link``: the connective ending between two
    verbs) when they make one word, else None.

    Derivation is joined by rule: a noun suffix of ``JOINED_NOUN_SUFFIXES`` (국내+산), a verb or
    adjective suffix (최적화+되다, 불과+하다: Kiwi tags 불과, 오래, 가득 as adverbs), an adverb
    suffix (순수+히).  Words whose parts also occur apart (손+님, 본+뜨다, 털+어+놓다) are joined
    only when ``data/lexicalised_words.tsv`` lists them.
    """
    if link:
        if tag not in ("VV", "VX"):
            return None
        return _lexicalised(last.form + link + lemma, last.form + link + form)
    if tag == "XSN" and last.tag in ("NNG", "NNP", "XR"):
        if form not in JOINED_NOUN_SUFFIXES:
            return _lexicalised(last.lemma + form, last.form + form, ("NNG",))
        noun = "NNP" if last.tag == "NNP" and form not in COMMON_NOUN_SUFFIXES else "NNG"
        return Lexeme(last.lemma + form, learner_pos(noun), noun, last.form + form)
    if tag in ("XSV", "XSA") and last.tag in ("NNG", "XR", "MAG"):
        verb = "VV" if tag == "XSV" else "VA"
        return Lexeme(last.lemma + form + "다", learner_pos(verb), verb, last.form + form)
    if tag == "XSM" and last.tag in ("NNG", "XR"):
        return Lexeme(last.lemma + form, learner_pos("MAG"), "MAG", last.form + form)
    if tag == "VV" and last.tag in ("NNG", "MAG"):
        return _lexicalised(last.lemma + lemma, last.form + form)
    return None


def _lexicalised(lemma: str, form: str, tags: tuple[str, ...] = ("VV", "VA")) -> Lexeme | None:
    """The lexeme ``lemma`` when ``data/lexicalised_words.tsv`` lists it with one of ``tags``."""
    known = lexicalised_words()
    for tag in tags:
        if (lemma, tag) in known:
            return Lexeme(lemma, learner_pos(tag), tag, form)
    return None


def annotate_other(doc: Document) -> AnnotatedDocument:
    """English (and French, Indonesian...) documents: sentences with nltk's Punkt, then words."""
    steps = annotate_other_steps(doc)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def annotate_other_steps(doc: Document) -> Generator[None, None, AnnotatedDocument]:
    """``annotate_other`` one paragraph per step; the generator returns the document
    (``result = yield from annotate_other_steps(doc)``)."""
    from .english import split_sentences, split_words

    sentences: list[Sentence] = []
    for block_index, paragraph in enumerate(doc.paragraphs):
        for text in split_sentences(paragraph, doc.lang):
            length = len(text)
            words = tuple(
                Word(form, pos="", space_after=(end >= length or text[end].isspace()))
                for form, _start, end in split_words(text)
            )
            sentences.append(Sentence(f"s{len(sentences) + 1}", text, block_index, words))
        yield
    return AnnotatedDocument(doc.id, doc.lang, tuple(sentences))
