"""Agenda items (案件) on the web: the search page's 「案件」 mode, /api/items, and 似た案件.

The search page shows items instead of utterances with `mode=items`; the item
filters are search/item_facets.py's ITEM_FACETS (read here, in the page and in
the API alike). An item's id is `<meeting id>.<index>` (search/items.py), its
place on the meeting page `/meetings/<meeting id>#item-<index>`.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from kaigiroku.search.api import SORTS, SearchRequest
from kaigiroku.search.facets import BY_NAME
from kaigiroku.search.item_facets import ITEM_FACETS, RECORD_FILTERS

from .people import bills_of_item, similar_bills
from . import markup
from .errors import error_response
from .links import facet_chips, facet_value, pagination as _pagination, search_link as _link, stored
from .site import backend
from .params import ParamError, check_known, integer, search_request, state

bp = Blueprint("items", __name__)
ITEM_FILTERS = (*(f.name for f in ITEM_FACETS), *RECORD_FILTERS)
ITEM_PARAMS = ("q", *ITEM_FILTERS, "from", "until", "sort", "page", "per_page", "synonyms", "without", "facet_size")
SIMILAR_MAX = 20
FACET_SHOWN = 8


def item_request(args: MultiDict) -> SearchRequest:
    return search_request(args, ITEM_FILTERS)


def not_found(text: str):
    return error_response(404, f"案件が見つかりません: {text}（案件 ID は「会議ID.番号」の形です。例: meguro-r04-02.3）")


def _similar_limit() -> int:
    limit = integer(request.args, "limit", 5)
    if not 1 <= limit <= SIMILAR_MAX:
        raise ParamError(f"limit は 1 から {SIMILAR_MAX} までです（指定: {limit}）")
    return limit


@bp.get("/api/items")
def api_items():
    check_known(request.args, ITEM_PARAMS)
    return jsonify(backend().search_items(item_request(request.args)))


@bp.get("/api/items/<item_id>")
def api_item(item_id: str):
    check_known(request.args, ())
    found = backend().item(item_id)
    return jsonify(found) if found else not_found(item_id)


@bp.get("/api/items/<item_id>/similar")
def api_similar(item_id: str):
    check_known(request.args, ("limit",))
    limit = _similar_limit()
    out = backend().similar_items(item_id, limit)
    if not out:
        return not_found(item_id)
    return jsonify(dict(out, bills=similar_bills(out["item"]["id"], out["items"])))


@bp.get("/items/<item_id>/similar")
def similar_page(item_id: str):
    check_known(request.args, ("limit",))
    limit = _similar_limit()
    out = backend().similar_items(item_id, limit)
    if out is None:
        return not_found(item_id)
    base = _shown(out["item"], SearchRequest())
    items = [_shown(i, SearchRequest(), n) for n, i in enumerate(out["items"], 1)]
    bills = [dict(b, items=[it for it in items if it["id"] in b["items"]])
             for b in similar_bills(out["item"]["id"], out["items"])]
    return render_template("similar.html", base=base, terms=out["terms"], timed_out=out.get("timed_out"),
                           items=items, bills=bills,
                           api_url=url_for("items.api_similar", item_id=item_id, limit=limit))


def item_url(meeting: str, anchor: str, q: str = "") -> str:
    return url_for("pages.meeting", meeting_id=meeting, **({"q": q} if q else {})) + "#" + anchor


def _shown(item: dict, req: SearchRequest, n: int = 0) -> dict:
    """An item result ready for the page: links, labels, highlighted utterances."""
    out = dict(item, n=n)
    out["url"] = item_url(item["meeting"], item["anchor"], req.q)
    out["similar_url"] = url_for("items.similar_page", item_id=item["id"])
    out["votes_ja"] = markup.votes_ja(item.get("votes"))
    out["bills"] = bills_of_item(item["id"])
    out["roles_ja"] = [markup.role_ja(r) for r in item["roles"]]
    out["hits"] = [dict(h, snippet_html=markup.snippet_html(h), kind_ja=markup.kind_ja(h["kind"]),
                        url=url_for("pages.meeting", meeting_id=item["meeting"], **({"q": req.q} if req.q else {}))
                        + f"#r{h['order']}") for h in item["hits"]]
    return out


def items_page():
    """The search page in 「案件」 mode (called by pages.search for `mode=items`)."""
    req = item_request(request.args)
    st = {"mode": "items", **_state(req)}
    res = backend().search_items(replace(req, without=list(req.without)))
    if res["page"] > res["pages"]:
        res = dict(res, items=[])
    # Only the meetings a label is shown for are read: the meeting facet's values and the chosen ones.
    meetings = backend().headers([*res["facets"].get("meeting", {}), *req.values("meeting")])
    facets, chips = _facets(res, req, st, meetings)
    words = {k: v for k, v in st.items() if k in ("q", "from", "until", "synonyms", "without")}
    return render_template(
        "items.html", req=req, st=st, res=res, mode="items", facets=facets, chips=chips,
        items=[_shown(i, req, n) for n, i in enumerate(res["items"], 1)], pages=_pagination(res, lambda n: _link(st, page=n if n > 1 else None)),
        sorts=[(key, label, _link(st, sort=None if key == SORTS[0] else key)) for key, label in markup.SORT_JA.items()],
        form_facets=[f for f in ITEM_FACETS] + [BY_NAME[n] for n in RECORD_FILTERS],
        records_url=url_for("pages.search", **words), api_url=url_for("items.api_items", **{k: v for k, v in st.items() if k != "mode"}),
    )


def _state(req: SearchRequest) -> dict:
    return state(req, ITEM_FILTERS)


def _facets(res: dict, req: SearchRequest, st: dict, meetings: dict) -> tuple[list[dict], list[dict]]:
    """Item facet lists (as the record page's) and the chips of the active filters."""
    groups, chips = [], []
    for f in ITEM_FACETS:
        active = stored(f, req.values(f.name))
        chips += facet_chips(f, active, st, meetings)
        counts = res["facets"].get(f.name) or {}
        if len(counts) < 2 and not active:
            continue
        values = [facet_value(f, value, count, active, st, meetings) for value, count in counts.items()]
        groups.append({"name": f.name, "title": f.label, "entries": values[:FACET_SHOWN],
                       "more": values[FACET_SHOWN:], "active": active,
                       "total": res.get("facets_truncated", {}).get(f.name)})
    for name in RECORD_FILTERS:
        for value in req.values(name):
            rest = [v for v in req.values(name) if v != value]
            chips.append({"label": BY_NAME[name].label, "value": value, "url": _link(st, **{name: rest or None})})
    return groups, chips
