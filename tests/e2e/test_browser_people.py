"""Person and bill pages in a real browser, without JavaScript, at phone (390 px) and desktop widths.

The corpus is our own (tests/fixtures/people_e2e): one session of 山辺市議会 in four sittings. The
opening plenary refers 議案第30号 to 文教常任委員会 and 議案第31号 to 建設常任委員会 and holds
上野沙織's general question (many turns, so her records run to a second page); the committees pass
the first and keep the second under 継続審査; the closing plenary hears the chairs and votes. Pages
must work with scripts off, stay under 150 KB, not scroll sideways and pass axe-core (run in a
context with scripts on, as axe is a script); screenshots go to tests/screenshots/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MEMBER = "山辺市-上野沙織"
PASSED = "山辺市-令和7年第2回定例会-議案30"
KEPT = "山辺市-令和7年第2回定例会-議案31"
PAGE_LIMIT = 150 * 1024


def person_url(pid: str) -> str:
    return "/people/" + quote(pid, safe="")


def bill_url(bid: str) -> str:
    return "/bills/" + quote(bid, safe="")


def _goto(pg, url: str) -> int:
    """Open `url`; the page's size in bytes (what the server sent)."""
    resp = pg.goto(url)
    assert resp is not None and resp.status == 200, (url, resp and resp.status)
    size = len(resp.body())
    assert size < PAGE_LIMIT, f"{url}: {size} bytes"
    return size


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_person_page_pages_records_and_searches_them_without_javascript(browser, people_server, screenshots, width):
    viewport = PHONE if width == "phone" else DESKTOP
    ctx = browser.new_context(viewport=viewport, locale="ja-JP", java_script_enabled=False)
    pg = ctx.new_page()
    try:
        _goto(pg, people_server + person_url(MEMBER))
        expect(pg.locator("h1")).to_have_text("上野沙織")
        expect(pg.locator(".page-head .muted").first).to_contain_text("記録 25 件")
        # Her questions with the answers she got, and the words that set her apart.
        expect(pg.locator("#asked-h")).to_be_visible()
        expect(pg.locator("ol.exchanges > li").first).to_contain_text("回答")
        expect(pg.locator(".word-chips li").first).to_be_visible()
        # The meetings she spoke in, the bills' items among them.
        expect(pg.locator("ol.person-meetings > li")).to_have_count(4)
        expect(pg.locator("ol.person-meetings")).to_contain_text("議案第３０号")
        # 25 records, 20 a page: a second page, reached by the pager's link (no script needed).
        records = pg.locator("section[aria-labelledby=records-h] ol.hits > li.hit")
        expect(records).to_have_count(20)
        pg.screenshot(path=str(screenshots / f"person-{width}.png"), full_page=True)
        pg.locator("nav.pager a.next").click()
        pg.wait_for_url(re.compile(r"page=2"))
        expect(records).to_have_count(5)
        expect(pg.locator("nav.pager .current")).to_have_text("2")
        # The search box searches her records only.
        pg.fill("#pq", "図書館")
        pg.press("#pq", "Enter")
        pg.wait_for_url(re.compile(r"\?q="))
        assert parse_qs(urlsplit(pg.url).query) == {"q": ["図書館"]}
        expect(pg.locator("#records-h")).to_contain_text("「図書館」を含む発言")
        hits = pg.locator("section[aria-labelledby=records-h] ol.hits > li.hit")
        assert 0 < hits.count() < 20
        for k in range(hits.count()):
            expect(hits.nth(k).locator(".hit-meta")).to_contain_text("上野")
        expect(hits.first.locator("mark").first).to_be_visible()
    finally:
        ctx.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_bill_pages_show_each_step_without_javascript(browser, people_server, screenshots, width):
    viewport = PHONE if width == "phone" else DESKTOP
    ctx = browser.new_context(viewport=viewport, locale="ja-JP", java_script_enabled=False)
    pg = ctx.new_page()
    try:
        _goto(pg, people_server + bill_url(PASSED))
        expect(pg.locator("h1")).to_contain_text("議案30")
        expect(pg.locator(".page-head")).to_contain_text("本会議で原案可決")
        steps = pg.locator("ol.bill-steps > li")
        expect(steps).to_have_count(3)
        expect(steps.nth(0)).to_contain_text("付託")
        expect(steps.nth(0)).to_contain_text("文教常任委員会")
        expect(steps.nth(1)).to_contain_text("委員会で可決")
        expect(steps.nth(2)).to_contain_text("本会議で原案可決")
        expect(steps.nth(2)).to_contain_text("起立多数")
        pg.screenshot(path=str(screenshots / f"bill-{width}.png"), full_page=True)
        # A speaker of the committee's step links to the person's page.
        steps.nth(1).get_by_role("link", name="上野沙織").click()
        pg.wait_for_url(re.compile(re.escape(quote(MEMBER, safe="")) + "$"))
        expect(pg.locator("h1")).to_have_text("上野沙織")
        # The bill kept under 継続審査, and its step's link to the committee's minutes.
        _goto(pg, people_server + bill_url(KEPT))
        expect(pg.locator(".page-head")).to_contain_text("継続審査")
        expect(pg.locator("ol.bill-steps > li")).to_have_count(3)
        pg.locator("ol.bill-steps > li").nth(1).locator("a", has_text="議案第３１号").click()
        pg.wait_for_url(re.compile(r"/meetings/[^?#]+#item-\d+$"))
        expect(pg.locator(":target")).to_contain_text("自転車駐車場")
    finally:
        ctx.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_people_and_bill_pages_pass_axe(browser, people_server, width):
    viewport = PHONE if width == "phone" else DESKTOP
    ctx = browser.new_context(viewport=viewport, locale="ja-JP")
    pg = ctx.new_page()
    axe = Axe()
    try:
        found = {}
        for url in ("/people", person_url(MEMBER), person_url(MEMBER) + "?page=2", person_url(MEMBER) + "?q=" +
                    quote("図書館"), "/bills", bill_url(PASSED), bill_url(KEPT)):
            _goto(pg, people_server + url)
            expect(pg.locator("h1")).to_have_count(1)
            bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in axe.run(pg).response["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                found[url] = bad
            overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{url} at {viewport['width']}px scrolls sideways by {overflow}px"
        assert not found, found
    finally:
        ctx.close()
