"""People and bills over the Whoosh index: their tables, made once per index generation from the
meeting documents (search/people.py, search/bills.py do the gathering), and a person's
distinctive words from the index's postings.

A person's words are the nouns of their records weighted by tf-idf against the bodies they
spoke in: (1 + log tf) times log(N / df), where tf is how many of the person's records read use
the word, N the records of those bodies less all the person's records and df those of them that
use the word, so the words every member of the body says (予算, 委員会) sink and the person's own
matters rise; raw counts would list the body's vocabulary.

The person's records read are their newest (up to MAX_WORD_RECORDS, and MAX_WORD_TERMS term
entries), from the records' term vectors, not by analysing their text again: a member's plenary
questions are long, and Sudachi took 0.3-0.7 s a person on them (at 100k records). Whether a term
is a noun is looked up once per term (the term analysed alone) and kept; a compound's piece (図書
of 図書館, also an index term) is dropped where it is in no more records than the compound. A word's df in a body
comes from its postings (flat arrays for frequent words), counted for every body at once over one
body code per document, and kept per word, so every person whose page uses the word shares it.
"""

from __future__ import annotations

import bisect
import json
import math
import threading
from collections import Counter

import numpy as np

from .. import bills as _bills, people as _people
from whoosh import query as Q

from ..analysis import words as _analysed
from .docsets import match_ids
from .similar import APPARATUS

# Nouns that carry grammar, not matter (こと, ところ): never a person's word.
FORMAL = frozenset("こと もの ところ ため よう とき わけ はず ほう 方 中 上 等 場合 時 際 点 件 旨 方々 皆様 皆さん".split())
MAX_WORD_RECORDS = 120  # a person's records read for their words (the newest: enough for what they speak about)
MAX_WORD_TERMS = 12000  # term-vector entries read at most (a long plenary question has over a thousand)
WORD_CANDIDATES = 80  # most frequent nouns of theirs weighed against the body
TERM_CACHE = 4096  # words whose records per body are kept (one int32 a body each)
_NOUN_CACHE_LIMIT = 200_000
_noun_cache: dict[str, bool] = {}


def is_noun(term: str) -> bool:
    """Whether an index term is a noun worth showing as a person's word (not a number, a single
    character, the minutes' apparatus or a formal noun): the term analysed alone, once."""
    known = _noun_cache.get(term)
    if known is None:
        if len(term) < 2 or term.isdigit() or term in APPARATUS or term in FORMAL:
            known = False
        else:
            parts = _analysed(term)
            known = bool(parts) and all(w.pos_major == "名詞" for w in parts) and not any(
                w.text.isdigit() for w in parts)
        if len(_noun_cache) < _NOUN_CACHE_LIMIT:
            _noun_cache[term] = known
    return known


def vector_terms(searcher, docnums, fieldname: str = "text", max_terms: int = MAX_WORD_TERMS) -> tuple[Counter, int]:
    """(term -> how many of the documents `docnums` use it, documents read), from their term vectors
    (ids only, no values decoded), reading documents in the order given until `max_terms` entries are read."""
    leaves = list(searcher.leaf_searchers())
    starts = [offset for _, offset in leaves]
    tf: Counter = Counter()
    read = docs = 0
    for d in docnums:
        if read >= max_terms:
            break
        docs += 1
        sub, offset = leaves[bisect.bisect_right(starts, d) - 1]
        reader = sub.reader()
        local = d - offset
        if not reader.has_vector(local, fieldname):
            continue
        v = reader.vector(local, fieldname)
        while v.is_active():
            if v._ids is None:
                v._read_ids()
            tf.update(v._ids)
            read += len(v._ids)
            v._next_block()
    return tf, docs


class Registry:
    """The people and bills of one searcher (one index generation)."""

    def __init__(self, searcher, columns) -> None:
        self.searcher, self.columns = searcher, columns
        headers = [json.loads(f["meeting_json"]) for f in searcher.documents(doctype="meeting")]
        self.headers = {h["id"]: h for h in headers}
        self.people = _people.collect(headers)
        self.people_list = sorted((_people.summary(p) for p in self.people.values()),
                                  key=lambda p: (-p["records"], p["id"]))
        self.bills = _bills.collect(headers, _people.place_of)
        self.bills_list = sorted((self.bill_summary(b) for b in self.bills.values()),
                                 key=lambda b: (b["last"], b["id"]), reverse=True)
        self._words: dict[tuple[str, int], list[dict]] = {}
        self._body_code: dict[tuple[str, str], int] = {}  # (place, body) -> its code in _body_of
        self._body_of: np.ndarray | None = None
        self._body_sizes = np.zeros(0, dtype=np.int64)
        self._df: dict[str, np.ndarray] = {}  # term -> records using it in each body
        self._lock = threading.Lock()
        self._bodies_of()  # with the tables, when the server warms up, not on the first person page

    @staticmethod
    def bill_summary(b: dict) -> dict:
        return {k: b[k] for k in ("id", "place", "session", "number", "kind", "title", "outcome", "latest")} | {
            "steps": len(b["steps"]), "items": [s["item"] for s in b["steps"]],
            "meetings": list(dict.fromkeys(s["meeting"] for s in b["steps"])),
            "last": b["steps"][-1]["date"] if b["steps"] else ""}

    def bill(self, bid: str) -> dict | None:
        b = self.bills.get(bid)
        if b is None:
            return None
        out = dict(b, steps=[])
        for s in b["steps"]:
            h = self.headers.get(s["meeting"]) or {}
            speakers = [{"id": p["id"], "name": p["name"], "labels": p.get("labels", [])}
                        for p in h.get("people") or () if s["index"] in p.get("items", ())]
            out["steps"].append(dict(s, speakers=speakers))
        return out

    def words(self, pid: str, limit: int) -> list[dict]:
        with self._lock:
            if (pid, limit) in self._words:
                return self._words[(pid, limit)]
        out = self._distinctive(pid, limit)
        with self._lock:
            self._words[(pid, limit)] = out
        return out

    def _distinctive(self, pid: str, limit: int) -> list[dict]:
        c = self.columns
        code = c.index["person"].get(pid)
        p = self.people.get(pid)
        if code is None or p is None:
            return []
        records = c.records
        mine = records[c.codes["person"][records] == code]
        mine = mine[np.argsort(c.rank["newest"][mine], kind="stable")][:MAX_WORD_RECORDS]
        tf, _ = vector_terms(self.searcher, mine.tolist())
        # The body: every record of the meetings of the bodies (in that place) the person spoke in,
        # less the person's own records (all of them, not only those read).
        body_of, sizes = self._bodies_of()
        wanted = [self._body_code[k] for k in {(p["place"], (self.headers[m["id"]].get("body") or ""))
                                               for m in p["meetings"] if m["id"] in self.headers}
                  if k in self._body_code]
        own = records[c.codes["person"][records] == code]
        n = max(1, int(sizes[wanted].sum()) - len(own))
        candidates = []
        for w, k in tf.most_common():
            if len(candidates) >= WORD_CANDIDATES:
                break
            if is_noun(w):
                candidates.append((w, k))
        # The index also holds the pieces of compounds (図書 of 図書館): a piece in no more of the records
        # than a longer candidate holding it is only that word's part.
        candidates = [(w, k) for w, k in candidates
                      if not any(len(u) > len(w) and w in u and j >= k for u, j in candidates)]
        scored = []
        for w, k in candidates:  # terms of the index's own vectors: each has postings
            by_body, theirs = self._term_counts(w, own)
            df = max(0, int(by_body[wanted].sum()) - theirs)
            scored.append((w, (1 + math.log(k)) * math.log((n + 1) / (df + 1)), k, df))
        scored.sort(key=lambda s: (-s[1], s[0]))
        return [{"term": w, "weight": round(x, 3), "count": k, "body_records": df} for w, x, k, df in scored[:limit]]

    def _bodies_of(self) -> tuple[np.ndarray, np.ndarray]:
        """Each document's body (a code per (place, body); -1 for none and for meeting documents), and
        each body's number of records: made once per index generation, one int32 per document."""
        with self._lock:
            if self._body_of is not None:
                return self._body_of, self._body_sizes
        c = self.columns
        meeting_body = np.full(len(c.labels["meeting"]), -1, dtype=np.int32)
        codes: dict[tuple[str, str], int] = {}
        for h in self.headers.values():
            m = c.index["meeting"].get(h["id"])
            if m is not None:
                meeting_body[m] = codes.setdefault((_people.place_of(h), h.get("body") or ""), len(codes))
        body_of = np.full(c.n, -1, dtype=np.int32)
        body_of[c.records] = meeting_body[c.codes["meeting"][c.records]]
        sizes = np.bincount(body_of[body_of >= 0], minlength=len(codes)).astype(np.int64)
        with self._lock:
            self._body_code, self._body_of, self._body_sizes = codes, body_of, sizes
        return body_of, sizes

    def _term_counts(self, term: str, own: np.ndarray) -> tuple[np.ndarray, int]:
        """Records using `term` in each body (kept for TERM_CACHE terms, shared by every person), and
        how many of them are the person's (`own`, their sorted records)."""
        ids = match_ids(self.searcher, Q.Term("text", term))  # sorted; flat arrays for frequent words (hotpostings)
        theirs = _count_in(ids, own)
        with self._lock:
            counts = self._df.get(term)
        if counts is None:
            body = self._body_of[ids]
            counts = np.bincount(body[body >= 0], minlength=len(self._body_sizes)).astype(np.int32)
            with self._lock:
                if len(self._df) >= TERM_CACHE:
                    self._df.pop(next(iter(self._df)))  # the oldest first
                self._df[term] = counts
        return counts, theirs


def _count_in(ids: np.ndarray, some: np.ndarray) -> int:
    """How many of the sorted numbers `some` are in the sorted numbers `ids` (a few hundred lookups
    by bisection, not a pass over every record using a common word)."""
    if not len(ids) or not len(some):
        return 0
    at = np.minimum(np.searchsorted(ids, some), len(ids) - 1)
    return int(np.count_nonzero(ids[at] == some))


class Registries:
    """The registry of the searcher in use, made again when the index changed."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._key = None
        self._reg: Registry | None = None

    def get(self) -> Registry:
        searcher, columns = self.engine.searcher()
        with self._lock:
            if self._key is not searcher:
                self._reg, self._key = Registry(searcher, columns), searcher
            return self._reg


__all__ = ["Registries", "Registry"]
