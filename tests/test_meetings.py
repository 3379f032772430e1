"""Meeting headers a page at a time (search/meetings.py), over an index of many meetings."""

from __future__ import annotations

import pytest

from kaigiroku.search.whoosh.engine import RequestError, SearchEngine
from kaigiroku.search.api import MeetingRequest
from kaigiroku.search.facets import MEETING_FACETS
from kaigiroku.search.whoosh.meetings import headers, meeting_page, totals


@pytest.fixture(scope="module")
def n(many_meetings_count):
    return many_meetings_count


@pytest.fixture(scope="module")
def engine(many_meetings_index):
    e = SearchEngine(many_meetings_index)
    yield e
    e.close()


def test_pages_follow_each_other_newest_first(engine, n):
    seen = []
    for page in (1, 2, 3):
        res = meeting_page(engine, MeetingRequest(page=page, per_page=20))
        assert res["total"] == n and res["pages"] == 3 and res["page"] == page
        seen += res["meetings"]
    assert [len(res["meetings"])] == [n - 40]
    ids = [m["id"] for m in seen]
    assert len(set(ids)) == n
    dates = [m["dates"][-1] for m in seen]
    assert dates == sorted(dates, reverse=True)
    oldest = [m["id"] for p in (1, 2, 3) for m in meeting_page(engine, MeetingRequest(sort="oldest", page=p))["meetings"]]
    assert oldest == ids[::-1]  # every date differs, so oldest first is the exact reverse


def test_headers_carry_the_meeting_without_records(engine):
    m = meeting_page(engine, MeetingRequest(per_page=1))["meetings"][0]
    assert "records" not in m and m["record_count"] == 4
    assert m["dates_wareki"][0].startswith("平成") and m["items"][0]["title"]
    assert set(headers(engine, [m["id"], "no-such-meeting"])) == {m["id"]}


def test_only_the_page_s_meeting_documents_are_read(engine, monkeypatch):
    searcher, _ = engine.searcher()
    read = []
    stored_fields = searcher.stored_fields
    monkeypatch.setattr(searcher, "stored_fields", lambda n: read.append(d := stored_fields(n)) or d)
    monkeypatch.setattr(engine, "meeting", lambda *a: pytest.fail("records were read"))
    res = meeting_page(engine, MeetingRequest(page=2, per_page=7))
    assert len(res["meetings"]) == 7 and len(read) == 7
    assert {d["doctype"] for d in read} == {"meeting"}


def test_filters_from_the_registry_and_dates(engine, n):
    assert set(MEETING_FACETS) == {"municipality", "meeting", "fiscal_year", "year"}
    north = meeting_page(engine, MeetingRequest(filters={"municipality": ["北町"]}, per_page=100))
    assert north["total"] == (n + 1) // 2
    assert {m["municipality"] for m in north["meetings"]} == {"北町"}
    year = meeting_page(engine, MeetingRequest(filters={"year": ["平成21年"]}, per_page=100))
    assert year["total"] > 0 and all(m["dates"][-1].startswith("2009") for m in year["meetings"])
    dated = meeting_page(engine, MeetingRequest(date_from="2010-01-01", date_until="2010-12-31", per_page=100))
    in_2010 = meeting_page(engine, MeetingRequest(filters={"year": ["2010"]}, per_page=100))
    assert dated["total"] == in_2010["total"] > 0
    assert all(m["dates"][-1].startswith("2010") for m in dated["meetings"])


@pytest.mark.parametrize("req, message", [
    (MeetingRequest(page=4), "page は 1 から 3 まで"),
    (MeetingRequest(page=0), "page は 1 から"),
    (MeetingRequest(per_page=101), "件数は 1 から 100"),
    (MeetingRequest(sort="relevance"), "sort は newest か oldest"),
    (MeetingRequest(filters={"role": ["委員"]}), "会議の一覧は 発言者（role）では絞り込めません"),
    (MeetingRequest(filters={"municipality": ["西町"]}), "自治体に「西町」はありません"),
    (MeetingRequest(date_from="2012", date_until="2010"), "期間の始まり"),
])
def test_wrong_requests_say_why(engine, req, message):
    with pytest.raises(RequestError, match=message):
        meeting_page(engine, req)


def test_totals_from_the_columns(engine, n):
    assert totals(engine) == (n, n * 4)
