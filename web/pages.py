"""HTML pages: search (/), the list of meetings and one meeting's transcript."""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Blueprint, abort, redirect, render_template, request, url_for

from kaigiroku.search.api import (MAX_PAGE, MAX_PER_PAGE, MEETING_SORTS, SORTS, MeetingRequest, QueryError, RequestError, SearchRequest,
                                  check)
from kaigiroku.search.facets import BY_NAME, FACETS
from kaigiroku.search.query import who_of
from kaigiroku.search.relax import any_of, relax
from kaigiroku.search.results import asks as _asks, counterpart_label, word_notes

from . import form, markup
from .form import FACET_CAP
from .items import items_page
from .links import (facet_chips, facet_value, meeting_link as _meeting_link, pagination as _pagination,
                    search_link as _link, stored)
from .site import site
from .params import ParamError, boolean, is_empty, meeting_request, meeting_state, search_request, single, state

bp = Blueprint("pages", __name__)
FACET_PAGE = 100  # values per page of a facet's own page
RECENT_MEETINGS = 6  # meetings on the landing page
EXAMPLES = ("遡及", "再委託", "外部委託 クラウド", '"個人情報の取扱い"', "マイナンバー OR 個人番号", "録音 -電話")
# Meeting ids are file names: no separators, no parent references.
MEETING_ID = re.compile(r"[^/\\\x00-\x1f]{1,200}")


@bp.get("/")
def search():
    mode = single(request.args, "mode")
    if mode not in (None, "records", "items"):
        raise ParamError(f"mode は records（発言）か items（案件）です（指定: {mode!r}）")
    if mode == "items":
        return items_page()
    backend = site().backend
    req = search_request(request.args)
    st = state(req)
    op = single(request.args, "op")
    if op is not None:  # the form's 「すべて含む／どれかを含む」: the URL says it in the query language
        if op not in ("and", "or"):
            raise ParamError(f"op は and か or です（指定: {op!r}）")
        if op == "or" and req.q:
            try:
                st["q"] = any_of(req.q)
            except QueryError:
                pass  # the search itself says what is wrong with the words
        return redirect(url_for("pages.search", **st), 303)
    common = {"req": req, "st": st, "examples": EXAMPLES,
              "choices": form.choices(backend, site().archive_facets(), req, st),
              "hidden_facets": form.HIDDEN_FACETS}
    try:
        if is_empty(req):
            check(req)  # sort, page, per_page
            return render_template("search.html", res=None, chips=[], **_landing(backend), **common)
        res = backend.search(replace(req, without=list(req.without)))
    except (RequestError, QueryError) as e:
        errors = form.field_errors(req, str(e), isinstance(e, QueryError))
        if "" in errors:
            raise  # not about a field of the form (sort=bad, role=市長): the error page says it
        # The search page again, the form as it was sent, the message at the field it is about.
        meetings = backend.headers(req.values("meeting"))
        return render_template("search.html", res=None, chips=_chips(req, st, meetings), errors=errors,
                               **_landing(backend), **common), 400
    if res["page"] > res["pages"]:
        # Past the last page the backend repeats the last page's hits; show none.
        res = dict(res, hits=[])
    relaxed = relax(backend, req) if res.get("total_all", res["total"]) == 0 and not res.get("timed_out") else None
    # Only the meetings a label is shown for are read: the listed facet values, the chips and the hits.
    meetings = backend.headers([*list(res["facets"].get("meeting", {}))[:FACET_CAP], *req.values("meeting"),
                                *(h["meeting"] for h in res["hits"])])
    pages_ = _pagination(res, lambda n: _link(st, page=n if n > 1 else None))
    hits, partial_hits = _split([_hit(h, st, meetings, n) for n, h in enumerate(res["hits"], 1)], res)
    return render_template(
        "search.html", res=res,
        facets=_facets(res, req, st, meetings), chips=_chips(req, st, meetings, res),
        expansions=_expansions(res, req, st), hits=hits, partial_hits=partial_hits,
        partial_start=pages_["first"] + len(hits), word_notes=word_notes(res),
        relaxed=relaxed, relax_link=lambda q: _link(st, q=q),
        where="、".join(_stored("municipality", req.values("municipality"))),
        sorts=[(key, label, _link(st, sort=None if key == SORTS[0] else key))
               for key, label in markup.SORT_JA.items()],
        pages=pages_, feed_url=url_for("feed.feed", **_feed_params(st)),
        api_url=url_for("api.search", **st),
        nosyn_url=_link(st, synonyms="0", without=None), syn_url=_link(st, synonyms=None), **common,
    )


def _landing(backend) -> dict:
    """What the landing page shows of the archive: its size and the newest meetings."""
    meeting_total, record_total = backend.totals()
    recent = backend.meeting_page(MeetingRequest(per_page=RECENT_MEETINGS))["meetings"]
    return {"recent": recent, "meeting_total": meeting_total, "record_total": record_total}


def _facets(res: dict, req: SearchRequest, st: dict, meetings: dict) -> list[dict]:
    """Facet lists in the registry's order, FACET_CAP values each plus the selected ones, and a
    link to the facet's own page when it has more; one with a single value and no filter says nothing."""
    groups = []
    for f in FACETS:
        counts = res["facets"].get(f.name) or {}
        active = _stored(f.name, req.values(f.name))
        if len(counts) < 2 and not active:
            continue
        shown = list(counts)[:FACET_CAP]
        shown += [v for v in active if v not in shown]
        more = len(counts) > FACET_CAP
        groups.append({"name": f.name, "title": f.label, "active": active,
                       "entries": [facet_value(f, v, counts.get(v, 0), active, st, meetings) for v in shown],
                       "more_url": url_for("pages.facet_values", name=f.name, **st) if more else None,
                       "more_count": res.get("facets_truncated", {}).get(f.name, len(counts))})
    return groups


@bp.get("/facets/<name>")
def facet_values(name: str):
    """Every value of one facet for a search, FACET_PAGE at a time; `page` pages the values
    (the search itself is always its first page), every other parameter is the search's."""
    f = BY_NAME.get(name)
    if f is None:
        abort(404)
    backend = site().backend
    req = search_request(request.args)
    values_page = req.page
    st = state(replace(req, page=1))
    res = backend.search(replace(req, page=1, per_page=1, highlight=False, facet_size=0, without=list(req.without)))
    counts = list((res["facets"].get(name) or {}).items())
    pages = max(1, -(-len(counts) // FACET_PAGE))
    if not 1 <= values_page <= pages:
        raise ParamError(f"page は 1 から {pages} までです（指定: {values_page}）")
    chosen = counts[(values_page - 1) * FACET_PAGE:values_page * FACET_PAGE]
    active = _stored(name, req.values(name))
    meetings = backend.headers([*(v for v, _ in chosen), *req.values("meeting")]) if name == "meeting" else {}
    listing = {"page": values_page, "pages": pages, "per_page": FACET_PAGE, "total": len(counts)}
    return render_template(
        "facet.html", req=req, st=st, facet=f, total=res["total"], listing=listing,
        values=[facet_value(f, v, c, active, st, meetings) for v, c in chosen],
        pages=_pagination(listing, lambda n: url_for("pages.facet_values", name=name, **st,
                                                     **({"page": n} if n > 1 else {}))),
        back_url=_link(st), chips=_chips(req, st, meetings),
    )


def _stored(name: str, values: list[str]) -> list[str]:
    """Filter values as typed (role=委員) -> as stored (member), so they match the facet's values."""
    return stored(BY_NAME[name], values)


def _chips(req: SearchRequest, st: dict, meetings: dict, res: dict | None = None) -> list[dict]:
    chips = []
    # Words of the query read as a speaker or a kind of speech (市長, 答弁): × searches the word as written.
    for who in (res or {}).get("who", []):
        label, _, value = who["label"].partition(": ")
        chips.append({"label": label, "value": value or who["word"],
                      "url": _link(st, without=[*req.without, who["word"]])})
    for f in FACETS:
        chips += facet_chips(f, _stored(f.name, req.values(f.name)), st, meetings)
    if req.date_from:
        chips.append({"label": "から", "value": req.date_from, "url": _link(st, date_from=None)})
    if req.date_until:
        chips.append({"label": "まで", "value": req.date_until, "url": _link(st, date_until=None)})
    if not req.synonyms:
        chips.append({"label": "同義語", "value": "使わない", "url": _link(st, synonyms=None)})
    for word in req.without:
        rest = [w for w in req.without if w != word]
        chips.append({"label": "語のまま" if who_of(word) else "同義語なし", "value": word,
                      "url": _link(st, without=rest or None)})
    return chips


def _expansions(res: dict, req: SearchRequest, st: dict) -> list[dict]:
    out = []
    for e in res["expansions"]:
        item = dict(e)
        if e["applied"]:
            item["without_url"] = _link(st, without=[*req.without, e["term"]])
        elif e["term"] in req.without:
            rest = [w for w in req.without if w != e["term"]]
            item["with_url"] = _link(st, without=rest or None)
        out.append(item)
    return out


def _hit(h: dict, st: dict, meetings: dict, n: int) -> dict:
    hit = dict(h, n=n)
    hit["municipality"] = (meetings.get(h["meeting"]) or {}).get("municipality", "")
    hit["kind_ja"] = markup.kind_ja(h["kind"])
    hit["snippet_html"] = markup.snippet_html(h)
    hit["url"] = _meeting_link(h["meeting"], st, h["order"])
    hit["notes"] = markup.match_notes(h)
    if h["counterpart"] is not None and h["pair"] is not None:
        # One exchange: the question above its answer, each with its matched words marked.
        asks = _asks(h["kind"], h["role"])
        hit["counterpart_label"] = counterpart_label(h["kind"], h["role"])
        hit["counterpart_above"] = not asks
        hit["counterpart_excerpt"] = markup.counterpart_html(h)
        hit["counterpart_url"] = _meeting_link(h["meeting"], st, h["pair"])
    return hit


def _split(hits: list[dict], res: dict) -> tuple[list[dict], list[dict]]:
    """Hits with every word, then those with only some (the partial tail)."""
    if not res.get("partial"):
        return hits, []
    first = next((i for i, h in enumerate(hits) if h.get("match") == "partial"), len(hits))
    return hits[:first], hits[first:]


def _feed_params(st: dict) -> dict:
    return {k: v for k, v in st.items() if k not in ("sort", "page", "per_page")}


@bp.get("/meetings")
def meetings():
    """The meetings a page at a time (meeting_request: filters, from, until, sort, page, per_page)."""
    req = meeting_request(request.args)
    res = site().backend.meeting_page(req)
    st = {k: v for k, v in meeting_state(req).items() if k != "page"}
    return render_template(
        "meetings.html", res=res, sort=res["sort"],
        sort_urls={s: url_for("pages.meetings", **{k: v for k, v in st.items() if k != "sort"},
                              **({"sort": s} if s != MEETING_SORTS[0] else {})) for s in MEETING_SORTS},
        pages=_pagination(res, lambda n: url_for("pages.meetings", **st, **({"page": n} if n > 1 else {}))),
    )


@bp.get("/meetings/<meeting_id>")
def meeting(meeting_id: str):
    if not MEETING_ID.fullmatch(meeting_id) or ".." in meeting_id:
        abort(404)
    backend = site().backend
    m = backend.meeting(meeting_id)
    if m is None:
        abort(404)
    args = request.args
    found = search_request(args)  # the search the page was opened from: its way back, its filters
    st = state(found)
    q = found.q
    # This meeting's records the search finds: its words and filters, this meeting in place of any chosen.
    req = replace(found, filters={**found.filters, "meeting": [m.id]}, page=1, per_page=MAX_PER_PAGE, sort="oldest",
                  without=list(found.without), exchanges=False, facets=False)
    searching = bool(q or found.date_from or found.date_until
                     or any(v for k, v in found.filters.items() if k != "meeting"))
    only = boolean(args, "only", False) and searching
    spans: dict[int, list] = {}
    expansions: list = []
    if searching:
        page = 1
        while True:
            res = backend.search(replace(req, page=page, without=list(req.without)))
            expansions = res["expansions"]
            for h in res["hits"]:
                spans[h["order"]] = h["highlights"]
            if page >= res["pages"] or page >= MAX_PAGE:
                break
            page += 1
    sections = _sections(m, spans, only, st)
    first_of_item = {}
    for r in m.records:
        if r.item is not None:
            first_of_item.setdefault(r.item, r.order)
    matched_of_item: dict[int, int] = {}
    for r in m.records:
        if r.order in spans and r.item is not None:
            matched_of_item[r.item] = matched_of_item.get(r.item, 0) + 1
    return render_template(
        "meeting.html", m=m, q=q, searching=searching, only=only, sections=sections, spans=spans,
        expansions=expansions, first_of_item=first_of_item, matched_of_item=matched_of_item,
        wareki_dates=[markup.wareki(d) for d in m.dates],
        all_url=_meeting_link(m.id, st), only_url=_meeting_link(m.id, st, only=True),
        plain_url=url_for("pages.meeting", meeting_id=m.id),
        back_url=url_for("pages.search", **st) if st else None,
        first_match=min(spans) if spans else None,
    )


def _sections(m, spans: dict, only: bool, st: dict) -> list[dict]:
    """Records grouped by agenda item, in reading order, ready to show."""
    sections: list[dict] = []
    shown = {r.order for r in m.records if not only or r.order in spans}
    anchored: set[int | None] = set()
    for r in m.records:
        if r.order not in shown:
            continue
        if not sections or sections[-1]["item_index"] != r.item:
            item = m.items[r.item] if r.item is not None and r.item < len(m.items) else None
            sections.append({"item_index": r.item, "item": item, "records": [],
                             "anchor": r.item is not None and r.item not in anchored})
            anchored.add(r.item)
        pair_url = None
        if r.pair is not None:
            pair_url = f"#r{r.pair}" if r.pair in shown else _meeting_link(m.id, st, r.pair)
        sections[-1]["records"].append({
            "r": r, "html": markup.paragraphs_html(r.text, spans.get(r.order, ())),
            "matched": r.order in spans, "kind_ja": markup.kind_ja(r.kind), "pair_url": pair_url,
            "pair_label": counterpart_label(r.kind, r.role) + "へ",
        })
    return sections
