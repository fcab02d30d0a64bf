"""Numbers of Korean and English sentences, normalised so that the two sides compare.

``2024년``, ``128개의``, ``4조6,159억원``, ``3,000만``, ``두 번째`` in Korean; ``$4.6 trillion``, ``17.3%``,
``two`` in English.  A rounded number keeps its precision (``sig``) so that 4.6159e12 matches 4.6e12.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Number:
    """A number mentioned in a sentence; ``sig`` is its precision when it was rounded (4.6 trillion)."""

    value: float
    sig: int | None = None

    @property
    def key(self) -> str:
        return format(self.value, ".12g")


_KO_SCALE = {"조": 10 ** 12, "억": 10 ** 8, "만": 10 ** 4, "천": 10 ** 3}
_KO_NUM = re.compile(r"(?<![A-Za-z0-9.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s?(조|억|만|천)?")
_EN_SCALE = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12, "k": 10 ** 3,
             "m": 10 ** 6, "mn": 10 ** 6, "b": 10 ** 9, "bn": 10 ** 9}
_EN_NUM = re.compile(r"(?<![A-Za-z0-9.\-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(thousand|million|billion|trillion)|"
                     r"(bn|mn|[kKmMbB]))?(?![A-Za-z0-9])", re.IGNORECASE)
_EN_NUMBER_WORDS = {w: v for v, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split()) if v >= 1}
_EN_NUMBER_WORDS.update({"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "twenty": 20,
                         "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12})
_EN_NUMBER_WORD = re.compile(r"\b(" + "|".join(_EN_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_KO_NATIVE = {"두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
              "첫": 1, "첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4}
_KO_NATIVE_WORD = re.compile(r"(?<![가-힣])(" + "|".join(sorted(_KO_NATIVE, key=len, reverse=True)) +
                             r")(?![가-힣])|(?<![가-힣])(첫|두|세|네)(?=\s?번째)")


def _sig_digits(text: str) -> int:
    digits = text.replace(",", "").replace(".", "").lstrip("0")
    return max(1, len(digits))


def korean_numbers(text: str) -> list[Number]:
    """Numbers of a Korean sentence with counters and units normalised.

    ``2024년`` -> 2024, ``128개의`` -> 128, ``42000달러`` -> 42000, ``3,000만`` -> 30000000,
    ``4조6,159억원`` -> 4615900000000, ``17.3%`` -> 17.3, ``두 개`` -> 2, ``첫째`` -> 1.
    """
    out: list[Number] = []
    pending: tuple[float, int, int, str] | None = None  # value, end, scale, digits
    for m in _KO_NUM.finditer(text):
        whole, frac, unit = m.group(1), m.group(2) or "", m.group(3)
        value = float(whole.replace(",", "") + frac)
        scale = _KO_SCALE.get(unit, 1) if unit else 1
        digits = whole + frac
        if pending is not None and pending[1] == m.start() and pending[2] > scale:
            value = pending[0] + value * scale
            digits = pending[3] + digits
        elif pending is not None:
            out.append(_ko_number(pending))
            value = value * scale
        else:
            value = value * scale
        pending = (value, m.end(), scale if unit else 1, digits)
        if not unit:
            out.append(_ko_number(pending))
            pending = None
    if pending is not None:
        out.append(_ko_number(pending))
    for m in _KO_NATIVE_WORD.finditer(text):
        out.append(Number(float(_KO_NATIVE[m.group(1) or m.group(2)])))
    return out


def _ko_number(pending: tuple[float, int, int, str]) -> Number:
    value, _, scale, digits = pending
    return Number(value, _sig_digits(digits) if scale > 1 else None)


def english_numbers(text: str) -> list[Number]:
    """Numbers of an English sentence: ``$4.6 trillion`` -> 4.6e12 (2 significant digits), ``two`` -> 2."""
    out: list[Number] = []
    for m in _EN_NUM.finditer(text):
        whole, frac = m.group(1), m.group(2) or ""
        unit = (m.group(3) or m.group(4) or "").lower()
        value = float(whole.replace(",", "") + frac)
        if unit:
            out.append(Number(value * _EN_SCALE[unit], _sig_digits(whole + frac)))
        else:
            out.append(Number(value))
    for m in _EN_NUMBER_WORD.finditer(text):
        out.append(Number(float(_EN_NUMBER_WORDS[m.group(1).lower()])))
    return out


def round_sig(x: float, sig: int) -> float:
    if x == 0:
        return 0.0
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def numbers_match(a: Number, b: Number) -> bool:
    """Same value, or the same once rounded to the precision of the rounder one (4.6159e12 ~ 4.6e12)."""
    if a.value == b.value:
        return True
    sigs = [s for s in (a.sig, b.sig) if s is not None]
    if not sigs:
        return False
    sig = min(sigs)
    return round_sig(a.value, sig) == round_sig(b.value, sig)
