"""The JSON API: the engine's own answers, unchanged.

/api/search returns exactly what `kaigiroku search --json` prints; /api/meetings
and /api/meetings/<id> return the structured meetings (Meeting.to_dict()).
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from .app import site
from .pages import MEETING_ID
from .params import SEARCH_PARAMS, ParamError, boolean, check_known, search_request, single

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    check_known(request.args, SEARCH_PARAMS)
    return jsonify(site().engine.search(search_request(request.args)))


@bp.get("/meetings")
def meetings():
    """Every meeting's header and agenda (Meeting.to_dict() less its records, which
    `records=1` includes), newest first."""
    check_known(request.args, ("sort", "records"))
    sort = single(request.args, "sort") or "newest"
    if sort not in ("newest", "oldest"):
        raise ParamError(f"sort は newest か oldest です（指定: {sort!r}）")
    with_records = boolean(request.args, "records", False)
    engine = site().engine
    out = []
    for summary in site().meetings():
        m = engine.meeting(summary["id"])
        if m is None:
            continue
        d = m.to_dict()
        if not with_records:
            del d["records"]
        d["record_count"] = len(m.records)
        out.append(d)
    if sort == "oldest":
        out.reverse()
    return jsonify({"meetings": out, "total": len(out)})


@bp.get("/meetings/<meeting_id>")
def meeting(meeting_id: str):
    check_known(request.args, ())
    if not MEETING_ID.fullmatch(meeting_id) or ".." in meeting_id:
        abort(404)
    m = site().engine.meeting(meeting_id)
    if m is None:
        abort(404)
    return jsonify(m.to_dict())
