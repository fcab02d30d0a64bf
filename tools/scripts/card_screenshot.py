"""Maintainers' tool: render a card of the built deck in headless Chromium, for the README.

Imports ``decks/korpus.apkg`` into a scratch collection with the real Anki library,
takes the rendered answer HTML of one note (Anki's own rendering, with the note type's
CSS) and screenshots it at phone width, in day and night mode.

    korpus deck && python tools/scripts/card_screenshot.py [LEMMA]
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


def main() -> None:
    lemma = sys.argv[1] if len(sys.argv) > 1 else "가속기"
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "c.anki2"))
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(ROOT / "decks" / "korpus.apkg"),
                                                         options=ImportAnkiPackageOptions()))
        card = col.get_card(col.find_cards(f'"Lemma:{lemma}"')[0])
        answer, css = card.answer(), card.note_type()["css"]
        col.close()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for mode, classes in (("day", "card"), ("night", "card nightMode night_mode")):
                page = browser.new_page(viewport={"width": 420, "height": 640})
                page.set_content(f"<html><head><meta charset=utf-8><style>{css}</style></head>"
                                 f"<body class='{classes}'><div class='{classes}'>{answer}</div></body></html>")
                page.screenshot(path=str(ROOT / "docs" / f"card-{mode}.png"), full_page=True)
            browser.close()
    print("wrote docs/card-day.png and docs/card-night.png")


if __name__ == "__main__":
    main()
