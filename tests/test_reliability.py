"""Interrupted and concurrent writers, corrupt indexes, big and odd inputs: nothing already stored is lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from kaigiroku.indexer.lock import writer_lock
from kaigiroku.indexer.parse import parse_file
from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest
from kaigiroku.search.whoosh.store import IndexError_, current_path, open_index
from tests.conftest import CORPUS, FIXTURES, ROOT


def cli(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "kaigiroku", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


@pytest.fixture(scope="module")
def big_source(tmp_path_factory):
    """Ten copies of the corpus under distinct names: a build long enough to kill at several points."""
    d = tmp_path_factory.mktemp("big")
    for k in range(10):
        for f in CORPUS.glob("*.txt"):
            shutil.copy(f, d / f"{f.stem}-copy{k}.txt")
    return d


def _searchable(root, expect_records):
    e = SearchEngine(root)
    assert e.stats()["records"] == expect_records
    assert e.search(SearchRequest(q="遡及"))["total"] >= 2
    e.close()


@pytest.mark.parametrize("sig, delay", [
    (signal.SIGKILL, 0.3), (signal.SIGKILL, 1.5), (signal.SIGKILL, 4.0),
    (signal.SIGINT, 1.5), (signal.SIGINT, 4.0), (signal.SIGTERM, 2.5),
])
def test_killed_build_leaves_old_index(tmp_path, big_source, sig, delay):
    root = tmp_path / "ix"
    assert subprocess.run([sys.executable, "-m", "kaigiroku", "build", "--index", str(root),
                           str(CORPUS / "meguro-r03-06.txt")], cwd=ROOT, capture_output=True).returncode == 0
    before = current_path(root)
    p = cli("build", "--index", str(root), "--workers", "2", str(big_source))
    time.sleep(delay)
    p.send_signal(sig)
    _, err = p.communicate(timeout=60)
    if p.returncode == 0:
        pytest.fail(f"the build finished before the signal at {delay}s; make the source bigger")
    if sig != signal.SIGKILL:  # interrupted, the build and its sub-writers say so and nothing more
        assert "Traceback" not in err and "中断しました" in err, err
    assert current_path(root) == before
    _searchable(root, 34)
    # the next run succeeds and cleans up what the killed one left
    p = subprocess.run([sys.executable, "-m", "kaigiroku", "build", "--index", str(root),
                        str(CORPUS / "meguro-r03-06.txt"), str(FIXTURES / "colon.txt")], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    _searchable(root, 39)
    assert [g.name for g in root.glob("gen-*") if g != current_path(root)] in ([], [before.name])


def test_killed_add_leaves_index_searchable(tmp_path, big_source):
    root = tmp_path / "ix"
    subprocess.run([sys.executable, "-m", "kaigiroku", "build", "--index", str(root),
                    str(CORPUS / "meguro-r03-06.txt")], cwd=ROOT, check=True, capture_output=True)
    p = cli("add", "--index", str(root), str(big_source))
    time.sleep(2.0)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=60)
    _searchable(root, 34)  # all or nothing: the add had not committed
    p = subprocess.run([sys.executable, "-m", "kaigiroku", "add", "--index", str(root),
                        str(FIXTURES / "colon.txt")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    _searchable(root, 39)


def test_second_writer_fails_clearly(tmp_path):
    root = tmp_path / "ix"
    subprocess.run([sys.executable, "-m", "kaigiroku", "build", "--index", str(root),
                    str(FIXTURES / "colon.txt")], cwd=ROOT, check=True, capture_output=True)
    with writer_lock(root):
        p = subprocess.run([sys.executable, "-m", "kaigiroku", "add", "--index", str(root),
                            str(CORPUS / "meguro-r03-06.txt")], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "KAIGIROKU_LOCK_WAIT": "0.5"}, timeout=60)
    assert p.returncode == 1 and "別の書き込み" in p.stderr and str(os.getpid()) in p.stderr
    # the lock died with its holder: the same command now works
    p = subprocess.run([sys.executable, "-m", "kaigiroku", "add", "--index", str(root),
                        str(CORPUS / "meguro-r03-06.txt")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr


def test_corrupt_index_is_a_clear_error(tmp_path):
    root = tmp_path / "ix"
    subprocess.run([sys.executable, "-m", "kaigiroku", "build", "--index", str(root),
                    str(FIXTURES / "colon.txt")], cwd=ROOT, check=True, capture_output=True)
    for toc in current_path(root).glob("*.toc"):
        toc.write_bytes(b"\x00garbage")
    with pytest.raises(IndexError_, match="kaigiroku build"):
        open_index(root)
    p = subprocess.run([sys.executable, "-m", "kaigiroku", "search", "--index", str(root), "会長"], cwd=ROOT,
                       capture_output=True, text=True)
    assert p.returncode == 1 and "kaigiroku build" in p.stderr and "Traceback" not in p.stderr


def test_ten_megabyte_file(tmp_path):
    """A 10 MB transcript parses completely (its memory is reported by the benchmarks, not asserted)."""
    turns = (FIXTURES / "colon.txt").read_text(encoding="utf-8").split("\n", 5)[5]
    header = "名称：令和5年度第1回 大きな審議会\n日時：令和5年4月1日\n\n"
    n = 10 * 1024 * 1024 // len(turns.encode()) + 1
    p = tmp_path / "big.txt"
    p.write_text(header + turns * n, encoding="utf-8")
    assert p.stat().st_size >= 10 * 1024 * 1024
    code = ("import json,resource,sys; from kaigiroku.indexer.parse import parse_file; m=parse_file(sys.argv[1]); "
            "print(json.dumps([len(m.records), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))")
    out = subprocess.run([sys.executable, "-c", code, str(p)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    records, rss_kb = json.loads(out.stdout)
    assert records == 5 * n
    print(f"10 MB file: {records} records, peak RSS {rss_kb // 1024} MB")


def test_crlf_bom_and_japanese_names_index(tmp_path):
    src = tmp_path / "会議 録"
    src.mkdir()
    (src / "目黒 第6回.txt").write_bytes(b"\xef\xbb\xbf" + (CORPUS / "meguro-r03-06.txt").read_bytes().replace(b"\n", b"\r\n"))
    root = tmp_path / "ix"
    p = subprocess.run([sys.executable, "-m", "kaigiroku", "build", "--index", str(root), str(src)], cwd=ROOT,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    e = SearchEngine(root)
    hits = e.search(SearchRequest(q="遡及"))["hits"]
    assert hits[0]["meeting"] == "目黒-第6回"
    assert parse_file(src / "目黒 第6回.txt").records[9].text == parse_file(CORPUS / "meguro-r03-06.txt").records[9].text
