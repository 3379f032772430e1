"""Every shape of minutes the product reads, one small file each (tests/fixtures/shapes/).

Each fixture was written for this test in the project's own words; each reproduces one
way councils write "who speaks, then what they say", or one header, agenda or document
shape that real minutes have.
"""

from __future__ import annotations

import pytest

from kaigiroku.indexer.parse import ParseError, parse_file
from tests.conftest import FIXTURES

SHAPES = FIXTURES / "shapes"
C, M, E, S = "chair", "member", "executive", "secretariat"

# file -> (layout, [(speaker, role)], date, municipality)
TURNS = {
    "marked-name-title": ("marked", [("新美会長", C), ("事務局", S), ("田村委員", M), ("都市景観課長", E), ("新美会長", C)],
                          "2024-10-03", "緑ヶ丘市"),
    "marked-spaced-name": ("marked", [("北 三郎委員長", C), ("交通政策係長", E), ("南 次郎委員", M), ("交通政策係長", E),
                                      ("北 三郎委員長", C)], "2023-06-12", "東浜町"),
    "marked-alone": ("marked", [("鈴木委員長", C), ("林委員", M), ("子育て支援課長", E), ("浅井委員", M),
                                ("子育て支援課長", E), ("鈴木委員長", C)], "2022-11-08", "西山村"),
    "space-after-mark": ("marked", [("委員長", C), ("館長", E), ("委員", M), ("館長", E), ("委員長", C)],
                         "2024-05-20", "港南区"),
    "bracket-inline": ("bracketed", [("会長", C), ("事務局", S), ("委員", M), ("事務局", S), ("会長", C)],
                       "2023-09-14", "北川市"),
    "angle-alone": ("bracketed", [("会長", C), ("事務局", S), ("委員", M), ("事務局", S), ("会長", C)],
                    "2022-03-02", "南台町"),
    "lenticular": ("bracketed", [("会長", C), ("事務局", S), ("委員", M), ("環境政策課長", E), ("会長", C)],
                   "2024-07-04", "青木市"),
    "title-name-colon": ("colon", [("委員長(佐藤君)", C), ("事務局長(中川君)", S), ("委員(岡田君)", M),
                                   ("事務局長(中川君)", S), ("委員長(佐藤君)", C)], "2023-08-28", "東谷町"),
    "title-name-space": ("spaced", [("会長(森田一郎君)", C), ("都市計画課係長(田中一郎君)", E), ("委員(石井和子君)", M),
                                    ("都市計画課係長(田中一郎君)", E), ("会長(森田一郎君)", C)], "2022-12-15", "川原市"),
    "half-bracket": ("half-bracket", [("山本委員長", C), ("事務局", S), ("佐々木委員", M), ("事務局", S),
                                      ("山本委員長", C)], "2023-03-10", "森下町"),
    "bare-label": ("bare", [("高橋会長", C), ("事務局", S), ("中村委員", M), ("事務局", S), ("高橋会長", C)],
                   "2024-06-06", "大原市"),
    "bulleted": ("bulleted", [("小林会長", C), ("木村情報公開課長", E), ("大野委員", M), ("木村情報公開課長", E),
                              ("小林会長", C)], "2023-12-01", "桜台区"),
    "colon-alone": ("colon", [("会長", C), ("事務局", S), ("委員", M), ("事務局", S), ("会長", C)],
                    "2022-07-07", "上野原町"),
    "mixed-width": ("colon", [("会長", C), ("事務局", S), ("委員", M), ("事務局", S), ("会長", C)],
                    "2022-10-05", "つばき区"),
    "short-meeting": ("marked", [("会長", C), ("事務局", S), ("会長", C)], "2024-08-01", "水元村"),
    "flattened": ("marked", [("松本会長", C), ("スポーツ振興課長", E), ("上田委員", M), ("スポーツ振興課長", E),
                             ("松本会長", C)], "2023-11-20", "松風市"),
    "marked-header-keys": ("marked", [("林会長", C), ("企画課長", E), ("森委員", M), ("企画課長", E), ("林会長", C)],
                           "2024-05-28", "桜川町"),
    "numbered-keys": ("bracketed", [("委員長", C), ("伊藤委員", M), ("事務局", S), ("委員長", C), ("加藤委員", M),
                                    ("住宅政策課長", E), ("委員長", C)], "2024-02-09", "若葉市"),
    "assembly-plenary": ("marked", [("議長（山田太郎）", C), ("山田太郎議長", C), ("佐藤花子君", M),
                                    ("区長（鈴木一夫君）", E), ("佐藤花子君", M), ("教育長（井上和男君）", E),
                                    ("山田太郎議長", C), ("山田太郎議長", C), ("総務委員長（中島健太君）", M),
                                    ("山田太郎議長", C), ("山田太郎議長", C), ("副区長（鈴木一郎君）", E),
                                    ("山田太郎議長", C)], "2024-12-17", "青葉区"),
    "committee": ("marked", [("委員長（大西健君）", C), ("委員長（大西健君）", C), ("健康福祉部長（藤井隆君）", E),
                             ("副委員長（村上智子君）", M), ("健康福祉部長（藤井隆君）", E), ("議長（山田太郎君）", M),
                             ("保健予防課長（坂本明美君）", E), ("委員長（大西健君）", C), ("委員長（大西健君）", C),
                             ("委員長（大西健君）", C), ("川口委員（川口正君）", M), ("野田委員（野田春香君）", M),
                             ("委員長（大西健君）", C)], "2023-09-26", "青葉区"),
    "education-board": ("marked", [("教育長", C), ("教育長", C), ("学校教育課長", E), ("西田委員", M),
                                   ("学校教育課長", E), ("教育長職務代理者", M), ("生涯学習課長", E), ("教育長", C)],
                        "2024-08-22", "白浜市"),
    "agenda-links": ("marked", [("会長", C), ("会長", C), ("情報システム課長", E), ("委員", M), ("情報システム課長", E),
                                ("会長", C), ("会長", C), ("委員", M), ("会長", C)], "2023-11-30", "緑川市"),
}


@pytest.fixture(scope="module")
def parsed():
    return {name: parse_file(SHAPES / f"{name}.txt") for name in TURNS}


@pytest.mark.parametrize("name", sorted(TURNS))
def test_speakers_roles_date_and_municipality(parsed, name):
    layout, turns, date, municipality = TURNS[name]
    m = parsed[name]
    assert [(r.speaker, r.role) for r in m.records] == turns
    assert m.layout == layout
    assert m.dates == [date]
    assert m.municipality == municipality
    for r in m.records:
        assert r.text and not r.speaker.startswith(("○", "〇", "◯", "◆", "◎", "・", "•"))


def test_the_first_shape_every_file_uses_is_in_the_readme():
    from kaigiroku.indexer.speakers import SHAPES as GRAMMAR
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for shape in GRAMMAR:
        assert f"`{shape.name}`" in readme, shape.name


def test_turn_text_runs_over_the_lines_below_the_label(parsed):
    m = parsed["marked-alone"]
    assert m.records[2].text == "定員は現在40名ですが、来年度は50名に増やす予定でございます。\n指導員も2名増員いたします。"
    assert m.records[2].lines == (13, 15)
    bare = parsed["bare-label"]
    assert bare.records[0].text.startswith("それでは、本日の審議を始めます。")


def test_stage_directions_page_marks_and_rules_are_never_speech(parsed):
    m = parsed["assembly-plenary"]
    texts = "\n".join(r.text for r in m.records)
    for noise in ("拍手", "降壇", "登壇", "異議なし」と呼ぶ", "PAGE", "━", "△"):
        assert noise not in texts, noise
    # The time it closed, the signatures' certificate and the signatures after the last turn are not its words.
    assert m.records[-1].text == "以上で本日の日程はすべて終了しました。本日はこれで散会いたします。"
    # 〔登壇〕 before the answer is cut off the answer, which keeps its words.
    assert m.records[3].text.startswith("お答えいたします。")
    for name in ("numbered-keys",):
        texts = "\n".join(r.text for r in parsed[name].records)
        assert "説明)" not in texts and "8人" not in texts and "資料２により" not in texts


def test_header_lines_and_attendance_lists_are_never_speech(parsed):
    m = parsed["marked-header-keys"]
    assert len(m.records) == 5 and m.records[0].text.startswith("ただいまから協議会を開会")
    assert all("岡田　進" not in r.text and "開会日" not in r.speaker for r in m.records)
    m = parsed["numbered-keys"]
    assert all("吉田" not in r.text and "大森" not in r.text for r in m.records)
    assert m.venue.startswith("若葉市役所本庁舎")
    m = parsed["assembly-plenary"]
    assert all("佐藤 花子" not in r.text and "松本 隆" not in r.text for r in m.records)
    assert m.session == "令和6年第4回定例会" and m.body == "青葉区議会"


def test_items_are_the_headings_between_speeches(parsed):
    m = parsed["assembly-plenary"]
    assert [(it.kind, it.title) for it in m.items] == [
        ("一般質問", "日程第1 一般質問"), ("議案", "日程第2 議案第45号　青葉区手数料条例の一部を改正する条例")]
    assert [r.item for r in m.records] == [None, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]
    # The plan in the header (次第) is not the agenda; a row of links is not an item; the plan read
    # a second time is where the body begins.
    m = parsed["agenda-links"]
    assert [it.title for it in m.items] == [
        "開会", "諮問第21号 住民情報システムの標準化に伴う外部委託に係る個人情報の取扱いについて",
        "諮問第22号 防犯カメラの設置について"]
    assert [it.number for it in m.items] == [None, "21", "22"]
    assert m.records[0].item == 0 and m.records[-1].item == 2
    # Headings longer than a line of the plan, in brackets, under a body marker (会議の結果).
    m = parsed["numbered-keys"]
    assert [it.title for it in m.items] == ["空き家バンクの登録状況について", "特定空家等の判断基準の見直しについて"]
    assert [r.item for r in m.records] == [0, 0, 0, 0, 1, 1, 1]


@pytest.mark.parametrize("name, outcomes, votes", [
    ("assembly-plenary", [None, "可決"], [None, (None, None, "異議なし")]),
    ("committee", ["可決", "不採択"], [(None, None, "挙手全員"), (2, 3, None)]),
    ("agenda-links", [None, "承認", "継続審査"], [None, (12, 1, None), None]),
    ("education-board", ["了承"], [None]),
    ("numbered-keys", ["了承", None], [None, None]),
])
def test_outcomes_and_votes(parsed, name, outcomes, votes):
    m = parsed[name]
    assert [it.outcome for it in m.items] == outcomes
    got = [(it.votes.for_, it.votes.against, it.votes.how) if it.votes else None for it in m.items]
    assert got == votes


def test_an_opinion_is_not_a_decision(parsed):
    # A member says 採択すべき; the committee decides 不採択: the decision is the chair's.
    assert parsed["committee"].items[1].outcome == "不採択"


def test_questions_pair_with_the_executive_reply(parsed):
    m = parsed["assembly-plenary"]
    pairs = {(r.order, r.pair) for r in m.records if r.pair}
    assert pairs == {(3, 4), (4, 3), (5, 6), (6, 5)}  # the committee chair's report is not a question
    m = parsed["committee"]
    by = {r.order: r for r in m.records}
    # The 議長 attending the committee asks as a member; the chair in between does not break a pair.
    assert by[6].pair == 7 and by[7].pair == 6 and by[4].pair == 5
    assert by[11].pair is None and by[12].pair is None  # members' opinions, nobody answers


def test_refusals_say_what_was_found(tmp_path):
    with pytest.raises(ParseError) as e:
        parse_file(SHAPES / "summary-narrative.txt")
    assert "`（会長）` 形式の行が 2 行ありましたが" in str(e.value) and "1 人" in str(e.value)
    p = tmp_path / "few.txt"
    p.write_text("審議会　会議録\n日時　令和5年1月1日\n\n（会長）\n開会します。\n（委員）\n意見があります。\n"
                 + "事務局から資料に基づいて説明があり、委員から多くの意見が出された。\n" * 12, encoding="utf-8")
    with pytest.raises(ParseError) as e:
        parse_file(p)
    msg = str(e.value)
    assert "`（会長）` 形式の行が 2 行ありましたが" in msg and "60%" in msg
    p = tmp_path / "keys.txt"
    p.write_text("会議録\n日時　令和5年1月1日\n\n" + "".join(f"○経過報告\n第{n}期の事業は予定どおり進んでいる。\n"
                                                           for n in range(1, 5)), encoding="utf-8")
    with pytest.raises(ParseError) as e:
        parse_file(p)
    assert "`○経過報告`" in str(e.value) and "役職名" in str(e.value)


def test_a_named_official_of_the_assembly_staff_speaks_for_the_secretariat(tmp_path):
    p = tmp_path / "staff.txt"
    p.write_text("議会運営委員会会議録\n〇日時\n令和7年1月24日\n〇出席委員\n日向委員長、高野、志田の各委員\n"
                 "〇議会事務局出席者\n茶木局長、土屋議会総務課長\n\n"
                 "○日向委員長　開会いたします。\n○高野委員　選任の時期はいつになりますか。\n"
                 "○茶木局長　2月の定例会の初日を予定しております。\n○総務課長　資料は後日お送りします。\n"
                 "○日向委員長　閉会いたします。\n", encoding="utf-8")
    m = parse_file(p)
    assert [r.role for r in m.records] == [C, M, S, E, C]
