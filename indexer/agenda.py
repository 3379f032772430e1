"""The order of business of an assembly, read from what the chair announces.

Plenaries and committees of assemblies number their business 日程第N (追加日程第N),
and the chair opens each entry by saying so: 「日程第１、会議録署名議員の指名を行います」,
「次に、日程第２、議案第12号から日程第40、議案第50号に至る39件を一括議題といたします」.
Minutes print the same announcement as a heading (◎日程第１ …, △１．日程第１、…), as a
line inside the chair's speech (●日程１ …), as a row of a flattened table (日程1 〃 …),
or only in the chair's words. Whichever it is, an entry of the order of business is one
agenda item, and entries announced together are one item each that share the debate.

`announcements` finds them in a piece of text (a line, or a turn's speech) by where a
sentence starts; `plan` reads the titles the header's 議事日程 gives each entry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kaigiroku.search.wareki import kanji_number

_NUM = r"[0-9０-９〇一二三四五六七八九十百]{1,4}"
_ENTRY = rf"(?P<add>追加)?[ \u3000]*日[ \u3000]*程[ \u3000]*(?:第[ \u3000]*)?(?P<n>{_NUM})(?![0-9０-９]*[ \u3000]*号)"
_RANGE = rf"(?:[^。]{{0,60}}?(?:から|ないし|乃至|～|〜)[ \u3000、]*(?:追加)?日[ \u3000]*程[ \u3000]*(?:第[ \u3000]*)?(?P<m>{_NUM}))?"
# What may stand before the entry at the start of a line or sentence: marks, a heading's number, a connective.
_LEAD = (r"(?:[ \u3000]*[●◎△▲○〇◇◆■□・][ \u3000]*|[ \u3000]*[0-9０-９]{1,2}[．.][ \u3000]*)*[ \u3000]*"
         r"(?:(?:次に|それでは|これより|続いて|引き続き|ただいまから|では)[、，,]?[ \u3000]*)?")
_AT_LINE_START = re.compile("^" + _LEAD + _ENTRY + _RANGE)
_AT_SENTENCE = re.compile(r"(?<=[。」])" + _LEAD + _ENTRY + _RANGE)
# Mid-sentence, after a comma, only when the sentence puts the entry on the floor (…については、日程第15から
# 日程第17までを一括議題とし…).
# A 審議会's chair puts business on the floor by its heading's words: 「議題１、…について」, 「諮問事項（２）…」.
_SPOKEN = re.compile(r"(?:^|(?<=[。」]))" + _LEAD + r"(?P<word>議題|諮問事項|審議事項|協議事項|報告事項)[ \u3000]*[（(]?"
                     rf"(?P<n>{_NUM})[）)]?(?=[ \u3000、，,．.]|の)")
# A committee's chair puts a bill on the floor by its number: 「陳情第３号を議題とします」, 「次に、議案第12号を議題とします」.
_BILL_KINDS = r"議案|議第|陳情|請願|報告|諮問|意見書案|承認|認定|同意|発議"
_BILL_NUMBER = re.compile(rf"(?P<kind>{_BILL_KINDS})第[ \u3000]*(?P<n>{_NUM})[ \u3000]*号")
_BILL_SPOKEN = re.compile(r"(?:^|(?<=[。」]))" + _LEAD + r"(?=(?:" + _BILL_KINDS + r")第[^。]{0,80}?を(?:一括)?議題と)")
_AFTER_COMMA = re.compile(r"(?<=[、，])[ \u3000]*" + _ENTRY + _RANGE + r"(?=[^。]{0,80}を(?:一括)?議題)")
# A plan's later rows written with a ditto mark: 〃 ２ 会期決定について.
_DITTO_ROW = re.compile(rf"^[ \u3000]*〃[ \u3000]*(?P<n>{_NUM})(?P<rest>[ \u3000].*)$")
# Where the title an announcement gives ends: the verb of the announcement.
_TITLE_END = re.compile(r"を(?:一括)?(?:議題と|議題に|行い|行な|行ない|求めます|問題と|上程)|について(?:を|は|、)|に入り|に入ります|。|$")
# Entries that are the order of business itself, never an agenda item.
PROCEDURAL = re.compile(r"開会|開議|閉会|散会|休会|延会|宣告|あいさつ|挨拶|休憩|再開|閉議")


@dataclass(frozen=True)
class Announcement:
    start: int  # offset of the announcement in the text searched
    numbers: tuple[str, ...]  # ("1",), ("2", "3", …, "40") for a range, "追加1" for 追加日程第1
    title: str  # what the announcement names, as written ("" when only the number)


def _number(s: str) -> int | None:
    s = unicodedata.normalize("NFKC", s).replace(" ", "")
    if s.isdigit():
        return int(s)
    return kanji_number(s)


def _title(rest: str) -> str:
    rest = re.sub(r"^[ \u3000、，,．.の]+", "", rest)
    m = _TITLE_END.search(rest)
    title = rest[:m.start()] if m else rest
    title = re.sub(r"^(?:は|を)[、，,]?", "", title).strip(" \u3000、，,")
    return title[:120]


def _announcement(m: re.Match, text: str) -> Announcement | None:
    first = _number(m["n"])
    if first is None or first == 0 or first > 300:
        return None
    last = _number(m["m"]) if m["m"] else first
    if last is None or last < first or last - first > 100:
        last = first
    prefix = "追加" if m["add"] else ""
    numbers = tuple(f"{prefix}{k}" for k in range(first, last + 1))
    title = clean_title(_title(text[m.end("n"):])) if last == first else ""
    return Announcement(m.start(), numbers, title)


def at_line_start(text: str) -> Announcement | None:
    """The entry a line opens with (◎日程第１ 会議録署名議員の指名, 日程第２、…を議題といたします)."""
    if "程" not in text[:40]:
        return None
    m = _AT_LINE_START.match(text)
    return _announcement(m, text) if m else None


def in_speech(text: str) -> list[Announcement]:
    """Entries the chair announces inside a turn's speech, where a sentence starts (…開きます。日程第１ 一般質問を行います。)."""
    if "程" not in text:
        return []
    found = []
    head = _AT_LINE_START.match(text)
    if head and (a := _announcement(head, text)):
        found.append(a)
    spans = [head.span()] if head else []
    for m in sorted([*_AT_SENTENCE.finditer(text), *_AFTER_COMMA.finditer(text)], key=lambda m: m.start()):
        a = _announcement(m, text)
        if a is None or any(lo <= m.start() < hi for lo, hi in spans):
            continue  # 次に、日程第２…: the comma inside an announcement already found
        found.append(a)
        spans.append(m.span())
    return sorted(found, key=lambda a: a.start)


def bill_key(kind: str, number: str) -> str | None:
    """陳情, ３ -> "陳情3": a bill's number as an entry of the business (議第 is 議案)."""
    n = _number(number)
    return f"{'議案' if kind == '議第' else kind}{n}" if n else None


def spoken(text: str) -> list[Announcement]:
    """Items a chair puts on the floor in words where a sentence starts: a 審議会's 「議題１、…について」
    (("議題1",)), a committee's 「陳情第３号を議題とします」 (("陳情3",))."""
    if "議題" not in text and "事項" not in text:
        return []
    found = []
    for m in _BILL_SPOKEN.finditer(text):
        b = _BILL_NUMBER.match(text, m.end())
        key = bill_key(b["kind"], b["n"]) if b else None
        if key:
            found.append(Announcement(m.start(), (key,), clean_title(_title(text[m.end():]))))
    for m in _SPOKEN.finditer(text):
        n = _number(m["n"])
        if n is None or not 0 < n <= 50:
            continue
        title = clean_title(_title(text[m.end("n"):].lstrip("）)")))
        cut = re.search(r"について|に関して|の件", title)
        found.append(Announcement(m.start(), (f"{m['word']}{n}",), title[:cut.end()] if cut else title))
    return sorted(found, key=lambda a: a.start)


def plan(agenda_field: str) -> dict[str, str]:
    """The titles the header's 議事日程 gives its entries: {"1": "会議録署名議員の指名", "追加1": …}."""
    out: dict[str, str] = {}
    prefix = None
    for line in agenda_field.split("\n"):
        m = _AT_LINE_START.match(line)
        a = _announcement(m, line) if m else None
        if a is not None and len(a.numbers) == 1:
            prefix = "追加" if a.numbers[0].startswith("追加") else ""
            out.setdefault(a.numbers[0], clean_title(line[m.end("n"):]))
            continue
        b = _BILL_NUMBER.search(line[:12])
        if b and line[:b.start()].strip(" \u3000◎○〇●・△") == "" and (key := bill_key(b["kind"], b["n"])):
            out.setdefault(key, clean_title(line[b.start():]))  # 付託案件: 陳情第３号　…を求める陳情
            continue
        d = _DITTO_ROW.match(line)
        if d and prefix is not None and (n := _number(d["n"])):
            out.setdefault(f"{prefix}{n}", clean_title(d["rest"]))
    return out


def clean_title(title: str) -> str:
    """A title as people read it: no leading separators, spaces folded, no table debris (〃, a bare number)."""
    t = re.sub(r"^[ \u3000、，,．.]+", "", title).strip(" \u3000")
    t = re.sub(r"[ \u3000]{2,}", " ", t)
    # 会期決定の件 副 市 長 永 川 郁 郎 君: a column beside the plan, set one character to a cell
    t = re.sub(r"(?:[ \u3000]+[^ \u3000]){4,}[ \u3000]*$", "", t).strip()
    if "〃" in t or not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]{2}", re.sub(r"日\s*程", "", t)):
        return ""
    return t
