"""The search form's parts the pages compute: the 詳細検索 choices, read from the facets
registry, and which field a mistake belongs to, so the form shows it there.

Every facet declared with `form=True` in search/facets.py becomes a group of
checkboxes (several values of one facet are ORed), listing the values the index
holds as people read them. Facets left out of the form travel as hidden fields.
"""

from __future__ import annotations

from flask import url_for

from kaigiroku.search.api import MeetingRequest, SearchRequest
from kaigiroku.search.facets import FACETS
from kaigiroku.search.wareki import DateError, parse_range

from .links import stored

# Values listed per facet, in the search page's facet lists and in the form (selected ones always
# too); the rest are on the facet's own page (/facets/<name>).
FACET_CAP = 10
FORM_FACETS = tuple(f for f in FACETS if f.form)
HIDDEN_FACETS = tuple(f for f in FACETS if not f.form)


def choices(backend, counts: dict[str, dict], req: SearchRequest, st: dict) -> list[dict]:
    """The form's facet groups: FACET_CAP values each (the most frequent; the newest meetings, as the
    meeting list shows them) and the chosen ones, checked; a group with more links to the facet's own
    page (`st`: the search state it keeps). The page's bytes do not grow with the archive.
    `counts`: every facet's counts over the whole archive (Site.archive_facets, once per index)."""
    groups = []
    for f in FORM_FACETS:
        values = counts.get(f.name) or {}
        chosen = stored(f, req.values(f.name))
        if f.name == "meeting":
            shown = [m["id"] for m in backend.meeting_page(MeetingRequest(per_page=FACET_CAP))["meetings"]]
        else:
            shown = list(values)[:FACET_CAP]
        shown += [v for v in chosen if v not in shown]
        meetings = backend.headers(shown) if f.name == "meeting" else {}
        groups.append({
            "name": f.name, "label": f.label,
            "options": [{"value": v, "label": f.display(v, meetings), "checked": v in chosen} for v in shown],
            "more_url": url_for("pages.facet_values", name=f.name, **st) if len(values) > FACET_CAP else None,
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


__all__ = ["FACET_CAP", "FORM_FACETS", "HIDDEN_FACETS", "choices", "field_errors"]
