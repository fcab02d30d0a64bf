"""The reader, checked in real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from korpus.store import load_alignment
from korpus.cli import cli
from korpus.corpus import Corpus
from korpus.errors import CorpusError
from korpus.reader import build_site

from .conftest import ROOT, SHIPPED_CORPUS

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium (see .ci/run)"
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, headless=True,
            viewport={"width": 1200, "height": 900})
        yield context
        context.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "reader", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def open_page(browser, path: Path):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}"))
    page.goto(path.as_uri())
    page.errors = errors
    return page


def test_index_lists_every_story_with_languages_and_alignment(browser, site):
    page = open_page(browser, site / "index.html")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 12
    chips = page.locator("tr", has_text="MS 자체 AI 칩 공개")
    assert "aligned" in chips.inner_text() and "en" in chips.inner_text()
    assert not page.errors
    page.close()


def test_aligned_rows_of_the_microsoft_chip_article(browser, site):
    corpus = Corpus(SHIPPED_CORPUS)
    links = load_alignment(corpus, corpus.get("ms-ai-chips-ko"))
    assert links, "the shipped corpus must hold the alignment (run korpus build)"
    page = open_page(browser, site / "ms-ai-chips-ko.html")
    rows = page.locator("table.aligned tbody tr")
    assert rows.count() == len(links)
    first = rows.nth(0)
    assert "대규모언어모델" in first.locator("td.ko").inner_text()
    assert "Microsoft today unveiled" in first.locator("td.en").inner_text()
    omissions = [l for l in links if not l.ko or not l.en]
    assert page.locator("tr.ko-only, tr.en-only").count() == len(omissions) > 0
    assert page.locator("span.none").count() == len(omissions)
    page.locator(".s").nth(2).click()
    assert page.locator("tr.active, .s-en.active").count() >= 1
    assert not page.errors
    page.close()


def test_hovering_a_word_shows_its_gloss_and_grammar(browser, site):
    page = open_page(browser, site / "ms-ai-chips-ko.html")
    word = page.locator(".w", has_text="공개했다").first
    word.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "공개하다" in text and "verb" in text and "disclose" in text
    page.locator(".w", has_text="가속기").first.hover()
    assert "accelerator" in page.locator("#tip").inner_text()
    page.close()


def test_hiding_english_hides_it_and_keys_move_between_sentences(browser, site):
    page = open_page(browser, site / "ms-ai-chips-ko.html")
    english = page.locator("td.en").first
    assert english.is_visible()
    page.click("#toggle-en")
    assert not english.is_visible()
    assert page.locator("#toggle-en").inner_text() == "Show English"
    page.keyboard.press("e")
    assert english.is_visible()
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.locator(".s.active").get_attribute("data-s") == "1"
    page.close()


def test_phone_screen_and_korean_only_article(browser, site):
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((site / "kakao-capex-ko.html").as_uri())
    assert page.locator("table.aligned").count() == 0
    assert page.locator("main p .w").count() > 100
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.close()


def test_other_language_versions_are_linked(browser, site):
    page = open_page(browser, site / "ms-drops-twitter-ko.html")
    assert page.locator(".versions a", has_text="French").count() == 1
    assert page.locator(".versions a", has_text="Indonesian").count() == 1
    assert "Musk s’engage" in page.locator("section.version[lang=fr]").inner_text()
    page.close()


def test_injected_script_does_not_run(browser, tmp_path, corpus_copy):
    from click.testing import CliRunner

    runner = CliRunner()
    evil = tmp_path / "evil.md"
    evil.write_text("# 해킹 <script>window.__pwned = 1</script> 기사\n\n"
                    "공격자는 <script>window.__pwned = 2</script> 코드를 넣었다. "
                    "<img src=x onerror=\"window.__pwned = 3\"> 태그도 넣었다.\n", encoding="utf-8")
    added = runner.invoke(cli, ["--corpus", str(corpus_copy), "add", str(evil), "--json"])
    doc_id = json.loads(added.stdout)[0]["id"]
    assert runner.invoke(cli, ["--corpus", str(corpus_copy), "build"]).exit_code == 0
    out = tmp_path / "site"
    assert runner.invoke(cli, ["--corpus", str(corpus_copy), "reader", "--out", str(out)]).exit_code == 0
    page = open_page(browser, out / f"{doc_id}.html")
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned = 1</script>" in page.locator("h1").inner_text()
    page.locator(".w").first.hover()
    assert page.evaluate("window.__pwned") is None
    index = open_page(browser, out / "index.html")
    assert index.evaluate("window.__pwned") is None
    page.close()
    index.close()


def test_screenshot_for_the_readme(browser, site, tmp_path):
    page = open_page(browser, site / "ms-ai-chips-ko.html")
    page.locator(".w", has_text="가속기").first.hover()
    page.locator("#tip").wait_for(state="visible")
    shot = tmp_path / "reader.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("KORPUS_UPDATE_SCREENSHOTS"):
        shutil.copy(shot, ROOT / "docs" / "reader.png")
    page.close()


def test_served_site_and_known_words(browser, tmp_path):
    """`--serve` serves the same pages on 127.0.0.1; `--known` counts new words per story."""
    import threading

    from click.testing import CliRunner

    from korpus.reader import make_server

    known = tmp_path / "known.txt"
    known.write_text("칩\n가속기\n공개하다\n", encoding="utf-8")
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "reader", "--out", str(out),
                                      "--known", str(known)])
    assert result.exit_code == 0, result.output
    server = make_server(out, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        assert page.locator("th", has_text="New words").count() == 1
        row = page.locator("tr", has_text="MS 자체 AI 칩 공개")
        assert int(row.locator("td.num").nth(3).inner_text()) > 0  # sentences, words, known share, new words
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/ms-ai-chips-ko.html")
        page.click("#toggle-unknown")
        assert page.locator("body.show-unknown").count() == 1
        chip = page.locator(".w", has_text="칩").first
        assert "unknown" not in (chip.get_attribute("class") or "")
        page.close()
    finally:
        server.shutdown()
        server.server_close()


class CorpusWithUncheckedId(Corpus):
    """The shipped corpus plus a copy of one article under an id no loader checked: the
    reader's own check is the second line of defence."""

    def __init__(self, root: Path, unchecked_id: str):
        super().__init__(root)
        self.unchecked_id = unchecked_id

    def documents(self, lang=None):
        return super().documents(lang) + [replace(self.get("kakao-capex-ko"), id=self.unchecked_id)]


@pytest.mark.parametrize("make_id", [lambda tmp: "../escaped", lambda tmp: str(tmp / "absolute"),
                                     lambda tmp: "index"], ids=["dot-dot", "absolute", "index"])
def test_a_page_named_by_a_hostile_id_is_refused_before_anything_is_written(tmp_path, make_id):
    out = tmp_path / "site"
    corpus = CorpusWithUncheckedId(SHIPPED_CORPUS, make_id(tmp_path))
    with pytest.raises(CorpusError, match=r"kakao-capex/ko\.md: .*(would lead outside|would replace)"):
        build_site(corpus, out)
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_a_page_that_is_a_link_leading_out_of_the_site_is_refused(tmp_path):
    """Pages are found without resolving each path; a symbolic link among them still is."""
    out, outside = tmp_path / "site", tmp_path / "elsewhere.html"
    out.mkdir()
    outside.write_text("not the reader's", encoding="utf-8")
    (out / "kakao-capex-ko.html").symlink_to(outside)
    with pytest.raises(CorpusError, match=r"kakao-capex/ko\.md: .*would lead outside"):
        build_site(Corpus(SHIPPED_CORPUS), out)
    assert outside.read_text(encoding="utf-8") == "not the reader's"
    assert sorted(p.name for p in out.iterdir()) == ["kakao-capex-ko.html"]


@pytest.fixture
def local_server(tmp_path):
    """The reader's real server on a free port of 127.0.0.1, serving a tiny site."""
    import threading

    from korpus.reader import make_server

    site = tmp_path / "site"
    (site / "folder").mkdir(parents=True)
    (site / "index.html").write_text("<p>index</p>", encoding="utf-8")
    (site / ".index.html.x1y2.tmp").write_text("half-written", encoding="utf-8")
    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def raw_get(port: int, path: str, host: str | None) -> tuple[int, dict, bytes]:
    """A GET sent as it is written, with exactly this Host header (or none)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path, status", [
    ("/index.html", 200),
    ("/", 200),
    ("/%00", 400),
    ("/index.html%00.txt", 400),
    ("/..%2f..%2f..%2fetc%2fpasswd", 400),
    ("/%2e%2e/%2e%2e/etc/passwd", 400),
    ("/%ff", 400),
    ("/index%5c..%5cindex.html", 400),
    ("/" + "a" * 300 + ".html", 404),
    ("/" + "a" * 5000, 414),
    ("/.index.html.x1y2.tmp", 404),
    ("/folder/", 404),
    ("http://evil.example/index.html", 400),
])
def test_served_request_paths_get_an_answer_never_a_traceback(local_server, capfd, path, status):
    got, headers, _ = raw_get(local_server, path, f"127.0.0.1:{local_server}")
    assert got == status
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'; style-src 'self'")
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("host, status", [
    ("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("LOCALHOST", 200), ("[::1]:{port}", 200),
    ("evil.example", 403), ("evil.example:{port}", 403), ("127.0.0.1.evil.example:{port}", 403),
    ("localhost:1", 403), ("", 403), (None, 403),
])
def test_served_site_answers_only_requests_naming_this_machine(local_server, host, status):
    """DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1 sends
    ``Host: evil.example`` and must not read the site."""
    host = host.format(port=local_server) if host is not None else None
    got, _, body = raw_get(local_server, "/index.html", host)
    assert got == status
    assert (b"<p>index</p>" in body) == (status == 200)


def test_a_port_in_use_is_one_line_and_writes_nothing(runner, tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = tmp_path / "site"
        result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "reader", "--out", str(out), "--serve",
                                     "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: port {port} on 127.0.0.1 is in use; pass --port N\n"
    assert not out.exists()
