"""A question and its answer, shown once: as one exchange, at the better one's rank.

Records are paired by the parser (Record.pair: a written question and its
answer, a summary's question and reply; transcripts once ingest pairs them).
Every hit already shows its counterpart; a record that an earlier hit shows as
its counterpart is therefore not listed again. Counting and paging happen
after this, so totals and pages count what people see.

The pairing arrays are built once per searcher from two numeric columns
(`order` and `pair`) and the meeting codes, with no stored field read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def partners(meeting: np.ndarray, order: np.ndarray, pair: np.ndarray, records: np.ndarray) -> np.ndarray:
    """partner[d]: the document number of d's counterpart among `records`, or -1."""
    n = len(order)
    out = np.full(n, -1, dtype=np.int64)
    if not len(records):
        return out
    width = int(max(order[records].max(), pair[records].max())) + 2
    key = meeting[records].astype(np.int64) * width + order[records]
    by_key = np.argsort(key, kind="stable")
    sorted_key, sorted_doc = key[by_key], records[by_key]
    has = records[pair[records] >= 0]
    want = meeting[has].astype(np.int64) * width + pair[has]
    pos = np.minimum(np.searchsorted(sorted_key, want), len(sorted_key) - 1)
    found = sorted_key[pos] == want
    out[has[found]] = sorted_doc[pos[found]]
    return out


@dataclass(frozen=True)
class Links:
    """Every document with a counterpart (`src`) and that counterpart (`dst`), split by whether
    `dst` is the counterpart of that document alone: the matcher's counterpart step then writes
    the common case with plain indexing and keeps an unbuffered maximum for the shared few (a
    question with two answers)."""

    src: np.ndarray
    dst: np.ndarray
    once_src: np.ndarray  # src and dst where dst has one document pointing at it
    once_dst: np.ndarray
    shared_src: np.ndarray  # and where it has several
    shared_dst: np.ndarray

    @classmethod
    def of(cls, partner: np.ndarray) -> "Links":
        partner = np.asarray(partner)
        src = np.flatnonzero(partner >= 0)
        dst = partner[src]
        shared = np.bincount(dst, minlength=len(partner))[dst] > 1 if len(dst) else np.zeros(0, dtype=bool)
        return cls(src, dst, src[~shared], dst[~shared], src[shared], dst[shared])


def collapse(ids: np.ndarray, key: np.ndarray, tie: np.ndarray, partner: np.ndarray) -> np.ndarray:
    """Which of `ids` (sorted) stay listed: drop each record shown as a better-ranked hit's counterpart.

    Smaller (key, tie) ranks first. The counterpart of a dropped record does
    not drop anything itself (one question with two answers keeps both answers
    visible when the question is shown with one of them).
    """
    keep = np.ones(len(ids), dtype=bool)
    if not len(ids):
        return keep
    other = np.asarray(partner)[ids]
    has = np.flatnonzero(other >= 0)
    where = np.full(len(partner), -1, dtype=np.int32)  # each candidate's index in ids: a gather, not a search
    where[ids] = np.arange(len(ids), dtype=np.int32)
    p = where[other[has]]
    found = p >= 0
    s = has[found]  # index of a hit whose counterpart is also a candidate
    p = p[found]  # index of that counterpart
    better = (key[s] < key[p]) | ((key[s] == key[p]) & (tie[s] < tie[p]))
    first = np.zeros(len(ids), dtype=bool)
    first[p[better]] = True  # shown as a counterpart by a better hit
    # Only hits that stay listed show their counterparts.
    shown_by_kept = better & ~first[s]
    keep[p[shown_by_kept]] = False
    return keep
