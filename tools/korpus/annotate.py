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
                              꾼 산 생 류 풍""".split())
# A proper noun with one of these suffixes stays a name (서울+시 -> 서울시, 국토교통+부); with one of
# the next ones it makes a common noun (그리스+적 -> 그리스적, 중국+산, 경찰대+생); other suffixes
# (삼성전자+용) stay apart from a name.
NAME_SUFFIXES = frozenset("시 국 도 청 처 부 원 사 관 소 단 팀 실 장".split())
NOUNS_FROM_NAMES = frozenset("적 성 화 식 풍 산 계 인 학 형 생 어".split())
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
            words, end = _words(paragraph, tokens)
            if words:
                text = paragraph[tokens[0].start:end].strip()
                sentences.append(Sentence(f"s{len(sentences) + 1}", text, block_index, words))
        if between is not None:
            between()
    return AnnotatedDocument(doc.id, doc.lang, tuple(sentences))


_WORD_CACHE: dict[tuple, tuple] = {}


def _words(paragraph: str, tokens: list) -> tuple[tuple[Word, ...], int]:
    """Group a sentence's tokens into words: a run of morphemes between spaces and punctuation;
    also where the sentence ends in the paragraph (the largest end of its tokens)."""
    runs: list[tuple[int, int, tuple]] = []  # (start, end, ((form, tag, lemma), ...))
    add_run = runs.append
    current: list = []
    run_start = run_end = sentence_end = 0
    last_word = None
    punct, inflected = PUNCT_TAGS, INFLECTED_TAGS
    for token in tokens:
        tag = token.tag
        if "-" in tag:
            tag = tag.split("-")[0]
        end, position = token.end, token.word_position
        if end > sentence_end:
            sentence_end = end
        if tag in punct:
            if current:
                add_run((run_start, run_end, tuple(current)))
                current = []
            add_run((token.start, end, ((token.form, tag, ""),)))
            last_word = position
            continue
        if not current:
            run_start, run_end = token.start, end
        elif position != last_word:
            add_run((run_start, run_end, tuple(current)))
            current = []
            run_start, run_end = token.start, end
        elif end > run_end:
            run_end = end
        current.append((token.form, tag, token.lemma if tag in inflected else ""))
        last_word = position
    if current:
        add_run((run_start, run_end, tuple(current)))
    _restore_l_stems(paragraph, runs)
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
    length = len(paragraph)
    new = tuple.__new__  # Word(...) without its keyword handling: one per token of the corpus
    words = tuple(new(Word, (paragraph[start:end], morphemes, lexemes, pos, grammar,
                             end >= length or paragraph[end].isspace()))
                  for (start, end, _key), (morphemes, lexemes, pos), grammar in zip(runs, analysed, notes))
    return words, sentence_end


# ㄹ-stems Kiwi reads without their ㄹ where ㄹ drops (before ㄴ ㅂ ㅅ: 사는, 산다, 삽니다, 사시는).
# Kiwi ranks the ㄹ-less stem first by the same margin whatever the context (its alternatives,
# ``analyze(top_n=...)``, score 살/VV in "바다에서 사는 새" as far below 사/VV as in "책을 사는
# 사람"), so the context decides here.  These ㄹ-less stems are no verbs of their own:
ALWAYS_L_STEMS = {"도": "돌", "떠": "떨", "시드": "시들", "저무": "저물", "어": "얼", "우": "울", "노": "놀",
                  "여": "열", "무": "물", "부": "불", "이끄": "이끌", "흔드": "흔들", "떠드": "떠들"}
# Of those, the ones Kiwi may not read as a verb at all (시드/NNP + 는, 어/IC + 는), where the
# ㄹ-less form is no common noun either (도는 may be 도 "the province" + 는):
MISREAD_L_STEMS = frozenset({"시드", "저무", "어"})
# These are verbs of their own (사다 buy, 파다 dig, 끄다 switch off, 트다 sprout, open):
AMBIGUOUS_L_STEMS = {"사": "살", "파": "팔", "끄": "끌", "트": "틀"}
L_DROPPING_ENDINGS = ("는", "ᆫ", "ᆸ", "니", "시", "세")
# Objects that decide between the two verbs of an ambiguous form.
DUG_THINGS = frozenset("땅 굴 구멍 우물 무덤 홈 흙 터널 참호 도랑 고랑 웅덩이 구덩이 갱도 바닥".split())
SWITCHED_OFF_THINGS = frozenset("""불 촛불 불길 산불 화재 전원 전기 전등 조명 스위치 엔진 시동 휴대폰 핸드폰 휴대전화
                                   컴퓨터 텔레비전 TV 라디오 알람 알림 기능 모드 난방 에어컨""".split())
SWITCHED_ON_THINGS = frozenset("""음악 노래 가요 음반 라디오 에어컨 히터 난방 선풍기 보일러 TV 텔레비전 방송 영상 동영상
                                  수도 물 방향 몸 핸들 머리""".split())


def _restore_l_stems(paragraph: str, runs: list) -> None:
    """Give back the ㄹ Kiwi drops from verb stems (사는 -> 살다 in "바다에서 사는 새", 도는 -> 돌다),
    in place; also where Kiwi does not see a verb at all (시드는 꽃 -> 시드/NNP + 는)."""
    for index, (start, end, key) in enumerate(runs):
        form, tag, _ = key[0]
        if tag == "VV" and len(key) > 1 and key[1][0].startswith(L_DROPPING_ENDINGS):
            stem = ALWAYS_L_STEMS.get(form) or _l_stem_in_context(form, runs, index)
            if stem:
                runs[index] = (start, end, ((stem, "VV", stem + "다"),) + key[1:])
        elif form in MISREAD_L_STEMS and paragraph[start:end] == form + "는" and _modifies_noun(runs, index):
            stem = ALWAYS_L_STEMS[form]
            runs[index] = (start, end, ((stem, "VV", stem + "다"), ("는", "ETM", "")))


def _l_stem_in_context(form: str, runs: list, index: int) -> str | None:
    """The ㄹ-stem an ambiguous form stands for here, or None for Kiwi's ㄹ-less one: 사는 lives
    unless it has an object (책을 사는), 파는 sells unless it digs (땅을 파는), 끄는 pulls or draws an
    object unless it switches one off (불을 끄는), 트는 opens unless it switches one on (음악을 트는)."""
    stem = AMBIGUOUS_L_STEMS.get(form)
    if stem is None:
        return None
    marked, noun = _object_before(runs, index)
    if form == "사":
        return None if marked else stem
    if form == "파":
        return None if noun in DUG_THINGS else stem
    if form == "끄":
        return None if noun is None or noun in SWITCHED_OFF_THINGS else stem
    return stem if marked and noun in SWITCHED_ON_THINGS else None


def _object_before(runs: list, index: int) -> tuple[bool, str | None]:
    """The object of the verb at ``runs[index]``: whether it is marked by 을/를 and its last noun;
    the bare noun right before when there is none (곤지암 사는, 땅 파는)."""
    for back, (_start, _end, key) in enumerate(reversed(runs[max(0, index - 2):index])):
        tags = [tag for _, tag, _ in key]
        if tags[0] in PUNCT_TAGS:
            break
        if "JKO" in tags:
            nouns = [form for form, tag, _ in key[:tags.index("JKO")] if tag.startswith("NN") or tag == "SL"]
            return True, nouns[-1] if nouns else None
        if back == 0 and all(tag.startswith("NN") or tag in ("SL", "XSN") for tag in tags):
            nouns = [form for form, tag, _ in key if tag.startswith("NN") or tag == "SL"]
            return False, nouns[-1] if nouns else None
    return False, None


def _modifies_noun(runs: list, index: int) -> bool:
    """Whether the word after ``runs[index]`` starts with a noun, as after a verb's 는 (시드는 꽃)."""
    return index + 1 < len(runs) and runs[index + 1][2][0][1] in ("NNG", "NNB", "NNP")


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
    if tag == "XSN" and last.tag == "NNP":
        if form not in NAME_SUFFIXES and form not in NOUNS_FROM_NAMES:
            return None
        noun = "NNP" if form in NAME_SUFFIXES else "NNG"
        return Lexeme(last.lemma + form, learner_pos(noun), noun, last.form + form)
    if tag == "XSN" and last.tag in ("NNG", "XR"):
        if form not in JOINED_NOUN_SUFFIXES:
            return _lexicalised(last.lemma + form, last.form + form, ("NNG",))
        return Lexeme(last.lemma + form, learner_pos("NNG"), "NNG", last.form + form)
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
