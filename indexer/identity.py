"""Who is who: a person id for every record whose label names someone, one person across meetings.

indexer/people.py reads a label alone (議長（山田花子君） -> 山田花子, 議長). This module ties
the names of one meeting together and gives each person an id:

- A full name is one person within a place: `<municipality>-<name>` (the Diet: `国会-<name>`).
  Two people of the same name in different councils are two people.
- A surname-only name (山田委員長, 落野臨時委員長, 盛山国務大臣) is resolved to the full name only
  when exactly one name of the same meeting (its attendance list, its other labels) starts with
  that surname; a Diet disambiguator (吉川（元）) narrows the names to those whose given name
  starts with it. Otherwise the name stays a label-person of that meeting alone
  (`<place>-<name>~<meeting id>`): two people are never merged on a guess.
- A label with no name (議長, 19番, 総務課長) gives no person.

`assign(meeting)` sets `Record.pid` on every record and `Meeting.people`, the meeting's people
(id, name, titles, labels, records, items), which the search backend gathers into its people table.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

from kaigiroku.search.model import Meeting
from kaigiroku.search.people import is_diet, place_of

from .clean import fold
from .people import split_label

# What ends a given name in an attendance list squashed of its spaces: an honorific, a title, a seat.
_STOP = re.compile(r"君|議員|委員長|委員|理事|副|議長|会長|部長|課長|係長|主事|次長|室長|局長|市長|町長|村長|知事|大臣|参考人|"
                   r"政務官|事務|[\d０-９、，,・･\s（）()\[\]［］〔〕【】<>＜＞〈〉〇○◯—－\-:：;；。]")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff々〆ヶぁ-んァ-ヶー\U000E0100-\U000E01EF]")
# What a title or an honorific ends with: a name may follow it directly in a squashed list.
_TITLE_END = re.compile(r"(長|官|員|君|者|事|監|臣|人|番|理|役|師|士)$")
_DISAMBIGUATED = re.compile(r"(.+)（(.{1,3})）")
MAX_GIVEN = 4  # characters of a given name read after a surname in an attendance list


def _given_after(text: str, start: int) -> str:
    """The given name that follows a surname ending at `start` in a squashed list ("" for none)."""
    out = ""
    i = start
    while i < len(text) and len(out) < MAX_GIVEN:
        if _STOP.match(text, i) or not _NAME_CHAR.match(text[i]):
            break
        out += text[i]
        i += 1
    if (i < len(text) and len(out) == MAX_GIVEN and not _STOP.match(text, i)) or (out and i < len(text) and not _STOP.match(text, i)):
        # Runs on into a title the stop words do not know (隆広企画商工課参事): the given name only
        # where the dictionary reads one.
        return _dictionary_given(text[start:start + MAX_GIVEN + 6])
    if len(out) >= 3:  # 浩也住民 before 課長: the dictionary's given name when it reads a shorter one
        d = _dictionary_given(text[start:start + MAX_GIVEN + 6])
        if d and len(d) < len(out):
            return d
    return out


def _dictionary_given(text: str) -> str:
    from sudachipy import SplitMode

    from .people import _tokenizer

    tokens = list(_tokenizer().tokenize(text, SplitMode.C))
    if tokens and tokens[0].part_of_speech()[2:4] == ("人名", "名") and len(tokens[0].surface()) <= MAX_GIVEN:
        return tokens[0].surface()
    return ""


# Before a name in an attendance list: a member's seat or title (council), or another title (staff).
_COUNCIL_BEFORE = re.compile(r"(番|議員|委員長?|理事|議長|会長|君|^)$")
COUNCIL = ("chair", "member")


def group_of(role: str) -> str:
    """Members and chairs speak for the council, the rest for the executive: a surname is never
    resolved to a name of the other side (菅企画商工課参事 is not 菅敏範議員)."""
    return "council" if role in COUNCIL else "staff"


def full_names(surname: str, lists: list[str], others: dict[str, str], group: str | None = None) -> set[str]:
    """The full names of the meeting that start with `surname`: in the attendance lists (squashed)
    and among the whole names of the other labels (name -> group), of `group` when given."""
    found = {n for n, g in others.items() if n != surname and n.startswith(surname) and group in (None, g)}
    for text in lists:
        start = text.find(surname)
        while start >= 0:  # every place the surname stands (a string search: no pattern made per name)
            end, at, start = start + len(surname), start, text.find(surname, start + 1)
            if at > 0 and _NAME_CHAR.match(text[at - 1]) and not _TITLE_END.search(text[:at]):
                continue  # inside another word (the 山田 of 小山田)
            before = "council" if _COUNCIL_BEFORE.search(text[max(0, at - 3):at]) else "staff"
            if group is not None and before != group:
                continue
            given = _given_after(text, end)
            if given:
                found.add(surname + given)
    return found


def _has_given(name: str) -> bool:
    """Whether the dictionary reads a given name in `name` (山田花子: 山田 + 花子)."""
    from .people import _tokenizer
    from sudachipy import SplitMode

    return any(t.part_of_speech()[2:4] == ("人名", "名") for t in _tokenizer().tokenize(name, SplitMode.C))


@lru_cache(maxsize=16384)
def _named_whole(name: str, label: str) -> bool:
    """Whether a label gives `name` as a whole name: in brackets or with an honorific
    (議長（山田花子君）, 石井準一君, 委員長（平山たかお））, or run into the title but long enough
    to hold a given name (安田清之議会運営委員長, 菅敏範議員)."""
    if _DISAMBIGUATED.fullmatch(name):
        return False
    s = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", label))
    if any(o + name in s for o in "（(") or any(name + h in s for h in ("君", "さん", "氏")):
        return len(name) >= 3 or _has_given(name)
    return len(name) >= 4 or (len(name) == 3 and _has_given(name))


def assign(m: Meeting) -> Meeting:
    """Set each record's `pid` and the meeting's `people`; returns the meeting."""
    place = place_of(m)
    split = {r.order: split_label(r.speaker) for r in m.records}
    names = {o: p for o, (p, _) in split.items()}
    whole = {names[r.order]: group_of(r.role) for r in m.records
             if names[r.order] and _named_whole(names[r.order], r.speaker)}
    lists = [fold(t) for t in (*m.attendees, *m.absent)]
    resolved: dict[str, tuple[str, bool]] = {}  # name as read -> (name, whole person?)
    for r in m.records:
        name = names[r.order]
        if not name or name in resolved:
            continue
        if name in whole:
            resolved[name] = (name, True)
            continue
        d = _DISAMBIGUATED.fullmatch(name)
        surname, hint = (d[1], d[2]) if d else (name, "")
        group = group_of(r.role)
        found = {n for n in full_names(surname, lists, whole, group) if n.startswith(surname + hint) and n != name}
        if not found and not d:
            # 盛山国務大臣 read as 盛山国務 + 大臣: a shorter surname that one name of the meeting has
            for k in range(len(name) - 1, 0, -1):
                found = full_names(name[:k], lists, whole, group)
                if found:
                    break
        resolved[name] = (found.pop(), True) if len(found) == 1 else (name, False)
    people: dict[str, dict] = {}
    for r in m.records:
        name = names[r.order]
        if not name:
            r.pid = ""
            continue
        whole, ok = resolved[name]
        if ok and place:
            pid = f"{place}-{whole}"
        else:
            pid = f"{place or '?'}-{whole}~{m.id}"
        r.pid = pid
        p = people.setdefault(pid, {"id": pid, "name": whole, "place": place, "titles": [], "labels": [],
                                    "records": 0, "items": [], "roles": []})
        title = split[r.order][1]
        if title and title not in p["titles"] and not re.fullmatch(r"\d{1,3}番", title):
            p["titles"].append(title)
        if r.speaker not in p["labels"]:
            p["labels"].append(r.speaker)
        if r.role not in p["roles"]:
            p["roles"].append(r.role)
        if r.item is not None and r.item not in p["items"]:
            p["items"].append(r.item)
        p["records"] += 1
    m.people = list(people.values())
    return m


_REFERRAL = re.compile(r"([^\s、。，,「」（）()]{1,30}?委員会)に(?:審査を)?付託")


def mark_referrals(m: Meeting) -> Meeting:
    """Set `AgendaItem.referred` where a record of the item refers it to a committee (総務常任委員会に
    付託します): a bill's referral is a step of its own (search/bills.py)."""
    for r in m.records:
        if r.item is None or r.item >= len(m.items) or m.items[r.item].referred is not None:
            continue
        if "付託" in r.text and not re.search(r"付託(された|されて|され|済み|を受けた)", r.text):
            found = _REFERRAL.search(unicodedata.normalize("NFKC", r.text))
            m.items[r.item].referred = found[1] if found else ""
    return m


__all__ = ["assign", "mark_referrals", "full_names", "is_diet", "place_of"]
