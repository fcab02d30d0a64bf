"""The built-in glossary's data: one line per (lemma, tag), and the loader refuses a second one."""

from __future__ import annotations

from collections import Counter

import pytest

from korpus.errors import CorpusError
from korpus.glossary import _builtin_files, builtin_glossary, read_builtin_files


def glossary_keys() -> Counter:
    """Every (lemma, tag) key as written in the files, counted, without going through the loader."""
    keys: Counter = Counter()
    for file in _builtin_files():
        for line in file.read_text(encoding="utf-8").split("\n"):
            if line and not line.startswith("#"):
                lemma, tag = line.split("\t")[:2]
                keys[(lemma, tag)] += 1
    return keys


def test_no_key_appears_twice_and_the_glossary_loads():
    keys = glossary_keys()
    assert [key for key, count in keys.items() if count > 1] == []
    assert len(builtin_glossary()) == len(keys) > 14000


def test_a_duplicate_key_is_refused_naming_both_files_and_lines(tmp_path):
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text("# lemma\ttag\tgloss\thanja\n포함하다\tVV\tto include, contain\t包含\n", encoding="utf-8")
    second.write_text("# lemma\ttag\tgloss\thanja\n\n포함하다\tVV\tto include\t包含\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"^built-in glossary b\.tsv, line 3: 포함하다 \(VV\) is already "
                                          r"glossed in a\.tsv, line 2; merge the two into one line$"):
        read_builtin_files([first, second])


def test_the_same_lemma_with_another_tag_is_not_a_duplicate(tmp_path):
    file = tmp_path / "a.tsv"
    file.write_text("오늘\tNNG\ttoday\t\n오늘\tMAG\ttoday\t\n", encoding="utf-8")
    assert set(read_builtin_files([file])) == {("오늘", "NNG"), ("오늘", "MAG")}
