"""Facets and filters, each declared once.

A facet has one declaration: its name (the URL parameter, the CLI option, the
JSON key and the query-box field), the index column it reads, how a record's
(and a meeting's) value is computed, its Japanese label, the parser that turns
what a person typed into the stored value, and the function that shows a stored
value to people. The index schema, the stored documents, the stats, the engine,
the command line, the JSON API, the pages and the feed all read FACETS; none
keeps its own list. Adding a facet is one entry here and a rebuild.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .model import KIND_LABELS, RECORD_KINDS, Meeting, Record
from .roles import ROLE_LABELS, parse_role, role_label
from .wareki import DateError, fiscal_year_label, fiscal_year_of, parse_fiscal_year, to_wareki


class FacetValueError(ValueError):
    """A filter value a person typed that is not one the facet can take."""


def _text(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def _as_is(value: str) -> str:
    return value.strip()


def _parse_kind(value: str) -> str:
    v = _text(value).lower()
    if v in RECORD_KINDS:
        return v
    for key, label in KIND_LABELS.items():
        if v == label:
            return key
    raise FacetValueError(f"種別は {'、'.join(KIND_LABELS.values())}（{', '.join(RECORD_KINDS)}）のいずれかです（指定: {value}）")


def _parse_role(value: str) -> str:
    """A role key (chair …), its label (議長・委員長・会長), one title of it (議長, 会長) or a value
    of the earlier vocabulary (会長, 委員, 説明員, 事務局) -> the stored key."""
    key = parse_role(value)
    if key is None:
        raise FacetValueError(f"発言者は {'、'.join(ROLE_LABELS.values())} のいずれかです（指定: {value}）")
    return key


def _parse_year(value: str) -> str:
    v = _text(value)
    m = re.fullmatch(r"(\d{4})年?", v)
    if m:
        return m[1]
    try:
        from .wareki import parse_range

        lo, hi = parse_range(v)
    except DateError:
        raise FacetValueError(f"年は 2022 や 令和4年 の形で指定してください（指定: {value}）") from None
    if lo[:4] != hi[:4]:
        raise FacetValueError(f"年は1年で指定してください（指定: {value}）")
    return lo[:4]


def _parse_fiscal_year(value: str) -> str:
    try:
        return str(parse_fiscal_year(value))
    except DateError as e:
        raise FacetValueError(str(e)) from None


def _year_label(value: str, meetings=None) -> str:
    try:
        era = to_wareki(f"{int(value):04d}-12-31").split("年")[0]
    except ValueError:
        return value
    return f"{value}年（{era}年）"


def _meeting_label(value: str, meetings: Mapping[str, dict] | None = None) -> str:
    m = (meetings or {}).get(value)
    if not m:
        return value
    date = m["dates_wareki"][-1] if m.get("dates_wareki") else ""
    who = m.get("municipality") or ""
    title = m["title"] if not who or who in m["title"] else f"{who} {m['title']}"
    return f"{title}（{date}）" if date else title


def person_name(pid: str, meetings=None) -> str:
    """A person id (目黒区-山田花子, 国会-吉川（元）~<meeting>) as people read it: the name."""
    return pid.split("-", 1)[-1].split("~", 1)[0]


def _topic(m: Meeting, r: Record | None) -> str:
    item = m.item_of(r) if r is not None else None
    return item.title if item else ""


def _outcome(m: Meeting, r: Record | None) -> str:
    item = m.item_of(r) if r is not None else None
    return (item.outcome or "") if item else ""


def _fiscal_year(m: Meeting, r: Record | None = None) -> str:
    return str(fiscal_year_of(m.date)) if m.date else ""


@dataclass(frozen=True)
class Facet:
    name: str  # URL parameter, CLI option (--name), JSON key, query-box field (name:value)
    label: str  # Japanese, for pages, chips and the CLI
    field: str  # the sortable index column it filters and counts
    # The stored value of a record (or, with None, of the meeting's own document): the index's
    # column is filled from it, so a new facet is one declaration here and a rebuild.
    value: Callable[[Meeting, Record | None], str] | None = None
    parse: Callable[[str], str] = _as_is  # typed value -> stored value; raises FacetValueError
    show: Callable[..., str] | None = None  # stored value (, meetings) -> what people read
    aliases: tuple[str, ...] = ()  # further query-box names (発言者:委員)
    newest_first: bool = False  # list values by value, descending (years), not by count
    form: bool = False  # offered as checkboxes in the 詳細検索 form (few values, worth choosing before searching)
    meeting: bool = False  # meeting documents carry it too: the meeting list is filtered by it
    stats: bool = False  # `kaigiroku stats` counts records by it
    help: str = ""

    def display(self, value: str, meetings: Mapping[str, dict] | None = None) -> str:
        return self.show(value, meetings) if self.show else value


FACETS: tuple[Facet, ...] = (
    Facet("municipality", "自治体", "municipality", lambda m, r: m.municipality, _text, aliases=("自治体",),
          form=True, meeting=True, help="自治体（例: 目黒区）"),
    Facet("meeting", "会議", "meeting", lambda m, r: m.id, _as_is, _meeting_label, aliases=("会議",), form=True, meeting=True, stats=True,
          help="会議 ID（`kaigiroku stats` で一覧できます）"),
    Facet("topic", "議題", "topic", _topic, _as_is, aliases=("議題",), help="議題の題名"),
    Facet("role", "発言者", "role", lambda m, r: r.role if r else "", _parse_role, lambda v, meetings=None: role_label(v),
          aliases=("発言者", "発言者区分", "役割"), form=True, stats=True,
          help=f"発言者の区分（{'、'.join(ROLE_LABELS.values())}。議長・会長・委員・説明員なども可）"),
    Facet("fiscal_year", "年度", "fiscal_year", _fiscal_year, _parse_fiscal_year,
          lambda v, meetings=None: fiscal_year_label(int(v)) if v.isdigit() else v,
          aliases=("年度", "fy"), newest_first=True, form=True, meeting=True, stats=True, help="年度（4月〜翌3月。例: 令和3年度、2021）"),
    Facet("year", "年", "year", lambda m, r: m.date[:4], _parse_year, _year_label, aliases=("年",), newest_first=True, meeting=True, stats=True,
          help="暦年（例: 2022、令和4年）"),
    Facet("kind", "種別", "kind", lambda m, r: r.kind if r else "", _parse_kind, lambda v, meetings=None: KIND_LABELS.get(v, v),
          aliases=("種別",), form=True, stats=True, help=f"記録の種別（{'、'.join(f'{v}={k}' for k, v in KIND_LABELS.items())}）"),
    Facet("outcome", "結果", "outcome", _outcome, _text, aliases=("結果",), form=True, help="議題の結果（例: 可決、承認、答申、採択）"),
    Facet("person", "人物", "person", lambda m, r: r.pid if r else "", _as_is, person_name, aliases=("人物",),
          help="人物 ID（indexer/identity.py。`kaigiroku people` や /people で一覧。例: 目黒区-山田花子）"),
)
BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
# Query-box field names (role:委員, 年度:令和3年度) -> facet name.
FIELD_NAMES: dict[str, str] = {alias: f.name for f in FACETS for alias in (f.name, *f.aliases)}


def parse_values(name: str, values, registry: Mapping[str, Facet] | None = None) -> list[str]:
    """Typed values of one facet -> stored values, each once, in order; FacetValueError if one is bad.

    `registry` is the facets by name (the record facets unless given, e.g. the item facets)."""
    f = (BY_NAME if registry is None else registry)[name]
    out: list[str] = []
    for v in values:
        if v is None or not str(v).strip():
            continue
        parsed = f.parse(str(v))
        if parsed not in out:
            out.append(parsed)
    return out


__all__ = ["FACETS", "BY_NAME", "FIELD_NAMES", "Facet", "FacetValueError", "MEETING_FACETS", "parse_values"]


# How many values of each facet a JSON answer lists unless asked otherwise (0: every value).
FACET_SIZE = 30
MAX_FACET_SIZE = 1000

# The facets a meeting list can be filtered by: those meeting documents carry.
MEETING_FACETS = tuple(f.name for f in FACETS if f.meeting)
