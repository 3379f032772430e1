"""Speaker labels as written -> the five roles people filter by.

Minutes name a speaker by title (議長, 委員, 区側, 情報公開係長), by name and title
(山口委員, 議長（山田太郎君）, 北 三郎委員長) or by name alone (佐藤花子君). The role is
read from a closed vocabulary of titles, anchored at the end of the label: the
longest title the label ends with decides. A few titles (the chairs, 副議長, 職務代理者)
depend on the meeting: who presides it is read at ingest, in the meeting's context
(indexer/presiding.py). Roles are stored as keys (`chair`, `member`, `executive`, `secretariat`, `other`);
people read the Japanese labels of ROLE_LABELS.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CHAIR = "chair"
MEMBER = "member"
EXECUTIVE = "executive"
SECRETARIAT = "secretariat"
OTHER = "other"
ROLE_LABELS = {
    CHAIR: "議長・委員長・会長",
    MEMBER: "議員・委員",
    EXECUTIVE: "執行機関・説明員",
    SECRETARIAT: "事務局",
    OTHER: "参考人など",
}
# What people type for a role, besides the key and its label: today's values and each title of the label.
ROLE_WORDS = {
    CHAIR: ("議長", "委員長", "会長", "座長", "司会者"),
    MEMBER: ("議員", "委員", "構成員"),
    EXECUTIVE: ("執行機関", "説明員", "理事者", "当局"),
    SECRETARIAT: ("事務局",),
    OTHER: ("参考人など", "参考人", "公述人", "その他"),
}

# The vocabulary: title (the end of a label) | role | the chair it is (presides) | acting
# ("acting" titles preside only while presiding). Read top to bottom; the longest match wins.
_VOCABULARY = """
議長 | chair | 議長 |
副議長 | member | 議長 | acting
仮議長 | member | 議長 | acting
臨時議長 | member | 議長 | acting
議長職務代理者 | member | 議長 | acting
委員長 | chair | 委員長 |
副委員長 | member | 委員長 | acting
委員長代理 | member | 委員長 | acting
委員長職務代理者 | member | 委員長 | acting
小委員長 | chair | 小委員長 |
会長 | chair | 会長 |
副会長 | member | 会長 | acting
会長代理 | member | 会長 | acting
会長職務代理 | member | 会長 | acting
会長職務代理者 | member | 会長 | acting
職務代理者 | member | * | acting
年長委員 | member | * | acting
座長 | chair | 座長 |
副座長 | member | 座長 | acting
部会長 | chair | 部会長 |
理事長 | chair | 理事長 |
副部会長 | member | 部会長 | acting
分科会長 | chair | 分科会長 |
審査会長 | chair | 会長 |
教育長 | executive | 教育長 |
教育長職務代理者 | member | 教育長 | acting
議員 | member | |
委員 | member | |
番 | member | |
構成員 | member | |
理事 | executive | |
大臣 | executive | |
國務大臣 | executive | |
副大臣 | executive | |
大臣政務官 | executive | |
政務官 | executive | |
政務次官 | executive | |
政府委員 | executive | |
政府参考人 | executive | |
政府特別補佐人 | executive | |
長官 | executive | |
副長官 | executive | |
総裁 | executive | |
臨時委員長 | member | 委員長 | acting
臨時会長 | member | 会長 | acting
提出者 | member | |
発議者 | member | |
提案者 | member | |
紹介議員 | member | |
質問者 | member | |
学識経験者 | member | |
監査委員 | executive | |
代表監査委員 | executive | |
選挙管理委員長 | executive | |
教育委員長 | executive | 教育長 |
市長 | executive | |
区長 | executive | |
町長 | executive | |
村長 | executive | |
知事 | executive | |
助役 | executive | |
収入役 | executive | |
管理者 | executive | |
会計管理者 | executive | |
説明員 | executive | |
説明者 | executive | |
理事者 | executive | |
答弁者 | executive | |
当局 | executive | |
執行部 | executive | |
側 | executive | |
諮問庁 | executive | |
実施機関 | executive | |
長 | executive | |
部 | executive | |
局 | executive | |
課 | executive | |
室 | executive | |
係 | executive | |
班 | executive | |
所 | executive | |
庁 | executive | |
センター | executive | |
担当 | executive | |
担当者 | executive | |
職員 | executive | |
参事 | executive | |
副参事 | executive | |
参与 | executive | |
主幹 | executive | |
主査 | executive | |
主任 | executive | |
主事 | executive | |
技師 | executive | |
技監 | executive | |
監 | executive | |
補佐 | executive | |
代理 | executive | |
調整官 | executive | |
専門官 | executive | |
専門員 | executive | |
幹事 | executive | |
保健師 | executive | |
事務局 | secretariat | |
事務局長 | secretariat | |
事務局次長 | secretariat | |
事務局員 | secretariat | |
事務局職員 | secretariat | |
書記 | secretariat | |
書記長 | secretariat | |
庶務 | secretariat | |
司会 | secretariat | |
司会者 | secretariat | |
参考人 | other | |
公述人 | other | |
証人 | other | |
陳述人 | other | |
意見陳述人 | other | |
請願者 | other | |
陳情者 | other | |
申立人 | other | |
傍聴者 | other | |
傍聴人 | other | |
講師 | other | |
教授 | other | |
准教授 | other | |
弁護士 | other | |
医師 | other | |
研究員 | other | |
来賓 | other | |
オブザーバー | other | |
アドバイザー | other | |
"""
# Words that end like a title and are not one: header keys and places (場所 is never a role).
_NOT_TITLES = ("場所", "住所", "箇所", "個所", "会場所", "日時", "開会", "閉会", "散会", "議長席", "委員会室",
               "議事", "議題", "報告", "説明", "以上", "傍聴", "司会進行", "質問", "回答", "答弁", "意見", "関係")
# A label that starts like this heads an attendance list or a signature, never a turn (出席議員（20名）).
_LIST_HEADS = ("出席", "欠席", "説明のため", "職務のため", "委員外", "会議録署名", "署名", "傍聴", "出欠")
# Parts of a label that name the speaker's assembly staff: they are the secretariat, whatever the title.
SECRETARIAT_UNITS = re.compile(r"^事務局|議会事務局|議会局|議事(調査)?課|議事係|議会総務課|議事調査係|議会課")
@dataclass(frozen=True)
class Title:
    suffix: str
    role: str
    presides: str = ""  # the chair this title is ("*": whichever chair the meeting has)
    acting: bool = False  # presides only while presiding


def _load(table: str) -> tuple[Title, ...]:
    out = []
    for row in table.strip().splitlines():
        suffix, role, presides, acting = (c.strip() for c in row.split("|"))
        out.append(Title(suffix, role, presides, acting == "acting"))
    return tuple(sorted(out, key=lambda t: -len(t.suffix)))


TITLES = _load(_VOCABULARY)
_BY_SUFFIX = {t.suffix: t for t in TITLES}
_LONGEST = max(len(t.suffix) for t in TITLES)
ROLES = (CHAIR, MEMBER, EXECUTIVE, SECRETARIAT, OTHER)
_NAME_ONLY = re.compile(r"(君|さん|氏|様|殿)$")
_NUMBERED = re.compile(r"^\d{1,3}番$")


@lru_cache(maxsize=4096)
def core(label: str) -> str:
    """The title part of a label: 議長（山田太郎君） -> 議長, 北 三郎委員長 -> 北三郎委員長, 18番（田中君） -> 18番."""
    s = unicodedata.normalize("NFKC", label)
    s = re.sub(r"\s+", "", s).strip("・•:：")
    s = re.sub(r"^[0-9]{1,2}[.)]", "", s)  # 3.出席委員: the number of a header's line
    if s.endswith((")", "）")) and not re.search(r"[(（]", s):
        s = s[:-1]  # a half bracket: 山本委員長)
    outside, inside = split_brackets(s)
    if outside and not inside and not title_of(outside):
        # 議長吉村裕之君, 理事長大矢敏子: a title, then the name whose bracket the text lost
        t = next((_BY_SUFFIX[outside[:k]] for k in range(min(_LONGEST, len(outside)), 1, -1)
                  if outside[:k] in _BY_SUFFIX), None)
        if t is not None:
            name = outside[len(t.suffix):]
            if (_NAME_ONLY.search(name) and len(name) >= 3) or re.fullmatch(r"[\u4e00-\u9fff々ヶ]{3,5}", name):
                return t.suffix
    if outside and (title_of(outside) or not inside or _NAME_ONLY.search(inside) or len(outside) > 6):
        return outside
    return inside or outside  # 山田(委員): the name outside, the title inside


_OPEN, _CLOSE = "(（[［〔【<＜", ")）]］〕】>＞"


def split_brackets(s: str) -> tuple[str, str]:
    """(text outside brackets, text inside the outermost brackets), nested brackets counted."""
    outside, inside, depth = [], [], 0
    for c in s:
        if c in _OPEN:
            depth += 1
            if depth == 1:
                continue
        elif c in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                continue
        (inside if depth else outside).append(c)
    return "".join(outside), "".join(inside)


# Labels of question-and-answer records that are a whole word, never the end of one: 問, 答, Q, A.
_WHOLE_WORDS = {"問": MEMBER, "質問": MEMBER, "意見": MEMBER, "Q": MEMBER, "答": EXECUTIVE, "回答": EXECUTIVE,
                "答弁": EXECUTIVE, "A": EXECUTIVE}
# An anonymised or numbered member after the title: 委員A, 委員1, 委員Ａ.
_TRAILING_ID = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z0-9]{1,2}$")


@lru_cache(maxsize=8192)
def title_of(text: str) -> Title | None:
    """The longest title of the vocabulary that `text` ends with, or None (場所, 日時, a bare name)."""
    if text in _WHOLE_WORDS:
        return Title(text, _WHOLE_WORDS[text])
    text = _TRAILING_ID.sub("", text)
    if not text or text.endswith(_NOT_TITLES) or _NAME_ONLY.search(text) or text.startswith(_LIST_HEADS):
        return None
    for k in range(min(_LONGEST, len(text)), 0, -1):
        t = _BY_SUFFIX.get(text[-k:])
        if t is None:
            continue
        if t.suffix == "番" and not _NUMBERED.match(text):
            continue
        if len(text) < 2:
            continue  # a lone 課, 部 or 長 (代表取締役社|長, a word wrapped at the margin) is not a speaker
        return t
    return None


def is_name_only(label: str) -> bool:
    """佐藤花子君, （佐藤花子君）: a person named without a title."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label)).strip("()（）")
    return bool(_NAME_ONLY.search(s)) and 2 <= len(s) <= 12 and not title_of(core(label))


def secretariat_unit(c: str) -> bool:
    """事務局（山田）, 議会事務局議事課: a unit of the secretariat named as the speaker (not 事務局から説明)."""
    return bool(SECRETARIAT_UNITS.search(c)) and not re.search(r"[\u3041-\u3093]", c) and not c.endswith(_NOT_TITLES)


def has_title(label: str) -> bool:
    """Whether a label names a role at all (a title of the vocabulary, or a person called 君)."""
    c = core(label)
    return bool(c) and (title_of(c) is not None or is_name_only(label) or secretariat_unit(c))


def role_label(role: str) -> str:
    """The Japanese label people read for a stored role key."""
    return ROLE_LABELS.get(role, role)


def parse_role(value: str) -> str | None:
    """What a person typed for a role (a key, a label, 会長, 説明員 …) -> the key, or None."""
    v = unicodedata.normalize("NFKC", value).strip()
    if v.lower() in ROLES:
        return v.lower()
    for key, label in ROLE_LABELS.items():
        if v == label or v in label.split("・") or v in ROLE_WORDS[key]:
            return key
    return None
