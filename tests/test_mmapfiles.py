"""Index files read through the map (search/mmapfiles.py): the same bytes as Whoosh's own reads, no copy."""

from __future__ import annotations

import io
import pickle
import random
from array import array

from whoosh.filedb.structfile import BufferFile

from kaigiroku.search import mmapfiles
from kaigiroku.search.engine import SearchEngine, SearchRequest


def test_viewio_reads_like_bytesio():
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(5000)) + b"line one\nline two\nlast"
    a, b = io.BytesIO(data), mmapfiles.ViewIO(memoryview(data))
    for _ in range(300):
        op = rng.choice(("read", "seek", "readline", "seek_end", "seek_cur"))
        if op == "read":
            n = rng.choice((-1, 0, 1, 7, 300))
            assert a.read(n) == b.read(n)
        elif op == "readline":
            assert a.readline() == b.readline()
        elif op == "seek":
            pos = rng.randrange(len(data) + 10)
            assert a.seek(pos) == b.seek(pos)
        elif op == "seek_end":
            k = rng.randrange(1, 40)
            assert a.seek(-k, 2) == b.seek(-k, 2)
        else:
            assert a.seek(3, 1) == b.seek(3, 1)
        assert a.tell() == b.tell()
    b.seek(len(data) - 22)
    assert list(b) == [b"line one\n", b"line two\n", b"last"]


def test_viewio_serves_pickle_and_arrays():
    blob = pickle.dumps({"a": [1, 2, 3], "b": "会議"}) + array("i", range(10)).tobytes()
    f = mmapfiles.ViewIO(memoryview(blob))
    assert f.peek(2) == blob[:2] and f.tell() == 0
    assert pickle.load(f) == {"a": [1, 2, 3], "b": "会議"}  # reads ahead with peek, consumes exactly the pickle
    a = array("i")
    a.fromfile(f, 10)
    assert list(a) == list(range(10))


def test_buffer_files_share_the_buffer_instead_of_copying_it(corpus_index):
    SearchEngine(corpus_index).close()  # opening an index installs the reader
    backing = bytearray(b"before")
    f = BufferFile(memoryview(backing))
    backing[:6] = b"after!"  # a copy would still read "before"
    assert f.read(6) == b"after!" and f.get(0, 5) == b"after"


def test_searches_read_the_same_through_the_map(corpus_index, monkeypatch):
    def answers():
        engine = SearchEngine(corpus_index)
        out = [without_timing(engine.search(SearchRequest(q=q, per_page=20, sort=sort)))
               for q in ("個人情報", "委託 role:委員", '"個人情報の取扱い"', "") for sort in ("relevance", "oldest")]
        engine.close()
        return out

    mapped = answers()
    with monkeypatch.context() as m:  # Whoosh's own reads, copying each file
        m.setattr(mmapfiles, "install", lambda: None)
        m.setattr(BufferFile, "__init__", mmapfiles.WHOOSH_INIT)
        copied = answers()
    assert mapped == copied and mapped[0]["total"] > 20


def without_timing(res: dict) -> dict:
    return {k: v for k, v in res.items() if k != "took_ms"}
