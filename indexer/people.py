"""Who a speaker label names, apart from the title it gives: 議長（山田花子君） -> (山田花子, 議長).

Labels write a person and a title in a few ways: the title with the name in brackets
(議長（山田花子君）, １番（山田花子君）, 市長（山田一郎）), the name and a title in brackets with
no title outside ((北岡隆浩議員)), the name run into the title (菅敏範議員, 黒川町長,
安田清之議会運営委員長, 落野臨時委員長), the name called 君 (石井準一君), a title alone
(議長, 総務課長), and the Diet's disambiguated surname (吉川（元）委員). The person is the
name without spaces, honorifics and seat numbers; where the name runs into the title,
the dictionary says where a name ends (a surname, a given name, a place name used as a
surname). A label with no name gives no person: it stays a title.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kaigiroku.search.roles import core, split_brackets, title_of

from .clean import fold

# Words that make a title of a title (副市長, 代表監査委員), never a name.
_TITLE_PREFIX = re.compile(r"副|元|前|新|旧|臨時|代表|総括|主任|首席|筆頭|次|常任|特別|担当|政府|内閣|議会|事務|教育|会計")
# Words that begin a title whose shorter tail the vocabulary knows (国務|大臣, 保健|福祉部長): never a name's end.
_TITLE_HEAD = re.compile(r"(国務|國務|保健|福祉|健康|市民|区民|町民|村民|総務|企画|財務|財政|建設|都市|環境|産業|経済|農林|商工|危機管理|政策)$")
_HONORIFIC = re.compile(r"(君|さん|氏|様|殿)$")
_MARKS = "○◯〇◆◎●◇□■◉・•･"
_CLOSE = ")）]］〕】>＞"


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import Dictionary

    return Dictionary(dict="core").tokenizer()


def _name_prefix(text: str) -> str:
    """The leading tokens of `text` that are a person's name (or a place name used as a surname)."""
    from sudachipy import SplitMode

    out = ""
    for m in _tokenizer().tokenize(text, SplitMode.C):
        pos = m.part_of_speech()
        if pos[1] == "固有名詞" and pos[2] in ("人名", "地名"):
            out += m.surface()
            continue
        break
    return out


def _name_and_title(s: str) -> tuple[str, str]:
    """A label without brackets: (person, title)."""
    if _HONORIFIC.search(s) and not title_of(core(s)):
        return _HONORIFIC.sub("", s), ""  # 石井準一君
    t = title_of(s)
    if t is None:
        return (s, "") if 2 <= len(s) <= 8 and _name_prefix(s) == s else ("", s)  # 山田　花子
    head = s[: len(s) - len(t.suffix)]
    if not head:
        return "", s  # 議長, 委員
    if re.fullmatch(r"\d{1,3}", head):
        return "", s  # 19番
    if len(head) <= 4 and re.fullmatch(r"[\u4e00-\u9fff々ヶ\u3040-\u309f]+", head) and len(t.suffix) >= 2 \
            and not re.search(r"[課部局室所係班会庁院省]$", head) and not _TITLE_PREFIX.fullmatch(head):
        cut = _TITLE_HEAD.search(head)
        if cut and cut.start() >= 1:
            return head[:cut.start()], head[cut.start():] + t.suffix  # 盛山国務大臣, 林保健福祉部長
        return head, t.suffix  # 林政府参考人, 森大臣政務官: a surname the dictionary may not know, then a whole title
    name = _name_prefix(s) if len(head) > 1 else ""
    if not name or len(name) > len(head):
        name = ""
    if not name:
        return "", s  # 総務課長, 議会事務局長
    cut = _TITLE_HEAD.search(name)
    if cut and cut.start() >= 1:
        name = name[:cut.start()]  # 林保健福祉部長: the dictionary read 林保健 as a name
    return name, s[len(name):]


@lru_cache(maxsize=8192)
def split_label(label: str) -> tuple[str, str]:
    """(person, title) of a speaker label; either may be "" (a title alone, a name alone)."""
    s = fold(label).strip(_MARKS)
    if not s:
        return "", ""
    outside, inside = split_brackets(s)
    if inside and outside and len(inside) <= 3 and not _HONORIFIC.search(inside) and s[-1] not in _CLOSE:
        # 吉川（元）委員, 佐々木［雅宏］委員長: a surname shared in the body, told apart in brackets
        k = s.find(inside) - 1
        name, title = _name_and_title(s[:k] + outside[k:])
        head = outside[:k]
        if title and title_of(outside[k:]):
            return f"{head}（{inside}）", outside[k:]
        return name, title
    if inside:
        person, title_inside = _name_and_title(_HONORIFIC.sub("", inside))
        if not person and not title_inside:
            return "", outside
        if _HONORIFIC.search(inside) or not title_of(core(inside)):
            return _HONORIFIC.sub("", inside), outside  # 議長（山田花子君）, 市長（山田一郎）
        return person, (outside or title_inside)  # （北岡隆浩議員）
    return _name_and_title(s)


def person_of(label: str) -> str:
    return split_label(label)[0]
