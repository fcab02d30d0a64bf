"""Seed ingestion: the five page scrapes become exactly the expected clean documents."""

from __future__ import annotations

import re

import pytest

from korpus.cli import cli
from korpus.corpus import Corpus
from korpus.seeds import load_seed_documents

from .conftest import SEEDS, SHIPPED_CORPUS, snapshot


@pytest.fixture(scope="module")
def seed_docs():
    return {d.id: d for d in load_seed_documents(SEEDS)}


def test_seeds_are_the_shared_files_unchanged():
    names = sorted(p.name for p in SEEDS.iterdir())
    assert names == ["000_83cf4191348475f6.txt", "001_f61adccb51867d29.txt", "002_f6402e443f429a2e.txt",
                     "003_7281e2faa5799d90.txt", "004_b47e321f1f32ac16.txt"]
    shared = SEEDS.parent.parent / "shared" / "seeds"
    if shared.exists():
        for name in names:
            assert (SEEDS / name).read_bytes() == (shared / name).read_bytes()


def test_document_counts_per_language(seed_docs):
    langs = {}
    for doc in seed_docs.values():
        langs[doc.lang] = langs.get(doc.lang, 0) + 1
    assert langs == {"ko": 12, "en": 2, "fr": 1, "id": 1}


@pytest.mark.parametrize("doc_id, title, section, author", [
    ("genz-burnout-ko", "11월 3주차 - 번아웃 증후군에 시달리는 Z 세대들", "[실리콘밸리]", "이효정"),
    ("ms-ai-chips-ko", "MS 자체 AI 칩 공개, '마이아·코발트 100' 선보여", "[해외 DS]", "이시호"),
    ("remote-work-decline-ko", "근무 효율 떨어트려 현장서 사라지는 재택근무, 직원 위한 하이브리드 출근제 고려할 필요도", None, "장형원"),
    ("chatgpt-classroom-ko", "학생들이 직접 ChatGPT 사용해 봐야 AI 교육 효과 있어", "[해외 DS]", "이태선"),
    ("musicow-securities-ko", "비정형 자산 증권화 나선 뮤직카우, 조각투자 제도권 안착 앞당길까", None, "김민정"),
    ("kakao-capex-ko", "CAPEX 규모 감소에 '경영공백' 우려 띄운 카카오, 정작 대중들은 \"글쎄\"", None, "김동현"),
    ("ott-latecomers-ko", "'OTT 후발주자' 디즈니플러스·쿠팡플레이의 맹추격, 잊혀진 유료 방송", None, "김서지"),
    ("netflix-golf-live-ko", "美 프로 골프에 '풀스윙' 날린 넷플릭스, 이번엔 실시간 중계 나선다", None, "전수빈"),
    ("ecommerce-traffic-abusing-ko", "산 사람도 없는데 판매 1위라고? 이커머스 '트래픽 어뷰징', 처벌만으로 잡을 수 있나", None, "김서지"),
    ("legaltech-korea-ko", "리걸테크 흐름 '역행'하는 韓, 이익 좇는 정치권과 찢어진 기술 혁신의 꿈", None, "박창진"),
    ("ms-drops-twitter-ko", "마이크로소프트가 트위터를 ‘손절’한 이유", None, "류정민"),
    ("zuckerberg-altman-social-ai-ko", "주커버그 vs. 앨트먼: 소셜 AI의 패권을 둘러싼 대결. 한국은?", None, "myinfo3482-1"),
    ("ms-ai-chips-en", "Microsoft Unveils Its First Custom, In-house Chips", None, None),
    ("chatgpt-classroom-en", "To Educate Students about AI, Make Them Use It", None, None),
    ("ms-drops-twitter-fr", "Musk s’engage à intenter une action en justice alors que Microsoft retire Twitter de sa plateforme publicitaire", None, None),
    ("ms-drops-twitter-id", "Elon Musk Mengancam akan Menuntut Microsoft dengan Tuduhan Menggunakan Data Twitter Tanpa Izin", None, None),
])
def test_titles_sections_authors(seed_docs, doc_id, title, section, author):
    doc = seed_docs[doc_id]
    assert doc.title == title
    assert doc.section == section
    assert doc.author == author


def test_summaries_are_kept_out_of_the_body(seed_docs):
    chips = seed_docs["ms-ai-chips-ko"]
    assert chips.summary == ("마이아는 새로운 AI 가속기 제품군", "코발트는 클라우드 용 Arm 기반 CPU",
                             "클라우드 하드웨어의 비용과 성능 최적화")
    assert chips.blocks[0].text.startswith("마이크로소프트가(MS) 15일(현지 시각)")
    twitter = seed_docs["ms-drops-twitter-ko"]
    assert twitter.summary[0].startswith("마이크로소프트의 소셜미디어 관리 도구를")
    assert not any("[AI요약]" in b.text for b in twitter.blocks)


def test_english_originals_have_title_subtitle_and_glance_as_metadata(seed_docs):
    en = seed_docs["ms-ai-chips-en"]
    assert en.subtitle.startswith("Microsoft developed two new chips")
    assert len(en.summary) == 3 and en.summary[1].startswith("Maia is a new line of AI accelerators")
    assert en.blocks[0].text.startswith("Microsoft today unveiled its first two custom")
    assert not any("At a Glance" in b.text for b in en.blocks)
    assert en.blocks[-1].text.endswith("off the shelf.")
    ko = seed_docs["ms-ai-chips-ko"]
    assert not any(re.search(r"Microsoft Unveils|At a Glance", b.text) for b in ko.blocks)
    classroom = seed_docs["chatgpt-classroom-en"]
    assert classroom.blocks[0].text.startswith("ChatGPT’s ability to produce humanlike text")
    assert classroom.blocks[-1].text.endswith("reverting to where AI is.")
    assert seed_docs["chatgpt-classroom-ko"].blocks[-1].text.endswith("큰 경종을 울린다.")


def test_pairings_and_story_versions(tmp_path, runner):
    result = runner.invoke(cli, ["--corpus", str(tmp_path / "c"), "import-seeds", "--seeds", str(SEEDS)])
    assert result.exit_code == 0, result.output
    docs = {d.id: d for d in Corpus(tmp_path / "c").documents()}
    assert docs["ms-ai-chips-ko"].versions == ("ms-ai-chips-en",)
    assert docs["chatgpt-classroom-en"].versions == ("chatgpt-classroom-ko",)
    assert docs["ms-drops-twitter-ko"].versions == ("ms-drops-twitter-fr", "ms-drops-twitter-id")
    assert docs["ms-drops-twitter-fr"].versions == ("ms-drops-twitter-id", "ms-drops-twitter-ko")
    unpaired = [d for d in docs.values() if not d.versions]
    assert len(unpaired) == 9


def test_headings_items_and_metadata(seed_docs):
    chips = seed_docs["ms-ai-chips-ko"]
    headings = [b.text for b in chips.blocks if b.kind == "heading"]
    assert headings == ["마이아, AI 가속기", "범용 워크로드를 위한 코발트 CPU", "파트너 협력 및 다각화를 통한 경쟁력 확보"]
    social = seed_docs["zuckerberg-altman-social-ai-ko"]
    assert social.date == "2025-04-20"
    assert sum(1 for b in social.blocks if b.kind == "item") == 22
    indonesian = seed_docs["ms-drops-twitter-id"]
    assert indonesian.date == "2023-06-24" and indonesian.source == "Responsulteng"
    assert indonesian.blocks[0].text.startswith("Elon Musk mengancam akan menuntut Microsoft")
    assert seed_docs["ms-drops-twitter-ko"].source == "Tech42"
    assert "재택근무자들이 줌(ZOOM)을 통해 회의하는 모습" in seed_docs["remote-work-decline-ko"].captions


BOILERPLATE = [
    "Picture", "Member for", "Real name", "Position", "Bio", "months", "@", "email protected", "수정",
    "Skip to main content", "genZ_playground_20240110", "20231115152901_206166", "사진=", "출처=",
    "이미지=", "관련 기사", "딥엘", "틱톡’은 누가", "저작권자", "무단전재", "기자의 다른 기사보기", "류정민 기자",
    "Baca Juga", "Tags", "Terkini", "Terpopuler", "LAISSER UN COMMENTAIRE", "S'il vous plaît",
    "Le plus populaire", "commentaires", "Publicité", "Getty Images", "utm_", "http", "www.",
    "지식은 전달하는 정보가 아니라", "세상은 다면적입니다", "작은 나비의 날개짓", "세상은 이야기로 만들어져",
    "오늘 꼭 알아야 할 소식", "가공되지 않은 정보는", "매일같이 달라지는 세상과", "정보의 홍수",
    "지근거리를 비추는 등불", "콘텐츠 제휴가 진행 중입니다", "게재되었습니다", "Editor:", "Sumber:",
    "/Twitter @ST", "Mark Zuckerberg (kiri)", "RESPONSULTENG", "***",
]


@pytest.mark.parametrize("needle", BOILERPLATE)
def test_no_boilerplate_survives_in_any_body(seed_docs, needle):
    for doc in seed_docs.values():
        for block in doc.blocks:
            assert needle not in block.text, f"{needle!r} in {doc.id}: {block.text[:80]}"
        assert needle not in doc.title


def test_import_seeds_is_deterministic_and_rerunnable(tmp_path, runner):
    target = tmp_path / "corpus"
    result = runner.invoke(cli, ["--corpus", str(target), "import-seeds", "--seeds", str(SEEDS)])
    assert result.exit_code == 0, result.output
    shipped = {k: v for k, v in snapshot(SHIPPED_CORPUS).items() if k.endswith(".md")}
    assert snapshot(target) == shipped and len(shipped) == 16
    again = runner.invoke(cli, ["--corpus", str(target), "import-seeds", "--seeds", str(SEEDS)])
    assert "0 files changed" in again.output
    assert snapshot(target) == shipped
