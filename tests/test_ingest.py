"""`korpus add`: formats, encodings, bad input (corpus unchanged), duplicates, concurrency."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from korpus.cli import cli
from korpus.corpus import Corpus
from korpus.textio import decode_bytes, detect_language

from .conftest import snapshot

KOREAN = ("엔비디아가 새로운 인공지능 칩을 발표했다\n\n"
          "엔비디아는 18일 미국 새너제이에서 열린 개발자 행사에서 차세대 그래픽처리장치를 공개했다. "
          "회사는 이 칩이 기존 제품보다 전력 효율이 두 배 높다고 밝혔다.\n\n"
          "업계에서는 데이터센터 시장의 경쟁이 더욱 치열해질 것으로 보고 있다.\n")
ENGLISH = ("Nvidia unveils a new AI chip\n\n"
           "Nvidia on Monday showed its next graphics processor at a developer event in San Jose. "
           "The company said the chip is twice as power efficient as the one it replaces.\n\n"
           "Analysts expect the data center market to become even more competitive.\n")


def add(runner, corpus: Path, *args):
    return runner.invoke(cli, ["--corpus", str(corpus), "add", *map(str, args)])


def test_add_plain_korean_text(runner, corpus_copy, tmp_path):
    path = tmp_path / "nvidia.txt"
    path.write_text(KOREAN, encoding="utf-8")
    result = add(runner, corpus_copy, path, "--json", "--url", "https://example.com/a", "--date", "2024-03-18")
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert len(created) == 1
    doc = Corpus(corpus_copy).get(created[0]["id"])
    assert doc.lang == "ko" and doc.title == "엔비디아가 새로운 인공지능 칩을 발표했다"
    assert doc.url == "https://example.com/a" and doc.date == "2024-03-18"
    assert len(doc.blocks) == 2 and doc.blocks[0].text.startswith("엔비디아는 18일")
    assert "read as UTF-8" in result.stderr
    assert created[0]["id"].isascii() and created[0]["id"].endswith("-ko")


@pytest.mark.parametrize("encoding, label", [
    ("utf-8-sig", "UTF-8 with BOM"), ("utf-16", "UTF-16"), ("cp949", "EUC-KR"), ("euc-kr", "EUC-KR"),
])
def test_add_decodes_korean_encodings(runner, corpus_copy, tmp_path, encoding, label):
    path = tmp_path / "article.txt"
    path.write_bytes(KOREAN.encode(encoding))
    result = add(runner, corpus_copy, path, "--json")
    assert result.exit_code == 0, result.output
    assert label in result.stderr
    doc = Corpus(corpus_copy).get(json.loads(result.stdout)[0]["id"])
    assert "차세대 그래픽처리장치를 공개했다" in doc.text


def test_cp949_only_characters_are_read_as_cp949():
    text = "똠방각하 햏 뷁 — 국어사전에 없는 글자도 읽는다."
    decoded = decode_bytes(text.replace("—", "-").encode("cp949"))
    assert decoded.encoding == "CP949" and "똠방각하" in decoded.text


def test_add_html_extracts_main_text(runner, corpus_copy, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Nvidia unveils chip</title></head><body>"
        "<nav>Home | Login | Subscribe</nav><article><h1>Nvidia unveils a new AI chip</h1>"
        f"<p>{ENGLISH.splitlines()[2]}</p><h2>Market</h2><p>{ENGLISH.splitlines()[4]} "
        "Investors cheered the news on Tuesday, sending the shares up by three percent.</p>"
        "<script>alert('x')</script></article><footer>Copyright 2024 Example Media</footer></body></html>",
        encoding="utf-8")
    result = add(runner, corpus_copy, path, "--json")
    assert result.exit_code == 0, result.output
    doc = Corpus(corpus_copy).get(json.loads(result.stdout)[0]["id"])
    assert doc.lang == "en" and doc.title == "Nvidia unveils a new AI chip"
    assert [b.kind for b in doc.blocks] == ["paragraph", "heading", "paragraph"]
    assert "alert" not in doc.text and "Login" not in doc.text and "Copyright" not in doc.text


def test_add_markdown_with_pairing(runner, corpus_copy, tmp_path):
    ko = tmp_path / "ko.md"
    ko.write_text("# 엔비디아 새 칩\n\n" + KOREAN.split("\n\n", 1)[1], encoding="utf-8")
    en = tmp_path / "en.md"
    en.write_text("# Nvidia unveils a new AI chip\n\n" + ENGLISH.split("\n\n", 1)[1], encoding="utf-8")
    first = add(runner, corpus_copy, ko, "--json")
    ko_id = json.loads(first.stdout)[0]["id"]
    second = add(runner, corpus_copy, en, "--pair-with", ko_id, "--json")
    assert second.exit_code == 0, second.output
    en_doc = json.loads(second.stdout)[0]
    assert en_doc["paired_with"] == [ko_id]
    assert Corpus(corpus_copy).get(ko_id).versions == (en_doc["id"],)
    assert "versions" not in (corpus_copy / ko_id.rsplit("-", 1)[0] / "ko.md").read_text(encoding="utf-8")


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t\n   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02\xff" * 100)
    (tmp_path / "huge.txt").write_text("가" * 2_000_000, encoding="utf-8")
    (tmp_path / "english.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "good.txt").write_text(KOREAN, encoding="utf-8")
    return {
        "missing": (["nope.txt"], "no such file"),
        "empty": (["empty.txt"], "file is empty"),
        "blank": (["blank.txt"], "only whitespace"),
        "binary": (["binary.txt"], "binary file"),
        "png": (["image.png"], "binary file"),
        "huge": (["huge.txt"], "over the 5.2 MB limit"),
        "small-limit": (["good.txt", "--max-size", "100"], "over the 0.0 MB limit"),
        "no-korean": (["english.txt", "--lang", "ko"], "holds no Korean"),
        "unknown-pair": (["good.txt", "--pair-with", "no-such-doc"], "no document with id 'no-such-doc'"),
        "bad-date": (["good.txt", "--date", "18/03/2024"], "--date must be YYYY-MM-DD"),
        "one-bad-of-two": (["good.txt", "empty.txt"], "file is empty"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "blank", "binary", "png", "huge", "small-limit",
                                  "no-korean", "unknown-pair", "bad-date", "one-bad-of-two"])
def test_bad_input_is_refused_and_changes_nothing(runner, corpus_copy, tmp_path, case):
    args, message = _bad_inputs(tmp_path)[case]
    args = [str(tmp_path / a) if i == 0 or a.endswith((".txt", ".png")) else a for i, a in enumerate(args)]
    before = snapshot(corpus_copy)
    result = add(runner, corpus_copy, *args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert snapshot(corpus_copy) == before


def test_pairing_with_a_story_that_has_the_language_is_refused(runner, corpus_copy, tmp_path):
    path = tmp_path / "en.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    before = snapshot(corpus_copy)
    result = add(runner, corpus_copy, path, "--pair-with", "ms-ai-chips-ko")
    assert result.exit_code == 1
    assert "already has a English version (ms-ai-chips-en)" in result.output
    assert snapshot(corpus_copy) == before


def test_adding_the_same_text_twice_is_a_no_op(runner, corpus_copy, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(KOREAN, encoding="utf-8")
    assert add(runner, corpus_copy, path).exit_code == 0
    before = snapshot(corpus_copy)
    respaced = tmp_path / "b.txt"
    respaced.write_text(KOREAN.replace(" ", "  ").upper(), encoding="utf-16")
    result = add(runner, corpus_copy, respaced)
    assert result.exit_code == 0
    assert "already in the corpus as" in result.stderr and "nothing added" in result.stderr
    assert snapshot(corpus_copy) == before


def test_seed_article_text_is_detected_as_duplicate(runner, corpus_copy, tmp_path):
    doc = Corpus(corpus_copy).get("ms-ai-chips-en")
    path = tmp_path / "copy.md"
    path.write_text(f"# {doc.title}\n\n" + "\n\n".join(doc.paragraphs), encoding="utf-8")
    result = add(runner, corpus_copy, path)
    assert "already in the corpus as ms-ai-chips-en" in result.stderr


def test_concurrent_adds_do_not_corrupt_the_corpus(corpus_copy, tmp_path):
    procs = []
    for n in range(4):
        path = tmp_path / f"article{n}.txt"
        path.write_text(f"동시 추가 시험 기사 {n}\n\n" + KOREAN.split("\n\n", 1)[1].replace("18일", f"{n + 10}일"),
                        encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-m", "korpus.cli", "--corpus", str(corpus_copy), "add",
                                       str(path), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    ids = [json.loads(out)[0]["id"] for out, _ in outputs]
    assert len(set(ids)) == 4
    corpus = Corpus(corpus_copy)
    assert all(corpus.get(i).lang == "ko" for i in ids)
    assert not list(corpus_copy.rglob("*.tmp"))


@pytest.mark.parametrize("text, lang", [
    (KOREAN, "ko"), (ENGLISH, "en"),
    ("Le nouveau niveau Entreprise peut coûter entre 42 000 $ et 210 000 $ par mois, selon le nombre de tweets.", "fr"),
    ("Layanan Microsoft menggunakan AI untuk membantu pembeli iklan mengelola akun media sosial mereka di satu tempat.", "id"),
    ("MS는 ChatGPT와 GPT-4 API를 Azure에서 제공한다고 밝혔다.", "ko"),
    ("12345 67890", None),
])
def test_language_detection(text, lang):
    assert detect_language(text) == lang


def test_atomic_replace_keeps_the_old_file_when_the_writer_fails(tmp_path):
    """The one mechanism behind every write to corpus/ and decks/ (CoNLL-U, Markdown, .apkg)."""
    from korpus.corpus import atomic_replace, atomic_write_text

    target = tmp_path / "decks" / "korpus.apkg"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_replace(target) as tmp:
            tmp.write_text("half of the new", encoding="utf-8")
            raise RuntimeError("the writer failed")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["korpus.apkg"]
    with atomic_replace(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["korpus.apkg"]


FRENCH = ("Le président a annoncé une réforme\n\n"
          "Le président a annoncé à Paris une réforme très attendue par les entreprises du secteur.\n\n"
          "Les syndicats jugent cette annonce naïve et déjà dépassée, selon leur porte-parole.\n")


def test_latin1_french_is_added_with_its_accents(runner, corpus_copy, tmp_path):
    path = tmp_path / "fr.txt"
    path.write_bytes(FRENCH.encode("latin-1"))
    result = add(runner, corpus_copy, path, "--json")
    assert result.exit_code == 0, result.output
    assert "read as CP1252" in result.stderr
    doc = Corpus(corpus_copy).get(json.loads(result.stdout)[0]["id"])
    assert (doc.lang, doc.title) == ("fr", "Le président a annoncé une réforme")
    assert doc.paragraphs == (
        "Le président a annoncé à Paris une réforme très attendue par les entreprises du secteur.",
        "Les syndicats jugent cette annonce naïve et déjà dépassée, selon leur porte-parole.")


def test_encoding_option_forces_the_codec(runner, corpus_copy, tmp_path):
    text = "Ça coûte cher\n\nÇa coûte très cher, répète-t-il à la presse française.\n"
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("latin-1"))
    result = add(runner, corpus_copy, path, "--json", "--encoding", "latin-1", "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "read as ISO8859-1" in result.stderr
    doc = Corpus(corpus_copy).get(json.loads(result.stdout)[0]["id"])
    assert doc.title == "Ça coûte cher"
    assert doc.paragraphs == ("Ça coûte très cher, répète-t-il à la presse française.",)


def test_html_inline_formatting_becomes_plain_text(runner, corpus_copy, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>해외입양 보도</title></head><body><article><h1>해외입양 보도</h1>"
        "<p>[부산=뉴스1 기자] &lt;해외입양과 돈&gt; 보도에 <em>따르면</em> 입양 <b>기관</b>이 "
        "<i>수수료</i>를 <u>받았다</u>고 <strong>밝혔다</strong>. 규모는 <mark>수십억</mark> 원, "
        "10<sup>3</sup> 건이다.</p><h2>반응</h2>"
        "<p>정부는 *별표*와 _밑줄_ 그리고 \\역슬래시를 그대로 두고 조사하겠다고 말했다.</p>"
        "<ul><li>첫째 <em>항목</em>이다</li><li>둘째 [항목]이다</li></ul></article></body></html>",
        encoding="utf-8")
    result = add(runner, corpus_copy, path, "--json")
    assert result.exit_code == 0, result.output
    doc = Corpus(corpus_copy).get(json.loads(result.stdout)[0]["id"])
    assert doc.title == "해외입양 보도"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "[부산=뉴스1 기자] <해외입양과 돈> 보도에 따르면 입양 기관이 수수료를 받았다고 밝혔다. "
                      "규모는 수십억 원, 103 건이다."),
        ("heading", "반응"),
        ("paragraph", "정부는 *별표*와 _밑줄_ 그리고 \\역슬래시를 그대로 두고 조사하겠다고 말했다."),
        ("item", "첫째 항목이다"),
        ("item", "둘째 [항목]이다"),
    ]


@pytest.mark.parametrize("given", ["ko-KR", "KO", "ko_KR"])
def test_lang_codes_are_normalised(runner, corpus_copy, tmp_path, given):
    path = tmp_path / "ko.txt"
    path.write_text(KOREAN, encoding="utf-8")
    result = add(runner, corpus_copy, path, "--json", "--lang", given)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["lang"] == "ko"


def test_control_characters_in_a_title_from_the_file_are_stripped(runner, corpus_copy, tmp_path):
    path = tmp_path / "ko.txt"
    path.write_text("\x1b]0;pwned\x07엔비디아가 새 칩을 발표했다\n\n" + KOREAN.split("\n\n", 1)[1], encoding="utf-8")
    result = add(runner, corpus_copy, path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["title"] == "엔비디아가 새 칩을 발표했다"


def test_utf8_korean_with_one_nul_is_not_added_even_with_a_title(runner, corpus_copy, tmp_path):
    data = KOREAN.encode("utf-8")
    data = data[:100] + b"\x00" + data[100:]
    path = tmp_path / "ko.txt"
    path.write_bytes(data + b"\n" * (len(data) % 2))
    before = snapshot(corpus_copy)
    result = add(runner, corpus_copy, path, "--title", "제목")
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}: looks like a binary file: it holds a NUL byte at byte 100, which text "
                             "never does; if it is UTF-16 text without a byte-order mark, give its encoding with "
                             "--encoding NAME, or re-save the file as UTF-8\n")
    assert snapshot(corpus_copy) == before


# --- folders, globs, --skip-bad and the title of a plain text ------------------------------
SENTENCE_FIRST = ("엔비디아는 18일 미국 새너제이에서 열린 개발자 행사에서 차세대 그래픽처리장치를 공개했다.\n\n"
                  "회사는 이 칩이 기존 제품보다 전력 효율이 두 배 높다고 밝혔다.\n")


def _news_folder(tmp_path: Path) -> Path:
    """A learner's folder of articles, with the files an editor and a file manager leave beside them."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "b-chips.txt").write_text(KOREAN, encoding="utf-8")
    (folder / "a-english.md").write_text("# " + ENGLISH, encoding="utf-8")
    for junk in (".hidden.txt", ".#b-chips.txt", "b-chips.txt~", "#b-chips.txt#", "notes.pdf"):
        (folder / junk).write_text(KOREAN + junk, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "c.txt").write_text(SENTENCE_FIRST, encoding="utf-8")
    return folder


def test_a_folder_adds_its_article_files_in_order_and_skips_junk(runner, corpus_copy, tmp_path):
    folder = _news_folder(tmp_path)
    result = add(runner, corpus_copy, folder)
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
        f"{folder}/a-english.md", f"{folder}/b-chips.txt"]


def test_a_quoted_glob_is_expanded(runner, corpus_copy, tmp_path):
    folder = _news_folder(tmp_path)
    result = add(runner, corpus_copy, f"{folder}/*/*.txt", f"{folder}/b-*.txt")
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [f"{folder}/sub/c.txt", f"{folder}/b-chips.txt"]


def test_a_glob_matching_nothing_is_refused(runner, corpus_copy, tmp_path):
    result = add(runner, corpus_copy, f"{tmp_path}/*.txt")
    assert (result.exit_code, result.output) == (1, f"Error: {tmp_path}/*.txt: no file matches this pattern\n")


def test_one_bad_file_refuses_all_by_default(runner, corpus_copy, tmp_path):
    folder = _news_folder(tmp_path)
    (folder / "c-empty.txt").write_bytes(b"")
    before = snapshot(corpus_copy)
    result = add(runner, corpus_copy, folder)
    assert (result.exit_code, result.output) == (1, f"Error: {folder}/c-empty.txt: file is empty\n")
    assert snapshot(corpus_copy) == before


def test_skip_bad_adds_the_good_files_and_lists_the_bad(runner, corpus_copy, tmp_path):
    folder = _news_folder(tmp_path)
    (folder / "c-empty.txt").write_bytes(b"")
    (folder / "d-binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    result = add(runner, corpus_copy, folder, "--skip-bad")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{folder}/a-english.md: added as nvidia-unveils-a-new-ai-chip-en")
    assert lines[1].startswith(f"{folder}/b-chips.txt: added as")
    assert lines[2] == f"not added: {folder}/c-empty.txt: file is empty"
    assert lines[3].startswith(f"not added: {folder}/d-binary.txt: ")
    assert lines[4] == "Error: 2 of 4 files not added (listed above); fix them and add them again"
    assert "nvidia-unveils-a-new-ai-chip-en" in Corpus(corpus_copy).ids()


@pytest.mark.parametrize("first_line, title, title_from", [
    ("엔비디아, 차세대 AI 칩 공개", "엔비디아, 차세대 AI 칩 공개", "the first line"),
    ("엔비디아는 18일 차세대 그래픽처리장치를 공개했다.", "nvidia new chip", "the file name"),
    ("엔비디아 " * 30, "nvidia new chip", "the file name"),  # 150 characters: a paragraph, not a heading
])
def test_the_title_of_a_plain_text(runner, corpus_copy, tmp_path, first_line, title, title_from):
    path = tmp_path / "nvidia-new_chip.txt"
    path.write_text(first_line + "\n\n" + SENTENCE_FIRST, encoding="utf-8")
    result = add(runner, corpus_copy, path, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)[0]
    assert doc["title"] == title
    assert f"; title from {title_from}: {title!r})" in result.stderr
    text = Path(doc["path"]).read_text(encoding="utf-8")
    assert (first_line.strip() in text.split("---")[-1]) == (title_from == "the file name")
