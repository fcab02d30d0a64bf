"""The banded dynamic programme: the best monotone path of beads, and the band it searches (around the
diagonal and the anchor path, or the path of a coarse-to-fine pass for long texts)."""

from __future__ import annotations

import math
import operator
from dataclasses import replace

from .features import Features
from .params import COARSE_CELLS, MATCH_BEADS, PATH_MARGIN, AlignParams
from .scoring import Scorer


def diagonal_band(n: int, m: int, pairs: list[tuple[int, int]], p: AlignParams) -> list[tuple[int, int]]:
    """Columns allowed for each row: a band around the diagonal joined with one around the anchor path."""
    width = p.band or max(15, max(n, m) // 2)
    lo_hi = []
    pts = [(0, 0)] + [(i, j) for i, j in pairs] + [(n, m)]
    k = 0
    for i in range(n + 1):
        diag = i * m / n
        while k + 1 < len(pts) - 1 and pts[k + 1][0] <= i:
            k += 1
        (i0, j0), (i1, j1) = pts[k], pts[min(k + 1, len(pts) - 1)]
        guide = j0 if i1 == i0 else j0 + (j1 - j0) * (i - i0) / (i1 - i0)
        lo = int(min(diag, guide)) - width
        hi = int(math.ceil(max(diag, guide))) + width
        lo_hi.append((max(0, lo), min(m, hi)))
    for i in range(1, n + 1):  # consecutive rows overlap, so that a path exists
        lo, hi = lo_hi[i]
        plo, phi = lo_hi[i - 1]
        lo_hi[i] = (min(lo, phi), max(hi, plo))
    lo_hi[n] = (lo_hi[n][0], m)
    return lo_hi


def path_band(f: Features, p: AlignParams, ratio: float, sigma: float) -> list[tuple[int, int]]:
    """A narrow band around the path of a coarse-to-fine pass, as Vecalign's: the texts are aligned at
    half resolution (each pair of consecutive sentences one block, recursively, down to a size aligned
    in full), and the path found there, projected to this level and widened by ``PATH_MARGIN``
    sentences each way, is where this level searches.  Each level costs O(n x margin): time and memory
    grow linearly with the texts."""
    n, m = len(f.ko_masks), len(f.en_masks)
    if n * m <= COARSE_CELLS or n < 2 or m < 2:
        return [(0, m)] * (n + 1)
    coarse = halved(f)
    beads = best_path(Scorer(coarse, p, ratio, sigma), path_band(coarse, p, ratio, sigma))
    return _band_around(beads, n, m, p.band or PATH_MARGIN)


def halved(f: Features) -> Features:
    """The features of blocks of two consecutive sentences: concepts joined, lengths and orphans added."""

    def pairs(values: list, combine) -> list:
        return [combine(values[k], values[k + 1]) if k + 1 < len(values) else values[k]
                for k in range(0, len(values), 2)]

    return replace(f, ko_masks=pairs(f.ko_masks, operator.or_), en_masks=pairs(f.en_masks, operator.or_),
                   ko_orphan=pairs(f.ko_orphan, operator.add), en_orphan=pairs(f.en_orphan, operator.add),
                   ko_len=pairs(f.ko_len, operator.add), en_len=pairs(f.en_len, operator.add),
                   ko_head=[0] * ((len(f.ko_head) + 1) // 2), en_head=[0] * ((len(f.en_head) + 1) // 2))


def _band_around(beads: list[tuple[int, int, int, int]], n: int, m: int, margin: int) -> list[tuple[int, int]]:
    """Columns allowed for each row: the cells of the half-resolution ``beads`` at full resolution,
    widened by ``margin`` rows and columns."""
    lo, hi = [m] * (n + 1), [0] * (n + 1)
    for ks, a, es, b in beads:
        c0, c1 = min(2 * es, m), min(2 * (es + b), m)
        for i in range(min(2 * ks, n), min(2 * (ks + a), n) + 1):
            lo[i] = min(lo[i], c0)
            hi[i] = max(hi[i], c1)
    band = []
    for i in range(n + 1):
        near = range(max(0, i - margin), min(n, i + margin) + 1)
        band.append((max(0, min(lo[k] for k in near) - margin), min(m, max(hi[k] for k in near) + margin)))
    band[0], band[n] = (0, band[0][1]), (band[n][0], m)
    return band


def best_path(sc: Scorer, band: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Best monotone path of beads through the band; affine costs for runs of unaligned sentences.

    Two states per cell: the last bead was a link (``M``) or a skip (``G``).  Every link
    bead takes at least one sentence of each side, so a row's links depend on earlier
    rows only: they are computed first, bead type by bead type, then the row's skips.
    Row i holds only the columns ``band[i]`` (index ``j - lo``): memory is O(n x band).
    Returns beads as (ko start, ko count, en start, en count).
    """
    p = sc.p
    n, m = sc.n, sc.m
    neg = -1e18
    widths = [hi - lo + 1 for lo, hi in band]
    M = [[neg] * w for w in widths]
    G = [[neg] * w for w in widths]
    BM: list[list] = [[None] * w for w in widths]
    BG: list[list] = [[None] * w for w in widths]
    M[0][0 - band[0][0]] = 0.0
    open_k, open_e, ext_k, ext_e = p.gap_open_ko, p.gap_open_en, p.gap_extend_ko, p.gap_extend_en
    types = [(a, b, sc.static.table(a, b, band), sc.kln[a], sc.eln[b], (a, b, 0), (a, b, 1))
             for a, b in MATCH_BEADS]
    lw, lws, half_iv = sc.lw, sc.lws, sc.half_iv  # ``Scorer.length_term``, inlined
    log = math.log
    for i in range(n + 1):
        lo, hi = band[i]
        Mi, Gi, BMi, BGi = M[i], G[i], BM[i], BG[i]
        for a, b, table, kln, eln, from_m, from_g in types:
            if a > i:
                continue
            ks = i - a
            plo, phi = band[ks]
            Mp, Gp, kl = M[ks], G[ks], kln[ks]
            first, row = table[ks]
            for j in range(max(lo, b, plo + b), min(hi, phi + b) + 1):
                es = j - b
                pm = Mp[es - plo]
                pg = Gp[es - plo]
                if pm >= pg:
                    if pm <= neg:
                        continue
                    prev, back = pm, from_m
                else:
                    if pg <= neg:
                        continue
                    prev, back = pg, from_g
                r = eln[es] - kl
                v = prev + (row[es - first] + (lw - lws * log(1.0 + half_iv * r * r)))
                if v > Mi[j - lo]:
                    Mi[j - lo] = v
                    BMi[j - lo] = back
        if i:
            plo, phi = band[i - 1]
            Mp, Gp = M[i - 1], G[i - 1]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            g, gb = neg, None
            if i and plo <= j <= phi:
                v = Mp[j - plo] - open_k
                if v > g:
                    g, gb = v, (1, 0, 0)
                v = Gp[j - plo] - ext_k
                if v > g:
                    g, gb = v, (1, 0, 1)
            if j > lo:
                v = Mi[j - 1 - lo] - open_e
                if v > g:
                    g, gb = v, (0, 1, 0)
                v = Gi[j - 1 - lo] - ext_e
                if v > g:
                    g, gb = v, (0, 1, 1)
            Gi[j - lo], BGi[j - lo] = g, gb
    beads = []
    i, j = n, m
    state = 0 if M[n][m - band[n][0]] >= G[n][m - band[n][0]] else 1
    while i or j:
        a, b, prev_state = (BM if state == 0 else BG)[i][j - band[i][0]]
        beads.append((i - a, a, j - b, b))
        i, j, state = i - a, j - b, prev_state
    beads.reverse()
    return beads
