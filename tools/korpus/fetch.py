"""``korpus add URL``: fetch one web page as bytes and decode it as a browser would.

The standard library's ``urllib.request`` is enough: one GET, redirects followed, no
cookies or scripts.  Every way the network can fail becomes one ``InputError`` line that
names the address and what to do, never a traceback.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from . import __version__
from .errors import InputError
from .textio import DecodedText, decode_bytes

DEFAULT_TIMEOUT = 30.0
_USER_AGENT = f"korpus/{__version__} (+https://github.com/korpus; reading one article for a learner)"
_TEXT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
               "text/markdown": "markdown", "text/x-markdown": "markdown"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# what browsers read for these labels: EUC-KR pages use CP949's extra syllables freely
_BROWSER_CODECS = {"euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949", "ksc5601": "cp949",
                   "iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


def is_url(source: str) -> bool:
    """Whether a ``korpus add`` argument is a web address rather than a file."""
    return bool(re.match(r"^https?://", str(source), re.I))


@dataclass(frozen=True)
class FetchedPage:
    """A page as the server sent it: the address it ended at, its bytes and declared type."""

    url: str
    data: bytes
    kind: str  # html, text or markdown
    charset: str | None  # from the Content-Type header


def fetch_page(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = 5 * 1024 * 1024) -> FetchedPage:
    """GET ``url``; refuse what is not a page of text, or larger than ``max_bytes``."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "text/html, text/plain;q=0.9"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = _page_kind(url, response.headers)
            _check_declared_size(url, response.headers, max_bytes)
            data = response.read(max_bytes + 1)
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(_http_error(url, exc)) from None
    except urllib.error.URLError as exc:
        raise InputError(_network_error(url, exc.reason, timeout)) from None
    except (OSError, ValueError) as exc:  # a timeout or reset while reading the body; a malformed address
        raise InputError(_network_error(url, exc, timeout)) from None
    if len(data) > max_bytes:
        raise InputError(f"{url}: the page is larger than --max-size ({max_bytes} bytes); "
                         "raise --max-size if it really is one article")
    if not data.strip():
        raise InputError(f"{url}: the server sent an empty page")
    charset = response.headers.get_content_charset()
    return FetchedPage(final_url, data, kind, charset)


def _page_kind(url: str, headers: Message) -> str:
    content_type = headers.get_content_type() if headers.get("Content-Type") else "text/html"
    if content_type not in _TEXT_TYPES:
        raise InputError(f"{url}: the server sent {content_type}, not a web page or text; korpus adds HTML "
                         "and plain text (save a PDF's text to a .txt file and add that)")
    kind = _TEXT_TYPES[content_type]
    if kind == "text" and re.search(r"\.(?:md|markdown)(?:$|[?#])", url, re.I):
        return "markdown"
    return kind


def _check_declared_size(url: str, headers: Message, max_bytes: int) -> None:
    length = headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise InputError(f"{url}: the page is {int(length) / 1e6:.1f} MB, larger than --max-size ({max_bytes} bytes); "
                         "raise --max-size if it really is one article")


def _http_error(url: str, exc: urllib.error.HTTPError) -> str:
    if 300 <= exc.code < 400:
        return f"{url}: the server redirects in a loop (HTTP {exc.code}); open it in a browser and add the address it ends at"
    if exc.code in (401, 403):
        return (f"{url}: the server refused the page (HTTP {exc.code} {exc.reason}); it may need a login: "
                "save the page from your browser and add the file")
    if exc.code == 404:
        return f"{url}: no such page on the server (HTTP 404 Not Found); check the address"
    return f"{url}: the server answered HTTP {exc.code} {exc.reason}; try again later, or save the page and add the file"


def _network_error(url: str, reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return f"{url}: no answer within {timeout:g} s; try again later or give a longer --timeout"
    if isinstance(reason, ConnectionRefusedError):
        return f"{url}: the server refused the connection; check the address and port"
    if isinstance(reason, socket.gaierror):
        return f"{url}: cannot find the server (are you offline?); check the address and your connection"
    if isinstance(reason, ValueError):
        return f"{url}: is not a web address korpus can fetch ({reason})"
    detail = getattr(reason, "strerror", None) or reason
    return f"{url}: cannot fetch the page ({detail}); check your connection"


def decode_page(page: FetchedPage, encoding: str | None = None, lang: str | None = None) -> DecodedText:
    """The page's text: ``encoding`` when the user forces one, else the charset the server
    declares, else the page's own ``<meta charset>``, else the guess ``textio`` makes for
    files.  A declared charset the bytes contradict is ignored, as browsers do."""
    if encoding:
        return decode_bytes(page.data, page.url, encoding)
    for declared in (page.charset, _meta_charset(page.data) if page.kind == "html" else None):
        codec = _BROWSER_CODECS.get(declared.lower(), declared) if declared else None
        if codec:
            try:
                decoded = decode_bytes(page.data, page.url, codec)
            except InputError:  # an unknown name, or bytes it does not decode
                continue
            return DecodedText(decoded.text, f"{declared.upper()} (declared)")
    return decode_bytes(page.data, page.url, lang=lang)


def _meta_charset(data: bytes) -> str | None:
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None
