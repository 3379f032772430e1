"""The query language: what separates words (search/query.py)."""

from __future__ import annotations

from kaigiroku.search.query import parse


def words(q: str) -> list[list[str]]:
    return [[c.text for c in g] for g in parse(q).groups]


def test_commas_between_words_separate_them_like_spaces():
    assert words("遡及、再委託") == [["遡及"], ["再委託"]]
    assert words("遡及,再委託 ，クラウド") == [["遡及"], ["再委託"], ["クラウド"]]
    assert words("遡及、 OR 追認") == [["遡及", "追認"]]


def test_commas_inside_numbers_and_phrases_stay():
    assert words("1,000円") == [["1,000円"]]
    assert words('"遡及、再委託"') == [["遡及、再委託"]]
