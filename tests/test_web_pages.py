"""The HTML pages over the shipped corpus: search, meetings, one meeting, errors."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest



def page(client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.get_data(as_text=True)[:500])
    return r.get_data(as_text=True)


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# -- the search page ---------------------------------------------------------

def test_landing_page_has_form_and_examples(client):
    html = page(client, "/")
    assert '<html lang="ja">' in html
    assert 'name="q"' in html and 'name="from"' in html and 'name="until"' in html
    assert "検索の例" in html and "624 件" in html


def test_search_hits_show_meeting_date_item_role_and_marked_snippet(client):
    html = page(client, "/?q=遡及")
    assert "<strong>2</strong> 件" in html
    assert "令和3年度第6回 情報公開・個人情報保護審議会" in html
    assert '<time datetime="2022-02-14">令和4年2月14日</time>' in html and "2022-02-14" in html
    assert "感染症対策業務の一部の外部委託に伴う個人情報の取扱いについて" in html
    assert "<mark>遡及</mark>" in html
    assert 'class="badge kind-question">質問' in html and 'class="badge kind-answer">回答' in html
    # The question and its answer both match: one exchange, the answer under its question,
    # the word marked in both.
    assert html.count('<li class="hit">') == 1 and "まとめて 1 件として表示" in html
    assert ("pair pair-below" in html) != ("pair pair-above" in html)  # the question is always above
    assert ("回答を読む" in html or "質問を読む" in html) and html.count("<mark>遡及</mark>") >= 2


def test_hit_links_open_the_meeting_at_the_record_with_the_query(client):
    html = page(client, "/?q=遡及")
    hit_links = [u for u in links(html) if u.startswith("/meetings/meguro-r03-06?") and "#r" in u]
    assert hit_links
    url = hit_links[0]
    assert params(url)["q"] == ["遡及"]
    assert re.search(r"#r(9|10)$", url)


def test_facets_have_counts_and_japanese_labels_and_add_filters(client):
    html = page(client, "/?q=委託")
    # meeting ids are shown as municipality, title and date; kinds in Japanese; years with their era
    assert "目黒区 令和4年度第2回 情報公開・個人情報保護審議会（令和4年7月11日）" in html
    assert re.search(r'<span class="facet-label">回答</span><span class="facet-count">\d+</span>', html)
    assert re.search(r"2022年（令和4年）", html)
    facet_links = re.findall(r'<a class="facet-value" href="([^"]*)"><span class="facet-label">([^<]*)</span>', html)
    by_label = {unescape(label): unescape(url) for url, label in facet_links}
    assert params(by_label["議員・委員"]) == {"q": ["委託"], "role": ["member"]}  # roles as labels, keys in URLs
    assert params(by_label["回答"]) == {"q": ["委託"], "kind": ["answer"]}
    assert params(by_label["2022年（令和4年）"]) == {"q": ["委託"], "year": ["2022"]}
    meeting_url = by_label["目黒区 令和4年度第2回 情報公開・個人情報保護審議会（令和4年7月11日）"]
    assert params(meeting_url) == {"q": ["委託"], "meeting": ["meguro-r04-02"]}
    # 年度 (April to March) beside calendar years: the meeting of February 2022 is in 令和3年度.
    assert params(by_label["令和3年度"]) == {"q": ["委託"], "fiscal_year": ["2021"]}


def test_an_active_facet_keeps_its_other_values_and_adds_them_with_or(client):
    html = page(client, "/?q=委託&role=委員")
    links = re.findall(r'<a class="facet-value( active)?" href="([^"]*)"', html)
    by_target = {tuple(params(unescape(url)).get("role", [])): bool(active) for active, url in links
                 if "role" in params(unescape(url)) or active}
    # role=委員 (a value of the earlier vocabulary) is the member role; choosing the executive too widens (OR)
    assert by_target.get(("member", "executive")) is False
    active_urls = [unescape(url) for active, url in links if active]
    assert any("role" not in params(u) for u in active_urls)  # the active value removes itself


def test_active_filters_are_removable_chips(client):
    html = page(client, "/?q=委託&role=委員&kind=question&from=令和4年")
    chips = re.findall(r'<li class="chip">.*?href="([^"]*)"', html, re.S)
    assert len(chips) == 3
    removed = [params(unescape(u)) for u in chips]
    assert {"q": ["委託"], "kind": ["question"], "from": ["令和4年"]} in removed
    assert {"q": ["委託"], "role": ["委員"], "from": ["令和4年"]} in removed
    assert {"q": ["委託"], "role": ["委員"], "kind": ["question"]} in removed
    # The form keeps the filters when the words change (chosen in its 詳細検索).
    assert '<input type="checkbox" name="role" value="member" checked>' in html
    assert '<input type="checkbox" name="kind" value="question" checked>' in html


def test_active_facet_value_links_to_its_removal(client):
    html = page(client, "/?q=委託&role=委員")
    m = re.search(r'<a class="facet-value active" href="([^"]*)"', html)
    assert m and params(unescape(m.group(1))) == {"q": ["委託"]}


def test_synonym_expansions_listed_with_without_links(client):
    html = page(client, "/?q=遡及")
    assert "同義語にも広げて検索しました" in html
    assert "遡る" in html
    urls = links(html)
    without = [u for u in urls if "without=" in u]
    assert any(params(u) == {"q": ["遡及"], "without": ["遡及"]} for u in without)
    assert any(params(u) == {"q": ["遡及"], "synonyms": ["0"]} for u in urls)
    off = page(client, "/?q=遡及&without=遡及")
    assert "広げていません" in off and "「遡及」を広げて検索" in off
    nosyn = page(client, "/?q=遡及&synonyms=0")
    assert "同義語を使わずに検索しました" in nosyn and "同義語を使う" in nosyn


def test_sort_links_and_sorted_results(client):
    html = page(client, "/?q=委託&sort=oldest")
    assert '<strong aria-current="true">古い順</strong>' in html
    dates = re.findall(r'<time datetime="([\d-]+)">', html)
    assert dates == sorted(dates)
    newest = page(client, "/?q=委託&sort=newest")
    dates = re.findall(r'<time datetime="([\d-]+)">', newest)
    assert dates == sorted(dates, reverse=True)


def test_pagination_keeps_state_and_bounds(client):
    html = page(client, "/?q=個人情報&per_page=5&role=委員")
    assert 'aria-label="ページ"' in html
    nxt = re.search(r'<a class="next" href="([^"]*)"', html)
    assert nxt
    assert params(unescape(nxt.group(1))) == {"q": ["個人情報"], "role": ["委員"], "per_page": ["5"], "page": ["2"]}
    second = page(client, unescape(nxt.group(1)))
    assert '<span class="current" aria-current="page">2</span>' in second
    assert '<ol class="hits" start="6">' in second
    assert 'rel="prev"' in second


def test_page_past_the_end_says_so(client):
    html = page(client, "/?q=遡及&page=5")
    assert "このページには結果がありません" in html


def test_empty_result_explains_what_to_try(client):
    html = page(client, "/?q=ぬぬぬぬぬ&role=委員")
    assert "見つかりませんでした" in html
    assert "語を減らす" in html and "絞り込みを外す" in html


def test_date_range_in_wareki_limits_results(client):
    html = page(client, "/?q=委託&from=令和4年7月&until=令和4年7月")
    dates = set(re.findall(r'<time datetime="([\d-]+)">', html))
    assert dates == {"2022-07-11"}
    iso = page(client, "/?q=委託&from=2022-07-01&until=2022-07-31")
    assert set(re.findall(r'<time datetime="([\d-]+)">', iso)) == {"2022-07-11"}


def test_browse_by_filter_without_words(client):
    html = page(client, "/?meeting=meguro-r03-06")
    assert "<strong>34</strong> 件" in html


def test_feed_and_json_links_carry_the_search(client):
    html = page(client, "/?q=遡及&role=委員")
    assert 'type="application/atom+xml"' in html
    feed = next(u for u in links(html) if u.startswith("/feed?"))
    assert params(feed) == {"q": ["遡及"], "role": ["委員"]}


# -- meetings ------------------------------------------------------------------

def test_meeting_list_sorted_by_date(client):
    html = page(client, "/meetings")
    dates = re.findall(r'<h2><a href="/meetings/([^"]+)">', html)
    assert dates[0] == "meguro-r04-02" and dates[-1] == "higashimurayama-h27-06"
    html = page(client, "/meetings?sort=oldest")
    ids = re.findall(r'<h2><a href="/meetings/([^"]+)">', html)
    assert ids[0] == "higashimurayama-h27-06" and ids[-1] == "meguro-r04-02"
    page(client, "/meetings?sort=sideways", 400)


def test_meeting_list_is_paged(client):
    everything = re.findall(r'<h2><a href="/meetings/([^"]+)">', page(client, "/meetings"))
    first = page(client, "/meetings?per_page=2&sort=oldest")
    assert re.findall(r'<h2><a href="/meetings/([^"]+)">', first) == everything[::-1][:2]
    assert "5 回の会議" in first and "1〜2 件目" in first
    nxt = re.search(r'<a class="next" href="([^"]+)"', first)[1]
    assert params(unescape(nxt)) == {"per_page": ["2"], "sort": ["oldest"], "page": ["2"]}
    second = page(client, unescape(nxt))
    assert re.findall(r'<h2><a href="/meetings/([^"]+)">', second) == everything[::-1][2:4]
    assert "ページが" not in second
    assert "page は 1 から 3 まで" in page(client, "/meetings?per_page=2&page=4", 400)
    assert "page は整数" in page(client, "/meetings?page=x", 400)


def test_meeting_page_header_agenda_and_transcript(client):
    html = page(client, "/meetings/meguro-r04-02")
    assert "<h1>令和4年度第2回 情報公開・個人情報保護審議会</h1>" in html
    assert "目黒区　情報公開・個人情報保護審議会" in html
    assert '<time datetime="2022-07-11">令和4年7月11日</time>' in html
    assert "オンライン併用" in html and "目黒区総合庁舎本館４階政策会議室" in html
    assert "（委員）浅田" in html
    assert "議事次第" in html and "賛成16・反対2・棄権0" in html and "承認" in html and "答申" in html
    ids = re.findall(r'<article class="rec[^"]*" id="r(\d+)"', html)
    assert [int(i) for i in ids] == list(range(1, 247))
    assert 'href="/meetings/meguro-r04-02#r1"' in html  # permalink
    assert "129〜189行" in html  # source lines of record 1
    assert "<mark>" not in html


def test_meeting_page_highlights_only_matching_records(client, app):
    html = page(client, "/meetings/meguro-r03-06?q=遡及")
    records = dict(re.findall(r'<article class="rec[^"]*" id="r(\d+)"[^>]*>(.*?)</article>', html, re.S))
    marked = {int(k) for k, v in records.items() if "<mark>" in v}
    assert marked == {9, 10}
    assert "<mark>遡及</mark>" in records["9"]
    assert "97〜107行" in records["9"]
    assert "一致した記録: <strong>2</strong> 件" in html
    only = [u for u in links(html) if "only=1" in u]
    assert only and params(only[0]) == {"q": ["遡及"], "only": ["1"]}


def test_only_matching_records_toggle(client):
    html = page(client, "/meetings/meguro-r03-06?q=遡及&only=1")
    ids = re.findall(r'<article class="rec[^"]*" id="r(\d+)"', html)
    assert ids == ["9", "10"]
    assert "すべての記録を表示" in html
    # The pair link stays in-page when the counterpart is shown.
    assert 'href="#r10">回答へ' in html


def test_meeting_page_bad_query_is_400(client):
    html = page(client, '/meetings/meguro-r03-06?q="遡及', 400)
    assert "引用符" in html


def test_unknown_meeting_and_traversal_are_404(client):
    assert "見つかりません" in page(client, "/meetings/no-such-meeting", 404)
    page(client, "/meetings/..%2F..%2Fetc%2Fpasswd", 404)
    page(client, "/meetings/../../etc/passwd", 404)
    page(client, "/meetings/%2e%2e", 404)
    page(client, "/static/../app.py", 404)
    page(client, "/static/..%2Fapp.py", 404)
    page(client, "/static/%2e%2e/%2e%2e/pyproject.toml", 404)
    page(client, "/no/such/page", 404)


def test_static_files_served(client):
    r = client.get("/static/style.css")
    assert r.status_code == 200 and "text/css" in r.content_type
    r = client.get("/static/app.js")
    assert r.status_code == 200 and "javascript" in r.content_type


@pytest.mark.parametrize("url", [
    "/?q=遡及&sort=bad", "/?q=遡及&page=0", f"/?q=遡及&page={10**6}", "/?q=遡及&page=x",
    "/?q=遡及&per_page=101", "/?q=遡及&from=あした", "/?q=遡及&from=2022-13-01", '/?q="遡及',
    "/?q=" + "あ" * 501, "/?q=遡及&role=市長", "/?q=遡及&meeting=nope", "/?q=遡及&synonyms=maybe",
    "/?q=遡及&from=2023&until=2022", "/?sort=bad", "/?q=a&q=b",
])
def test_bad_parameters_are_a_400_page_in_japanese(client, url):
    html = page(client, url, 400)
    assert '<html lang="ja">' in html
    # A mistake in a field of the form (words, dates) shows the form again; the rest, an error page.
    assert "リクエストに誤りがあります" in html or ("検索条件を確認してください" in html and 'class="form-error"' in html)
    assert "Traceback" not in html


def test_405_and_500_never_show_a_traceback(app, client, monkeypatch):
    r = client.post("/")
    assert r.status_code == 405 and "Traceback" not in r.get_data(as_text=True)
    engine = app.extensions["kaigiroku"].backend

    def boom(*a, **k):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(engine, "search", boom)
    r = client.get("/?q=遡及")
    body = r.get_data(as_text=True)
    assert r.status_code == 500
    assert "サーバーで問題が起きました" in body
    assert "secret internal detail" not in body and "Traceback" not in body
    r = client.get("/api/search?q=遡及")
    assert r.status_code == 500 and "secret" not in r.get_json()["error"]


def test_security_headers_on_every_response(client):
    for url, status in (("/", 200), ("/?q=遡及", 200), ("/meetings/meguro-r03-06", 200),
                        ("/static/style.css", 200), ("/api/search?q=遡及", 200), ("/feed?q=遡及", 200),
                        ("/nope", 404), ("/?sort=x", 400), ("/api/search?x=1", 400)):
        r = client.get(url)
        assert r.status_code == status
        h = r.headers
        assert h["Content-Security-Policy"] == (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "same-origin"
        assert h["X-Frame-Options"] == "DENY"


def test_no_inline_script_or_style(client):
    for url in ("/", "/?q=遡及", "/meetings", "/meetings/meguro-r03-06?q=遡及", "/nope"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert "<style" not in html and " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
        assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html, url


def test_a_transcript_turn_shows_its_pair_as_question_or_answer(client):
    # In a transcript the member's turn is the question and the executive's reply the answer.
    html = page(client, "/?q=ＢＰＲ&meeting=meguro-r04-02")
    heads = re.findall(r'pair-head"><span class="badge kind-\w+">(.*?)</span> (.*?)</p>', html)
    assert ("質問", "議員・委員（委員）") in heads
    html = page(client, "/?q=サンプリング&meeting=meguro-r04-02&role=member")
    heads = re.findall(r'pair-head"><span class="badge kind-\w+">(.*?)</span> (.*?)</p>', html)
    assert heads and all(h == ("回答", "執行機関・説明員（区側）") for h in heads)


# -- facet lists at scale: capped, with a page per facet ------------------------------

@pytest.fixture(scope="module")
def many_client(many_meetings_index):
    from kaigiroku.web import create_app

    return create_app({"INDEX_DIR": str(many_meetings_index)}).test_client()


def facet_section(html: str, name: str) -> str:
    return re.search(rf'<section class="facet" aria-labelledby="facet-{name}">(.*?)</section>', html, re.S)[1]


def test_facet_lists_are_capped_with_a_link_to_all_values(many_client, many_meetings_count):
    from kaigiroku.web.pages import FACET_CAP

    html = page(many_client, "/?q=再委託&role=委員")
    meetings = facet_section(html, "meeting")
    assert meetings.count('class="facet-value') == FACET_CAP
    more = unescape(re.search(r'<p class="facet-more"><a href="([^"]+)">さらに表示', meetings)[1])
    assert urlsplit(more).path == "/facets/meeting" and params(more) == {"q": ["再委託"], "role": ["委員"]}
    assert f"（全 {many_meetings_count} 件）" in meetings  # every value counted, not only those the page read
    everything = page(many_client, more)
    values = re.findall(r'<a class="facet-value" href="([^"]+)"', everything)
    assert len(values) == many_meetings_count
    chosen = params(unescape(values[-1]))  # choosing one keeps the search and adds the meeting
    assert chosen["q"] == ["再委託"] and chosen["role"] == ["委員"] and len(chosen["meeting"]) == 1
    back = unescape(re.search(r'<a href="([^"]+)">← 検索結果に戻る', everything)[1])
    assert params(back) == {"q": ["再委託"], "role": ["委員"]}
    assert "page は 1 から 1 まで" in page(many_client, more + "&page=2", 400)
    assert "page は 1 から 1 まで" in page(many_client, more + "&page=0", 400)
    page(many_client, "/facets/nothing?q=再委託", 404)


def test_a_selected_value_stays_visible_beyond_the_cap(many_client):
    from kaigiroku.web.pages import FACET_CAP

    html = page(many_client, "/?q=再委託")
    listed = re.findall(r'meeting=([^&"]+)', facet_section(html, "meeting"))
    everything = page(many_client, "/facets/meeting?q=再委託")
    last = re.findall(r'meeting=([^&"]+)', everything)[-1]
    assert last not in listed
    chosen = facet_section(page(many_client, f"/?q=再委託&meeting={last}"), "meeting")
    assert chosen.count('class="facet-value active"') == 1 and chosen.count('class="facet-value') == FACET_CAP + 1
    active = re.search(r'<a class="facet-value active" href="([^"]+)"', chosen)[1]
    assert "meeting=" not in active  # the selected value's link drops it


def test_search_page_bytes_do_not_grow_with_the_facet_values(many_client, client):
    from kaigiroku.web.pages import FACET_CAP

    big = page(many_client, "/?q=再委託&per_page=100")
    assert len(big.encode()) < 150_000
    facets = re.search(r'<aside class="facets".*?</aside>', big, re.S)[0]
    assert facets.count('class="facet-value') <= FACET_CAP * len(re.findall(r'<section class="facet"', facets))
    # Real speeches are long: a hit shows a bounded window of its text and of its counterpart.
    real = page(client, "/?q=委託&per_page=20")
    hits = re.findall(r'<li class="hit">.*?</li>', real, re.S)
    assert len(hits) == 20 and max(len(h.encode()) for h in hits) < 3_000
    assert len(real.encode()) < 60_000


def test_the_form_s_choices_are_capped_and_keep_the_chosen_ones(many_client, many_meetings_count):
    from kaigiroku.web.form import FACET_CAP

    landing = page(many_client, "/")
    group = re.search(r'<fieldset class="choice-group facet-meeting">(.*?)</fieldset>', landing, re.S)[1]
    assert group.count('type="checkbox"') == FACET_CAP and "さらに表示" in group
    oldest = re.findall(r'<h2><a href="/meetings/([^"]+)">', page(many_client, "/meetings?sort=oldest"))[0]
    chosen = page(many_client, f"/?q=再委託&meeting={oldest}")
    group = re.search(r'<fieldset class="choice-group facet-meeting">(.*?)</fieldset>', chosen, re.S)[1]
    assert group.count('type="checkbox"') == FACET_CAP + 1 and f'value="{oldest}" checked' in group
    assert len(landing.encode()) < 60_000 and many_meetings_count > FACET_CAP
