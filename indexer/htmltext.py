"""HTML bytes -> the text of the minutes, one line per block, as a text export would have it.

A real parser (the standard library's), not a regular expression: block
elements (p, div, br, tr, li, headings…) end a line, so speakers stay on lines
of their own; table cells are separated by a tab, as in a table export; script,
style and ruby readings (rt, rp) are dropped. The charset is the one the page
declares (BOM, then meta), else it is decided from the bytes like a text file.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from html.parser import HTMLParser

BREAKS = {"br", "p", "div", "tr", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
          "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote", "section", "article", "header",
          "footer", "main", "nav", "aside", "form", "fieldset", "address", "figure", "figcaption", "caption",
          "center", "body", "html", "title"}
CELLS = {"td", "th"}
DROPPED = {"script", "style", "rt", "rp", "noscript", "template", "head", "svg", "math", "select"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ASCII_WS = re.compile(r"[ \t\r\n\f]+")
# Codec names pages use for Japanese, read as the superset Windows writes.
_ALIASES = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932",
            "ms_kanji": "cp932", "euc-jp": "euc_jp", "x-euc-jp": "euc_jp"}


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first bytes (<meta charset> or http-equiv), if Python knows it."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, path: str, decode_bytes: Callable[[bytes, str], tuple[str, str]]) -> tuple[str, str]:
    """Bytes -> (markup, encoding): a BOM, else the declared charset, else the bytes decide
    (`decode_bytes`, source.py's, passed in: source.py reads HTML through this module)."""
    enc = None if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) else declared_charset(data)
    if enc:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass  # a page that lies about its charset: read it as a text file is read
    return decode_bytes(data, path)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.dropped = 0  # depth inside elements whose text is not read
        self.pre = 0
        self.cell = False  # a cell was opened on this line: the next one is after a tab

    def _break(self) -> None:
        self.lines[-1] = self.lines[-1].rstrip(" ")
        if self.lines[-1]:
            self.lines.append("")
        self.cell = False

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED:
            self.dropped += 1
        elif tag in CELLS:
            if self.cell:
                self.lines[-1] = self.lines[-1].rstrip(" ") + "\t"
            self.cell = True
        elif tag in BREAKS and not self.dropped:
            if tag == "tr":
                self._break()
            elif tag == "br":
                self.lines[-1] = self.lines[-1].rstrip(" ")
                self.lines.append("")
            else:
                self._break_in_cell()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag, attrs):
        if tag in DROPPED:
            return
        self.handle_starttag(tag, attrs)

    def _break_in_cell(self) -> None:
        """A block inside a table cell breaks the cell's text; elsewhere, it breaks the line."""
        if self.cell and not self.lines[-1].endswith("\t") and self.lines[-1].strip():
            self.lines.append("")
        elif not self.cell:
            self._break()

    def handle_endtag(self, tag):
        if tag in DROPPED:
            self.dropped = max(self.dropped - 1, 0)
        elif tag in BREAKS and not self.dropped and tag != "br":
            if tag == "pre":
                self.pre = max(self.pre - 1, 0)
            if tag in ("tr", "table"):
                self._break()
            else:
                self._break_in_cell()

    def handle_data(self, data):
        if self.dropped:
            return
        if self.pre:
            first, *rest = data.split("\n")
            self.lines[-1] += first
            self.lines.extend(rest)
            return
        text = _ASCII_WS.sub(_space, data) if _ASCII_WS.search(data) else data
        if not self.lines[-1] or self.lines[-1].endswith("\t"):
            text = text.lstrip(" ")
        self.lines[-1] += text


def _space(m: re.Match) -> str:
    """Source line breaks and runs of spaces are one space, as a browser shows them; a line break
    between two Japanese characters (a page's source wrapped in a sentence) is nothing."""
    s, text = m.group(0), m.string
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if "\n" in s and before > "\u2e80" and after > "\u2e80":
        return ""
    return " "


def html_text(markup: str) -> str:
    """The text of an HTML page, one block per line; tags gone, entities decoded."""
    p = _Text()
    p.feed(markup)
    p.close()
    lines = [ln.rstrip(" \t") for ln in p.lines]
    out: list[str] = []
    for ln in lines:  # at most one blank line in a row
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip("\n")
