"""Korean annotation with Kiwi: sentences, words (어절), morphemes, lemmas, grammar notes.

``annotate_korean`` runs Kiwi once over the list of a document's paragraphs
(``split_sents=True``: sentences and morphemes in one pass, multi-threaded) and turns
Kiwi's tokens into korpus's own ``Sentence``/``Word`` types right here.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .grammar import explain_words
from .model import AnnotatedDocument, Document, Lexeme, Morpheme, Sentence, Word

# Sejong tag -> the part of speech a learner reads.
LEARNER_POS = {
    "NNG": "noun", "NNP": "proper noun", "NNB": "bound noun", "NP": "pronoun", "NR": "numeral",
    "VV": "verb", "VA": "adjective", "VX": "auxiliary verb", "VCP": "copula", "VCN": "copula",
    "MM": "determiner", "MAG": "adverb", "MAJ": "conjunctive adverb", "IC": "interjection",
    "XR": "root", "XPN": "prefix", "XSN": "suffix", "XSV": "suffix", "XSA": "suffix", "XSM": "suffix",
    "SL": "foreign word", "SH": "hanja", "SN": "number", "W_SERIAL": "number",
}
CONTENT_TAGS = {"NNG", "NNP", "NP", "NR", "VV", "VA", "MM", "MAG", "MAJ", "IC", "XR", "NNB", "VX"}
PUNCT_TAGS = {"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB"}
# Noun suffixes that make a new word to learn (효율+성 -> 효율성); 들 (plural), 님, 별... do not.
JOINED_NOUN_SUFFIXES = set("성 권 형 적 화 력 률 율 자 감 제 식 계 론 사 상 용 품 체 장 급 층 단 원 비 료 물 학 법 업 인 기 가 실 소 국 부 청 처 관 시 점 값 량 액 세 난 도 선 망 판 안 팀".split())
UPOS = {
    "NNG": "NOUN", "NNB": "NOUN", "NNP": "PROPN", "NP": "PRON", "NR": "NUM", "VV": "VERB", "VA": "ADJ",
    "VX": "AUX", "VCP": "ADJ", "VCN": "ADJ", "MM": "DET", "MAG": "ADV", "MAJ": "CCONJ", "IC": "INTJ",
    "XR": "NOUN", "XPN": "NOUN", "SL": "X", "SH": "NOUN", "SN": "NUM", "SW": "SYM", "SF": "PUNCT",
    "SP": "PUNCT", "SS": "PUNCT", "SSO": "PUNCT", "SSC": "PUNCT", "SE": "PUNCT", "SO": "PUNCT",
}


def base_tag(tag: str) -> str:
    """``VV-I`` (irregular) -> ``VV``."""
    return tag.split("-")[0]


def analyse_paragraphs(kiwi, paragraphs: Sequence[str]) -> list[list[list]]:
    """Raw Kiwi output: per paragraph, per sentence, its tokens (one pass over the whole list)."""
    from kiwipiepy import Match

    if not paragraphs:
        return []
    options = Match.ALL | Match.JOIN_V_SUFFIX
    return list(kiwi.tokenize(list(paragraphs), split_sents=True, match_options=options))


def annotate_korean(doc: Document, kiwi) -> AnnotatedDocument:
    """Sentences with words, morphemes, lemmas and grammar notes for a Korean document."""
    return annotate_korean_documents([doc], kiwi)[0]


def annotate_korean_documents(docs: Sequence[Document], kiwi) -> list[AnnotatedDocument]:
    """Annotate several Korean documents with one Kiwi call over all their paragraphs."""
    paragraphs = [p for doc in docs for p in doc.paragraphs]
    analysed = analyse_paragraphs(kiwi, paragraphs)
    results = []
    offset = 0
    for doc in docs:
        sentences: list[Sentence] = []
        for block_index, paragraph in enumerate(doc.paragraphs):
            for tokens in analysed[offset + block_index]:
                if not tokens:
                    continue
                words = _words(paragraph, tokens)
                if words:
                    text = paragraph[tokens[0].start:max(t.end for t in tokens)].strip()
                    sentences.append(Sentence(f"s{len(sentences) + 1}", text, block_index, words))
        offset += len(doc.paragraphs)
        results.append(AnnotatedDocument(doc.id, doc.lang, tuple(sentences)))
    return results


def _words(paragraph: str, tokens: list) -> tuple[Word, ...]:
    """Group a sentence's tokens into words: a run of morphemes between spaces and punctuation."""
    runs: list[list] = []
    current: list = []
    last_word = None
    for token in tokens:
        tag = base_tag(token.tag)
        if tag in PUNCT_TAGS:
            if current:
                runs.append(current)
            runs.append([token])
            current = []
            last_word = token.word_position
            continue
        if current and token.word_position != last_word:
            runs.append(current)
            current = []
        current.append(token)
        last_word = token.word_position
    if current:
        runs.append(current)
    morpheme_runs = []
    spans = []
    for run in runs:
        start = run[0].start
        end = max(t.end for t in run)
        spans.append((start, end))
        morpheme_runs.append(tuple(Morpheme(t.form, base_tag(t.tag)) for t in run))
    notes = explain_words(morpheme_runs)
    words = []
    for run, morphemes, (start, end), grammar in zip(runs, morpheme_runs, spans, notes):
        form = paragraph[start:end]
        space_after = end >= len(paragraph) or paragraph[end].isspace()
        lexemes = _lexemes(run)
        pos = lexemes[0].pos if lexemes else morpheme_pos(morphemes[0].tag)
        words.append(Word(form, morphemes, lexemes, pos, grammar, space_after))
    return tuple(words)


def morpheme_pos(tag: str) -> str:
    """Learner part of speech of a lone morpheme: ``JKO`` -> particle, ``SL`` -> foreign word."""
    if tag in LEARNER_POS:
        return LEARNER_POS[tag]
    if tag.startswith("J"):
        return "particle"
    if tag.startswith("E"):
        return "ending"
    if tag in PUNCT_TAGS:
        return "punctuation"
    return "other"


def _lexemes(run: list) -> tuple[Lexeme, ...]:
    """Content words of one word, with derived nouns joined (대+규모 -> 대규모, 효율+성 -> 효율성)."""
    lexemes: list[Lexeme] = []
    pending_prefix = ""
    for token in run:
        tag = base_tag(token.tag)
        if tag == "XPN":
            pending_prefix += token.form
            continue
        if tag == "XSN" and lexemes and lexemes[-1].tag == "NNG" and token.form in JOINED_NOUN_SUFFIXES:
            prev = lexemes[-1]
            lexemes[-1] = Lexeme(prev.lemma + token.form, prev.pos, prev.tag, prev.form + token.form)
            continue
        if tag not in CONTENT_TAGS:
            pending_prefix = ""
            continue
        if tag in ("VV", "VA", "VX"):
            lemma = token.lemma if token.lemma and token.lemma.endswith("다") else token.form + "다"
        else:
            lemma = token.form
        form = token.form
        if pending_prefix and tag == "NNG":
            lemma, form = pending_prefix + lemma, pending_prefix + form
        pending_prefix = ""
        lexemes.append(Lexeme(lemma, LEARNER_POS[tag], tag, form))
    return tuple(lexemes)


def korean_paragraph_texts(docs: Iterable[Document]) -> list[str]:
    return [p for doc in docs if doc.lang == "ko" for p in doc.paragraphs]


def annotate_other(doc: Document) -> AnnotatedDocument:
    """English (and French, Indonesian...) documents: sentences with nltk's Punkt, then words."""
    from .english import split_sentences, split_words

    sentences: list[Sentence] = []
    for block_index, paragraph in enumerate(doc.paragraphs):
        for text in split_sentences(paragraph, doc.lang):
            spans = split_words(text)
            words = tuple(
                Word(form, pos="", space_after=(end >= len(text) or text[end].isspace()))
                for form, _start, end in spans
            )
            sentences.append(Sentence(f"s{len(sentences) + 1}", text, block_index, words))
    return AnnotatedDocument(doc.id, doc.lang, tuple(sentences))
