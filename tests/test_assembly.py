"""Assembly minutes read as a clerk would (tests/fixtures/assembly/, written for these tests):
who presides, what is on the floor, what was decided, who asked and who answered; and the floor
measured on the real sittings in ../shared/minutes-dev (when they are beside the clone)."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from kaigiroku.indexer import agenda
from kaigiroku.indexer.header import municipality_from_title, session_and_body, split_date
from kaigiroku.indexer.parse import parse_file
from kaigiroku.indexer.people import split_label
from tests.conftest import FIXTURES, ROOT

HERE = FIXTURES / "assembly"
DEV = ROOT.parent / "shared" / "minutes-dev"
C, M, E, S = "chair", "member", "executive", "secretariat"


@pytest.fixture(scope="module")
def plenary():
    return parse_file(HERE / "plenary.txt")


def roles_by_speaker(m):
    out: dict[str, set[str]] = {}
    for r in m.records:
        out.setdefault(r.speaker, set()).add(r.role)
    return out


def test_who_presides_in_a_plenary(plenary):
    roles = roles_by_speaker(plenary)
    assert roles["議長（森田浩二君）"] == {C}
    # A committee chair reporting to the plenary speaks as a member of it.
    assert roles["総務常任委員長（青木一郎君）"] == {M}
    # The vice chair who takes the chair presides, in every turn, not only those that put a question.
    assert roles["副議長（石川春子君）"] == {C}
    # The same person printed once under another title, doing the chair's business.
    assert roles["議員（森田浩二君）"] == {C}
    assert roles["２番（石川春子君）"] == {M} and roles["教育長（中村和夫君）"] == {E}


def test_agenda_from_the_chairs_words(plenary):
    items = [(it.kind, it.number, it.title, it.outcome) for it in plenary.items]
    assert [i[:2] for i in items] == [("その他", None), ("議案", "30"), ("議案", "31"), ("議案", "32"), ("請願", "2")]
    # Titles are the plan's, not the time or the opening line.
    assert items[1][2] == "日程第2 議案第３０号　若葉町公民館条例の一部を改正する条例"
    assert not any(re.search(r"開議|午前|議題に入る前", i[2]) for i in items)
    # Outcomes from what the chair declares; two items announced together each get theirs.
    assert [i[3] for i in items[1:]] == ["可決", "可決", "可決", "継続審査"]
    assert [plenary.items[k].votes.how for k in (1, 2, 3, 4)] == ["異議なし", "起立多数", "起立多数", "異議なし"]
    # Speech before the first entry belongs to no item; the chair's turn that announces an entry starts it.
    assert plenary.records[0].item is None
    announcing = next(r for r in plenary.records if r.text.startswith("次に、日程第２"))
    assert announcing.item == 1


def test_questions_and_answers_in_an_assembly(plenary):
    q = next(r for r in plenary.records if r.speaker.startswith("２番"))
    a = next(r for r in plenary.records if r.speaker.startswith("教育長"))
    assert (q.kind, a.kind) == ("question", "answer") and q.pair == a.order and a.pair == q.order


def test_the_person_apart_from_the_title(plenary):
    mayor = next(r for r in plenary.records if r.title == "町長")
    assert mayor.person == "山田一郎"  # a full-width space inside the name loses nothing
    assert mayor.text.startswith("議案第３０号について")
    assert {(r.person, r.title) for r in plenary.records if r.speaker.startswith("２番")} == {("石川春子", "2番")}


def test_header_of_a_plenary(plenary):
    assert (plenary.dates, plenary.municipality, plenary.session, plenary.body) == (
        ["2024-06-14"], "若葉町", "令和6年第2回定例会", "若葉町議会")


def test_the_diets_executive_and_disambiguated_members():
    m = parse_file(HERE / "diet-committee.txt")
    roles = roles_by_speaker(m)
    assert roles["山川委員長"] == {C}
    assert roles["谷（一）委員"] == {M} and roles["谷（二）委員"] == {M}
    assert roles["石田国務大臣"] == roles["林政府参考人"] == roles["森大臣政務官"] == {E}
    assert {r.person for r in m.records if r.title == "委員"} == {"谷（一）", "谷（二）"}
    # Not a municipality's minutes, and a date line is never the meeting's name.
    assert m.municipality == "" and m.body == "" and m.dates == ["2023-11-15"]
    assert sum(r.kind == "answer" for r in m.records) == 3


def test_spaced_labels_without_marks_and_entries_inside_speech():
    m = parse_file(HERE / "spaced-labels.txt")
    assert [(r.title, r.role) for r in m.records if r.title != "議長"] == [("副村長", E), ("5番", M), ("建設課長", E)]
    assert [it.title for it in m.items] == ["日程第1 会議録署名議員の指名", "日程第2 議案第１２号 村道の認定"]
    assert m.items[1].outcome == "可決"
    # The chair's speech that announces 日程２ starts under it, without the mark.
    assert any(r.text.startswith("日程２ 議案第１２号") and r.item == 1 for r in m.records)


@pytest.mark.parametrize("text, numbers, title", [
    ("◎日程第１ 会議録署名議員の指名", ("1",), "会議録署名議員の指名"),
    ("△１．日程第３、議案第１号ないし第25号", ("3",), "議案第１号ないし第25号"),
    ("次に、日程第２、議案第12号から日程第４、議案第14号までを一括議題とします", ("2", "3", "4"), ""),
    ("追加日程第１ 意見書案第２号について", ("追加1",), "意見書案第２号について"),
    ("日程1 〃 日程 １", ("1",), ""),
    ("日程第十二 選挙管理委員の選挙を行います。", ("12",), "選挙管理委員の選挙"),
])
def test_announcements(text, numbers, title):
    a = agenda.at_line_start(text)
    assert a is not None and (a.numbers, a.title) == (numbers, title)


def test_a_plan_with_ditto_rows_and_entries_put_mid_sentence():
    assert agenda.plan("日程第 １ 会議録署名議員の指名について\n〃 ２ 会期決定について\n〃 ３ 選第 １号 議長選挙について") == {
        "1": "会議録署名議員の指名について", "2": "会期決定について", "3": "選第 １号 議長選挙について"}
    found = agenda.in_speech("各委員の選任については、日程第５ 選第２号から日程第７ 選第４号までを一括議題とし、決定しました。")
    assert [a.numbers for a in found] == [("5", "6", "7")]


@pytest.mark.parametrize("title, kind", [
    ("日程第7 選第１号 議長選挙", "選挙"), ("意見書案第2号 物価高騰対策を求める意見書", "意見書"), ("陳情第3号 通院支援を求める陳情", "陳情"),
    ("日程第5 同意第1号 教育委員の任命について", "同意"), ("請願第2号 路線バスの維持を求める請願", "請願"), ("議案第30号 公民館条例", "議案"),
])
def test_kinds_of_an_assemblys_items(title, kind):
    from kaigiroku.indexer.assemble import item_kind

    assert item_kind("", title) == kind


def test_words_that_only_look_like_entries():
    assert agenda.at_line_start("６日程度早い収穫") is None
    assert agenda.at_line_start("議事日程第３号") is None
    # Inside speech, only where a sentence starts.
    assert [a.numbers for a in agenda.in_speech("開きます。日程第１ 一般質問を行います。")] == [("1",)]
    assert agenda.in_speech("第１２条の日程第４のとおり") == []
    # A connective before the entry stays with it: one announcement, not 「次に、」 and another.
    assert [(a.start, a.numbers) for a in agenda.in_speech("次に、日程第２、会期の決定を議題といたします。")] == [(0, ("2",))]


@pytest.mark.parametrize("title, session, body", [
    ("令和7年若葉町議会第4回臨時会会議録", "令和7年第4回臨時会", "若葉町議会"),
    ("令和7年第4回定例会 第4回北海道議会定例会会議録", "令和7年第4回定例会", "北海道議会"),
    ("3-1青葉町議会第2回定例会会議録令和7年6月定例会議令和7年6月13日(第3日)開議 9時00分", "令和7年第2回定例会", "青葉町議会"),
])
def test_session_and_body_of_assemblies(title, session, body):
    assert session_and_body(title) == (session, body)


def test_a_session_without_its_year_takes_the_sittings():
    assert session_and_body("青葉市議会第1回臨時会会議録(第1日)", "2026-01-30") == ("令和8年第1回臨時会", "青葉市議会")


@pytest.mark.parametrize("title, name", [
    ("令和7年若葉町議会第4回臨時会会議録", "若葉町"), ("令和6年度定例会12月緊急議会 青葉区議会会議録", "青葉区"),
    ("第4回北海道議会定例会会議録", "北海道"), ("産業交通水道委員会", ""), ("京都府京都市議会", "京都市"),
])
def test_municipality_from_an_assemblys_title(title, name):
    assert municipality_from_title(title) == name


def test_a_date_split_between_the_headers_lines():
    assert split_date(["令 和 ８ 年", "青葉市議会第１回臨時会会議録", "１月３０日（金曜日）午前１０時開会"]) == ["2026-01-30"]
    assert split_date(["平成二十八年第二回青葉町議会定例会", "六月十日議事日程第三号"]) == ["2016-06-10"]


@pytest.mark.parametrize("label, person, title", [
    ("議長（山田花子君）", "山田花子", "議長"), ("山田花子議員", "山田花子", "議員"), ("１番（山田花子君）", "山田花子", "1番"),
    ("山田　花子", "山田花子", ""), ("（北岡一郎議員）", "北岡一郎", "議員"), ("黒田町長", "黒田", "町長"),
    ("安田和之議会運営委員長", "安田和之", "議会運営委員長"), ("石井準一君", "石井準一", ""), ("総務課長", "", "総務課長"),
    ("副 村 長", "", "副村長"), ("吉川（元）委員", "吉川（元）", "委員"), ("総務部長（中野晋）", "中野晋", "総務部長"),
    ("議会事務局長", "", "議会事務局長"), ("19番", "", "19番"),
])
def test_split_label(label, person, title):
    assert split_label(label) == (person, title)


@pytest.mark.skipif(not (DEV / "INDEX.tsv").exists(), reason="../shared/minutes-dev is not beside this clone")
def test_real_sittings_floor():
    """The floor on the real sittings (python -m tests.ingest_eval ../shared/minutes-dev): it may only rise.
    Rows whose truth lists only some of the speakers cannot be right (see the README)."""
    from tests.ingest_eval import main

    out = io.StringIO()
    with redirect_stdout(out):
        main([str(DEV)])
    last = out.getvalue().strip().splitlines()[-1]
    m = re.match(r"files (\d+): accepted (\d+) \(\d+%\), right (\d+) \(\d+%\), accepted as garbage (\d+)$", last)
    assert m, last
    files, accepted, right, garbage = map(int, m.groups())
    assert accepted == files and garbage == 0 and right >= 14, last


def _two_columns(left: list[str], right: list[str]) -> str:
    """A page printed two columns wide and read row by row, as some PDF extraction does."""
    rows = [f"{a} {b}".strip() for a, b in zip(left + [""] * (len(right) - len(left)), right + [""] * (len(left) - len(right)))]
    return "\n".join(rows)


def test_two_columns_read_row_by_row_are_put_back_in_order(tmp_path):
    head = "令和７年第１回緑町議会臨時会会議録\n令和７年２月３日（月曜日）\n"
    left = ["〇議長（小林誠君） ただいまから本日の会議", "を開きます。日程第１、議案第１号を議題とい",
            "たします。町長。", "〇町長（大野聡君） 議案第１号について御説明", "いたします。道路の補修費を計上するもので",
            "あります。", "〇議長（小林誠君） 質疑はありませんか。３番", "、佐藤議員。"]
    right = ["〇３番（佐藤光君） 補修する路線の数と工期を", "伺います。", "〇議長（小林誠君） 建設課長。",
             "〇建設課長（西田学君） お答えします。路線は", "三つで、工期は六月までを予定しております。",
             "〇議長（小林誠君） 質疑を終わります。お諮り", "します。原案のとおり可決することに御異議あ", "りませんか。"]
    page2 = ["（「異議なし」と言う者あり）", "〇議長（小林誠君） 御異議なしと認めます。よ", "って、議案第１号は原案のとおり可決されました。"]
    path = tmp_path / "two-columns.txt"
    path.write_text(head + _two_columns(left, right) + "\n－ 1 －\n" + "\n".join(page2) + "\n", encoding="utf-8")
    m = parse_file(path)
    # (The chair's first turn is two records: the opening, and 日程第１ that starts the item.)
    assert [r.speaker for r in m.records] == ["議長（小林誠君）", "議長（小林誠君）", "町長（大野聡君）", "議長（小林誠君）",
                                              "３番（佐藤光君）", "議長（小林誠君）", "建設課長（西田学君）", "議長（小林誠君）",
                                              "議長（小林誠君）"]
    assert m.records[2].text == "議案第１号について御説明いたします。道路の補修費を計上するものであります。"
    assert m.records[4].text == "補修する路線の数と工期を伺います。"
    assert m.items[0].outcome == "可決"


def test_page_labels_glued_to_each_pages_text():
    from kaigiroku.indexer.clean import numbered, strip_page_labels

    pages = ["2-1青葉町議会会議録", "2-2議長（森一郎君） 開会します。", "2-310番（林花子君） 伺います。", "2-4町長（北二郎君） お答えします。"]
    assert [ln.text for ln in strip_page_labels(numbered(pages))] == [
        "青葉町議会会議録", "議長（森一郎君） 開会します。", "10番（林花子君） 伺います。", "町長（北二郎君） お答えします。"]
    assert [ln.text for ln in strip_page_labels(numbered(["1-2 号", "本文です", "ほかの行"]))] == ["1-2 号", "本文です", "ほかの行"]


def test_a_councils_chair_puts_numbered_business_on_the_floor_in_words(tmp_path):
    path = tmp_path / "board.txt"
    path.write_text("令和５年度第４回 若葉市景観審議会 会議録\n開催日時　令和５年１１月２０日（月）午後２時\n"
                    "【会長】\n　ただいまから審議会を開会します。議題１、景観計画の変更について事務局から説明をお願いします。\n"
                    "【事務局】\n　資料１のとおり、駅前の高さの基準を見直すものです。\n【委員】\n　住民への説明はいつ行いますか。\n"
                    "【事務局】\n　来月に説明会を予定しております。\n【会長】\n　次に、議題２、屋外広告物の許可基準について説明をお願いします。\n"
                    "【事務局】\n　資料２により、看板の大きさの上限を定めます。\n【会長】\n　以上で本日の議事を終わります。\n", encoding="utf-8")
    m = parse_file(path)
    assert [it.title for it in m.items] == ["議題1 景観計画の変更について", "議題2 屋外広告物の許可基準について"]
    # The chair's turn that puts 議題１ on the floor is the item's (a 審議会's turns are not cut in two).
    assert [r.item for r in m.records] == [0, 0, 0, 0, 1, 1, 1]


def test_a_committee_chair_puts_bills_on_the_floor_by_number(tmp_path):
    path = tmp_path / "committee.txt"
    path.write_text("緑町議会　文教常任委員会記録\n令和７年３月５日（水）午前１０時開会\n◎付託案件\n"
                    "　請願第２号　図書館の開館時間の延長を求める請願\n　議案第９号　緑町学校給食センター条例の一部を改正する条例\n"
                    "○森委員長　ただいまから委員会を開会します。請願第２号を議題とします。質疑はありませんか。\n"
                    "◆林委員　夜間の利用者はどれくらい見込めますか。\n◎生涯学習課長　一日あたり三十人ほどと見込んでおります。\n"
                    "○森委員長　本請願は採択すべきものと決することに御異議ありませんか。\n（「異議なし」と呼ぶ者あり）\n"
                    "○森委員長　御異議なしと認めます。よって、本請願は採択すべきものと決しました。次に、議案第９号を議題とします。\n"
                    "◎学校教育課長　給食費の算定方法を改めるものです。\n"
                    "○森委員長　以上で本日の委員会を閉会します。\n", encoding="utf-8")
    m = parse_file(path)
    assert [(it.kind, it.number, it.title) for it in m.items] == [
        ("請願", "2", "請願第２号　図書館の開館時間の延長を求める請願"),
        ("議案", "9", "議案第９号　緑町学校給食センター条例の一部を改正する条例")]
    # The turn that declares the petition's fate and then opens the bill is cut there: the decision stays
    # with the petition, the bill is not taken as 採択.
    assert (m.items[0].outcome, m.items[1].outcome) == ("採択", None) and m.body == "緑町議会 文教常任委員会"
    assert [r.item for r in m.records] == [0, 0, 0, 0, 0, 1, 1, 1]
