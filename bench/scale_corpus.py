"""Synthetic corpora for ``bench_scale.py``: the shipped corpus's sentences recombined into articles.

Kiwi's cost follows characters, so an article is ~1,100 characters of real Korean news and
encyclopedia sentences (the shipped Korean documents and ``bench/data/unseen_news*.txt``), drawn
in a seeded random order so that no two articles hold the same sentences in the same order and
no cache makes a build trivially fast.  Each article also names six random common nouns of the
built-in glossary in two sentences, so that the vocabulary (and vocab, deck, reader) grows with
the corpus as a real one does.  Some articles gloss a made-up term themselves
(``초거대모델(hyperscale model)``), as news does, so korpus harvests user words.  About 5 % of
the stories also get an English original: runs of hand-aligned sentence pairs of the two seed
pairs (``tests/data/align``, chained by ``korpus.align.evaluation.recombine_pairs``) with their Korean
sentences, so the build aligns them.  Files are written as ``korpus add`` writes them
(``korpus.corpus.render_document``).
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from korpus.align import parse_links
from korpus.align.evaluation import recombine_pairs
from korpus.corpus import Corpus, render_document
from korpus.model import Block, Document

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "corpus"
ALIGN_DATA = ROOT / "tests" / "data" / "align"
ALIGN_PAIRS = ("ms-ai-chips", "chatgpt-classroom")
ARTICLE_CHARS = 1100
PAIRED_SHARE = 20  # one story in 20 (5 %) has an English original
# Made-up terms that articles gloss themselves: harvested as Kiwi user words by `korpus build`.
GLOSSED_TERMS = ("초거대모델(hyperscale model)", "데이터호수(data lake)", "지능형관제(intelligent control)",
                 "탄소포집망(carbon capture grid)", "양자암호칩(quantum crypto chip)", "초연결도시(hyperconnected city)",
                 "자율물류망(autonomous logistics)", "생성형검색(generative search)", "디지털쌍둥이(digital twin)",
                 "뉴로칩셋(neuro chipset)", "메타학습망(meta-learning network)", "엣지추론기(edge inferencer)")
GLOSSARY = ROOT / "tools" / "korpus" / "data" / "glossary"
NOUNS_PER_ARTICLE = 6  # common nouns of the built-in glossary, so the vocabulary grows with the corpus
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def korean_sentences() -> list[str]:
    """Every sentence of the shipped Korean documents and the unseen news texts."""
    paragraphs = [p for doc in Corpus(SHIPPED).documents("ko") for p in doc.paragraphs]
    for path in sorted((ROOT / "bench" / "data").glob("unseen_news*.txt")):
        paragraphs += [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [s.strip() for p in paragraphs for s in _SENTENCE_END.split(p) if len(s.strip()) > 15]


def glossary_nouns() -> list[str]:
    """Common nouns (NNG) of the built-in glossary's general bands: ~9,000 real words."""
    nouns = []
    for path in sorted(GLOSSARY.glob("general-*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if not line.startswith("#") and len(fields) > 1 and fields[1] == "NNG" and len(fields[0]) > 1:
                nouns.append(fields[0])
    return nouns


def noun_sentences(nouns: list[str], rnd: random.Random) -> list[str]:
    """Two sentences naming ``NOUNS_PER_ARTICLE`` random nouns: recombined sentences alone repeat a
    pool of ~500 and the vocabulary would stop growing at ~2,500 lemmas whatever the corpus size."""
    words = [nouns[rnd.randrange(len(nouns))] for _ in range(NOUNS_PER_ARTICLE)]
    return [f"이번 조사에서는 {words[0]} 및 {words[1]}, {words[2]} 문제도 함께 다뤄졌다.",
            f"전문가들은 {words[3]}, {words[4]} 그리고 {words[5]} 분야의 변화에 주목했다."]


def aligned_pairs() -> list[tuple]:
    """The two hand-aligned seed pairs as ``recombine_pairs`` takes them (no lemmas)."""
    pairs = []
    for name in ALIGN_PAIRS:
        ko = (ALIGN_DATA / f"{name}.ko.txt").read_text(encoding="utf-8").splitlines()
        en = (ALIGN_DATA / f"{name}.en.txt").read_text(encoding="utf-8").splitlines()
        gold = parse_links((ALIGN_DATA / f"{name}.gold.tsv").read_text(encoding="utf-8"))
        pairs.append((ko, en, gold, None))
    return pairs


def paragraphs_of(sentences: list[str], rnd: random.Random) -> list[str]:
    """Sentences grouped into paragraphs of 2 to 5."""
    out, at = [], 0
    while at < len(sentences):
        size = rnd.randint(2, 5)
        out.append(" ".join(sentences[at:at + size]))
        at += size
    return out


def draw_korean(pool: list[str], rnd: random.Random, chars: int = ARTICLE_CHARS) -> list[str]:
    """Random sentences of ``pool`` adding up to about ``chars`` characters."""
    chosen, total = [], 0
    while total < chars:
        sentence = pool[rnd.randrange(len(pool))]
        chosen.append(sentence)
        total += len(sentence) + 1
    return chosen


def with_glossed_term(sentences: list[str], term: str, rnd: random.Random) -> list[str]:
    """``sentences`` with one of them opening on a self-glossed term."""
    at = rnd.randrange(len(sentences))
    return sentences[:at] + [f"{term}은 이 분야의 새 흐름이다. {sentences[at]}"] + sentences[at + 1:]


def title_of(prefix: str, sentence: str) -> str:
    """A title from the start of an article's first sentence (no final period: `korpus add` takes a
    first line ending in one for text, not a title)."""
    return f"{prefix}: {sentence[:30].strip().rstrip('.?!')}"


def korean_article(number: int, pool: list[str], nouns: list[str], rnd: random.Random) -> tuple[str, list[str]]:
    """(title, paragraphs) of synthetic article ``number``; one in 8 glosses a made-up term."""
    extra = noun_sentences(nouns, rnd)
    sentences = draw_korean(pool, rnd, ARTICLE_CHARS - sum(len(s) for s in extra))
    at = rnd.randrange(len(sentences) + 1)
    sentences[at:at] = extra
    if number % 8 == 3:
        sentences = with_glossed_term(sentences, GLOSSED_TERMS[number // 8 % len(GLOSSED_TERMS)], rnd)
    title = title_of(f"합성 기사 {number}", sentences[0])
    return title, paragraphs_of(sentences, rnd)


def document(story: str, lang: str, title: str, paragraphs: list[str], versions: tuple[str, ...] = ()) -> Document:
    blocks = tuple(Block("paragraph", p) for p in paragraphs)
    return Document(id=f"{story}-{lang}", lang=lang, title=title, blocks=blocks, story=story,
                    versions=versions, origin=f"bench:{story}")


def write_document(root: Path, doc: Document) -> None:
    path = root / doc.story / f"{doc.lang}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_document(doc), encoding="utf-8")


def copy_shipped(dest: Path) -> None:
    """The shipped corpus's articles only (no derived file: the first build is cold)."""
    for path in SHIPPED.glob("*/*.md"):
        target = dest / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def generate_corpus(dest: Path, articles: int, seed: int = 12) -> dict:
    """Write a corpus of ``articles`` Korean articles (16: the shipped corpus) into ``dest``.

    Returns counts: Korean articles, English originals, Korean characters."""
    dest.mkdir(parents=True, exist_ok=True)
    if articles == 16:
        copy_shipped(dest)
    else:
        rnd = random.Random(seed)
        pool, nouns = korean_sentences(), glossary_nouns()
        pairs = aligned_pairs()
        for number in range(articles):
            story = f"a{number:05d}"
            if number % PAIRED_SHARE == PAIRED_SHARE - 1:
                ko, en, _, _ = recombine_pairs(pairs, 16, seed=seed * 100_000 + number)
                title = title_of(f"합성 대역 기사 {number}", ko[0])
                write_document(dest, document(story, "ko", title, paragraphs_of(ko, rnd), (f"{story}-en",)))
                write_document(dest, document(story, "en", title_of(f"Synthetic article {number}", en[0]),
                                              paragraphs_of(en, rnd), (f"{story}-ko",)))
            else:
                title, paragraphs = korean_article(number, pool, nouns, rnd)
                write_document(dest, document(story, "ko", title, paragraphs))
    corpus = Corpus(dest)
    korean = corpus.documents("ko")
    return {"korean": len(korean), "english": len(corpus.documents("en")),
            "chars": sum(len(p) for d in korean for p in d.paragraphs)}


def new_article_text(number: int, seed: int, term: str | None = None) -> str:
    """A plain-text article (title line, blank line, paragraphs) for `korpus add`, not yet in any corpus."""
    rnd = random.Random(seed * 7919 + number)
    extra = noun_sentences(glossary_nouns(), rnd)
    sentences = draw_korean(korean_sentences(), rnd, ARTICLE_CHARS - sum(len(s) for s in extra))
    at = rnd.randrange(len(sentences) + 1)
    sentences[at:at] = extra
    if term:
        sentences = with_glossed_term(sentences, term, rnd)
    title = title_of(f"새 기사 {seed}-{number}", sentences[0])
    return title + "\n\n" + "\n\n".join(paragraphs_of(sentences, rnd)) + "\n"


def long_pair(sentences: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """(ko, en) sentence lists of a long parallel text recombined from the seed pairs."""
    ko, en, _, _ = recombine_pairs(aligned_pairs(), sentences, seed=seed)
    return ko, en
