"""Meeting ids never collide: two files are two meetings in build, and add never replaces a
meeting that came from another file unless asked (issue 26)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from kaigiroku.indexer.build import IdTaken, add, build
from kaigiroku.indexer.parse import meeting_id
from kaigiroku.search.api import SearchRequest
from kaigiroku.search.whoosh.engine import SearchEngine
from tests.conftest import ROOT

A = ("名称：令和5年度第1回　北町情報公開審議会\n日時：令和5年6月12日（月）\n会場：北町役場\n\n"
     "１　諮問事項\n（１）図書館システムの更新について\n\n"
     "会長：図書館システムの更新について説明をお願いします。\n"
     "事務局：貸出記録の保存期間を短くするものです。\n"
     "委員：利用者のふくろう文庫の記録はどうなりますか。\n"
     "課長：返却の翌日に消去します。\n")
B = A.replace("北町", "南町").replace("ふくろう文庫", "かわせみ文庫").replace("6月12日", "7月3日")


def _meetings(root) -> dict[str, int]:
    return SearchEngine(root).stats()["by"]["meeting"]


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_names_that_normalise_alike_share_a_base_id():
    assert meeting_id("会議 録.txt") == meeting_id("会議-録.txt") == "会議-録"


def test_build_keeps_both_files_of_one_id(tmp_path):
    src = tmp_path / "src"
    _write(src / "会議 録.txt", A)
    _write(src / "会議-録.txt", B)
    _write(src / "x" / "minutes.txt", A.replace("ふくろう", "みみずく"))
    _write(src / "y" / "minutes.txt", B.replace("かわせみ", "つばめ"))
    root = tmp_path / "ix"
    s = build(root, [src], workers=1)
    assert s.meetings == 4
    ids = _meetings(root)
    assert len(ids) == 4 and all(n == 4 for n in ids.values())
    assert "会議-録" in ids and "minutes" in ids
    assert sum(k.startswith("会議-録-") for k in ids) == 1 and sum(k.startswith("minutes-") for k in ids) == 1
    # the same build again gives the same ids
    build(root, [src], workers=1)
    assert _meetings(root) == ids


def test_add_of_another_file_under_a_taken_id_is_refused(tmp_path):
    a = _write(tmp_path / "会議 録.txt", A)
    b = _write(tmp_path / "会議-録.txt", B)
    root = tmp_path / "ix"
    build(root, [a], workers=1)
    with pytest.raises(IdTaken, match="--replace"):
        add(root, [b], workers=1)
    assert _meetings(root) == {"会議-録": 4}
    e = SearchEngine(root)
    assert e.search(SearchRequest(q="ふくろう"))["total"] > 0
    # asked to, it replaces
    s = add(root, [b], workers=1, replace=True)
    assert s.replaced == ["会議-録"]
    e = SearchEngine(root)
    assert e.search(SearchRequest(q="ふくろう"))["total"] == 0
    assert e.search(SearchRequest(q="かわせみ"))["total"] > 0


def test_add_cli_says_so_in_japanese(tmp_path):
    a = _write(tmp_path / "x" / "minutes.txt", A)
    b = _write(tmp_path / "y" / "minutes.txt", B)
    root = tmp_path / "ix"
    build(root, [a], workers=1)
    r = subprocess.run([sys.executable, "-m", "kaigiroku", "add", "--index", str(root), str(b)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "別のファイル" in r.stderr and "--replace" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_readding_the_same_file_is_a_noop_and_a_changed_one_replaces(tmp_path):
    a = _write(tmp_path / "x" / "minutes.txt", A)
    b = _write(tmp_path / "y" / "minutes.txt", B)
    root = tmp_path / "ix"
    build(root, [a, b], workers=1)
    ids = _meetings(root)
    assert len(ids) == 2
    suffixed = next(k for k in ids if k != "minutes")
    s = add(root, [a, b], workers=1)
    assert sorted(s.unchanged) == sorted(ids) and not s.added and not s.replaced
    _write(b, B.replace("かわせみ", "つばめ"))
    s = add(root, [b], workers=1)  # the file an earlier build gave a suffix finds its own meeting
    assert s.replaced == [suffixed] and not s.added
    assert _meetings(root) == ids


def test_add_of_two_new_files_of_one_name_keeps_both(tmp_path):
    root = tmp_path / "ix"
    build(root, [_write(tmp_path / "other.txt", A.replace("ふくろう", "ひばり"))], workers=1)
    a = _write(tmp_path / "x" / "minutes.txt", A)
    b = _write(tmp_path / "y" / "minutes.txt", B)
    s = add(root, [a, b], workers=1)
    assert len(s.added) == 2 and len(_meetings(root)) == 3


def test_same_bytes_under_a_taken_id_are_a_noop(tmp_path):
    a = _write(tmp_path / "x" / "minutes.txt", A)
    root = tmp_path / "ix"
    build(root, [a], workers=1)
    copy = tmp_path / "y" / "minutes.txt"
    copy.parent.mkdir()
    shutil.copy(a, copy)
    s = add(root, [copy], workers=1)
    assert s.unchanged == ["minutes"]


def test_source_path_is_kept_but_never_shown(tmp_path):
    a = _write(tmp_path / "x" / "minutes.txt", A)
    root = tmp_path / "ix"
    build(root, [a], workers=1)
    from kaigiroku.search.whoosh.meetings import headers

    e = SearchEngine(root)
    h = headers(e, ["minutes"])["minutes"]
    assert "source_path" not in h and h["source"] == "minutes.txt"
    assert str(tmp_path) not in str(e.meeting("minutes").to_dict())
