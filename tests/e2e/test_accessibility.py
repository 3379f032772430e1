"""In a real browser: axe-core finds no serious or critical accessibility violation on the
search page, a results page, a page with no hits, a refused date and a meeting page, at
phone and desktop widths; the 詳細検索 form, the way back from a meeting and a mistyped
date work without knowing the query syntax; screenshots of each (tests/screenshots/).

axe-core comes from the axe-playwright-python package (installed with the test extra),
which bundles axe.min.js: nothing is fetched while the tests run.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "landing": "/",
    "results": "/?q=" + quote("個人情報") + "&role=member&kind=question&per_page=5",
    "zero": "/?q=" + quote("ドローン 条例"),
    "date-error": "/?q=" + quote("遡及") + "&role=member&from=" + quote("いつか"),
    "meeting": "/meetings/higashimurayama-h27-06?q=" + quote("個人情報") + "&role=member",
    "people": "/people",
    "bills": "/bills",
    "bill": "/bills/" + quote("目黒区-令和4年度第2回-諮問6"),
}


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_no_serious_accessibility_violations(browser, corpus_server, axe, screenshots, width):
    viewport = PHONE if width == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, locale="ja-JP")
    pg = context.new_page()
    try:
        found = {}
        for name, url in PAGES.items():
            pg.goto(corpus_server + url)
            expect(pg.locator("h1")).to_have_count(1)
            results = axe.run(pg)
            bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                found[name] = bad
            overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} at {viewport['width']}px scrolls sideways by {overflow}px"
            pg.screenshot(path=str(screenshots / f"a11y-{name}-{width}.png"), full_page=name != "meeting")
        assert not found, found
    finally:
        context.close()


def test_the_skip_link_moves_to_the_results(page, corpus_server):
    page.goto(corpus_server + PAGES["results"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip[href='#results']")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"


def test_advanced_search_without_the_query_syntax(page, corpus_server, screenshots):
    page.set_viewport_size(PHONE)
    page.goto(corpus_server + "/")
    page.fill("#q", "ドローン 条例")
    page.locator("details.advanced > summary").click()
    page.locator("fieldset.facet-role label", has_text="議員・委員").click()
    page.locator("fieldset.facet-role label", has_text="執行機関・説明員").click()
    page.locator("fieldset.ops label", has_text="どれかの語を含む").click()
    page.screenshot(path=str(screenshots / "advanced-phone.png"), full_page=True)
    page.locator(".advanced-submit button").click()
    page.wait_for_url(re.compile(r"role="))
    assert query(page.url) == {"q": ["ドローン OR 条例"], "role": ["member", "executive"]}
    expect(page.locator("li.hit").first).to_be_visible()
    expect(page.locator(".chip")).to_have_count(2)


def test_back_from_a_meeting_returns_to_the_same_results(page, corpus_server):
    start = "/?q=" + quote("個人情報") + "&role=member&page=2&sort=newest&per_page=5&from=" + quote("令和2年")
    page.goto(corpus_server + start)
    first_hit = page.locator("li.hit h2 a").first.inner_text()
    page.locator("li.hit .hit-actions a").first.click()
    page.wait_for_url(re.compile(r"/meetings/"))
    page.get_by_role("link", name="検索結果に戻る").click()
    page.wait_for_url(re.compile(r"/\?"))
    assert query(page.url) == query(start)
    assert page.locator("li.hit h2 a").first.inner_text() == first_hit
    expect(page.locator(".pager .current")).to_have_text("2")


def test_a_mistyped_date_keeps_the_form_and_says_where(page, corpus_server):
    page.goto(corpus_server + "/?q=" + quote("遡及") + "&role=member")
    page.fill("#from", "いつか")
    page.locator(".searchbar button[type=submit]").click()
    page.wait_for_url(re.compile(r"from="))
    expect(page.locator("#from-error")).to_contain_text("いつか")
    expect(page.locator("#q")).to_have_value("遡及")
    expect(page.locator("#from")).to_have_attribute("aria-invalid", "true")
    # Corrected, the same form searches with the filter it kept.
    page.fill("#from", "令和3年")
    page.locator(".searchbar button[type=submit]").click()
    page.wait_for_url(re.compile(r"from=%E4%BB%A4|from=令和"))
    assert query(page.url)["role"] == ["member"]
    expect(page.locator(".summary")).to_be_visible()
