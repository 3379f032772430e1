"""Query-string parameters -> engine requests, with errors a person can act on.

The URL holds the whole search state: q, one parameter per facet (repeatable:
several values of one facet are ORed), from, until, sort, page, per_page,
synonyms and without (repeatable). The same names serve the HTML page, the JSON
API and the feed; the facet names come from search/facets.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from werkzeug.datastructures import MultiDict

from kaigiroku.search.api import MEETING_SORTS, MEETINGS_PER_PAGE, PER_PAGE, SORTS, MeetingRequest, SearchRequest
from kaigiroku.search.facets import FACET_SIZE, FACETS, MEETING_FACETS

FILTERS = tuple(f.name for f in FACETS)
SEARCH_PARAMS = ("q", *FILTERS, "from", "until", "sort", "page", "per_page", "synonyms", "without", "facet_size")
# The feed is always the newest 20: it takes the filters, not the paging.
FEED_PARAMS = ("q", *FILTERS, "from", "until", "synonyms", "without")
# The meeting lists (/meetings, /api/meetings): the facets meetings carry, a date range, order and paging.
MEETING_PARAMS = (*MEETING_FACETS, "from", "until", "sort", "page", "per_page")
REPEATABLE = frozenset({"without", *FILTERS})
MAX_PARAM_CHARS = 1000


class ParamError(ValueError):
    """A query-string parameter that cannot be used; the message is for a person."""


def check_known(args: MultiDict, allowed: Iterable[str]) -> None:
    """Reject parameters the endpoint does not know, naming them."""
    allowed = set(allowed)
    unknown = sorted(k for k in args.keys() if k not in allowed)
    if unknown:
        names = "、".join(unknown)
        raise ParamError(f"不明なパラメータです: {names}（使えるもの: {', '.join(sorted(allowed))}）")


def single(args: MultiDict, name: str) -> str | None:
    """One value of a parameter, stripped; None when absent or empty."""
    values = args.getlist(name)
    if len(values) > 1 and name not in REPEATABLE:
        raise ParamError(f"{name} は1つだけ指定できます（{len(values)} 個あります）")
    if not values:
        return None
    value = values[0]
    if len(value) > MAX_PARAM_CHARS:
        raise ParamError(f"{name} が長すぎます（{len(value)} 文字）")
    value = _printable(value).strip()
    return value or None


def _printable(value: str) -> str:
    """Control characters (NUL, escapes…) become spaces: they are never meant."""
    return "".join(ch if ch.isprintable() else " " for ch in value)


def integer(args: MultiDict, name: str, default: int) -> int:
    raw = single(args, name)
    if raw is None:
        return default
    try:
        return int(raw, 10)
    except ValueError:
        raise ParamError(f"{name} は整数で指定してください（指定: {raw!r}）") from None


def boolean(args: MultiDict, name: str, default: bool) -> bool:
    raw = single(args, name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ParamError(f"{name} は 0 か 1 で指定してください（指定: {raw!r}）")


def repeated(args: MultiDict, name: str) -> list[str]:
    """Every non-empty value of a repeatable parameter, each once, in order."""
    out = []
    for value in args.getlist(name):
        value = _printable(value).strip()
        if len(value) > MAX_PARAM_CHARS:
            raise ParamError(f"{name} が長すぎます（{len(value)} 文字）")
        if value and value not in out:
            out.append(value)
    return out


def withouts(args: MultiDict) -> list[str]:
    return repeated(args, "without")


def search_request(args: MultiDict, filters_of=None) -> SearchRequest:
    """The search a query string describes (the backend validates values); `filters_of` are the
    filter names the page takes (the record facets unless given, e.g. the item search's)."""
    filters = {name: values for name in (FILTERS if filters_of is None else filters_of)
               if (values := repeated(args, name))}
    return SearchRequest(
        q=single(args, "q") or "",
        filters=filters,
        date_from=single(args, "from"),
        date_until=single(args, "until"),
        sort=single(args, "sort") or SORTS[0],
        page=integer(args, "page", 1),
        per_page=integer(args, "per_page", PER_PAGE),
        synonyms=boolean(args, "synonyms", True),
        without=withouts(args),
        facet_size=integer(args, "facet_size", FACET_SIZE),
    )


def meeting_request(args: MultiDict) -> MeetingRequest:
    """The meeting-list request a query string describes (the engine validates values)."""
    return MeetingRequest(
        filters={name: values for name in MEETING_FACETS if (values := repeated(args, name))},
        date_from=single(args, "from"),
        date_until=single(args, "until"),
        sort=single(args, "sort") or MEETING_SORTS[0],
        page=integer(args, "page", 1),
        per_page=integer(args, "per_page", MEETINGS_PER_PAGE),
    )


def meeting_state(req: MeetingRequest) -> dict[str, object]:
    """The URL parameters of a meeting-list request, defaults left out (for links)."""
    out: dict[str, object] = {name: list(values) for name, values in req.filters.items() if values}
    for key, value, default in (("from", req.date_from, None), ("until", req.date_until, None),
                                ("sort", req.sort, MEETING_SORTS[0]), ("page", req.page, 1),
                                ("per_page", req.per_page, MEETINGS_PER_PAGE)):
        if value != default:
            out[key] = value
    return out


def state(req: SearchRequest, filters=None) -> dict[str, object]:
    """The URL parameters of a request, defaults left out (for building links); `filters` are the
    filter names the page knows (the record facets unless given, e.g. the item facets)."""
    out: dict[str, object] = {}
    if req.q:
        out["q"] = req.q
    for name in (FILTERS if filters is None else filters):
        values = req.values(name)
        if values:
            out[name] = values
    if req.date_from:
        out["from"] = req.date_from
    if req.date_until:
        out["until"] = req.date_until
    if req.sort != SORTS[0]:
        out["sort"] = req.sort
    if req.page != 1:
        out["page"] = req.page
    if req.per_page != PER_PAGE:
        out["per_page"] = req.per_page
    if not req.synonyms:
        out["synonyms"] = "0"
    if req.without:
        out["without"] = list(req.without)
    if req.facet_size != FACET_SIZE:
        out["facet_size"] = req.facet_size
    return out


def is_empty(req: SearchRequest) -> bool:
    """No words and no filters: the landing page, not a search."""
    return not (req.q or req.date_from or req.date_until or any(req.filters.values()))
