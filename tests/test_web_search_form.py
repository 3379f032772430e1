"""The search form: 詳細検索 without query syntax, a mistyped field shown again with its
message, and a page with no hits that says what each word finds (web/pages.py, web/form.py)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

from kaigiroku.search.facets import FACETS


def page(client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.get_data(as_text=True)[:500])
    return r.get_data(as_text=True)


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def form_of(html: str) -> str:
    m = re.search(r'<form class="search[^"]*"(.*?)</form>', html, re.S)
    assert m, "no search form"
    return m[1]


def fields(form: str) -> dict[str, list[str]]:
    """name -> values a submit would send (text fields, hidden fields, checked boxes and radios)."""
    out: dict[str, list[str]] = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]*)"', tag)
        if not name:
            continue
        if kind and kind[1] in ("checkbox", "radio") and " checked" not in tag:
            continue
        out.setdefault(name[1], []).append(unescape(value[1]) if value else "")
    return out


# -- 詳細検索 ------------------------------------------------------------------

def test_the_advanced_form_offers_every_form_facet_as_choices(client):
    html = page(client, "/")
    form = form_of(html)
    assert "詳細検索" in form
    shown = [f for f in FACETS if f.form]
    assert {f.name for f in shown} >= {"role", "meeting", "fiscal_year", "kind", "outcome"}
    for f in shown:
        assert f'<legend>{f.label}</legend>' in form, f.name
        assert re.search(rf'<input type="checkbox" name="{f.name}" value="[^"]+"', form), f.name
    # Values are shown as people read them, sent as stored.
    assert re.search(r'name="role" value="member"[^>]*>\s*<span>議員・委員</span>', form)
    assert re.search(r'name="fiscal_year" value="2021"[^>]*>\s*<span>令和3年度</span>', form)
    assert re.search(r'name="meeting" value="higashimurayama-h27-06"[^>]*>\s*<span>東村山市 ', form)
    # Words: all of them, or any of them.
    assert re.search(r'<input type="radio" name="op" value=""[^>]* checked', form)  # all: no redirect
    assert re.search(r'<input type="radio" name="op" value="or"', form)


def test_the_advanced_form_shows_the_search_it_made(client):
    html = page(client, "/?q=委託&role=member&role=executive&kind=answer&from=令和3年4月")
    sent = fields(form_of(html))
    assert sent["q"] == ["委託"] and sent["role"] == ["member", "executive"] and sent["kind"] == ["answer"]
    assert sent["from"] == ["令和3年4月"]
    # A facet chosen in the form is not also sent by a hidden field.
    assert form_of(html).count('name="kind"') == len(re.findall(r'type="checkbox" name="kind"', form_of(html)))


def test_two_values_of_one_facet_are_either(client):
    one = page(client, "/?q=委託&role=member")
    two = page(client, "/?q=委託&role=member&role=executive")
    count = lambda html: int(re.search(r'class="summary"[^>]*>\s*<strong>(\d+)</strong>', html)[1])
    assert count(two) > count(one)


def test_any_of_the_words_becomes_or_in_the_url(client):
    r = client.get("/?q=" + quote("ドローン 条例 -録音") + "&op=or&role=member&sort=newest")
    assert r.status_code == 303
    target = r.headers["Location"]
    assert params(target) == {"q": ["ドローン OR 条例 -録音"], "role": ["member"], "sort": ["newest"]}
    r = client.get("/?q=" + quote("ドローン 条例") + "&op=and")
    assert r.status_code == 303 and params(r.headers["Location"]) == {"q": ["ドローン 条例"]}
    assert page(client, "/?q=a&op=maybe", 400)


# -- a mistyped field ----------------------------------------------------------

def test_a_mistyped_date_shows_the_form_again_with_the_message(client):
    url = "/?q=遡及&role=委員&kind=question&from=いつか&until=令和4年3月&sort=newest&per_page=20&synonyms=0"
    html = page(client, url, 400)
    assert "エラー 400" not in html  # the search page, not an error page
    assert len(re.findall(r"<h1[ >]", html)) == 1
    form = form_of(html)
    sent = fields(form)
    assert sent["q"] == ["遡及"] and sent["from"] == ["いつか"] and sent["until"] == ["令和4年3月"]
    assert sent["role"] == ["member"] and sent["kind"] == ["question"]
    assert sent["sort"] == ["newest"] and sent["per_page"] == ["20"] and sent["synonyms"] == ["0"]
    # The message is next to the field and tied to it.
    assert re.search(r'<input name="from" id="from" value="いつか"[^>]*aria-invalid="true"[^>]*'
                     r'aria-describedby="[^"]*from-error', form)
    message = re.search(r'id="from-error"[^>]*>(.*?)<', html, re.S)
    assert message and "いつか" in message[1]
    assert 'class="hit"' not in html


def test_a_reversed_range_and_a_bad_query_show_the_form_too(client):
    html = page(client, "/?q=遡及&from=2023&until=2022&role=member", 400)
    assert fields(form_of(html))["role"] == ["member"] and "より後" in html
    html = page(client, '/?q="遡及&kind=answer', 400)
    sent = fields(form_of(html))
    assert sent["q"] == ['"遡及'] and sent["kind"] == ["answer"]
    assert re.search(r'<input id="q"[^>]*aria-invalid="true"', html) and "引用符" in html


# -- no hits ---------------------------------------------------------------------

def test_no_hits_says_what_each_word_finds(client):
    html = page(client, "/?q=" + quote("ドローン 条例") + "&role=member")
    assert "「条例」だけなら" in html and "「ドローン」を含む記録はありません" in html
    alone = dict(re.findall(r'<a href="([^"]*)">「([^」]*)」だけで検索', html))
    url = unescape(next(u for u, w in ((u, w) for u, w in alone.items()) if w == "条例"))
    assert params(url) == {"q": ["条例"], "role": ["member"]}
    either = re.search(r'<a href="([^"]*)">どれかを含む記録', html)
    assert either and params(unescape(either[1]))["q"] == ["ドローン OR 条例"]
    n = int(re.search(r"「条例」だけなら <strong>(\d+)</strong> 件", html)[1])
    res = page(client, url)
    assert f"<strong>{n}</strong> 件" in res


def test_no_hits_with_three_words_offers_dropping_each(client):
    html = page(client, "/?q=" + quote("遡及 委託 ドローン"))
    assert re.search(r"「遡及」を外すと <strong>0</strong> 件", html)
    assert re.search(r"「委託」を外すと <strong>0</strong> 件", html)
    # Only a wider search that finds something is offered as a link.
    drops = {params(unescape(u))["q"][0] for u in re.findall(r'<a href="([^"]*)">「[^」]*」を外して検索', html)}
    assert drops == {"遡及 委託"}


def test_a_comma_list_is_words(client):
    html = page(client, "/?q=" + quote("遡及、再委託"))
    assert "「遡及」だけなら <strong>2</strong> 件" in html
    assert "「再委託」だけなら <strong>13</strong> 件" in html
    placeholder = re.search(r'<input id="q"[^>]*placeholder="([^"]*)"', html)[1]
    assert "、" not in placeholder and "," not in placeholder and " " in placeholder.split("例: ", 1)[1]


def test_form_choices_follow_the_index_after_an_add(tmp_path):
    """The form's archive-wide counts are read once per index generation, and again after a change."""
    from kaigiroku.indexer.build import add, build
    from kaigiroku.web.app import create_app
    from tests.conftest import CORPUS

    build(tmp_path / "ix", [CORPUS / "meguro-r03-06.txt"], workers=1)
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    before = fields_offered(page(client, "/"))
    assert "目黒区" in before["municipality"] and "東村山市" not in before["municipality"]
    add(tmp_path / "ix", [CORPUS / "higashimurayama-h27-06.txt"], workers=1)
    after = fields_offered(page(client, "/?q=予算"))
    assert {"目黒区", "東村山市"} <= set(after["municipality"])
    assert after["fiscal_year"] == ["2021", "2015"] and before["fiscal_year"] == ["2021"]


def fields_offered(html: str) -> dict[str, list[str]]:
    """name -> every value the form's checkboxes offer, checked or not."""
    out: dict[str, list[str]] = {}
    for tag in re.findall(r'<input type="checkbox"[^>]*>', form_of(html)):
        out.setdefault(re.search(r'name="([^"]*)"', tag)[1], []).append(unescape(re.search(r'value="([^"]*)"', tag)[1]))
    return out
