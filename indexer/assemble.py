"""Layout-independent assembly of a Meeting from what a layout parser found.

Layout parsers only say what they see: a section heading, a topic heading, a
speaker's turn, a question, an answer. This module turns that stream into agenda
items with kinds, outcomes and votes, records with normalised roles, and Q&A
pairs, by the conventions all these councils share.
"""

from __future__ import annotations

import re
import unicodedata

from kaigiroku.search.model import AgendaItem, Record, Votes
from kaigiroku.search.nfkc import nfkc
from kaigiroku.search.roles import CHAIR, EXECUTIVE, MEMBER, SECRETARIAT

from .presiding import normalize_role

from .clean import join
from .people import split_label

VOTE_RE = re.compile(
    r"賛成\s*(\d+)\s*[名人票]?\s*[、，,\s]\s*反対\s*(\d+)\s*[名人票]?(?:\s*[、，,\s]\s*棄権\s*(\d+)\s*[名人票]?)?"
)
# How a vote went, when no numbers are given (the stage note 〔「異議なし」と呼ぶ者あり〕 included).
VOTE_WAYS = (
    ("全会一致", re.compile(r"全会一致|満場一致|全員一致")),
    ("挙手全員", re.compile(r"挙手全員|全員挙手|全員の挙手|賛成者挙手[)）]?\s*[(（]?全員")),
    ("起立全員", re.compile(r"起立全員|全員起立|全員の起立")),
    ("賛成多数", re.compile(r"賛成多数")),
    ("挙手多数", re.compile(r"挙手多数")),
    ("起立多数", re.compile(r"起立多数")),
    ("異議なし", re.compile(r"(ご|御)?異議なしと認め|「異議なし」と(呼ぶ|言う|発言)")),
)
# A decision stated, not an opinion: 可決すべきものと決定, 可決されました, 不採択とすることに決しました.
_SETTLED = r"(?:と|に)?(?:する|すべき)?(?:もの|こと)?(?:と|に)?(?:決定|決し|決まり|され(?:まし)?た|いたしました|と(?:いた)?します)"
# The vocabulary of outcomes: (stored outcome, how minutes state it). The last statement in an item wins.
OUTCOME_PATTERNS = (
    ("修正可決", re.compile(r"修正(?:案のとおり|どおり)?可決" + _SETTLED)),
    ("可決", re.compile(r"(?<!修正)(?:原案(?:のとおり|どおり|の通り))?可決" + _SETTLED)),
    ("否決", re.compile(r"否決" + _SETTLED)),
    ("不承認", re.compile(r"不承認" + _SETTLED)),
    ("承認", re.compile(r"(?<!不)承認(と(いた)?し|といた|とする|とさせ|ということ|いたし|され|すべき|することに決|に決)")),
    ("不認定", re.compile(r"不認定" + _SETTLED)),
    ("認定", re.compile(r"(?<!不)認定" + _SETTLED)),
    ("不同意", re.compile(r"不同意" + _SETTLED)),
    ("同意", re.compile(r"(?<!不)同意" + _SETTLED)),
    ("一部採択", re.compile(r"一部採択" + _SETTLED)),
    ("不採択", re.compile(r"不採択" + _SETTLED)),
    ("採択", re.compile(r"(?<![不部])採択" + _SETTLED)),
    ("継続審査", re.compile(r"継続審査" + _SETTLED)),
    ("了承", re.compile(r"了承(され(まし)?た|された|を得|することとし|といた|とします|とする|と決|いただけ?ました)")),
    ("可", re.compile(r"「可」と(する|します|いたします|なりました)|(?<![不許認])可と(する|します|いたします)")),
)
_ANSWERED = re.compile(r"答申(を|案を).{0,20}(報告|提出|決定|手交|区長|市長|町長|村長|知事)")
_NUM_RE = re.compile(r"(?:諮問|議案|報告|請願|陳情|発議|議第)第?\s*(\d+)\s*号")


def item_kind(section: str, title: str) -> str:
    """The kind of an agenda item from its heading and the section it stands in."""
    s = unicodedata.normalize("NFKC", section + " " + title)
    t = unicodedata.normalize("NFKC", title)
    if "報告" in section and "議案" not in t:
        return "報告"
    if re.search(r"諮問(第|事項|案件|について)|審議事項|[（(]諮問[)）]", s):
        return "諮問"
    # An assembly's bill says what it is by its number first (意見書案第2号, 選第1号, 同意第3号).
    if re.search(r"意見書案?第|意見案第", t):
        return "意見書"
    if re.search(r"^(日程第\d+\s*)?(選第|選挙|.{0,12}選挙(について)?$)", t):
        return "選挙"
    if re.search(r"^(日程第\d+\s*)?同意第|選任(に)?(ついて)?同意を求める", t):
        return "同意"
    if re.search(r"動議", t):
        return "動議"
    if re.search(r"議案|議第|条例|予算|決算|補正|契約|発議|決議|意見書|専決処分|指定管理", t):
        return "議案"
    if re.search(r"陳情", t) and not re.search(r"請願", t):
        return "陳情"
    if re.search(r"請願", t):
        return "請願"
    if re.search(r"一般質問|代表質問|個人質問|一般質疑", s):
        return "一般質問"
    if "報告" in t:
        return "報告"
    if "議案" in section:
        return "議案"
    return "その他"


def states_outcome(text: str) -> bool:
    """Whether the text declares what became of a matter (…採択すべきものと決しました)."""
    t = nfkc(text)
    return any(rx.search(t) for _, rx in OUTCOME_PATTERNS)


def decide(item: AgendaItem, texts: list[str], decisions: list[str] | None = None) -> None:
    """Fill in the outcome and votes of an item from what was said (and noted) under it.

    Votes are read from everything; the outcome from `decisions` when given (what the
    chair said, and the stage notes): a member's 採択すべき is an opinion, not a decision.
    """
    joined = nfkc("\n".join(texts))
    decided = nfkc("\n".join(decisions)) if decisions else joined
    votes = VOTE_RE.findall(joined)
    if votes and item.votes is None:
        f, a, ab = votes[-1]
        item.votes = Votes(int(f), int(a), int(ab) if ab else 0)
    title = unicodedata.normalize("NFKC", item.title)
    if not item.outcome:
        if item.kind == "諮問" and ("答申" in title or _ANSWERED.search(joined)):
            item.outcome = "答申"
        else:
            stated = [(m.start(), name) for name, rx in OUTCOME_PATTERNS for m in rx.finditer(decided)]
            if stated:
                item.outcome = max(stated)[1]
    if item.outcome and (item.votes is None or item.votes.how is None):
        ways = [(m.start(), name) for name, rx in VOTE_WAYS for m in rx.finditer(decided)]
        if ways:
            item.votes = item.votes or Votes()
            item.votes.how = max(ways)[1]


class MeetingBuilder:
    """Collects items and records in reading order."""

    def __init__(self) -> None:
        self.items: list[AgendaItem] = []
        self.records: list[Record] = []
        self.section = ""
        self.section_line = 0
        self.current: int | None = None
        self._section_item: int | None = None
        self.notes: dict[int | None, list[str]] = {}  # stage notes under each item: votes are read from them
        self.entries: dict[str, int] = {}  # an entry of the order of business (日程第N: "N") -> its item
        self.groups: list[list[int]] = []  # items announced together, which share the debate

    # -- the order of business of an assembly ------------------------------
    def entry(self, numbers: tuple[str, ...], title: str, line: int, plan: dict[str, str]) -> bool:
        """The chair opens 日程第N (or several at once): its item becomes current, made on first mention.
        Returns False when the entry is the current one already (the chair repeating it)."""
        known = [self.entries[n] for n in numbers if n in self.entries]
        if known and len(known) == len(numbers):
            if self.current == known[0]:
                return False
            self.current = known[0]
            return True
        made = []
        for n in numbers:
            if n in self.entries:
                made.append(self.entries[n])
                continue
            planned = plan.get(n, "")
            said = title if len(numbers) == 1 else ""
            if said and planned and re.sub(r"\s", "", planned).startswith(re.sub(r"\s", "", said)):
                said = planned  # the header's plan gives the whole title the chair abbreviates
            if n.removeprefix("追加")[:1].isdigit():
                label = f"{'追加' if n.startswith('追加') else ''}日程第{n.removeprefix('追加')}"
            elif n.startswith(("議題", "諮問事項", "審議事項", "協議事項", "報告事項")):
                label = n  # 議題1, 諮問事項2: a 審議会's numbering as the chair says it
            else:
                label = ""  # 陳情3: the bill's number begins its title (陳情第３号 …)
            name = f"{label} {said or planned}".strip()
            self.section = ""
            made.append(self.topic(name, line))
            self.entries[n] = made[-1]
        if len(made) > 1:
            self.groups.append(made)
        self.current = made[0]
        self._section_item = None
        return True

    def claim_last(self) -> None:
        """The last record belongs to the current item: the chair's turn that put it on the floor."""
        if not self.records or self.current is None:
            return
        rec = self.records[-1]
        rec.item = self.current
        first, last = self.items[self.current].lines or rec.lines
        self.items[self.current].lines = (min(first, rec.lines[0]), max(last, rec.lines[1]))

    def end_item(self) -> None:
        """A procedural heading (散会, 閉会宣告): what follows belongs to no item."""
        self.current = None
        self.section = ""

    # -- structure ---------------------------------------------------------
    def section_heading(self, title: str, line: int) -> None:
        """A top-level section such as `3 諮問事項` or `5 その他`."""
        self.section = title.strip()
        self.section_line = line
        self.current = None
        self._section_item = None

    def topic(self, title: str, line: int, number: str | None = None, kind: str | None = None,
              outcome: str | None = None) -> int:
        """A topic heading such as `（1）…について`: a new agenda item."""
        title = title.strip()
        kind = kind or item_kind(self.section, title)
        number = unicodedata.normalize("NFKC", number) if number else None
        if number is None:
            m = _NUM_RE.search(unicodedata.normalize("NFKC", title))
            number = m.group(1) if m else None
        self.items.append(AgendaItem(kind=kind, title=title, number=number, outcome=outcome, lines=(line, line)))
        self.current = len(self.items) - 1
        return self.current

    def _item_for_record(self, line: int) -> int | None:
        if self.current is not None:
            return self.current
        if self.section and self._section_item is None:
            # A section without topic headings is itself the topic (会長あいさつ, その他, 日程第2 議案第45号).
            title = re.sub(r"^\s*[0-9０-９]+\s*", "", self.section)
            kind = "諮問" if re.search(r"(諮問|審議)事項$", title) else item_kind("", title)
            self._section_item = self.topic(title, self.section_line, kind=kind)
            self.current = self._section_item
        return self.current

    # -- records -----------------------------------------------------------
    def add(self, kind: str, speaker: str, text: str, lines: tuple[int, int], role: str | None = None) -> Record:
        text = text.strip()
        role = role or normalize_role(speaker) or self._default_role(kind)
        if role == EXECUTIVE and re.match(r"^[（(]\s*事務局", text):
            role = SECRETARIAT  # 区側 （事務局から資料の説明）
        item = self._item_for_record(lines[0])
        person, title = split_label(speaker)
        rec = Record(order=len(self.records) + 1, kind=kind, role=role, speaker=speaker.strip(), text=text,
                     lines=lines, item=item, person=person, title=title)
        self.records.append(rec)
        if item is not None:
            first, last = self.items[item].lines or (lines[0], lines[1])
            self.items[item].lines = (min(first, lines[0]), max(last, lines[1]))
        return rec

    def note(self, text: str) -> None:
        """A stage direction (〔「異議なし」と呼ぶ者あり〕, (賛成者挙手)): not speech, but it tells how a vote went."""
        self.notes.setdefault(self.current, []).append(text)

    def extend_last(self, text: str, last_line: int, run_on: bool = False) -> bool:
        """Append a continuation to the last record: a wrapped fragment or a row that fell out of its cell.
        `run_on`: the line before was wrapped at the page width, so this one continues it even after 。"""
        if not self.records:
            return False
        rec = self.records[-1]
        rec.text = rec.text.rstrip() + text.strip() if run_on and rec.text else join(rec.text, text)
        rec.lines = (rec.lines[0], max(rec.lines[1], last_line))
        return True

    @staticmethod
    def _default_role(kind: str) -> str:
        return {"answer": EXECUTIVE, "question": MEMBER, "opinion": MEMBER}.get(kind, MEMBER)

    @staticmethod
    def pair(question: Record, answer: Record) -> None:
        question.pair = answer.order
        answer.pair = question.order

    # -- result ------------------------------------------------------------
    def finish(self) -> tuple[list[AgendaItem], list[Record]]:
        by_item: dict[int, list[str]] = {}
        by_chair: dict[int, list[str]] = {}
        for r in self.records:
            if r.item is not None:
                by_item.setdefault(r.item, []).append(r.text)
                if r.role == CHAIR:
                    by_chair.setdefault(r.item, []).append(r.text)
        for item, notes in self.notes.items():
            if item is not None:
                by_item.setdefault(item, []).extend(notes)
                if item in by_chair:
                    by_chair[item].extend(notes)
        for i, item in enumerate(self.items):
            decide(item, by_item.get(i, []), by_chair.get(i))
        for group in self.groups:  # announced together, decided together unless stated one by one
            first = self.items[group[0]]
            for i in group[1:]:
                if not self.items[i].outcome and not by_item.get(i):
                    self.items[i].outcome, self.items[i].votes = first.outcome, first.votes
        # Drop empty records a layout may have opened and never filled.
        kept = [r for r in self.records if r.text]
        if len(kept) != len(self.records):
            renumber = {r.order: n + 1 for n, r in enumerate(kept)}
            for r in kept:
                r.order = renumber[r.order]
                r.pair = renumber.get(r.pair) if r.pair is not None else None
        return self.items, kept

