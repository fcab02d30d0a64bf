"""Bytes to text: encodings, binary and size checks, language detection, hashing.

Korean files are often CP949/EUC-KR rather than UTF-8; this module decodes them
and says which encoding it used.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, KorpusError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[a-zà-ÿ']+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedText:
    """Read ``path`` and decode it, refusing what is not an article's text."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the article files inside it")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{path}: file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit; "
            "split it, or raise the limit with --max-size"
        )
    return decode_bytes(path.read_bytes(), str(path))


def require_regular_file(path: Path, error: type[KorpusError], advice: str) -> None:
    """Refuse, before opening it, a ``path`` that is not a regular file: reading a FIFO would
    block for ever, and a folder or a device holds no list."""
    mode = Path(path).stat().st_mode
    if stat.S_ISDIR(mode):
        raise error(f"{path}: is a folder, not a file; {advice}")
    if not stat.S_ISREG(mode):
        raise error(f"{path}: is not a regular file (a FIFO, device or socket); {advice}")


def read_list_file(path: Path) -> str:
    """The text of a list the user keeps (``glossary.tsv``, ``--known`` words), decoded like
    an article (so CP949 from a spreadsheet works); an empty or blank file is no text,
    not an error.  A missing file raises ``FileNotFoundError``."""
    data = Path(path).read_bytes()
    return decode_bytes(data, str(path)).text if data.strip() else ""


def decode_bytes(data: bytes, name: str = "<input>") -> DecodedText:
    """Decode ``data``: BOMs, UTF-8, UTF-16, CP949/EUC-KR, then charset detection."""
    if not data:
        raise InputError(f"{name}: file is empty")
    decoded = _decode(data, name)
    text = unicodedata.normalize("NFC", decoded.text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name}: file holds only whitespace")
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 200):
        raise InputError(f"{name}: looks like a binary file ({controls} control characters), not text")
    return DecodedText(text, decoded.encoding)


def _decode(data: bytes, name: str) -> DecodedText:
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with BOM"),
        (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
        (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
        (b"\xff\xfe", "utf-16-le", "UTF-16 (little-endian)"),
        (b"\xfe\xff", "utf-16-be", "UTF-16 (big-endian)"),
    )
    for bom, codec, label in boms:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom):].decode(codec), label)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {label} mark but is not valid {label}: {exc.reason}") from None
    if b"\x00" in data:
        utf16 = _guess_utf16(data)
        if utf16 is not None:
            return utf16
        raise InputError(f"{name}: looks like a binary file (it holds NUL bytes), not text")
    try:
        return DecodedText(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    korean = _try_korean_legacy(data)
    if korean is not None:
        return korean
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: looks like a binary file: no text encoding fits it")
    return DecodedText(str(best), best.encoding.upper())


def _guess_utf16(data: bytes) -> DecodedText | None:
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text.replace("\x00", "")) or "\x00" in text:
        return None
    label = "UTF-16 (little-endian)" if codec == "utf-16-le" else "UTF-16 (big-endian)"
    return DecodedText(text, label)


def _try_korean_legacy(data: bytes) -> DecodedText | None:
    """CP949 (a superset of EUC-KR), accepted only when it yields mostly Hangul."""
    for codec, label in (("euc_kr", "EUC-KR"), ("cp949", "CP949")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        non_ascii = [c for c in text if ord(c) > 127]
        hangul = sum(1 for c in non_ascii if "\uac00" <= c <= "\ud7a3")
        if non_ascii and hangul / len(non_ascii) >= 0.6:
            return DecodedText(text, label)
        return None
    return None


_STOPWORDS = {
    "en": set("the of and to in is that for it with as was on are by this be from at or an have which has not but its were their".split()),
    "fr": set("le la les de des du et en un une est que qui dans pour par sur pas au aux avec ce il elle ses sont".split()),
    "id": set("yang dan di ke dari ini itu untuk dengan tidak dalam akan pada adalah juga oleh telah sebagai mereka".split()),
    "de": set("der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es".split()),
    "es": set("el la los las de del y en un una es que por para con se su al lo como más pero".split()),
}
LANG_NAMES = {"ko": "Korean", "en": "English", "fr": "French", "id": "Indonesian", "de": "German", "es": "Spanish"}


def hangul_ratio(text: str) -> float:
    """Share of Hangul syllables among the letters of ``text``."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return hangul / (hangul + latin) if hangul + latin else 0.0


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (ko, en, fr, id, de, es), or None when unsure.

    Korean news mixes in Latin words (AI, ChatGPT), so a text is Korean when
    Hangul makes up a fair share of its letters.
    """
    ratio = hangul_ratio(text)
    if ratio >= 0.3 or (ratio >= 0.15 and len(_HANGUL.findall(text)) >= 15):
        return "ko"
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return None
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best < max(2, len(words) // 40):
        return None
    return lang


def normalize_for_hash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def content_hash(text: str) -> str:
    """Hash of the normalised text: same words, same hash, whatever the spacing or case."""
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


def clean_line(line: str) -> str:
    """One line with its spacing normalised (no-break spaces, tabs, repeats)."""
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    return re.sub(r" {2,}", " ", line).strip()
