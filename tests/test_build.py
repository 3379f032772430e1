"""build / add / remove on real indexes in temp folders."""

from __future__ import annotations

import shutil

import pytest

from kaigiroku.indexer.build import add, build, remove
from kaigiroku.indexer.source import InputError
from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest
from kaigiroku.search.whoosh.store import IndexError_, current_path, open_index
from tests.conftest import CORPUS, FIXTURES


def _small(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("meguro-r03-06.txt", "meguro-r02-05.txt"):
        shutil.copy(CORPUS / name, src / name)
    return src


def test_build_summary_and_swap(tmp_path):
    root = tmp_path / "ix"
    src = _small(tmp_path)
    s = build(root, [src], workers=2)
    assert (s.meetings, s.records) == (2, 34 + 52)
    first = current_path(root)
    s2 = build(root, [src / "meguro-r03-06.txt"], workers=1)
    assert s2.meetings == 1 and current_path(root) != first
    e = SearchEngine(root)
    assert e.stats()["records"] == 34


def test_failed_build_keeps_old_index(tmp_path):
    root = tmp_path / "ix"
    src = _small(tmp_path)
    build(root, [src], workers=1)
    before = current_path(root)
    (src / "bad.txt").write_bytes(b"%PDF-1.4 binary")
    with pytest.raises(InputError, match="bad.txt"):
        build(root, [src], workers=1)
    assert current_path(root) == before
    assert SearchEngine(root).stats()["records"] == 86
    assert [p.name for p in root.glob("gen-*")] == [before.name]


def test_skip_bad_builds_from_good_files(tmp_path):
    root = tmp_path / "ix"
    src = _small(tmp_path)
    (src / "empty.txt").write_bytes(b"")
    s = build(root, [src], workers=1, skip_bad=True)
    assert s.meetings == 2 and [p.endswith("empty.txt") for p, _ in s.bad] == [True]


def test_same_meeting_twice_is_one(tmp_path):
    root = tmp_path / "ix"
    f = CORPUS / "meguro-r03-06.txt"
    s = build(root, [f, f, CORPUS], workers=1)
    assert s.meetings == 5
    assert SearchEngine(root).stats()["by"]["meeting"]["meguro-r03-06"] == 34


def test_add_replace_noop_remove(tmp_path):
    root = tmp_path / "ix"
    src = _small(tmp_path)
    build(root, [src / "meguro-r03-06.txt"], workers=1)
    s = add(root, [src / "meguro-r02-05.txt"], workers=1)
    assert s.added == ["meguro-r02-05"] and s.records == 52
    s = add(root, [src / "meguro-r02-05.txt"], workers=1)
    assert s.unchanged == ["meguro-r02-05"] and s.records == 0
    changed = src / "meguro-r02-05.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("フランスでも", "ドイツでも"), encoding="utf-8")
    s = add(root, [changed], workers=1)
    assert s.replaced == ["meguro-r02-05"]
    e = SearchEngine(root)
    assert e.stats()["records"] == 86
    assert e.search(SearchRequest(q="ドイツ"))["total"] == 1
    assert e.search(SearchRequest(q="フランス"))["total"] == 0
    n = remove(root, "meguro-r02-05")
    assert n == 53  # 52 records and the meeting
    assert e.stats()["records"] == 34  # the open engine sees the commit
    with pytest.raises(IndexError_, match="ありません"):
        remove(root, "meguro-r02-05")


def test_missing_index_and_version_mismatch(tmp_path):
    with pytest.raises(IndexError_, match="kaigiroku build"):
        open_index(tmp_path / "none")
    root = tmp_path / "ix"
    build(root, [FIXTURES / "colon.txt"], workers=1)
    meta = current_path(root) / "kaigiroku.json"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"analyzer": "', '"analyzer": "old-'), encoding="utf-8")
    with pytest.raises(IndexError_, match="別の版"):
        open_index(root)
    meta.write_text("{garbage", encoding="utf-8")
    with pytest.raises(IndexError_, match="壊れて"):
        open_index(root)
