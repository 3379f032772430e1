"""URLs and page links the pages share: the search with a parameter changed, a meeting page
carrying the search, the numbered links of a paged list, and the values and chips of a facet list
(the record and the item search pages alike)."""

from __future__ import annotations

from flask import url_for

from kaigiroku.search.api import MAX_PAGE
from kaigiroku.search.facets import Facet, FacetValueError


def search_link(st: dict, **changes) -> str:
    """The search URL with some parameters changed (None removes one); paging restarts."""
    params = {k: v for k, v in st.items() if k != "page"}
    for name, value in changes.items():
        key = {"date_from": "from", "date_until": "until"}.get(name, name)
        if value is None or value == []:
            params.pop(key, None)
        else:
            params[key] = value
    return url_for("pages.search", **params)


def meeting_link(meeting_id: str, st: dict, anchor: int | None = None, only: bool = False) -> str:
    """A meeting page carrying the whole search (q, filters, paging): its way back and its count use it."""
    params = dict(st)
    if only:
        params["only"] = "1"
    url = url_for("pages.meeting", meeting_id=meeting_id, **params)
    return f"{url}#r{anchor}" if anchor is not None else url


def pagination(res: dict, link) -> dict:
    """Page links for a paged list (`res` has page, pages, per_page, total); `link(n)` is page n's URL."""
    last = min(res["pages"], MAX_PAGE)
    page = res["page"]
    window = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    numbers, prev = [], 0
    for n in window:
        if n - prev > 1:
            numbers.append(None)  # a gap
        numbers.append((n, link(n), n == page))
        prev = n
    return {
        "numbers": numbers if last > 1 else [],
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < last else None,
        "first": (page - 1) * res["per_page"] + 1,
        "last": min(res.get("listed", res["total"]), page * res["per_page"]),
    }


def stored(f: Facet, values: list[str]) -> list[str]:
    """Filter values as typed (role=委員) -> as stored (member), so they match the facet's values;
    as typed when they do not parse (the search says what is wrong with them)."""
    try:
        return [v for v in dict.fromkeys(f.parse(str(v)) for v in values if v is not None and str(v).strip())]
    except FacetValueError:
        return list(values)


def facet_value(f: Facet, value: str, count: int, active: list[str], st: dict, meetings: dict) -> dict:
    """One value of a facet list, with the search URL that selects it (or, selected, drops it)."""
    on = value in active
    chosen = [v for v in active if v != value] if on else [*active, value]
    return {"value": value, "label": f.display(value, meetings), "count": count, "active": on,
            "url": search_link(st, **{f.name: chosen or None})}


def facet_chips(f: Facet, active: list[str], st: dict, meetings: dict) -> list[dict]:
    """The removable chips of a facet's selected values."""
    return [{"label": f.label, "value": f.display(value, meetings),
             "url": search_link(st, **{f.name: [v for v in active if v != value] or None})} for value in active]
