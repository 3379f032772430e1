"""An API shaped like the 国会会議録検索システム's: /api/speech, /api/meeting_list, /api/meeting.

Tools and clients written for the National Diet Library's minutes API read
council minutes with no change: the same parameters, XML by default or JSON,
the same paging (nextRecordPosition only while there is a next page) and the
Diet's error format. Records come newest meeting first, in speaking order.

Every condition is an index filter (a facet-like mask over column labels, see
LabelTest in search/api.py), so a request costs what its page costs, not
what the archive holds. API.md says how each field and parameter maps onto
council minutes, and why some match nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from flask import Blueprint, Response, jsonify, request, url_for

from kaigiroku.search.api import LabelTest, QueryError, RequestError, SearchRequest
from kaigiroku.search.budget import NOTICE, spent
from kaigiroku.search.facets import BY_NAME, person_name
from kaigiroku.search.model import ROLES, filed_date
from kaigiroku.search.wareki import ERA_PATTERN, era_year, fiscal_year_of

from . import kokkai_params, kokkai_xml
from .site import backend, site
from .kokkai_params import DietError, DietQuery
from .params import ParamError

bp = Blueprint("kokkai", __name__, url_prefix="/api")
PATHS = ("/api/speech", "/api/meeting_list", "/api/meeting")
IMAGE_KIND = "会議録"
# Roles (search/model.py) that stand for the Diet's 証人, 参考人 and 公述人: people heard from outside
# the council. Only the roles the vocabulary has count; with none, speakerRole matches nothing.
OUTSIDE_ROLES = tuple(r for r in ("other",) if r in ROLES)
NOTHING = LabelTest({"meeting": lambda _: False})
SESSION_RE = re.compile(rf"(?P<era>{ERA_PATTERN})(?P<year>元|\d{{1,2}})年度?第(?P<number>\d{{1,3}})回")


@lru_cache(maxsize=65536)
def council_session(session: str, date: str) -> tuple[int | None, str | None, int | None]:
    """(session, issue, 回 number) for a council session as written.

    The Diet numbers sessions (国会回次) and the sittings within one (号); a council
    numbers its sittings within a year (令和3年度第6回). So the Diet's session is the
    year the council numbers by (2021; the fiscal year of the meeting date when the
    session names none) and its issue the sitting (第6回).
    """
    m = SESSION_RE.search(unicodedata.normalize("NFKC", session or ""))
    if m:
        return era_year(m["era"], m["year"]), f"第{int(m['number'])}回", int(m["number"])
    return (fiscal_year_of(date) if date else None), None, None


def _session_of(m: dict) -> tuple[int | None, str | None, int | None]:
    return council_session(m.get("session") or "", filed_date(m.get("dates") or []))


# -- conditions -> an engine request ---------------------------------------------

def _contains(words: list[str]):
    return lambda label: any(w in label for w in words)


def _names(words: list[str]):
    keys = ["".join(w.split()) for w in words if "".join(w.split())]
    return lambda pid: bool(pid) and any(k in person_name(pid) for k in keys)


def _meeting_test(meetings: dict[str, dict], passes) -> LabelTest:
    """A test of meetings' headers, run once per meeting in the index (not per record)."""
    return LabelTest({"meeting": lambda mid: (m := meetings.get(mid)) is not None and passes(m)})


def _within(span: tuple[int, int]):
    return lambda value: value is not None and span[0] <= value <= span[1]


def role_label(role: str) -> str:
    return BY_NAME["role"].display(role)


def search_request(q: DietQuery, meetings: dict[str, dict]) -> SearchRequest:
    """The engine request for the Diet conditions: each condition a label test (ANDed)."""
    tests: list[LabelTest] = []
    if q.houses:
        tests.append(LabelTest({"municipality": _contains(q.houses)}))
    if q.meetings:
        named = _contains(q.meetings)
        tests.append(_meeting_test(meetings, lambda m: named(m["body"])))
    if q.speakers:
        # The label as written, or the person it names (indexer/identity.py): speaker=盛山正仁 finds 盛山国務大臣.
        tests.append(LabelTest({"speaker": _contains(q.speakers), "person": _names(q.speakers)}))
    if q.position:
        roles = {r for r in ROLES if q.position in role_label(r)}
        tests.append(LabelTest({"role": lambda r: r in roles, "speaker": _contains([q.position])}))
    if q.role:
        tests.append(LabelTest({"role": lambda r: r in OUTSIDE_ROLES}))
    if q.speech_number is not None:
        tests.append(LabelTest({"order": lambda o: o == q.speech_number}))
    if q.speech_id:
        mid, order = q.speech_id
        tests += [LabelTest({"meeting": lambda label: label == mid}), LabelTest({"order": lambda o: o == order})]
    if q.issue_id:
        tests.append(LabelTest({"meeting": lambda label: label == q.issue_id}))
    if q.sessions:
        in_sessions = _within(q.sessions)
        tests.append(_meeting_test(meetings, lambda m: in_sessions(_session_of(m)[0])))
    if q.issues:
        in_issues = _within(q.issues)
        tests.append(_meeting_test(meetings, lambda m: in_issues(_session_of(m)[2])))
    # Restrictions to what council minutes do not have: 会派, 閉会中, 追録・附録, 目次・索引, the 冒頭 part.
    if q.group or q.closing or q.supplement or q.contents or (q.any and q.search_range == "冒頭"):
        tests.append(NOTHING)
    # Like the Diet's API: every speech with every word, each its own record.
    return SearchRequest(q=q.any or "", date_from=q.date_from, date_until=q.date_until, sort="newest",
                         highlight=False, label_tests=tests, partial=False, exchanges=False, facets=False)


# -- records ------------------------------------------------------------------------

def _meeting_url(mid: str) -> str:
    return url_for("pages.meeting", meeting_id=mid, _external=True)


def _speech_id(mid: str, order: int) -> str:
    return f"{mid}_{order:03d}"


def _speech_url(mid: str, order: int) -> str:
    return f"{_meeting_url(mid)}#r{order}"


def _meeting_fields(m: dict, search_object: int | None) -> dict:
    session, issue, _ = _session_of(m)
    return {
        "issueID": m["id"],
        "imageKind": IMAGE_KIND,
        "searchObject": search_object,
        "session": session,
        "nameOfHouse": m["municipality"],
        "nameOfMeeting": m["body"],
        "issue": issue,
        "date": filed_date(m["dates"]) or None,
        "closing": None,
    }


def pdf_url(m: dict) -> str | None:
    """The published PDF of the minutes, when the meeting's source URL is one (else null, as the Diet
    gives for a record without a scan)."""
    url = m.get("source_url") or ""
    return url if url.split("?")[0].split("#")[0].lower().endswith(".pdf") else None


def _speaker_fields(order: int, speaker: str, role: str, text: str) -> dict:
    return {
        "speechOrder": order,
        "speaker": speaker,
        "speakerYomi": None,
        "speakerGroup": None,
        "speakerPosition": role_label(role),
        "speakerRole": None,
        "speech": text,
        "startPage": None,
    }


def speech_record(hit: dict, m: dict) -> dict:
    mid, order = hit["meeting"], hit["order"]
    return {
        "speechID": _speech_id(mid, order),
        **_meeting_fields(m, order),
        **_speaker_fields(order, hit["speaker"], hit["role"], hit["text"]),
        "speechURL": _speech_url(mid, order),
        "meetingURL": _meeting_url(mid),
        "pdfURL": pdf_url(m),
        "sessionLabel": m["session"],
    }


def _meeting_record(m: dict, matched: list[dict], speeches: list[dict] | None) -> dict:
    """A meetingRecord; without `speeches` (None) it has no speechRecord at all."""
    return {
        **_meeting_fields(m, matched[0]["order"] if matched else None),
        **({"speechRecord": speeches} if speeches is not None else {}),
        "meetingURL": _meeting_url(m["id"]),
        "pdfURL": pdf_url(m),
        "sessionLabel": m["session"],
    }


def _brief_speech(mid: str, row: dict) -> dict:
    return {"speechID": _speech_id(mid, row["order"]), "speechOrder": row["order"], "speaker": row["speaker"],
            "speakerPosition": role_label(row["role"]), "speechURL": _speech_url(mid, row["order"])}


def _full_speeches(mid: str) -> list[dict]:
    meeting = backend().meeting(mid)
    if meeting is None:
        return []
    return [{"speechID": _speech_id(mid, r.order), **_speaker_fields(r.order, r.speaker, r.role, r.text),
             "speechURL": _speech_url(mid, r.order)} for r in meeting.records]


# -- answers ------------------------------------------------------------------------

def _envelope(total: int, start: int, returned: int, timed_out: bool = False) -> dict:
    """The paging counts; nextRecordPosition only when there is a next page, as the Diet does.
    A search that ran out of its budget (search/budget.py) adds timedOut and a message: the
    Diet's API has no such case, so the fields are ours and present only then."""
    out = {"numberOfRecords": total, "numberOfReturn": returned, "startRecord": start}
    if returned and start + returned <= total:
        out["nextRecordPosition"] = start + returned
    if timed_out:
        out.update(timedOut=True, message=NOTICE)
    return out


def _check_start(q: DietQuery, total: int) -> None:
    if q.start > max(total, 1):
        raise DietError(kokkai_params.BAD_START)


def _answer(q: DietQuery, payload: dict, record_key: str) -> Response:
    if q.packing == "json":
        return jsonify(payload)
    return Response(kokkai_xml.document(payload, record_key), mimetype="application/xml")


def _query(api: str) -> tuple[DietQuery, SearchRequest]:
    q = kokkai_params.parse(request.args, request.query_string, api)
    # Only conditions on meetings' headers (nameOfMeeting, sessions, issues) need every meeting's
    # header (read once per index generation); the page's meetings are read one document each.
    everyone = site().meeting_map() if (q.meetings or q.sessions or q.issues) else {}
    return q, search_request(q, everyone)


@bp.get("/speech")
def speech():
    q, req = _query("speech")
    res = backend().search(replace(req, offset=q.start - 1, per_page=q.maximum))
    _check_start(q, res["total"])
    meetings = backend().headers([h["meeting"] for h in res["hits"]])
    records = [speech_record(h, meetings[h["meeting"]]) for h in res["hits"] if h["meeting"] in meetings]
    return _answer(q, {**_envelope(res["total"], q.start, len(records), res["timed_out"]), "speechRecord": records},
                   "speechRecord")


@bp.get("/meeting_list")
def meeting_list():
    q, req = _query("meeting_list")
    total, groups = backend().by_meeting(req, q.start - 1, q.maximum)
    res = {"timed_out": spent()}  # the request's budget ran out during the search (search/budget.py)
    _check_start(q, total)
    meetings = backend().headers([mid for mid, _ in groups])
    # As in the Diet API, the matching speeches are listed when the search was on speeches.
    on_speeches = bool(q.any or q.speakers or q.position or q.group or q.role or q.speech_id
                       or q.speech_number is not None)
    records = [_meeting_record(meetings[mid], rows, [_brief_speech(mid, row) for row in rows] if on_speeches else None)
               for mid, rows in groups if mid in meetings]
    return _answer(q, {**_envelope(total, q.start, len(records), res["timed_out"]), "meetingRecord": records},
                   "meetingRecord")


@bp.get("/meeting")
def meeting():
    q, req = _query("meeting")
    total, groups = backend().by_meeting(req, q.start - 1, q.maximum)
    res = {"timed_out": spent()}  # the request's budget ran out during the search (search/budget.py)
    _check_start(q, total)
    meetings = backend().headers([mid for mid, _ in groups])
    records = [_meeting_record(meetings[mid], rows, _full_speeches(mid)) for mid, rows in groups if mid in meetings]
    return _answer(q, {**_envelope(total, q.start, len(records), res["timed_out"]), "meetingRecord": records},
                   "meetingRecord")


# -- errors, in the Diet's format and the packing asked for ---------------------------------

def error_response(status: int, message: str, details: list[str] | None = None) -> Response:
    details = list(details or [])
    if kokkai_params.packing(request.args) == "json":
        resp = jsonify({"message": message, **({"details": details} if details else {})})
    else:
        resp = Response(kokkai_xml.error(message, details), mimetype="application/xml")
    resp.status_code = status
    return resp


@bp.errorhandler(DietError)
def diet_error(e: DietError):
    return error_response(e.status, e.message, e.details)


@bp.errorhandler(ParamError)
@bp.errorhandler(QueryError)
@bp.errorhandler(RequestError)
def input_error(e: Exception):
    field = "any:" if isinstance(e, QueryError) else ""
    return error_response(400, kokkai_params.INPUT_ERROR, [f"{field}{e}"])
