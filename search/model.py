"""The structured meeting: plain dataclasses shared by the indexer and the web.

A Meeting holds its agenda items (topics) and its records (speaker turns,
questions, answers, opinions) in reading order. Records point at their item by
index and at their Q&A counterpart by order, so the whole thing serialises to
plain JSON and back without object graphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Role keys, as stored and in JSON; people read search/roles.py ROLE_LABELS (議長・委員長・会長 …).
ROLES = ("chair", "member", "executive", "secretariat", "other")
RECORD_KINDS = ("turn", "question", "answer", "opinion")
KIND_LABELS = {"turn": "発言", "question": "質問", "answer": "回答", "opinion": "意見"}
ITEM_KINDS = ("諮問", "議案", "請願", "陳情", "意見書", "報告", "選挙", "同意", "動議", "一般質問", "その他")
# Decisions as minutes state them (原案のとおり可決 is stored as 可決; 「可」とする as 可).
OUTCOMES = ("可決", "修正可決", "否決", "承認", "不承認", "了承", "答申", "採択", "一部採択", "不採択", "継続審査",
            "認定", "不認定", "同意", "不同意", "可", "否")
# How a vote went when no numbers are given.
VOTE_WAYS = ("全会一致", "挙手全員", "起立全員", "異議なし", "賛成多数", "挙手多数", "起立多数")


@dataclass
class Votes:
    for_: int | None = None
    against: int | None = None
    abstain: int | None = None
    how: str | None = None  # one of VOTE_WAYS: 全会一致, 挙手全員, 異議なし, 賛成多数 …

    def to_dict(self) -> dict[str, Any]:
        return {"for": self.for_, "against": self.against, "abstain": self.abstain, "how": self.how}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Votes | None":
        if not d:
            return None
        return cls(d.get("for"), d.get("against"), d.get("abstain"), d.get("how"))

    def __str__(self) -> str:
        out = []
        if self.for_ is not None:
            out.append(f"賛成{self.for_} 反対{self.against or 0}" + (f" 棄権{self.abstain}" if self.abstain else ""))
        if self.how:
            out.append(self.how)
        return " ".join(out)


@dataclass
class AgendaItem:
    """A topic of the meeting: a consultation (諮問), a bill (議案), a petition (請願), a report (報告),
    general questions (一般質問) or other business; with its outcome and votes where stated."""

    kind: str
    title: str
    number: str | None = None
    outcome: str | None = None
    votes: Votes | None = None
    lines: tuple[int, int] | None = None
    referred: str | None = None  # the committee the item was referred to here (付託), "" when not named

    def to_dict(self) -> dict[str, Any]:
        return {
            "referred": self.referred,
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "outcome": self.outcome,
            "votes": self.votes.to_dict() if self.votes else None,
            "lines": list(self.lines) if self.lines else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "AgendaItem":
        lines = d.get("lines")
        return cls(
            kind=d["kind"],
            title=d["title"],
            number=d.get("number"),
            outcome=d.get("outcome"),
            votes=Votes.from_dict(d.get("votes")),
            lines=tuple(lines) if lines else None,
            referred=d.get("referred"),
        )


@dataclass
class Record:
    """One utterance: a speaker turn, a written question or answer, or an opinion.

    `text` is the cleaned text shown to people (page marks and PDF line wraps
    removed, paragraphs kept as newlines); `lines` is the 1-based span of source
    lines it came from, for citation.
    """

    order: int
    kind: str
    role: str  # a key of ROLES
    speaker: str  # the label as written, without the mark (議長（山田太郎君）, 委員)
    text: str
    lines: tuple[int, int]
    item: int | None = None
    pair: int | None = None
    person: str = ""  # the name the label gives, without spaces, honorifics or seat numbers (山田花子); "" for none
    title: str = ""  # the title the label gives (議長, 19番, 総務常任委員長); "" for a name alone
    pid: str = ""  # the person's id (indexer/identity.py: 目黒区-山田花子); "" when the label names no one

    def to_dict(self) -> dict[str, Any]:
        return {"order": self.order, "kind": self.kind, "role": self.role, "speaker": self.speaker,
                "text": self.text, "lines": list(self.lines), "item": self.item, "pair": self.pair,
                "person": self.person, "title": self.title, "pid": self.pid}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        return cls(
            order=d["order"],
            kind=d["kind"],
            role=d["role"],
            speaker=d["speaker"],
            text=d["text"],
            lines=tuple(d["lines"]),
            item=d.get("item"),
            pair=d.get("pair"),
            person=d.get("person", ""),
            title=d.get("title", ""),
            pid=d.get("pid", ""),
        )


def filed_date(dates: list[str]) -> str:
    """The date a meeting is filed under, from its dates (as a Meeting's or a stored header's
    `dates`): the (last) decision date, "" when it has none."""
    return dates[-1] if dates else ""


@dataclass
class Meeting:
    """One set of minutes: a session of a council, with its topics and records."""

    id: str
    municipality: str
    body: str
    title: str
    session: str
    dates: list[str]
    format: str
    source: str
    layout: str
    venue: str = ""
    attendees: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # listed as absent (欠席者): never among the attendees
    items: list[AgendaItem] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_url: str = ""  # where the minutes were published, when given; else `source` (the file) says it
    # The file read, as an absolute path: which file a meeting id belongs to (for `add`). Kept out of
    # to_dict (pages and the API show `source`, never a path of the machine); meeting_doc stores it.
    # Neither is compared, nor in to_dict: bookkeeping of the reading, not the meeting.
    source_path: str = field(default="", compare=False)
    header_end: int = field(default=0, compare=False)  # the header's last source line (0: none), for coverage
    # The meeting's people (indexer/identity.py): id, name, place, titles, labels, roles, records, items.
    people: list[dict] = field(default_factory=list)

    @property
    def date(self) -> str:
        """The date the meeting is filed under: the (last) decision date."""
        return filed_date(self.dates)

    def item_of(self, record: Record) -> AgendaItem | None:
        return self.items[record.item] if record.item is not None else None

    def counterpart(self, record: Record) -> Record | None:
        if record.pair is None:
            return None
        for other in self.records:
            if other.order == record.pair:
                return other
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "municipality": self.municipality,
            "body": self.body,
            "title": self.title,
            "session": self.session,
            "dates": list(self.dates),
            "format": self.format,
            "venue": self.venue,
            "attendees": list(self.attendees),
            "absent": list(self.absent),
            "source": self.source,
            "source_url": self.source_url,
            "layout": self.layout,
            "items": [i.to_dict() for i in self.items],
            "records": [r.to_dict() for r in self.records],
            "warnings": list(self.warnings),
            "people": list(self.people),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Meeting":
        return cls(
            id=d["id"],
            municipality=d["municipality"],
            body=d["body"],
            title=d["title"],
            session=d["session"],
            dates=list(d["dates"]),
            format=d["format"],
            source=d["source"],
            layout=d["layout"],
            venue=d.get("venue", ""),
            attendees=list(d.get("attendees", [])),
            absent=list(d.get("absent", [])),
            items=[AgendaItem.from_dict(i) for i in d.get("items", [])],
            records=[Record.from_dict(r) for r in d.get("records", [])],
            warnings=list(d.get("warnings", [])),
            source_url=d.get("source_url", ""),
            source_path=d.get("source_path", ""),
            people=list(d.get("people", [])),
        )
