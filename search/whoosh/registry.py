"""People and bills over the Whoosh index: their tables, made once per index generation from the
meeting documents (search/people.py, search/bills.py do the gathering), and a person's
distinctive words from the index's postings.

A person's words are the nouns of their records weighted by tf-idf against the bodies they
spoke in: (1 + log tf) times log(N / df), where N is the other speakers' records in those bodies and df
those of them that use the word, so the words every member of the body says
(予算, 委員会) sink and the person's own matters rise; raw counts would list the body's vocabulary.
"""

from __future__ import annotations

import json
import math
import threading
from collections import Counter

import numpy as np

from .. import bills as _bills, people as _people
from whoosh import query as Q

from .docsets import match_ids
from .similar import _nouns

# Nouns that carry grammar, not matter (こと, ところ): never a person's word.
FORMAL = frozenset("こと もの ところ ため よう とき わけ はず ほう 方 中 上 等 場合 時 際 点 件 旨 方々 皆様 皆さん".split())
MAX_WORD_RECORDS = 120  # a person's records read for their words (the newest: enough for what they speak about)
WORD_CANDIDATES = 80  # most frequent nouns of theirs weighed against the body


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
        self._lock = threading.Lock()

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
        tf: Counter = Counter()
        for d in mine.tolist():
            tf.update(w for w in _nouns(self.searcher.stored_fields(int(d))["body"]) if w not in FORMAL)
        # The body: every record of the meetings of the bodies (in that place) the person spoke in.
        bodies = {(self.headers[m["id"]].get("body") or "") for m in p["meetings"] if m["id"] in self.headers}
        place = p["place"]
        codes = [c.index["meeting"][h["id"]] for h in self.headers.values()
                 if (h.get("body") or "") in bodies and _people.place_of(h) == place and h["id"] in c.index["meeting"]]
        in_body = np.zeros(len(c.labels["meeting"]), dtype=bool)
        in_body[codes] = True
        body_docs = np.zeros(c.n, dtype=bool)
        body_docs[records[in_body[c.codes["meeting"][records]]]] = True
        body_docs[records[c.codes["person"][records] == code]] = False  # the rest of the body: not theirs
        n = int(body_docs.sum()) or 1
        reader = self.searcher.reader()
        scored = []
        for w, k in tf.most_common(WORD_CANDIDATES):
            if not reader.doc_frequency("text", w):
                continue
            ids = match_ids(self.searcher, Q.Term("text", w))  # flat arrays for frequent words (hotpostings)
            df = int(body_docs[ids].sum()) if len(ids) else 0
            scored.append((w, (1 + math.log(k)) * math.log((n + 1) / (df + 1)), k, df))
        scored.sort(key=lambda s: (-s[1], s[0]))
        return [{"term": w, "weight": round(x, 3), "count": k, "body_records": df} for w, x, k, df in scored[:limit]]


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
