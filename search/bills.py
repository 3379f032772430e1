"""Bills: one bill across the meetings that handle it, from the agenda items of their headers.

A bill is named by its place (the municipality, 国会 for the Diet), its session (令和6年第4回定例会)
and its normalised number: 議案第12号 and 議第12号 -> 議案12, 市第3号議案 -> 市議案3, 報告第2号 ->
報告2, 請願第1号 -> 請願1, 陳情第5号 -> 陳情5, 意見書案第1号 -> 意見書案1, 諮問第4号 -> 諮問4. An item
that lists several (議案第1号ないし第5号, 議案第1号から第5号まで、第10号) belongs to each. The steps of
a bill are the items that carry its number, in date order: its referral (付託), the committee's
decision, the plenary vote, 継続審査. An item that carries business over from an earlier session
(前会より継続審査の議案第18号) names that session's bill, not this one's of the same number: it gets a
bill of its own (session `…（前会より継続）`), as the earlier session is not named. Engine-free: any
backend feeds it its meeting headers.
"""

from __future__ import annotations

import re
import unicodedata

from .wareki import kanji_number

# The series of numbered business, as written -> the key of the series in a bill id.
_SERIES = (("意見書案", "意見書案"), ("議案", "議案"), ("議", "議案"), ("報告", "報告"), ("請願", "請願"),
           ("陳情", "陳情"), ("諮問", "諮問"), ("発議", "発議"), ("承認", "承認"), ("認定", "認定"))
_NUM = r"[0-9〇一二三四五六七八九十百千]+"
_CITY = re.compile(rf"(市|区|町|村|府|県|都|道)第({_NUM})号議案")
_ONE = re.compile(rf"(?<!委員会)({'|'.join(s for s, _ in _SERIES)})第\s*({_NUM})\s*号")
# 第1号ないし第5号, 第1号から第5号まで, 第１号～第３号: a range of the series just named
_RANGE = re.compile(rf"\s*(?:ないし|から|～|〜|-|－)\s*第\s*({_NUM})\s*号")
_MORE = re.compile(rf"\s*(?:まで)?\s*[、，,及びと並びにおよび]+\s*第\s*({_NUM})\s*号")
COMMITTEE = re.compile(r"委員会|審査会|分科会")
# An item of business carried over from an earlier session (前会より継続審査の…, 第3回定例会から継続審査の…);
# not the session's own decision to keep a bill (閉会中の継続審査について).
_CARRIED = (re.compile(r"(前会|前定例会|定例会|臨時会)(より|から)(の)?継続(審査|審議)"), "前会より継続")  # not a bare 前回: a committee's earlier sitting of the same session
MAX_RANGE = 200  # numbers one item may name through a range


def _n(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    return kanji_number(text)


def numbers_of(title: str, kind: str = "", number: str | None = None) -> list[str]:
    """The normalised bill numbers an item's title names (議案12, 市議案3, 報告2 …), in order."""
    s = unicodedata.normalize("NFKC", title or "")
    s = re.sub(r"日程第\s*\d+", "", s)
    out: list[str] = []
    for m in _CITY.finditer(s):
        if (n := _n(m[2])) is not None:
            out.append(f"{m[1]}議案{n}")
    for m in _ONE.finditer(s):
        series = dict(_SERIES)[m[1]]
        first = _n(m[2])
        if first is None:
            continue
        out.append(f"{series}{first}")
        rest = s[m.end():]
        r = _RANGE.match(rest)
        if r and (last := _n(r[1])) is not None and first < last <= first + MAX_RANGE:
            out.extend(f"{series}{k}" for k in range(first + 1, last + 1))
            rest = rest[r.end():]
        while (more := _MORE.match(rest)) is not None:
            if (k := _n(more[1])) is not None:
                out.append(f"{series}{k}")
            rest = rest[more.end():]
    if not out and number and str(number).isdigit() and kind in ("議案", "請願", "陳情", "報告", "諮問"):
        out.append(f"{kind}{int(number)}")
    return list(dict.fromkeys(out))


def bill_id(place: str, session: str, number: str) -> str:
    session = re.sub(r"[\s/]+", "", unicodedata.normalize("NFKC", session))
    return f"{place}-{session}-{number}"


def is_committee(body: str) -> bool:
    return bool(COMMITTEE.search(body or ""))


def is_plenary(body: str) -> bool:
    """An assembly's plenary or committee (議会, 市会, 委員会), not a 審議会 or a board, which answer or decide."""
    return bool(re.search(r"(?<!審)議会|市会|本会議", body or "")) or (is_committee(body) and not re.search(r"審議会|審査会", body))


def step_label(body: str, outcome: str | None, referred: bool) -> str:
    """What the step did: 付託, 継続審査, 委員会で可決, 本会議で原案可決 …"""
    if outcome == "継続審査":
        return "継続審査"
    if outcome:
        if not is_plenary(body):
            return f"{body}で{outcome}" if body else outcome  # 情報公開・個人情報保護審議会で答申
        where = "委員会で" if is_committee(body) else "本会議で"
        return where + ("原案可決" if outcome == "可決" and not is_committee(body) else outcome)
    if referred:
        return "付託"  # the committee, when named, is the step's `referred`
    return "審議" if is_committee(body) else "上程"


def collect(headers: list[dict], place_of) -> dict[str, dict]:
    """Every bill of these meeting headers (Meeting.to_dict() without records): id -> bill, its
    steps in date order. `place_of(header)` is the place a header's people and bills belong to."""
    bills: dict[str, dict] = {}
    for h in headers:
        place, session = place_of(h), h.get("session") or ""
        if not place or not session:
            continue  # without both, a number names no bill with confidence
        date = h["dates"][-1] if h.get("dates") else ""
        for i, it in enumerate(h.get("items") or ()):
            # 前会より継続審査の議案第18号: a bill of an earlier session, kept under examination; its number names
            # another bill in this session. Which session it came from is not in the title: a bill of its own.
            of = f"{session}（{_CARRIED[1]}）" if _CARRIED[0].search(it.get("title", "")) else session
            for number in numbers_of(it.get("title", ""), it.get("kind", ""), it.get("number")):
                bid = bill_id(place, of, number)
                b = bills.setdefault(bid, {"id": bid, "place": place, "session": of, "number": number,
                                           "kind": re.sub(r"\d+$", "", number), "title": "", "steps": []})
                title = _bare_title(it.get("title", ""))
                if len(title) > len(b["title"]) and len(numbers_of(it.get("title", ""))) <= 1:
                    b["title"] = title
                b["steps"].append({"meeting": h["id"], "meeting_title": h.get("title", ""), "body": h.get("body", ""),
                                   "date": date, "item": f"{h['id']}.{i}", "index": i, "item_title": it.get("title", ""),
                                   "outcome": it.get("outcome"), "votes": it.get("votes"),
                                   "committee": is_committee(h.get("body", "")),
                                   "referred": it.get("referred"),
                                   "step": step_label(h.get("body", ""), it.get("outcome"),
                                                      it.get("referred") is not None or "付託" in it.get("title", ""))})
    for b in bills.values():
        b["steps"].sort(key=lambda s: (s["date"], not s["committee"] and False, s["meeting"], s["index"]))
        decided = [s for s in b["steps"] if s["outcome"]]
        b["outcome"] = decided[-1]["outcome"] if decided else None
        b["latest"] = decided[-1]["step"] if decided else b["steps"][-1]["step"]
        b["title"] = b["title"] or b["steps"][0]["item_title"]
    return bills


def _bare_title(title: str) -> str:
    """An item title without its 日程 number and bill number: what the bill is about."""
    s = unicodedata.normalize("NFKC", title or "")
    s = re.sub(r"^\s*(追加)?日程第\s*\d+\s*", "", s)
    s = _CITY.sub("", s)
    s = _ONE.sub("", s, count=1)
    return s.strip(" 　、")


__all__ = ["bill_id", "collect", "is_committee", "numbers_of", "step_label"]
