"""The score of a bead (Korean sentences ks..ks+a-1 linked with English es..es+b-1): one function,
``StaticScores.row``, gives what does not depend on the length model; ``Scorer`` adds the length term.
The DP reads its tables; link confidences read the same rows."""

from __future__ import annotations

import math
import operator

from ..model import Link
from .features import Features
from .params import EARN_PLANES, PLANES, AlignParams
from .weights import bit_planes, mask_weigher


def _side_groups(masks: list, lengths: list, orphans: list, heads: list, size: int, miss: float, weigh,
                 orphan: float) -> list[tuple[int, float, int, int]]:
    """One side's groups of ``size`` consecutive sentences: (concept mask, what its unmatched
    concepts and orphan words cost, length, head)."""
    m, n = _group(masks, size, operator.or_), _group(lengths, size, operator.add)
    o, h = _group(orphans, size, operator.add), _group(heads, size, operator.add)
    return [(m[k], miss * weigh(m[k]) + orphan * o[k], n[k], h[k]) for k in range(len(m))]


def _group(values: list, size: int, combine) -> list:
    """``combine`` over each run of ``size`` consecutive values (the groups of a bead type)."""
    out = []
    for k in range(len(values) - size + 1):
        acc = values[k]
        for x in values[k + 1:k + size]:
            acc = combine(acc, x)
        out.append(acc)
    return out


class StaticScores:
    """What a bead scores apart from the length term, which alone depends on the length model.

    Per bead type, the Korean and English groups (masks of concepts, miss and orphan penalties, lengths,
    headings) and, per DP band, a table of the priors, penalties, concept weights and heading costs of
    every bead in the band; the two passes of ``align_sentences`` share it.
    """

    def __init__(self, f: Features, p: AlignParams) -> None:
        self.f, self.p = f, p
        self.n, self.m = len(f.ko_masks), len(f.en_masks)
        wuk = mask_weigher(f.uk_planes, PLANES)
        wue = mask_weigher(f.ue_planes, PLANES)
        # what a shared concept earns: its match weight, plus the miss penalties charged up front
        earn = f.earn_weights(p.match_weight, p.miss_ko, p.miss_en)
        self.win = mask_weigher(bit_planes(earn, EARN_PLANES), EARN_PLANES)
        self.ko_groups: dict[int, list[tuple[int, float, int, int]]] = {}
        self.en_groups: dict[int, list[tuple[int, float, int, int]]] = {}
        for size in (1, 2, 3):
            self.ko_groups[size] = _side_groups(f.ko_masks, f.ko_len, f.ko_orphan, f.ko_head, size,
                                                p.miss_ko, wuk, p.orphan_ko)
            self.en_groups[size] = _side_groups(f.en_masks, f.en_len, f.en_orphan, f.en_head, size,
                                                p.miss_en, wue, p.orphan_en)
        self.merge_discount = {k: p.merge_discount * math.log(k) for k in (1, 2, 3)}
        self.prior = {(1, 1): 0.0, (2, 1): p.prior_12, (1, 2): p.prior_12, (2, 2): p.prior_22,
                      (3, 1): p.prior_13, (1, 3): p.prior_13}
        self.tables: dict[tuple, list[tuple[int, list[float]]]] = {}

    def bead(self, ks: int, a: int, es: int, b: int) -> float:
        """Everything but the length term of linking Korean ks..ks+a-1 with English es..es+b-1."""
        return self.row(ks, a, b, es, es + 1)[0]

    def table(self, a: int, b: int, band: list[tuple[int, int]]) -> list[tuple[int, list[float]]]:
        """``row`` for every bead of type a-b that ends inside the band, by Korean start: (the first
        English start of the row, the row's scores).  Only the band is stored: O(n x band) memory."""
        key = (a, b, tuple(band))
        rows = self.tables.get(key)
        if rows is None:
            rows = []
            for ks in range(len(self.ko_groups[a])):
                lo, hi = band[ks + a]
                first = max(lo - b, 0)
                rows.append((first, self.row(ks, a, b, first, hi - b + 1)))
            self.tables[key] = rows
        return rows

    def row(self, ks: int, a: int, b: int, first: int, last: int) -> list[float]:
        """The one bead score (but its length term): Korean ks..ks+a-1 linked with English es..es+b-1, for
        es in first..last-1.  The prior of the bead type, the miss and orphan penalties of both sides, the
        weight of the concepts they share (each worth less inside a merged bead: more sentences, more
        chances of a chance match), and the cost of a heading linked to a body sentence."""
        p = self.p
        kmask, kpen, _, kh = self.ko_groups[a][ks]
        merged = a > 1 or b > 1
        discount = self.merge_discount[max(a, b)]
        win = self.win
        en_groups = self.en_groups[b]
        heading, one_one = p.heading_mismatch, a == 1 and b == 1
        base = self.prior[(a, b)] - kpen
        row = []
        for es in range(first, last):
            emask, epen, _, eh = en_groups[es]
            s = base - epen
            inter = kmask & emask
            if inter:
                s += win(inter)
                if merged:
                    s -= discount * inter.bit_count()
            if kh or eh:
                if one_one:
                    if kh != eh:
                        s -= heading
                else:
                    s -= heading * (kh + eh)
            row.append(s)
        return row


class Scorer:
    """Scores of the candidate beads: the static part plus the length term of one length model."""

    def __init__(self, f: Features, p: AlignParams, ratio: float, sigma: float,
                 static: StaticScores | None = None) -> None:
        self.f, self.p = f, p
        self.static = static or StaticScores(f, p)
        self.n, self.m = self.static.n, self.static.m
        inv_var = 1.0 / (sigma * sigma)
        self.lw, self.lws, self.half_iv = p.length_weight, p.length_weight * p.length_shape, 0.5 * inv_var
        kappa = p.length_smooth
        self.kln = {size: [math.log(ratio * g[2] + kappa) for g in groups]
                    for size, groups in self.static.ko_groups.items()}
        self.eln = {size: [math.log(g[2] + kappa) for g in groups]
                    for size, groups in self.static.en_groups.items()}

    def score(self, ks: int, a: int, es: int, b: int) -> float:
        """Score of linking Korean ks..ks+a-1 with English es..es+b-1 (a, b >= 1)."""
        return self.static.bead(ks, a, es, b) + self.length_term(self.eln[b][es] - self.kln[a][ks])

    def length_term(self, r: float) -> float:
        """The length score of a bead whose log length ratio is off the model's by ``r``: a heavy-tailed
        bell, ``weight * (1 - shape * ln(1 + r^2 / 2 sigma^2))`` (``best_path`` inlines it)."""
        return self.lw - self.lws * math.log(1.0 + self.half_iv * r * r)

    def links(self, beads: list[tuple[int, int, int, int]]) -> list[Link]:
        p = self.p
        out = []
        for ks, a, es, b in beads:
            if a and b:
                margin = self.score(ks, a, es, b) + a * p.gap_extend_ko + b * p.gap_extend_en
            elif a:
                alt = max((self.score(ks, 1, j, 1) + p.gap_extend_en
                           for j in range(max(0, es - 3), min(self.m, es + 4))), default=-30.0)
                margin = -p.gap_extend_ko - alt
            else:
                alt = max((self.score(i, 1, es, 1) + p.gap_extend_ko
                           for i in range(max(0, ks - 3), min(self.n, ks + 4))), default=-30.0)
                margin = -p.gap_extend_en - alt
            conf = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, margin))))
            out.append(Link(tuple(range(ks, ks + a)), tuple(range(es, es + b)), round(conf, 4)))
        return out
