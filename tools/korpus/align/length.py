"""The length model: the ratio of English to Korean characters and the spread of its logarithm,
estimated from confident pairs of the two texts (and again from a first alignment)."""

from __future__ import annotations

import math
from bisect import bisect_left

from .features import Features
from .params import AlignParams
from .weights import planes_weight


def estimate_length_model(f: Features, p: AlignParams, band: list[tuple[int, int]] | None = None
                           ) -> tuple[float, float, list[tuple[int, int]]]:
    """Character ratio en/ko and log-ratio spread, from confident anchor pairs (mutual best matches),
    among the pairs of sentences inside ``band`` if one is given (else all pairs)."""
    n, m = len(f.ko_masks), len(f.en_masks)
    best_j = [-1] * n
    best_jw = [0.0] * n
    best_i = [-1] * m
    best_iw = [0.0] * m
    for i, km in enumerate(f.ko_masks):
        if not km:
            continue
        first, last = (0, m) if band is None else (max(0, band[i + 1][0] - 1), band[i + 1][1])
        for j in range(first, last):
            inter = km & f.en_masks[j]
            if not inter:
                continue
            w = planes_weight(inter, f.m_planes)
            if w > best_jw[i]:
                best_jw[i], best_j[i] = w, j
            if w > best_iw[j]:
                best_iw[j], best_i[j] = w, i
    pairs = [(i, best_j[i]) for i in range(n)
             if best_j[i] >= 0 and best_i[best_j[i]] == i and best_jw[i] >= 2.0]
    pairs = _longest_monotone(pairs)
    ratio, sigma = length_model_from(f, p, pairs)
    return ratio, sigma, pairs


def length_model_from(f: Features, p: AlignParams, beads: list) -> tuple[float, float]:
    """Ratio (median of the beads' ratios) and spread (robust) of the linked beads' lengths."""
    sized = []
    for bead in beads:
        ks, es = (bead if isinstance(bead[0], tuple) else ((bead[0],), (bead[1],)))
        sized.append((sum(f.ko_len[i] for i in ks), sum(f.en_len[j] for j in es)))
    if len(sized) >= 3:
        ratio = _median(sorted((le + p.length_smooth) / (lk + p.length_smooth / 2) for lk, le in sized))
    else:
        ratio = (sum(f.en_len) or 1) / (sum(f.ko_len) or 1)
    ratio = min(6.0, max(0.5, ratio))
    sigma = p.sigma_default
    if len(sized) >= 6:
        logs = sorted(math.log((le + p.length_smooth) / (ratio * lk + p.length_smooth)) for lk, le in sized)
        med = _median(logs)
        mad = _median(sorted(abs(x - med) for x in logs))
        sigma = min(0.7, max(p.sigma_min, 1.4826 * mad))
    return ratio, sigma


def _median(values: list[float]) -> float:
    k = len(values)
    return values[k // 2] if k % 2 else (values[k // 2 - 1] + values[k // 2]) / 2


def _longest_monotone(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of pairs increasing on both sides (pairs come sorted by the first index)."""
    if not pairs:
        return []
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1]
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]
