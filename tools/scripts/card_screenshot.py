"""Maintainers' tool: render a card of the built deck in headless Chromium, for the README.

Imports ``decks/korpus.apkg`` into a scratch collection with the real Anki library,
takes the rendered answer HTML of one note (Anki's own rendering, with the note type's
CSS) and screenshots it at phone width, in day and night mode.  With ``--context`` it
imports ``decks/korpus-context.apkg`` instead and shows a card in context: the answer of
the recognition card and the question of the production card.

    korpus deck && python tools/scripts/card_screenshot.py [LEMMA]
    korpus deck --context --production --out decks/korpus-context.apkg && \\
        python tools/scripts/card_screenshot.py 시각 --context
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DAY, NIGHT = "card", "card nightMode night_mode"


def rendered_cards(apkg: Path, lemma: str) -> tuple[list[tuple[str, str]], str]:
    """(template name, question, answer) of the note's cards, and the note type's CSS."""
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "c.anki2"))
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions()))
        cards = [col.get_card(card_id) for card_id in col.find_cards(f'"Lemma:{lemma}"')]
        rendered = [(card.question(), card.answer()) for card in sorted(cards, key=lambda c: c.ord)]
        css = cards[0].note_type()["css"]
        col.close()
    return rendered, css


def main() -> None:
    context = "--context" in sys.argv
    words = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    lemma = words[0] if words else "가속기"
    apkg = ROOT / "decks" / ("korpus-context.apkg" if context else "korpus.apkg")
    rendered, css = rendered_cards(apkg, lemma)
    if context:
        shots = {"card-context.png": (rendered[0][1], DAY), "card-context-production.png": (rendered[1][0], DAY)}
    else:
        shots = {"card-day.png": (rendered[0][1], DAY), "card-night.png": (rendered[0][1], NIGHT)}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, (html, classes) in shots.items():
            page = browser.new_page(viewport={"width": 420, "height": 640})
            page.set_content(f"<html><head><meta charset=utf-8><style>{css}</style></head>"
                             f"<body class='{classes}'><div class='{classes}'>{html}</div></body></html>")
            page.screenshot(path=str(ROOT / "docs" / name), full_page=True)
        browser.close()
    print("wrote " + " and ".join(f"docs/{name}" for name in shots))


if __name__ == "__main__":
    main()
