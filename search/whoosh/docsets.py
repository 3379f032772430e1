"""Whole match sets and their BM25F scores as numpy arrays.

Whoosh yields and scores matching documents one Python call at a time, which at
100k records costs more than anything else in a search. Here term postings are
read a block at a time and combined with numpy set operations for the boolean
structure the query compiler produces (Term, And, Or, AndNot, and DisjunctionMax,
which scores the best of its alternatives); anything else
(phrases, ranges) falls back to Whoosh's own matcher for the set. Scores are
Whoosh's BM25F (same idf, average length, B and K1), summed over matching terms
as Whoosh's compound matchers sum them; a phrase of adjacent pairs scores as
one word (the mean of its pairs' BM25F). Tests compare both with Whoosh.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections import Counter
from functools import reduce

import numpy as np
from whoosh import query as Q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

from .. import budget
from .pairs import PairPhrase

EMPTY = np.empty(0, dtype=np.int64)
# Posting lists already read in this search, by (segment reader, field, term): the pieces and
# alternatives of one typed unit share most of their terms and pairs, and each is read once.
_reads: contextvars.ContextVar[dict | None] = contextvars.ContextVar("kaigiroku_reads", default=None)


@contextlib.contextmanager
def shared_reads():
    """Within the block, each posting list is read once (nested blocks share the outer cache)."""
    if _reads.get() is not None:
        yield
        return
    token = _reads.set({})
    try:
        yield
    finally:
        _reads.reset(token)


def posting_reads() -> int:
    """How many posting lists were read from segments so far (a counter for tests and benchmarks)."""
    return _counter[0]


_counter = [0]


def match_ids(searcher, q: Q.Query, within: np.ndarray | None = None) -> np.ndarray:
    """Sorted global document numbers of every document matching `q` (and in `within`, when given:
    sorted global numbers, e.g. one meeting's documents; blocks of postings wholly outside are not read)."""
    parts = []
    for sub, offset in _leaves(searcher, within):
        ids = _eval(q, sub)
        if len(ids):
            parts.append(ids + offset)
    return np.concatenate(parts) if parts else EMPTY


class _Within:
    """A segment's searcher whose postings keep only `ids` (sorted numbers local to the segment)."""

    def __init__(self, sub, ids: np.ndarray) -> None:
        self.sub, self.ids = sub, ids
        self._reader = _WithinReader(sub.reader(), ids)

    def reader(self):
        return self._reader

    def __getattr__(self, name):
        return getattr(self.sub, name)


class _WithinReader:
    def __init__(self, reader, ids: np.ndarray) -> None:
        self.reader, self.within = reader, ids

    def __getattr__(self, name):
        return getattr(self.reader, name)


def _leaves(searcher, within: np.ndarray | None):
    """(segment searcher, offset) pairs; with `within`, only segments holding some of it, scoped to it."""
    for sub, offset in searcher.leaf_searchers():
        if within is None:
            yield sub, offset
            continue
        lo, hi = np.searchsorted(within, [offset, offset + sub.reader().doc_count_all()])
        if hi > lo:
            yield _Within(sub, within[lo:hi] - offset), offset


def _restrict(ids: np.ndarray, ws: np.ndarray | None, within: np.ndarray | None):
    if within is None or not len(ids):
        return ids, ws
    keep = np.isin(ids, within, assume_unique=True)
    return ids[keep], (ws[keep] if ws is not None else None)


def _eval(q: Q.Query, s) -> np.ndarray:
    if isinstance(q, Q.Term):
        return _term_ids(s.reader(), q.fieldname, q.text)
    if isinstance(q, Q.And):
        sets = sorted((_eval(sub, s) for sub in q.subqueries), key=len)
        return reduce(lambda a, b: np.intersect1d(a, b, assume_unique=True), sets) if sets else EMPTY
    if isinstance(q, (Q.Or, Q.DisjunctionMax)):
        return _union([_eval(sub, s) for sub in q.subqueries])
    if isinstance(q, Q.AndNot):
        return np.setdiff1d(_eval(q.a, s), _eval(q.b, s), assume_unique=True)
    if isinstance(s, _Within):  # Whoosh's own matcher, on the plain segment; then the scope
        return _restrict(np.fromiter(q.docs(s.sub), dtype=np.int64), None, s.ids)[0]
    return np.fromiter(q.docs(s), dtype=np.int64)


def _term_ids(reader, fieldname: str, text) -> np.ndarray:
    return _postings(reader, fieldname, text, weights=False)[0]


def _postings(reader, fieldname: str, text, weights: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """(ids, weights or None) of a term's live documents in one segment (in its scope, if it has one);
    within shared_reads, each is read once. Each read checks the search's budget."""
    cache = _reads.get()
    if cache is None:
        return _read_postings(reader, fieldname, text, weights)
    key = (id(reader), fieldname, text)
    hit = cache.get(key)
    if hit is not None and (hit[2] is not None or not weights):
        return hit[1], (hit[2] if weights else None)
    ids, ws = _read_postings(reader, fieldname, text, weights)
    cache[key] = (reader, ids, ws)  # the reader is held, so its id is not reused while the cache lives
    return ids, ws


def _read_postings(reader, fieldname: str, text, weights: bool) -> tuple[np.ndarray, np.ndarray | None]:
    budget.check()
    _counter[0] += 1
    within = getattr(reader, "within", None)
    hot = getattr(reader, "hot_postings", None)  # a segment's frequent terms as flat arrays (hotpostings)
    found = hot.get(fieldname, text, weights) if hot is not None else None
    if found is not None:
        ids, ws = _restrict(*found, within)
        deleted = reader.deleted_docs_set if reader.has_deletions() else None
        return _without(ids, ws, deleted)
    try:
        m = reader.postings(fieldname, text)
    except Exception:  # whoosh raises TermNotFound (and KeyError for unknown fields)
        return EMPTY, (EMPTY.astype(float) if weights else None)
    deleted = None
    if isinstance(m, FilterMatcher) and m._exclude:
        deleted, m = m._ids, m.child
    if isinstance(m, W3LeafMatcher):
        ids, ws = _restrict(*_leaf(m, weights, within), within)
    else:  # not an on-disk block matcher: ids only; the scorer then counts each as one
        ids, ws = _restrict(np.fromiter(m.all_ids(), dtype=np.int64), None, within)
    return _without(ids, ws, deleted)


def _without(ids: np.ndarray, ws: np.ndarray | None, deleted) -> tuple[np.ndarray, np.ndarray | None]:
    if deleted:
        keep = ~np.isin(ids, np.fromiter(deleted, dtype=np.int64))
        ids = ids[keep]
        ws = ws[keep] if ws is not None else None
    return ids, ws


def _leaf(m: W3LeafMatcher, weights: bool, within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """All ids (and weights) of a fresh on-disk posting list, a block at a time.

    A block's ids are stored as differences: they are summed with numpy here, not
    decoded one by one in Python as Whoosh's `_read_ids` does. With `within`, a block
    whose ids cannot include any of it (from its header's last id) is not decoded."""
    ids, ws = [], []
    first_id = 0  # no id of the current block is below this: the last id of the block before, plus one
    while m.is_active():
        if within is not None:
            j = np.searchsorted(within, first_id)
            if j == len(within):
                break  # past the scope
            if within[j] > m._maxid:  # nothing of the scope in this block
                first_id = m._maxid + 1
                m._next_block()
                continue
        if m._data is None:
            m._read_data()
        start, n = m._i, m._blocklength
        ids.append(np.cumsum(np.asarray(m._data[0], dtype=np.int64))[start:n])
        if weights:
            w = m._data[1]  # None: every weight 1; a float: every weight that; else one per posting
            if w is None or isinstance(w, float):
                ws.append(np.full(n - start, 1.0 if w is None else w))
            else:
                ws.append(np.asarray(w, dtype=np.float64)[start:n])
        first_id = m._maxid + 1
        m._next_block()
    if not ids:
        return EMPTY, (EMPTY.astype(float) if weights else None)
    return np.concatenate(ids), (np.concatenate(ws) if weights else None)


def _union(sets) -> np.ndarray:
    """The sorted union of sorted id arrays: one stable sort of their concatenation (runs already
    in order), then duplicates dropped; cheaper than pairwise np.union1d, which hashes each pair."""
    sets = [a for a in sets if len(a)]
    if not sets:
        return EMPTY
    if len(sets) == 1:
        return sets[0]
    a = np.concatenate(sets)
    a.sort(kind="stable")
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


# -- scoring -------------------------------------------------------------------

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults
DENSE_SHARE = 8  # an OR whose postings reach 1/8 of a segment's documents is combined in per-document slots


def scored_ids(searcher, q: Q.Query, lengths: np.ndarray,
               within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(sorted global ids, BM25F scores) of every document matching `q` (and in `within`, as for
    match_ids: the scores are those of the whole index).

    `lengths` holds each document's `text` field length by global number.
    """
    ids_parts, score_parts = [], []
    for sub, offset in _leaves(searcher, within):
        ids, scores = _scored(q, sub, searcher, lengths, offset)
        if len(ids):
            ids_parts.append(ids + offset)
            score_parts.append(scores)
    if not ids_parts:
        return EMPTY, EMPTY.astype(float)
    return np.concatenate(ids_parts), np.concatenate(score_parts)


def _bm25(s, top, fieldname: str, text, lengths, offset, length_field: str = "text"):
    """(ids, BM25F) of one term; lengths (and their average) are those of `length_field`."""
    ids, tf = _postings(s.reader(), fieldname, text, weights=True)
    if tf is None:
        tf = np.ones(len(ids))
    idf = top.idf(fieldname, text)
    avgfl = top.avg_field_length(length_field) or 1
    fl = lengths[ids + offset]
    return ids, idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))


def _phrase_scores(q: PairPhrase, s, top, lengths, offset) -> tuple[np.ndarray, np.ndarray]:
    """A phrase scores as one word: the mean BM25F of its word pairs, each pair a term of its own.

    So a typed compound (ワクチン接種) weighs like a single word of its rarity, not like
    the sum of its pieces, which would rank it above any one-word match.

    Its cost follows its distinct pairs, not its length (a word typed 250 times has two), and
    it stops at the first pair that leaves no document: pairs are taken rarest first, each
    read once, and none is scored unless the phrase matches somewhere.
    """
    pairs = [t for t in q.subqueries if isinstance(t, Q.Term)]
    if len(pairs) != len(q.subqueries) or not pairs:
        return _sum_of_words(q, _eval(q, s), s, top, lengths, offset)
    counts = Counter((t.fieldname, t.text) for t in pairs)
    reader = s.reader()
    ids = None
    for fieldname, text in sorted(counts, key=lambda ft: reader.doc_frequency(*ft)):
        pid = _postings(reader, fieldname, text, weights=True)[0]
        ids = pid if ids is None else np.intersect1d(ids, pid, assume_unique=True)
        if not len(ids):
            return EMPTY, EMPTY.astype(float)
    scores = np.zeros(len(ids))
    for (fieldname, text), n in counts.items():
        pid, psc = _bm25(s, top, fieldname, text, lengths, offset)
        scores += n * psc[np.searchsorted(pid, ids)]  # every id is among the pair's
    return ids, scores / len(pairs) * q.boost


def _scored(q, s, top, lengths, offset) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(q, PairPhrase):
        return _phrase_scores(q, s, top, lengths, offset)
    if isinstance(q, Q.Term):
        if q.fieldname != "text":
            ids = _term_ids(s.reader(), q.fieldname, q.text)
            return ids, np.zeros(len(ids))
        ids, scores = _bm25(s, top, q.fieldname, q.text, lengths, offset)
        return ids, q.boost * scores
    if isinstance(q, Q.And):
        parts = sorted((_scored(sub, s, top, lengths, offset) for sub in q.subqueries), key=lambda p: len(p[0]))
        ids, scores = parts[0]
        for other_ids, other_scores in parts[1:]:
            ids, ia, ib = np.intersect1d(ids, other_ids, assume_unique=True, return_indices=True)
            scores = scores[ia] + other_scores[ib]
        return ids, scores * q.boost
    if isinstance(q, (Q.Or, Q.DisjunctionMax)):
        parts = [_scored(sub, s, top, lengths, offset) for sub in q.subqueries]
        best = isinstance(q, Q.DisjunctionMax)
        size = s.doc_count_all()
        if sum(len(p[0]) for p in parts) * DENSE_SHARE >= size:  # many postings: slots per document
            hit, acc = np.zeros(size, dtype=bool), np.zeros(size)
            for pid, psc in parts:  # a part's ids are unique, so plain indexing combines them
                hit[pid] = True
                acc[pid] = np.maximum(acc[pid], psc) if best else acc[pid] + psc
            ids = np.flatnonzero(hit)
            return ids, acc[ids] * q.boost
        ids = _union([p[0] for p in parts])
        scores = np.zeros(len(ids))
        for pid, psc in parts:
            at = np.searchsorted(ids, pid)
            scores[at] = np.maximum(scores[at], psc) if best else scores[at] + psc
        return ids, scores * q.boost
    if isinstance(q, Q.AndNot):
        ids, scores = _scored(q.a, s, top, lengths, offset)
        keep = ~np.isin(ids, _eval(q.b, s))
        return ids[keep], scores[keep]
    # Anything else (a Whoosh Phrase): Whoosh finds the set; score it as the sum of its words.
    return _sum_of_words(q, _eval(q, s), s, top, lengths, offset)


def _sum_of_words(q, ids, s, top, lengths, offset) -> tuple[np.ndarray, np.ndarray]:
    scores = np.zeros(len(ids))
    for word in getattr(q, "words", ()):
        wid, wsc = _scored(Q.Term(q.fieldname, word), s, top, lengths, offset)
        idx = np.searchsorted(wid, ids)
        idx[idx >= len(wid)] = 0
        hit = wid[idx] == ids if len(wid) else np.zeros(len(ids), bool)
        scores[hit] += wsc[idx[hit]]
    return ids, scores * q.boost


def field_lengths(searcher, fieldname: str = "text") -> np.ndarray:
    """Each document's length of `fieldname`, by global document number."""
    out = np.zeros(searcher.doc_count_all(), dtype=np.float64)
    for sub, offset in searcher.leaf_searchers():
        r = sub.reader()
        for d in range(r.doc_count_all()):
            out[offset + d] = r.doc_field_length(d, fieldname, 0)
    return out
