"""Evaluation helpers for the aligner, shared by its tests and ``bench/bench_align.py``.

``perturb_pair`` makes held-out variants of a hand-aligned pair that nobody aligned by
hand: sentences dropped from one side, a block cut from both, unrelated sentences from
another article inserted (each with no counterpart); the gold links follow along.
"""

from __future__ import annotations

import random
from typing import Sequence

from ..model import Link


def restrict_links(gold: Sequence[Link], keep_ko: list[int], keep_en: list[int]) -> list[Link]:
    """The gold links of the kept sentences, renumbered; a link that loses a whole side becomes omissions."""
    ko_at = {old: new for new, old in enumerate(keep_ko)}
    en_at = {old: new for new, old in enumerate(keep_en)}
    out = []
    for link in gold:
        ks = tuple(ko_at[i] for i in link.ko if i in ko_at)
        es = tuple(en_at[j] for j in link.en if j in en_at)
        if ks and es:
            out.append(Link(ks, es))
        else:
            out += [Link((k,), ()) for k in ks] + [Link((), (e,)) for e in es]
    return out


def perturb_pair(ko: Sequence[str], en: Sequence[str], gold: Sequence[Link], lemmas, other_ko: Sequence[str],
                 other_en: Sequence[str], other_lemmas, seed: int):
    """(ko, en, ko_lemmas, gold) of variant ``seed``; ``lemmas`` may be None (then so is ko_lemmas)."""
    rnd = random.Random(seed)
    kind = seed % 4
    keep_ko, keep_en = list(range(len(ko))), list(range(len(en)))
    if kind == 0:
        keep_ko = [i for i in keep_ko if rnd.random() > 0.15]
    elif kind == 1:
        keep_en = [j for j in keep_en if rnd.random() > 0.15]
    elif kind == 2:
        a, b = rnd.randrange(len(ko) - 4), rnd.randrange(len(en) - 4)
        keep_ko = keep_ko[:a] + keep_ko[a + rnd.randint(2, 4):]
        keep_en = keep_en[:b] + keep_en[b + rnd.randint(2, 4):]
    links = restrict_links(gold, keep_ko, keep_en)
    k_text, e_text = [ko[i] for i in keep_ko], [en[j] for j in keep_en]
    k_lemmas = [lemmas[i] for i in keep_ko] if lemmas is not None else None
    if kind >= 2:
        for _ in range(3):  # unrelated sentences, each with no counterpart
            if rnd.random() < 0.5:
                pos, pick = rnd.randrange(len(k_text) + 1), rnd.randrange(len(other_ko))
                k_text.insert(pos, other_ko[pick])
                if k_lemmas is not None:
                    k_lemmas.insert(pos, other_lemmas[pick])
                links = [Link(tuple(i + (i >= pos) for i in l.ko), l.en) for l in links] + [Link((pos,), ())]
            else:
                pos = rnd.randrange(len(e_text) + 1)
                e_text.insert(pos, rnd.choice(list(other_en)))
                links = [Link(l.ko, tuple(j + (j >= pos) for j in l.en)) for l in links] + [Link((), (pos,))]
    return k_text, e_text, k_lemmas, links


def recombine_pairs(pairs: Sequence[tuple], size: int, seed: int, block: tuple[int, int] = (3, 9)):
    """(ko, en, ko_lemmas, gold) of a long parallel text of about ``size`` Korean sentences.

    Built from runs of ``block`` consecutive gold links cut from the hand-aligned ``pairs``
    (each ``(ko, en, gold, lemmas)``, lemmas may be None) at random places and chained in a
    random order, so that the text is long, not periodic, and its gold is known: the
    aligner's behaviour at scale can be measured.  ``ko_lemmas`` is None unless every pair has
    lemmas.
    """
    rnd = random.Random(seed)
    ko: list[str] = []
    en: list[str] = []
    lemmas: list | None = [] if all(p[3] is not None for p in pairs) else None
    gold: list[Link] = []
    while len(ko) < size:
        p_ko, p_en, p_gold, p_lemmas = pairs[rnd.randrange(len(pairs))]
        start = rnd.randrange(len(p_gold))
        for link in p_gold[start:start + rnd.randint(*block)]:
            gold.append(Link(tuple(range(len(ko), len(ko) + len(link.ko))),
                             tuple(range(len(en), len(en) + len(link.en)))))
            ko += [p_ko[i] for i in link.ko]
            en += [p_en[j] for j in link.en]
            if lemmas is not None:
                lemmas += [p_lemmas[i] for i in link.ko]
    return ko, en, lemmas, gold


def insert_english_run(en: Sequence[str], gold: Sequence[Link], run: Sequence[str]):
    """(en, gold) with the English sentences ``run`` inserted, with no Korean counterpart, at the gold
    link nearest the middle of the text: a long omission such as an untranslated section."""
    at = len(gold) // 2
    pos = next((j for link in gold[at:] for j in link.en), len(en))
    shift = len(run)
    tail = [Link(link.ko, tuple(j + shift for j in link.en)) for link in gold[at:]]
    return (list(en[:pos]) + list(run) + list(en[pos:]),
            list(gold[:at]) + [Link((), (pos + k,)) for k in range(shift)] + tail)
