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
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import colcache, hotpostings
from ..budget import Gate, OverBudget, budget, costly
from .docsets import field_lengths
from .exchanges import Links, collapse, partners
from ..api import LabelTest, RequestError, SearchRequest, check, normalize_filters
from ..facets import BY_NAME, FACETS
from .columns import ColumnTable, count_facets, filter_masks
from .hits import Marks, build_hit, match_info
from .matching import Matcher, Matches
from .offsets import occurrences
from ..passages import best_passage, word_starts
from ..model import Meeting, Record, filed_date
from ..query import QueryError, parse
from .compile import Compiler
from .schema import COLUMNS, LABEL_COLUMNS
from .store import current_path, open_index
from .substrings import TermList
from ..synonyms import Synonyms

# Fewer records than this with every word: the list goes on with records that have most of them.
FEW = 10
# Weight of the words' rarity (matching.Matches.info, a log) beside BM25F in the ranking.
INFO_WEIGHT = 2.0
# The first RERANK candidates by that score are ranked again by their best passage (a window of
# the text, search/passages.py): a record keeps PASSAGE_FLOOR of its score plus the rest times the
# share of its words' weight that meets in one window (all of it when every word it has stands
# together; the heaviest word's share when each is in a different paragraph). Words it has only
# through its Q&A counterpart are not asked of its text.
RERANK = 20  # two pages of ten: where a person reads; each costs a term vector read (~0.2 ms, more for long speeches)
PASSAGE_FLOOR = 0.5
RERANKED = 5e8  # below one more word matched (1e9), above any rank of exact words (1e5 each)
# Among records with every word, those by the speaker a word names (市長, 答弁) come first, above
# records that only say the word: `who` (1e7 for each such word) ranks between words matched and
# exact words. Records with only some words rank by them alone: the subject outweighs the speaker.
WHO_RANK = 1e7


class _Columns(ColumnTable):
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
        self.set_columns({name: list(reader.column_reader(name)) if reader.has_column(name) else [""] * n
                          for name in (*COLUMNS, "date", *LABEL_COLUMNS)}, n)
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

def _first(key: np.ndarray, tie: np.ndarray, k: int) -> np.ndarray:
    """Positions of the first `k` candidates in the order pages show them (by key, then tie),
    without sorting all of them."""
    k = min(k, len(key))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < len(key):
        cut = np.partition(key, k - 1)[k - 1]
        top = np.flatnonzero(key <= cut)  # everything that can be among the first k, ties included
    else:
        top = np.arange(len(key))
    return top[np.lexsort((tie[top], key[top]))][:k]


def _tiers(m: Matches) -> np.ndarray:
    """What decides before any score: words matched in any way (1e9 each), then, for records with
    every word, words naming a speaker matched by who speaks (WHO_RANK each), then words matched as
    typed (1e5 each)."""
    return m.n_any * 1e9 + WHO_RANK * m.n_who * (m.n_any == m.n_words) + m.n_exact * 1e5


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
    @staticmethod
    def normalize(req: SearchRequest, columns: _Columns, extra: dict[str, list[str]] | None = None) -> SearchRequest:
        """A copy of `req` with every filter value parsed (令和3年度 -> 2021) and known to the index.

        `extra` are filters typed in the query box (role:委員); they add values to a facet.
        """
        return normalize_filters(req, extra, BY_NAME, lambda f: columns.known.get(f.field, ()))

    def search(self, req: SearchRequest) -> dict:
        """One search within its budget: past it, what was matched so far, `timed_out` true."""
        with budget(req.budget):
            return self._search(req)

    def _search(self, req: SearchRequest) -> dict:
        t0 = time.perf_counter()
        searcher, columns = self.searcher()
        parsed = parse(req.q)
        req = self.normalize(req, columns, parsed.filters)
        lo, hi = check(req)
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
        masks = filter_masks(columns, ids, req.filters, BY_NAME, lo, hi)
        for i, test in enumerate(req.label_tests):
            masks[f"label:{i}"] = columns.label_mask(ids, test)
        facets, facets_cut = self._facets(ids, masks, columns, req.facet_size, req.filters) if req.facets else ({}, {})
        if masks:
            keep = np.logical_and.reduce(list(masks.values()))
            ids, key, tie = ids[keep], key[keep], tie[keep]
            m = m.subset(keep) if m is not None else None
        if sort == "relevance" and m is not None and len(m.passage_words) >= 2:
            key = self._rerank(searcher, ids, key, tie, m)
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
            # Words read as a speaker or a kind of speech (市長, 答弁): `without` takes one as a word again.
            "who": [{"word": w.word, "label": w.label} for w in plan.who],
            "took_ms": round((time.perf_counter() - t0) * 1000, 1),
        }
        if req.meeting_window is not None:
            out["meetings"] = columns.by_meeting(ids, *req.meeting_window)
        return out

    @staticmethod
    def _keys(ids: np.ndarray, m: Matches | None, columns: _Columns, sort: str) -> tuple[np.ndarray, np.ndarray]:
        """Sort keys (smaller first) and ties (newest first, then meeting order) for the candidates.

        Relevance ranks by words matched in any way, then (with every word) by the speaker a word
        names, then words matched as typed (`_tiers`), then BM25F
        plus INFO_WEIGHT times the rarity of the words matched as typed (of two words that never
        meet, the rare one's records first: BM25F alone favours a short record with the common word); a date order keeps records with every word before the rest.
        """
        tie = columns.rank["newest"][ids]
        if sort == "relevance":
            key = -(_tiers(m) + m.score + INFO_WEIGHT * m.info)
        else:
            key = columns.rank[sort][ids].astype(np.float64)
            if m is not None:
                key = key + (m.n_any < m.n_words) * 1e12
        return key, tie

    @staticmethod
    def _rerank(searcher, ids: np.ndarray, key: np.ndarray, tie: np.ndarray, m: Matches) -> np.ndarray:
        """`key` with the first RERANK candidates scored by their best passage as well as whole.

        A record's score (BM25F and rarity) is scaled by the share of the words it has that meet
        in one passage, weighted by their rarity, from PASSAGE_FLOOR up to 1. Only the order within
        a rank of words matched changes, and the reranked stay before the rest of their rank: a
        passage never lifts a record over one that has more of the words."""
        top = _first(key, tie, RERANK)  # as the page orders them
        if not len(top):
            return key
        forms = [f for f, _ in m.passage_words]
        weights = [w for _, w in m.passage_words]
        occ = occurrences(searcher, [int(ids[i]) for i in top], sorted({t for f in forms for seq in f for t in seq}))
        key, tiers = key.copy(), _tiers(m)
        for i in top:
            found = occ.get(int(ids[i])) or {}
            starts = [word_starts(found, f) for f in forms]
            present = [w if s else 0.0 for s, w in zip(starts, weights)]
            share = best_passage(starts, present)[0] if any(present) else 1.0  # words only through the counterpart
            score = (m.score[i] + INFO_WEIGHT * m.info[i]) * (PASSAGE_FLOOR + (1 - PASSAGE_FLOOR) * share)
            key[i] = -(tiers[i] + RERANKED + score)
        return key

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
        """Records per facet value, each facet without its own filter (columns.count_facets)."""
        return count_facets(columns, ids, masks, FACETS, size, selected)

    def _page(self, searcher, listed: np.ndarray, ids: np.ndarray, key: np.ndarray, tie: np.ndarray,
              m: Matches | None, columns: _Columns, req: SearchRequest, sort: str) -> list[dict]:
        """The requested page of the listed candidates, without sorting all of them."""
        start = req.first
        top = _first(key[listed], tie[listed], start + req.per_page)[start:]
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
        out.sort(key=lambda m: (filed_date(m["dates"]), m["id"]), reverse=True)
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
        for name in (f.name for f in FACETS if f.stats):
            by[name] = dict(sorted(columns.counts(BY_NAME[name].field, records).items(), key=lambda kv: (-kv[1], kv[0])))
        return {"meetings": searcher.doc_count() - len(records), "records": len(records), "by": by}


__all__ = ["SearchEngine", "SearchRequest", "LabelTest", "RequestError", "QueryError", "FEW"]
