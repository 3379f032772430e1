"""The 国会会議録検索システム API's request parameters, read and checked the way it does.

Clients written for the Diet's API send its parameters and read its errors:
HTTP 400 with `message` and, when conditions were typed wrong, `details`
("from:開会日付をYYYY-MM-DD形式で入力してください。"), every wrong condition at
once. This module turns a query string into a DietQuery or a DietError; what
the conditions mean for council minutes is web/kokkai.py's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from werkzeug.datastructures import MultiDict

from kaigiroku.search.wareki import DateError, parse_range

from .params import ParamError, single

PAGING = ("startRecord", "maximumRecords", "recordPacking")
# Qualifiers narrow other conditions; alone they are not a search (the Diet's list of conditions leaves them out).
QUALIFIERS = ("searchRange", "supplementAndAppendix", "contentsAndIndex", "closing")
CONDITIONS = ("nameOfHouse", "nameOfMeeting", "any", "speaker", "from", "until", "speechNumber", "speakerPosition",
              "speakerGroup", "speakerRole", "speechID", "issueID", "sessionFrom", "sessionTo", "issueFrom", "issueTo")
PARAMS = PAGING + QUALIFIERS + CONDITIONS
PACKINGS = ("xml", "json")  # xml is the Diet's default
MAX_RECORDS = {"speech": 100, "meeting_list": 100, "meeting": 10}
DEFAULT_RECORDS = {"speech": 30, "meeting_list": 30, "meeting": 3}
MAX_QUERY_BYTES = 2000  # the Diet's limit on the whole query string
SEARCH_RANGES = ("冒頭", "本文", "冒頭・本文")
SPEAKER_ROLES = ("証人", "参考人", "公述人")
SPEECH_ID = re.compile(r"(?P<issue>[^/\\\x00-\x1f]{1,200})_(?P<order>\d{3,})")
ISSUE_ID = re.compile(r"[^/\\\x00-\x1f]{1,200}")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# The Diet's messages (its error numbers in comments).
INPUT_ERROR = "検索条件の入力に誤りがあります。"  # 19011: details follow
NO_CONDITION = "検索条件を指定してください。"  # 19007
BAD_START = "startRecordには 1から検索件数までの値を指定してください。"  # 19004
BAD_MAXIMUM = {100: "maximumRecordsには1～100の値を指定してください。",  # 19005
               10: "maximumRecordsには1～10の値を指定してください。"}  # 19006
TOO_LONG = "入力可能文字数を超過しています。"  # 19020
DATE_FORMAT = "開会日付をYYYY-MM-DD形式で入力してください。"  # 19012 (from), 19013 (until)
DATE_ORDER = "fromはuntil以下、もしくはuntilはfrom以上の日付で入力してください。"  # 19014
NO_SUCH_DATE = "存在しない日付です。"  # 19018 (from), 19019 (until)


class DietError(Exception):
    """A request the Diet's API would refuse: its message, and the conditions at fault."""

    def __init__(self, message: str, details: list[str] | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.details = list(details or [])
        self.status = status


@dataclass
class DietQuery:
    """One request's conditions, checked; empty lists and None mean "not given"."""

    packing: str = "xml"
    start: int = 1
    maximum: int = 30
    any: str | None = None
    search_range: str = "冒頭・本文"
    houses: list[str] = field(default_factory=list)  # nameOfHouse, ORed
    meetings: list[str] = field(default_factory=list)  # nameOfMeeting, ORed
    speakers: list[str] = field(default_factory=list)  # speaker, ORed
    position: str | None = None
    group: str | None = None
    role: str | None = None
    date_from: str | None = None  # ISO days
    date_until: str | None = None
    speech_number: int | None = None
    speech_id: tuple[str, int] | None = None  # (issueID, speech order)
    issue_id: str | None = None
    sessions: tuple[int, int] | None = None  # inclusive
    issues: tuple[int, int] | None = None
    closing: bool = False
    supplement: bool = False
    contents: bool = False


def packing(args: MultiDict) -> str:
    """The packing asked for, to answer in (errors too); XML unless json is asked for."""
    value = (args.get("recordPacking") or "").strip().lower()
    return value if value in PACKINGS else "xml"


def parse(args: MultiDict, query_string: bytes, api: str) -> DietQuery:
    """The conditions of one request to `api` (speech, meeting_list or meeting), or a DietError."""
    if len(query_string) > MAX_QUERY_BYTES:
        raise DietError(TOO_LONG)
    r = _Reader(args)
    unknown = sorted(k for k in args.keys() if k not in PARAMS)
    if unknown:
        r.details.append(f"不明なパラメータです: {'、'.join(unknown)}（使えるもの: {', '.join(PARAMS)}）")
    q = DietQuery(packing=packing(args))
    raw_packing = r.text("recordPacking")
    if raw_packing is not None and raw_packing.lower() not in PACKINGS:
        r.fail("recordPacking", "xml または json を指定してください。")
    q.start = _start(r)
    q.maximum = _maximum(r, api)
    q.any = r.text("any")
    q.search_range = r.choice("searchRange", SEARCH_RANGES) or "冒頭・本文"
    q.houses, q.meetings, q.speakers = r.words("nameOfHouse"), r.words("nameOfMeeting"), r.words("speaker")
    q.position, q.group = r.text("speakerPosition"), r.text("speakerGroup")
    q.role = r.choice("speakerRole", SPEAKER_ROLES)
    q.date_from, q.date_until = r.day("from", first=True), r.day("until", first=False)
    if q.date_from and q.date_until and q.date_from > q.date_until:
        r.details.append(f"from:{DATE_ORDER}")
    q.speech_number = r.integer("speechNumber", 0)
    q.speech_id = r.speech_id()
    q.issue_id = r.text("issueID")
    if q.issue_id is not None and not ISSUE_ID.fullmatch(q.issue_id):
        r.fail("issueID", "会議録IDの書式に誤りがあります。")
    q.sessions = r.span("sessionFrom", "sessionTo", 1)
    q.issues = r.span("issueFrom", "issueTo", 0)
    q.closing, q.supplement, q.contents = (r.flag("closing"), r.flag("supplementAndAppendix"),
                                           r.flag("contentsAndIndex"))
    if r.details:
        raise DietError(INPUT_ERROR, r.details)
    if not any(r.text(name) is not None for name in CONDITIONS):
        raise DietError(NO_CONDITION)
    return q


def _start(r: "_Reader") -> int:
    raw = r.text("startRecord")
    if raw is None:
        return 1
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise DietError(BAD_START)
    return int(raw)


def _maximum(r: "_Reader", api: str) -> int:
    cap = MAX_RECORDS[api]
    raw = r.text("maximumRecords")
    if raw is None:
        return DEFAULT_RECORDS[api]
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= cap:
        raise DietError(BAD_MAXIMUM[cap])
    return int(raw)


class _Reader:
    """Reads parameters; a value that cannot be used adds a "name:message" detail."""

    def __init__(self, args: MultiDict):
        self.args = args
        self.details: list[str] = []

    def fail(self, name: str, message: str) -> None:
        self.details.append(f"{name}:{message}")

    def text(self, name: str) -> str | None:
        try:
            return single(self.args, name)
        except ParamError as e:
            if not any(d.startswith(f"{name}:") for d in self.details):
                self.fail(name, str(e))
            return None

    def words(self, name: str) -> list[str]:
        """Words separated by half-width spaces (the Diet ORs them), each once. A full-width
        space stays inside a word (山田　太郎), as the Diet separates by U+0020 only."""
        if self.text(name) is None:
            return []
        pieces = self.args.get(name, "").split(" ")
        words = ("".join(ch for ch in w if ch.isprintable() or ch == "\u3000").strip() for w in pieces)
        return list(dict.fromkeys(w for w in words if w))

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(name)
        if value is not None and value not in allowed:
            self.fail(name, f"{'、'.join(allowed)}のいずれかを指定してください。")
            return None
        return value

    def flag(self, name: str) -> bool:
        value = self.text(name)
        if value is None or value.lower() == "false":
            return False
        if value.lower() == "true":
            return True
        self.fail(name, "true または false を指定してください。")
        return False

    def integer(self, name: str, least: int) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        if not value.isascii() or not value.isdigit() or int(value) < least:
            self.fail(name, f"{least}以上の整数を指定してください。")
            return None
        return int(value)

    def span(self, lo_name: str, hi_name: str, least: int) -> tuple[int, int] | None:
        """From and To: one alone is exactly that value, both an inclusive range."""
        lo, hi = self.integer(lo_name, least), self.integer(hi_name, least)
        if lo is None and hi is None:
            return None
        if lo is not None and hi is not None and lo > hi:
            self.fail(lo_name, f"{lo_name}は{hi_name}以下の値を指定してください。")
            return None
        return (lo if lo is not None else hi, hi if hi is not None else lo)

    def day(self, name: str, first: bool) -> str | None:
        """A meeting-date bound as an ISO day: YYYY-MM-DD as the Diet takes it, or, as the rest of
        kaigiroku, a month, a year or 和暦 (令和4年7月), which stands for its first or last day."""
        value = self.text(name)
        if value is None:
            return None
        if ISO_DAY.fullmatch(value):
            try:
                date.fromisoformat(value)
            except ValueError:
                self.fail(name, NO_SUCH_DATE)
                return None
        try:
            lo, hi = parse_range(value)
        except DateError:
            self.fail(name, DATE_FORMAT)
            return None
        return lo if first else hi

    def speech_id(self) -> tuple[str, int] | None:
        value = self.text("speechID")
        if value is None:
            return None
        m = SPEECH_ID.fullmatch(value)
        if not m:
            self.fail("speechID", "発言IDは「会議録ID_発言番号（3桁以上）」の書式で指定してください。")
            return None
        return m["issue"], int(m["order"])
