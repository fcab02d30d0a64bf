"""The reader, checked in real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from korpus.build import load_alignment
from korpus.cli import cli
from korpus.corpus import Corpus

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
        assert int(row.locator("td.num").nth(2).inner_text()) > 0
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/ms-ai-chips-ko.html")
        page.click("#toggle-unknown")
        assert page.locator("body.show-unknown").count() == 1
        chip = page.locator(".w", has_text="칩").first
        assert "unknown" not in (chip.get_attribute("class") or "")
        page.close()
    finally:
        server.shutdown()
        server.server_close()
