"""The engine's columns saved beside the index and mapped back (search/colcache.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from kaigiroku.indexer.build import add, build, remove
from kaigiroku.search.whoosh import colcache
from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest, _Columns
from kaigiroku.search.whoosh.store import current_path

from kaigiroku.search.paths import CORPUS_DIR as CORPUS

FIXTURES = Path(__file__).resolve().parent / "fixtures"

REQUESTS = [SearchRequest(q="個人情報", per_page=20), SearchRequest(q="委託", sort="oldest", filters={"role": ["委員"]}),
            SearchRequest(date_from="2021-01", date_until="2022-03", sort="newest", per_page=50),
            SearchRequest(q="", filters={"year": ["2022"]}, page=2)]


def answers(engine: SearchEngine) -> list[dict]:
    return [{k: v for k, v in engine.search(r).items() if k != "took_ms"} for r in REQUESTS]


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "index"
    build(root, [CORPUS], workers=1)
    return root


def test_a_second_open_maps_the_saved_arrays_and_answers_the_same(root, monkeypatch):
    first = SearchEngine(root)
    computed = answers(first)
    saved = list(current_path(root).glob("columns-*"))
    assert len(saved) == 1 and (saved[0] / "labels.json").is_file()
    monkeypatch.setattr(_Columns, "_compute", None, raising=False)
    second = SearchEngine(root)
    _, columns = second.searcher()
    assert isinstance(columns.rank["newest"], np.memmap) and isinstance(columns.codes["meeting"], np.memmap)
    assert answers(second) == computed
    assert columns.known == first.searcher()[1].known
    first.close(), second.close()


def test_a_commit_gets_new_arrays_and_the_old_ones_go(root):
    engine = SearchEngine(root)
    before = list(current_path(root).glob("columns-*"))
    words = engine.search(SearchRequest(q="住民基本台帳"))["total"]
    add(root, [FIXTURES / "colon.txt"], workers=1)
    searcher, columns = engine.searcher()  # refreshed after the commit
    assert engine.search(SearchRequest(q="", filters={"meeting": ["colon"]}))["total"] == 5
    after = list(current_path(root).glob("columns-*"))
    assert len(after) == 1 and after != before
    remove(root, "colon")
    assert engine.search(SearchRequest(q="住民基本台帳"))["total"] == words
    assert engine.search(SearchRequest(q="", filters={"meeting": ["colon"]}))["total"] == 0
    again = SearchEngine(root)  # mapped from what the last refresh saved
    assert answers(again) == answers(engine)
    engine.close(), again.close()


def test_an_index_it_cannot_write_to_is_computed_each_time(root, monkeypatch):
    def refuse(*a, **k):
        raise PermissionError("read-only")

    monkeypatch.setattr(colcache.np, "save", refuse)
    engine = SearchEngine(root)
    assert not list(current_path(root).glob("columns-*")) and not list(current_path(root).glob(".columns-*"))
    assert engine.search(REQUESTS[0])["total"] > 0
    engine.close()


def test_damaged_arrays_are_computed_again(root):
    SearchEngine(root).close()
    (folder,) = current_path(root).glob("columns-*")
    (folder / "rank-newest.npy").write_bytes(b"not numpy")
    engine = SearchEngine(root)
    assert answers(engine) == answers(SearchEngine(root))
    shutil.rmtree(folder)
    assert answers(SearchEngine(root)) == answers(engine)
