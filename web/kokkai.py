"""An API shaped like the 国会会議録検索システム's: /api/speech and /api/meeting_list.

Tools written for the National Diet Library's minutes API can read council
minutes with little change. Only JSON is spoken (recordPacking=json). Records
come newest meeting first, in speaking order within a meeting. See API.md for
how the fields map and which stay empty for council minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, jsonify, request, url_for

from kaigiroku.search.engine import MAX_PAGE, MAX_PER_PAGE, SearchRequest
from kaigiroku.search.roles import parse_role, role_label

from .app import site
from .params import ParamError, check_known, integer, single

bp = Blueprint("kokkai", __name__, url_prefix="/api")
PARAMS = ("any", "speaker", "nameOfMeeting", "from", "until", "startRecord", "maximumRecords", "recordPacking")
MAX_RECORDS = {"speech": 100, "meeting_list": 100}
DEFAULT_RECORDS = 30
IMAGE_KIND = "会議録"


@dataclass
class Conditions:
    any: str
    speaker: str | None
    name: str | None
    date_from: str | None
    date_until: str | None
    start: int
    maximum: int


def conditions(api: str) -> Conditions:
    args = request.args
    check_known(args, PARAMS)
    packing = single(args, "recordPacking") or "json"
    if packing != "json":
        raise ParamError(f"recordPacking は json のみ対応しています（指定: {packing!r}）")
    start = integer(args, "startRecord", 1)
    if start < 1:
        raise ParamError(f"startRecord は 1 以上です（指定: {start}）")
    cap = MAX_RECORDS[api]
    maximum = integer(args, "maximumRecords", DEFAULT_RECORDS)
    if not 1 <= maximum <= cap:
        raise ParamError(f"maximumRecords は 1 から {cap} までです（指定: {maximum}）")
    if start > MAX_PAGE * MAX_PER_PAGE:
        raise ParamError(f"startRecord は {MAX_PAGE * MAX_PER_PAGE} までです（指定: {start}）")
    return Conditions(single(args, "any") or "", single(args, "speaker"), single(args, "nameOfMeeting"),
                      single(args, "from"), single(args, "until"), start, maximum)


class Selection:
    """The records that match, grouped by meeting, newest meeting first.

    One engine search counts matches per meeting (its meeting facet). Meetings
    are then narrowed by name; a speaker condition, which the engine cannot
    filter on, is applied to each remaining meeting's hits.
    """

    def __init__(self, c: Conditions):
        self.c = c
        self.engine = site().engine
        self.base = SearchRequest(q=c.any, date_from=c.date_from, date_until=c.date_until, sort="oldest",
                                  per_page=MAX_PER_PAGE)
        res = self.engine.search(replace(self.base, per_page=1))
        counts: dict[str, int] = res["facets"]["meeting"]
        meta = site().meeting_map()
        self.meta = meta
        ids = [mid for mid in counts if mid in meta and self._name_matches(meta[mid])]
        ids = _newest_first(ids, meta)
        self._hits: dict[str, list[dict]] = {}
        if c.speaker:
            self.counts = {}
            for mid in ids:
                hits = [h for h in self._all_hits(mid) if self._speaker_matches(h)]
                if hits:
                    self._hits[mid] = hits
                    self.counts[mid] = len(hits)
        else:
            self.counts = {mid: counts[mid] for mid in ids}
        self.meetings = [mid for mid in ids if self.counts.get(mid)]

    def _name_matches(self, m: dict) -> bool:
        return not self.c.name or self.c.name in m["body"] or self.c.name in m["title"]

    def _speaker_matches(self, hit: dict) -> bool:
        s = self.c.speaker or ""
        return hit["role"] == parse_role(s) or s in hit["speaker"]

    def _all_hits(self, mid: str) -> list[dict]:
        out, page = [], 1
        while True:
            res = self.engine.search(replace(self.base, filters={"meeting": [mid]}, page=page))
            out.extend(res["hits"])
            if page >= res["pages"] or page >= MAX_PAGE:
                return out
            page += 1

    def hits(self, mid: str, first: int = 0, count: int | None = None) -> list[dict]:
        """Matching hits of one meeting, in speaking order, [first, first + count)."""
        if mid not in self._hits and count is not None:
            # Fetch only the engine pages that cover the window.
            out = []
            p0, p1 = first // MAX_PER_PAGE + 1, (first + count - 1) // MAX_PER_PAGE + 1
            for page in range(p0, p1 + 1):
                out.extend(self.engine.search(replace(self.base, filters={"meeting": [mid]}, page=page))["hits"])
            skip = first - (p0 - 1) * MAX_PER_PAGE
            return out[skip:skip + count]
        if mid not in self._hits:
            self._hits[mid] = self._all_hits(mid)
        hits = self._hits[mid]
        return hits[first:first + count] if count is not None else hits

    @property
    def total_records(self) -> int:
        return sum(self.counts.values())

    def window(self, start: int, maximum: int) -> list[dict]:
        """Records [start, start + maximum) of the whole selection (0-based)."""
        out: list[dict] = []
        at = 0
        for mid in self.meetings:
            n = self.counts[mid]
            if at + n > start and len(out) < maximum:
                first = max(0, start - at)
                out.extend(self.hits(mid, first, min(n - first, maximum - len(out))))
            at += n
            if len(out) >= maximum:
                break
        return out


def _newest_first(ids: list[str], meta: dict) -> list[str]:
    """Newest date first, then meeting id ascending (the engine's 'newest' order)."""
    by_id = sorted(ids)
    return sorted(by_id, key=lambda mid: meta[mid]["dates"][-1] if meta[mid]["dates"] else "", reverse=True)


def _meeting_url(mid: str) -> str:
    return url_for("pages.meeting", meeting_id=mid, _external=True)


def _speech_id(mid: str, order: int) -> str:
    return f"{mid}_{order:03d}"


def _meeting_fields(m: dict) -> dict:
    return {
        "issueID": m["id"],
        "imageKind": IMAGE_KIND,
        "session": m["session"],
        "nameOfHouse": m["municipality"],
        "nameOfMeeting": m["body"],
        "issue": None,
        "date": m["dates"][-1] if m["dates"] else None,
        "closing": None,
    }


def speech_record(hit: dict, m: dict) -> dict:
    mid, order = hit["meeting"], hit["order"]
    return {
        "speechID": _speech_id(mid, order),
        **_meeting_fields(m),
        "searchObject": order,
        "speechOrder": order,
        "speaker": hit["speaker"],
        "speakerYomi": None,
        "speakerGroup": None,
        "speakerPosition": role_label(hit["role"]),
        "speakerRole": None,
        "speech": hit["text"],
        "startPage": None,
        "speechURL": f"{_meeting_url(mid)}#r{order}",
        "meetingURL": _meeting_url(mid),
        "pdfURL": None,
    }


def _envelope(total: int, start: int, returned: int) -> dict:
    nxt = start + returned
    return {
        "numberOfRecords": total,
        "numberOfReturn": returned,
        "startRecord": start,
        "nextRecordPosition": nxt if returned and nxt <= total else None,
    }


@bp.get("/speech")
def speech():
    c = conditions("speech")
    sel = Selection(c)
    hits = sel.window(c.start - 1, c.maximum)
    records = [speech_record(h, sel.meta[h["meeting"]]) for h in hits]
    return jsonify({**_envelope(sel.total_records, c.start, len(records)), "speechRecord": records})


@bp.get("/meeting_list")
def meeting_list():
    c = conditions("meeting_list")
    sel = Selection(c)
    chosen = sel.meetings[c.start - 1:c.start - 1 + c.maximum]
    records = []
    for mid in chosen:
        m = sel.meta[mid]
        hits = sel.hits(mid)
        records.append({
            **_meeting_fields(m),
            "searchObject": hits[0]["order"] if hits else None,
            "speechRecord": [{
                "speechID": _speech_id(mid, h["order"]),
                "speechOrder": h["order"],
                "speaker": h["speaker"],
                "speakerPosition": role_label(h["role"]),
                "speechURL": f"{_meeting_url(mid)}#r{h['order']}",
            } for h in hits],
            "meetingURL": _meeting_url(mid),
            "pdfURL": None,
        })
    return jsonify({**_envelope(len(sel.meetings), c.start, len(records)), "meetingRecord": records})
