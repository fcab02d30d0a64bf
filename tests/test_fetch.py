"""``korpus add URL``: pages fetched from a local HTTP server on 127.0.0.1 (never the internet),
every network failure a one-line error that changes nothing."""

from __future__ import annotations

import http.server
import json
import threading
import time
from pathlib import Path

import pytest

from korpus.cli import cli

from .conftest import snapshot

PAGES = Path(__file__).parent / "data" / "pages"
PLAIN = "반도체 수출 석 달째 늘어\n\n반도체 수출이 석 달째 늘었다. 업계는 하반기에도 증가세가 이어질 것으로 본다.\n"


class Handler(http.server.BaseHTTPRequestHandler):
    """The test site: saved pages with their charsets, and one endpoint per way to fail."""

    def do_GET(self):
        routes = {
            "/kwnews-header": lambda: self._send((PAGES / "kwnews-food-festival.html").read_bytes(),
                                                 "text/html; charset=EUC-KR"),
            "/kwnews-meta": lambda: self._send((PAGES / "kwnews-food-festival.html").read_bytes(), "text/html"),
            "/kwnews-wrong-header": lambda: self._send((PAGES / "kwnews-food-festival.html").read_bytes(),
                                                       "text/html; charset=utf-8"),
            "/daejonilbo": lambda: self._send((PAGES / "daejonilbo-sejong-market.html").read_bytes(), "text/html"),
            "/plain.txt": lambda: self._send(PLAIN.encode("cp949"), "text/plain; charset=euc-kr"),
            "/missing": lambda: self.send_error(404),
            "/broken": lambda: self.send_error(500),
            "/loop": lambda: self._redirect("/loop2"),
            "/loop2": lambda: self._redirect("/loop"),
            "/moved": lambda: self._redirect("/plain.txt"),
            "/slow": self._slow,
            "/huge": lambda: self._send(b"<html><body>" + b"<p>x</p>" * 200_000, "text/html"),
            "/report.pdf": lambda: self._send(b"%PDF-1.4\n" + b"0" * 100, "application/pdf"),
        }
        routes.get(self.path, lambda: self.send_error(404))()

    def _send(self, body: bytes, content_type: str):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, target: str):
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _slow(self):
        time.sleep(1.5)
        try:
            self._send(PLAIN.encode(), "text/plain; charset=utf-8")
        except BrokenPipeError:  # korpus gave up waiting, as it should
            pass

    def log_message(self, *args):  # quiet test output
        pass


@pytest.fixture(scope="module")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _add(runner, corpus: Path, *args):
    return runner.invoke(cli, ["--corpus", str(corpus), "add", "--json", *args])


def _expected(name: str) -> dict:
    return json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", ["/kwnews-header", "/kwnews-meta", "/kwnews-wrong-header"])
def test_an_euc_kr_page_is_read_by_its_declared_charset(runner, corpus_copy, site, path):
    result = _add(runner, corpus_copy, site + path)
    assert result.exit_code == 0, result.output
    expected = _expected("kwnews-food-festival")
    doc = json.loads(result.stdout)[0]
    assert (doc["title"], doc["url"], doc["source"]) == (expected["title"], expected["url"], expected["source"])
    text = Path(doc["path"]).read_text(encoding="utf-8")
    assert all(p["text"] in text for p in expected["paragraphs"])
    assert "read as EUC-KR (declared)" in result.stderr


def test_a_page_with_its_canonical_url_keeps_it(runner, corpus_copy, site):
    doc = json.loads(_add(runner, corpus_copy, site + "/daejonilbo").stdout)[0]
    assert doc["url"] == _expected("daejonilbo-sejong-market")["url"]


def test_a_plain_text_page_records_the_address_it_ends_at(runner, corpus_copy, site):
    result = _add(runner, corpus_copy, site + "/moved")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)[0]
    assert (doc["title"], doc["url"]) == ("반도체 수출 석 달째 늘어", site + "/plain.txt")
    assert (f"{site}/moved: added as {doc['id']} (ko, 1 paragraph, read as EUC-KR (declared); "
            "title from the first line: '반도체 수출 석 달째 늘어')") in result.stderr


@pytest.mark.parametrize("path, args, message", [
    ("/missing", (), "{url}: no such page on the server (HTTP 404 Not Found); check the address"),
    ("/broken", (), "{url}: the server answered HTTP 500 Internal Server Error; try again later, "
                    "or save the page and add the file"),
    ("/loop", (), "{url}: the server redirects in a loop (HTTP 302); open it in a browser and add the address it ends at"),
    ("/slow", ("--timeout", "0.3"), "{url}: no answer within 0.3 s; try again later or give a longer --timeout"),
    ("/huge", ("--max-size", "1M"), "{url}: the page is 1.6 MB, larger than --max-size (1048576 bytes); "
                                    "raise --max-size if it really is one article"),
    ("/report.pdf", (), "{url}: the server sent application/pdf, not a web page or text; korpus adds HTML and "
                        "plain text (save a PDF's text to a .txt file and add that)"),
])
def test_a_failing_fetch_is_one_line_and_changes_nothing(runner, corpus_copy, site, path, args, message):
    before = snapshot(corpus_copy)
    url = site + path
    result = _add(runner, corpus_copy, url, *args)
    assert result.exit_code == 1
    assert result.output == f"Error: {message.format(url=url)}\n"
    assert snapshot(corpus_copy) == before


def test_a_refused_connection(runner, corpus_copy):
    import socket

    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/article"
    result = _add(runner, corpus_copy, url)
    assert result.exit_code == 1
    assert result.output == f"Error: {url}: the server refused the connection; check the address and port\n"


def test_an_unknown_host_reads_as_offline(runner, corpus_copy):
    url = "http://no-such-host.invalid/article"  # .invalid never resolves (RFC 6761): no traffic leaves
    result = _add(runner, corpus_copy, url)
    assert result.exit_code == 1
    assert result.output == (f"Error: {url}: cannot find the server (are you offline?); "
                             "check the address and your connection\n")
