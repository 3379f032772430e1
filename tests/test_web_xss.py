"""Record text, speaker labels, titles and queries are shown as text, never run.

The fixture minutes (tests/e2e/fixtures/xss-r04-09.txt) carry <script>, an
attribute breakout ("onmouseover=…), </textarea>, <p> and <img onerror> in
record text, speaker labels, the agenda title and the venue.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kaigiroku.web import create_app

XSS_MINUTES = Path(__file__).resolve().parent / "e2e" / "fixtures" / "xss-r04-09.txt"
MEETING = "xss-r04-09"
RAW = ("<script>alert(1)</script>", "<script>window.__x=1</script>", "</textarea>", "<p>原則として</p>",
       "<img src=x", '"onmouseover=alert(1)')
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def xss_index(tmp_path_factory):
    from kaigiroku.indexer.build import build

    root = tmp_path_factory.mktemp("xss-index")
    build(root, [XSS_MINUTES], workers=1)
    return root


@pytest.fixture(scope="module")
def client(xss_index):
    return create_app({"INDEX_DIR": str(xss_index)}).test_client()


@pytest.fixture(scope="module")
def meeting(client):
    return client.get(f"/api/meetings/{MEETING}").get_json()


def body(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return r.get_data(as_text=True)


class Tags(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    """No markup from the data: only our own elements, and every payload escaped."""
    for raw in RAW[:5]:
        assert raw not in html, raw
    tags = Tags(html).tags
    names = {t for t, _ in tags}
    assert not names & {"textarea", "img", "iframe", "object"}, names
    scripts = [a for t, a in tags if t == "script"]
    assert scripts == [{"src": "/static/app.js", "defer": None}]
    for tag, attrs in tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert all(not (v or "").lower().startswith("javascript:") for v in attrs.values()), (tag, attrs)
    assert "&lt;script&gt;" in html


def test_fixture_keeps_payloads_in_text_and_labels(meeting):
    texts = " ".join(r["text"] for r in meeting["records"])
    speakers = " ".join(r["speaker"] for r in meeting["records"])
    for raw in ("<script>alert(1)</script>", "</textarea>", "<p>", '"onmouseover=alert(1)', "<script>window.__x=1"):
        assert raw in texts, raw
    for raw in ("<script>alert(1)</script>", "</textarea>", "<p>", '"onmouseover=alert(1)'):
        assert raw in speakers, raw
    assert "</textarea><p>" in meeting["items"][0]["title"]


def test_search_page_escapes_snippets_labels_and_titles(client):
    html = body(client, "/?q=再委託")
    assert_inert(html)
    assert "&lt;/textarea&gt;" in html
    assert "&lt;p&gt;" in html  # in the agenda item title and a snippet
    assert "&#34;onmouseover=alert(1)" in html or "&quot;onmouseover=alert(1)" in html
    assert "<mark>再委託</mark>" in html


def test_search_page_escapes_the_query_everywhere(client):
    q = '<script>window.__x=1</script>"><img src=x onerror=alert(1)>'
    r = client.get("/", query_string={"q": q})
    html = r.get_data(as_text=True)
    assert r.status_code in (200, 400)
    assert "<img src=x" not in html and "<script>window" not in html
    assert 'value="&lt;script&gt;window.__x=1&lt;/script&gt;&#34;&gt;' in html
    r = client.get("/", query_string={"q": '"<script>alert(1)</script>'})  # unbalanced: the 400 page
    assert r.status_code == 400
    assert "<script>alert" not in r.get_data(as_text=True)


def test_meeting_page_escapes_transcript_header_and_query(client):
    html = body(client, f"/meetings/{MEETING}?q=再委託")
    assert_inert(html)
    assert "&lt;p&gt;原則として&lt;/p&gt;" in html
    assert "<mark>再委託</mark>" in html
    html = body(client, f"/meetings/{MEETING}?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert_inert(html)


def test_meeting_list_escapes(client):
    assert_inert(body(client, "/meetings") + "&lt;script&gt;")


def test_api_returns_payloads_as_data(client):
    r = client.get("/api/search?q=再委託")
    assert r.content_type.startswith("application/json")
    d = json.loads(r.data)
    texts = [h["text"] for h in d["hits"]]
    assert any("<script>window.__x=1</script>" in t for t in texts)
    assert any('"onmouseover=alert(1)' in h["speaker"] for h in d["hits"])
    speech = client.get("/api/speech?any=再委託&recordPacking=json").get_json()
    assert any("</textarea>" in s["speaker"] for s in speech["speechRecord"])


def test_diet_xml_escapes_and_parses(client):
    r = client.get("/api/speech?any=再委託")
    assert r.status_code == 200 and r.content_type.startswith("application/xml")
    raw = r.get_data(as_text=True)
    assert "<script>" not in raw and "</textarea>" not in raw
    records = ET.fromstring(r.data).findall("records/record/recordData/speechRecord")
    assert any("<script>window.__x=1</script>" in rec.findtext("speech") for rec in records)
    assert any("</textarea>" in rec.findtext("speaker") for rec in records)


def test_feed_escapes_and_parses(client):
    r = client.get("/feed?q=再委託")
    assert r.status_code == 200
    raw = r.get_data(as_text=True)
    assert "<script>" not in raw and "<p>" not in raw and "</textarea>" not in raw
    root = ET.fromstring(r.data)
    contents = [e.find(f"{ATOM}content").text for e in root.findall(f"{ATOM}entry")]
    assert any("<script>window.__x=1</script>" in c for c in contents)  # the text, intact after parsing
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert any("</textarea>" in t for t in titles)


def test_feed_drops_characters_xml_forbids(client):
    r = client.get("/feed", query_string={"q": "再委託\x0b\x01"})
    assert r.status_code == 200
    ET.fromstring(r.data)
