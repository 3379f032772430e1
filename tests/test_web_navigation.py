"""Moving between the pages without losing the search: the way back from a meeting, the
municipality named wherever a meeting is, headings and names for assistive technology,
and the attendance list of a meeting (web/pages.py, web/templates)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit


def page(client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.get_data(as_text=True)[:500])
    return r.get_data(as_text=True)


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def back_link(html: str) -> str:
    m = re.search(r'<a href="([^"]*)"[^>]*>検索結果に戻る</a>', html)
    assert m, "no 検索結果に戻る link"
    return unescape(m[1])


SEARCH = {"q": ["個人情報"], "role": ["member"], "kind": ["question", "turn"], "page": ["2"], "sort": ["newest"],
          "per_page": ["5"], "from": ["令和2年4月"], "until": ["令和4年12月"]}



def test_the_way_back_from_a_meeting_keeps_every_part_of_the_search(client):
    query = "&".join(f"{k}={v}" for k, vs in SEARCH.items() for v in vs)
    html = page(client, "/?" + query)
    hit_urls = [u for u in links(html) if u.startswith("/meetings/") and "#r" in u]
    assert hit_urls
    meeting = page(client, hit_urls[0].split("#")[0])
    back = back_link(meeting)
    assert urlsplit(back).path == "/"
    assert params(back) == SEARCH
    # The meeting page's own links (only the matches, all records) keep it too.
    only = next(u for u in links(meeting) if "only=1" in u)
    assert {k: v for k, v in params(only).items() if k != "only"} == SEARCH


def test_the_meeting_page_counts_only_records_the_filters_allow(client):
    everything = page(client, "/meetings/meguro-r03-06?q=遡及")
    assert "一致した記録: <strong>2</strong> 件" in everything
    questions = page(client, "/meetings/meguro-r03-06?q=遡及&kind=question")
    assert "一致した記録: <strong>1</strong> 件" in questions
    marked = re.findall(r'<article class="rec matched[^"]*" id="r(\d+)"', questions)
    assert marked == ["9"]
    # Filters that another meeting was chosen by do not hide this meeting's records.
    other = page(client, "/meetings/meguro-r03-06?q=遡及&meeting=meguro-r04-02")
    assert "一致した記録: <strong>2</strong> 件" in other
    assert params(back_link(other))["meeting"] == ["meguro-r04-02"]


def test_the_municipality_is_named_in_hits_titles_and_facets(client):
    html = page(client, "/?q=個人情報")
    hits = re.findall(r'<li class="hit">(.*?)</li>\s*(?=<li class="hit">|</ol>)', html, re.S)
    assert hits and all(re.search(r'class="municipality">(目黒区|東村山市)<', h) for h in hits)
    assert re.search(r'<span class="facet-label">東村山市</span><span class="facet-count">27</span>', html)
    assert "<title>「個人情報」の検索結果（目黒区）" in page(client, "/?q=個人情報&municipality=目黒区")
    meeting = page(client, "/meetings/higashimurayama-h27-06")
    assert re.search(r"<title>東村山市 [^<]*\| 会議録検索</title>", meeting)


def test_every_page_has_one_h1(client):
    for url, status in [("/", 200), ("/?q=個人情報", 200), ("/?q=ぬぬぬぬ", 200), ("/?role=委員", 200),
                        ("/meetings", 200), ("/meetings/meguro-r03-06?q=遡及", 200), ("/nowhere", 404),
                        ("/?q=遡及&page=x", 400)]:
        html = page(client, url, status)
        assert len(re.findall(r"<h1[ >]", html)) == 1, url


def test_a_skip_link_leads_to_the_results(client):
    html = page(client, "/?q=個人情報&role=委員")
    skip = re.findall(r'<a class="skip[^"]*" href="#([^"]+)"', html)
    assert "results" in skip
    assert 'id="results"' in html
    assert 'id="results"' in page(client, "/?q=ぬぬぬぬ")


def test_icon_only_controls_have_names(client):
    html = page(client, "/?q=個人情報&role=委員&kind=question")
    # The × of a chip and of an active facet value is hidden from screen readers; the control is named.
    for m in re.finditer(r"<a [^>]*>(?:(?!</a>).)*×(?:(?!</a>).)*</a>", html, re.S):
        control = m[0]
        assert re.search(r'<span[^>]*aria-hidden="true"[^>]*>×</span>', control) or 'aria-label="' in control, control
        text = re.sub(r"<[^>]+>", "", re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', "", control))
        assert text.strip() or 'aria-label="' in control, control
    assert "aria-label=\"外す\"" not in html  # a name on a plain span is not announced


def test_attendees_read_right_and_absent_members_apart(client):
    html = page(client, "/meetings/meguro-r03-06")
    assert "かいでん" in html and "か いでん" not in html
    html = page(client, "/meetings/meguro-r04-02")
    assert "事務局" in re.search(r'<ul class="attendees">(.*?)</ul>', html, re.S)[1]
    assert "事務 局" not in html
    html = page(client, "/meetings/higashimurayama-h27-06")
    present = re.search(r'<ul class="attendees">(.*?)</ul>', html, re.S)[1]
    assert "嶋田節男" in present and "臼井雅子" not in present and "欠席" not in present
    absent = re.search(r"<dt>欠席者</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert absent and "臼井雅子会長" in absent[1]
