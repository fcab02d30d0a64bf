"""Concept weights as bit planes: a set of concepts is a bit mask, and the weight of a mask is read from
planes of quantised weights (plane q holds the concepts whose weight has bit q), so that scoring a bead
is a few ``&`` and ``bit_count`` instead of a loop over concepts."""

from __future__ import annotations

from .params import PLANES, QUANT


def bit_planes(weights: list[float], count: int) -> list[int]:
    """Bit planes of quantised weights: plane q holds the concepts whose weight has bit q set."""
    planes = [0] * count
    top = (1 << count) - 1
    for k, w in enumerate(weights):
        q = max(0, min(top, int(round(w * QUANT))))
        for b in range(count):
            if q >> b & 1:
                planes[b] |= 1 << k
    return planes


def planes_weight(mask: int, planes: list[int]) -> float:
    if not mask:
        return 0.0
    return sum((mask & planes[p]).bit_count() << p for p in range(PLANES)) / QUANT


def mask_weigher(planes: list[int], count: int):
    """Weight of a concept mask from bit planes (plane q: the concepts whose quantised weight has bit q),
    memoised: the same few intersections recur all over a document pair.  A mask of a few concepts adds
    their weights; a fuller one (blocks of a long text) counts the concepts of each plane."""
    weights: list[float] = []
    top = max((pl.bit_length() for pl in planes), default=0)
    for k in range(top):
        weights.append(sum(1 << q for q in range(count) if planes[q] >> k & 1) / QUANT)
    shifted = [(plane, q) for q, plane in enumerate(planes[:count]) if plane]
    memo: dict[int, float] = {0: 0.0}

    def weigh(mask: int) -> float:
        w = memo.get(mask)
        if w is None:
            if len(memo) > 20_000:  # long texts: bounded memory
                memo.clear()
            if mask.bit_count() > count:
                w = sum((mask & plane).bit_count() << q for plane, q in shifted) / QUANT
            else:
                w = 0
                x = mask
                while x:
                    low = x & -x
                    k = low.bit_length() - 1
                    if k < top:
                        w += weights[k]
                    x ^= low
            memo[mask] = w = float(w)
        return w

    return weigh
