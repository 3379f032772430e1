"""Index files read with pread (search/mmapfiles.py): the same bytes as Whoosh's own reads, no copy, no map."""

from __future__ import annotations

import io
import pickle
import random
import threading
from array import array

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

from kaigiroku.search.whoosh import mmapfiles
from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest


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


def test_each_thread_reads_from_its_own_position():
    """Whoosh seeks then reads one shared file object; a seek in another thread between the two must not move it."""
    f = mmapfiles.ViewIO(bytes(range(100)))
    sought, moved, got = threading.Event(), threading.Event(), []

    def other():
        sought.wait()
        f.seek(70)
        got.append(f.read(2))
        moved.set()

    t = threading.Thread(target=other)
    t.start()
    f.seek(10)
    sought.set()
    moved.wait()
    assert f.read(3) == bytes([10, 11, 12]) and f.tell() == 13
    t.join()
    assert got == [bytes([70, 71])]


def test_pread_buffers_slice_like_bytes(tmp_path):
    data = bytes(range(256)) * 40
    path = tmp_path / "f"
    path.write_bytes(b"HEAD" + data)
    with open(path, "rb", buffering=0) as f:
        buf = mmapfiles.PreadBuffer(f, 4, len(data))
        assert len(buf) == len(data) and buf[0] == 0 and buf[-1] == 255
        for a, b in ((0, 10), (100, 5000), (9000, 20000), (-30, None), (7, 7), (50, 10)):
            assert buf[a:b] == data[a:b]
        view = mmapfiles.ViewIO(buf)
        assert view.read(3) == data[:3] and view.peek(10) == data[3:13]
        assert view.peek(10 ** 6) == data[3:3 + mmapfiles.PEEK_MAX]  # a bounded read-ahead


def test_pickles_longer_than_the_read_ahead_load_whole():
    big = {"text": "議事録" * 5000, "n": list(range(3000))}
    blob = pickle.dumps(big) + pickle.dumps("next")
    assert len(blob) > 4 * mmapfiles.PEEK_MAX
    f = mmapfiles.ViewIO(memoryview(blob))
    assert pickle.load(f) == big and pickle.load(f) == "next"


def test_segments_are_read_with_pread_not_mapped(corpus_index):
    import mmap

    engine = SearchEngine(corpus_index)
    engine.search(SearchRequest(q="個人情報"))
    searcher, _ = engine.searcher()
    storages = [r._storage for r in (getattr(searcher.reader(), "readers", None) or [searcher.reader()])]
    compounds = [getattr(st, "a", st) for st in storages]  # a segment's files overlay the folder
    compounds = [st for st in compounds if isinstance(st, compound.CompoundStorage)]
    assert compounds and all(st._pread_file is not None for st in compounds)
    assert not any(isinstance(getattr(st, "_source", None), mmap.mmap) for st in compounds)
    engine.close()


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
    with monkeypatch.context() as m:  # Whoosh's own reads: the map, each file copied
        m.setattr(mmapfiles, "install", lambda: None)
        m.setattr(BufferFile, "__init__", mmapfiles.WHOOSH_INIT)
        m.setattr(compound.CompoundStorage, "__init__", mmapfiles.COMPOUND_INIT)
        m.setattr(compound.CompoundStorage, "open_file", mmapfiles.COMPOUND_OPEN)
        copied = answers()
    assert mapped == copied and mapped[0]["total"] > 20


def without_timing(res: dict) -> dict:
    return {k: v for k, v in res.items() if k != "took_ms"}
