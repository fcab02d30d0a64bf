"""Bytes to text: encodings, binary and size checks, language detection, hashing.

Korean files are often CP949/EUC-KR rather than UTF-8; this module decodes them
and says which encoding it used.
"""

from __future__ import annotations

import codecs
import hashlib
import os
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


RESAVE = "re-save the file as UTF-8"
RESAVE_OR_FORCE = "give its encoding with --encoding NAME, or re-save the file as UTF-8"  # for `korpus add`


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None,
                   remedy: str = RESAVE, lang: str | None = None) -> DecodedText:
    """Read ``path`` and decode it, refusing what is not an article's text; ``remedy`` is what
    a refusal tells the user to do (``korpus add`` offers ``--encoding``).

    Only regular files are opened (a FIFO would block, ``/dev/zero`` never ends), and at
    most ``max_bytes + 1`` bytes are read, because ``st_size`` lies for ``/proc`` files."""
    path = Path(path)
    info = _stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a folder; give the article files inside it")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: is {_file_kind(info.st_mode)}, not a regular file; save the article to a file first")
    if info.st_size > max_bytes:
        raise InputError(_too_big(path, f"{info.st_size / 1e6:.1f} MB", max_bytes))
    try:
        # non-blocking and checked again once open: the path may have been swapped for a FIFO
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise InputError(f"{path}: is {_file_kind(mode)}, not a regular file; save the article to a file first")
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(_too_big(path, "larger than it says", max_bytes))
    return decode_bytes(data, str(path), encoding, remedy, lang)


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _too_big(path: Path, size: str, max_bytes: int) -> str:
    return (f"{path}: file is {size}, over the {max_bytes / 1e6:.1f} MB limit; "
            "split it, or raise the limit with --max-size")


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


def decode_bytes(data: bytes, name: str = "<input>", encoding: str | None = None,
                 remedy: str = RESAVE, lang: str | None = None) -> DecodedText:
    """Decode ``data`` with ``encoding``, or guess: BOMs, UTF-8, UTF-16, CP949/EUC-KR, CP1252,
    then charset detection; a guess that is not sure is refused rather than garbled.  A text the
    user says is Korean (``lang``) that reads as CP949 or CP1252 is CP949: one rare syllable
    in Latin text reads as both."""
    if not data:
        raise InputError(f"{name}: file is empty")
    decoded = _decode_as(data, name, encoding) if encoding else _decode(data, name, remedy, lang)
    text = unicodedata.normalize("NFC", decoded.text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name}: file holds only whitespace")
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 200):
        raise InputError(f"{name}: looks like a binary file ({controls} control characters), not text")
    return DecodedText(text, decoded.encoding)


def check_encoding(encoding: str) -> str:
    """The canonical name of a text codec the user named (``--encoding``), or a clear error."""
    try:
        b"a".decode(encoding)  # raises LookupError for a bytes-to-bytes codec such as base64
    except UnicodeDecodeError:
        pass
    except LookupError:
        raise InputError(f"--encoding {encoding!r} is not a text encoding Python knows; "
                         "use a name such as utf-8, cp949, euc-kr, cp1252, latin-1 or utf-16") from None
    return codecs.lookup(encoding).name


def _decode_as(data: bytes, name: str, encoding: str) -> DecodedText:
    codec = check_encoding(encoding)
    try:
        return DecodedText(data.decode(codec), codec.upper())
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: is not valid {codec.upper()}: byte 0x{data[exc.start]:02x} at byte {exc.start} "
                         "does not decode; check the --encoding you gave") from None


def _decode(data: bytes, name: str, remedy: str, lang: str | None = None) -> DecodedText:
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
        raise InputError(f"{name}: looks like a binary file: it holds a NUL byte at byte {data.index(0)}, "
                         f"which text never does; if it is UTF-16 text without a byte-order mark, {remedy}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        western = _western_text(data) if _GLUED_SCRIPTS.search(text) else None
        if western:
            raise _uncertain(name, [DecodedText(text, "UTF-8"), western], remedy)
        return DecodedText(text, "UTF-8")
    korean = _try_korean_legacy(data)
    western = _try_western(data)
    if korean and western and lang == "ko":
        return korean
    if korean and western:
        raise _uncertain(name, [korean, western], remedy)
    if korean or western:
        return korean or western
    _refuse_broken_utf8(data, name, remedy)
    return _detect_charset(data, name, remedy)


def _guess_utf16(data: bytes) -> DecodedText | None:
    """UTF-16 without a BOM, accepted only when what it decodes to reads like text."""
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if not _plausible_text(text):
        return None
    label = "UTF-16 (little-endian)" if codec == "utf-16-le" else "UTF-16 (big-endian)"
    return DecodedText(text, label)


def _plausible_text(text: str) -> bool:
    """Mostly letters of one script (Latin words mixed in allowed), spaced into words or
    lines, and no NUL, control, private-use, unassigned or surrogate code point: what
    bytes of another encoding read as UTF-16 are not."""
    if any(unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs") and c not in "\t\n\r\f" for c in text):
        return False
    if sum(c.isspace() for c in text) < max(2, len(text) // 40):
        return False
    scripts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "?").split()[0]
            scripts[script] = scripts.get(script, 0) + 1
    letters = sum(scripts.values())
    if sum(c.isalnum() for c in text) < sum(not c.isspace() for c in text) * 0.5:
        return False
    main = max((s for s in scripts if s != "LATIN"), key=scripts.get, default="LATIN")
    with_latin = scripts[main] + (scripts.get("LATIN", 0) if main != "LATIN" else 0)
    return with_latin >= 0.9 * letters


def _try_korean_legacy(data: bytes) -> DecodedText | None:
    """CP949 (a superset of EUC-KR), accepted only when it yields mostly Hangul."""
    for codec, label in (("euc_kr", "EUC-KR"), ("cp949", "CP949")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return DecodedText(text, label) if _mostly_hangul(text) else None
    return None


def _mostly_hangul(text: str) -> bool:
    """Hangul, or Hangul with Hanja (a dictionary's ``가속기 加速器``), beyond the ASCII."""
    non_ascii = [c for c in text if ord(c) > 127]
    hangul = sum(1 for c in non_ascii if "\uac00" <= c <= "\ud7a3")
    hanja = sum(1 for c in non_ascii if "\u4e00" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    share = hangul / len(non_ascii) if non_ascii else 0.0
    return share >= 0.6 or (share >= 0.4 and (hangul + hanja) >= 0.9 * len(non_ascii))


# UTF-8 of a Latin-1 letter (``Ã©`` in CP1252): the file is UTF-8, damaged somewhere.
_UTF8_LATIN = re.compile(rb"[\xc2\xc3][\x80-\xbf]")
# A Greek...NKo letter glued to a Latin one: CP1252 ``ß…`` or ``Ã—`` read as UTF-8, not a word.
_GLUED_SCRIPTS = re.compile(r"[A-Za-z][\u0370-\u07ff]|[\u0370-\u07ff][A-Za-z]")


def _try_western(data: bytes) -> DecodedText | None:
    """CP1252 (what Latin-1 files really are), unless the bytes hold UTF-8 Latin letters."""
    return None if _UTF8_LATIN.search(data) else _western_text(data)


def _western_text(data: bytes) -> DecodedText | None:
    """The CP1252 reading of ``data`` when it looks like Western text: mostly ASCII letters,
    accented letters inside words or alone (never in runs, as Korean bytes read as CP1252 are)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    visible = [c for c in text if not c.isspace()]
    non_ascii = [c for c in visible if ord(c) > 127]
    ascii_letters = sum(1 for c in visible if c.isascii() and c.isalpha())
    if not non_ascii or len(non_ascii) > 0.2 * len(visible) or ascii_letters < 0.5 * len(visible):
        return None
    if _FOREIGN_RUN.search(text):
        return None
    return DecodedText(text, "CP1252")


# Four non-ASCII characters in a row, or two or more standing alone (no ASCII letter before or
# after): how a Hangul syllable's two bytes look in CP1252 (``°¡`` for 가), not Western words.
_FOREIGN_RUN = re.compile(r"[^\x00-\x7f\s]{4,}|(?<![A-Za-z])[^\x00-\x7f\s]{2,}(?![A-Za-z])")


def _refuse_broken_utf8(data: bytes, name: str, remedy: str) -> None:
    """UTF-8 damaged by a few invalid bytes, or pasted together with CP949 lines, is not a
    legacy encoding to guess: say where it breaks and what to do."""
    text = data.decode("utf-8", "surrogateescape")
    bad = [i for i, c in enumerate(text) if "\udc80" <= c <= "\udcff"]
    good = sum(1 for c in text if ord(c) > 127) - len(bad)
    if not good or good * 2 < len(bad):
        return
    at = len(text[:bad[0]].encode("utf-8", "surrogateescape"))
    if _holds_cp949_lines(data):
        raise InputError(f"{name}: mixes UTF-8 and CP949/EUC-KR (the first CP949 byte is at byte {at}); "
                         "re-save the whole file as UTF-8")
    more = f" (and {len(bad) - 1} more invalid bytes)" if len(bad) > 1 else ""
    raise InputError(f"{name}: invalid UTF-8 at byte {at}{more}; {remedy}")


def _holds_cp949_lines(data: bytes) -> bool:
    for line in data.split(b"\n"):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                if _mostly_hangul(line.decode("cp949")):
                    return True
            except UnicodeDecodeError:
                continue
    return False


def _detect_charset(data: bytes, name: str, remedy: str) -> DecodedText:
    """charset-normalizer's guess, refused when other encodings read the bytes as
    differently but as cleanly."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError(f"{name}: looks like a binary file: no text encoding fits it")
    best = matches[0]
    plausible: dict[str, DecodedText] = {}
    for match in matches:
        if match.chaos <= best.chaos + 0.05:
            plausible.setdefault(str(match), DecodedText(str(match), match.encoding.upper()))
    if len(plausible) > 1:
        raise _uncertain(name, list(plausible.values()), remedy)
    return DecodedText(str(best), best.encoding.upper())


def _uncertain(name: str, candidates: list[DecodedText], remedy: str) -> InputError:
    names = [c.encoding for c in candidates[:4]]
    listed = ", ".join(names[:-1]) + f" or {names[-1]}"
    return InputError(f"{name}: cannot tell its encoding for sure: it reads as {listed}; {remedy}")


_STOPWORDS = {
    "en": set("the of and to in is that for it with as was on are by this be from at or an have which has not but its were their".split()),
    "fr": set("le la les de des du et en un une est que qui dans pour par sur pas au aux avec ce il elle ses sont".split()),
    "id": set("yang dan di ke dari ini itu untuk dengan tidak dalam akan pada adalah juga oleh telah sebagai mereka".split()),
    "de": set("der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es".split()),
    "es": set("el la los las de del y en un una es que por para con se su al lo como más pero".split()),
}
LANG_NAMES = {"ko": "Korean", "en": "English", "fr": "French", "id": "Indonesian", "de": "German", "es": "Spanish"}


def normalize_lang(code: str) -> str:
    """The ISO 639-1 code korpus knows for ``code`` (``ko-KR``, ``KO``, ``en_US`` -> ``ko``, ``en``)."""
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    if base not in LANG_NAMES:
        known = ", ".join(f"{c} ({n})" for c, n in sorted(LANG_NAMES.items()))
        raise InputError(f"--lang {code!r} is not a language korpus supports; use one of {known}")
    return base


_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def has_terminal_control(text: str) -> bool:
    """True when ``text`` holds a C0 or C1 control character (ESC, BEL, ...) or DEL, which a
    terminal would obey rather than print; tab and newline are text."""
    return bool(_TERMINAL_CONTROL.search(text))


_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")


def strip_terminal_controls(text: str) -> str:
    """``text`` without terminal escape sequences (``ESC[31m``, ``ESC]0;title BEL``) and
    without any other control character."""
    return _TERMINAL_CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


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
