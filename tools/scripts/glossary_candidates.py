"""Maintainers' tool: list the lemmas the built-in glossary should cover.

Not part of the runtime.  Needs ``pip install wordfreq`` (development only).
Prints ``lemma<TAB>tag<TAB>source<TAB>rank`` for (1) every content lemma of the
shipped corpus, then (2) the most frequent content lemmas of general Korean
(wordfreq's Korean list re-analysed with Kiwi), until ``--general`` lemmas.

``--kiwi MAX_RANK`` instead lists, in rank order, the content lemmas of Kiwi's own lexicon that no
glossary has: Kiwi numbers its morphemes in the frequency order of its training corpus, so
``kiwi.morpheme(id)`` for growing ids is a frequency list already read the way korpus reads text
(verb and adjective stems get 다, a root read with 하다 becomes that adjective).  The
``kiwi-ranked-*`` glossary files were written from this list (ranks up to 40,000).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

from korpus.annotate import annotate_korean
from korpus.corpus import Corpus
from korpus.kiwi import get_kiwi, harvest_user_words
from korpus.tags import base_tag

KEEP = {"NNG", "VV", "VA", "MAG", "MAJ", "XR", "MM", "NP", "IC"}


KIWI_TAGS = {"NNG", "VV", "VA", "MAG", "MAJ", "XR"}


def kiwi_ranked(max_rank: int) -> None:
    """Lemmas of Kiwi's lexicon up to ``max_rank`` that the glossaries lack (see the module's doc)."""
    from korpus.glossary import Glossary

    glossary, kiwi, seen = Glossary({}, {}), get_kiwi().kiwi, set()
    for rank in range(1, max_rank + 1):
        try:
            morpheme = kiwi.morpheme(rank)
        except Exception:  # past the last id
            break
        if morpheme.tag not in KIWI_TAGS or not morpheme.form:
            continue
        lemma = morpheme.form + ("다" if morpheme.tag in ("VV", "VA") else "하다" if morpheme.tag == "XR" else "")
        tag = "VA" if morpheme.tag == "XR" else morpheme.tag
        if (lemma, tag) in seen or glossary.known(lemma, tag) or (morpheme.tag == "XR" and glossary.known(morpheme.form, "XR")):
            continue
        seen.add((lemma, tag))
        composed = glossary.lookup(lemma, tag)
        print(f"{lemma}\t{tag}\tkiwi\t{rank}\t{composed.text if composed else ''}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--general", type=int, default=5000)
    parser.add_argument("--scan", type=int, default=40000)
    parser.add_argument("--kiwi", type=int, metavar="MAX_RANK", help="list Kiwi's lexicon instead (see above)")
    args = parser.parse_args()
    if args.kiwi:
        kiwi_ranked(args.kiwi)
        return
    corpus = Corpus(args.corpus)
    docs = corpus.documents("ko")
    analyser = get_kiwi(harvest_user_words(p for d in docs for p in d.paragraphs))
    kiwi = analyser.kiwi
    seen: set[tuple[str, str]] = set()
    counts: Counter = Counter()
    for annotated in annotate_korean(docs, analyser):
        for sentence in annotated.sentences:
            for word in sentence.words:
                for lex in word.lexemes:
                    counts[(lex.lemma, lex.tag)] += 1
    for (lemma, tag), n in counts.most_common():
        if tag in KEEP or tag == "NNP":
            print(f"{lemma}\t{tag}\tcorpus\t{n}")
            seen.add((lemma, tag))
    from wordfreq import top_n_list

    general = 0
    words = [w for w in top_n_list("ko", args.scan) if re.fullmatch(r"[가-힣]{2,}", w)]
    for rank, word in enumerate(words, 1):
        if general >= args.general:
            break
        tokens = kiwi.tokenize(word)
        if len(tokens) == 1 and base_tag(tokens[0].tag) in KEEP - {"VV", "VA"}:
            key = (tokens[0].form, base_tag(tokens[0].tag))
        else:
            tokens = kiwi.tokenize(word + "다")
            if len(tokens) == 2 and base_tag(tokens[0].tag) in ("VV", "VA") and tokens[1].tag == "EF":
                key = (tokens[0].lemma, base_tag(tokens[0].tag))
            else:
                continue
        if key in seen or len(key[0]) < 1:
            continue
        seen.add(key)
        general += 1
        print(f"{key[0]}\t{key[1]}\tgeneral\t{rank}")


if __name__ == "__main__":
    main()
