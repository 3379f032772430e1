"""Occurrences kept in the index place exactly the highlights that analysing the text places."""

from __future__ import annotations

import pytest

from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest
from kaigiroku.search.whoosh.matching import Matcher
from kaigiroku.search.whoosh.formats import CharSpans
from kaigiroku.search.whoosh.offsets import occurrences
from kaigiroku.search.query import parse
from kaigiroku.search.whoosh.compile import Compiler
from kaigiroku.search.snippets import highlight_spans


@pytest.mark.parametrize("occ", [
    [],
    [(0, 0, 2)],
    [(0, 0, 4), (0, 2, 4), (3, 10, 12), (200, 9000, 9300)],
    [(5, 40, 44), (5, 38, 40), (6, 45, 46)],  # a start before the previous one still round-trips
])
def test_char_spans_round_trip(occ):
    fmt = CharSpans()
    data = fmt.encode(occ)
    assert fmt.decode_characters(data) == occ
    assert fmt.decode_positions(data) == [p for p, _, _ in occ]
    assert fmt.decode_frequency(data) == len(occ)


def test_encoding_is_smaller_than_whooshs_pickle():
    from whoosh.formats import Characters

    occ = [(p, 30 * p, 30 * p + 2) for p in range(0, 400, 7)]
    assert len(CharSpans().encode(occ)) < len(Characters().encode(occ)) / 2


QUERIES = ["個人情報", "個人情報 委託", "遡及", "マイナ", "ワクチン接種", "\"個人情報の保護\"", "説明 資料",
           "令和3年度 審議会", "LINE", "ＨＥＲ－ＳＹＳ", "保有個人情報 開示", "事後 諮問"]


@pytest.mark.parametrize("q", QUERIES)
def test_page_highlights_equal_analysed_highlights(corpus_index, q):
    engine = SearchEngine(corpus_index)
    res = engine.search(SearchRequest(q=q, per_page=50))
    searcher, columns = engine.searcher()
    plan = Matcher(searcher, columns).run(Compiler(engine.synonyms, True, frozenset()).compile(parse(q)))
    assert res["hits"], q
    marked = 0
    for h in res["hits"]:
        want = highlight_spans(h["text"], plan.highlight, plan.fragments)
        assert [tuple(s) for s in h["highlights"]] == want, (q, h["id"])
        if h["counterpart"]:
            want = highlight_spans(h["counterpart"], plan.highlight, plan.fragments)
            assert [tuple(s) for s in h["counterpart_highlights"]] == want, (q, h["counterpart_id"])
        marked += bool(h["highlights"])
    assert marked, q


def test_occurrences_read_each_document_once_per_term(corpus_index):
    engine = SearchEngine(corpus_index)
    searcher, _ = engine.searcher()
    docs = [searcher.document_number(id=h["id"]) for h in
            engine.search(SearchRequest(q="個人情報", per_page=20, exchanges=False))["hits"]]
    occ = occurrences(searcher, docs, ["個人情報", "ない語彙"])
    assert set(occ) == set(docs)
    for d in docs:
        text = searcher.stored_fields(d)["body"]
        assert "ない語彙" not in occ[d]
        assert all(text[s:e] in ("個人情報", "個人情報") for _, s, e in occ[d]["個人情報"]), d


def test_highlights_across_segments_and_deletions(tmp_path):
    """After `add` (a second segment) and a replacement (deleted documents), pages still read the
    right document's occurrences: each highlight covers the word searched for."""
    import shutil

    from kaigiroku.indexer.build import add, build
    from tests.conftest import CORPUS

    src = tmp_path / "src"
    src.mkdir()
    for name in ("meguro-r03-06.txt", "meguro-r02-05.txt"):
        shutil.copy(CORPUS / name, src / name)
    root = tmp_path / "ix"
    build(root, [src / "meguro-r03-06.txt"], workers=1)
    add(root, [src / "meguro-r02-05.txt"], workers=1)
    changed = src / "meguro-r03-06.txt"
    changed.write_text("委員：念のため、個人情報の件を確認します。\n" + changed.read_text(encoding="utf-8"), encoding="utf-8")
    assert add(root, [changed], workers=1).replaced == ["meguro-r03-06"]
    engine = SearchEngine(root)
    searcher, _ = engine.searcher()
    assert len(list(searcher.leaf_searchers())) > 1 or searcher.reader().has_deletions()
    res = engine.search(SearchRequest(q="個人情報", per_page=100, exchanges=False))
    assert {h["meeting"] for h in res["hits"]} == {"meguro-r03-06", "meguro-r02-05"}
    found_here = [h for h in res["hits"] if h["matched"][0]["how"] == "exact"]  # not through the counterpart
    assert {h["meeting"] for h in found_here} == {"meguro-r03-06", "meguro-r02-05"}
    for h in found_here:
        assert h["highlights"], h["id"]
        assert all(h["text"][s:e] == "個人情報" for s, e in h["highlights"]), h["id"]
