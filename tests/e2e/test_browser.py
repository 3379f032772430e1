"""End to end in a real browser: search, facets, landing on a cited record,
the 和暦 date filter, XSS attempts, and screenshots at phone and desktop widths."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

from playwright.sync_api import expect

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_search_facet_hit_and_anchored_highlighted_record(page, corpus_server):
    page.goto(corpus_server + "/")
    page.fill("#q", "遡及")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/\?q="))
    # The question and its answer both have the word: one hit, the exchange, both marked.
    expect(page.locator("li.hit")).to_have_count(1)
    expect(page.locator("li.hit .pair-text")).to_have_count(1)
    assert "遡及" in page.locator("li.hit .pair-text mark").all_inner_texts()
    assert "遡及" in page.locator("li.hit mark").all_inner_texts()

    # A facet value is a link that adds its filter.
    page.locator(".facet a.facet-value", has_text="質問").click()
    page.wait_for_url(re.compile(r"kind=question"))
    assert query(page.url) == {"q": ["遡及"], "kind": ["question"]}
    expect(page.locator("li.hit")).to_have_count(1)
    expect(page.locator(".chip")).to_have_count(1)
    expect(page.locator(".chip")).to_contain_text("質問")

    # Opening the hit lands on its record, in view, with the words marked.
    page.locator("li.hit .hit-actions a").click()
    page.wait_for_url(re.compile(r"/meetings/meguro-r03-06\?.*#r9$"))
    target = page.locator(":target")
    expect(target).to_have_attribute("id", "r9")
    expect(target).to_be_in_viewport()
    expect(target.locator("mark").first).to_be_visible()
    assert "遡及" in target.locator("mark").all_inner_texts()
    assert page.evaluate("document.activeElement && document.activeElement.id") == "r9"
    expect(page.locator("#r1 mark")).to_have_count(0)  # records that did not match stay plain

    # "一致した記録のみ" shows the matching records only: those the search's filter (質問) allows.
    page.locator("a.toggle-only").click()
    page.wait_for_url(re.compile(r"only=1"))
    expect(page.locator("article.rec")).to_have_count(1)
    assert query(page.url)["kind"] == ["question"]


def test_wareki_date_range_filter(page, corpus_server):
    page.goto(corpus_server + "/?q=" + quote("委託"))
    total_before = int(page.locator(".summary strong").inner_text())
    page.fill("#from", "令和4年7月")
    page.fill("#until", "令和4年7月")
    page.locator("form.search .searchbar button[type=submit]").click()
    page.wait_for_url(re.compile(r"until="))
    assert query(page.url)["from"] == ["令和4年7月"] and query(page.url)["until"] == ["令和4年7月"]
    total = int(page.locator(".summary strong").inner_text())
    assert 0 < total < total_before
    dates = page.locator("li.hit time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates and all(d.startswith("2022-07") for d in dates)
    years = page.locator("#facet-year ~ ul .facet-label").all_inner_texts()
    assert set(years) <= {"2022年（令和4年）"}  # a facet with one value is not listed
    expect(page.locator(".chip")).to_have_count(2)


def test_xss_in_the_query_string_is_text(page, corpus_server):
    payload = "<script>window.__x=1</script>"
    page.goto(corpus_server + "/?q=" + quote(payload))
    assert page.evaluate("typeof window.__x") == "undefined"
    assert page.input_value("#q") == payload
    # Shown as text where the page names the typed word (no record has it whole, so it is split).
    expect(page.locator("ul.word-notes")).to_contain_text(payload)
    page.goto(corpus_server + "/?q=" + quote('"><img src=x onerror=alert(1)>'))  # unbalanced quote: 400
    assert page.evaluate("document.images.length") == 0
    page.goto(corpus_server + "/meetings/meguro-r03-06?q=" + quote(payload))
    assert page.evaluate("typeof window.__x") == "undefined"
    assert not page.dialogs


def test_xss_in_records_and_labels_is_text(page, xss_server):
    page.goto(xss_server + "/?q=" + quote("再委託"))
    expect(page.locator("li.hit").first).to_be_visible()
    page.locator("li.hit .who").first.hover()
    snippets = " ".join(page.locator("li.hit .snippet").all_inner_texts())
    assert "<script>window.__x=1</script>" in snippets
    assert "<p>原則として</p>" in snippets
    items = " ".join(page.locator("li.hit .item").all_inner_texts())
    assert "</textarea><p>" in items

    page.goto(xss_server + "/meetings/xss-r04-09?q=" + quote("再委託") + "#r3")
    for sel in ("#r1 .speaker", "#r2 .speaker", "#r3 .speaker", "#r4 .speaker"):
        page.locator(sel).hover()
    assert page.locator("#r1 .speaker").inner_text() == "会長（<script>alert(1)</script>君）"
    assert page.locator("#r2 .speaker").inner_text() == '委員（"onmouseover=alert(1)君）'
    assert "<script>window.__x=1</script>" in page.locator("#r3 .rec-text").inner_text()
    assert "</textarea>" in page.locator("#r4 .rec-text").inner_text()
    assert page.evaluate("typeof window.__x") == "undefined"
    assert page.evaluate("document.scripts.length") == 1
    assert page.evaluate("document.querySelectorAll('textarea, img, [onmouseover], [onerror]').length") == 0
    assert not page.dialogs


def test_screenshots_phone_and_desktop(browser, corpus_server, screenshots):
    shots = {  # the phone arrives at a cited record, the desktop sees the page head
        "phone": {"search": "/?q=" + quote("委託") + "&per_page=5",
                  "meeting": "/meetings/meguro-r03-06?q=" + quote("遡及") + "#r9"},
        "desktop": {"search": "/?q=" + quote("委託") + "&per_page=5",
                    "meeting": "/meetings/meguro-r03-06?q=" + quote("遡及")},
    }
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, locale="ja-JP")
        pg = context.new_page()
        try:
            for name, url in shots[width_name].items():
                pg.goto(corpus_server + url)
                if name == "search":
                    expect(pg.locator("li.hit").first).to_be_visible()
                # Nothing wider than the viewport (no sideways scrolling on phones).
                overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{name} at {viewport['width']}px scrolls sideways by {overflow}px"
                path = screenshots / f"{name}-{width_name}.png"
                pg.screenshot(path=str(path))
                assert path.stat().st_size > 1000
        finally:
            context.close()
