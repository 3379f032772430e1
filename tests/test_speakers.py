"""The speaker grammar: a line split into mark, bracket, label, separator and text (indexer/speakers.py)."""

from __future__ import annotations

import pytest

from kaigiroku.indexer.speakers import SHAPES, Shape, is_list, is_speaker, parse_line, shape_of

# line -> (shape, speaker as stored, separator, text)
LINES = [
    ("○議長（山田太郎君）　ただいまから会議を開きます。", "marked", "議長（山田太郎君）", "wide", "ただいまから会議を開きます。"),
    ("○新美会長　始めます。", "marked", "新美会長", "wide", "始めます。"),
    ("〇北 三郎委員長 開会します。", "marked", "北 三郎委員長", "space", "開会します。"),
    ("○鈴木委員長", "marked", "鈴木委員長", "eol", ""),
    ("○ 林会長", "marked", "林会長", "eol", ""),
    ("◎ 委員長 ただいまから", "marked", "委員長", "space", "ただいまから"),
    ("◯議長（山田太郎）", "marked", "議長（山田太郎）", "eol", ""),
    ("○（山田太郎議長）　日程第1", "marked", "山田太郎議長", "wide", "日程第1"),
    ("○山田太郎議長　　以上です。", "marked", "山田太郎議長", "wide", "以上です。"),
    ("◆（佐藤花子君）", "marked", "佐藤花子君", "eol", ""),
    ("◎副市長（鈴木一郎君）　お答えします。", "marked", "副市長（鈴木一郎君）", "wide", "お答えします。"),
    ("○議長吉村裕之君) ただいまの", "marked", "議長吉村裕之君", "space", "ただいまの"),
    ("(委員)男女共同参画について", "bracketed", "委員", "glued", "男女共同参画について"),
    ("（事務局）説明します。", "bracketed", "事務局", "glued", "説明します。"),
    ("<会長>", "bracketed", "会長", "eol", ""),
    ("＜事務局＞", "bracketed", "事務局", "eol", ""),
    ("【委員】", "bracketed", "委員", "eol", ""),
    ("〔会長〕", "bracketed", "会長", "eol", ""),
    ("委員長(佐藤君):はい。", "colon", "委員長(佐藤君)", "colon", "はい。"),
    ("会長：", "colon", "会長", "colon", ""),
    ("（会長)：それでは", "colon", "会長", "colon", "それでは"),
    ("都市計画課係長(田中一郎君) お答えします。", "spaced", "都市計画課係長(田中一郎君)", "space", "お答えします。"),
    ("山本委員長)ただ今から", "half-bracket", "山本委員長", "glued", "ただ今から"),
    ("中村委員", "bare", "中村委員", "eol", ""),
    ("・小林会長", "bulleted", "小林会長", "eol", ""),
    ("• 木村情報公開課長", "bulleted", "木村情報公開課長", "eol", ""),
    ("会長\t<p>それでは</p>", "html-table", "会長", "tab", "<p>それでは</p>"),
    ("会長  それでは", "pdf-transcript", "会長", "wide", "それでは"),
    ("◯議長【中村秀美君】 御苦労さまでございます。", "marked", "議長【中村秀美君】", "space", "御苦労さまでございます。"),
    ("2 ◯委員長(津田 清君)[ 228頁]  おはようございます。", "marked", "委員長(津田 清君)", "glued", "[ 228頁]  おはようございます。"),
]


@pytest.mark.parametrize("line, shape, speaker, sep, rest", LINES)
def test_a_line_splits_into_the_grammar(line, shape, speaker, sep, rest):
    sp = parse_line(line)
    assert sp is not None and is_speaker(sp)
    assert (shape_of(sp).name, sp.speaker, sp.sep, sp.rest) == (shape, speaker, sep, rest)
    assert not sp.speaker.startswith(("○", "〇", "◯", "◆", "◎", "・", "•"))


@pytest.mark.parametrize("line", [
    "○開会日", "〇日時", "〇招集場所", "1 日時", "2.開会場所", "(8人)", "(18人/19人)", "(理事者紹介)", "(事務局説明)",
    "（資料１により説明）", "〔「異議なし」と呼ぶ者あり〕", "(賛成者挙手)", "（休憩）", "〔市長　山田一郎　降壇〕", "（拍手）",
    "△開会", "○出席議員（20名）", "○説明のため出席した者", "議長ただいまから会議を開きます。", "場所：市役所",
])
def test_lines_that_look_like_speakers_and_are_not(line):
    sp = parse_line(line)
    assert sp is None or not is_speaker(sp)


@pytest.mark.parametrize("rest, listed", [
    ("伊藤一郎、加藤二郎、斎藤三枝", True), ("吉田 健、副委員長:山田 哲", True), ("山田一郎", True),
    ("浅田、植野、岡田、かいでん、伊藤", True), ("情報政策推進部長、行政情報マネジメント課長、ＤＸ戦略課長", True),
    ("押田 まり子", True), ("高橋まきこ", True), ("はい", False), ("再委託は原", False), ("はい、わかりました。", False), ("賛成。", False), ("〔登壇〕お答えします。", False), ("ただいまから開会します", False),
])
def test_names_after_a_title_are_a_list(rest, listed):
    assert is_list(rest) is listed


def test_a_new_shape_is_one_declarative_row():
    row = Shape("double-colon", "会長：：発言", "none", ("",), ("colon",))
    assert row.accepts(parse_line("会長：それでは"))
    names = [s.name for s in SHAPES]
    assert len(names) == len(set(names))


def test_a_name_spaced_to_a_column_is_a_list():
    assert is_list("松 下 浩 史 4 欠席議員 なし 5 地方自治法第121条の規定により、出席を求めた者は次のとおりである。")
    assert is_list("五 味 武 彦")
    # however long the line it heads (only the start of a long turn is read)
    assert is_list("松 下 浩 史 " + "出席を求めた者は次のとおりである" * 50)


def test_a_long_turn_is_never_a_list():
    assert not is_list("、".join(["伊藤一郎"] * 150))

