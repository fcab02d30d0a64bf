"""The aligner's scoring constants, each with its unit, in one frozen ``AlignParams``; and the fixed sizes
of the DP (band widths, bead types, weight quantisation)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AlignParams:
    """Scoring constants of the aligner.

    Unless said otherwise a constant is in score units: a path's score is the sum of its beads', the DP
    keeps the best path, and a link's confidence is the logistic of its margin in these units (a margin
    of 1 is odds of e to 1).  ``align_sentences(..., params=AlignParams(...))`` overrides them.
    """

    gap_open_ko: float = 1.6  # first Korean sentence of a run left without counterpart (1-0)
    gap_open_en: float = 1.0  # first English sentence of such a run (0-1)
    gap_extend_ko: float = 0.4  # each further Korean sentence of the run: omissions come in runs
    gap_extend_en: float = 0.2  # each further English sentence of the run
    prior_12: float = -0.8  # extra cost of 1-2 / 2-1 over 1-1
    prior_22: float = -2.5  # 2-2
    prior_13: float = -2.5  # 1-3 / 3-1
    length_weight: float = 1.0  # score of a bead whose length ratio is exactly the model's
    length_shape: float = 2.0  # length score: weight * (1 - shape * ln(1 + r^2 / 2 sigma^2)), a heavy-tailed bell
    length_smooth: float = 12.0  # characters added to both sides before taking the log ratio
    sigma_default: float = 0.35  # spread of the log length ratio when it cannot be estimated
    sigma_min: float = 0.3  # the estimated spread is never taken below this (log ratio units)
    match_weight: float = 1.0  # per unit of IDF weight of a concept both sides of the bead share
    miss_ko: float = 1.0  # per shared concept present only on the Korean side of the bead (x IDF, capped at 1)
    miss_en: float = 0.5  # ... only on the English side (the Korean condenses)
    orphan_ko: float = 1.0  # per Korean number unknown to the English document (a Latin word counts double)
    orphan_en: float = 0.5  # per English number or name unknown to the Korean document
    merge_discount: float = 0.3  # per concept matched inside a 1-2/2-1 (x ln 2) or 1-3/3-1 (x ln 3) bead
    heading_mismatch: float = 1.5  # a heading linked to a body sentence, or merged with another sentence
    band: int = 0  # half width of the DP band in sentences; 0: automatic


DEFAULT_PARAMS = AlignParams()

FULL_BAND_CELLS = 250_000  # up to this many cells (n x m) the band is half the matrix, as it always was
COARSE_CELLS = 20_000  # the coarsest level of the coarse-to-fine pass (larger texts) is aligned in full
PATH_MARGIN = 6  # sentences searched either side of the path found at the coarser level
MATCH_BEADS = ((1, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))  # Korean x English sentences of a link bead
QUANT = 4.0  # concept weights are quantised in steps of 1/QUANT score units
PLANES = 5  # bit planes of a quantised match or miss weight: weights up to (2^5 - 1) / 4 = 7.75
EARN_PLANES = 7  # ... of what a shared concept earns (match weight plus both misses): up to 31.75
