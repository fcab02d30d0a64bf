"""Bytes to text: which encoding korpus picks, what it refuses, and how much it reads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from korpus.errors import InputError
from korpus.textio import RESAVE_OR_FORCE, decode_bytes, normalize_lang, read_text_file, strip_terminal_controls

KOREAN = ("엔비디아는 18일 미국 새너제이에서 열린 개발자 행사에서 차세대 그래픽처리장치를 공개했다.\n"
          "회사는 이 칩이 기존 제품보다 전력 효율이 두 배 높다고 밝혔다.\n")
FRENCH = "Le président a annoncé à Paris une réforme très attendue ; naïve, dit-elle.\n"
GERMAN = "Die Größe der Straße ist für München wichtig, sagte der Bürgermeister am Montag.\n"


@pytest.mark.parametrize("text, codec", [
    (FRENCH, "latin-1"), (FRENCH, "cp1252"), (GERMAN, "latin-1"), ("Voilà, à la fin, c'est naïve.\n", "latin-1"),
    ("Les « guillemets » et l’apostrophe – en 2024 … coûtent 42 €.\n", "cp1252"),
])
def test_western_legacy_text_is_read_as_cp1252(text, codec):
    decoded = decode_bytes(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, "CP1252")


def test_korean_legacy_text_is_still_read_as_korean():
    decoded = decode_bytes(KOREAN.encode("cp949"))
    assert decoded.text == KOREAN and decoded.encoding == "EUC-KR"


def test_an_uncertain_guess_is_refused_with_the_candidates():
    with pytest.raises(InputError) as error:
        decode_bytes("caf\xe9 \xc7\xd1".encode("latin-1"), "a.txt", remedy=RESAVE_OR_FORCE)
    message = str(error.value)
    assert message.startswith("a.txt: cannot tell its encoding for sure: it reads as ")
    assert message.endswith(" or CP1255; give its encoding with --encoding NAME, or re-save the file as UTF-8")


def test_korean_and_western_readings_both_plausible_is_uncertain():
    with pytest.raises(InputError, match=r"it reads as EUC-KR or CP1252; re-save the file as UTF-8$"):
        decode_bytes("Seoul\xc7\xd1 Olympic stadium opened".encode("latin-1"), "b.txt")


def test_forced_encoding_is_used():
    decoded = decode_bytes("caf\xe9 \xc7\xd1".encode("latin-1"), "a.txt", "latin-1")
    assert decoded.text == "caf\xe9 \xc7\xd1" and decoded.encoding == "ISO8859-1"


@pytest.mark.parametrize("name", ["klingon", "rot13", "base64"])
def test_unknown_forced_encoding_is_one_clear_error(name):
    with pytest.raises(InputError, match=rf"--encoding '{name}' is not a text encoding Python knows"):
        decode_bytes(b"hello", "a.txt", name)


def test_bytes_the_forced_encoding_cannot_decode_are_named_with_their_offset():
    with pytest.raises(InputError, match=r"a.txt: is not valid UTF-8: byte 0xe9 at byte 3 does not decode"):
        decode_bytes(b"caf\xe9 au lait", "a.txt", "utf-8")


@pytest.mark.parametrize("text", [KOREAN, "Hello world, this is English text.\nAnd a second line of it.\n"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_when_it_is_plausible_text(text, codec):
    assert decode_bytes(text.encode(codec)).text == text


@pytest.mark.parametrize("at", [60, 61, 62, 63])
def test_utf8_korean_with_one_nul_is_refused_as_binary_not_read_as_utf16(at):
    data = KOREAN.encode("utf-8")
    data = data[:at] + b"\x00" + data[at:]
    data += b"\n" * (len(data) % 2)
    with pytest.raises(InputError, match=rf"a.txt: looks like a binary file: it holds a NUL byte at byte {at},"):
        decode_bytes(data, "a.txt")


def test_english_with_one_nul_is_refused_as_binary():
    data = b"Hello there, this is English text with a NUL\x00 in the middle of it."
    with pytest.raises(InputError, match=r"holds a NUL byte at byte 44"):
        decode_bytes(data + b"." * (len(data) % 2), "a.txt")


def test_invalid_utf8_is_named_with_its_offset():
    data = KOREAN.encode("utf-8")
    with pytest.raises(InputError, match=r"a.txt: invalid UTF-8 at byte 15; give its encoding with --encoding NAME, "
                                         r"or re-save the file as UTF-8$"):
        decode_bytes(data[:15] + b"\xff" + data[15:], "a.txt", remedy=RESAVE_OR_FORCE)


def test_utf8_with_a_few_latin1_bytes_is_invalid_utf8():
    data = "café crème\n".encode("utf-8") + "voilà déjà\n".encode("latin-1")
    with pytest.raises(InputError, match=r"invalid UTF-8 at byte 17 \(and 2 more invalid bytes\)"):
        decode_bytes(data, "a.txt")


def test_utf8_and_cp949_mixed_is_named():
    data = KOREAN.encode("utf-8") + KOREAN.encode("cp949")
    with pytest.raises(InputError, match=rf"a.txt: mixes UTF-8 and CP949/EUC-KR \(the first CP949 byte is at "
                                         rf"byte {len(KOREAN.encode())}\); re-save the whole file as UTF-8"):
        decode_bytes(data, "a.txt")


@pytest.mark.parametrize("code, expected", [("ko", "ko"), ("KO", "ko"), ("ko-KR", "ko"), ("en_US", "en"),
                                            (" fr ", "fr")])
def test_language_codes_are_normalised(code, expected):
    assert normalize_lang(code) == expected


@pytest.mark.parametrize("code", ["xx", "kor", "", "english"])
def test_unknown_language_codes_list_the_supported_ones(code):
    with pytest.raises(InputError, match=r"is not a language korpus supports; use one of de \(German\), en"):
        normalize_lang(code)


def test_terminal_escape_sequences_are_stripped_whole():
    assert strip_terminal_controls("\x1b[1;31mRed\x1b[0m title\x07\x1b]0;pwned\x07 \x9bok\x7f") == "Red title ok"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    """Run in a child process: reading a FIFO with no writer blocks forever."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code = ("import sys; from korpus.textio import read_text_file; from korpus.errors import InputError\n"
            "try: read_text_file(sys.argv[1])\nexcept InputError as e: print(e)")
    done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.stdout.strip() == f"{fifo}: is a named pipe (FIFO), not a regular file; save the article to a file first"


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_before_reading(device):
    """A child process with 1 GB of memory and a timeout: reading ``/dev/zero`` whole never ends."""
    code = ("import sys; from korpus.textio import read_text_file; from korpus.errors import InputError\n"
            "try: read_text_file(sys.argv[1])\nexcept InputError as e: print(e)")
    done = subprocess.run([sys.executable, "-c", code, device], capture_output=True, text=True, timeout=30,
                          preexec_fn=_limit_memory, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.stdout.strip() == f"{device}: is a character device, not a regular file; save the article to a file first"


def test_a_file_larger_than_its_size_says_is_read_only_up_to_the_limit():
    with pytest.raises(InputError, match=r"/proc/self/status: file is larger than it says, over the 0.0 MB limit"):
        read_text_file("/proc/self/status", max_bytes=100)


def test_a_korean_word_alone_in_english_text_is_read_as_cp949():
    """``가`` is ``°¡`` in CP1252: two symbols standing alone are no Western word."""
    decoded = decode_bytes("Seoul \xc7\xd1 Olympic stadium, \xb0\xa1 opened".encode("latin-1"))
    assert decoded.encoding == "EUC-KR" and decoded.text == "Seoul 한 Olympic stadium, 가 opened"


def test_cp1252_bytes_that_are_also_valid_utf8_are_uncertain():
    """``ß…`` in CP1252 is the bytes of the NKo letter U+07C5 in UTF-8."""
    with pytest.raises(InputError, match=r"it reads as UTF-8 or CP1252; re-save the file as UTF-8$"):
        decode_bytes("Die STRAß… ist lang und breit.".encode("cp1252"), "a.txt")


def test_cp949_with_hanja_is_read_as_korean():
    """A dictionary line holds as much Hanja as Hangul: ``가속기 加速器``."""
    decoded = decode_bytes("1\t가속기\t加速器\taccelerator\n".encode("cp949"))
    assert decoded.encoding == "EUC-KR" and decoded.text == "1\t가속기\t加速器\taccelerator\n"
