"""The writing side of the Whoosh backend: the IndexWriter (search/api.py) the indexer hands meetings to.

A build writes a new generation beside the current one and swaps it in only when
complete (`NewIndex`); `add` and `remove` change the current generation with one
Whoosh commit each, which is atomic (`CurrentIndex`). Writers are PoolWriters
(postings gathered by term in memory, postings.py); with more than one process,
sub-writers analyse and index their share on every core (parallel.py). Segments
stay compound: with plain segment files, Whoosh's readers share file handles that
concurrent server threads seek on (corrupt reads under load, seen in testing).
The codec is Whoosh's W3, with lengths remembered during flushes (writecodec.py).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from whoosh import index as windex

from ..model import Meeting
from . import hotpostings
from .parallel import ParallelWriter
from .postings import PoolWriter
from .schema import meeting_doc, record_doc
from .store import check_root, current_path, new_generation, open_index, prune, swap_in, write_meta
from .writecodec import WriteCodec

WRITER_ARGS = {"codec": WriteCodec()}


class WhooshWriter:
    """An IndexWriter over one Whoosh index: sub-writers on `procs` cores, or one in-process writer."""

    def __init__(self, ix, procs: int = 1, args: dict | None = None) -> None:
        args = WRITER_ARGS if args is None else args
        self._ix = ix
        self._writer = ParallelWriter(ix, procs=procs, subargs=args) if procs > 1 else PoolWriter(ix, **args)
        self._fed = 0

    def digest(self, meeting_id: str) -> str | None:
        with self._ix.searcher() as s:
            found = s.document(id=meeting_id, doctype="meeting")
        return (found.get("digest") or "") if found else None

    def add(self, m: Meeting, digest: str) -> int:
        """Hand over a meeting's documents (its texts are analysed where they are indexed);
        returns how many documents: its records and the meeting's own."""
        for r in m.records:
            self._writer.add_document(**record_doc(m, r))
        self._writer.add_document(**meeting_doc(m, digest))
        self._fed += len(m.records) + 1
        return len(m.records) + 1

    def delete(self, meeting_id: str) -> int:
        """Remove a meeting's documents (its records and its own); how many."""
        return self._writer.delete_by_term("meeting", meeting_id)

    def indexed(self) -> int:
        """Documents analysed and indexed so far: counted by the sub-writers, or, in one process,
        those added (an in-process writer analyses each document as it is added)."""
        return self._writer.indexed if isinstance(self._writer, ParallelWriter) else self._fed

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


def _procs(workers: int | None) -> int:
    return workers if workers is not None else min(2, os.cpu_count() or 1)


class NewIndex:
    """A new generation of the index in `root`, swapped in by `finish` and removed by `discard`.
    Call it holding the writer lock (indexer/lock.py)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        prune(self.root)  # leftovers of builds that were killed
        self.gen = new_generation(self.root)
        self._ix = windex.open_dir(str(self.gen))

    def writer(self, workers: int | None = None) -> WhooshWriter:
        return WhooshWriter(self._ix, _procs(workers))

    def finish(self, meta: dict) -> None:
        """Write the frequent terms' arrays and the metadata, then make this generation current."""
        hotpostings.write(self._ix, self.gen)
        self._ix.close()
        write_meta(self.gen, meta)
        swap_in(self.root, self.gen)

    def discard(self) -> None:
        shutil.rmtree(self.gen, ignore_errors=True)


class CurrentIndex:
    """The current generation of the index in `root`, changed in place (add, remove). Call it
    holding the writer lock."""

    def __init__(self, root: Path) -> None:
        prune(Path(root))  # leftovers of builds that were killed, as a new generation removes them
        self._ix = open_index(Path(root))

    def sources(self) -> dict[str, tuple[str, str, str]]:
        """id -> (source path, source file name, digest) of every meeting held; the path is "" for
        meetings indexed before paths were kept."""
        out = {}
        with self._ix.searcher() as s:
            for fields in s.documents(doctype="meeting"):
                h = json.loads(fields["meeting_json"])
                out[h["id"]] = (h.get("source_path", ""), h.get("source", ""), fields.get("digest", "") or "")
        return out

    def writer(self, workers: int | None = None) -> WhooshWriter:
        return WhooshWriter(self._ix, _procs(workers))

    def digest(self, meeting_id: str) -> str | None:
        """The digest stored with a meeting, None when the index does not hold it."""
        with self._ix.searcher() as s:
            found = s.document(id=meeting_id, doctype="meeting")
        return (found.get("digest") or "") if found else None

    def finish(self) -> None:
        hotpostings.write(self._ix, Path(self._ix.storage.folder))  # a commit may merge segments
        self._ix.close()

    def close(self) -> None:
        self._ix.close()


__all__ = ["CurrentIndex", "NewIndex", "WhooshWriter", "WRITER_ARGS", "check_root", "current_path"]
