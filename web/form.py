"""The search form's parts the pages compute: the 詳細検索 choices, read from the facets
registry, and which field a mistake belongs to, so the form shows it there.

Every facet declared with `form=True` in search/facets.py becomes a group of
checkboxes (several values of one facet are ORed), listing the values the index
holds as people read them. Facets left out of the form travel as hidden fields.
"""

from __future__ import annotations

from kaigiroku.search.engine import SearchRequest
from kaigiroku.search.facets import FACETS, FacetValueError, parse_values
from kaigiroku.search.wareki import DateError, parse_range

FORM_FACETS = tuple(f for f in FACETS if f.form)
HIDDEN_FACETS = tuple(f for f in FACETS if not f.form)


def _stored(name: str, values: list[str]) -> list[str]:
    try:
        return parse_values(name, values)
    except FacetValueError:
        return list(values)


def choices(engine, req: SearchRequest, meetings: dict) -> list[dict]:
    """The form's facet groups: every value in the index, in the facet's order, the chosen ones checked."""
    counts = engine.search(SearchRequest(per_page=1, highlight=False))["facets"]
    groups = []
    for f in FORM_FACETS:
        values = counts.get(f.name) or {}
        if f.name == "meeting":  # meetings newest first, as the meeting list shows them
            values = {m: 0 for m in meetings if m in values}
        chosen = _stored(f.name, req.values(f.name))
        groups.append({
            "name": f.name, "label": f.label,
            "options": [{"value": v, "label": f.display(v, meetings), "checked": v in chosen} for v in values],
        })
    return [g for g in groups if g["options"]]


def field_errors(req: SearchRequest, message: str, query_error: bool) -> dict[str, str]:
    """Which form field a refused search's message belongs to: q, from or until ('' when none)."""
    if query_error:
        return {"q": message}
    for name, value in (("from", req.date_from), ("until", req.date_until)):
        if value:
            try:
                parse_range(value)
            except DateError:
                return {name: message}
    if req.date_from and req.date_until and "期間" in message:
        return {"until": message}
    return {"": message}


__all__ = ["FORM_FACETS", "HIDDEN_FACETS", "choices", "field_errors"]
