"""Korean news pages come in clean: ``korpus add page.html`` gives exactly what a careful
editor keeps (tests/data/pages/README.md is the specification, NAME.expected.json the answer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from korpus.cli import cli
from korpus.corpus import Corpus

PAGES = Path(__file__).parent / "data" / "pages"
PAGE_NAMES = sorted(p.name[: -len(".expected.json")] for p in PAGES.glob("*.expected.json"))


def added_document(runner, tmp_path: Path, page: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = runner.invoke(cli, ["--corpus", str(corpus), "add", str(page)])
    assert result.exit_code == 0, result.output
    (document,) = Corpus(corpus).documents()
    return document


def as_expected(document) -> dict:
    """The document in the expected file's shape."""
    return {
        "title": document.title, "source": document.source, "url": document.url, "date": document.date,
        "author": document.author, "summary": list(document.summary), "captions": list(document.captions),
        "notes": list(document.notes),
        "paragraphs": [{"kind": b.kind, "text": b.text} for b in document.blocks],
    }


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_comes_in_clean(runner, tmp_path, name):
    expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    got = as_expected(added_document(runner, tmp_path, PAGES / f"{name}.html"))
    assert "\\" not in json.dumps(got, ensure_ascii=False).replace('\\"', "")
    for key in ("title", "source", "url", "date", "author", "summary", "captions", "notes"):
        assert got[key] == expected[key], key
    assert got["paragraphs"] == expected["paragraphs"]


def test_the_page_set_is_complete():
    assert len(PAGE_NAMES) == 15


# -- the same rules for a pasted plain-text article ------------------------------------------
PASTED = [
    pytest.param("세종 전통시장 상품권 환급\n▲4일 세종시청에서 참석자들이 기념촬영을 하고 있다. 사진=세종시 제공\n"
                 "세종시가 전통시장 소비를 늘리기 위해 상품권을 돌려준다.\n",
                 {"captions": ["4일 세종시청에서 참석자들이 기념촬영을 하고 있다."]}, id="caption-with-credit"),
    pytest.param("세종 전통시장 상품권 환급\n입력 2020.08.27 20:27\n수정 2020.08.28 09:10\n"
                 "세종시가 전통시장 소비를 늘리기 위해 상품권을 돌려준다.\n",
                 {"date": "2020-08-27"}, id="input-stamp"),
    pytest.param("신인 투수의 데뷔전\n[부산=스포츠조선 선수민 기자] “하나도 안 떨렸어요.”\n그는 6이닝을 던졌다.\n",
                 {"author": "선수민", "paragraphs": ["“하나도 안 떨렸어요.”", "그는 6이닝을 던졌다."]},
                 id="sports-dateline"),
    pytest.param("주말 전국에 황사\n(서울=연합뉴스) 오세린 기자 = 황사가 전국을 뒤덮는다.\n▼\n마스크를 쓰라고 당부했다.\n"
                 "seorin@yna.co.kr\n제보는 카카오톡 okjebo\n<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>\n",
                 {"author": "오세린", "paragraphs": ["황사가 전국을 뒤덮는다.", "마스크를 쓰라고 당부했다."]},
                 id="yonhap-dateline-and-tail"),
    pytest.param("입양 수수료 장부\n[편집자주] 이 기사는 연속 보도의 세 번째 순서다.\n장부가 확인됐다.\n",
                 {"notes": ["이 기사는 연속 보도의 세 번째 순서다."], "paragraphs": ["장부가 확인됐다."]},
                 id="editor-note"),
    pytest.param("속초 음식축제\n【속초】 축제에 12만명이 다녀갔다.\n최동훈기자 dhchoi@kwnews.co.kr\n",
                 {"author": "최동훈", "paragraphs": ["축제에 12만명이 다녀갔다."]}, id="regional-dateline-byline"),
]


@pytest.mark.parametrize("text, expected", PASTED)
def test_pasted_news_text_loses_its_furniture(runner, tmp_path, text, expected):
    path = tmp_path / "article.txt"
    path.write_text(text.replace("\n", "\n\n"), encoding="utf-8")  # one paragraph a line, as pasted
    got = as_expected(added_document(runner, tmp_path, path))
    got["paragraphs"] = [p["text"] for p in got["paragraphs"]]
    assert {key: got[key] for key in expected} == expected
    assert not any(mark in text for text in got["paragraphs"] for mark in ("▲", "▼", "입력 2", "기자", "@"))


CAPTIONS = [
    ("경기 평택시 반도체 공장 전경. 사진=한경DB", "경기 평택시 반도체 공장 전경."),
    ("월별 반도체 수출액 추이 / 그래픽=김선영 기자", "월별 반도체 수출액 추이"),
    ("국민연금 적립금 전망. /그래픽=조선디자인랩 이민경", "국민연금 적립금 전망."),
    ("연구팀이 개발한 칩. [사진 한국과학기술원]", "연구팀이 개발한 칩."),
    ("배터리 셀. [사진=전자신문DB]", "배터리 셀."),
    ("보고서 초안을 작성하고 있다. (사진=클라우드 업계)", "보고서 초안을 작성하고 있다."),
    ("시민들이 자전거를 빌리고 있다. 서울신문DB", "시민들이 자전거를 빌리고 있다."),
    ("18세기 백자 달항아리. 국립공예박물관 제공", "18세기 백자 달항아리."),
    ("▲ 위원들이 논의하고 있다. 뉴스1", "위원들이 논의하고 있다."),
    ("롯데 선발이 역투하고 있다. 부산=강민서 기자 minseo@sportschosun.com", "롯데 선발이 역투하고 있다."),
    ("축하를 받는 박태오. 사진제공=롯데 자이언츠", "축하를 받는 박태오."),
    ("(대전=연합뉴스) 소행성의 이동 경로. 2024.3.24 [한국천문연구원 제공. 재판매 및 DB 금지] photo@yna.co.kr",
     "소행성의 이동 경로."),
    ("(서울=연합뉴스) 김민아 기자 = 소행성 모양 추정도. 2024.3.24 kma@yna.co.kr", "소행성 모양 추정도."),
    ("▲관광객들이 음식을 맛보고 있다./사진=속초시 제공", "관광객들이 음식을 맛보고 있다."),
    ("교육부 세종청사 전경. /뉴스1", "교육부 세종청사 전경."),
    ("사진=세종시 제공", ""),
]


@pytest.mark.parametrize("caption, expected", CAPTIONS)
def test_caption_loses_its_credit(caption, expected):
    from korpus.pagetext import news_caption

    assert news_caption(caption) == expected


TITLES = [
    ("대전일보 모바일 :: 세종 전통시장 상품권", {"대전일보"}, "세종 전통시장 상품권"),
    ("반도체 수출 증가 : 네이버 뉴스", set(), "반도체 수출 증가"),
    ("웹툰 작가 인터뷰 : 문화일반 : 문화 : 뉴스 : 한겨레", {"한겨레"}, "웹툰 작가 인터뷰"),
    ("[단독] 선거구 획정안 늦어져｜동아일보", {"동아일보"}, "[단독] 선거구 획정안 늦어져"),
    ("‘따릉이’ 대여 4400만건 | 다음뉴스", {"서울신문"}, "‘따릉이’ 대여 4400만건"),
    ("서울 - 부산 고속철 개통", {"경향신문"}, "서울 - 부산 고속철 개통"),
]


@pytest.mark.parametrize("title, names, expected", TITLES)
def test_title_loses_the_site_name(title, names, expected):
    from korpus.newspage import strip_site_name

    assert strip_site_name(title, names) == expected


GENERIC_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>시골 버스 노선 다시 늘린다</title></head>
<body><nav><a href="/">홈</a> <a href="/local">지역</a></nav>
<main><h1>시골 버스 노선 다시 늘린다</h1>
<div class="story">
<p>입력 2024.05.02 10:15</p>
<p>▲2일 한 마을 정류장에서 주민들이 버스를 기다리고 있다. 사진=○○군 제공</p>
<p>[충주=오늘신문 한지민 기자] 충북 충주시가 줄였던 시골 버스 노선을 다시 늘린다. 민원이 잇따랐기 때문이다.</p>
<p>시는 다음 달부터 읍면 지역 버스 12개 노선의 하루 운행 횟수를 두 배로 늘린다고 2일 밝혔다.</p>
<p>시 관계자는 “어르신들이 병원과 장에 다니기 편하도록 시간표도 다시 짜겠다”고 말했다.</p>
<p>한지민 기자 jimin@example.co.kr</p>
<p>ⓒ 오늘신문, 무단전재 및 재배포 금지</p>
</div></main><footer>회사 소개</footer></body></html>
"""


def test_a_page_of_unknown_shape_loses_the_same_furniture(runner, tmp_path):
    """A page no rule of the data file knows goes to trafilatura; its text then meets the same line rules."""
    path = tmp_path / "page.html"
    path.write_text(GENERIC_PAGE, encoding="utf-8")
    got = as_expected(added_document(runner, tmp_path, path))
    assert got["captions"] == ["2일 한 마을 정류장에서 주민들이 버스를 기다리고 있다."]
    assert (got["title"], got["date"], got["author"]) == ("시골 버스 노선 다시 늘린다", "2024-05-02", "한지민")
    assert [p["text"] for p in got["paragraphs"]] == [
        "충북 충주시가 줄였던 시골 버스 노선을 다시 늘린다. 민원이 잇따랐기 때문이다.",
        "시는 다음 달부터 읍면 지역 버스 12개 노선의 하루 운행 횟수를 두 배로 늘린다고 2일 밝혔다.",
        "시 관계자는 “어르신들이 병원과 장에 다니기 편하도록 시간표도 다시 짜겠다”고 말했다."]


FURNITURE_LINES = [
    ("입력 2020.08.27 20:27", True),
    ("기사입력 2024-04-08 18:42 | 최종수정 2024-04-09 09:00", True),
    ("입력 :2024/03/25 10:12", True),
    ("송고시간2024-03-24 11:00", True),
    ("▼", True),
    ("▶ 네이버에서 한국경제 구독하기", True),
    ("[관련기사] ▶ 보건용 마스크 고르는 법", True),
    ("seorin@yna.co.kr", True),
    ("제보는 카카오톡 okjebo", True),
    ("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", True),
    ("세종=김하늘 기자 sky@daejonilbo.com", True),
    ("김민준·박소영 기자 kim.minjun@joongang.co.kr", True),
    ("글·사진 최유나 기자 yuna@hani.co.kr", True),
    ("취재 홍지수 촬영 이민수 편집 박소라 디자인 정예린", True),
    ("등록 3일 만에 신청자 10만 명이 몰렸다.", False),
    ("입력한 정보가 틀리면 다시 신청해야 한다.", False),
    ("▶ 시는 올해 안에 대여소 300곳을 새로 만들고, 고장 신고가 잦은 구형 자전거 3000대를 연말까지 모두 바꾸기로 했다.", False),
    ("연구진은 ▲소행성의 자전 주기 ▲표면 성분을 분석했다.", False),
]


@pytest.mark.parametrize("line, furniture", FURNITURE_LINES)
def test_news_furniture_lines(line, furniture):
    from korpus.pagetext import is_news_furniture

    assert is_news_furniture(line) is furniture
