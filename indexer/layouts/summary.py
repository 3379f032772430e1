"""Summary minutes (要点記録): decisions first, remarks and answers as bullets.

Per consultation a decision line (`○ 「…」について、諮問どおり行うことを「可」とする。`),
then members' remarks as `- ` or `● ` bullets and the executive's answers as
`→ ` lines, the answering official in brackets where given (`→ (情報公開係長) …`).
Some answers are plain `- ` bullets: a bullet that follows a member's remark and
is not itself a question is read as its answer.
"""

from __future__ import annotations

import re
import unicodedata

from kaigiroku.search.roles import MEMBER, EXECUTIVE, SECRETARIAT

from ..clean import Line, is_blank, is_page_mark
from ..header import Header
from .. import headings
from .base import Layout

SECTION_RE = re.compile(r"^[ \u3000]*[（(]([0-9０-９]{1,2})[）)][ \u3000]*(\S+)(?:[ \u3000]+(\S.*))?$")
DECISION_RE = re.compile(r"^[ \u3000]*[○◯][ \u3000]*「(?P<title>[^」]+)」(?:について)?[、，]?(?P<rest>.*)$")
TOPIC_RE = re.compile(r"^[ \u3000]*[○◯][ \u3000]*(?P<title>\S.*)$")
RESPONDER_RE = re.compile(r"^[ \u3000]*※.*?及び(?P<who>.+?)の回答")
BULLET_RE = re.compile(r"^[ \u3000]*(?P<mark>[-－‐・●→⇒])[ \u3000]*(?P<arrow>[→⇒])?[ \u3000]*(?P<text>.*)$")
WHO_RE = re.compile(r"^[（(](?P<who>[^（）()]{1,20})[）)][ \u3000]*(?P<text>.*)$", re.S)
SPEAKER_LINE_RE = re.compile(r"^[ \u3000]*[（(](?P<who>[^（）()]{1,20})[）)][ \u3000]*$")
OUTCOME_RE = re.compile(r"「(可|否|承認|不承認)」とする")
QUESTION_END = re.compile(r"(か|か？|？|\?|のか|ますか|でしょうか|ですか)[。．]?[ \u3000]*$")
AGENDA_NUM_RE = re.compile(r"諮問第\s*(\d+)\s*号\s*「([^」]+)」")


class SummaryMinutes(Layout):
    name = "summary"
    looks_for = "要点記録（`○ 「…」について、…「可」とする。` の決定行と `- `・`→ ` の箇条書き）"

    def score(self, lines: list[Line]) -> int:
        decisions = sum(1 for ln in lines if DECISION_RE.match(ln.text) and OUTCOME_RE.search(ln.text))
        bullets = sum(1 for ln in lines if re.match(r"^[ \u3000]*(-|→|⇒|●)[ \u3000]", ln.text))
        return decisions * 10 + bullets if decisions else 0

    def parse(self, body: list[Line], header: Header, builder) -> list[str]:
        warnings: list[str] = []
        agenda = unicodedata.normalize("NFKC", header.get("agenda"))
        numbers = {re.sub(r"\s", "", t): n for n, t in AGENDA_NUM_RE.findall(agenda)}
        responder = "市側"
        speaker: str | None = None  # a bracketed speaker line sets who talks next
        last_member = last_question = None
        for ln in body:
            text = ln.text.strip()
            if is_blank(text) or is_page_mark(text) or re.fullmatch(r"[\t ]*", text):
                continue
            if headings.is_end(text):
                break
            text = re.sub(r"\t+$", "", text)
            if (m := SECTION_RE.match(text)) and not DECISION_RE.match(text):
                title, said = m[2], m[3]
                builder.section_heading(f"{m[1]} {title}", ln.no)
                speaker = None
                if said:
                    who = re.sub(r"(挨拶|あいさつ)$", "", title)
                    if who != title:
                        builder.add("turn", who, said, (ln.no, ln.no))
                    else:
                        builder.add("turn", "記録", said, (ln.no, ln.no), role=SECRETARIAT)
                continue
            if m := DECISION_RE.match(text):
                title = m["title"]
                outcome = OUTCOME_RE.search(m["rest"])
                kind = "報告" if "報告" in builder.section else "諮問"
                builder.topic(title, ln.no, number=numbers.get(re.sub(r"\s", "", title)), kind=kind,
                              outcome=outcome.group(1) if outcome else None)
                last_member = last_question = None
                continue
            if (m := TOPIC_RE.match(text)) and not BULLET_RE.match(text):
                builder.topic(m["title"], ln.no, kind="報告" if "報告" in builder.section else None)
                last_member = last_question = None
                continue
            if m := RESPONDER_RE.match(text):
                responder = m["who"]
                continue
            if m := SPEAKER_LINE_RE.match(text):
                speaker = m["who"]
                continue
            if m := BULLET_RE.match(text):
                mark = m["mark"]
                said = m["text"]
                is_answer = mark in "→⇒" or bool(m["arrow"])
                if not is_answer and mark != "●" and last_member is not None and not QUESTION_END.search(said):
                    is_answer = True  # a plain bullet answering the remark before it
                if is_answer:
                    who = responder
                    if w := WHO_RE.match(said):
                        who, said = w["who"], w["text"]
                    rec = builder.add("answer", who, said, (ln.no, ln.no), role=EXECUTIVE)
                    if last_member is not None:
                        builder.pair(last_member, rec)
                    elif last_question is not None:
                        rec.pair = last_question.order  # a second answer to the same remark
                    last_member = None
                else:
                    last_member = last_question = builder.add("question", "委員", said, (ln.no, ln.no), role=MEMBER)
                continue
            if speaker:
                builder.add("turn", speaker, text, (ln.no, ln.no))
                speaker = None
                continue
            builder.extend_last(text, ln.no)
        # A remark nobody answered is an opinion, not a question.
        for rec in builder.records:
            if rec.kind == "question" and rec.pair is None:
                rec.kind = "opinion"
        return warnings
