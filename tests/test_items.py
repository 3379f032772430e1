"""Item search (search/items.py): one result per agenda item, ranked from its utterances and
its title, facets counted over items, paging, and item ids."""

from __future__ import annotations

import pytest

from kaigiroku.search.whoosh.engine import RequestError, SearchEngine, SearchRequest
from kaigiroku.search.whoosh.items import ItemSearch, split_item_id

from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    from kaigiroku.indexer.build import build

    root = tmp_path_factory.mktemp("items-index")
    build(root, [FIXTURES / "items"], workers=1)
    engine = SearchEngine(root)
    yield ItemSearch(engine)
    engine.close()


def ids(res: dict) -> list[str]:
    return [i["id"] for i in res["items"]]


def test_one_result_per_item_ranked_by_its_utterances_then_title(items):
    res = items.search(SearchRequest(q="防犯カメラ"))
    got = ids(res)
    assert len(got) == len(set(got)) == res["total"] == 4
    # The item discussed at length (four utterances and its title) ranks first; the item with one
    # passing mention and no title match ranks last.
    assert got[0] == "sakura-r03-02.0"
    assert got[-1] == "sakura-r03-02.1"
    first = res["items"][0]
    assert first["matches"] == 4 and first["title_match"] is True
    assert first["kind"] == "諮問" and first["outcome"] == "承認" and first["votes"]["for"] == 8
    assert first["anchor"] == "item-0" and first["meeting"] == "sakura-r03-02" and first["municipality"] == "桜町"
    assert set(first["roles"]) == {"chair", "secretariat", "member", "executive"}
    # At most three utterances are shown, best first, each with highlights on the words.
    assert 1 <= len(first["hits"]) <= 3
    assert [h["score"] for h in first["hits"]] == sorted((h["score"] for h in first["hits"]), reverse=True)
    for h in first["hits"]:
        assert h["highlights"]
        s, e = h["highlights"][0]
        assert h["snippet"][s - h["snippet_offset"]:e - h["snippet_offset"]] in ("防犯カメラ", "防犯", "カメラ")


def test_an_item_whose_title_matches_counts_without_a_matching_utterance(items):
    res = items.search(SearchRequest(q="設置基準"))
    assert ids(res) == ["sakura-r03-02.2"]
    item = res["items"][0]
    assert item["title_match"] is True and item["matches"] == 0 and item["hits"] == []
    # And a title match lifts an item above one that has an equal utterance but another title.
    res = items.search(SearchRequest(q="防犯カメラ"))
    titled = [i for i in res["items"] if i["title_match"]]
    untitled = [i for i in res["items"] if not i["title_match"]]
    assert min(i["score"] for i in titled) > max(i["score"] for i in untitled)


def test_facets_are_counted_over_items_not_records(items):
    res = items.search(SearchRequest(q="防犯カメラ"))
    assert sum(res["facets"]["outcome"].values()) == res["total"] == 4
    assert res["facets"]["outcome"] == {"承認": 3, "なし": 1}
    assert res["facets"]["fiscal_year"] == {"2023": 1, "2021": 3}
    assert res["facets"]["municipality"] == {"桜町": 4}
    # A facet's own filter leaves its other values counted; the other facets follow the filter.
    res = items.search(SearchRequest(q="防犯カメラ", filters={"fiscal_year": ["令和5年度"]}))
    assert ids(res) == ["sakura-r05-01.0"]
    assert res["facets"]["fiscal_year"] == {"2023": 1, "2021": 3}
    assert res["facets"]["outcome"] == {"承認": 1}
    res = items.search(SearchRequest(q="", filters={"outcome": ["なし"]}))
    assert ids(res) == ["sakura-r03-02.2"]


def test_paging_walks_every_item_once(items):
    whole = ids(items.search(SearchRequest(q="", per_page=100)))
    assert len(whole) == 5
    paged = []
    for page in range(1, 4):
        res = items.search(SearchRequest(q="", per_page=2, page=page))
        assert res["pages"] == 3
        paged += ids(res)
    assert paged == whole
    assert whole[:2] == ["sakura-r05-01.0", "sakura-r05-01.1"]  # no words: newest meeting first
    oldest = ids(items.search(SearchRequest(q="", sort="oldest", per_page=100)))
    assert oldest == ["sakura-r03-02.0", "sakura-r03-02.1", "sakura-r03-02.2", "sakura-r05-01.0", "sakura-r05-01.1"]


def test_record_filters_and_dates(items):
    # role: an item counts when one of that role's utterances matches.
    res = items.search(SearchRequest(q="防犯カメラ", filters={"role": ["委員"]}))
    assert ids(res) == ["sakura-r03-02.0"]
    res = items.search(SearchRequest(q="防犯カメラ", date_from="令和5年4月"))
    assert ids(res) == ["sakura-r05-01.0"]
    # An excluded word applies to utterances and to the title alike: the title names 住民票, so the
    # item counts by its one utterance about 委託 that does not, not by its title.
    res = items.search(SearchRequest(q="委託 -住民票"))
    assert ids(res) == ["sakura-r05-01.1"]
    assert res["items"][0]["title_match"] is False and res["items"][0]["matches"] == 1


@pytest.mark.parametrize("filters, needle", [
    ({"kind": ["質問"]}, "案件の種類"),
    ({"outcome": ["大成功"]}, "結果は"),
    ({"outcome": ["否決"]}, "ありません"),
    ({"topic": ["x"]}, "案件の検索では使えない"),
    ({"fiscal_year": ["来年度"]}, "年度"),
])
def test_bad_filters_are_request_errors_in_japanese(items, filters, needle):
    with pytest.raises(RequestError, match=needle):
        items.search(SearchRequest(q="防犯カメラ", filters=filters))


def test_item_ids_are_meeting_id_dot_index(items):
    assert split_item_id("meguro-r04-02.3") == ("meguro-r04-02", 3)
    assert split_item_id("a.b.12") == ("a.b", 12)
    for bad in ("meguro", "meguro.", ".3", "meguro.x", "meguro.03", "meguro.-1", ""):
        assert split_item_id(bad) is None
    assert items.get("sakura-r05-01.1")["title"] == "住民票の写しの郵送交付の委託について"
    assert items.get("sakura-r05-01.9") is None


def test_the_item_table_follows_a_removed_meeting(tmp_path):
    from kaigiroku.indexer.build import build, remove

    build(tmp_path, [FIXTURES / "items"], workers=1)
    engine = SearchEngine(tmp_path)
    try:
        search = ItemSearch(engine)
        assert search.search(SearchRequest(q=""))["total"] == 5
        remove(tmp_path, "sakura-r03-02")
        assert ids(search.search(SearchRequest(q="", per_page=100))) == ["sakura-r05-01.0", "sakura-r05-01.1"]
    finally:
        engine.close()


@pytest.mark.parametrize("seed", range(6))
def test_rank_items_matches_a_plain_grouping(seed):
    """Each item: its records by score then document, its best three weighted, its match count."""
    import numpy as np

    from kaigiroku.search.whoosh.items import SHOWN_HITS, WEIGHTS, rank_items

    rng = np.random.default_rng(seed)
    n_docs = 400
    doc_item = np.sort(rng.integers(-1, 40, n_docs))  # records of an item sit together, as in an index
    if seed % 2:
        rng.shuffle(doc_item)  # and where they do not
    ids = np.sort(rng.choice(n_docs, 250, replace=False))
    scores = rng.choice([0.5, 1.0, 1.5, 2.0, 2.5], len(ids)) if seed < 3 else rng.random(len(ids)) * 5  # ties
    grouped: dict[int, list[tuple[float, int]]] = {}
    for d, s in zip(ids.tolist(), scores.tolist()):
        if doc_item[d] >= 0:
            grouped.setdefault(int(doc_item[d]), []).append((s, d))
    items, totals, by_item = rank_items(doc_item, ids, scores)
    assert items.tolist() == sorted(grouped)
    for k, total in zip(items.tolist(), totals.tolist()):
        ranked = sorted(grouped[k], key=lambda sd: (-sd[0], sd[1]))
        assert total == pytest.approx(sum(w * s for w, (s, _) in zip(WEIGHTS, ranked)))
        assert by_item.shown(k) == [(d, s) for s, d in ranked[:SHOWN_HITS]]
        assert by_item.matches(k) == len(ranked)
    assert by_item.best(default=0.0) == pytest.approx(max(s for g in grouped.values() for s, _ in g))
    assert by_item.matches(10_000) == 0 and by_item.shown(10_000) == []
