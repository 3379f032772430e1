"""The transcript layouts: how a speaker's turn starts in each.

- table: an HTML table export, `ROLE<TAB><p>…</p>`, with rows that fell out of
  the table as `ROLE text` and bare continuation lines;
- pdf: `ROLE␣␣text` turns in PDF-extracted text wrapped at the page width,
  with page marks;
- marked: `○議長（山田太郎君）　text`, `◆委員　text`, `◎課長　text`;
- bracketed: the speaker alone on a line in brackets, `（委員）`, then the text;
- colon: `会長：text` or `事務局: text`.
"""

from __future__ import annotations

import re
from collections import Counter

from kaigiroku.search.roles import normalize_role

from ..clean import Line, Para, is_blank, is_double_spaced, is_page_mark, strip_html, unwrap
from .. import headings
from .base import TranscriptLayout, label_pattern

LABEL = r"[^\s\t<>。、：:（）()]{1,15}"


class TableTranscript(TranscriptLayout):
    name = "html-table"
    looks_for = "HTML 表の書き出し（`発言者<TAB><p>発言</p>` の行）"
    ROW = re.compile(rf"^(?P<label>{LABEL})\t(?P<text>.*)$")

    def score(self, lines: list[Line]) -> int:
        return sum(1 for ln in lines if self.ROW.match(ln.text) and "<p>" in ln.text)

    def learn(self, body: list[Line]) -> None:
        counts = Counter(m["label"] for ln in body if (m := self.ROW.match(ln.text)))
        self.labels = {lab for lab, n in counts.items() if n >= 2 and not re.fullmatch(r"[-ー－]+", lab)}
        self.fallen = re.compile(rf"^(?P<label>{label_pattern(self.labels)})[ \u3000]+(?P<text>\S.*)$")

    def paragraphs(self, body: list[Line]) -> list[Para]:
        out = []
        for ln in body:
            if is_blank(ln.text) or is_page_mark(ln.text):
                continue
            out.append(Para(ln.no, ln.no, ln.text.rstrip(), ln.text.startswith("\t")))
        return out

    def turn_start(self, text: str) -> tuple[str, str] | None:
        m = self.ROW.match(text)
        if m and m["label"] in self.labels:
            return m["label"], strip_html(m["text"]).strip()
        m = self.fallen.match(text)
        if m:
            return m["label"], strip_html(m["text"]).strip()
        return None

    def continuation(self, para: Para) -> str:
        return strip_html(para.text).strip()


class PdfTranscript(TranscriptLayout):
    name = "pdf-transcript"
    looks_for = "PDF から抽出した逐語録（`発言者␣␣発言` の行、ページ幅での折り返し）"
    TURN = re.compile(rf"^(?P<label>{LABEL})[ \u3000]{{2,}}(?P<text>\S.*)$")

    def score(self, lines: list[Line]) -> int:
        counts = Counter(m["label"] for ln in lines if (m := self.TURN.match(ln.text)))
        return sum(n for lab, n in counts.items() if n >= 2 and normalize_role(lab))

    def learn(self, body: list[Line]) -> None:
        counts = Counter(m["label"] for ln in body if (m := self.TURN.match(ln.text)))
        self.labels = {lab for lab, n in counts.items() if n >= 2 or normalize_role(lab)}
        # A known label also starts a turn with one space before a bracketed note: 区側 （資料により説明）
        self.single = re.compile(rf"^(?P<label>{label_pattern(self.labels)})[ \u3000]+(?P<text>\S.*)$")

    def _starts(self, text: str) -> bool:
        return bool(self.turn_start(text) or headings.section(text) or headings.topic(text))

    def paragraphs(self, body: list[Line]) -> list[Para]:
        return unwrap(body, blank_breaks=not is_double_spaced(body), starts=self._starts)

    def turn_start(self, text: str) -> tuple[str, str] | None:
        m = self.TURN.match(text)
        if m and m["label"] in self.labels:
            return m["label"], m["text"]
        m = self.single.match(text)
        if m:
            return m["label"], m["text"]
        return None


class MarkedTranscript(TranscriptLayout):
    name = "marked"
    looks_for = "記号付きの発言者（`○議長（山田太郎君）　発言`、`◆委員`、`◎課長`）"
    TURN = re.compile(r"^[ \u3000]*(?P<mark>[○◯◆◎])(?P<label>[^\s\u3000「」。、]{1,30}?(?:[（(][^）)]{1,20}[）)])?)[ \u3000]+(?P<text>\S.*)$")

    def score(self, lines: list[Line]) -> int:
        return sum(1 for ln in lines if self.TURN.match(ln.text))

    def paragraphs(self, body: list[Line]) -> list[Para]:
        return unwrap(body, blank_breaks=not is_double_spaced(body), starts=lambda t: bool(self.TURN.match(t)))

    def turn_start(self, text: str) -> tuple[str, str, str | None] | None:
        m = self.TURN.match(text)
        if not m:
            return None
        label = m["label"]
        # ◆ marks the questioner and ◎ the executive answering, where the label alone does not say.
        hint = {"◆": "委員", "◎": "説明員"}.get(m["mark"])
        return label, m["text"], (None if normalize_role(label) else hint)


class BracketedTranscript(TranscriptLayout):
    name = "bracketed"
    looks_for = "括弧だけの行で示す発言者（`（委員）` の次の行から発言）"
    SPEAKER = re.compile(r"^[ \u3000]*[（(【〔](?P<label>[^（）()【】〔〕\s]{1,20})[）)】〕][ \u3000]*$")
    TURN = re.compile(r"^[（(【〔](?P<label>[^（）()【】〔〕\s]{1,20})[）)】〕]\n(?P<text>.*)$", re.S)

    def score(self, lines: list[Line]) -> int:
        return sum(1 for ln in lines if (m := self.SPEAKER.match(ln.text)) and normalize_role(m["label"]))

    def paragraphs(self, body: list[Line]) -> list[Para]:
        """Fold each speaker line into the paragraph after it, marked by a newline."""
        out: list[Para] = []
        pending: Para | None = None
        for para in unwrap(body, blank_breaks=True, starts=lambda t: bool(self.SPEAKER.match(t))):
            if self.SPEAKER.match(para.text):
                pending = para
            elif pending is not None:
                out.append(Para(pending.first, para.last, pending.text.strip() + "\n" + para.text))
                pending = None
            else:
                out.append(para)
        return out

    def turn_start(self, text: str) -> tuple[str, str] | None:
        m = self.TURN.match(text)
        return (m["label"], m["text"]) if m else None


class ColonTranscript(TranscriptLayout):
    name = "colon"
    looks_for = "コロン区切りの発言者（`会長：発言`、`事務局: 発言`）"
    TURN = re.compile(rf"^[ \u3000]*(?P<label>{LABEL})[ \u3000]*[：:][ \u3000]*(?P<text>\S.*)$")

    def score(self, lines: list[Line]) -> int:
        return sum(1 for ln in lines if (m := self.TURN.match(ln.text)) and normalize_role(m["label"]))

    def learn(self, body: list[Line]) -> None:
        counts = Counter(m["label"] for ln in body if (m := self.TURN.match(ln.text)))
        self.labels = {lab for lab, n in counts.items() if normalize_role(lab) or n >= 3}

    def paragraphs(self, body: list[Line]) -> list[Para]:
        return unwrap(body, blank_breaks=True, starts=lambda t: bool(self.turn_start(t)))

    def turn_start(self, text: str) -> tuple[str, str] | None:
        m = self.TURN.match(text)
        if m and m["label"] in self.labels:
            return m["label"], m["text"]
        return None
