"""The JSON API and the Atom feed (the Diet-style API is in test_web_kokkai.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kaigiroku.search.facets import FACETS
from kaigiroku.search.whoosh.engine import SearchRequest

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture()
def engine(app):
    return app.extensions["kaigiroku"].backend


def get_json(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.get_data(as_text=True)[:300])
    assert r.content_type.startswith("application/json")
    return r.get_json()


def without_timing(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "took_ms"}


# -- /api/search ---------------------------------------------------------------

@pytest.mark.parametrize("qs, req", [
    ("q=遡及", SearchRequest(q="遡及")),
    ("q=委託&role=委員&sort=newest&page=2&per_page=5",
     SearchRequest(q="委託", sort="newest", page=2, per_page=5, filters={"role": ["委員"]})),
    ("q=遡及&synonyms=0", SearchRequest(q="遡及", synonyms=False)),
    ("q=遡及&without=遡及", SearchRequest(q="遡及", without=["遡及"])),
    ("q=委託&from=令和4年7月&until=2022-07-31&kind=answer",
     SearchRequest(q="委託", date_from="令和4年7月", date_until="2022-07-31", filters={"kind": ["answer"]})),
    ("meeting=meguro-r03-06&per_page=3", SearchRequest(per_page=3, filters={"meeting": ["meguro-r03-06"]})),
])
def test_api_search_is_the_engine_output(client, engine, qs, req):
    got = get_json(client, f"/api/search?{qs}")
    want = engine.search(req)
    assert without_timing(got) == without_timing(want)
    assert list(got) == list(want)
    assert isinstance(got["took_ms"], float)


def test_api_search_hit_fields(client):
    d = get_json(client, "/api/search?q=遡及")
    hit = d["hits"][0]
    assert set(hit) >= {"id", "meeting", "meeting_title", "date", "date_wareki", "order", "item", "role", "speaker",
                        "kind", "lines", "pair", "text", "counterpart", "snippet", "snippet_offset", "highlights"}
    assert set(d["facets"]) == {f.name for f in FACETS}
    assert d["expansions"][0]["term"] == "遡及"


@pytest.mark.parametrize("url, word", [
    ("/api/search?q=遡及&sort=bad", "sort"),
    ("/api/search?q=遡及&page=0", "page"),
    (f"/api/search?q=遡及&page={10**6}", "page"),
    ("/api/search?q=遡及&per_page=1000", "件数"),
    ("/api/search?q=遡及&from=きのう", "日付"),
    ('/api/search?q="遡及', "引用符"),
    ("/api/search?q=遡及&colour=red&size=2", "colour"),
    ("/api/search?q=" + "あ" * 501, "長すぎ"),
    ("/api/search?q=遡及&page=abc", "整数"),
    ("/api/meetings?bogus=1", "bogus"),
    ("/api/meetings/meguro-r03-06?x=1", "x"),
])
def test_api_bad_parameters_are_400_json(client, url, word):
    d = get_json(client, url, 400)
    assert set(d) == {"error"} and word in d["error"]


def test_api_unknown_param_names_them_all(client):
    d = get_json(client, "/api/search?q=a&colour=red&size=2", 400)
    assert "colour" in d["error"] and "size" in d["error"]


def test_api_404_is_json(client):
    assert "error" in get_json(client, "/api/meetings/no-such", 404)
    assert "error" in get_json(client, "/api/nothing-here", 404)
    assert "error" in get_json(client, "/api/meetings/..%2F..%2Fetc%2Fpasswd", 404)


def test_api_405_is_json(client):
    r = client.post("/api/search?q=a")
    assert r.status_code == 405 and "error" in r.get_json()


# -- /api/meetings -------------------------------------------------------------

def test_api_meetings_lists_structured_meetings(client, engine):
    d = get_json(client, "/api/meetings")
    assert d["total"] == 5
    ids = [m["id"] for m in d["meetings"]]
    assert ids[0] == "meguro-r04-02" and ids[-1] == "higashimurayama-h27-06"
    first = d["meetings"][0]
    want = engine.meeting("meguro-r04-02").to_dict()
    extra = ("record_count", "dates_wareki")
    assert {k: v for k, v in first.items() if k not in extra} == {k: v for k, v in want.items() if k != "records"}
    assert first["record_count"] == len(want["records"]) and first["dates_wareki"] == ["令和4年7月11日"]
    oldest = get_json(client, "/api/meetings?sort=oldest")
    assert [m["id"] for m in oldest["meetings"]] == ids[::-1]
    full = get_json(client, "/api/meetings?records=1")
    assert full["meetings"][0]["records"] == want["records"]


def test_api_meetings_is_paged_with_a_next_link(client):
    everything = [m["id"] for m in get_json(client, "/api/meetings")["meetings"]]
    first = get_json(client, "/api/meetings?per_page=2")
    assert (first["total"], first["page"], first["per_page"], first["pages"]) == (5, 1, 2, 3)
    assert [m["id"] for m in first["meetings"]] == everything[:2]
    assert first["next"] == "/api/meetings?per_page=2&page=2"
    second = get_json(client, first["next"])
    assert [m["id"] for m in second["meetings"]] == everything[2:4]
    last = get_json(client, second["next"])
    assert [m["id"] for m in last["meetings"]] == everything[4:] and last["next"] is None
    oldest = get_json(client, "/api/meetings?sort=oldest&per_page=2&records=1")
    assert oldest["next"] == "/api/meetings?sort=oldest&per_page=2&records=1&page=2"
    assert oldest["meetings"][0]["id"] == everything[-1] and oldest["meetings"][0]["records"]
    meguro = get_json(client, "/api/meetings?municipality=目黒区")
    assert meguro["total"] >= 1 and {m["municipality"] for m in meguro["meetings"]} == {"目黒区"}


@pytest.mark.parametrize("qs, message", [
    ("page=4&per_page=2", "page は 1 から 3 まで"),
    ("page=0", "page は 1 から"),
    ("page=two", "page は整数で"),
    ("per_page=500", "件数は 1 から 100"),
    ("role=委員", "不明なパラメータです: role"),
    ("q=遡及", "不明なパラメータです: q"),
])
def test_api_meetings_wrong_paging_is_400(client, qs, message):
    assert message in get_json(client, f"/api/meetings?{qs}", 400)["error"]


def test_api_meeting_is_meeting_to_dict(client, engine):
    d = get_json(client, "/api/meetings/meguro-r03-06")
    assert d == engine.meeting("meguro-r03-06").to_dict()
    assert d["records"][8]["order"] == 9 and d["records"][8]["lines"] == [97, 107]


# -- /feed -----------------------------------------------------------------------

def feed(client, url: str) -> ET.Element:
    r = client.get(url)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.content_type.startswith("application/atom+xml")
    return ET.fromstring(r.data)


def test_feed_is_valid_atom_of_newest_records(client):
    root = feed(client, "/feed?q=委託")
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 20
    for e in entries:
        assert e.find(f"{ATOM}id").text.startswith("http://localhost/meetings/")
        assert e.find(f"{ATOM}link").get("href") == e.find(f"{ATOM}id").text
        assert e.find(f"{ATOM}title").text
        assert e.find(f"{ATOM}updated").text.endswith("T00:00:00+09:00")
        assert e.find(f"{ATOM}content").get("type") == "text"
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.find(f"{ATOM}updated").text == updated[0]


def test_feed_filters_and_empty_feed(client):
    root = feed(client, "/feed?q=遡及&kind=answer")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1 and "遡及" in entries[0].find(f"{ATOM}content").text
    empty = feed(client, "/feed?q=ぬぬぬぬぬ")
    assert empty.findall(f"{ATOM}entry") == [] and empty.find(f"{ATOM}updated").text


@pytest.mark.parametrize("url, word", [
    ("/feed?q=遡及&sort=newest", "sort"),
    ('/feed?q="遡及', "引用符"),
    ("/feed?q=遡及&from=いつか", "日付"),
    ("/feed?q=遡及&role=市長", "発言者"),
])
def test_feed_bad_parameters_are_400_json(client, url, word):
    d = get_json(client, url, 400)
    assert word in d["error"]


def test_facet_size_caps_each_facet_and_says_how_many_values_there_are(client, engine):
    every = engine.search(SearchRequest(q="委員"))["facets"]
    many = max(every, key=lambda name: len(every[name]))
    assert len(every[many]) > 2
    res = get_json(client, "/api/search?q=委員&facet_size=2")
    assert all(len(v) <= 2 for v in res["facets"].values())
    assert res["facets_truncated"][many] == len(every[many])
    assert list(res["facets"][many].items()) == list(every[many].items())[:2]
    full = get_json(client, "/api/search?q=委員&facet_size=0")
    assert full["facets"] == every and full["facets_truncated"] == {}
    for bad in ("abc", "-1", "5000"):
        assert "facet_size" in get_json(client, f"/api/search?q=委員&facet_size={bad}", 400)["error"]
