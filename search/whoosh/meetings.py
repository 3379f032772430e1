"""Meeting headers a page at a time, read from the stored meeting documents.

Each meeting has one document holding its header and agenda as JSON (see
schema.meeting_doc) and the columns meeting_doc gives it (municipality, year,
fiscal year, date). A page of meetings is chosen on the engine's column arrays
(filters as code masks, order by the precomputed date ranks) and only the
page's documents are read: the cost follows the page, never the records, and
barely the number of meetings.
"""

from __future__ import annotations

import json
import numpy as np

from ..api import MEETING_SORTS, MeetingRequest, RequestError, SearchRequest, check
from ..facets import BY_NAME, MEETING_FACETS
from .engine import SearchEngine


def header(stored: dict) -> dict:
    """A meeting document's header: Meeting.to_dict() without records, plus record_count and dates_wareki."""
    m = json.loads(stored["meeting_json"])
    m.pop("records", None)
    m.pop("source_path", None)  # a path of the indexing machine: `add` reads it, pages never show it
    return m


def headers(engine: SearchEngine, meeting_ids) -> dict[str, dict]:
    """The headers of the given meetings (those in the index), by id: one stored document each."""
    searcher, columns = engine.searcher()
    index = columns.index["meeting"]
    out = {}
    for mid in dict.fromkeys(meeting_ids):
        code = index.get(mid)
        doc = int(columns.meeting_doc[code]) if code is not None else -1
        if doc >= 0:
            out[mid] = header(searcher.stored_fields(doc))
    return out


def totals(engine: SearchEngine) -> tuple[int, int]:
    """(meetings, records) in the index, from the columns."""
    _, columns = engine.searcher()
    return len(columns.meeting_docs), len(columns.records)


def meeting_page(engine: SearchEngine, req: MeetingRequest) -> dict:
    """The page of meetings `req` asks for, newest (or oldest) first, then by meeting id.

    Returns total, page, per_page, pages, sort, filters and meetings (headers).
    A page past the last one is a RequestError, like any other bad page number.
    """
    if req.sort not in MEETING_SORTS:
        raise RequestError(f"sort は {' か '.join(MEETING_SORTS)} です（指定: {req.sort!r}）")
    for name in req.filters:
        if name in BY_NAME and name not in MEETING_FACETS:
            raise RequestError(f"会議の一覧は {BY_NAME[name].label}（{name}）では絞り込めません"
                               f"（使えるもの: {', '.join(MEETING_FACETS)}）")
    searcher, columns = engine.searcher()
    sreq = engine.normalize(SearchRequest(filters=req.filters, date_from=req.date_from, date_until=req.date_until,
                                          page=req.page, per_page=req.per_page, sort="newest"), columns)
    lo, hi = check(sreq)
    ids = columns.meeting_docs
    keep = np.ones(len(ids), dtype=bool)
    for name, values in sreq.filters.items():
        keep &= columns.mask(BY_NAME[name].field, ids, values)
    if lo or hi:
        keep &= columns.date_mask(ids, lo, hi)
    ids = ids[keep]
    total = len(ids)
    pages = max(1, -(-total // req.per_page))
    if req.page > pages:
        raise RequestError(f"page は 1 から {pages} までです（指定: {req.page}）")
    first = (req.page - 1) * req.per_page
    chosen = ids[np.argsort(columns.rank[req.sort][ids], kind="stable")][first:first + req.per_page]
    return {
        "total": total,
        "page": req.page,
        "per_page": req.per_page,
        "pages": pages,
        "sort": req.sort,
        "filters": sreq.filters,
        "meetings": [header(searcher.stored_fields(int(d))) for d in chosen],
    }


__all__ = ["header", "headers", "meeting_page", "totals"]
