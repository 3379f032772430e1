"""The search seam: what every caller of a search backend uses, and nothing of any engine.

The web app, the command line, the indexer and the Diet-style API talk to a
`Backend` (searches, items, meetings, stats) and hand meetings to an
`IndexWriter`, with the request types, limits and errors declared here, the facet
registry (search/facets.py), the query parser (search/query.py) and the model
(search/model.py). The Whoosh backend is search/whoosh/; `search/backends.py`
opens one. A second engine (OpenSearch, see docs/scale-out.md) implements these
two protocols and returns the same dicts. This module imports neither Whoosh
nor numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from .budget import DEFAULT_SECONDS
from .facets import MAX_FACET_SIZE, Facet, FacetValueError, parse_values
from .model import Meeting
from .query import QueryError
from .wareki import DateError, parse_range

# How results can be ordered: records and items, and the meeting list (no relevance there).
SORTS = ("relevance", "newest", "oldest")
MEETING_SORTS = ("newest", "oldest")
MAX_PAGE = 1000
MAX_PER_PAGE = 100
PER_PAGE = 10  # hits or items a page unless asked otherwise
MEETINGS_PER_PAGE = 20  # meetings a page of the meeting list


class RequestError(ValueError):
    """A search request with a bad parameter; the message says which and why."""


class IndexError_(Exception):
    """The index cannot be used; the message says what to do."""


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
    """One search, of records or of agenda items. `filters` maps a facet name (search/facets.py;
    for items, search/item_facets.py) to the values allowed for it: several values of one facet
    are ORed, facets are ANDed."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: str | None = None
    date_until: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
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


@dataclass
class MeetingRequest:
    """One page of the meeting list; `filters` as in SearchRequest (only the facets whose
    Facet.meeting is set: the values meeting documents carry)."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: str | None = None
    date_until: str | None = None
    sort: str = "newest"
    page: int = 1
    per_page: int = MEETINGS_PER_PAGE


def item_id(meeting: str, index: int) -> str:
    """The stable, URL-safe id of an agenda item: `<meeting id>.<index>` (index 0-based, as in `#item-N`)."""
    return f"{meeting}.{index}"


def split_item_id(text: str) -> tuple[str, int] | None:
    """`<meeting id>.<index>` -> (meeting id, index); None when it is not of that form."""
    meeting, dot, number = (text or "").rpartition(".")
    if not dot or not meeting or not number.isdigit() or len(number) > 6 or (number != "0" and number[0] == "0"):
        return None
    return meeting, int(number)


def normalize_filters(req: SearchRequest, extra: Mapping[str, list[str]] | None, facets: Mapping[str, Facet],
                      known: Callable[[Facet], Collection[str]], unknown: str = "不明な絞り込みです") -> SearchRequest:
    """A copy of `req` with every filter value parsed (令和3年度 -> 2021) and among the values the
    backend holds (`known(facet)`); `extra` are filters typed in the query box (role:委員), which add
    values to a facet. `facets`: the facets the search takes, by name."""
    filters: dict[str, list[str]] = {}
    for name, values in [*req.filters.items(), *(extra or {}).items()]:
        f = facets.get(name)
        if f is None:
            raise RequestError(f"{unknown}: {name}（使えるもの: {', '.join(facets)}）")
        try:
            parsed = parse_values(name, values, facets)
        except FacetValueError as e:
            raise RequestError(str(e)) from None
        have = known(f)
        for v in parsed:
            if v not in have:
                raise RequestError(f"{f.label}に「{f.display(v)}」はありません")
            if v not in filters.setdefault(name, []):
                filters[name].append(v)
    return replace(req, filters={k: v for k, v in filters.items() if v}, without=list(req.without))


def check(req: SearchRequest | MeetingRequest) -> tuple[str | None, str | None]:
    """Check a request's parameters that need no index (filter values are the backend's to
    check against what it holds); returns the date range as ISO days (None: open)."""
    sorts = MEETING_SORTS if isinstance(req, MeetingRequest) else SORTS
    if req.sort not in sorts:
        raise RequestError(f"sort は {', '.join(sorts)} のいずれかです（指定: {req.sort!r}）")
    if not (1 <= req.page <= MAX_PAGE):
        raise RequestError(f"page は 1 から {MAX_PAGE} までです（指定: {req.page}）")
    if not (1 <= req.per_page <= MAX_PER_PAGE):
        raise RequestError(f"件数は 1 から {MAX_PER_PAGE} までです（指定: {req.per_page}）")
    if isinstance(req, SearchRequest):
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


class Backend(Protocol):
    """A search engine behind the seam. Every answer is plain data (dicts, lists, the model's
    Meeting), ready for JSON; the dicts' keys are documented in README.md and web/API.md.
    Bad parameters raise RequestError or QueryError, an unusable index IndexError_."""

    def search(self, req: SearchRequest) -> dict:
        """Records matching `req`: total, page, hits, facets (counted over the whole match set,
        each without its own filter), expansions, words …"""

    def search_items(self, req: SearchRequest) -> dict:
        """Agenda items as results (one per item, ranked from its utterances; item facets)."""

    def item(self, item_id: str) -> dict | None:
        """One agenda item by its id (`<meeting id>.<index>`), or None."""

    def similar_items(self, item_id: str, limit: int) -> dict | None:
        """似た案件: the item, its key terms and the items most like it; None for an unknown item."""

    def by_meeting(self, req: SearchRequest, first: int, count: int) -> tuple[int, list[tuple[str, list[dict]]]]:
        """How many meetings have records matching `req`, and meetings [first, first + count) of
        them, newest first, each with its matching records (order, speaker, role) in speaking order."""

    def people(self) -> list[dict]:
        """Every person (search/people.py summary: id, name, place, labels, titles, bodies, roles,
        records, meeting_count, meetings, last), most records first; made once per generation."""

    def person(self, person_id: str) -> dict | None:
        """One person: names, titles over time (first, last), bodies, roles, and the meetings spoken
        in, newest first, each with the agenda items spoken on; None for an unknown id."""

    def person_words(self, person_id: str, limit: int = 20) -> list[dict]:
        """The words that distinguish a person's speech from their bodies' (tf-idf, not raw counts):
        term, weight, count, body_records."""

    def bills(self) -> list[dict]:
        """Every bill (search/bills.py: place + session + number), newest first: id, title, kind,
        number, outcome, latest step, steps, items, meetings."""

    def bill(self, bill_id: str) -> dict | None:
        """One bill with its steps in date order (meeting, date, body, item, outcome, votes, step,
        speakers); None for an unknown id."""

    def meeting(self, meeting_id: str) -> Meeting | None:
        """A whole meeting with its records, or None."""

    def meetings(self) -> list[dict]:
        """Every meeting's summary (id, municipality, body, title, session, dates, format,
        record_count, items, source_url), newest first."""

    def meeting_page(self, req: MeetingRequest) -> dict:
        """One page of meeting headers: total, page, per_page, pages, sort, filters, meetings."""

    def headers(self, meeting_ids: Iterable[str]) -> dict[str, dict]:
        """The headers (Meeting.to_dict() without records) of those of the meetings it holds."""

    def totals(self) -> tuple[int, int]:
        """(meetings, records) held."""

    def stats(self) -> dict:
        """meetings, records, and records by meeting, role, kind, 年度 and year (Facet.stats)."""

    def known(self, facet: str) -> set[str]:
        """The values of a facet that the index holds (for forms, benchmarks and checks)."""

    def generation(self) -> object:
        """Changes whenever what the backend answers may have changed (a build, an add): what
        callers key their caches on. Opaque: compare it with `is`."""

    def warm(self) -> None:
        """Build what the first requests would otherwise wait for."""

    def close(self) -> None:
        ...


class IndexWriter(Protocol):
    """Where the indexer hands meetings: a build into a new index, or a change of the current one.
    Nothing is visible to searches before `commit`; `cancel` leaves the index as it was."""

    def digest(self, meeting_id: str) -> str | None:
        """The source digest stored with a meeting, None when the index does not hold it."""

    def add(self, meeting: Meeting, digest: str) -> int:
        """Queue a meeting and its records (replacing a meeting of that id in an update); the
        number of records handed over. Text is analysed where it is indexed."""

    def delete(self, meeting_id: str) -> int:
        """Queue the removal of a meeting and its records; documents removed."""

    def indexed(self) -> int:
        """Documents analysed and indexed so far (for progress)."""

    def commit(self) -> None:
        ...

    def cancel(self) -> None:
        ...


__all__ = ["Backend", "IndexError_", "IndexWriter", "LabelTest", "MAX_PAGE", "MAX_PER_PAGE", "MEETINGS_PER_PAGE",
           "MEETING_SORTS", "MeetingRequest", "PER_PAGE", "QueryError", "RequestError", "SORTS", "SearchRequest",
           "check", "item_id", "normalize_filters", "split_item_id"]
