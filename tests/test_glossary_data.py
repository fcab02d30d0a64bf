"""The built-in glossary's data: one line per (lemma, tag) (the loader refuses a second one), files named
for what they hold, register labels on vulgar and pejorative words, no brand asides, news senses first."""

from __future__ import annotations

import re
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
    assert len(builtin_glossary()) == len(keys) > 34000


def test_every_glossary_file_is_named_for_what_it_holds_and_says_so():
    names = {file.name for file in _builtin_files()}
    assert names == {"general-00001-02000.tsv", "general-02001-05000.tsv", "general-05001-10000.tsv",
                     "general-10001-25000.tsv", "general-unranked.tsv", "corpus-vocabulary.tsv",
                     "corpus-terms.tsv", "bound-nouns-numerals.tsv", "names-that-are-also-words.tsv",
                     "derived-words.tsv", "kiwi-ranked-00001-10000.tsv", "kiwi-ranked-10001-20000.tsv",
                     "kiwi-ranked-20001-30000.tsv", "kiwi-ranked-30001-40000.tsv", "place-names.tsv"}
    for file in _builtin_files():
        columns, description = file.read_text(encoding="utf-8").split("\n")[:2]
        assert columns == "# lemma\ttag\tgloss\thanja", file.name
        assert description.startswith("# ") and len(description) > 40, file.name


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


# vulgar, offensive, derogatory or slang entries: the label leads the gloss, or the one sense it marks
REGISTER_LABELLED = [
    ("씨발", "IC"), ("개새끼", "IC"), ("젠장", "IC"), ("존나", "MAG"), ("졸라", "MAG"), ("병신", "NNG"),
    ("지랄", "NNG"), ("개소리", "NNG"), ("대가리", "NNG"), ("아가리", "NNG"), ("개뿔", "NNG"),
    ("새끼", "NNG"), ("자식", "NNG"), ("이놈", "NP"), ("그놈", "NP"), ("작자", "NNG"), ("짓거리", "NNG"),
    ("멍청이", "NNG"), ("창녀", "NNG"), ("난쟁이", "NNG"), ("호모", "NNG"), ("빨갱이", "NNG"),
    ("종북", "NNG"), ("사이코", "NNG"), ("양아치", "NNG"), ("또라이", "NNG"), ("정신병자", "NNG"),
    ("호구", "NNG"), ("구라", "NNG"), ("오바", "NNG"), ("싸가지", "NNG"), ("후지다", "VA"), ("구리다", "VA"),
    ("까다", "VV"), ("따먹다", "VV"), ("낙하산", "NNG"), ("공갈", "NNG"), ("드립", "NNG"), ("사이다", "NNG"),
    ("쉴드", "NNG"), ("베프", "NNG"), ("강추", "IC"), ("내로남불", "NNG"),
]
REGISTER_LABEL = r"\((vulgar|offensive|derogatory|slang)(, (vulgar|offensive|derogatory|slang))*\) "


@pytest.mark.parametrize("lemma, tag", REGISTER_LABELLED)
def test_a_vulgar_or_pejorative_entry_keeps_its_register_label(lemma, tag):
    gloss = builtin_glossary()[(lemma, tag)].text
    assert any(re.match(REGISTER_LABEL, sense) for sense in gloss.split("; ")), gloss


def test_a_register_label_always_leads_its_sense():
    """'(vulgar) son of a bitch', not 'son of a bitch (vulgar)': the learner sees the warning first."""
    misplaced = [(key, gloss.text) for key, gloss in builtin_glossary().items()
                 if any(re.search(r"\((vulgar|offensive|derogatory|slang)\b", sense[1:])
                        for sense in gloss.text.split("; "))]
    assert misplaced == []


@pytest.mark.parametrize("lemma, tag, gloss", [
    ("카카오", "NNG", "cacao"), ("웨이브", "NNG", "wave"), ("블라인드", "NNG", "blind"), ("줌", "NNG", "zoom"),
    ("윈도우", "NNG", "window"), ("램프", "NNG", "lamp; ramp"), ("록", "NNG", "rock (music)"),
])
def test_a_common_noun_is_glossed_without_brand_asides(lemma, tag, gloss):
    assert builtin_glossary()[(lemma, tag)].text == gloss


def test_no_gloss_has_a_name_as_an_also_aside():
    """'cacao (also Kakao, ...)': a name used as a name is a proper noun, glossed from the context."""
    assert [key for key, gloss in builtin_glossary().items() if re.search(r"\(also [A-Z]", gloss.text)] == []


@pytest.mark.parametrize("lemma, tag, first_sense", [
    ("잇다", "VV", "to connect, link"), ("열리다", "VV", "to be held (event)"),
    ("포로", "NNG", "prisoner (of war), captive"), ("열다", "VV", "to open"),
])
def test_the_news_sense_comes_first(lemma, tag, first_sense):
    assert builtin_glossary()[(lemma, tag)].text.split("; ")[0] == first_sense


def test_하다_glosses_n을_기반으로_하다():
    assert "N을 기반으로 하다: to take N as a basis" in builtin_glossary()[("하다", "VV")].text


@pytest.mark.parametrize("lemma, tag, expected", [
    ("카카오", "NNP", "Kakao"), ("카카오", "NNG", "cacao"), ("현대", "NNP", "Hyundai"), ("현대", "NNG", "modern"),
    ("트래픽", "NNP", "traffic"),  # a common word Kiwi tagged as a name still borrows its gloss
])
def test_a_name_that_is_also_a_word_is_glossed_as_the_name(lemma, tag, expected):
    from korpus.glossary import Glossary

    assert Glossary({}, {}).lookup(lemma, tag).text.startswith(expected)


@pytest.mark.parametrize("lemma, gloss", [
    ("미국", "United States, US, America, American"), ("서울", "Seoul"), ("독일", "Germany, German"),
])
def test_a_place_name_is_glossed_as_a_proper_noun(lemma, gloss):
    """Kiwi tags 미국 NNP: without its own line the reader shows nothing and the aligner cannot link it to "US"."""
    assert builtin_glossary()[(lemma, "NNP")].text == gloss


def glossary_lines():
    """Every glossary line as written, with where it is: (file, line, lemma, tag, gloss, hanja)."""
    for file in _builtin_files():
        for number, line in enumerate(file.read_text(encoding="utf-8").split("\n"), 1):
            if line and not line.startswith("#"):
                lemma, tag, gloss, hanja = (line.split("\t") + [""])[:4]
                yield file.name, number, lemma, tag, gloss, hanja


def test_per_sense_hanja_has_one_slot_per_sense():
    """北;北 for 'North Korea; north; drum' lines up with no sense, so a card would show no hanja at all:
    a native sense takes an empty slot (北;北;)."""
    from korpus.vocab import senses_for_example

    misaligned = [(name, number, lemma, hanja) for name, number, lemma, tag, gloss, hanja in glossary_lines()
                  if ";" in hanja and len(hanja.split(";")) != len(senses_for_example(gloss))]
    assert misaligned == []


def test_no_gloss_has_a_semicolon_inside_parentheses():
    """korpus splits senses on ';': 'way (-ㄹ 수 있다: can; -ㄹ 수 없다: cannot)' would be two broken senses."""
    def semicolon_inside_parentheses(gloss):
        depth = 0
        for char in gloss:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == ";" and depth > 0:
                return True
        return False

    assert [(name, number, lemma) for name, number, lemma, tag, gloss, hanja in glossary_lines()
            if semicolon_inside_parentheses(gloss)] == []


def test_a_spelling_or_register_label_leads_its_sense():
    """'(nonstandard) service (= 서비스)', not 'service (nonstandard spelling of 서비스)': the learner sees first
    that the word is not the standard one."""
    label = re.compile(r"\((nonstandard|non-standard|dialect|archaic|colloquial)\b")

    def label_after_the_start(sense):
        return label.search(sense, re.match(r"(\([^()]*\) )*", sense).end()) is not None

    trailing = [(name, number, lemma) for name, number, lemma, tag, gloss, hanja in glossary_lines()
                if any(label_after_the_start(s.strip()) for s in gloss.split(";"))]
    assert trailing == []


def glossary_review():
    """The second reader's verdicts on a uniform sample of the kiwi-ranked files (tests/data/glossary-review.tsv)."""
    from pathlib import Path

    path = Path(__file__).parent / "data" / "glossary-review.tsv"
    return [line.split("\t") for line in path.read_text(encoding="utf-8").split("\n")
            if line and not line.startswith("#")]


def test_the_reviewed_sample_is_in_the_glossary_and_its_slips_are_fixed():
    """Each minor or wrong verdict's note ends with the gloss that replaced it: "now '...'"."""
    rows = glossary_review()
    glossary = builtin_glossary()
    assert len(rows) == 200 and {verdict for _, _, verdict, _ in rows} <= {"right", "minor", "wrong"}
    assert [(lemma, tag) for lemma, tag, _, _ in rows if (lemma, tag) not in glossary] == []
    fixes = [(lemma, tag, re.search(r"now '(.*)'$", note)) for lemma, tag, verdict, note in rows if verdict != "right"]
    assert [(lemma, tag) for lemma, tag, fix in fixes if not fix or glossary[(lemma, tag)].text != fix[1]] == []
