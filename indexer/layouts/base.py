"""What every layout parser is: a detector and a reader of the body.

`score` counts the lines that carry the layout's signature, so detection is a
comparison between layouts rather than a guess by one. `parse` feeds a
MeetingBuilder with headings and records.
"""

from __future__ import annotations

import re

from ..assemble import MeetingBuilder
from ..clean import Line, Para, is_blank
from ..header import Header
from .. import headings


class Layout:
    name = ""
    looks_for = ""  # said to the user when no layout matches
    min_score = 3

    def score(self, lines: list[Line]) -> int:
        raise NotImplementedError

    def parse(self, body: list[Line], header: Header, builder: MeetingBuilder) -> list[str]:
        """Read the body into `builder`; return warnings."""
        raise NotImplementedError


class TranscriptLayout(Layout):
    """A verbatim transcript: turns that start with a speaker, headings between them.

    Subclasses say how a turn starts (`turn_start`) and how raw lines become
    paragraphs (`paragraphs`); continuation, headings and the end are common.
    """

    def paragraphs(self, body: list[Line]) -> list[Para]:
        return [Para(ln.no, ln.no, ln.text.strip(), ln.text[:1] in " \u3000\t") for ln in body if not is_blank(ln.text)]

    def learn(self, body: list[Line]) -> None:
        """Learn what the document's own speaker labels are, before reading it."""

    def turn_start(self, text: str) -> tuple[str, str] | None:
        raise NotImplementedError

    def continuation(self, para: Para) -> str:
        return para.text

    def parse(self, body: list[Line], header: Header, builder: MeetingBuilder) -> list[str]:
        self.learn(body)
        warnings: list[str] = []
        open_turn = False
        for para in self.paragraphs(body):
            text = para.text.strip()
            if not text or not re.search(r"\w", text):
                continue
            if headings.is_end(text):
                break
            turn = self.turn_start(text)
            if turn is None:
                sec = headings.section(text)
                if sec:
                    builder.section_heading(f"{sec[0]} {sec[1]}", para.first)
                    open_turn = False
                    continue
                top = headings.topic(text)
                if top:
                    builder.topic(top[1], para.first, number=top[0])
                    open_turn = False
                    continue
            if turn is not None:
                speaker, said, *hint = turn
                builder.add("turn", speaker, said, (para.first, para.last), role=hint[0] if hint else None)
                open_turn = True
            elif open_turn:
                builder.extend_last(self.continuation(para), para.last)
            elif builder.records or builder.section:
                warnings.append(f"{para.first} 行目: 発言者のない文を読み飛ばしました: {text[:30]}")
        if open_turn and builder.records and not re.search(r"[。．.!！?？」）)]\s*$", builder.records[-1].text):
            last = builder.records[-1]
            warnings.append(f"{last.lines[1]} 行目: 発言の途中でファイルが終わっています（切り詰められたファイル？）")
        return warnings


def label_pattern(labels: set[str]) -> str:
    return "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True)) or r"(?!)"
