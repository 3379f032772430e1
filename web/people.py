"""People and bills: /people, /people/<id>, /bills, /bills/<id>, and their JSON under /api.

A person page shows the names and titles held over time, the meetings spoken in and the items
spoken on, the questions asked with the answers received (for officials, the questions answered),
the words that distinguish the person's speech from the rest of their bodies', and a search of
their records alone (the `person` filter), paged. A bill page shows each step of one bill.
"""

from __future__ import annotations

import re
import unicodedata

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from kaigiroku.search.api import MAX_PAGE, QueryError, RequestError, SearchRequest
from kaigiroku.search.people import matches
from kaigiroku.search.roles import ROLE_LABELS, role_label

from . import markup
from .links import meeting_link, pagination
from .params import ParamError, check_known, integer, single
from .site import site

bp = Blueprint("people", __name__)
api_bp = Blueprint("people_api", __name__, url_prefix="/api")
PEOPLE_PER_PAGE = 50
BILLS_PER_PAGE = 50
RECORDS_PER_PAGE = 20
EXCHANGES = 5  # questions (or answers) shown on a person page
WORDS = 15
MEETINGS_SHOWN = 30  # meetings listed on a person page, newest first (the rest counted, found by search)
ITEMS_SHOWN = 5  # agenda items listed under each (the rest counted, on the meeting's page): the page stays under 150 KB
ID = re.compile(r"[^/\\\x00-\x1f]{1,300}")
OFFICIAL = ("executive", "secretariat")


def _page(args) -> int:
    page = integer(args, "page", 1)
    if not 1 <= page <= MAX_PAGE:
        raise ParamError(f"page は 1 から {MAX_PAGE} までです（指定: {page}）")
    return page


def _key(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _counts(rows: list[dict], key) -> list[tuple[str, int]]:
    out: dict[str, int] = {}
    for r in rows:
        for v in key(r):
            out[v] = out.get(v, 0) + 1
    return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))


def people_listing(args) -> dict:
    """The people the arguments choose (q: a name, municipality, body, role), with counts per value."""
    people = site().backend.people()
    q, place, body, role = (single(args, k) or "" for k in ("q", "municipality", "body", "role"))
    if role and role not in ROLE_LABELS:
        raise ParamError(f"role は {', '.join(ROLE_LABELS)} のいずれかです（指定: {role!r}）")
    named = [p for p in people if matches(p, q)]

    def keep(p, skip=""):
        return ((skip == "municipality" or not place or _key(p["place"]) == _key(place))
                and (skip == "body" or not body or body in p["bodies"])
                and (skip == "role" or not role or role in p["roles"]))

    chosen = [p for p in named if keep(p)]
    counts = {
        "municipality": _counts([p for p in named if keep(p, "municipality")], lambda p: [p["place"] or "不明"]),
        "body": _counts([p for p in named if keep(p, "body")], lambda p: p["bodies"]),
        "role": _counts([p for p in named if keep(p, "role")], lambda p: p["roles"]),
    }
    return {"q": q, "municipality": place, "body": body, "role": role, "total": len(chosen),
            "people": chosen, "counts": counts}


@bp.get("/people")
def people():
    check_known(request.args, ("q", "municipality", "body", "role", "page"))
    res = people_listing(request.args)
    page = _page(request.args)
    st = {k: res[k] for k in ("q", "municipality", "body", "role") if res[k]}
    listing = {"page": page, "per_page": PEOPLE_PER_PAGE, "total": res["total"],
               "pages": max(1, -(-res["total"] // PEOPLE_PER_PAGE))}
    shown = res["people"][(page - 1) * PEOPLE_PER_PAGE:page * PEOPLE_PER_PAGE]

    def toggle(name, value):
        return url_for("people.people", **{**st, name: None if st.get(name) == value else value})

    groups = [{"name": name, "title": title,
               "entries": [{"label": role_label(v) if name == "role" else v, "count": n, "active": st.get(name) == v,
                            "url": toggle(name, v)} for v, n in res["counts"][name][:30]]}
              for name, title in (("municipality", "自治体"), ("body", "会議体"), ("role", "区分"))]
    return render_template("people.html", res=res, shown=shown, groups=groups, st=st,
                           pages=pagination(listing, lambda n: url_for("people.people", **st, **({"page": n} if n > 1 else {}))),
                           api_url=url_for("people_api.people", **st))


def bills_of_item(item_id: str) -> list[dict]:
    """The bills an agenda item carries (their summaries: id, number, title, session, latest step, steps …),
    from a map made once per index generation."""
    def make() -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for b in site().backend.bills():
            for i in b["items"]:
                out.setdefault(i, []).append(b)
        return out

    return site()._once("bills_by_item", make).get(item_id, [])


def similar_bills(item_id: str, items: list[dict]) -> list[dict]:
    """The bills the similar `items` carry, in the order of their first item, each with those items' ids;
    the bills of the item itself left out (its other steps are its own history, not a similar matter)."""
    own = {b["id"] for b in bills_of_item(item_id)}
    out: dict[str, dict] = {}
    for it in items:
        for b in bills_of_item(it["id"]):
            if b["id"] in own:
                continue
            if b["id"] not in out:
                out[b["id"]] = {k: b.get(k) for k in ("id", "number", "title", "place", "session", "kind", "outcome",
                                                      "latest", "steps", "last")} | {
                    "url": url_for("people.bill", bill_id=b["id"]), "items": []}
            out[b["id"]]["items"].append(it["id"])
    return list(out.values())


def _person_or_404(person_id: str) -> dict:
    if not ID.fullmatch(person_id):
        abort(404)
    p = site().backend.person(person_id)
    if p is None:
        abort(404)
    return p


def _exchange(h: dict) -> dict:
    return {"meeting": h["meeting"], "meeting_title": h["meeting_title"], "date": h["date"],
            "date_wareki": h["date_wareki"], "item": h["item"], "speaker": h["speaker"], "text": h["snippet"],
            "url": meeting_link(h["meeting"], {}, h["order"]),
            "other_speaker": h.get("counterpart_speaker"), "other_person": h.get("counterpart_person") or "",
            "other_text": h.get("counterpart_snippet") or "",
            "other_url": meeting_link(h["meeting"], {}, h["pair"]) if h.get("pair") is not None else None}


def _exchanges(pid: str, kind: str) -> tuple[int, list[dict]]:
    res = site().backend.search(SearchRequest(filters={"person": [pid], "kind": [kind]}, sort="newest",
                                              per_page=EXCHANGES, highlight=False, facets=False))
    return res["total"], [_exchange(h) for h in res["hits"]]


@bp.get("/people/<person_id>")
def person(person_id: str):
    check_known(request.args, ("q", "page"))
    p = _person_or_404(person_id)
    backend = site().backend
    q = single(request.args, "q") or ""
    page = _page(request.args)
    req = SearchRequest(q=q, filters={"person": [p["id"]]}, sort="relevance" if q else "newest", page=page,
                        per_page=RECORDS_PER_PAGE, facets=False)
    error = None
    try:
        res = backend.search(req)
    except (QueryError, RequestError) as e:
        error, res = str(e), {"total": 0, "hits": [], "page": 1, "pages": 1, "per_page": RECORDS_PER_PAGE}
    hits = []
    for n, h in enumerate(res["hits"], 1):
        hits.append(dict(h, n=n, kind_ja=markup.kind_ja(h["kind"]), snippet_html=markup.snippet_html(h),
                         url=meeting_link(h["meeting"], {}, h["order"])))
    official = any(r in OFFICIAL for r in p["roles"]) and not any(r in ("chair", "member") for r in p["roles"])
    asked_total, asked = _exchanges(p["id"], "question")
    answered_total, answered = _exchanges(p["id"], "answer")
    st = {"q": q} if q else {}
    return render_template(
        "person.html", p=p, q=q, res=res, hits=hits, error=error, official=official,
        asked=asked, asked_total=asked_total, answered=answered, answered_total=answered_total,
        words=backend.person_words(p["id"], WORDS), meetings=p["meetings"][:MEETINGS_SHOWN], items_shown=ITEMS_SHOWN,
        more_meetings=max(0, len(p["meetings"]) - MEETINGS_SHOWN),
        roles=[role_label(r) for r in p["roles"]],
        pages=pagination(res, lambda n: url_for("people.person", person_id=p["id"], **st, **({"page": n} if n > 1 else {}))),
        search_url=url_for("pages.search", person=p["id"], q=q or None),
        api_url=url_for("people_api.person", person_id=p["id"]),
    ), (400 if error else 200)


def bills_listing(args) -> dict:
    from kaigiroku.search.bills import numbers_of

    bills = site().backend.bills()
    q, place, kind = (single(args, k) or "" for k in ("q", "municipality", "kind"))
    words = [_key(w) for w in q.split() if _key(w)]

    def hit(b):
        text = _key(f"{b['id']} {b['title']} {b['session']}")
        return all(b["number"] in numbers_of(w) if numbers_of(w) else w in text for w in words)

    chosen = [b for b in bills if hit(b) and (not place or _key(b["place"]) == _key(place))
              and (not kind or b["kind"] == kind)]
    return {"q": q, "municipality": place, "kind": kind, "total": len(chosen), "bills": chosen}


@bp.get("/bills")
def bills():
    check_known(request.args, ("q", "municipality", "kind", "page"))
    res = bills_listing(request.args)
    page = _page(request.args)
    st = {k: res[k] for k in ("q", "municipality", "kind") if res[k]}
    listing = {"page": page, "per_page": BILLS_PER_PAGE, "total": res["total"],
               "pages": max(1, -(-res["total"] // BILLS_PER_PAGE))}
    return render_template("bills.html", res=res, shown=res["bills"][(page - 1) * BILLS_PER_PAGE:page * BILLS_PER_PAGE],
                           pages=pagination(listing, lambda n: url_for("people.bills", **st, **({"page": n} if n > 1 else {}))),
                           api_url=url_for("people_api.bills", **st))


def _bill_or_404(bill_id: str) -> dict:
    b = site().backend.bill(bill_id) if ID.fullmatch(bill_id) else None
    if b is None:
        abort(404)
    return b


@bp.get("/bills/<bill_id>")
def bill(bill_id: str):
    check_known(request.args, ())
    b = _bill_or_404(bill_id)
    steps = [dict(s, url=url_for("pages.meeting", meeting_id=s["meeting"]) + f"#item-{s['index']}",
                  wareki=markup.wareki(s["date"]) if s["date"] else "") for s in b["steps"]]
    return render_template("bill.html", b=b, steps=steps, api_url=url_for("people_api.bill", bill_id=b["id"]))


# -- JSON -----------------------------------------------------------------------------------------
@api_bp.get("/people", endpoint="people")
def people_json():
    check_known(request.args, ("q", "municipality", "body", "role"))
    res = people_listing(request.args)
    return jsonify(res)


@api_bp.get("/people/<person_id>", endpoint="person")
def person_json(person_id: str):
    check_known(request.args, ())
    p = _person_or_404(person_id)
    return jsonify(dict(p, words=site().backend.person_words(p["id"], WORDS)))


@api_bp.get("/bills", endpoint="bills")
def bills_json():
    check_known(request.args, ("q", "municipality", "kind"))
    return jsonify(bills_listing(request.args))


@api_bp.get("/bills/<bill_id>", endpoint="bill")
def bill_json(bill_id: str):
    check_known(request.args, ())
    return jsonify(_bill_or_404(bill_id))

