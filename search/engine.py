"""The search engine: one object that the CLI and the web server share.

It opens the index once, keeps a searcher and the facet columns across
requests (reopening only when a writer has committed), validates requests, and
returns plain dicts ready for JSON. Facets are counted from column arrays over
the whole match set at once, never by reading stored fields per hit.
"""

from __future__ import annotations

import bisect
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import colcache, hotpostings
from .budget import DEFAULT_SECONDS, Gate, OverBudget, budget, costly
from .docsets import field_lengths, scored_ids
from .exchanges import Links, collapse, partners
from .facets import BY_NAME, FACETS, MAX_FACET_SIZE, FacetValueError, parse_values
from .hits import Marks, build_hit, match_info
from .matching import Matcher, Matches
from .model import Meeting, Record
from .query import Compiler, QueryError, parse
from .schema import COLUMNS, LABEL_COLUMNS
from .store import current_path, open_index
from .substrings import TermList
from .synonyms import Synonyms
from .wareki import DateError, parse_range

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE = 1000
MAX_PER_PAGE = 100
# Fewer records than this with every word: the list goes on with records that have most of them.
FEW = 10


class RequestError(ValueError):
    """A search request with a bad parameter; the message says which and why."""


@dataclass
class LabelTest:
    """A condition answered from column labels: a record passes when its label in one of
    the columns passes that column's test (the columns are ORed).

    Each test runs once per distinct label of its column (a few thousand speaker labels,
    one label per meeting), never per record, and becomes a mask of codes like a facet
    filter. Tests see stored values: facet values as stored (role keys), the meeting id,
    the speaker label as written, the record's order as an int.
    """

    tests: dict[str, Callable[[object], bool]]


@dataclass
class SearchRequest:
    """One search. `filters` maps a facet name (search/facets.py) to the values
    allowed for it: several values of one facet are ORed, facets are ANDed."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: str | None = None
    date_until: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    synonyms: bool = True
    without: list[str] = field(default_factory=list)
    partial: bool = True  # when few records have every word, go on with those that have most
    exchanges: bool = True  # a question and its answer as one hit (False: every record its own hit)
    # For the Diet-style API: every test must pass (ANDed with the filters).
    label_tests: list[LabelTest] = field(default_factory=list)
    offset: int | None = None  # 0-based position of the first hit; when set, it replaces `page`
    highlight: bool = True  # False: no highlight spans or snippets (for callers that show whole texts)
    facet_size: int = 0  # values listed per facet, the selected ones added (0: every value)
    # False: no facet counts, for callers that list hits only; then a search of one meeting
    # (a single `meeting` filter) reads and matches that meeting's documents alone.
    facets: bool = True
    # (first, count): also answer the meetings [first, first + count) of the match set, newest first.
    meeting_window: tuple[int, int] | None = None
    # Seconds the search may take (search/budget.py); past them it answers with what it matched
    # so far, flagged `timed_out`. None: no budget of its own.
    budget: float | None = DEFAULT_SECONDS

    def values(self, name: str) -> list[str]:
        return list(self.filters.get(name) or ())

    @property
    def first(self) -> int:
        """0-based position of the first hit asked for."""
        return self.offset if self.offset is not None else (self.page - 1) * self.per_page


class _Columns:
    """Facet columns as numpy codes per document number, and date-order ranks, read once per searcher.

    Filters and facet counts work on these arrays: a filter is a membership test
    of codes, a date range a comparison of codes (the labels are sorted ISO
    dates), so neither reads postings nor runs Python per document.
    """

    def __init__(self, searcher, gen: Path | None = None) -> None:
        if gen is not None and colcache.load(self, gen, searcher):  # saved by an earlier open
            self._derive(searcher)
            return
        reader = searcher.reader()
        n = reader.doc_count_all()
        self.codes: dict[str, np.ndarray] = {}
        self.labels: dict[str, list[str]] = {}
        self.index: dict[str, dict[str, int]] = {}
        for name in (*COLUMNS, "date", *LABEL_COLUMNS):
            values = list(reader.column_reader(name)) if reader.has_column(name) else [""] * n
            labels = sorted(set(values))
            index = {v: i for i, v in enumerate(labels)}
            self.codes[name] = np.fromiter((index[v] for v in values), dtype=np.int32, count=len(values))
            self.labels[name] = labels
            self.index[name] = index
        live = np.zeros(n, dtype=bool)
        live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        no_kind = self.index["kind"].get("")
        # Live record documents (meeting documents have no kind), for searches without words.
        self.records = np.flatnonzero(live & (self.codes["kind"] != (no_kind if no_kind is not None else -1)))
        # Live meeting documents, and each meeting's document by meeting code (-1: none), for headers.
        self.meeting_docs = np.flatnonzero(live & (self.codes["kind"] == (no_kind if no_kind is not None else -1)))
        self.meeting_doc = np.full(len(self.labels["meeting"]), -1, dtype=np.int64)
        self.meeting_doc[self.codes["meeting"][self.meeting_docs]] = self.meeting_docs
        order = np.asarray(list(reader.column_reader("order")) if reader.has_column("order") else [0] * n)
        labels, codes = np.unique(order, return_inverse=True)  # order as a label column too, for LabelTest
        self.codes["order"], self.labels["order"] = codes.astype(np.int32), [int(v) for v in labels]
        self.order = order
        date, meeting = self.codes["date"], self.codes["meeting"]
        # Rank of each document in "oldest" and "newest" order (records in meeting order either way).
        oldest = np.lexsort((order, meeting, date))
        newest = np.lexsort((order, meeting, -date))
        self.rank = {"oldest": np.empty(n, dtype=np.int64), "newest": np.empty(n, dtype=np.int64)}
        self.rank["oldest"][oldest] = np.arange(n)
        self.rank["newest"][newest] = np.arange(n)
        # Each meeting's place in "newest" order (the rank of its first document).
        self.meeting_rank = np.full(len(self.labels["meeting"]), n, dtype=np.int64)
        np.minimum.at(self.meeting_rank, meeting, self.rank["newest"])
        self.lengths = field_lengths(searcher, "text")
        pair = np.asarray(list(reader.column_reader("pair")) if reader.has_column("pair") else [-1] * n,
                          dtype=np.int64)
        self.partner = partners(meeting, order.astype(np.int64), pair, self.records)
        self._derive(searcher)
        if gen is not None:
            colcache.save(self, gen, searcher)

    def _derive(self, searcher) -> None:
        """What follows from the saved arrays: each label's code, the known values of each facet
        column, which documents are records, the question-answer pairs, and the term list."""
        self.index = {name: {v: i for i, v in enumerate(labels)} for name, labels in self.labels.items()}
        self.known = {name: set(self.labels[name]) - {""} for name in COLUMNS}
        self.n = n = len(self.order)
        self.is_record = np.zeros(n, dtype=bool)
        self.is_record[self.records] = True
        self.links = Links.of(self.partner)
        self.terms = TermList(searcher.reader())

    def mask(self, field_name: str, ids: np.ndarray, values: list[str]) -> np.ndarray:
        """Which of `ids` have one of `values` in the column."""
        index = self.index[field_name]
        wanted = np.fromiter((index[v] for v in values if v in index), dtype=np.int32)
        return np.isin(self.codes[field_name][ids], wanted)

    def date_mask(self, ids: np.ndarray, lo: str | None, hi: str | None) -> np.ndarray:
        """Which of `ids` fall in [lo, hi] (ISO dates, inclusive; None is open)."""
        labels = self.labels["date"]
        first = bisect.bisect_left(labels, lo) if lo else 0
        first = max(first, bisect.bisect_right(labels, ""))  # undated documents never match a range
        last = bisect.bisect_right(labels, hi) if hi else len(labels)
        codes = self.codes["date"][ids]
        return (codes >= first) & (codes < last)

    def label_mask(self, ids: np.ndarray, test: LabelTest) -> np.ndarray:
        """Which of `ids` pass `test`: the test runs over each column's distinct labels, not over records."""
        keep = np.zeros(len(ids), dtype=bool)
        for column, passes in test.tests.items():
            if column not in self.labels:
                raise RequestError(f"不明な列です: {column}")
            wanted = np.fromiter((i for i, label in enumerate(self.labels[column]) if passes(label)), dtype=np.int32)
            keep |= np.isin(self.codes[column][ids], wanted)
        return keep

    def by_meeting(self, ids: np.ndarray, first: int, count: int) -> tuple[int, list[tuple[str, list[dict]]]]:
        """How many meetings `ids` fall in, and the meetings [first, first + count) of them, newest
        first, each with its records among `ids` in speaking order (order, speaker and role, read
        from the columns, not from stored fields)."""
        meeting = self.codes["meeting"][ids]
        present = np.flatnonzero(np.bincount(meeting, minlength=len(self.labels["meeting"])))
        present = present[np.argsort(self.meeting_rank[present], kind="stable")]
        chosen = present[first:first + count] if first < len(present) else present[:0]
        chosen_ids = ids[np.isin(meeting, chosen)]
        chosen_ids = chosen_ids[np.argsort(self.rank["newest"][chosen_ids], kind="stable")]
        speakers, roles = self.labels["speaker"], self.labels["role"]
        rows: dict[int, list[dict]] = {int(code): [] for code in chosen}
        for d in chosen_ids:
            rows[int(self.codes["meeting"][d])].append({
                "order": int(self.order[d]),
                "speaker": speakers[self.codes["speaker"][d]],
                "role": roles[self.codes["role"][d]],
            })
        return len(present), [(self.labels["meeting"][code], rows[int(code)]) for code in chosen]

    def counts(self, field_name: str, ids: np.ndarray) -> dict[str, int]:
        labels = self.labels[field_name]
        c = np.bincount(self.codes[field_name][ids], minlength=len(labels)) if len(ids) else np.zeros(len(labels), int)
        return {labels[i]: int(c[i]) for i in np.flatnonzero(c) if labels[i] != ""}

    def top_counts(self, field_name: str, ids: np.ndarray, size: int, newest_first: bool,
                   selected: list[str]) -> tuple[dict[str, int], int]:
        """The column's values among `ids` with their counts, most frequent first (ties by value) or
        by value descending: the first `size` of them (0: all) and any selected value; and how many
        values there are. Sorted in numpy, so a speaker facet of thousands of values costs no Python
        per value beyond those listed."""
        labels = self.labels[field_name]
        codes = np.asarray(self.codes[field_name])
        c = np.bincount(codes[ids], minlength=len(labels)) if len(ids) else np.zeros(len(labels), np.int64)
        empty = self.index[field_name].get("")
        if empty is not None:
            c[empty] = 0
        present = np.flatnonzero(c)  # codes follow the labels' sorted order
        order = present[::-1] if newest_first else present[np.lexsort((present, -c[present]))]
        keep = order[:size] if size > 0 else order
        out = {labels[i]: int(c[i]) for i in keep}
        for v in selected:
            code = self.index[field_name].get(v)
            if code is not None and c[code] and v not in out:
                out[v] = int(c[code])
        return out, len(present)


class SearchEngine:
    def __init__(self, root: str | Path, synonyms: Synonyms | None = None):
        self.root = Path(root)
        self.synonyms = synonyms if synonyms is not None else Synonyms.load()
        self._lock = threading.Lock()
        self._gen: Path | None = None
        self._ix = None
        self._searcher = None
        self._columns: _Columns | None = None
        self.gate = Gate()  # costly searches take turns (search/budget.py)
        self._open()

    # -- the index, opened once and refreshed after commits ---------------
    def _open(self) -> None:
        self._ix = open_index(self.root)
        # The generation actually opened: `current` may have moved on since open_index read it.
        self._gen = Path(self._ix.storage.folder).resolve()
        self._searcher = self._new_searcher()
        self._columns = _Columns(self._searcher, self._gen)

    def _new_searcher(self):
        searcher = self._ix.searcher()
        hotpostings.attach(searcher, self._gen)
        return searcher

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
                self._searcher = self._new_searcher()
                self._columns = _Columns(self._searcher, self._gen)
            return self._searcher, self._columns

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()

    # -- requests ------------------------------------------------------------
    def validate(self, req: SearchRequest, columns: _Columns) -> tuple[str | None, str | None]:
        """Check the request's parameters (filters are checked by `normalize`); the date range as ISO days."""
        if req.sort not in SORTS:
            raise RequestError(f"sort は {', '.join(SORTS)} のいずれかです（指定: {req.sort!r}）")
        if not (1 <= req.page <= MAX_PAGE):
            raise RequestError(f"page は 1 から {MAX_PAGE} までです（指定: {req.page}）")
        if not (1 <= req.per_page <= MAX_PER_PAGE):
            raise RequestError(f"件数は 1 から {MAX_PER_PAGE} までです（指定: {req.per_page}）")
        if not (0 <= req.facet_size <= MAX_FACET_SIZE):
            raise RequestError(f"facet_size は 0（すべて）から {MAX_FACET_SIZE} までです（指定: {req.facet_size}）")
        if req.offset is not None and req.offset < 0:
            raise RequestError(f"開始位置は 0 以上です（指定: {req.offset}）")
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

    @staticmethod
    def normalize(req: SearchRequest, columns: _Columns, extra: dict[str, list[str]] | None = None) -> SearchRequest:
        """A copy of `req` with every filter value parsed (令和3年度 -> 2021) and known to the index.

        `extra` are filters typed in the query box (role:委員); they add values to a facet.
        """
        filters: dict[str, list[str]] = {}
        for name, values in list(req.filters.items()) + list((extra or {}).items()):
            f = BY_NAME.get(name)
            if f is None:
                raise RequestError(f"不明な絞り込みです: {name}（使えるもの: {', '.join(BY_NAME)}）")
            try:
                parsed = parse_values(name, values)
            except FacetValueError as e:
                raise RequestError(str(e)) from None
            for v in parsed:
                if v not in columns.known.get(f.field, ()):
                    raise RequestError(f"{f.label}に「{f.display(v)}」はありません")
                if v not in filters.setdefault(name, []):
                    filters[name].append(v)
        return replace(req, filters={k: v for k, v in filters.items() if v}, without=list(req.without))

    def search(self, req: SearchRequest) -> dict:
        """One search within its budget: past it, what was matched so far, `timed_out` true."""
        with budget(req.budget):
            return self._search(req)

    def _search(self, req: SearchRequest) -> dict:
        t0 = time.perf_counter()
        searcher, columns = self.searcher()
        parsed = parse(req.q)
        req = self.normalize(req, columns, parsed.filters)
        lo, hi = self.validate(req, columns)
        plan = Compiler(self.synonyms, req.synonyms, frozenset(req.without)).compile(parsed)
        try:
            with self.gate.slot(costly(req.q) and not plan.empty):
                m = None if plan.empty else self._match(searcher, columns, plan, req)
        except OverBudget:  # no turn for a costly search: answered as one whose budget is spent
            with budget(0):
                m = self._match(searcher, columns, plan, req)
        partial = False
        if m is not None:
            every = m.n_any == m.n_words
            # Decided on the words alone, before filters: a facet's count is what its link lists.
            partial = req.partial and m.n_words >= 2 and int(np.count_nonzero(every)) < FEW
            if not partial:
                m = m.subset(every)
        ids = m.ids if m is not None else columns.records
        sort = req.sort if m is not None else ("newest" if req.sort == "relevance" else req.sort)
        key, tie = self._keys(ids, m, columns, sort)
        masks = {name: columns.mask(BY_NAME[name].field, ids, values) for name, values in req.filters.items()}
        if lo or hi:
            masks["date"] = columns.date_mask(ids, lo, hi)
        for i, test in enumerate(req.label_tests):
            masks[f"label:{i}"] = columns.label_mask(ids, test)
        facets, facets_cut = self._facets(ids, masks, columns, req.facet_size, req.filters) if req.facets else ({}, {})
        if masks:
            keep = np.logical_and.reduce(list(masks.values()))
            ids, key, tie = ids[keep], key[keep], tie[keep]
            m = m.subset(keep) if m is not None else None
        # Every record is counted; a hit shows a record with its Q&A counterpart, so a counterpart
        # that a better hit already shows is not listed again: pages count hits.
        listed = np.flatnonzero(collapse(ids, key, tie, columns.partner)) if req.exchanges else np.arange(len(ids))
        total = len(ids)
        past_end = req.first >= len(listed)
        hits = [] if past_end else self._page(searcher, listed, ids, key, tie, m, columns, req, sort)
        n_all = total if m is None or not partial else int(np.count_nonzero(m.n_any == m.n_words))
        out = {
            "total": total,
            "total_all": n_all,
            "partial": partial and n_all < total,
            "listed": len(listed),
            "page": req.page,
            "per_page": req.per_page,
            "pages": max(1, -(-len(listed) // req.per_page)),
            "sort": sort,
            "filters": req.filters,
            "hits": hits,
            "facets": facets,
            "facets_truncated": facets_cut,  # facet -> how many values it has, when not all are listed
            "words": [w.to_dict() for w in m.words] if m is not None else [],
            "expansions": m.expansions if m is not None else [],
            "timed_out": bool(m is not None and m.timed_out),  # budget spent: the words matched until then
            "took_ms": round((time.perf_counter() - t0) * 1000, 1),
        }
        if req.meeting_window is not None:
            out["meetings"] = columns.by_meeting(ids, *req.meeting_window)
        return out

    @staticmethod
    def _keys(ids: np.ndarray, m: Matches | None, columns: _Columns, sort: str) -> tuple[np.ndarray, np.ndarray]:
        """Sort keys (smaller first) and ties (newest first, then meeting order) for the candidates.

        Relevance ranks by words matched in any way, then words matched as typed,
        then BM25F; a date order keeps records with every word before the rest.
        """
        tie = columns.rank["newest"][ids]
        if sort == "relevance":
            key = -(m.n_any * 1e8 + m.n_exact * 1e5 + m.score)
        else:
            key = columns.rank[sort][ids].astype(np.float64)
            if m is not None:
                key = key + (m.n_any < m.n_words) * 1e12
        return key, tie

    @staticmethod
    def _match(searcher, columns: _Columns, plan, req: SearchRequest) -> Matches:
        """The plan's matches; for a facet-less search of one meeting, over that meeting's documents.
        Whether a search goes on with records that have most of its words (partial) is decided
        over the whole index, so with two words or more the scoped result is only kept when that
        cannot apply."""
        chosen = req.filters.get("meeting") or []
        code = columns.index["meeting"].get(chosen[0]) if len(chosen) == 1 and not req.facets else None
        if code is not None:
            m = Matcher(searcher, columns, np.flatnonzero(np.asarray(columns.codes["meeting"]) == code)).run(plan)
            if not (req.partial and m.n_words >= 2):
                return m
        return Matcher(searcher, columns).run(plan)

    @staticmethod
    def _facets(ids: np.ndarray, masks: dict[str, np.ndarray], columns: _Columns, size: int,
                selected: dict[str, list[str]]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
        """Records per facet value (the first `size` values and the selected ones), and for each
        facet cut short, how many values it has. A facet's own filter is left out of its counts, so
        the other values of an active facet stay visible with what choosing them would add."""
        out, cut = {}, {}
        for f in FACETS:
            others = [m for name, m in masks.items() if name != f.name]
            subset = ids[np.logical_and.reduce(others)] if others else ids
            out[f.name], n = columns.top_counts(f.field, subset, size, f.newest_first, list(selected.get(f.name) or ()))
            if 0 < size < n:
                cut[f.name] = n
        return out, cut

    def _page(self, searcher, listed: np.ndarray, ids: np.ndarray, key: np.ndarray, tie: np.ndarray,
              m: Matches | None, columns: _Columns, req: SearchRequest, sort: str) -> list[dict]:
        """The requested page of the listed candidates, without sorting all of them."""
        start = req.first
        k = min(start + req.per_page, len(listed))
        lkey = key[listed]
        if k < len(listed):
            cut = np.partition(lkey, k - 1)[k - 1]
            top = np.flatnonzero(lkey <= cut)  # everything that can be on the pages up to k, ties included
        else:
            top = np.arange(len(listed))
        top = top[np.lexsort((tie[listed][top], lkey[top]))][start:k]
        docs = [int(ids[i]) for i in listed[top]]
        partner = [int(columns.partner[d]) for d in docs]
        marks = Marks(searcher, m.highlight, m.fragments, docs + partner) if m is not None and req.highlight else None
        hits = []
        for i, doc, other in zip(listed[top], docs, partner):
            score = float(m.score[i]) if m is not None and sort == "relevance" else None
            match = match_info(m.words, m.how[i], int(m.n_any[i])) if m is not None else None
            hits.append(build_hit(searcher.stored_fields(doc), score, match, marks, doc, other))
        return hits

    def by_meeting(self, req: SearchRequest, first: int, count: int) -> tuple[int, list[tuple[str, list[dict]]]]:
        """The meetings that have records matching `req`, newest first: how many, and meetings
        [first, first + count), each with its matching records (order, speaker, role) in speaking
        order. Its cost follows the match set and the page, not the number of meetings' records."""
        return self.meetings_search(req, first, count)["meetings"]

    def meetings_search(self, req: SearchRequest, first: int, count: int) -> dict:
        """The search behind by_meeting, whole: its `meetings` are by_meeting's answer, and
        `timed_out` says whether the budget ran out."""
        return self.search(replace(req, sort="newest", page=1, per_page=1, offset=None, highlight=False,
                                   meeting_window=(first, count)))

    # -- meetings ----------------------------------------------------------
    def meetings(self) -> list[dict]:
        searcher, _ = self.searcher()
        out = []
        for fields in searcher.documents(doctype="meeting"):
            m = json.loads(fields["meeting_json"])
            out.append({k: m[k] for k in ("id", "municipality", "body", "title", "session", "dates", "dates_wareki",
                                          "format", "record_count")} | {"items": len(m["items"]),
                                                                        "source_url": m.get("source_url", "")})
        out.sort(key=lambda m: (m["dates"][-1] if m["dates"] else "", m["id"]), reverse=True)
        return out

    def meeting(self, meeting_id: str) -> Meeting | None:
        searcher, _ = self.searcher()
        fields = searcher.document(id=meeting_id, doctype="meeting")
        if fields is None:
            return None
        m = Meeting.from_dict(json.loads(fields["meeting_json"]))
        # By the meeting's term alone: ANDing doctype=record would walk every record's posting.
        recs = [json.loads(f["record"]) for f in searcher.documents(meeting=meeting_id) if f["doctype"] == "record"]
        m.records = sorted((Record.from_dict(r) for r in recs), key=lambda r: r.order)
        return m

    def stats(self) -> dict:
        searcher, columns = self.searcher()
        records = columns.records
        by = {}
        for name in ("meeting", "role", "kind", "fiscal_year", "year"):
            by[name] = dict(sorted(columns.counts(BY_NAME[name].field, records).items(), key=lambda kv: (-kv[1], kv[0])))
        return {"meetings": searcher.doc_count() - len(records), "records": len(records), "by": by}


__all__ = ["SearchEngine", "SearchRequest", "LabelTest", "RequestError", "QueryError"]
