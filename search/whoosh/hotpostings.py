"""The postings of each segment's most frequent terms, kept again as flat arrays.

Whoosh stores a posting list as pickled, zlib-compressed blocks; decoding them
costs about 0.15–0.3 µs a posting in Python, so a word in a third of 500,000
records costs 50 ms before anything is scored, and a search for it reads that
word's list and its pairs' lists. The lists that long are few (terms in at least
HOT_DF of a segment's documents: about 4,400 terms of the 500k archive's
millions), so they are written a second time, per segment, as raw arrays:
document numbers (uint32) and weights (uint16: the term's frequency in the
document, exact up to 65,535, where BM25 has long stopped growing). A search reads such a list with one `pread` per array, and
nothing is mapped, so the server's RSS does not grow with the lists it has read.

The arrays sit beside the segment in its generation folder (`hot-<segment id>`),
are written by the build and by `add` for segments that have none, and are
optional: a segment without them is read through Whoosh as before. The arrays
hold the documents live when they were written; readers apply the segment's
deletions, as they do to Whoosh's own lists, for those deleted since.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

HOT_DF = 4096  # documents of one segment: shorter lists decode in under a millisecond
FIELDS = ("text", "pairs")  # the fields whose postings searches read with weights
FORMAT = "2"
PREFIX = "hot-"


def _folder(gen: Path, segment_id: str) -> Path:
    return gen / f"{PREFIX}{segment_id}-{FORMAT}"


class HotPostings:
    """One segment's frequent terms: {field: {term: (start, count)}} over two flat files."""

    def __init__(self, folder: Path) -> None:
        self.terms: dict[str, dict[str, list[int]]] = json.loads((folder / "terms.json").read_text(encoding="utf-8"))
        self._ids = os.open(folder / "ids.u32", os.O_RDONLY)
        self._weights = os.open(folder / "weights.u16", os.O_RDONLY)

    def get(self, fieldname: str, text, weights: bool) -> tuple[np.ndarray, np.ndarray | None] | None:
        """(ids, weights or None) of the term, or None when the term is not one of the segment's frequent ones."""
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        entry = self.terms.get(fieldname, {}).get(text)
        if entry is None:
            return None
        start, count = entry
        ids = np.frombuffer(os.pread(self._ids, 4 * count, 4 * start), dtype=np.uint32).astype(np.int64)
        ws = None
        if weights:
            ws = np.frombuffer(os.pread(self._weights, 2 * count, 2 * start), dtype=np.uint16).astype(np.float64)
        return ids, ws

    def close(self) -> None:
        for fd in (self._ids, self._weights):
            try:
                os.close(fd)
            except OSError:
                pass

    def __del__(self) -> None:
        self.close()


def _segment_id(reader) -> str | None:
    seg = reader.segment() if hasattr(reader, "segment") else None
    return seg.segment_id() if seg is not None else None


def attach(searcher, gen: Path) -> None:
    """Give each of the searcher's segment readers its frequent-term arrays, where they were written."""
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        sid = _segment_id(reader)
        folder = _folder(gen, sid) if sid else None
        hot = None
        if folder is not None and (folder / "terms.json").is_file():
            try:
                hot = HotPostings(folder)
            except (OSError, ValueError):
                hot = None
        reader.hot_postings = hot


def write(ix, gen: Path, min_df: int | None = None, workers: int | None = None) -> int:
    """Write the arrays of every segment of `ix` that has none; drop those of segments gone (merged).

    Returns the number of segments written. Segments are written in parallel, one process each
    (up to `workers`, default the machine's cores), as the build's sub-writers wrote them. Each
    segment's folder appears whole (written under a temporary name, then renamed), so a server
    reading the generation never sees half of one."""
    min_df = HOT_DF if min_df is None else min_df
    live, todo = set(), []
    with ix.reader() as reader:
        for sub, _ in reader.leaf_readers():
            sid = _segment_id(sub)
            if sid is None:
                continue
            live.add(_folder(gen, sid).name)
            if not _folder(gen, sid).exists():
                todo.append((sub.doc_count_all(), sid))
    todo = [sid for _, sid in sorted(todo, reverse=True)]  # the largest first
    workers = min(len(todo), workers or os.cpu_count() or 1)
    if workers > 1:
        import multiprocessing as mp

        pool = mp.get_context("fork").Pool(workers, initializer=_quiet_child)
        try:
            pool.starmap(_write_segment, [(str(gen), sid, min_df) for sid in todo])
            pool.close()  # workers end on their own; terminate() would signal them
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    else:
        for sid in todo:
            _write_segment(str(gen), sid, min_df)
    for old in gen.glob(f"{PREFIX}*"):
        if old.name not in live:
            shutil.rmtree(old, ignore_errors=True)
    return len(todo)


def _quiet_child() -> None:
    """A worker ends as a plain process: without the command line's handlers, which it inherits;
    it keeps its freed arrays for the next segment (heap.py)."""
    import signal

    from ..heap import reuse_freed_arrays

    reuse_freed_arrays()

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the pool


def _write_segment(gen_path: str, segment_id: str, min_df: int) -> None:
    from whoosh.filedb.filestore import FileStorage

    from .docsets import _postings  # docsets reads these arrays; this writes them with its decoder

    gen = Path(gen_path)
    with FileStorage(gen_path).open_index().reader() as reader:
        sub = next(r for r, _ in reader.leaf_readers() if _segment_id(r) == segment_id)
        folder = _folder(gen, segment_id)
        tmp = gen / f".{folder.name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        directory: dict[str, dict[str, list[int]]] = {}
        start = 0
        with open(tmp / "ids.u32", "wb") as fi, open(tmp / "weights.u16", "wb") as fw:
            for field in FIELDS:
                if field not in sub.schema:
                    continue
                terms = directory.setdefault(field, {})
                for text, info in sub.iter_field(field):
                    if info.doc_frequency() < min_df:
                        continue
                    ids, ws = _postings(sub, field, text, weights=True)
                    fi.write(ids.astype(np.uint32).tobytes())
                    fw.write(np.clip(np.rint(ws), 0, 65535).astype(np.uint16).tobytes())
                    terms[text.decode("utf-8") if isinstance(text, bytes) else text] = [start, len(ids)]
                    start += len(ids)
        (tmp / "terms.json").write_text(json.dumps(directory, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder)


__all__ = ["HOT_DF", "HotPostings", "attach", "write"]
