"""The query parser and the engine never raise anything but their own clear errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaigiroku.search.whoosh.engine import RequestError, SearchEngine, SearchRequest
from kaigiroku.search.query import QueryError, parse

SYNTAX = st.sampled_from(['"', "「", "」", "OR", "-", "－", "|", ":", "role:", "foo:", " ", "\u3000", "\x00", "\n",
                          "遡及", "委託", "個人情報", "ＨＥＲ－ＳＹＳ", "マイナンバー", "(", ")", "*", "?", "~", "^"])
QUERIES = st.one_of(
    st.text(max_size=60),
    st.lists(SYNTAX, max_size=12).map("".join),
    st.lists(st.one_of(SYNTAX, st.text(max_size=4)), max_size=10).map(" ".join),
)


@pytest.fixture(scope="module")
def engine(corpus_index):
    e = SearchEngine(corpus_index)
    yield e
    e.close()


@settings(max_examples=300, deadline=None)
@given(QUERIES)
def test_parse_never_crashes(q):
    try:
        parse(q)
    except QueryError as e:
        assert str(e)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERIES, page=st.integers(-5, 2000), per_page=st.integers(-1, 200),
       date=st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["令和4年", "2022-07", "R4.7", "平成99年"])))
def test_engine_only_raises_its_own_errors(engine, q, page, per_page, date):
    try:
        res = engine.search(SearchRequest(q=q, page=page, per_page=per_page, date_from=date))
    except (QueryError, RequestError) as e:
        assert str(e)
        return
    assert res["total"] >= len(res["hits"])


def test_very_long_and_control_queries(engine):
    with pytest.raises(QueryError):
        engine.search(SearchRequest(q="遡及" * 5000))
    res = engine.search(SearchRequest(q="遡\x00及\x07"))
    assert res["total"] >= 0
