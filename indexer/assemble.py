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
from kaigiroku.search.roles import MEMBER, OFFICIAL, SECRETARIAT, normalize_role

from .clean import join

VOTE_RE = re.compile(
    r"賛成\s*(\d+)\s*[名人]?\s*[、，,\s]\s*反対\s*(\d+)\s*[名人]?(?:\s*[、，,\s]\s*棄権\s*(\d+)\s*[名人]?)?"
)
_APPROVED = re.compile(r"承認(と(いた)?し|といた|とする|とさせ|ということ|いたし|された)")
_ALLOWED = re.compile(r"「?可」?と(する|します|いたします|なりました)")
_ANSWERED = re.compile(r"答申(を|案を).{0,20}(報告|提出|決定|手交|区長|市長)")
_NUM_RE = re.compile(r"諮問第\s*(\d+)\s*号")


def item_kind(section: str, title: str) -> str:
    s = unicodedata.normalize("NFKC", section + " " + title)
    if "報告" in section:
        return "報告"
    if "諮問" in s or "審議事項" in s or "議案" in s:
        return "諮問"
    if "報告" in title:
        return "報告"
    return "その他"


def decide(item: AgendaItem, texts: list[str]) -> None:
    """Fill in the outcome and votes of a consultation from what was said under it."""
    if item.kind != "諮問":
        return
    joined = unicodedata.normalize("NFKC", "\n".join(texts))
    votes = VOTE_RE.findall(joined)
    if votes and item.votes is None:
        f, a, ab = votes[-1]
        item.votes = Votes(int(f), int(a), int(ab) if ab else 0)
    if item.outcome:
        return
    title = unicodedata.normalize("NFKC", item.title)
    if "答申" in title or _ANSWERED.search(joined):
        item.outcome = "答申"
    elif _APPROVED.search(joined):
        item.outcome = "承認"
    elif _ALLOWED.search(joined):
        item.outcome = "可"


class MeetingBuilder:
    """Collects items and records in reading order."""

    def __init__(self) -> None:
        self.items: list[AgendaItem] = []
        self.records: list[Record] = []
        self.section = ""
        self.section_line = 0
        self.current: int | None = None
        self._section_item: int | None = None

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
            # A section without topic headings is itself the topic (会長あいさつ, その他).
            title = re.sub(r"^\s*[0-9０-９]+\s*", "", self.section)
            kind = "諮問" if re.search(r"(諮問|審議)事項$", title) else ("報告" if "報告" in title else "その他")
            self._section_item = self.topic(title, self.section_line, kind=kind)
            self.current = self._section_item
        return self.current

    # -- records -----------------------------------------------------------
    def add(self, kind: str, speaker: str, text: str, lines: tuple[int, int], role: str | None = None) -> Record:
        text = text.strip()
        role = role or normalize_role(speaker) or self._default_role(kind)
        if role == OFFICIAL and re.match(r"^[（(]\s*事務局", text):
            role = SECRETARIAT  # 区側 （事務局から資料の説明）
        item = self._item_for_record(lines[0])
        rec = Record(order=len(self.records) + 1, kind=kind, role=role, speaker=speaker.strip(), text=text,
                     lines=lines, item=item)
        self.records.append(rec)
        if item is not None:
            first, last = self.items[item].lines or (lines[0], lines[1])
            self.items[item].lines = (min(first, lines[0]), max(last, lines[1]))
        return rec

    def extend_last(self, text: str, last_line: int) -> bool:
        """Append a continuation to the last record: a wrapped fragment or a row that fell out of its cell."""
        if not self.records:
            return False
        rec = self.records[-1]
        rec.text = join(rec.text, text)
        rec.lines = (rec.lines[0], max(rec.lines[1], last_line))
        return True

    @staticmethod
    def _default_role(kind: str) -> str:
        return {"answer": OFFICIAL, "question": MEMBER, "opinion": MEMBER}.get(kind, MEMBER)

    @staticmethod
    def pair(question: Record, answer: Record) -> None:
        question.pair = answer.order
        answer.pair = question.order

    # -- result ------------------------------------------------------------
    def finish(self) -> tuple[list[AgendaItem], list[Record]]:
        by_item: dict[int, list[str]] = {}
        for r in self.records:
            if r.item is not None:
                by_item.setdefault(r.item, []).append(r.text)
        for i, item in enumerate(self.items):
            decide(item, by_item.get(i, []))
        # Drop empty records a layout may have opened and never filled.
        kept = [r for r in self.records if r.text]
        if len(kept) != len(self.records):
            renumber = {r.order: n + 1 for n, r in enumerate(kept)}
            for r in kept:
                r.order = renumber[r.order]
                r.pair = renumber.get(r.pair) if r.pair is not None else None
        return self.items, kept

