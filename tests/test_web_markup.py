"""Highlight markup built from the engine's offsets: escaped, marked, lossless."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from kaigiroku.search.facets import BY_NAME
from kaigiroku.web.markup import clean_spans, excerpt, mark, paragraphs_html, snippet_html, votes_ja, xml_text

TEXT = st.text(alphabet=st.sampled_from(list("あい委託<>&\"'\n /pscript=")), max_size=60)


@st.composite
def text_and_spans(draw):
    text = draw(TEXT)
    n = len(text)
    spans = draw(st.lists(st.tuples(st.integers(-5, n + 5), st.integers(-5, n + 5)), max_size=6))
    offset = draw(st.integers(0, 10))
    return text, [(a + offset, b + offset) for a, b in spans], offset


def strip_marks(html: str) -> str:
    return unescape(html.replace("<mark>", "").replace("</mark>", ""))


@given(text_and_spans())
def test_mark_escapes_everything_and_loses_nothing(case):
    text, spans, offset = case
    html = str(mark(text, spans, offset))
    assert strip_marks(html) == text
    assert not re.search(r"<(?!/?mark>)", html)  # the only tags are ours
    assert html.count("<mark>") == html.count("</mark>") == len(clean_spans(spans, offset, offset + len(text)))


@given(text_and_spans())
def test_marked_characters_are_the_spans(case):
    text, spans, offset = case
    html = str(mark(text, spans, offset))
    got = [unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", html, re.S)]
    want = [text[s:e] for s, e in clean_spans(spans, offset, offset + len(text))]
    assert got == want


def test_mark_merges_overlaps_and_clips():
    assert str(mark("abcdef", [(1, 3), (2, 4), (5, 99)])) == "a<mark>bcd</mark>e<mark>f</mark>"
    assert str(mark("cdef", [(0, 3)], offset=2)) == "<mark>c</mark>def"


def test_snippet_html_uses_offsets_and_ellipses():
    text = "前置き。<b>遡及</b>する承認"
    hit = {"snippet": text[4:], "snippet_offset": 4, "snippet_truncated": [True, False],
           "highlights": [[7, 9], [0, 2]]}
    assert str(snippet_html(hit)) == "…&lt;b&gt;<mark>遡及</mark>&lt;/b&gt;する承認"


def test_paragraphs_keep_offsets_across_newlines():
    text = "一行目\n委託の<p>\n\n三行目委託"
    spans = [(4, 6), (15, 17)]
    html = str(paragraphs_html(text, spans))
    assert html == "<p>一行目</p><p><mark>委託</mark>の&lt;p&gt;</p><p>三行目<mark>委託</mark></p>"


def test_small_helpers():
    assert excerpt("a\n b  c", 3) == "a b…" and excerpt(None) == ""
    assert votes_ja({"for": 16, "against": 2, "abstain": 0}) == "賛成16・反対2・棄権0"
    assert votes_ja({"for": 3, "against": None, "abstain": None}) == "賛成3" and votes_ja(None) == ""
    year = BY_NAME["year"]
    assert year.display("2019") == "2019年（令和元年）" and year.display("2016") == "2016年（平成28年）"
    assert BY_NAME["fiscal_year"].display("2021") == "令和3年度"
    assert xml_text("a\x0cb\x00c\td") == "abc\td"
