"""What keeps korpus linear as a learner's corpus grows: adding touches only the new files."""

from __future__ import annotations

import json

from korpus.cli import cli

from .conftest import snapshot


def test_adding_a_version_rewrites_no_other_document(runner, corpus_copy, tmp_path):
    english = tmp_path / "original.txt"
    english.write_text("Kakao to spend more on AI\n\nKakao said on Tuesday it would raise its spending on "
                       "data centers and AI chips next year, after a quarter of strong sales.\n", encoding="utf-8")
    before = snapshot(corpus_copy)
    result = runner.invoke(cli, ["--corpus", str(corpus_copy), "add", str(english), "--lang", "en",
                                 "--pair-with", "kakao-capex-ko", "--json"])
    assert result.exit_code == 0, result.output
    after = snapshot(corpus_copy)
    assert sorted(set(after) - set(before)) == ["kakao-capex/en.md"]
    assert {k: v for k, v in after.items() if k in before} == before  # the Korean file is untouched
    listed = json.loads(runner.invoke(cli, ["--corpus", str(corpus_copy), "list", "--json"]).stdout)
    paired = {d["id"]: d["paired_with"] for d in listed}
    assert paired["kakao-capex-ko"] == ["kakao-capex-en"] and paired["kakao-capex-en"] == ["kakao-capex-ko"]
