"""The written-deliberation Q&A table (書面開催): 番号 / 質問 / 区の考え方.

Members' numbered questions, each with the executive's answer, then optionally
a section of members' opinions (意見). Two extractions of the same table are
read by one rule: tab-separated rows (`n<TAB>question<TAB>answer`), or a PDF
extraction where the number stands alone on a line or leads the question, the
question follows (often marked ●) and the answer follows after a blank line.
"""

from __future__ import annotations

import re

from kaigiroku.search.roles import MEMBER, EXECUTIVE

from ..clean import Line, blocks, is_blank, is_page_mark, join_block, typical_width
from ..header import Header
from .. import headings
from .base import Layout

HEAD_RE = re.compile(r"^[ \u3000\t]*(?:番号[ \u3000\t]+)?質問(?:事項|内容)?[ \u3000\t]+(?P<answerer>\S*?)(?:の)?(?:考え方|回答)[ \u3000\t]*$")
ROW_RE = re.compile(r"^[ \u3000]*(?P<n>[0-9０-９]{1,3})\t(?P<q>[^\t]+)\t(?P<a>[^\t]*)\t*$")
NUM_RE = re.compile(r"^[ \u3000]*(?P<n>[0-9０-９]{1,3})(?:[ \u3000]*$|[ \u3000]+(?P<rest>[●○■◆・].*)$)")
OPINION_RE = re.compile(r"^[ \u3000]*(?:委員の?)?意見[ \u3000]*$")


def _int(s: str) -> int:
    return int(s.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


class WrittenQA(Layout):
    name = "written-qa"
    looks_for = "書面開催の質疑表（`番号 質問 区の考え方` の見出しと番号付きの質問・回答）"

    def score(self, lines: list[Line]) -> int:
        head = any(HEAD_RE.match(ln.text) for ln in lines)
        rows = sum(1 for ln in lines if ROW_RE.match(ln.text))
        return (10 if head else 0) + rows if head else 0

    def parse(self, body: list[Line], header: Header, builder) -> list[str]:
        warnings: list[str] = []
        answerer = "区"
        i = 0
        # Headings and the table head before the first row.
        while i < len(body):
            text = body[i].text
            m = HEAD_RE.match(text)
            if m:
                answerer = (m["answerer"] or "区").rstrip("の") or "区"
                i += 1
                break
            sec, top = headings.section(text), headings.topic(text)
            if sec:
                builder.section_heading(f"{sec[0]} {sec[1]}", body[i].no)
            elif top:
                builder.topic(top[1], body[i].no, number=top[0])
            i += 1
        if builder.current is None and header.get("consultation"):
            builder.topic(header.get("consultation").split("\n")[0], body[0].no if body else 1, kind="諮問")
        self.speaker = f"{answerer}の考え方"
        rest = body[i:]
        opinion_at = next((k for k, ln in enumerate(rest) if OPINION_RE.match(ln.text)), len(rest))
        table, opinions = rest[:opinion_at], rest[opinion_at + 1:]
        if any(ROW_RE.match(ln.text) for ln in table):
            self._rows(table, builder, warnings)
        else:
            self._blocks(table, builder, warnings)
        width = typical_width(opinions)
        for para in (join_block(b, width) for b in blocks(opinions)):
            if headings.is_end(para.text):
                break
            builder.add("opinion", "委員", para.text, (para.first, para.last), role=MEMBER)
        return warnings

    def _pair(self, builder, q: tuple[str, int, int], a: tuple[str, int, int] | None) -> None:
        question = builder.add("question", "委員", q[0], (q[1], q[2]), role=MEMBER)
        if a and a[0].strip():
            answer = builder.add("answer", self.speaker, a[0], (a[1], a[2]), role=EXECUTIVE)
            builder.pair(question, answer)

    def _rows(self, table: list[Line], builder, warnings: list[str]) -> None:
        for ln in table:
            m = ROW_RE.match(ln.text)
            if m:
                self._pair(builder, (m["q"].strip(), ln.no, ln.no), (m["a"].strip(), ln.no, ln.no))
            elif not is_blank(ln.text) and builder.records:
                builder.extend_last(ln.text, ln.no)

    def _blocks(self, table: list[Line], builder, warnings: list[str]) -> None:
        """PDF table: number, question block, blank line, answer block, next number."""
        width = typical_width(table)
        entries: list[tuple[int, list[Line]]] = []
        expected = 1
        for ln in table:
            if is_page_mark(ln.text):
                continue
            m = NUM_RE.match(ln.text)
            if m and _int(m["n"]) == expected:
                entries.append((expected, [Line(ln.no, m["rest"])] if m["rest"] else []))
                expected += 1
            elif entries:
                entries[-1][1].append(ln)
        for n, lines in entries:
            paras = [join_block(b, width) for b in blocks(lines)]
            if not paras:
                warnings.append(f"質問 {n} に本文がありません")
                continue
            q, answer = paras[0], paras[1:]
            a = None
            if answer:
                a = ("\n".join(p.text for p in answer), answer[0].first, answer[-1].last)
            else:
                warnings.append(f"{q.first} 行目: 質問 {n} に回答がありません")
            self._pair(builder, (q.text.lstrip("●○■◆・ \u3000"), q.first, q.last), a)
