"""Cleaning extracted text (indexer/clean.py): what is not text goes, what a web page or a PDF broke is whole again."""

from __future__ import annotations

import pytest

from kaigiroku.indexer.clean import (Line, fix_radicals, is_page_mark, is_rule, join_broken_lines, numbered,
                                     open_box_tables, split_flattened)
from kaigiroku.indexer.speakers import is_speaker, parse_line


def starts(text: str) -> bool:
    sp = parse_line(text)
    return sp is not None and is_speaker(sp)


def test_radicals_from_pdf_text_become_the_ideographs_one_for_one():
    assert fix_radicals("○議⻑（⼭⽥太郎君）　⽬⿊区の⼾籍") == "○議長（山田太郎君）　目黒区の戸籍"
    assert fix_radicals("議長") == "議長"


@pytest.mark.parametrize("line", [" - 6 - ", "－１２－", "3/10", "P.5 議長（河内徹君）", "12ページ", "-1- 中野区 教育委員会"])
def test_page_marks(line):
    assert is_page_mark(line)


@pytest.mark.parametrize("line, rule", [("━━━━━━", True), ("――――――――", True), ('<PAGE="3">', True),
                                        ("├──┼──┤", True), ("・・・", True), ("議長", False), ("(1) (2) (3)", False)])
def test_rules_and_markup(line, rule):
    assert is_rule(line) is rule


def test_a_flattened_export_splits_where_turns_start_and_keeps_its_line_number():
    text = ("会議録  日時 令和5年1月1日   ○松本会長  開会します。本日の議題は一つです。   "
            "○事務局  資料を説明いたします。委託の内容でございます。   ○松本会長  ありがとうございました。以上です。")
    out = split_flattened([Line(7, text)], starts)
    assert [ln.text[:5] for ln in out] == ["会議録  ", "○松本会長", "○事務局 ", "○松本会長"]
    assert {ln.no for ln in out} == {7}
    # A turn written in full may follow a sentence end directly.
    glued = "議長（金田太郎）　開会します。６番（田中花子）　質問します。いつですか。町長（大森一夫）　来年度です。"
    full = lambda t: starts(t) and "（" in t[:10]
    assert len(split_flattened([Line(1, glued)], starts, starts_glued=full)) == 3
    # An ordinary line is left alone.
    assert split_flattened([Line(1, "○会長　開会します。" * 30)], starts) == [Line(1, "○会長　開会します。" * 30)]


def test_labels_a_web_page_broke_are_joined():
    lines = join_broken_lines(numbered(["○", "議長（山田君）　開会します。", "○議長(", "渡邉一夫君) 日程第1。", "〔", "賛成者起立〕"]))
    assert [(ln.no, ln.text) for ln in lines] == [(1, "○議長（山田君）　開会します。"), (3, "○議長(渡邉一夫君) 日程第1。"),
                                                 (5, "〔賛成者起立〕")]


def test_box_tables_read_as_columns():
    out = open_box_tables(numbered(["┌──┬──┐", "│日 時│平成25年10月29日│", "├──┼──┤"]))
    assert out[0].text == "┌──┬──┐" and "│" not in out[1].text and "日 時" in out[1].text


def test_a_discussnet_export_run_together_with_single_spaces():
    text = ("総務委員会 顛末書 平成28年9月8日(木) 午前10時00分開会 ○片矢委員長 ただいまから総務委員会を開会します。"
            "理事者の説明を求めます。 ◎清水総合政策課長 (説明) ○片矢委員長 質疑を許可します。 ◆中村委員 2点質問します。")
    out = split_flattened([Line(3, text)], starts)
    assert [ln.text.split(" ")[0] for ln in out] == ["総務委員会", "○片矢委員長", "◎清水総合政策課長", "○片矢委員長",
                                                     "◆中村委員"]


def test_width_counts_full_width_characters_as_two():
    import unicodedata

    from kaigiroku.indexer.clean import width

    text = "議長（山田太郎君）　ただいまから会議を開きます。ABC 123 ｶﾀｶﾅ ＡＢＣ 가 😀 \u0301"
    expected = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    assert width(text) == expected
    assert width("ｶﾀｶﾅ") == 4 and width("カタカナ") == 8 and width("") == 0
