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


def collapse(ids: np.ndarray, key: np.ndarray, tie: np.ndarray, partner: np.ndarray) -> np.ndarray:
    """Which of `ids` (sorted) stay listed: drop each record shown as a better-ranked hit's counterpart.

    Smaller (key, tie) ranks first. The counterpart of a dropped record does
    not drop anything itself (one question with two answers keeps both answers
    visible when the question is shown with one of them).
    """
    keep = np.ones(len(ids), dtype=bool)
    if not len(ids):
        return keep
    other = partner[ids]
    pos = np.minimum(np.searchsorted(ids, other), len(ids) - 1)
    paired = (other >= 0) & (ids[pos] == other)
    s = np.flatnonzero(paired)  # index of a hit whose counterpart is also a candidate
    p = pos[paired]  # index of that counterpart
    better = (key[s] < key[p]) | ((key[s] == key[p]) & (tie[s] < tie[p]))
    first = np.zeros(len(ids), dtype=bool)
    first[p[better]] = True  # shown as a counterpart by a better hit
    # Only hits that stay listed show their counterparts.
    shown_by_kept = better & ~first[s]
    keep[p[shown_by_kept]] = False
    return keep
