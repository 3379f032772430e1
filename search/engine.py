"""The search engine: one object that the CLI and the web server share.

It opens the index once, keeps a searcher and the facet columns across
requests (reopening only when a writer has committed), validates requests, and
returns plain dicts ready for JSON. Facets are counted from column arrays over
the whole match set at once, never by reading stored fields per hit.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from whoosh import query as Q

from .docsets import field_lengths, match_ids, scored_ids
from .model import RECORD_KINDS, ROLES, Meeting, Record
from .query import Compiler, QueryError, parse
from .schema import FACETS
from .snippets import highlight_spans, snippet
from .store import current_path, open_index
from .synonyms import Synonyms
from .wareki import DateError, parse_range, to_wareki

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE = 1000
MAX_PER_PAGE = 100
FACET_FIELDS = ("role", "meeting", "topic", "kind", "year")


class RequestError(ValueError):
    """A search request with a bad parameter; the message says which and why."""


@dataclass
class SearchRequest:
    q: str = ""
    role: str | None = None
    meeting: str | None = None
    topic: str | None = None
    kind: str | None = None
    year: str | None = None
    municipality: str | None = None
    outcome: str | None = None
    date_from: str | None = None
    date_until: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    synonyms: bool = True
    without: list[str] = field(default_factory=list)


class _Columns:
    """Facet columns as numpy codes per document number, and date-order ranks, read once per searcher."""

    def __init__(self, searcher) -> None:
        reader = searcher.reader()
        n = reader.doc_count_all()
        self.codes: dict[str, np.ndarray] = {}
        self.labels: dict[str, list[str]] = {}
        for name in (*FACETS, "date"):
            values = list(reader.column_reader(name)) if reader.has_column(name) else [""] * n
            labels = sorted(set(values))
            index = {v: i for i, v in enumerate(labels)}
            self.codes[name] = np.fromiter((index[v] for v in values), dtype=np.int32, count=len(values))
            self.labels[name] = labels
        self.known = {name: set(self.labels[name]) - {""} for name in FACETS}
        order = np.asarray(list(reader.column_reader("order")) if reader.has_column("order") else [0] * n)
        date, meeting = self.codes["date"], self.codes["meeting"]
        # Rank of each document in "oldest" and "newest" order (records in meeting order either way).
        oldest = np.lexsort((order, meeting, date))
        newest = np.lexsort((order, meeting, -date))
        self.rank = {"oldest": np.empty(n, dtype=np.int64), "newest": np.empty(n, dtype=np.int64)}
        self.rank["oldest"][oldest] = np.arange(n)
        self.rank["newest"][newest] = np.arange(n)
        self.lengths = field_lengths(searcher, "text")

    def counts(self, name: str, ids: np.ndarray) -> dict[str, int]:
        labels = self.labels[name]
        c = np.bincount(self.codes[name][ids], minlength=len(labels)) if len(ids) else np.zeros(len(labels), int)
        return {labels[i]: int(c[i]) for i in np.flatnonzero(c) if labels[i] != ""}


class SearchEngine:
    def __init__(self, root: str | Path, synonyms: Synonyms | None = None):
        self.root = Path(root)
        self.synonyms = synonyms if synonyms is not None else Synonyms.load()
        self._lock = threading.Lock()
        self._gen: Path | None = None
        self._ix = None
        self._searcher = None
        self._columns: _Columns | None = None
        self._open()

    # -- the index, opened once and refreshed after commits ---------------
    def _open(self) -> None:
        self._ix = open_index(self.root)
        self._gen = current_path(self.root)
        self._searcher = self._ix.searcher()
        self._columns = _Columns(self._searcher)

    def searcher(self):
        """The shared searcher, refreshed if the index changed (a build swap or an add)."""
        with self._lock:
            # The old searcher is not closed here: a request on another thread may still be
            # reading it; it is released when the last reference goes.
            if current_path(self.root) != self._gen:
                self._open()
            elif not self._searcher.up_to_date():
                # A fresh searcher, not refresh(): Whoosh's refresh reuses segment readers
                # by segment id and so misses deletions committed to an existing segment.
                self._searcher = self._ix.searcher()
                self._columns = _Columns(self._searcher)
            return self._searcher, self._columns

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()

    # -- requests ------------------------------------------------------------
    def validate(self, req: SearchRequest, columns: _Columns) -> tuple[str | None, str | None]:
        if req.sort not in SORTS:
            raise RequestError(f"sort は {', '.join(SORTS)} のいずれかです（指定: {req.sort!r}）")
        if not (1 <= req.page <= MAX_PAGE):
            raise RequestError(f"page は 1 から {MAX_PAGE} までです（指定: {req.page}）")
        if not (1 <= req.per_page <= MAX_PER_PAGE):
            raise RequestError(f"件数は 1 から {MAX_PER_PAGE} までです（指定: {req.per_page}）")
        if req.role and req.role not in ROLES:
            raise RequestError(f"role は {'、'.join(ROLES)} のいずれかです（指定: {req.role}）")
        if req.kind and req.kind not in RECORD_KINDS:
            raise RequestError(f"kind は {', '.join(RECORD_KINDS)} のいずれかです（指定: {req.kind}）")
        for name in ("meeting", "topic", "year", "municipality", "outcome"):
            value = getattr(req, name)
            if value and value not in columns.known.get(name, ()):
                raise RequestError(f"{name} に「{value}」はありません")
        lo = hi = None
        try:
            if req.date_from:
                lo = parse_range(req.date_from)[0]
            if req.date_until:
                hi = parse_range(req.date_until)[1]
        except DateError as e:
            raise RequestError(str(e)) from None
        if lo and hi and lo > hi:
            raise RequestError(f"期間の始まり（{req.date_from}）が終わり（{req.date_until}）より後です")
        return lo, hi

    def search(self, req: SearchRequest) -> dict:
        t0 = time.perf_counter()
        searcher, columns = self.searcher()
        parsed = parse(req.q)
        req = replace(req)  # query-box filters fill in the request without changing the caller's
        for name, value in parsed.filters.items():  # role:委員 in the query box
            if getattr(req, name, None) in (None, ""):
                setattr(req, name, value)
        lo, hi = self.validate(req, columns)
        compiled = Compiler(self.synonyms, req.synonyms, frozenset(req.without)).compile(parsed)
        filters: list[Q.Query] = []
        for name in ("role", "meeting", "topic", "kind", "year", "municipality", "outcome"):
            value = getattr(req, name)
            if value:
                filters.append(Q.Term(name, value))
        if lo or hi:
            filters.append(Q.TermRange("date", lo, hi, startexcl=False, endexcl=False))
        words = compiled.query
        scores = None
        if words is None:
            # No words: every record the filters allow (meeting documents have no text, so
            # only this branch needs the doctype filter).
            ids = match_ids(searcher, Q.And([*filters, Q.Term("doctype", "record")]))
        else:
            ids, scores = scored_ids(searcher, words, columns.lengths)
            if filters:
                keep = np.isin(ids, match_ids(searcher, Q.And(filters) if len(filters) > 1 else filters[0]),
                               assume_unique=True)
                ids, scores = ids[keep], scores[keep]
        facets = self._facets(ids, columns)
        sort = req.sort if words is not None else ("newest" if req.sort == "relevance" else req.sort)
        past_end = (req.page - 1) * req.per_page >= len(ids)
        hits = [] if past_end else self._page(searcher, ids, scores, columns, req, sort, compiled.highlight)
        return {
            "total": len(ids),
            "page": req.page,
            "per_page": req.per_page,
            "pages": max(1, -(-len(ids) // req.per_page)),
            "sort": sort,
            "hits": hits,
            "facets": facets,
            "expansions": compiled.expansions,
            "took_ms": round((time.perf_counter() - t0) * 1000, 1),
        }

    @staticmethod
    def _facets(ids: np.ndarray, columns: _Columns) -> dict[str, dict[str, int]]:
        out = {}
        for name in FACET_FIELDS:
            counts = columns.counts(name, ids)
            if name == "year":
                out[name] = dict(sorted(counts.items(), reverse=True))
            else:
                out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return out

    def _page(self, searcher, ids: np.ndarray, scores: np.ndarray | None, columns: _Columns,
              req: SearchRequest, sort: str, highlight) -> list[dict]:
        """The requested page of the match set, by score or by date, without sorting all of it."""
        start = (req.page - 1) * req.per_page
        k = min(start + req.per_page, len(ids))
        # Smaller key first: the negated score for relevance, the precomputed rank for dates.
        key = -scores if sort == "relevance" else columns.rank[sort][ids].astype(np.float64)
        # Ties go newest first, then in meeting order: the same page whatever the segment layout.
        tie = columns.rank["newest"][ids]
        if k < len(ids):
            cut = np.partition(key, k - 1)[k - 1]
            top = np.flatnonzero(key <= cut)  # everything that can be on the pages up to k, ties included
        else:
            top = np.arange(len(ids))
        top = top[np.lexsort((tie[top], key[top]))][start:k]
        return [self._hit(searcher.stored_fields(int(ids[i])), float(scores[i]) if sort == "relevance" else None,
                          highlight) for i in top]

    @staticmethod
    def _hit(stored: dict, score: float | None, highlight) -> dict:
        rec = json.loads(stored["record"])
        text = stored["body"]
        spans = highlight_spans(text, highlight)
        s, e = snippet(text, spans)
        return {
            "id": stored["id"],
            "meeting": stored["meeting"],
            "meeting_title": rec["meeting_title"],
            "date": stored["date"],
            "date_wareki": to_wareki(stored["date"]) if stored["date"] else "",
            "order": rec["order"],
            "item": rec["item_title"],
            "item_kind": rec["item_kind"],
            "role": stored["role"],
            "speaker": stored["speaker"],
            "kind": stored["kind"],
            "lines": rec["lines"],
            "pair": rec["pair"],
            "text": text,
            "counterpart": rec["counterpart"],
            "counterpart_role": rec["counterpart_role"],
            "counterpart_speaker": rec["counterpart_speaker"],
            "snippet": text[s:e],
            "snippet_offset": s,
            "snippet_truncated": [s > 0, e < len(text)],
            "highlights": [list(sp) for sp in spans],
            "score": round(score, 4) if score is not None else None,
        }

    # -- meetings ----------------------------------------------------------
    def meetings(self) -> list[dict]:
        searcher, _ = self.searcher()
        out = []
        for fields in searcher.documents(doctype="meeting"):
            m = json.loads(fields["meeting_json"])
            out.append({k: m[k] for k in ("id", "municipality", "body", "title", "session", "dates", "dates_wareki",
                                          "format", "record_count")} | {"items": len(m["items"])})
        out.sort(key=lambda m: (m["dates"][-1] if m["dates"] else "", m["id"]), reverse=True)
        return out

    def meeting(self, meeting_id: str) -> Meeting | None:
        searcher, _ = self.searcher()
        fields = searcher.document(id=meeting_id, doctype="meeting")
        if fields is None:
            return None
        m = Meeting.from_dict(json.loads(fields["meeting_json"]))
        recs = [json.loads(f["record"]) for f in searcher.documents(meeting=meeting_id, doctype="record")]
        m.records = sorted((Record.from_dict(r) for r in recs), key=lambda r: r.order)
        return m

    def stats(self) -> dict:
        searcher, columns = self.searcher()
        records = match_ids(searcher, Q.Term("doctype", "record"))
        by = {}
        for name in ("meeting", "role", "kind", "year"):
            by[name] = dict(sorted(columns.counts(name, records).items(), key=lambda kv: (-kv[1], kv[0])))
        return {"meetings": searcher.doc_count() - len(records), "records": len(records), "by": by}


__all__ = ["SearchEngine", "SearchRequest", "RequestError", "QueryError"]
