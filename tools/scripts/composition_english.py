"""Maintainers' tool: rewrite ``korpus/data/composition-english.tsv`` after a glossary edit.

Composed glosses derive English words (geography -> geographical, develop -> developed) with
lemminflect's lexicon, which takes about 0.4 s to load.  For the built-in glossary's own English
the facts are shipped in that table instead, so composing costs nothing on a learner's machine;
``tests/test_compose.py`` fails when the table no longer matches the glossary.

    python tools/scripts/composition_english.py
"""

from __future__ import annotations

from pathlib import Path

from korpus.compose import ENGLISH_TABLE, format_english_table, glossary_english_items
from korpus.glossary import builtin_glossary

TABLE = Path(__file__).resolve().parents[1] / "korpus" / ENGLISH_TABLE


def main() -> None:
    TABLE.write_text(format_english_table(glossary_english_items(builtin_glossary().values())), encoding="utf-8")


if __name__ == "__main__":
    main()
