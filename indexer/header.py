"""The header block of minutes: 名称, 日時, 会場, 出席者, 配付資料, 会議次第.

Councils write it as a table (`名称<TAB>value`), as `名称 value`, or with the key
alone on a line and the value on the lines after it (PDF extraction). The
parser reads keys in any of these forms, with or without spaces between the
key's characters (議　決　日), and stops where the record of the meeting begins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kaigiroku.search.wareki import find_dates

from .clean import Line, fold, is_blank, strip_html

# Canonical field -> the keys councils use for it.
KEYS: dict[str, tuple[str, ...]] = {
    "title": ("会議の名称", "会議名", "名称", "件名"),
    "datetime": ("開催日時", "日時", "開催日"),
    "venue": ("開催場所", "会場", "場所"),
    "attendees": ("出席者及び欠席者", "出席者", "出席委員"),
    "audience": ("傍聴者", "傍聴の可否", "傍聴人"),
    "materials": ("配付資料", "配布資料", "資料"),
    "agenda": ("会議次第", "次第", "議題"),
    "consultation": ("諮問事項",),
    "record": ("発言の記録", "会議録の作成方法"),
    "contact": ("問い合わせ先", "問合せ先"),
}
MULTILINE = {"attendees", "agenda", "materials"}
# A line that opens a speaker's turn in any layout: the header cannot reach past it.
TURN_HINT = re.compile(r"^(?:\S{1,15}\t<p>|[○◯◆◎]\S|[（(][^（）()\s]{1,15}[）)][ \u3000]*$|[^\s：:]{1,10}[：:]\S)")
# Where the record of the meeting starts: the header ends before it.
BODY_START = re.compile(r"発言記録|会\s*議\s*経\s*過|^\s*番号\s+質問|^\s*議事の経過|^\s*審議経過")


def _key_pattern(key: str) -> str:
    return "[ \u3000]*".join(map(re.escape, key))


_ALL_KEYS = sorted(((k, f) for f, ks in KEYS.items() for k in ks), key=lambda kv: -len(kv[0]))
KEY_RE = re.compile(
    r"^[ \u3000]*(?:<p>)?(?P<key>" + "|".join(_key_pattern(k) for k, _ in _ALL_KEYS) + r")(?:</p>)?(?:[\t \u3000]*[：:][\t \u3000]*|[\t \u3000]+|$)"
)
_FIELD_OF = {k: f for k, f in _ALL_KEYS}
SESSION_RE = re.compile(r"^(?P<session>(?:令和|平成|昭和)(?:元|\d{1,2})年度?第\d{1,3}回(?:定例会|臨時会)?)\s*(?P<body>.*)$")
# A name starts after a non-kanji, or after the 回/年度/号 that ends a number (第3回板橋区).
MUNICIPALITY_RE = re.compile(r"(?:(?<![\u4e00-\u9fff])(?!(?<=\d)[回年度号])|(?<=\d[回年度号]))([\u4e00-\u9fff]{1,4}?(?:市|区|町|村))(?P<ctx>役所|役場|総合庁舎|本庁舎|庁舎|議会|情報公開|個人情報保護|長|側|民|職員|条例|では|に|の)")
_STRONG = {"役所", "役場", "総合庁舎", "本庁舎", "庁舎", "議会", "情報公開", "個人情報保護", "条例"}
_NOT_NAMES = {"各区", "全区", "特別区", "一般区", "区市", "市区", "各市", "全市", "他市", "他区", "都市", "市町村", "区市町村", "市区町村"}


@dataclass
class Header:
    fields: dict[str, str] = field(default_factory=dict)
    end: int = 0  # index (0-based) of the first line after the header

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def title(self) -> str:
        return self._clean(self.get("title"))

    def session_and_body(self, title: str) -> tuple[str, str]:
        """令和3年度第6回　情報公開・個人情報保護審議会 -> (令和3年度第6回, 情報公開・個人情報保護審議会)."""
        t = unicodedata.normalize("NFKC", title)
        m = SESSION_RE.match(t)
        if not m:
            return "", t
        body = re.sub(r"[ \u3000]*(会議録|議事録|会議要旨|要点記録)$", "", m["body"].strip())
        return m["session"], body or t

    @property
    def dates(self) -> list[str]:
        value = self.get("datetime")
        folded = unicodedata.normalize("NFKC", value)
        written = [k for k in ("審議開始日", "議決日") if k in fold(folded)]
        if written:
            out = []
            spaced = re.sub(r"[ \u3000]", "", folded)
            for k in ("審議開始日", "議決日"):
                i = spaced.find(k)
                if i >= 0:
                    found = find_dates(spaced[i:])
                    if found and found[0] not in out:
                        out.append(found[0])
            return out
        found = find_dates(value)
        return found[:1]

    @property
    def is_written(self) -> bool:
        v = fold(self.get("datetime"))
        return "書面" in v or "審議開始日" in v or "議決日" in v

    @property
    def venue(self) -> str:
        return self._clean(self.get("venue"))

    @property
    def attendees(self) -> list[str]:
        v = self._clean(self.get("attendees"))
        v = re.sub(r"^[●○・]\s*", "", v)
        parts = re.split(r"(?=[（(][^）)]{1,10}[）)])", v)
        return [p.strip(" 、,") for p in parts if p.strip(" 、,") and not p.strip().endswith(("：", ":"))]

    @staticmethod
    def _clean(v: str) -> str:
        v = strip_html(v)
        return re.sub(r"[\t \u3000]+", " ", " ".join(v.split("\n"))).strip()


def parse_header(lines: list[Line]) -> Header:
    """Read header fields from the top of the file up to where the record begins."""
    h = Header()
    current: str | None = None
    for idx, ln in enumerate(lines):
        text = ln.text
        if BODY_START.search(text) and not KEY_RE.match(text):
            h.end = idx
            return h
        m = KEY_RE.match(text)
        if m:
            key = fold(m["key"])
            current = _FIELD_OF.get(key)
            rest = text[m.end():].strip()
            if current and current not in h.fields:
                h.fields[current] = rest
            elif current:
                current = None  # a key seen twice is body text, not a field
            h.end = idx + 1
            continue
        if TURN_HINT.match(text):
            return h
        if not current:
            continue
        if is_blank(text):
            if h.fields[current] and current not in MULTILINE:
                current = None  # a one-value field ends at the first blank line after its value
            continue
        h.fields[current] = (h.fields[current] + "\n" + text.strip()).strip()
        h.end = idx + 1
    return h


def guess_municipality(text: str) -> str:
    """The municipality the minutes are of: the one the text names most as itself."""
    counts: dict[str, int] = {}
    for m in MUNICIPALITY_RE.finditer(unicodedata.normalize("NFKC", text)):
        name = m.group(1)
        if len(name) >= 2 and name not in _NOT_NAMES:
            counts[name] = counts.get(name, 0) + (3 if m["ctx"] in _STRONG else 1)
    if not counts:
        return ""
    return max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
