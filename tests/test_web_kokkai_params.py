"""Reading the Diet API's parameters: its splitting, ranges, dates and error collection."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from kaigiroku.web.kokkai_params import DietError, packing, parse


def read(api: str = "speech", **params) -> object:
    args = MultiDict(params)
    return parse(args, "&".join(f"{k}={v}" for k, v in params.items()).encode(), api)


def test_defaults_follow_the_endpoint():
    assert (read(any="a").start, read(any="a").maximum, read(any="a").packing) == (1, 30, "xml")
    assert read("meeting", any="a").maximum == 3
    assert read("meeting_list", any="a", maximumRecords="100").maximum == 100


def test_words_split_on_half_width_spaces_only():
    q = read(speaker="山田　太郎 会長  会長", nameOfMeeting="審議会")
    assert q.speakers == ["山田　太郎", "会長"] and q.meetings == ["審議会"]


@pytest.mark.parametrize("params, sessions", [
    ({"sessionFrom": "2021"}, (2021, 2021)),
    ({"sessionTo": "2020"}, (2020, 2020)),
    ({"sessionFrom": "2019", "sessionTo": "2021"}, (2019, 2021)),
])
def test_one_bound_alone_is_exact_both_a_range(params, sessions):
    assert read(**params).sessions == sessions


def test_dates_take_the_diets_form_and_kaigirokus():
    q = read(**{"from": "令和4年7月", "until": "令和4年7月"})
    assert (q.date_from, q.date_until) == ("2022-07-01", "2022-07-31")
    q = read(**{"from": "2022-07-11"})
    assert q.date_from == "2022-07-11"


def test_every_wrong_condition_is_reported_at_once():
    with pytest.raises(DietError) as e:
        read(**{"from": "x", "speakerRole": "y", "issueFrom": "-2", "any": "a"})
    assert e.value.status == 400 and e.value.message == "検索条件の入力に誤りがあります。"
    assert [d.split(":")[0] for d in e.value.details] == ["speakerRole", "from", "issueFrom"]


def test_a_parameter_given_twice_is_a_detail():
    with pytest.raises(DietError) as e:
        parse(MultiDict([("speaker", "a"), ("speaker", "b")]), b"speaker=a&speaker=b", "speech")
    assert e.value.details and e.value.details[0].startswith("speaker:")


def test_the_query_string_limit_counts_bytes():
    with pytest.raises(DietError) as e:
        parse(MultiDict({"any": "a"}), b"any=" + b"a" * 1997, "speech")
    assert e.value.message == "入力可能文字数を超過しています。"
    assert parse(MultiDict({"any": "a"}), b"any=" + b"a" * 1996, "speech").any == "a"


@pytest.mark.parametrize("value, want", [(None, "xml"), ("json", "json"), ("JSON", "json"), ("xml", "xml"),
                                         ("csv", "xml")])
def test_packing_for_answers_and_errors(value, want):
    assert packing(MultiDict({} if value is None else {"recordPacking": value})) == want
