"""Japanese era dates (和暦): the everyday date format of municipal minutes.

Parses 令和4年7月11日, 令和元年, 平成２８年１月１８日 (full-width digits too), dates in
kanji numerals as formal minutes write them (令和六年十二月十七日), the Western year
councils add in brackets (令和7年(2025年)1月24日) and plain Western dates into ISO
dates, and date-filter words (令和4年, 令和4年7月, 2022-07, 2022) into inclusive
ranges. Formats ISO dates back into 和暦 for display.

Councils, staff and citizens count in fiscal years (年度, April to March):
令和3年度 is 2021-04-01 to 2022-03-31, and sessions are named that way
(令和3年度第6回), so 年度 is understood wherever a date range is typed.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

# Era name -> (first day of the era).
ERAS: dict[str, date] = {
    "明治": date(1868, 1, 25),
    "大正": date(1912, 7, 30),
    "昭和": date(1926, 12, 25),
    "平成": date(1989, 1, 8),
    "令和": date(2019, 5, 1),
}
ERA_ABBREV = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}

_ERA_RE = "|".join(ERAS)
ERA_PATTERN = f"(?:{_ERA_RE})"  # any era name, for patterns written elsewhere (a session's name)
WAREKI_RE = re.compile(
    rf"(?P<era>{_ERA_RE})\s*(?P<year>元|\d{{1,2}})\s*年"
    rf"(?P<fiscal>度)?"
    rf"(?:\s*[（(]\s*(?:西暦)?\s*\d{{4}}\s*年?\s*[）)])?"  # 令和7年(2025年)1月
    rf"(?:\s*(?P<month>\d{{1,2}})\s*月(?:\s*(?P<day>\d{{1,2}})\s*日)?)?"
)
# A full date in either calendar, for finding dates in running text.
_DATE_RE = re.compile(
    WAREKI_RE.pattern + r"|(?<!\d)(?P<wyear>(?:19|20)\d{2})\s*年\s*(?P<wmonth>\d{1,2})\s*月\s*(?P<wday>\d{1,2})\s*日"
    r"|(?<![\d/.-])(?P<syear>(?:19|20)\d{2})(?P<sep>[/.-])(?P<smonth>\d{1,2})(?P=sep)(?P<sday>\d{1,2})(?![\d/.-])"
)
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_KANJI_NUMBER = re.compile(r"[〇零一二三四五六七八九十百]+(?=\s*[年月日回号])")


class DateError(ValueError):
    """A date a person typed that is not a date."""


def kanji_number(s: str) -> int | None:
    """十二 -> 12, 三十一 -> 31, 二〇二四 -> 2024 (digit by digit), 百 -> 100; None if not a number."""
    if not s:
        return None
    if "十" not in s and "百" not in s:
        return int("".join(str(_KANJI_DIGITS[c]) for c in s)) if all(c in _KANJI_DIGITS for c in s) else None
    total, digit = 0, None
    for c in s:
        if c in _KANJI_DIGITS:
            if digit is not None:
                return None
            digit = _KANJI_DIGITS[c]
        elif c in "十百":
            total += (1 if digit is None else digit) * (10 if c == "十" else 100)
            digit = None
    return total + (digit or 0)


def _fold(text: str) -> str:
    """NFKC, with kanji numerals before 年/月/日/回/号 read as digits (令和六年十二月 -> 令和6年12月)."""
    text = unicodedata.normalize("NFKC", text)
    if not _KANJI_NUMBER.search(text):
        return text

    def digits(m: re.Match) -> str:
        n = kanji_number(m.group(0))
        return m.group(0) if n is None else str(n)

    return _KANJI_NUMBER.sub(digits, text)


def era_year(era: str, year: str) -> int:
    n = 1 if year == "元" else int(year)
    return ERAS[era].year + n - 1


def find_dates(text: str) -> list[str]:
    """All full dates (和暦 era, year, month, day, or a Western year) in `text`, as ISO strings, in order."""
    out = []
    for m in _DATE_RE.finditer(_fold(text)):
        try:
            if m.group("day"):
                d = date(era_year(m["era"], m["year"]), int(m["month"]), int(m["day"]))
            elif m.group("wday"):
                d = date(int(m["wyear"]), int(m["wmonth"]), int(m["wday"]))
            elif m.group("sday"):
                d = date(int(m["syear"]), int(m["smonth"]), int(m["sday"]))
            else:
                continue
        except ValueError:
            continue
        out.append(d.isoformat())
    return out


def to_wareki(iso: str) -> str:
    """2022-07-11 -> 令和4年7月11日 (元年 for the first year)."""
    d = date.fromisoformat(iso)
    era = max((e for e, start in ERAS.items() if start <= d), key=lambda e: ERAS[e])
    n = d.year - ERAS[era].year + 1
    return f"{era}{'元' if n == 1 else n}年{d.month}月{d.day}日"


def fiscal_year_of(iso: str) -> int:
    """The fiscal year (年度, April to March) a date falls in: 2022-02-14 -> 2021."""
    d = date.fromisoformat(iso)
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_label(fy: int) -> str:
    """2021 -> 令和3年度; 2019 -> 令和元年度 (the era the fiscal year ends in, as councils write it)."""
    end = date(fy + 1, 3, 31)
    era = max((e for e, start in ERAS.items() if start <= end), key=lambda e: ERAS[e])
    n = fy - ERAS[era].year + 1
    if n < 1:  # a fiscal year that began before its era: count in the era it began in
        era = max((e for e, start in ERAS.items() if start <= date(fy, 4, 1)), key=lambda e: ERAS[e])
        n = fy - ERAS[era].year + 1
    return f"{era}{'元' if n == 1 else n}年度"


def parse_fiscal_year(text: str) -> int:
    """令和3年度, R3, 2021年度, 2021 -> 2021. DateError otherwise."""
    raw = text
    t = _fold(text).strip()
    m = re.fullmatch(r"(\d{4})(?:年度?)?", t)
    if m:
        return int(m[1])
    m = re.fullmatch(r"([MTSHR])(\d{1,2}|元)(?:年度?)?", t, re.I)
    if m:
        return era_year(ERA_ABBREV[m[1].upper()], m[2])
    m = re.fullmatch(rf"({_ERA_RE})\s*(元|\d{{1,2}})\s*年度?", t)
    if m:
        return era_year(m[1], m[2])
    raise DateError(f"年度として読めません: {raw!r}（例: 令和3年度、2021年度）")


def parse_range(text: str) -> tuple[str, str]:
    """A date filter word -> inclusive (first ISO day, last ISO day).

    Accepts 和暦 (令和4年, 令和4年7月, 令和4年7月11日, R4), fiscal years (令和3年度,
    R3年度, 2021年度: April to March), ISO (2022, 2022-07, 2022-07-11, 2022/7/11).
    Anything else raises DateError with a message a person can act on.
    """
    raw = text
    text = _fold(text).strip()
    if not text:
        raise DateError("日付が空です")
    m = re.fullmatch(r"(?:(\d{4})|([MTSHR])(\d{1,2}|元)|((?:%s)\s*(?:元|\d{1,2})))\s*年度" % _ERA_RE, text, re.I)
    if m:
        fy = parse_fiscal_year(text)
        return date(fy, 4, 1).isoformat(), date(fy + 1, 3, 31).isoformat()
    m = re.fullmatch(r"([MTSHR])(\d{1,2}|元)(?:[./-](\d{1,2})(?:[./-](\d{1,2}))?)?", text, re.I)
    if m:
        text = f"{ERA_ABBREV[m[1].upper()]}{m[2]}年" + (f"{m[3]}月" if m[3] else "") + (f"{m[4]}日" if m[4] else "")
    m = WAREKI_RE.fullmatch(text)
    if m:
        year = era_year(m["era"], m["year"])
        return _span(raw, year, m["month"], m["day"])
    m = re.fullmatch(r"(\d{4})(?:年)?(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?", text) or re.fullmatch(
        r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", text
    )
    if m:
        return _span(raw, int(m[1]), m[2], m[3])
    raise DateError(f"日付として読めません: {raw!r}（例: 令和4年7月、2022-07-11）")


def _span(raw: str, year: int, month: str | None, day: str | None) -> tuple[str, str]:
    try:
        if month is None:
            return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
        mo = int(month)
        if day is None:
            last = calendar.monthrange(year, mo)[1]
            return date(year, mo, 1).isoformat(), date(year, mo, last).isoformat()
        d = date(year, mo, int(day)).isoformat()
        return d, d
    except ValueError:
        raise DateError(f"存在しない日付です: {raw!r}") from None
