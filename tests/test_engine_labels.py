"""The engine's column conditions (LabelTest), offsets and per-meeting windows, checked against
a plain reading of every meeting on the shipped corpus's index."""

from __future__ import annotations

import pytest

from kaigiroku.search.whoosh.engine import LabelTest, RequestError, SearchEngine, SearchRequest


@pytest.fixture(scope="module")
def engine(corpus_index):
    e = SearchEngine(corpus_index)
    yield e
    e.close()


@pytest.fixture(scope="module")
def records(engine):
    """Every record as (meeting id, date, order, speaker, role), read meeting by meeting."""
    out = []
    for summary in engine.meetings():
        m = engine.meeting(summary["id"])
        out += [(m.id, m.date, r.order, r.speaker, r.role) for r in m.records]
    return out


def newest(rows):
    """Newest meeting first, then meeting id, then speaking order (the engine's "newest")."""
    rows = sorted(rows, key=lambda r: (r[0], r[2]))
    return sorted(rows, key=lambda r: r[1], reverse=True)


def every_hit(engine, req: SearchRequest) -> list[tuple[str, int]]:
    """Every matching record, each its own hit (as the Diet-style API lists them)."""
    out, page = [], 1
    while True:
        res = engine.search(SearchRequest(**{**req.__dict__, "page": page, "per_page": 100, "exchanges": False}))
        out += [(h["meeting"], h["order"]) for h in res["hits"]]
        if page >= res["pages"]:
            return out
        page += 1


def test_speaker_label_test_is_a_substring_filter(engine, records):
    req = SearchRequest(sort="newest", label_tests=[LabelTest({"speaker": lambda s: "課" in s})])
    want = [(r[0], r[2]) for r in newest(records) if "課" in r[3]]
    assert len(want) > 20
    assert every_hit(engine, req) == want


def test_columns_of_one_test_are_ored_and_tests_anded(engine, records):
    either = LabelTest({"role": lambda r: r == "chair", "speaker": lambda s: s == "区側"})
    in_r04 = LabelTest({"meeting": lambda m: m == "meguro-r04-02"})
    got = every_hit(engine, SearchRequest(sort="newest", label_tests=[either, in_r04]))
    want = [(r[0], r[2]) for r in newest(records)
            if (r[4] == "chair" or r[3] == "区側") and r[0] == "meguro-r04-02"]
    assert got == want and len(want) > 100


def test_order_column_and_words(engine):
    nine = LabelTest({"order": lambda o: o == 9})
    got = every_hit(engine, SearchRequest(q="委託", sort="newest", label_tests=[nine]))
    want = [w for w in every_hit(engine, SearchRequest(q="委託", sort="newest")) if w[1] == 9]
    assert got == want and len(want) >= 2


def test_label_tests_narrow_facet_counts(engine):
    test = LabelTest({"speaker": lambda s: s == "区の考え方"})
    res = engine.search(SearchRequest(label_tests=[test]))
    assert res["facets"]["role"] == {"executive": res["total"]}
    assert set(res["facets"]["meeting"]) == {"meguro-r03-06", "meguro-r02-05"}


def test_unknown_column_is_a_request_error(engine):
    with pytest.raises(RequestError):
        engine.search(SearchRequest(label_tests=[LabelTest({"colour": lambda v: True})]))


@pytest.mark.parametrize("offset", [0, 1, 7, 29, 88])
def test_offset_starts_anywhere(engine, offset):
    whole = every_hit(engine, SearchRequest(q="委託", sort="newest"))
    res = engine.search(SearchRequest(q="委託", sort="newest", offset=offset, per_page=5, exchanges=False))
    assert [(h["meeting"], h["order"]) for h in res["hits"]] == whole[offset:offset + 5]


def test_negative_offset_is_refused(engine):
    with pytest.raises(RequestError):
        engine.search(SearchRequest(q="委託", offset=-1))


def test_highlight_off_leaves_no_spans(engine):
    on = engine.search(SearchRequest(q="委託"))["hits"][0]
    off = engine.search(SearchRequest(q="委託", highlight=False))["hits"][0]
    assert on["highlights"] and off["highlights"] == [] and off["text"] == on["text"]


@pytest.mark.parametrize("first, count", [(0, 2), (2, 2), (4, 10), (5, 3)])
def test_by_meeting_pages_meetings_newest_first(engine, first, count):
    req = SearchRequest(q="委託")
    hits = every_hit(engine, SearchRequest(q="委託", sort="newest"))
    meetings = list(dict.fromkeys(m for m, _ in hits))
    total, groups = engine.by_meeting(req, first, count)
    assert total == len(meetings) == 5
    assert [m for m, _ in groups] == meetings[first:first + count]
    for mid, rows in groups:
        assert [r["order"] for r in rows] == [o for m, o in hits if m == mid]
        assert all(set(r) == {"order", "speaker", "role"} and r["speaker"] for r in rows)


def test_by_meeting_with_nothing_matching(engine):
    assert engine.by_meeting(SearchRequest(label_tests=[LabelTest({"meeting": lambda m: False})]), 0, 3) == (0, [])
