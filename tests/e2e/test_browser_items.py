"""案件 (agenda items) in a real browser: the 発言/案件 switch, item facets, landing on the
item in its meeting, 似た案件, and screenshots at phone (390 px) and desktop widths."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_switch_to_items_filter_open_the_item_and_its_similar_items(page, corpus_server):
    page.goto(corpus_server + "/?q=" + quote("ワクチン"))
    page.locator(".mode-switch a", has_text="案件").click()
    page.wait_for_url(re.compile(r"mode=items"))
    assert parse_qs(urlsplit(page.url).query) == {"mode": ["items"], "q": ["ワクチン"]}
    expect(page.locator("li.item-hit")).to_have_count(3)
    expect(page.locator("li.item-hit").first.locator("mark").first).to_be_visible()

    # An item facet (結果) filters items and keeps the mode.
    page.locator("#facet-outcome ~ ul a.facet-value", has_text="承認").click()
    page.wait_for_url(re.compile(r"outcome="))
    assert parse_qs(urlsplit(page.url).query)["mode"] == ["items"]
    expect(page.locator("li.item-hit")).to_have_count(1)
    expect(page.locator("li.item-hit h2")).to_contain_text("ワクチン接種証明書")
    expect(page.locator("li.item-hit .outcome-badge")).to_have_text("承認")
    expect(page.locator("li.item-hit .votes")).to_contain_text("賛成11")

    # A new search from the form stays in 案件 mode.
    page.fill("#q", "人事給与")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=%E4%BA%BA"))
    assert parse_qs(urlsplit(page.url).query)["mode"] == ["items"]
    expect(page.locator("li.item-hit")).to_have_count(2)

    # The item's title lands on its section of the meeting, in view.
    page.locator("li.item-hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/meetings/meguro-r02-02\?.*#item-2$"))
    target = page.locator(":target")
    expect(target).to_have_attribute("id", "item-2")
    expect(target).to_be_in_viewport()
    expect(target.locator("h2")).to_contain_text("人事給与システムのクラウド化")

    # 似た案件 from the meeting page.
    target.locator("a.similar-link").click()
    page.wait_for_url(re.compile(r"/items/meguro-r02-02\.2/similar"))
    expect(page.locator("h1")).to_contain_text("似た案件")
    # The same system's later item is among them (the judged pair of tests/precedents.json).
    expect(page.locator("li.item-hit h2", has_text="人事給与システムで取り扱う個人情報の追加")).to_have_count(1)
    expect(page.locator("li.item-hit h2", has_text="人事給与システムのクラウド化")).to_have_count(0)


def test_an_utterance_of_an_item_result_lands_on_its_record(page, corpus_server):
    page.goto(corpus_server + "/?mode=items&q=" + quote("遡及"))
    link = page.locator("li.item-hit .item-utterances a.lines").first
    order = link.inner_text().lstrip("#")
    link.click()
    page.wait_for_url(re.compile(rf"/meetings/meguro-r03-06\?.*#r{order}$"))
    expect(page.locator(":target")).to_be_in_viewport()
    assert "遡及" in page.locator(":target mark").all_inner_texts()


def test_item_screenshots_phone_and_desktop(browser, corpus_server, screenshots):
    pages = {"items": "/?mode=items&q=" + quote("委託"), "items-all": "/?mode=items",
             "similar": "/items/meguro-r03-06.0/similar"}
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        ctx = browser.new_context(viewport=viewport, locale="ja-JP")
        pg = ctx.new_page()
        try:
            for name, path in pages.items():
                pg.goto(corpus_server + path)
                expect(pg.locator("h1")).to_have_count(1)
                expect(pg.locator("li.item-hit").first).to_be_visible()
                overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width_name} width"
                # Links and buttons stay big enough to tap on a phone.
                if width_name == "phone":
                    small = pg.locator(".mode-switch a").evaluate_all(
                        "els => els.filter(e => e.getBoundingClientRect().height < 40).length")
                    assert small == 0
                pg.screenshot(path=str(screenshots / f"{name}-{width_name}.png"), full_page=True)
        finally:
            ctx.close()
