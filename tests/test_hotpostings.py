"""Frequent terms' flat arrays (search/hotpostings.py) give exactly what Whoosh's blocks give."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from kaigiroku.indexer.build import add, build, remove
from kaigiroku.search.whoosh import docsets, hotpostings
from kaigiroku.search.whoosh.docsets import field_lengths, match_ids, scored_ids
from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest
from kaigiroku.search.query import parse
from kaigiroku.search.whoosh.compile import Compiler
from kaigiroku.search.whoosh.store import current_path, open_index
from kaigiroku.search.synonyms import Synonyms
from tests.conftest import CORPUS

QUERIES = ["委託", "個人情報 取扱い", "遡及 OR 追認", "委託 -接種", '"個人情報の取扱い"', "事務 の 委託"]
MIN_DF = 3  # low enough that most of the small corpus's lists are read from the arrays


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """Several segments, one with deletions, every list of MIN_DF documents or more in arrays."""
    root = tmp_path_factory.mktemp("ix")
    src = tmp_path_factory.mktemp("src")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(hotpostings, "HOT_DF", MIN_DF)
        build(root, [CORPUS / "meguro-r03-06.txt", CORPUS / "meguro-r02-02.txt"], workers=1)
        add(root, [CORPUS / "meguro-r04-02.txt"], workers=1)
        changed = src / "meguro-r03-06.txt"
        shutil.copy(CORPUS / "meguro-r03-06.txt", changed)
        changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        add(root, [changed], workers=1, replace=True)  # replaces a meeting (another file of its id): deletions in the first segment
    return root


def _without_arrays(searcher):
    for sub, _ in searcher.leaf_searchers():
        sub.reader().hot_postings = None


def test_every_segment_has_its_arrays(index):
    gen = current_path(index)
    ix = open_index(index)
    with ix.searcher() as s:
        hotpostings.attach(s, gen)
        hots = [sub.reader().hot_postings for sub, _ in s.leaf_searchers()]
        assert len(hots) > 1 and all(h is not None for h in hots) and s.reader().has_deletions()
        assert all(len(h.terms["text"]) > 50 for h in hots)
    assert len(list(gen.glob("hot-*"))) == len(hots)  # none left of segments merged away


@pytest.mark.parametrize("text", QUERIES)
def test_same_sets_and_scores_as_whoosh_blocks(index, text):
    gen = current_path(index)
    q = Compiler(Synonyms.load()).compile(parse(text)).query
    ix = open_index(index)
    with ix.searcher() as plain, ix.searcher() as hot:
        _without_arrays(plain)
        hotpostings.attach(hot, gen)
        used = []
        real_get = hotpostings.HotPostings.get
        with pytest.MonkeyPatch.context() as m:
            m.setattr(hotpostings.HotPostings, "get", lambda self, *a: used.append(a) or real_get(self, *a))
            ids, scores = scored_ids(hot, q, field_lengths(hot))
            hot_set = match_ids(hot, q)
        assert any(u for u in used), "no list came from the arrays"
        want_ids, want_scores = scored_ids(plain, q, field_lengths(plain))
        assert ids.tolist() == want_ids.tolist() and len(ids)
        assert np.array_equal(scores, want_scores)
        assert hot_set.tolist() == match_ids(plain, q).tolist()


def test_deleted_records_stay_deleted(tmp_path):
    with pytest.MonkeyPatch.context() as m:
        m.setattr(hotpostings, "HOT_DF", MIN_DF)
        build(tmp_path / "ix", [CORPUS / "meguro-r03-06.txt", CORPUS / "meguro-r02-02.txt"], workers=1)
        engine = SearchEngine(tmp_path / "ix")
        before = engine.search(SearchRequest(q="委託", per_page=100))
        meetings = {h["meeting"] for h in before["hits"]}
        assert len(meetings) == 2
        gone = sorted(meetings)[0]
        remove(tmp_path / "ix", gone)
    after = SearchEngine(tmp_path / "ix").search(SearchRequest(q="委託", per_page=100))
    assert 0 < after["total"] < before["total"] and gone not in {h["meeting"] for h in after["hits"]}


def test_a_segment_without_arrays_reads_whoosh(tmp_path):
    build(tmp_path / "ix", [CORPUS / "meguro-r03-06.txt"], workers=1)
    gen = current_path(tmp_path / "ix")
    for folder in gen.glob("hot-*"):
        shutil.rmtree(folder)
    engine = SearchEngine(tmp_path / "ix")
    s, _ = engine.searcher()
    assert all(sub.reader().hot_postings is None for sub, _ in s.leaf_searchers())
    assert engine.search(SearchRequest(q="委託"))["total"] > 0


def test_documents_deleted_after_the_arrays_are_dropped(index):
    """The replaced meeting's records were live when the first segment's arrays were written."""
    ix = open_index(index)
    with ix.searcher() as s:
        hotpostings.attach(s, current_path(index))
        r = next(sub.reader() for sub, _ in s.leaf_searchers() if sub.reader().has_deletions())
        deleted, seen = r.deleted_docs_set, 0
        for text in r.hot_postings.terms["text"]:
            ids, ws = r.hot_postings.get("text", text, True)
            live, live_ws = docsets._postings(r, "text", text, True)
            keep = [i for i, d in enumerate(ids.tolist()) if d not in deleted]
            assert live.tolist() == ids[keep].tolist() and live_ws.tolist() == ws[keep].tolist()
            seen += len(ids) - len(live)
        assert seen > 0
