"""The JSON API: the backend's own answers, unchanged.

/api/search returns exactly what `kaigiroku search --json` prints; /api/meetings
(paged) and /api/meetings/<id> return the structured meetings (Meeting.to_dict()).
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for

from .site import backend
from .pages import MEETING_ID
from .params import (MEETING_PARAMS, SEARCH_PARAMS, boolean, check_known, meeting_request, meeting_state,
                     search_request)

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    check_known(request.args, SEARCH_PARAMS)
    return jsonify(backend().search(search_request(request.args)))


@bp.get("/meetings")
def meetings():
    """A page of meeting headers and agendas (Meeting.to_dict() less its records, which
    `records=1` includes), newest first, read from the stored meeting documents."""
    check_known(request.args, (*MEETING_PARAMS, "records"))
    req = meeting_request(request.args)
    with_records = boolean(request.args, "records", False)
    engine = backend()
    res = engine.meeting_page(req)
    if with_records:  # only the page's meetings are read whole
        for d in res["meetings"]:
            m = engine.meeting(d["id"])
            d["records"] = [r.to_dict() for r in m.records] if m is not None else []
    st = meeting_state(req) | ({"records": "1"} if with_records else {})
    res["next"] = url_for("api.meetings", **(st | {"page": req.page + 1})) if req.page < res["pages"] else None
    return jsonify(res)


@bp.get("/meetings/<meeting_id>")
def meeting(meeting_id: str):
    check_known(request.args, ())
    if not MEETING_ID.fullmatch(meeting_id) or ".." in meeting_id:
        abort(404)
    m = backend().meeting(meeting_id)
    if m is None:
        abort(404)
    return jsonify(m.to_dict())
