"""Verbatim transcripts, read by the speaker grammar and the document's profile.

Every transcript is read the same way, whatever its shape (`○議長（山田太郎君）`,
`（委員）`, `会長：`, `会長␣␣text`, `会長<TAB><p>…</p>` …): the profile
(indexer/profile.py) says which lines open a turn; the lines after a turn's
start are its text, joined by the rules of extracted text (clean.join); a
heading between speeches starts an agenda item; stage directions, time stamps,
rules and page marks are never speech. Roles are read once all turns are known,
in the meeting's context (search/roles.py), and members' questions are paired
with the executive's replies.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kaigiroku.search.model import Record
from kaigiroku.search.roles import CHAIR, EXECUTIVE, MEMBER, OTHER, SECRETARIAT, core, is_name_only, title_of

from ..assemble import MeetingBuilder, states_outcome
from ..clean import (WRAP_RATIO, Line, ends_sentence, is_blank, is_double_spaced, is_page_mark, is_rule, page_width,
                     strip_html, width)
from ..header import Header, is_prose
from ..profile import Profile, learn
from ..speakers import SHAPES, SpeakerLine
from .. import agenda, headings
from ..people import person_of
from ..presiding import PRESIDING_RE, RoleContext
from .base import Layout

ANSWER_RE = re.compile(r"^[\s\u3000]*(?:〔[^〕]*〕)?[\s\u3000]*(お答え|答弁|ご質問|御質問|ご指摘|御指摘|ご意見|御意見|ただいまの)")
# The chair putting a matter to the vote (or declaring it) closes the exchange before it.
VOTE_CALL_RE = re.compile(r"お諮り|採決|異議(は)?ありませんか|可決|否決|承認|採択|決定(いた)?しました")
QUESTION_RE = re.compile(r"(か|か？|\?|？|でしょうか|ですか|ますか|のか|伺います|伺いたい|お聞きします|お尋ねします|"
                         r"質問します|教えてください|お願いします|説明を求めます|いかがか|どうか)[。．]?\s*$", re.M)


class Transcript(Layout):
    name = "transcript"
    looks_for = "発言者で始まる行（" + "、".join(f"`{s.example}`" for s in SHAPES[:6]) + " など）"
    min_score = 2

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.profile = Profile()

    def score(self, lines: list[Line]) -> int:
        self.lines = [ln for ln in lines if not is_rule(ln.text)]
        self.profile = learn(self.lines)
        if self.profile.shape is not None:
            self.name = self.profile.shape.name
        return len(self.profile.turns) if self.profile.ok else 0

    @property
    def refusal(self) -> str:
        return self.profile.refusal

    def parse(self, body: list[Line], header: Header, builder: MeetingBuilder) -> list[str]:
        if not self.lines and body:
            self.score(body)
        prof, lines = self.profile, self.lines
        # Only a table export carries HTML to remove; elsewhere `<` is text as written.
        text_of = strip_html if prof.shape is not None and prof.shape.markup else str
        warnings: list[str] = []
        opened: list[tuple[Record, SpeakerLine]] = []
        open_turn = False
        # PDF text wrapped at the page width: a line that fills it runs on into the next.
        page = page_width(lines)
        full = max(int(page * WRAP_RATIO), 1) if page else None
        double = is_double_spaced(lines)
        prev_full = False
        plan = agenda.plan(header.get("agenda"))
        assembly = self._has_entries(lines, prof)
        # Without 日程 or headings between speeches, a 審議会 chair's 「議題１、…について」 opens items.
        by_word = not assembly and self._speaks_items(lines, prof)
        speaker: SpeakerLine | None = None

        def announced(text: str) -> list[agenda.Announcement]:
            """Entries put on the floor in `text`: 日程第N in an assembly, 議題１ where a chair says so."""
            return agenda.in_speech(text) if assembly else agenda.spoken(text) if by_word else []

        def say(sp: SpeakerLine, said: str, no: int) -> None:
            """Add a turn's speech, opening a new record of the same speaker where the chair announces
            an entry of the order of business inside it."""
            found = announced(said)
            if not presides(sp.label):  # anyone may open a turn with the entry; only the chair announces one inside
                found = [a for a in found if a.start == 0]
            if not assembly and not any(states_outcome(said[:a.start]) for a in found):
                # A committee's or 審議会's chair opening business: the turn is the item's, not cut in two
                # (it is cut where it first declares what became of the business before).
                for a in found:
                    builder.entry(a.numbers, a.title, no, plan)
                found = []
            cut = 0
            for a in found:
                if a.start > cut:
                    opened.append((builder.add("turn", sp.speaker, said[cut:a.start], (no, no), role=OTHER), sp))
                    cut = a.start
                builder.entry(a.numbers, a.title, no, plan)
            opened.append((builder.add("turn", sp.speaker, said[cut:], (no, no), role=OTHER), sp))

        i = 0
        while i < len(lines):
            ln = lines[i]
            text = ln.text
            if is_blank(text) or is_page_mark(text):
                prev_full = prev_full and (double or is_page_mark(text))
                i += 1
                continue
            if i in prof.turns:
                sp = speaker = prof.turns[i]
                notes, said = headings.leading_stage(text_of(sp.rest).strip())
                if notes:
                    builder.note(notes)
                say(sp, said, ln.no)
                open_turn = True
                prev_full = full is not None and width(text.rstrip()) >= full
                i += 1
                continue
            plain = text_of(text).strip(" \u3000\t")
            if headings.is_end(plain):
                break
            if not plain or not re.search(r"\w", plain):
                i += 1
                continue
            if headings.is_stage_direction(plain):
                builder.note(plain)
                i += 1
                continue
            entry = agenda.at_line_start(plain) if assembly else None
            if entry is not None and (not open_turn or speaker is None or presides(speaker.label)
                                      or not is_prose(plain)):
                builder.entry(entry.numbers, entry.title, ln.no, plan)
                if open_turn and speaker is not None and is_prose(plain):
                    # ●日程１ 会議録署名議員の指名を行います。: the chair's speech goes on under the new entry
                    said = re.sub(r"^[●◎△▲○〇◇◆■□・]\s*", "", plain)
                    opened.append((builder.add("turn", speaker.speaker, said, (ln.no, ln.no), role=OTHER), speaker))
                    prev_full = full is not None and width(text.rstrip()) >= full
                else:
                    found = self._heading_at(i, headings.heading(plain) or ("section", "", plain))
                    open_turn = False
                    if found is not None:
                        i = found[1]
                        continue
                i += 1
                continue
            h = headings.heading(plain)
            if h:
                found = self._heading_at(i, h)
                if found is not None:
                    title, nxt = found
                    level, num, _ = h
                    if assembly:
                        if agenda.PROCEDURAL.search(title):
                            builder.end_item()  # 閉会宣告, 散会: not an entry of the order of business
                    elif level == "section":
                        builder.section_heading(f"{num} {title}".strip(), ln.no)
                    else:
                        digits = re.fullmatch(r"[(（]?(\d+)[)）]?", num)
                        glue = "" if title.startswith(("の", "に", "を", "は")) else " "
                        builder.topic(title if digits or not num else f"{num}{glue}{title}".strip(), ln.no,
                                      number=digits.group(1) if digits else (re.sub(r"\D", "", num) or num or None))
                    open_turn = False
                    i = nxt
                    continue
            if open_turn:
                found = announced(plain) if speaker is not None and presides(speaker.label) else []
                if found and not assembly and not states_outcome(builder.records[-1].text + plain[:found[0].start]):
                    builder.extend_last(plain, ln.no, run_on=prev_full and text[:1] not in " \u3000\t")
                    for a in found:  # the chair's turn, and what follows it, is the item's
                        builder.entry(a.numbers, a.title, ln.no, plan)
                    builder.claim_last()
                elif found:
                    if found[0].start > 0:
                        builder.extend_last(plain[:found[0].start], ln.no, run_on=prev_full and text[:1] not in " \u3000\t")
                    say(speaker, plain[found[0].start:], ln.no)
                else:
                    builder.extend_last(plain, ln.no, run_on=prev_full and text[:1] not in " \u3000\t")
                prev_full = full is not None and width(text.rstrip()) >= full
            elif builder.records or builder.section:
                warnings.append(f"{ln.no} 行目: 発言者のない文を読み飛ばしました: {plain[:30]}")
            i += 1
        ctx = self._roles(opened, header, prof)
        pair_turns([rec for rec, _ in opened])
        if ctx.presiding in ("議長", "委員長"):
            # An assembly's 一般質問, 代表質問 and 質疑: a member's questions and the executive's answers
            for rec, _ in opened:
                if rec.pair is not None:
                    rec.kind = "question" if rec.role == MEMBER else "answer"
        if open_turn and builder.records and not re.search(r"[。．.!！?？」）)]\s*$", builder.records[-1].text):
            last = builder.records[-1]
            warnings.append(f"{last.lines[1]} 行目: 発言の途中でファイルが終わっています（切り詰められたファイル？）")
        return warnings

    def _speaks_items(self, lines: list[Line], prof: Profile) -> bool:
        """Whether chairs put numbered business on the floor in words and no heading between speeches does."""
        if not any(agenda.spoken(ln.text.strip(" \u3000\t")) for ln in lines):
            return False
        for k, ln in enumerate(lines):
            if k in prof.turns:
                continue
            h = headings.heading(ln.text.strip(" \u3000\t"))
            if h and self._heading_at(k, h) is not None:
                return False
        return True

    @staticmethod
    def _has_entries(lines: list[Line], prof: Profile) -> bool:
        """Whether the body announces entries of an order of business (日程第N): an assembly's sitting."""
        for k, ln in enumerate(lines):
            text = prof.turns[k].rest if k in prof.turns else ln.text
            if agenda.at_line_start(text.strip(" \u3000\t")) or agenda.in_speech(text):
                return True
        return False

    def _heading_at(self, i: int, h: tuple[str, str, str]) -> tuple[str, int] | None:
        """(full title, index of the next line) when the heading at `i` stands between speeches:
        the next thing after it (and after up to two lines of its title) is a turn, or a deeper heading
        that is one. Headings in a row at one level are a list (the plan), not items."""
        lines, turns = self.lines, self.profile.turns
        title, extra, notes, j = h[2], 0, 0, i + 1
        while j < len(lines):
            t = lines[j].text
            if is_blank(t) or is_page_mark(t):
                j += 1
                continue
            if j in turns:
                return title, j
            s = strip_html(t).strip(" \u3000\t")
            if headings.is_stage_direction(s):
                j += 1
                continue
            nxt = headings.heading(s)
            if nxt:
                deeper = h[0] == "section" and nxt[0] == "topic"
                return (title, j) if deeper and self._heading_at(j, nxt) is not None else None
            if extra < 2 and not ends_sentence(s) and len(s) <= 80 and not is_prose(s):
                title, extra, j = title + s, extra + 1, j + 1
                continue
            if notes < 2 and is_note(s):
                notes, j = notes + 1, j + 1  # 事務局より資料に基づき説明。: a note between the heading and the turns
                continue
            return None
        return None

    @staticmethod
    def _roles(opened: list[tuple[Record, SpeakerLine]], header: Header, prof: Profile) -> RoleContext:
        ctx = RoleContext.for_meeting(header.title, [sp.label for _, sp in opened], [rec.text for rec, _ in opened])
        for rec, sp in opened:
            role = ctx.role(sp.label, rec.text, sp.mark)
            if role is None or (is_name_only(sp.label) and not sp.mark):
                role = header.role_of_name(sp.label) or role
            elif role == EXECUTIVE and header.lists_item("staff", sp.label):
                role = SECRETARIAT  # 茶木局長, listed among the assembly's staff, speaks for its secretariat
            if role is None:
                role = header.role_of_name(sp.label) or (MEMBER if sp.key in prof.learned else OTHER)
            rec.role = role
        # The presiding officer printed once under another title (◎議員（近沢弘幸君）　討論を終わります。):
        # the same person, doing the chair's business, presides.
        chairs = {person_of(sp.label) for rec, sp in opened if rec.role == CHAIR} - {""}
        for rec, sp in opened:
            if rec.role != CHAIR and person_of(sp.label) in chairs and PRESIDING_RE.search(rec.text) \
                    and not presides(sp.label) and not re.match(r"\d", core(sp.label)):
                rec.role = CHAIR
        return ctx


def is_note(text: str) -> bool:
    """A short line of the minute-taker, not speech: 事務局より資料に基づき説明。 ・意見交換"""
    if len(text) > 60 or re.search(r"(です|ます|でした|ました|ません)[。．]?$", text):
        return False
    return bool(re.search(r"[。．]$|(説明|報告|意見交換|質疑応答?)$", text)) or text[:1] in "・•-－"


def is_question(text: str) -> bool:
    """A member's turn that asks: a sentence ending in a question, or asking to be told."""
    return bool(QUESTION_RE.search(text)) or "質問" in text[:40]


def pair_turns(records: list[Record]) -> None:
    """Pair a member's question with the executive's reply that follows it, within one agenda item.

    The chair calling the next speaker does not break a pair; another member's turn does.
    The first reply is the pair (both ways); a second reply to the same question points back to it.
    The secretariat's reply pairs only with a turn that asks.
    """
    question: Record | None = None
    for rec in records:
        if not rec.text:
            continue
        if question is not None and rec.item != question.item:
            question = None
        if rec.role == MEMBER:
            question = rec if len(rec.text) >= 10 else None
        elif rec.role in (EXECUTIVE, SECRETARIAT) and question is not None:
            asks = is_question(question.text)
            if not asks and (rec.role == SECRETARIAT or not ANSWER_RE.search(rec.text)):
                continue
            if question.pair is None:
                question.pair, rec.pair = rec.order, question.order
            elif rec.pair is None:
                rec.pair = question.order
        elif rec.role != CHAIR or VOTE_CALL_RE.search(rec.text):
            question = None


@lru_cache(maxsize=4096)
def presides(label: str) -> bool:
    """Whether a label carries a chair's title (議長, 副議長, 委員長 …): who announces the order of business."""
    t = title_of(core(label))
    return t is not None and bool(t.presides)
