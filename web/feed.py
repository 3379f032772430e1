"""/feed: an Atom feed of the newest records matching a search.

Built with ElementTree, so every text is escaped by the serializer; characters
XML 1.0 forbids are dropped first, so the feed always parses.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from flask import Blueprint, Response, request, url_for

from kaigiroku.search.api import SearchRequest
from kaigiroku.search.facets import FACETS

from . import markup
from .site import backend
from .params import FEED_PARAMS, check_known, search_request

bp = Blueprint("feed", __name__)
ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 20
JST = "+09:00"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = markup.xml_text(text)
    return el


def _stamp(iso_date: str) -> str:
    return f"{iso_date}T00:00:00{JST}" if iso_date else datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _title(req: SearchRequest) -> str:
    parts = [f"「{req.q}」" if req.q else "すべての記録"]
    for f in FACETS:
        values = req.values(f.name)
        if values:
            parts.append(f"{f.label}: {'・'.join(f.display(v) for v in values)}")
    if req.date_from or req.date_until:
        parts.append(f"期間: {req.date_from or ''}〜{req.date_until or ''}")
    return "会議録検索 " + "／".join(parts)


@bp.get("/feed")
def feed():
    check_known(request.args, FEED_PARAMS)
    req = search_request(request.args)
    req.sort, req.page, req.per_page = "newest", 1, ENTRIES
    req.partial, req.exchanges = False, False  # new records with every word, each its own entry
    req.facets = False
    title = _title(req)
    res = backend().search(req)
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "ja"})
    _el(root, "title", title)
    _el(root, "id", request.url)
    _el(root, "link", rel="self", href=request.url, type="application/atom+xml")
    search_args = {k: v for k, v in request.args.lists()}
    _el(root, "link", rel="alternate", type="text/html",
        href=url_for("pages.search", _external=True, sort="newest", **search_args))
    _el(root, "updated", _stamp(res["hits"][0]["date"] if res["hits"] else ""))
    author = _el(root, "author")
    _el(author, "name", "kaigiroku")
    _el(root, "generator", "kaigiroku")
    for h in res["hits"]:
        url = url_for("pages.meeting", meeting_id=h["meeting"], _external=True) + f"#r{h['order']}"
        entry = _el(root, "entry")
        _el(entry, "id", url)
        _el(entry, "title", f"{h['meeting_title']} #{h['order']} {h['speaker']}（{markup.kind_ja(h['kind'])}）")
        _el(entry, "link", rel="alternate", type="text/html", href=url)
        _el(entry, "updated", _stamp(h["date"]))
        if h["item"]:
            _el(entry, "category", term=markup.xml_text(h["item"]))
        _el(entry, "summary", markup.excerpt(h["text"], 200), type="text")
        _el(entry, "content", h["text"], type="text")
    body = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                    mimetype="application/atom+xml", content_type="application/atom+xml; charset=utf-8")
