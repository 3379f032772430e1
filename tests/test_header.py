"""The header reader: keys in every form councils write them, and never a line of the body (indexer/header.py)."""

from __future__ import annotations

import pytest

from kaigiroku.indexer.clean import numbered
from kaigiroku.indexer.header import guess_municipality, key_of, municipality_from_title, parse_header


def header(text: str):
    lines = numbered(text.split("\n"))
    h = parse_header(lines)
    return h, [ln.text for ln in lines[h.end:]]


@pytest.mark.parametrize("line, field, value", [
    ("日時　令和5年1月1日", "datetime", "令和5年1月1日"),
    ("○開会日　令和6年5月28日（火）", "datetime", "令和6年5月28日（火）"),
    ("〇日時", "datetime", ""),
    ("〇招集場所 見附市議会委員会室", "venue", "見附市議会委員会室"),
    ("1 日時平成18年2月15日", "datetime", "平成18年2月15日"),
    ("2.開会場所 市役所", "venue", "市役所"),
    ("1.開会日時：令和7年(2025年)1月24日", "datetime", "令和7年(2025年)1月24日"),
    ("【日時】令和5年1月1日", "datetime", "令和5年1月1日"),
    ("開催日時\t令和2年7月13日", "datetime", "令和2年7月13日"),
    ("会議開催日時　令和5年6月1日", "datetime", "令和5年6月1日"),
    ("招集日時 平成25年12月12日 午前10時", "convened", "平成25年12月12日 午前10時"),
    ("会議開催場所：第1会議室", "venue", "第1会議室"),
    ("出 席 議 員（20名）", "attendees", ""),
    ("○説明のため出席した者", "executives", ""),
    ("職務のため出席した事務局職員", "staff", ""),
    ("本日の会議に付した事件", "agenda", ""),
    ("会議録の作成方法(全文記録・要点記録・録音テープ)", "record", ""),
])
def test_keys(line, field, value):
    assert key_of(line) == (field, value)


@pytest.mark.parametrize("line", ["事務局：資料に基づいて説明いたします。", "場所は市役所の会議室です。", "開会", "3　諮問事項",
                                  "議長（山田太郎君）　開会します。"])
def test_not_keys(line):
    assert key_of(line) is None


def test_site_lines_before_the_title_and_multi_line_fields_that_end_at_the_body():
    h, body = header("更新日：2024年3月1日\nページID：12345\nホーム > 市政 > 審議会\n\n"
                     "令和5年度第3回　若葉市空き家対策協議会　会議録\n\n"
                     "1 日時令和6年(2024年)2月9日(金)\n2.開催場所 若葉市役所\n3 出席者\n"
                     "委員長:吉田 健、副委員長:山田 哲\n委員:伊藤 一郎、加藤 二郎\n(5人)\n"
                     "4 議題\n(1) 空き家バンクについて\n6 会議の結果\n(1) 空き家バンクについて\n(委員長)\n始めます。")
    assert h.title == "令和5年度第3回 若葉市空き家対策協議会 会議録"
    assert h.dates == ["2024-02-09"] and h.venue == "若葉市役所"
    assert "伊藤 一郎" in h.get("attendees") and "(1) 空き家バンクについて" in h.get("agenda")
    assert body[0] == "6 会議の結果"


def test_the_header_ends_at_the_first_speech_never_later():
    h, body = header("令和6年度第1回　審議会\n日時　令和6年5月1日\n出席委員\n　会長　林　一雄\n　委員　森　花子\n"
                     "○会長　ただいまから開会します。\n○委員　質問します。")
    assert body[0] == "○会長　ただいまから開会します。"
    assert "森　花子" in h.get("attendees")
    # An attendance list marked like speakers stays in the header.
    h, body = header("会議録\n○出席議員（2名）\n○議長　山田太郎\n○市長　鈴木一夫\n○議長（山田太郎君）　開議します。")
    assert body[0].startswith("○議長（山田太郎君）") and "鈴木一夫" in h.get("attendees")


def test_prose_ends_the_header_unless_a_key_follows():
    h, body = header("名称 審議会\n日時\n審議開始日　令和4年1月31日\n議決日　令和4年2月14日\n\n"
                     "本審議会は書面開催とした。委員へは郵送で資料を送付した。\n\n出席者\n（委員）浅田、植野\n")
    assert h.dates == ["2022-01-31", "2022-02-14"] and "浅田" in h.get("attendees")
    h, body = header("審議会　会議録\n日時　令和5年1月1日\n\n本日は事務局から説明があり、委員から意見が出された。\n以上。")
    assert body[0].startswith("本日は事務局から")


def test_dates_in_kanji_numerals_and_with_the_western_year():
    h, _ = header("令和6年第4回青葉区議会定例会会議録（第2日）\n\n令和六年十二月十七日（火曜日）\n\n○議長（山田君）　開議します。")
    assert h.dates == ["2024-12-17"]
    h, _ = header("議会運営委員会速記録第六号\n\n平成十八年二月十五日(水曜日)\n\n○野村委員長　開会します。")
    assert h.dates == ["2006-02-15"]


@pytest.mark.parametrize("title, session, body", [
    ("令和3年度第6回　情報公開・個人情報保護審議会", "令和3年度第6回", "情報公開・個人情報保護審議会"),
    ("令和6年第4回墨田区議会定例会会議録", "令和6年第4回定例会", "墨田区議会"),
    ("令和6年第4回青葉区議会定例会会議録（第2日）", "令和6年第4回定例会", "青葉区議会"),
    ("令和5年　青葉区議会　厚生委員会　会議録", "令和5年", "青葉区議会 厚生委員会"),
    ("令和元年度第3回 情報公開審議会", "令和元年度第3回", "情報公開審議会"),
    ("景観審議会", "", "景観審議会"),
])
def test_session_and_body(title, session, body):
    from kaigiroku.indexer.header import Header

    assert Header().session_and_body(title) == (session, body)


@pytest.mark.parametrize("title, name", [
    ("令和6年第4回墨田区議会定例会会議録", "墨田区"), ("大町市教育委員会定例会", "大町市"), ("川原市都市計画審議会", "川原市"),
    ("東京都墨田区情報公開審議会", "墨田区"), ("京都市議会", "京都市"), ("森下町農業委員会総会", "森下町"),
    ("さいたま市議会", "さいたま市"), ("情報公開・個人情報保護審議会", ""), ("都市計画審議会", ""), ("区民文教常任委員会", ""),
])
def test_municipality_from_the_title_line(title, name):
    assert municipality_from_title(title) == name


def test_a_person_before_a_title_is_not_a_municipality():
    assert guess_municipality("○矢田区長\n（挨拶）\n○齊藤副区長\n（理事者紹介）\n矢田区長") == ""
    assert guess_municipality("目黒区長は、本日欠席です。") == "目黒区"


def test_municipality_is_never_this_city():
    text = "本市の取組について、本市としては…。本市では…。江別市市民参加条例"
    assert guess_municipality(text) == "江別市"
    assert guess_municipality(text, "令和6年第1回青葉市議会定例会") == "青葉市"


def test_a_turn_of_the_secretariat_first_is_not_the_header_list_of_it():
    h, body = header("審議会　会議録\n日時　令和6年6月6日\n\n事務局\n　本日は資料の確認から始めます。お手元の資料をご覧ください。\n\n"
                     "会長\n　ありがとうございました。")
    assert body[0] == "事務局" and "secretariat" not in h.fields
    h, body = header("審議会　会議録\n日時　令和6年6月6日\n事務局\n　政策室長　冨田泰、主任　池田直子\n\n（会長）\n　始めます。")
    assert "冨田泰" in h.get("secretariat") and body[0] == "（会長）"


def test_a_body_marker_the_header_keys_follow_is_the_header_s_own_title():
    h, body = header("会議録(令和4年度第3回)\n最終更新日 2023年7月10日\nページID 077495\n会議概要\n日時 令和4年10月31日(火曜日)\n"
                     "場所 職員会館\n\n1 開会\n\n<事務局>\nそれでは始めます。")
    assert h.dates == ["2022-10-31"] and h.venue == "職員会館"


def test_attendee_names_broken_by_a_pdf_wrap_are_joined():
    # A 、-separated list set in a fixed-width column: a line that fills the column and ends
    # inside a name (さ|くらだ, 事務|局) continues on the next line.
    h, _ = header("令和5年度第2回　緑化推進審議会\n日時　令和5年9月4日\n出席者\n"
                  "（委員）青山、石田、上野、江口、大森、川島、木下、久保、小池、さ\n"
                  "くらだ、清水、杉山、関口、田辺\n"
                  "（市側）環境部長、公園緑地課長、みどり推進課長、清掃計画課長、事務\n"
                  "局\n\n○会長　開会します。")
    assert h.attendees == ["（委員）青山、石田、上野、江口、大森、川島、木下、久保、小池、さくらだ、清水、杉山、関口、田辺",
                           "（市側）環境部長、公園緑地課長、みどり推進課長、清掃計画課長、事務局"]


def test_short_lines_of_an_attendee_list_stay_apart():
    # A line well short of the column is an item of its own, not a name cut in two.
    h, _ = header("審議会　会議録\n日時　令和5年1月1日\n出席者\n会長　林\n委員　森、畑、岡\n\n○会長　開会します。")
    assert "林 委員" in " ".join(h.attendees) and "林委員" not in " ".join(h.attendees)


def test_absent_members_are_not_listed_as_present():
    h, _ = header("名称\t空き家対策協議会\n日時\t令和4年3月2日\n"
                  "出席者及び欠席者\t<p>●出席者：（委員）北川一郎委員・南田花子委員（事務局）住宅課長</p> "
                  "<p>●欠席者：東野次郎会長・西山三郎委員</p>\n会議の結果\n○会長　開会します。")
    present = " ".join(h.attendees)
    assert "北川一郎" in present and "住宅課長" in present
    assert "東野次郎" not in present and "欠席" not in present
    assert h.absent == ["東野次郎会長・西山三郎委員"]
    # 欠席委員 as a key of its own: its names are absent, never present.
    h, _ = header("審議会　会議録\n日時　令和5年1月1日\n出席委員\n（委員）林、森\n欠席委員\n（委員）畑\n\n○会長　開会します。")
    assert h.attendees == ["（委員）林、森"] and h.absent == ["（委員）畑"]
