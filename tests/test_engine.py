"""The engine on a real index of the shipped corpus, built once in a temp folder."""

from __future__ import annotations

import pytest

from kaigiroku.search.whoosh.engine import RequestError, SearchEngine, SearchRequest
from kaigiroku.search.query import QueryError


@pytest.fixture(scope="module")
def engine(corpus_index):
    e = SearchEngine(corpus_index)
    yield e
    e.close()


def ids(res):
    return [h["id"] for h in res["hits"]]


def test_two_character_word_matches(engine):
    for word in ("遡及", "委託"):
        assert engine.search(SearchRequest(q=word))["total"] > 0


def test_retroactive_answer_first(engine):
    res = engine.search(SearchRequest(q="遡及"))
    top = res["hits"][0]
    assert top["meeting"] == "meguro-r03-06" and top["kind"] in ("question", "answer")
    assert "遡及" in top["text"]
    assert top["counterpart"] and "遡及" in top["counterpart"]


def test_normalized_forms(engine):
    res = engine.search(SearchRequest(q="取り扱い", synonyms=False, per_page=100))
    assert any("取扱い" in h["text"] and "取り扱い" not in h["text"] for h in res["hits"])
    res = engine.search(SearchRequest(q="HER-SYS", synonyms=False, per_page=100))
    hit = next(h for h in res["hits"] if "ＨＥＲ－ＳＹＳ" in h["text"])
    # highlights land on the full-width characters as written
    assert any(hit["text"][s:e] == "ＨＥＲ－ＳＹＳ" for s, e in hit["highlights"])


def test_synonym_expansion_reported_and_switchable(engine):
    res = engine.search(SearchRequest(q="マイナンバー", per_page=100))
    assert any("個人番号" in h["text"] and "マイナンバー" not in h["text"] for h in res["hits"])
    exp = [e for e in res["expansions"] if e["term"] == "マイナンバー"]
    assert exp and exp[0]["applied"] and "個人番号" in exp[0]["alternatives"]
    off = engine.search(SearchRequest(q="マイナンバー", synonyms=False, per_page=100))
    assert off["total"] < res["total"]
    assert all("マイナンバー" in h["text"] for h in off["hits"])
    without = engine.search(SearchRequest(q="マイナンバー", without=["マイナンバー"], per_page=100))
    assert without["total"] == off["total"]
    assert [e["applied"] for e in without["expansions"] if e["term"] == "マイナンバー"] == [False]


def test_phrase_across_pdf_wrap(engine):
    # "ジョブローテーション" is split "ジョブローテーショ" / "ン" by a line wrap in meguro-r04-02.
    res = engine.search(SearchRequest(q='"保健師のジョブローテーション"'))
    assert res["total"] >= 1 and all(h["meeting"] == "meguro-r04-02" for h in res["hits"])


def test_phrase_is_stricter_than_words(engine):
    words = engine.search(SearchRequest(q="個人 情報", synonyms=False))["total"]
    phrase = engine.search(SearchRequest(q='"個人情報"', synonyms=False))["total"]
    assert 0 < phrase <= words


def test_or_and_exclude(engine):
    a = engine.search(SearchRequest(q="ワクチン", synonyms=False))["total"]
    b = engine.search(SearchRequest(q="ハーシス", synonyms=False))["total"]
    both = engine.search(SearchRequest(q="ワクチン OR ハーシス", synonyms=False))["total"]
    assert max(a, b) <= both <= a + b
    minus = engine.search(SearchRequest(q="ワクチン -接種", synonyms=False, per_page=100))
    assert minus["total"] < a
    assert all("接種" not in h["text"] for h in minus["hits"])


def test_role_filter_and_facets_add_up(engine):
    res = engine.search(SearchRequest(q="委託", filters={"role": ["member"]}))
    assert res["total"] > 0
    assert {h["role"] for h in res["hits"]} == {"member"}
    full = engine.search(SearchRequest(q="委託"))
    # The active facet keeps its other values, with the counts choosing them would add.
    assert res["facets"]["role"] == full["facets"]["role"] and res["facets"]["role"]["member"] == res["total"]
    for facet in ("meeting", "kind", "year", "fiscal_year"):
        assert sum(res["facets"][facet].values()) == res["total"], facet
    for facet in ("role", "meeting", "kind", "year", "fiscal_year"):
        assert sum(full["facets"][facet].values()) == full["total"], facet


def test_several_values_of_one_facet_are_ored(engine):
    one = engine.search(SearchRequest(q="委託", filters={"role": ["member"]}))
    other = engine.search(SearchRequest(q="委託", filters={"role": ["chair"]}))
    both = engine.search(SearchRequest(q="委託", filters={"role": ["member", "chair"]}))
    assert both["total"] == one["total"] + other["total"] > one["total"]
    # Facets are ANDed with each other.
    narrowed = engine.search(SearchRequest(q="委託", filters={"role": ["member", "chair"], "kind": ["question"]}))
    assert 0 < narrowed["total"] < both["total"]


def test_fiscal_year_filter_and_facet_count_april_to_march(engine):
    # 令和3年度第6回 was decided on 2022-02-14: fiscal year 2021, calendar year 2022.
    res = engine.search(SearchRequest(q="", filters={"fiscal_year": ["令和3年度"]}))
    assert res["total"] > 0 and {h["meeting"] for h in res["hits"]} == {"meguro-r03-06"}
    assert engine.search(SearchRequest(q="", filters={"fiscal_year": ["2021"]}))["total"] == res["total"]
    by_range = engine.search(SearchRequest(q="", date_from="令和3年度", date_until="令和3年度"))
    assert by_range["total"] == res["total"]
    assert "2021" in engine.search(SearchRequest(q="委託"))["facets"]["fiscal_year"]


def test_date_filters_accept_wareki(engine):
    res = engine.search(SearchRequest(q="委託", date_from="令和4年", date_until="令和4年7月", per_page=100))
    assert res["total"] > 0
    assert {h["date"][:7] for h in res["hits"]} <= {"2022-02", "2022-07"}
    iso = engine.search(SearchRequest(q="委託", date_from="2022-01-01", date_until="2022-07-31", per_page=100))
    assert iso["total"] == res["total"]


def test_sorts(engine):
    newest = engine.search(SearchRequest(q="委託", sort="newest", per_page=100))
    dates = [h["date"] for h in newest["hits"]]
    assert dates == sorted(dates, reverse=True)
    oldest = engine.search(SearchRequest(q="委託", sort="oldest", per_page=100))
    assert [h["date"] for h in oldest["hits"]] == sorted(dates)


def test_pages_do_not_overlap(engine):
    p1 = engine.search(SearchRequest(q="委託", per_page=5))
    p2 = engine.search(SearchRequest(q="委託", per_page=5, page=2))
    assert len(p2["hits"]) == 5 and not set(ids(p1)) & set(ids(p2))


def test_snippet_highlights_are_offsets_into_text(engine):
    res = engine.search(SearchRequest(q="外部委託"))
    for h in res["hits"]:
        assert h["highlights"]
        for s, e in h["highlights"]:
            assert h["text"][s:e]
        off = h["snippet_offset"]
        assert h["text"][off:off + len(h["snippet"])] == h["snippet"]


@pytest.mark.parametrize("q, needle", [
    ('"遡及', "引用符"),
    ("foo:bar", "不明なフィールド"),
    ("OR 遡及", "OR"),
    ("遡及 OR", "OR"),
    ("x" * 600, "長すぎ"),
])
def test_malformed_queries(engine, q, needle):
    with pytest.raises(QueryError, match=needle):
        engine.search(SearchRequest(q=q))


@pytest.mark.parametrize("req, needle", [
    (SearchRequest(q="委託", filters={"role": ["市長"]}), "発言者"),
    (SearchRequest(q="委託", sort="random"), "sort"),
    (SearchRequest(q="委託", page=0), "page"),
    (SearchRequest(q="委託", page=10**6), "page"),
    (SearchRequest(q="委託", date_from="昨日"), "日付"),
    (SearchRequest(q="委託", date_from="2023", date_until="2022"), "後"),
    (SearchRequest(q="委託", filters={"meeting": ["nope"]}), "nope"),
])
def test_bad_requests(engine, req, needle):
    with pytest.raises(RequestError, match=needle):
        engine.search(req)


def test_filters_without_words_browse_newest(engine):
    res = engine.search(SearchRequest(q="", filters={"kind": ["answer"]}))
    assert res["total"] > 0 and {h["kind"] for h in res["hits"]} == {"answer"}


def test_meeting_round_trip(engine, corpus):
    m = engine.meeting("meguro-r02-02")
    assert m is not None
    assert m.to_dict() == corpus["meguro-r02-02"].to_dict()
    assert engine.meeting("nope") is None
    assert [x["id"] for x in engine.meetings()][0] == "meguro-r04-02"


def test_exclusion_only_returns_records(engine):
    res = engine.search(SearchRequest(q="-委託", per_page=100))
    total = engine.stats()["records"]
    # Excluding is strict: exactly the records without the word as written (a quoted word).
    with_word = engine.search(SearchRequest(q='"委託"'))["total"]
    assert res["total"] == total - with_word
    assert all(h["kind"] in ("turn", "question", "answer", "opinion") for h in res["hits"])


def test_page_past_the_end_is_empty(engine):
    res = engine.search(SearchRequest(q="遡及", page=5))
    assert res["total"] == 2 and res["hits"] == [] and res["pages"] == 1


def test_snippet_never_cuts_a_highlight(engine):
    for page in (1, 2, 3):
        for h in engine.search(SearchRequest(q="委託", page=page))["hits"]:
            end = h["snippet_offset"] + len(h["snippet"])
            assert not any(s < end < e for s, e in h["highlights"]), h["id"]
