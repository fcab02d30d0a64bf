"""Links as text (``ko_ids<TAB>en_ids``), their checks, and strict precision/recall against a gold
alignment."""

from __future__ import annotations

from typing import Iterable, Sequence

from ..model import Link


def format_links(links: Iterable[Link]) -> str:
    """One line per link, ``ko_ids<TAB>en_ids``: ``3,4\\t3`` (2-1), ``5\\t`` (Korean only), ``\\t7``."""
    lines = []
    for link in links:
        lines.append(",".join(map(str, link.ko)) + "\t" + ",".join(map(str, link.en)))
    return "\n".join(lines) + ("\n" if lines else "")


def parse_links(text: str) -> list[Link]:
    """Inverse of ``format_links`` (scores are 0); blank lines and ``#`` comment lines are skipped."""
    links = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        left, _, right = line.partition("\t")
        try:
            ko = tuple(int(x) for x in left.split(",") if x.strip())
            en = tuple(int(x) for x in right.split(",") if x.strip())
        except ValueError as exc:
            raise ValueError(f"line {lineno}: bad link {raw!r}") from exc
        if not ko and not en:
            raise ValueError(f"line {lineno}: empty link")
        links.append(Link(ko, en, 0.0))
    return links


def check_links(links: Sequence[Link], n_ko: int, n_en: int) -> None:
    """Raise ``ValueError`` unless the links are monotone and cover each sentence exactly once, in order."""
    next_ko = next_en = 0
    for k, link in enumerate(links):
        if not link.ko and not link.en:
            raise ValueError(f"link {k} is empty")
        for side, ids, nxt in (("ko", link.ko, next_ko), ("en", link.en, next_en)):
            expected = tuple(range(nxt, nxt + len(ids)))
            if ids != expected:
                raise ValueError(f"link {k}: {side} ids {ids} should be {expected}")
        next_ko += len(link.ko)
        next_en += len(link.en)
    if next_ko != n_ko or next_en != n_en:
        raise ValueError(f"links cover {next_ko}/{n_ko} Korean and {next_en}/{n_en} English sentences")


def evaluate(predicted: Iterable[Link], gold: Iterable[Link]) -> dict:
    """Strict precision, recall and F1: a link counts only if the identical (ko, en) pair is gold."""
    pred = {(tuple(l.ko), tuple(l.en)) for l in predicted}
    ref = {(tuple(l.ko), tuple(l.en)) for l in gold}
    tp = len(pred & ref)
    precision = tp / len(pred) if pred else (1.0 if not ref else 0.0)
    recall = tp / len(ref) if ref else (1.0 if not pred else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "correct": tp, "predicted": len(pred),
            "gold": len(ref)}
