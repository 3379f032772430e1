from __future__ import annotations

import pytest

from kaigiroku.search.wareki import DateError, find_dates, parse_range, to_wareki


def test_find_dates_full_width_and_gannen():
    assert find_dates("令和４年１月３１日（金）") == ["2022-01-31"]
    assert find_dates("令和元年5月1日と平成31年4月30日") == ["2019-05-01", "2019-04-30"]
    assert find_dates("平成２８年１月１８日(月)") == ["2016-01-18"]
    assert find_dates("令和4年2月30日") == []  # no such day


def test_to_wareki():
    assert to_wareki("2022-07-11") == "令和4年7月11日"
    assert to_wareki("2019-05-01") == "令和元年5月1日"
    assert to_wareki("2019-04-30") == "平成31年4月30日"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("令和4年", ("2022-01-01", "2022-12-31")),
        ("令和４年７月", ("2022-07-01", "2022-07-31")),
        ("令和4年7月11日", ("2022-07-11", "2022-07-11")),
        ("令和元年", ("2019-01-01", "2019-12-31")),
        ("R4.7", ("2022-07-01", "2022-07-31")),
        ("2022", ("2022-01-01", "2022-12-31")),
        ("2022-02", ("2022-02-01", "2022-02-28")),
        ("2022/7/11", ("2022-07-11", "2022-07-11")),
    ],
)
def test_parse_range(text, expected):
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["", "昨日", "2022-13", "令和4年2月30日", "xx"])
def test_parse_range_errors(text):
    with pytest.raises(DateError):
        parse_range(text)


@pytest.mark.parametrize("text, iso", [
    ("令和六年十二月十七日（火曜日）", "2024-12-17"),
    ("平成十八年二月十五日(水曜日)", "2006-02-15"),
    ("平成三十一年四月三十日", "2019-04-30"),
    ("令和元年五月一日", "2019-05-01"),
    ("令和7年(2025年)1月24日(金)", "2025-01-24"),
    ("令和７年（２０２５年）１月２４日", "2025-01-24"),
    ("2024年12月3日", "2024-12-03"),
    ("2025/02/05 厚生委員会", "2025-02-05"),
])
def test_find_dates_as_minutes_write_them(text, iso):
    assert find_dates(text) == [iso]


def test_kanji_numbers():
    from kaigiroku.search.wareki import kanji_number

    assert [kanji_number(s) for s in ("十", "十二", "二十", "三十一", "二〇二四", "百", "元")] == [10, 12, 20, 31, 2024, 100, None]
