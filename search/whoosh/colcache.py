"""The engine's column arrays saved beside the index generation and mapped back at open.

Reading the facet columns out of Whoosh runs Python per document and per column
(about 4 s at 100k records, 1.1 million values), and touches every page of
Whoosh's column files. The arrays it yields are saved once, as .npy files with
the labels as JSON, in a folder named after the segments they describe
(`columns-<key>`: segment ids, sizes and deletion counts, so any commit gives a
new key), and later opens map them read-only (np.load(mmap_mode="r")): an open
costs the labels, and the arrays stay in the page cache, shared and reclaimable.

An index folder the server cannot write to is fine: the arrays are computed as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np

ARRAYS = ("records", "meeting_docs", "meeting_doc", "order", "meeting_rank", "lengths", "partner")
FORMAT = "2"


def key(searcher) -> str:
    """A name for the searcher's exact document set: its segments, their sizes and deletions."""
    reader = searcher.reader()
    readers = getattr(reader, "readers", None) or [reader]
    parts = [FORMAT]
    for r in readers:
        seg = r.segment() if hasattr(r, "segment") else None
        if seg is None:
            return ""  # not a plain segment reader: do not cache
        parts.append(f"{seg.segment_id()}:{seg.doc_count_all()}:{seg.deleted_count()}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def load(columns, gen: Path, searcher) -> bool:
    """Fill `columns` from the saved arrays for this searcher; False when there are none."""
    k = key(searcher)
    folder = gen / f"columns-{k}"
    if not k or not (folder / "labels.json").is_file():
        return False
    try:
        labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
        codes = {name: np.load(folder / f"codes-{name}.npy", mmap_mode="r") for name in labels}
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
        rank = {name: np.load(folder / f"rank-{name}.npy", mmap_mode="r") for name in ("oldest", "newest")}
    except (OSError, ValueError):
        return False
    columns.codes, columns.labels, columns.rank = codes, labels, rank
    for name, array in arrays.items():
        setattr(columns, name, array)
    return True


def save(columns, gen: Path, searcher) -> None:
    """Save `columns`' arrays for this searcher, replacing those of earlier commits; silent if it cannot."""
    k = key(searcher)
    if not k:
        return
    folder = gen / f"columns-{k}"
    tmp = gen / f".columns-{k}-{os.getpid()}"
    try:
        if folder.exists():
            return
        tmp.mkdir()
        for name, array in columns.codes.items():
            np.save(tmp / f"codes-{name}.npy", np.asarray(array))
        for name in ARRAYS:
            np.save(tmp / f"{name}.npy", np.asarray(getattr(columns, name)))
        for name, array in columns.rank.items():
            np.save(tmp / f"rank-{name}.npy", np.asarray(array))
        (tmp / "labels.json").write_text(json.dumps(columns.labels, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return
    for old in gen.glob("columns-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)


__all__ = ["key", "load", "save"]
