"""Agenda headings in the body of minutes, and the lines that are not speech.

A heading is a line that is not a sentence and opens with the way councils
number their business. Sections (`3 諮問事項`, `日程第1 …`, `△開会`, `◎会議録署名議員
の指名`) group topics (`（1）…について`, `ア …`, `①`, `議題1`, `議案第3号 …`,
`諮問第12号 …`). Each form is one row of HEADINGS. Whether a heading-shaped line
is a heading is decided by where it stands (between speeches; see
layouts/transcripts.py), never by its length.

Stage directions (（拍手）, 〔「異議なし」と呼ぶ者あり〕, (賛成者挙手), （休憩）, 午後3時
再開) and attendance counts are never speech.
"""

from __future__ import annotations

import re
import unicodedata

from .clean import ends_sentence
from .speakers import CLOSE, OPEN

_N = r"[0-9０-９]{1,3}"
_KN = r"[0-9０-９一二三四五六七八九十]{1,4}"
_BILL = r"(?:諮問|議案|議第|報告|請願|陳情|発議|発議案|承認|認定|同意|選任|意見書案|決議案|議員提出議案|委員会提出議案|市長提出議案|協議案|付議)"
# (level, pattern with groups `num` and `title`): the ways a heading opens, first match wins.
HEADINGS: tuple[tuple[str, re.Pattern], ...] = tuple((level, re.compile(p)) for level, p in (
    ("section", rf"^[ \u3000]*[△▲◇◆■□◎○〇●]?[ \u3000]*(?P<num>日程第[ \u3000]*{_KN})(?:[ \u3000、,]*(?P<title>\S.*))?$"),
    ("topic", rf"^[ \u3000]*[△▲◇◆■□◎○〇●・]?[ \u3000]*(?P<num>{_BILL}第[ \u3000]*{_KN}[ \u3000]*号)(?P<title>.*)$"),
    ("section", rf"^[ \u3000]*(?P<num>{_N})[ \u3000\t.．、]+(?P<title>\S.*)$"),
    ("section", rf"^[ \u3000]*(?P<num>第[ \u3000]*{_KN})[ \u3000]+(?P<title>\S.*)$"),
    ("topic", rf"^[ \u3000]*[（(][ \u3000]*(?P<num>{_N})[ \u3000]*[）)][ \u3000]*(?P<title>\S.*)$"),
    ("topic", r"^[ \u3000]*(?P<num>[①-⑳㉑-㉟])[ \u3000]*(?P<title>\S.*)$"),
    ("topic", r"^[ \u3000]*(?P<num>[アイウエオカキクケコサシスセソタチツテト])[ \u3000.．、)）]+(?P<title>\S.*)$"),
    ("topic", rf"^[ \u3000]*(?P<num>議題[ \u3000]*[（(]?{_N}[）)]?)[ \u3000:：.．、]*(?P<title>\S.*)?$"),
    ("section", r"^[ \u3000]*[△▲◇■□◎○〇●◆][ \u3000]*(?P<num>)(?P<title>\S.*)$"),
    ("section", r"^[ \u3000]*【(?P<num>)(?P<title>[^】]+)】[ \u3000]*$"),
))
END_RE = re.compile(r"^[ \u3000]*[（(－\-—―〜~]*[ \u3000]*以[ \u3000]*上[ \u3000]*[)）－\-—―〜~]*[ \u3000]*$")
# The certificate after the record (…ここに署名する。 議長 山田太郎): the minutes have ended.
SIGNATURE_RE = re.compile(r"(ここに|これに)(署名|記名)(押印)?(する|します|いたします)|相違ない(こと|旨)を証する")
_ENUMERATORS = re.compile(r"[（(]?[0-9０-９①-⑳]+[）)]?|[アイウエオ][.．、]?|[\s\u3000・、,|｜/／]")
_TIME = re.compile(r"^[ \u3000]*[（(〔]?(?:午前|午後)[ \u3000]*[0-9０-９一二三四五六七八九十]{1,3}[ \u3000]*時(?:[ \u3000]*[0-9０-９一二三四五六七八九十〇]{1,3}[ \u3000]*分)?[^。]{0,12}[）)〕]?[ \u3000]*$")
_VERB_END = re.compile(r"(ます|です|ました|でした|ません|ください|たい|ですね|ですか|ますか)[。．]?$")


def heading(text: str) -> tuple[str, str, str] | None:
    """(level, number, title) of a heading-shaped line, or None.

    A line that ends a sentence, or a row of enumerators only (`(1) (2) (3)`), is not one.
    """
    t = text.rstrip(" \u3000\t")
    if not t.strip() or len(t) > 240:
        return None
    for level, rx in HEADINGS:
        m = rx.match(t)
        if not m:
            continue
        title = (m["title"] or "").strip(" \u3000\t")
        num = unicodedata.normalize("NFKC", m["num"] or "").replace(" ", "")
        whole = (num + title).strip()
        if not whole or ends_sentence(title) and not title.endswith(("）", ")", "」")) or _VERB_END.search(title):
            return None
        if len(_ENUMERATORS.sub("", whole)) < 2:
            return None  # (1) (2) (3): a row of links, not an item
        if not num and len(title) > 60:
            return None
        return level, num, title
    return None


def section(text: str) -> tuple[str, str] | None:
    """(number, title) of a numbered section heading (`3 諮問事項`), or None."""
    h = heading(text)
    return (h[1], h[2]) if h and h[0] == "section" and h[1] and h[1][0].isdigit() and "、" not in h[2] else None


def topic(text: str) -> tuple[str, str] | None:
    """(number, title) of a topic heading in brackets (`（1）…について`), or None."""
    h = heading(text)
    return (h[1], h[2]) if h and h[0] == "topic" and h[1].isdigit() else None


def is_end(text: str) -> bool:
    """`以上`, or the signatures' certificate: the minutes end here; what follows is not the meeting."""
    return bool(END_RE.match(text) or SIGNATURE_RE.search(text))


def is_stage_direction(text: str) -> bool:
    """A line that is one bracketed note, a time stamp or a count: （拍手）, 〔「異議なし」と呼ぶ者あり〕,
    (8人), 午後3時10分休憩. Whether a bracketed label is a speaker is for the caller to ask first."""
    t = text.strip(" \u3000\t")
    if not t:
        return False
    if _TIME.match(t):
        return True
    if t[0] in OPEN and t[-1] in CLOSE:
        depth = 0
        for k, c in enumerate(t):
            depth += (c in OPEN) - (c in CLOSE)
            if depth == 0 and k < len(t) - 1:
                # (資料により説明)(約11分): several notes in a row are notes too
                return all(is_stage_direction(p) for p in re.findall(r"[（(〔［\[【<＜][^）)〕］\]】>＞]*[）)〕］\]】>＞]", t)) \
                    and not re.sub(r"[（(〔［\[【<＜][^）)〕］\]】>＞]*[）)〕］\]】>＞]", "", t).strip()
        return True
    return False


def leading_stage(text: str) -> tuple[str, str]:
    """Split stage notes off the start of a turn's text: `〔登壇〕ただいまの…` -> (`〔登壇〕`, `ただいまの…`)."""
    m = re.match(r"^(?:[ \u3000]*(?:[〔（(［\[][^〔〕（）()［］\[\]]{0,30}[〕）)］\]]|(?:登壇|降壇)(?=[ \u3000〔（(［\[])))+", text)
    if not m:
        return "", text
    from .speakers import is_stage_label

    notes = m.group(0)
    inner = re.findall(r"[〔（(［\[]([^〔〕（）()［］\[\]]*)[〕）)］\]]|(登壇|降壇)", notes)
    inner = [a or b for a, b in inner]
    if all(is_stage_label(x) or not x.strip() for x in inner):
        return notes.strip(), text[m.end():].lstrip(" \u3000")
    return "", text
