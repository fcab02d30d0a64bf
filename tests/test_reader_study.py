"""The study loop, reader side: word statuses marked in the reader (real headless Chromium),
kept in localStorage and, with ``--serve``, in ``corpus/known.tsv``; the comprehension
estimate on the index; Korean lines breaking between words."""

from __future__ import annotations

import functools
import http.client
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from korpus.cli import cli
from korpus.corpus import Corpus
from korpus.errors import KorpusError
from korpus.known import KNOWN_HEADER, parse_statuses, render_statuses
from korpus.reader import MAX_KNOWN_BODY, make_server

from .conftest import ROOT, SHIPPED_CORPUS, snapshot
from .test_reader import browser, open_page, site  # noqa: F401 - the shared Chromium and site fixtures

ARTICLE = "ms-ai-chips-ko"


@pytest.fixture
def fresh_page(browser):  # noqa: F811 - the imported fixture
    """A page of a browser whose stored statuses were forgotten (every test starts from none)."""
    page = browser.new_page()
    yield page
    page.evaluate("localStorage.clear()")
    page.close()


def word(page, text: str):
    return page.locator(".w", has_text=text).first


def open_article(page, url: str):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.errors = errors
    return page


@pytest.mark.browser
def test_clicking_a_word_and_its_status_button_cycles_the_status_and_it_survives_a_reload(fresh_page, site):
    page = open_article(fresh_page, (site / f"{ARTICLE}.html").as_uri())
    accelerator = word(page, "가속기")
    assert accelerator.get_attribute("data-status") == "new"
    accelerator.click()
    button = page.locator("#tip .status-button")
    assert button.inner_text() == "Status: new (s: change)"
    button.click()
    assert accelerator.get_attribute("data-status") == "learning"
    assert page.locator("#tip").is_visible() and button.inner_text() == "Status: learning (s: change)"
    page.keyboard.press("s")
    assert accelerator.get_attribute("data-status") == "known"
    assert "unknown" not in accelerator.get_attribute("class")
    # every form of the lemma on the page follows, and so does every page after a reload
    page.reload()
    assert {w.get_attribute("data-status") for w in page.locator(".w", has_text="가속기").all()} == {"known"}
    page.keyboard.press("Escape")
    assert not page.locator("#tip").is_visible()
    assert not page.errors


@pytest.mark.browser
def test_the_s_key_cycles_the_focused_word_through_all_four_statuses(fresh_page, site):
    page = open_article(fresh_page, (site / f"{ARTICLE}.html").as_uri())
    chip = word(page, "가속기")
    chip.focus()
    seen = []
    for _ in range(4):
        page.keyboard.press("s")
        seen.append(chip.get_attribute("data-status"))
    assert seen == ["learning", "known", "ignored", "new"]
    # the underline style differs by status, so colour is not the only cue
    chip.focus()
    page.keyboard.press("s")
    style = chip.evaluate("w => getComputedStyle(w).textDecorationStyle")
    assert style == "wavy"


@pytest.mark.browser
def test_statuses_export_to_known_tsv_and_import_from_one(fresh_page, site, tmp_path):
    page = open_article(fresh_page, (site / f"{ARTICLE}.html").as_uri())
    word(page, "가속기").focus()
    page.keyboard.press("s")
    page.keyboard.press("s")  # known
    with page.expect_download() as download:
        page.click("#export-known")
    assert download.value.suggested_filename == "known.tsv"
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert exported == f"{KNOWN_HEADER}\n가속기\tknown\n"
    assert parse_statuses(exported, "known.tsv") == {"가속기": "known"}

    imported = tmp_path / "mine.tsv"
    imported.write_text("# mine\n공개하다\tignored\n칩\tlearning\n", encoding="utf-8")
    page.set_input_files("#import-known", str(imported))
    page.locator("#save-state", has_text="2 statuses imported").wait_for()
    assert word(page, "공개했다").get_attribute("data-status") == "ignored"
    assert word(page, "가속기").get_attribute("data-status") == "known"
    page.reload()
    assert word(page, "공개했다").get_attribute("data-status") == "ignored"


@pytest.mark.browser
def test_index_shows_the_share_of_each_story_the_learner_knows(fresh_page, site):
    page = open_article(fresh_page, (site / "index.html").as_uri())
    share = page.locator("td.known-share[data-story=ms-ai-chips-ko]")
    assert share.inner_text() == "0 %"
    page.goto((site / f"{ARTICLE}.html").as_uri())
    for text in ("가속기", "공개했다"):
        word(page, text).focus()
        page.keyboard.press("s")
        page.keyboard.press("s")
    page.goto((site / "index.html").as_uri())
    assert 0 < int(share.inner_text().rstrip(" %")) < 100


def test_the_index_estimate_counts_known_tokens_of_the_known_file(runner, tmp_path):
    """Without a browser: ``--known`` (or ``corpus/known.tsv``) gives each story its share."""
    known = tmp_path / "known.tsv"
    known.write_text(f"{KNOWN_HEADER}\n있다\tknown\n하다\tignored\n것\tlearning\n", encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(cli, ["--corpus", str(SHIPPED_CORPUS), "reader", "--out", str(out), "--known", str(known)])
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    data = json.loads(index.split('id="story-data">', 1)[1].split("</script>", 1)[0])
    counts = data["stories"][ARTICLE]
    expected = round(100 * (counts.get("있다", 0) + counts.get("하다", 0)) / sum(counts.values()))
    assert expected > 0
    assert f'data-story="{ARTICLE}">{expected} %</td>' in index
    assert data["known"] == ["있다", "하다"]


def test_corpus_known_tsv_is_read_by_default_and_a_bad_one_is_one_line(runner, corpus_copy, tmp_path):
    out = tmp_path / "site"
    (corpus_copy / "known.tsv").write_text(f"{KNOWN_HEADER}\n있다\tknown\n", encoding="utf-8")
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "reader", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f'data-story="{ARTICLE}">0 %' not in (out / "index.html").read_text(encoding="utf-8")

    (corpus_copy / "known.tsv").write_text("있다\tknown\n하다\tforgotten\n", encoding="utf-8")
    before = snapshot(corpus_copy)
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "reader", "--out", str(tmp_path / "other")])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {corpus_copy / 'known.tsv'}, line 2: unknown status 'forgotten' for '하다'; "
                             "use one of new, learning, known, ignored (or the lemma alone for known)\n")
    assert snapshot(corpus_copy) == before and not (tmp_path / "other").exists()


def test_statuses_file_round_trip_and_bare_lemmas_mean_known():
    statuses = parse_statuses("# header\n칩\n가속기\tlearning\n\n공개하다\tignored\n", "known.tsv")
    assert statuses == {"칩": "known", "가속기": "learning", "공개하다": "ignored"}
    text = render_statuses(statuses)
    assert text.splitlines() == [KNOWN_HEADER, "가속기\tlearning", "공개하다\tignored", "칩\tknown"]
    assert parse_statuses(text, "known.tsv") == statuses
    assert parse_statuses("칩\tKNOWN\n", "known.tsv") == {"칩": "known"}  # as a spreadsheet may capitalise it
    with pytest.raises(KorpusError, match=r"^known\.tsv, line 1: unknown status 'knwon'"):
        parse_statuses("칩\tknwon\n", "known.tsv")
    with pytest.raises(KorpusError, match=r"^known\.tsv, line 2: control character in the lemma"):
        parse_statuses("칩\n가\x00속기\tknown\n", "known.tsv")


# -- --serve keeps the statuses in corpus/known.tsv -------------------------------------------

@pytest.fixture
def served(corpus_copy, tmp_path):
    """``korpus reader --serve`` as the CLI runs it: the site of a scratch corpus, served with it."""
    from click.testing import CliRunner

    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["--corpus", str(corpus_copy), "reader", "--out", str(out)])
    assert result.exit_code == 0, result.output
    server = make_server(out, 0, Corpus(corpus_copy))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], corpus_copy
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_served_reader_saves_statuses_to_corpus_known_tsv_and_loads_them_back(fresh_page, served):
    port, corpus = served
    page = open_article(fresh_page, f"http://127.0.0.1:{port}/{ARTICLE}.html")
    word(page, "가속기").focus()
    page.keyboard.press("s")
    page.locator("#save-state", has_text="saved to corpus/known.tsv").wait_for()
    assert (corpus / "known.tsv").read_text(encoding="utf-8") == f"{KNOWN_HEADER}\n가속기\tlearning\n"
    word(page, "가속기").focus()
    page.keyboard.press("s")
    assert wait_for_statuses(page, corpus / "known.tsv", {"가속기": "known"})
    # another browser (nothing in its localStorage) gets the statuses from the corpus
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".w[data-status=known]", has_text="가속기").first.wait_for()
    assert page.evaluate("JSON.parse(localStorage.getItem('korpus.statuses'))") == {"가속기": "known"}


@pytest.mark.browser
def test_a_page_of_another_origin_cannot_save_statuses(fresh_page, served, tmp_path):
    port, corpus = served
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text("<p>another site</p>", encoding="utf-8")
    evil = http.server.ThreadingHTTPServer(  # a plain server: no CSP of ours stops its page's fetch
        ("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(other)))
    thread = threading.Thread(target=evil.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        answers = []
        fresh_page.on("response", lambda r: answers.append((r.request.method, r.status))
                      if r.url.endswith("/known") else None)
        fresh_page.goto(f"http://127.0.0.1:{evil.server_address[1]}/index.html")
        fresh_page.evaluate("""async (url) => {
            for (const [mode, type] of [["cors", "text/tab-separated-values"], ["no-cors", "text/plain"]]) {
                try { await fetch(url, {method: "POST", mode: mode, headers: {"Content-Type": type},
                                        body: "칩\\tknown\\n"}); } catch (e) { /* refused: expected */ }
            } }""", f"http://127.0.0.1:{port}/known")
        fresh_page.wait_for_timeout(300)
    finally:
        evil.shutdown()
        evil.server_close()
    # the preflighted request never reaches POST; the simple one is refused for its origin
    assert ("POST", 403) in answers and ("POST", 200) not in answers
    assert not (corpus / "known.tsv").exists()


def wait_for_statuses(page, path: Path, wanted: dict[str, str], seconds: float = 5) -> bool:
    """Whether ``path`` comes to hold ``wanted`` (the page saves in the background)."""
    for _ in range(int(seconds * 10)):
        if path.exists() and parse_statuses(path.read_text(encoding="utf-8"), str(path)) == wanted:
            return True
        page.wait_for_timeout(100)
    return False


def raw_post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("POST", "/known", skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        if len(body) <= MAX_KNOWN_BODY:  # a larger one is refused on its Content-Length, unread
            connection.send(body)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


GOOD = "가속기\tknown\n".encode("utf-8")


@pytest.mark.parametrize("origin, content_type, body, status", [
    ("http://{host}", "text/tab-separated-values; charset=utf-8", GOOD, 200),
    ("http://evil.example", "text/tab-separated-values", GOOD, 403),
    ("http://127.0.0.1:1", "text/tab-separated-values", GOOD, 403),
    ("null", "text/tab-separated-values", GOOD, 403),
    (None, "text/tab-separated-values", GOOD, 403),
    ("http://{host}", "text/plain", GOOD, 415),
    ("http://{host}", "application/x-www-form-urlencoded", GOOD, 415),
    ("http://{host}", "text/tab-separated-values", b"x" * 1_000_001, 413),
    ("http://{host}", "text/tab-separated-values", "칩\tmaybe\n".encode("utf-8"), 400),
    ("http://{host}", "text/tab-separated-values", b"\xff\xfe\tknown\n", 400),
    ("http://{host}", "text/tab-separated-values", "칩\x1b[2J\tknown\n".encode("utf-8"), 400),
], ids=["same-origin", "other-site", "other-port", "null-origin", "no-origin", "text-plain", "form",
        "too-large", "bad-status", "not-utf8", "control-character"])
def test_post_known_is_refused_unless_same_origin_bounded_and_well_formed(served, origin, content_type, body, status):
    port, corpus = served
    host = f"127.0.0.1:{port}"
    headers = {"Host": host, "Content-Type": content_type, "Content-Length": str(len(body))}
    if origin is not None:
        headers["Origin"] = origin.format(host=host)
    got, _ = raw_post(port, body, headers)
    assert got == status
    saved = corpus / "known.tsv"
    assert saved.exists() == (status == 200)
    if status == 200:
        assert saved.read_text(encoding="utf-8") == f"{KNOWN_HEADER}\n가속기\tknown\n"
    assert not list(corpus.glob(".known.tsv.*.tmp"))


def test_get_known_answers_the_saved_statuses_or_an_empty_file(served):
    port, corpus = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/known")
    response = connection.getresponse()
    assert response.status == 200 and response.read().decode("utf-8") == KNOWN_HEADER + "\n"
    assert response.getheader("Content-Type").startswith("text/tab-separated-values")
    connection.close()


# -- Korean lines break between words ------------------------------------------------------------

LINE_BREAKS = """(() => {
  const broken = [];
  document.querySelectorAll("main .w").forEach(w => {
    const lines = new Set(Array.from(w.getClientRects()).map(r => Math.round(r.top)));
    if (lines.size > 1) broken.push(w.textContent);
  });
  return broken; })()"""


@pytest.mark.browser
def test_korean_lines_break_between_words_never_inside_one(browser, site):  # noqa: F811
    page = browser.new_page()
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto((site / "kakao-capex-ko.html").as_uri())
    assert page.locator("main p .w").count() > 100
    assert page.evaluate("getComputedStyle(document.querySelector('main p')).wordBreak") == "keep-all"
    assert page.evaluate(LINE_BREAKS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


@pytest.mark.browser
def test_screenshot_of_the_reader_with_statuses(fresh_page, site, tmp_path):
    page = open_article(fresh_page, (site / f"{ARTICLE}.html").as_uri())
    page.evaluate("""localStorage.setItem('korpus.statuses', JSON.stringify(
        {'공개하다': 'known', '칩': 'known', '가속기': 'learning', '현지': 'learning', '고객': 'learning',
         '성능': 'known', '가격': 'ignored'}))""")
    page.reload()
    page.click("#toggle-unknown")
    word(page, "가속기").click()
    page.locator("#tip .status-button").wait_for()
    shot = tmp_path / "reader-statuses.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("KORPUS_UPDATE_SCREENSHOTS"):
        shutil.copy(shot, ROOT / "docs" / "reader-statuses.png")
