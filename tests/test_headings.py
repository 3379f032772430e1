"""Headings of the agenda and lines that are not speech (indexer/headings.py)."""

from __future__ import annotations

import pytest

from kaigiroku.indexer.headings import heading, is_stage_direction, leading_stage


@pytest.mark.parametrize("line, level, num, title", [
    ("日程第1　会議録署名議員の指名", "section", "日程第1", "会議録署名議員の指名"),
    ("△日程第2　議案第45号　手数料条例の一部を改正する条例", "section", "日程第2", "議案第45号　手数料条例の一部を改正する条例"),
    ("日程第十二", "section", "日程第十二", ""),
    ("3　諮問事項", "section", "3", "諮問事項"),
    ("２ 報告事項", "section", "2", "報告事項"),
    ("（1）内部情報システム及び人事給与システムのクラウド化に伴う個人情報の取扱いについて", "topic", "1",
     "内部情報システム及び人事給与システムのクラウド化に伴う個人情報の取扱いについて"),
    ("(2) 防犯カメラの設置について（答申）", "topic", "2", "防犯カメラの設置について（答申）"),
    ("ア　利用状況について", "topic", "ア", "利用状況について"),
    ("①　今後の日程", "topic", "1", "今後の日程"),
    ("議題1　計画の見直し", "topic", "議題1", "計画の見直し"),
    ("諮問第21号　住民情報システムの外部委託について", "topic", "諮問第21号", "住民情報システムの外部委託について"),
    ("議案第3号 青葉市個人情報保護条例の一部を改正する条例", "topic", "議案第3号", "青葉市個人情報保護条例の一部を改正する条例"),
    ("陳情第3号　高齢者の通院支援を求める陳情", "topic", "陳情第3号", "高齢者の通院支援を求める陳情"),
    ("△開議", "section", "", "開議"),
    ("◎会議録署名議員の指名", "section", "", "会議録署名議員の指名"),
    ("【議事】", "section", "", "議事"),
])
def test_headings(line, level, num, title):
    assert heading(line) == (level, num, title)


@pytest.mark.parametrize("line", [
    "(1) (2) (3)", "（１）と（３）について説明いたします。", "1　概要を申し上げます。", "ア、イ", "3",
    "それでは議事に入ります。",
])
def test_not_headings(line):
    assert heading(line) is None


@pytest.mark.parametrize("line", [
    "（拍手）", "〔「異議なし」と呼ぶ者あり〕", "(賛成者挙手)", "（休憩）", "(8人)", "(18人/19人)", "(理事者紹介)",
    "(事務局説明)", "（資料１により説明）", "〔市長　山田一郎　降壇〕", "(資料により説明)(約11分)", "午後3時10分 休憩",
    "午前10時00分 開 議", "                  午前9時30分 再開",
])
def test_stage_directions(line):
    assert is_stage_direction(line)


def test_stage_notes_at_the_start_of_a_turn_are_cut_off():
    assert leading_stage("〔登壇〕お答えいたします。") == ("〔登壇〕", "お答えいたします。")
    assert leading_stage("（事務局から資料の説明）") == ("（事務局から資料の説明）", "")
    assert leading_stage("（１）について申し上げます。") == ("", "（１）について申し上げます。")
    assert leading_stage("登壇[ 228頁]  報告を行います。") == ("登壇[ 228頁]", "報告を行います。")
    assert leading_stage("登壇者の皆様に") == ("", "登壇者の皆様に")


@pytest.mark.parametrize("line, end", [
    ("以上", True), ("以　上", True), ("（以上）", True), ("― 以上 ―", True),
    ("地方自治法第123条第2項の規定により、ここに署名する。", True), ("上記のとおり相違ないことを証する。", True),
    ("以上で本日の会議を終わります。", False), ("会議録署名議員は、1番佐藤花子君を指名します。", False),
])
def test_the_end_of_the_minutes(line, end):
    from kaigiroku.indexer.headings import is_end

    assert is_end(line) is end
