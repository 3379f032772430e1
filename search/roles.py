"""Speaker labels as written -> the four roles people filter by.

Minutes name speakers by role (会長, 委員, 区側), by title (情報公開係長, 総務部長) or
by name and title (山口委員, 議長（山田太郎君）). The facet needs one of four values:
会長 (the presiding chair), 委員 (members), 説明員 (the executive side answering),
事務局 (the secretariat, where the minutes tell it apart).
"""

from __future__ import annotations

import re
import unicodedata

CHAIR = "会長"
MEMBER = "委員"
OFFICIAL = "説明員"
SECRETARIAT = "事務局"

# Presiding chairs, whatever the body calls them.
_CHAIR_RE = re.compile(r"(副?会長|会長職務代理(者)?|議長|副議長|委員長|副委員長|座長|部会長|分科会長)$")
_SECRETARIAT_RE = re.compile(r"事務局")
# Members of the council (not the 委員長, which is the chair of a committee).
_MEMBER_RE = re.compile(r"(委員|議員|構成員|専門委員|臨時委員)$")
# Executive side: "区側", "市側", "町側", departments, officials' titles.
_OFFICIAL_RE = re.compile(
    r"(区側|市側|町側|村側|都側|県側|担当課|所管課|諮問課|説明員|理事者|"
    r"(部|課|局|室|係|所|センター|庁)長?(補佐)?$|主事|主査|主任|係員|職員|参事|次長|区長|市長|町長|村長|知事|副区長|副市長|"
    r"課$|部$|室$|係$|担当$)"
)


def _core(label: str) -> str:
    """Strip names in brackets and honorifics: 議長（山田太郎君） -> 議長."""
    s = unicodedata.normalize("NFKC", label).strip()
    s = re.sub(r"[（(][^）)]*[）)]", "", s)
    s = re.sub(r"(君|さん|氏|様)$", "", s).strip()
    return s


def normalize_role(label: str) -> str | None:
    """The role of a speaker label, or None when the label says nothing of one."""
    core = _core(label)
    if not core:
        return None
    if _SECRETARIAT_RE.search(core):
        return SECRETARIAT
    if _CHAIR_RE.search(core):
        return CHAIR
    if _MEMBER_RE.search(core):
        return MEMBER
    if _OFFICIAL_RE.search(core):
        return OFFICIAL
    return None
