"""The item routes (web/items.py): /api/items, /api/items/<id>, /api/items/<id>/similar, the
search page's 案件 mode, the 似た案件 page, and the meeting page's item anchors."""

from __future__ import annotations

import re
from urllib.parse import quote


def test_api_items_answers_items_with_facets_over_items(client):
    r = client.get("/api/items?q=" + quote("ワクチン") + "&per_page=2")
    assert r.status_code == 200
    data = r.get_json()
    assert data["total"] == 3 and data["pages"] == 2 and len(data["items"]) == 2
    assert sum(data["facets"]["kind"].values()) == data["total"]
    first = data["items"][0]
    assert first["id"] == f"{first['meeting']}.{first['index']}" and first["anchor"] == f"item-{first['index']}"
    for key in ("meeting_title", "municipality", "date", "kind", "title", "outcome", "votes", "roles", "hits"):
        assert key in first
    page2 = client.get("/api/items?q=" + quote("ワクチン") + "&per_page=2&page=2").get_json()
    assert {i["id"] for i in page2["items"]}.isdisjoint({i["id"] for i in data["items"]})


def test_api_items_filters_and_errors(client):
    data = client.get("/api/items?outcome=" + quote("承認") + "&fiscal_year=" + quote("令和4年度")).get_json()
    assert data["total"] == 5 and all(i["outcome"] == "承認" and i["fiscal_year"] == "2022" for i in data["items"])
    for url, needle in (("/api/items?kind=" + quote("質問"), "案件の種類"), ("/api/items?nope=1", "不明なパラメータ"),
                        ("/api/items?page=0", "page"), ("/api/items?from=" + quote("昨日"), "日付")):
        r = client.get(url)
        assert r.status_code == 400 and needle in r.get_json()["error"], url


def test_api_similar_and_bad_ids_are_404_json_in_japanese(client):
    r = client.get("/api/items/meguro-r04-02.1/similar?limit=2")
    assert r.status_code == 200
    data = r.get_json()
    assert data["item"]["id"] == "meguro-r04-02.1" and len(data["items"]) == 2 and data["terms"]
    assert data["items"][0]["id"] == "meguro-r02-02.2"  # the same 人事給与システム, two years earlier
    assert client.get("/api/items/meguro-r04-02.1").get_json()["title"].startswith("人事給与システム")
    for bad in ("meguro-r04-02.99", "nope.1", "meguro-r04-02", "meguro-r04-02.x", "%E3%81%82.1"):
        for url in (f"/api/items/{bad}/similar", f"/api/items/{bad}"):
            r = client.get(url)
            assert r.status_code == 404 and r.is_json and "案件が見つかりません" in r.get_json()["error"], url
    assert client.get("/api/items/meguro-r04-02.1/similar?limit=0").status_code == 400
    assert client.get("/items/nope.1/similar").status_code == 404


def test_search_page_in_items_mode(client):
    html = client.get("/?mode=items&q=" + quote("遡及")).get_data(as_text=True)
    assert "<h1" in html and 'aria-current="page">案件</strong>' in html
    assert 'name="mode" value="items"' in html  # the form keeps the mode
    assert '/meetings/meguro-r03-06?q=%E9%81%A1%E5%8F%8A#item-0' in html
    assert re.search(r'href="/meetings/meguro-r03-06\?q=[^"]*#r\d+"', html)  # utterances link to their record
    assert "<mark>遡及</mark>" in html
    assert "/items/meguro-r03-06.0/similar" in html
    # Facets link with the mode kept; a bad mode is a 400.
    assert re.search(r'href="/\?mode=items[^"]*outcome=', html) or "facet-outcome" not in html
    assert client.get("/?mode=nope").status_code == 400
    records = client.get("/?q=" + quote("遡及")).get_data(as_text=True)
    assert 'href="/?mode=items&amp;q=%E9%81%A1%E5%8F%8A"' in records


def test_every_item_has_an_anchor_and_a_similar_link_on_its_meeting_page(client, corpus):
    for mid, m in corpus.items():
        html = client.get(f"/meetings/{mid}").get_data(as_text=True)
        anchors = sorted(int(n) for n in re.findall(r'id="item-(\d+)"', html))
        assert anchors == list(range(len(m.items))), mid
        for n in range(len(m.items)):
            assert f"/items/{mid}.{n}/similar" in html


def test_similar_page(client):
    html = client.get("/items/meguro-r04-02.3/similar").get_data(as_text=True)
    assert "<h1>似た案件: ワクチン接種証明書" in html
    assert "手がかりにした語" in html and "/meetings/meguro-r02-05#item-0" in html


def test_a_warm_app_builds_the_item_table_before_any_request(corpus_index):
    """`kaigiroku serve` asks for it: the table of agenda items, and the words of their titles,
    are ready without a request."""
    import time

    from kaigiroku.web.app import create_app

    app = create_app({"INDEX_DIR": str(corpus_index), "WARM": True})
    items = app.extensions["kaigiroku"].backend.items
    deadline = time.monotonic() + 60
    while (items._table is None or items._table._titles is None) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert items._table is not None and len(items._table) > 0 and items._table._titles
    assert create_app({"INDEX_DIR": str(corpus_index)}).extensions["kaigiroku"].backend._items is None


def test_what_warming_built_is_kept_from_the_collector_until_the_index_changes(tmp_path):
    """A full collection would walk every object the warm tables hold (a pause of ~0.5 s at
    500,000 records): after warming they are frozen, and handed back when a new index is in use."""
    import gc
    import shutil
    import time

    from kaigiroku.indexer.build import build
    from kaigiroku.web.app import create_app
    from tests.conftest import FIXTURES

    root = tmp_path / "ix"
    build(root, [FIXTURES / "units.txt"], workers=1)
    gc.unfreeze()
    try:
        app = create_app({"INDEX_DIR": str(root), "WARM": True})
        deadline = time.monotonic() + 60
        while not gc.get_freeze_count() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.get_freeze_count() > 0
        client = app.test_client()
        assert client.get("/?q=任用").status_code == 200
        assert gc.get_freeze_count() > 0  # the same index: still frozen
        shutil.copy(FIXTURES / "colon.txt", tmp_path / "more.txt")
        build(root, [FIXTURES / "units.txt", tmp_path / "more.txt"], workers=1)  # a rebuild swaps the index in
        assert client.get("/?q=任用").status_code == 200
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
