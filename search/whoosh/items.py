"""Item search: agenda items (案件) as results, for staff looking for precedents.

One result per agenda item: the meeting, the item's kind, title, outcome and
votes, who spoke in it, and its best matching utterances with highlights. It
runs on the record engine's match set (ids and BM25F scores as numpy arrays)
and an item table built once per searcher from the meeting documents and the
record `item` column, so a search never reads every record: stored fields are
read only for the utterances shown on the page.

Ranking. An item's score is its best utterance's score plus half its second's
and a quarter of its third's: the best utterance says most about whether the
item is about the words, the next two show the matter was discussed rather than
mentioned in passing, and beyond three the length of a debate should not decide.
An item whose title matches the query gets the best utterance score of the
whole match set on top: a title states what the item is about, so an item
titled with the words outranks one where they were said once in passing. Items
that match only by title count too, with that bonus alone.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from whoosh import query as Q

from ..analysis import pretokenize
from ..budget import OverBudget, budget, costly
from .docsets import scored_ids, shared_reads
from ..api import SearchRequest, check, item_id, normalize_filters, split_item_id
from .engine import SearchEngine
from .hits import Marks, build_hit
from ..facets import BY_NAME, MEETING_FACETS
from ..item_facets import ITEM_BY_NAME, ITEM_FACETS, NO_OUTCOME, RECORD_FILTERS
from .columns import ColumnTable, count_facets, filter_masks
from .pairs import PairPhrase, pair_tokens
from ..query import parse
from .compile import Compiler
from ..wareki import to_wareki

WEIGHTS = (1.0, 0.5, 0.25)  # shares of an item's best, second and third utterance scores
TITLE_SHARE = 1.0  # a title match adds this share of the match set's best utterance score
SHOWN_HITS = 3  # best utterances shown per item
# The filters an item search takes: the item facets, and the record facets it applies to utterances.
FILTERS = {**ITEM_BY_NAME, **{name: BY_NAME[name] for name in RECORD_FILTERS}}
# The meeting's columns an item row takes from its meeting's document.
MEETING_FIELDS = tuple(BY_NAME[name].field for name in MEETING_FACETS if name in ITEM_BY_NAME)


class ItemTable(ColumnTable):
    """Every agenda item of the index as a column table (one row per item: its facets and date), and
    each record document's item number (-1: none). The meeting's values (municipality, 年度, date)
    are read from the meeting documents' columns, as the records' are."""

    def __init__(self, searcher, columns) -> None:
        self.columns = columns
        reader = searcher.reader()
        n = reader.doc_count_all()
        self.rows: list[dict] = []
        first: dict[int, int] = {}  # meeting code -> number of its first item
        count: dict[int, int] = {}
        meeting_of = {}  # the meeting's values of the meeting facets, from its document's columns
        for doc in columns.meeting_docs.tolist():
            meeting_of[columns.labels["meeting"][columns.codes["meeting"][doc]]] = {
                name: columns.labels[name][columns.codes[name][doc]] for name in (*MEETING_FIELDS, "date")}
        for fields in searcher.documents(doctype="meeting"):
            m = json.loads(fields["meeting_json"])
            code = columns.index["meeting"].get(m["id"])
            if code is None:
                continue
            first[code], count[code] = len(self.rows), len(m["items"])
            mo = meeting_of[m["id"]]
            for i, it in enumerate(m["items"]):
                self.rows.append({
                    "id": item_id(m["id"], i), "meeting": m["id"], "index": i, "meeting_title": m["title"],
                    "municipality": mo["municipality"], "body": m["body"], "date": mo["date"],
                    "fiscal_year": mo["fiscal_year"], "kind": it["kind"], "number": it.get("number"), "title": it["title"],
                    "outcome": it.get("outcome") or NO_OUTCOME, "votes": it.get("votes"),
                })
        self.by_id = {r["id"]: k for k, r in enumerate(self.rows)}
        size = len(self.rows)
        self.set_columns({name: [r[name] or "" for r in self.rows] for name in (*(f.field for f in ITEM_FACETS), "date")},
                         size)
        date_code = self.codes["date"]
        pos = np.arange(size)
        meeting = self.codes["meeting"]
        self.rank = {"oldest": np.empty(size, np.int64), "newest": np.empty(size, np.int64)}
        self.rank["oldest"][np.lexsort((pos, meeting, date_code))] = pos
        self.rank["newest"][np.lexsort((pos, meeting, -date_code))] = pos
        # Each record document's item: its meeting's first item number + the `item` column - 1.
        col = np.asarray(list(reader.column_reader("item")) if reader.has_column("item") else [0] * n, np.int64)
        firsts = np.full(len(columns.labels["meeting"]), -1, np.int64)
        counts = np.zeros(len(columns.labels["meeting"]), np.int64)
        for code, k in first.items():
            firsts[code], counts[code] = k, count[code]
        mcode = columns.codes["meeting"].astype(np.int64)
        ok = (col > 0) & (firsts[mcode] >= 0) & (col <= counts[mcode])
        ok[np.setdiff1d(np.arange(n), columns.records)] = False
        self.doc_item = np.where(ok, firsts[mcode] + col - 1, -1)
        recs = np.flatnonzero(self.doc_item >= 0)
        self.record_count = np.bincount(self.doc_item[recs], minlength=size)
        # The roles that spoke in each item (role keys), from the role column.
        role = columns.codes["role"][recs]
        pairs = np.unique(self.doc_item[recs] * (len(columns.labels["role"]) + 1) + role)
        self.roles: list[list[str]] = [[] for _ in range(size)]
        for p in pairs:
            k, r = divmod(int(p), len(columns.labels["role"]) + 1)
            if columns.labels["role"][r]:
                self.roles[k].append(columns.labels["role"][r])
        self._titles: dict[str, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def records_of(self, k: int) -> np.ndarray:
        """Document numbers of item k's records, in speaking order."""
        ids = np.flatnonzero(self.doc_item == k)
        return ids[np.argsort(self.columns.order[ids], kind="stable")]

    def titles(self) -> dict[str, np.ndarray]:
        """Index-mode tokens (and adjacent pairs) of the item titles -> item numbers; built on first use."""
        if self._titles is None:
            # Titles recur (一般質問, the same bill in committee and in plenary): each distinct one is
            # analysed once (38,931 items had 6,516 titles at 500,000 records: 2.4 s -> 0.8 s).
            by_title: dict[str, list[int]] = defaultdict(list)
            for k, r in enumerate(self.rows):
                by_title[r["title"]].append(k)
            post: dict[str, set[int]] = defaultdict(set)
            for title, ks in by_title.items():
                toks = pretokenize(title)
                for t in toks:
                    post["text:" + t[0]].update(ks)
                for t in pair_tokens(toks):
                    post["pairs:" + t[0]].update(ks)
            self._titles = {t: np.array(sorted(ks), dtype=np.int64) for t, ks in post.items()}
        return self._titles

    def title_matches(self, q: Q.Query) -> np.ndarray:
        """Item numbers whose title matches the compiled query (its boolean structure over title tokens)."""
        post = self.titles()
        every = np.arange(len(self.rows))
        empty = np.zeros(0, np.int64)

        def ev(q) -> np.ndarray:
            if isinstance(q, Q.Term):
                if q.fieldname == "doctype":
                    return every
                return post.get(f"{q.fieldname}:{q.text}", empty)
            if isinstance(q, (Q.And, PairPhrase)):
                out = None
                for s in dict.fromkeys(q.subqueries):  # a pair typed many times is looked up once
                    out = ev(s) if out is None else np.intersect1d(out, ev(s))
                    if not len(out):
                        break  # nothing can match: the other parts are not looked up
                return out if out is not None else empty
            if isinstance(q, (Q.Or, Q.DisjunctionMax)):  # one word written differently is an OR too
                sets = [ev(s) for s in q.subqueries]
                return np.unique(np.concatenate(sets)) if sets else empty
            if isinstance(q, Q.AndNot):
                return np.setdiff1d(ev(q.a), ev(q.b))
            words = getattr(q, "words", ())  # another phrase form: all its words
            return ev(Q.And([Q.Term("text", w) for w in words])) if words else empty

        return ev(q)


class _ByItem:
    """Values per item (sorted item numbers), looked up when asked: a page asks for ten items, and
    a common word matches tens of thousands, so nothing is built per item in Python. Each item
    keeps only its best TOP records (`starts`/`ends` into `ids`/`scores`) and its match count."""

    def __init__(self, items: np.ndarray, starts: np.ndarray, ends: np.ndarray, ids: np.ndarray,
                 scores: np.ndarray, counts: np.ndarray) -> None:
        self.items, self.starts, self.ends, self.ids, self.scores = items, starts, ends, ids, scores
        self.counts = counts

    def _at(self, k: int) -> int | None:
        i = int(np.searchsorted(self.items, k))
        return i if i < len(self.items) and self.items[i] == k else None

    def shown(self, k: int) -> list[tuple[int, float]]:
        """The item's best SHOWN_HITS (document number, score), best first."""
        i = self._at(k)
        if i is None:
            return []
        s, e = self.starts[i], min(self.ends[i], self.starts[i] + SHOWN_HITS)
        return list(zip(self.ids[s:e].tolist(), self.scores[s:e].tolist()))

    def matches(self, k: int) -> int:
        i = self._at(k)
        return 0 if i is None else int(self.counts[i])

    def best(self, default: float) -> float:
        """The best record score of any item."""
        return float(self.scores.max()) if len(self.scores) else default


TOP = max(len(WEIGHTS), SHOWN_HITS)  # records per item that score it or are shown


def rank_items(doc_item: np.ndarray, ids: np.ndarray, scores: np.ndarray):
    """Group scored records (ids ascending) by item: (items, item scores, _ByItem: match counts and
    the best records per item, by score, then document number).

    An item scores the sum of its best records' scores, weighted by rank (WEIGHTS). Only each item's
    best TOP records are ranked, picked with one pass per rank: a full sort by (item, score, id) of
    every matched record cost 44 ms for 200,000 of them."""
    ks = doc_item[ids]
    keep = ks >= 0
    ks, ids, scores = ks[keep], ids[keep], scores[keep]
    if not len(ks):
        empty = np.zeros(0, np.int64)
        return empty, np.zeros(0), _ByItem(empty, empty, empty, empty, np.zeros(0), empty)
    order = np.argsort(ks, kind="stable")  # an item's records are mostly adjacent: nearly sorted already
    ks, ids, scores = ks[order], ids[order], scores[order]  # ids stay ascending within an item
    starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
    counts = np.diff(np.r_[starts, len(ks)])
    items = ks[starts]
    group = np.repeat(np.arange(len(starts)), counts)
    left = scores.astype(np.float64)
    picked = np.full((len(starts), TOP), -1, dtype=np.int64)  # positions of each item's r-th best
    for r in range(min(TOP, int(counts.max()))):
        best = np.maximum.reduceat(left, starts)
        hit = np.flatnonzero((left == best[group]) & (best[group] > -np.inf))
        first = hit[np.r_[True, group[hit][1:] != group[hit][:-1]]]  # the lowest document of a tie
        picked[group[first], r] = first
        left[first] = -np.inf
    valid = picked >= 0
    at = picked[valid]  # row-major: item by item, best first
    per = valid.sum(axis=1)
    top_starts = np.r_[0, np.cumsum(per)[:-1]]
    weights = np.zeros(TOP)
    weights[:len(WEIGHTS)] = WEIGHTS
    total = (np.where(valid, scores[np.maximum(picked, 0)], 0.0) * weights).sum(axis=1)
    return items, total, _ByItem(items, top_starts, top_starts + per, ids[at], scores[at], counts)


@dataclass
class _Matched:
    items: np.ndarray  # item numbers
    scores: np.ndarray | None
    by_item: _ByItem | None
    title: set[int]
    timed_out: bool = False


class ItemSearch:
    """Agenda items as results, over a SearchEngine (shares its searcher and columns)."""

    def __init__(self, engine: SearchEngine):
        self.engine = engine
        self._table: ItemTable | None = None
        self._lock = threading.Lock()  # one thread builds the table; the others wait for it

    def table(self):
        searcher, columns = self.engine.searcher()
        with self._lock:
            if self._table is None or self._table.columns is not columns:
                self._table = ItemTable(searcher, columns)
            return searcher, columns, self._table

    def normalize(self, req: SearchRequest, table: ItemTable, extra: dict[str, list[str]]) -> SearchRequest:
        """Filter values parsed and known; record filters (role) checked against the record columns."""
        record = self.engine.searcher()[1]
        return normalize_filters(req, extra, FILTERS,
                                 lambda f: table.index[f.field] if ITEM_BY_NAME.get(f.name) is f else record.known[f.field],
                                 "案件の検索では使えない絞り込みです")

    def search(self, req: SearchRequest) -> dict:
        """One item search within its budget (search/budget.py): past it, no items, `timed_out` true."""
        with budget(req.budget), shared_reads():
            return self._search(req)

    def _search(self, req: SearchRequest) -> dict:
        t0 = time.perf_counter()
        searcher, columns, table = self.table()
        parsed = parse(req.q)
        req = self.normalize(req, table, parsed.filters)
        lo, hi = check(req)
        compiled = Compiler(self.engine.synonyms, req.synonyms, frozenset(req.without)).compile(parsed)
        matched = self._match(searcher, columns, table, compiled.query, req)
        cand = matched.items
        masks = filter_masks(table, cand, {n: v for n, v in req.filters.items() if n in ITEM_BY_NAME}, ITEM_BY_NAME,
                             lo, hi)
        facets, facets_cut = count_facets(table, cand, masks, ITEM_FACETS, req.facet_size, req.filters)
        scores = matched.scores
        if masks:
            keep = np.logical_and.reduce(list(masks.values()))
            cand = cand[keep]
            scores = scores[keep] if scores is not None else None
        sort = req.sort if scores is not None else ("newest" if req.sort == "relevance" else req.sort)
        key = -scores if sort == "relevance" else table.rank[sort][cand].astype(float)
        order = np.lexsort((table.rank["newest"][cand], key))
        chosen = order[req.first:req.first + req.per_page]
        page = cand[chosen]
        page_scores = dict(zip(page.tolist(), scores[chosen].tolist())) if scores is not None else {}
        by_item = matched.by_item
        shown = {int(k): by_item.shown(int(k)) if by_item else [] for k in page}
        docs = [doc for hits in shown.values() for doc, _ in hits]
        marks = Marks(searcher, compiled.highlight, (), docs) if req.highlight and compiled.highlight else None
        return {
            "total": len(cand),
            "page": req.page,
            "per_page": req.per_page,
            "pages": max(1, -(-len(cand) // req.per_page)),
            "sort": sort,
            "filters": req.filters,
            "items": [self.item(searcher, table, int(k), page_scores.get(int(k)), shown[int(k)],
                                by_item.matches(int(k)) if by_item else 0, int(k) in matched.title, marks)
                      for k in page],
            "facets": facets,
            "facets_truncated": facets_cut,
            "expansions": compiled.expansions,
            "timed_out": matched.timed_out,
            "took_ms": round((time.perf_counter() - t0) * 1000, 1),
        }

    def _match(self, searcher, columns, table: ItemTable, query, req: SearchRequest) -> _Matched:
        if query is None:
            roles = req.values("role")
            if roles:  # items where one of these roles spoke
                ok = columns.mask("role", np.arange(len(table.doc_item)), roles) & (table.doc_item >= 0)
                items = np.unique(table.doc_item[ok])
            else:
                items = np.arange(len(table))
            return _Matched(items, None, None, set())
        try:
            with self.engine.gate.slot(costly(req.q)):
                ids, scores = scored_ids(searcher, query, columns.lengths)
        except OverBudget:
            return _Matched(np.zeros(0, np.int64), np.zeros(0), None, set(), timed_out=True)
        if req.values("role"):
            keep = columns.mask("role", ids, req.values("role"))
            ids, scores = ids[keep], scores[keep]
        items, totals, by_item = rank_items(table.doc_item, ids, scores)
        titled = np.zeros(0, np.int64) if req.values("role") else table.title_matches(query)
        bonus = TITLE_SHARE * by_item.best(default=2.0)
        union = np.union1d(items, titled)
        out = np.zeros(len(union))
        out[np.searchsorted(union, items)] += totals
        out[np.searchsorted(union, titled)] += bonus
        return _Matched(union, out, by_item, set(titled.tolist()))

    def item(self, searcher, table: ItemTable, k: int, score: float | None, shown: list[tuple[int, float]],
             matches: int, title_match: bool, marks: Marks | None) -> dict:
        """One item as a result: the table row, who spoke, and its best utterances (read from stored fields)."""
        row = table.rows[k]
        hits = []
        for doc, s in shown:
            h = build_hit(searcher.stored_fields(int(doc)), s, None, marks, int(doc))
            hits.append({key: h[key] for key in ("id", "order", "role", "speaker", "kind", "lines", "snippet",
                                                  "snippet_offset", "snippet_truncated", "highlights", "score")})
        return {
            **row,
            "date_wareki": to_wareki(row["date"]) if row["date"] else "",
            "anchor": f"item-{row['index']}",
            "roles": list(table.roles[k]),
            "records": int(table.record_count[k]),
            "matches": matches,
            "title_match": title_match,
            "score": round(score, 4) if score is not None else None,
            "hits": hits,
        }

    def get(self, text: str) -> dict | None:
        """One item by its id, or None."""
        searcher, _, table = self.table()
        k = table.by_id.get(text)
        if k is None:
            return None
        return self.item(searcher, table, k, None, [], 0, False, None)


__all__ = ["ItemSearch", "ItemTable", "item_id", "split_item_id", "rank_items"]
