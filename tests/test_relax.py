"""Wider searches offered when a search finds nothing (search/relax.py)."""

from __future__ import annotations

import pytest

from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest
from kaigiroku.search.relax import any_of, relax, split


@pytest.fixture(scope="module")
def engine(corpus_index):
    e = SearchEngine(corpus_index)
    yield e
    e.close()


def test_split_keeps_exclusions_phrases_and_fields_apart():
    assert split('ドローン "個人情報の取扱い" -録音 role:委員') == (
        ["ドローン", '"個人情報の取扱い"'], ["-録音", "role:委員"])
    assert split("遡及 OR 追認 条例") == (["遡及 OR 追認", "条例"], [])


def test_any_of_ors_the_words_only():
    assert any_of("ドローン 条例 -録音") == "ドローン OR 条例 -録音"
    assert any_of("遡及") == "遡及"


def test_each_word_alone_is_counted_with_the_filters(engine):
    req = SearchRequest(q="ドローン 条例", filters={"role": ["member"]})
    r = relax(engine, req)
    counts = {w.text: w.alone_total for w in r.words}
    assert counts["ドローン"] == 0
    assert counts["条例"] == engine.search(SearchRequest(q="条例", filters={"role": ["member"]}))["total"]
    assert 0 < counts["条例"] < engine.search(SearchRequest(q="条例"))["total"]
    assert r.any_of == "ドローン OR 条例" and r.any_total == counts["条例"]


def test_three_words_offer_dropping_each(engine):
    r = relax(engine, SearchRequest(q="遡及 再委託 ドローン"))
    assert [w.without for w in r.words] == ["再委託 ドローン", "遡及 ドローン", "遡及 再委託"]
    assert all(w.without_total == engine.search(SearchRequest(q=w.without))["total_all"] for w in r.words)


def test_one_word_has_nothing_to_widen(engine):
    assert relax(engine, SearchRequest(q="ドローン")) is None
    assert relax(engine, SearchRequest(q="ドローン -条例")) is None
