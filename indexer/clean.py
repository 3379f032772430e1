"""Cleaning extracted text: page marks, HTML debris and PDF line wraps.

Every function keeps source line numbers, so a record can always cite the lines
it came from. Joining is decided by general rules of extracted text (a line as
wide as the page was wrapped; an indented line starts a paragraph; a line ending
mid-sentence continues), never by the content of one file.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

PAGE_MARK = re.compile(
    r"^\s*(?:[-－‐―ー]\s*[0-9０-９]{1,4}\s*[-－‐―ー]|[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}|[-－]{2,}\s*[-－]*"
    r"|[PpＰｐ]\s*[.．]\s*[0-9０-９]{1,4}(?:\s+\S[^。]{0,30})?|[0-9０-９]{1,4}\s*ページ|[-－]\s*[0-9０-９]{1,4}\s*[-－]\s*\S[^。]{0,30})\s*$"
)
_TAG = re.compile(r"<[^<>]{0,200}>")
# Lines that carry nothing to read: rules (━━━, ───, ＝＝＝, ……), markup of an export (<PAGE="3">).
_RULE = re.compile(r"^[\s\u3000]*[━─―－‐\-＝=＿_…・·*＊~〜◇◆□■☆★┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋│┃]{3,}[\s\u3000]*$")
# The vertical borders of a table drawn in text: a column break, read as white space.
_BOX_BORDER = re.compile(r"[│┃]|[┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋─━]{2,}")
_MARKUP_ONLY = re.compile(r"^[\s\u3000]*(?:<[A-Za-z/!][^<>]{0,200}>[\s\u3000]*)+$")
_PARA_BREAK = re.compile(r"</p>\s*<p[^>]*>", re.I)
_SENTENCE_END = "。．.！？!?」』）)】"
WS = " \t\u3000\u00a0"
# A line at least this share of the page width was wrapped by extraction and runs on into the next.
WRAP_RATIO = 0.85


@dataclass
class Line:
    no: int  # 1-based line number in the source file
    text: str


@dataclass
class Para:
    """A logical line: one or more source lines joined back together."""

    first: int
    last: int
    text: str
    indented: bool = False


def numbered(lines: list[str]) -> list[Line]:
    return [Line(i + 1, s) for i, s in enumerate(lines)]


def is_blank(s: str) -> bool:
    return not s.strip(WS + "\u200b")


def is_page_mark(s: str) -> bool:
    return bool(PAGE_MARK.match(s))


# Radicals that text taken from PDFs carries for the ideograph drawn with the same glyph (議⻑ for 議長):
# Kangxi radicals by NFKC, except two whose NFKC form is not the Japanese one; the supplement by table.
_RADICALS = dict(zip("⺟⺠⻁⻄⻑⻘⻤⻨⻩⻫⻭⻯⻲⼾⿊", "母民虎西長青鬼麦黄斉歯竜亀戸黒"))
_HAS_RADICAL = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")


def fix_radicals(s: str) -> str:
    """⼈ -> 人, ⻑ -> 長, ⿊ -> 黒: one character for one, so line spans and offsets stay."""
    if not _HAS_RADICAL.search(s):
        return s
    return "".join(_RADICALS.get(c) or (unicodedata.normalize("NFKC", c) if "\u2f00" <= c <= "\u2fdf" else c)
                   for c in s)


def is_rule(s: str) -> bool:
    """A separator line (━━━, ───, ……) or a line of export markup only (<PAGE="3">)."""
    return bool(_RULE.match(s) or _MARKUP_ONLY.match(s))


# In a document flattened to one line, a line started after wide white space, or a sentence end and a space;
# a turn written in full (議長（山田太郎）　…) may follow a sentence end directly.
# Each ends where a cut may fall (m.end()); they start with the character before it rather
# than look behind, so the regex engine can skip to the candidates.
_FLAT_BREAK = re.compile(r"[ \u3000](?:(?<=[ \u3000]{2})|(?<=[。」）)][ \u3000])|(?=[○◯〇◆◎]))(?=[^ \u3000])")
_FLAT_GLUED = re.compile(r"[。」）)－](?=[^ \u3000、。])")  # …礼－議長（山田君）: after a stage note too


_PAGE_LABEL = re.compile(r"^(\d{1,2})-(\d{1,4})")


def strip_page_labels(lines: list[Line]) -> list[Line]:
    """Page labels glued to the start of each page's text (`3-1日野町議会…`, `3-8310番（…君）` for page 83
    and 10番), as some extraction writes one line per page: removed where they run in sequence."""
    text_lines = [ln for ln in lines if not is_blank(ln.text)]
    heads = [_PAGE_LABEL.match(ln.text) for ln in text_lines]
    if len(text_lines) < 3 or sum(h is not None for h in heads) < 0.6 * len(text_lines):
        return lines
    chapter = next(h.group(1) for h in heads if h)
    out, expected, hits = [], None, 0
    for ln in lines:
        m = _PAGE_LABEL.match(ln.text)
        if m is None or m.group(1) != chapter:
            out.append(ln)
            continue
        digits = m.group(2)
        if expected is None:
            label = f"{chapter}-" + re.match(r"\d+?(?=\D|$)|\d+", digits).group(0) if not ln.text[m.end():m.end() + 1] \
                .isdigit() else f"{chapter}-{digits[:1]}"
        else:
            label = next((f"{chapter}-{n}" for n in (expected, expected + 1, expected - 1) if n > 0
                          and ln.text.startswith(f"{chapter}-{n}")), "")
        if not label:
            out.append(ln)
            continue
        hits += 1
        expected = int(label.split("-")[1]) + 1
        out.append(Line(ln.no, ln.text[len(label):]))
    return out if hits >= 0.8 * sum(h is not None for h in heads) else lines


def open_box_tables(lines: list[Line]) -> list[Line]:
    """A table drawn with box characters (│日 時│令和…│): borders become white space, so keys and values read."""
    return [Line(ln.no, _BOX_BORDER.sub("  ", ln.text)) if ("│" in ln.text or "┃" in ln.text) and not is_rule(ln.text)
            else ln for ln in lines]


_LONE_MARK = re.compile(r"^[ \u3000]*[○◯〇◆◎●][ \u3000]*$")
_OPEN_AT_END = re.compile(r"[（(〔【［\[][ \u3000]*$")


def join_broken_lines(lines: list[Line]) -> list[Line]:
    """Lines a web page broke inside a speaker's label: a mark alone on a line (`○` / `議長（山田君）`),
    or a line that ends with an opening bracket (`○議長(` / `渡邉一夫君) 日程第4…`, `〔` / `賛成者起立〕`)
    belongs with the next line."""
    out: list[Line] = []
    pending: Line | None = None
    for ln in lines:
        if pending is not None and not is_blank(ln.text):
            ln = Line(pending.no, pending.text.rstrip(WS) + ln.text.lstrip(WS))
            pending = None
        if _LONE_MARK.match(ln.text) or (_OPEN_AT_END.search(ln.text) and _unclosed(ln.text)):
            pending = ln
            continue
        out.append(ln)
    if pending is not None:
        out.append(pending)
    return out


def _unclosed(text: str) -> bool:
    depth = 0
    for c in text:
        depth += (c in "（(〔【［[") - (c in "）)〕】］]")
    return depth > 0


def split_flattened(lines: list[Line], starts: Callable[[str], bool], min_length: int = 40,
                    starts_glued: Callable[[str], bool] | None = None) -> list[Line]:
    """Lines a web export ran together (`… ○松本会長  text   ○松本会長  …`) -> one line per turn.

    Only long lines are split, only where wide white space (or a sentence end) is
    followed by what `starts` a line (a speaker's turn, a header key: the caller
    decides), or where a sentence end is followed by what `starts_glued` a line
    (a turn written in full, with the name in brackets), and only when that
    happens twice or more; the pieces keep the source line number.
    """
    out: list[Line] = []
    for ln in lines:
        if len(ln.text) < min_length:
            out.append(ln)
            continue
        cuts = {m.end() for m in _FLAT_BREAK.finditer(ln.text) if starts(ln.text[m.end():m.end() + 60])}
        if starts_glued is not None:
            cuts |= {m.end() for m in _FLAT_GLUED.finditer(ln.text) if starts_glued(ln.text[m.end():m.end() + 60])}
        cuts = sorted(cuts - {0})
        if len(cuts) < 2:
            out.append(ln)
            continue
        bounds = [0, *cuts, len(ln.text)]
        out.extend(Line(ln.no, ln.text[a:b].strip(WS)) for a, b in zip(bounds, bounds[1:]) if ln.text[a:b].strip(WS))
    return out


def strip_html(s: str) -> str:
    """Table-export debris -> text: paragraphs become newlines, tags go, entities decode."""
    s = _PARA_BREAK.sub("\n", s)
    s = re.sub(r"<br\s*/?>", "\n", s, flags=re.I)
    s = _TAG.sub("", s)
    return html.unescape(s)


class _Narrow(dict):
    """str.translate table, filled as characters are met: a full-width character is
    deleted, any other kept, so `width` runs in C (the Python loop it replaced was a
    fifth of parsing)."""

    def __missing__(self, cp: int) -> int | None:
        kept = self[cp] = None if unicodedata.east_asian_width(chr(cp)) in "WF" else cp
        return kept


_NARROW = _Narrow()


def width(s: str) -> int:
    """Display width: full-width characters count two."""
    return 2 * len(s) - len(s.translate(_NARROW))


def _widths(lines: list[Line]) -> list[int]:
    return [width(ln.text.rstrip(WS)) for ln in lines if not is_blank(ln.text)]


def _percentile_90(ws: list[int]) -> int:
    ws = sorted(ws)
    if not ws:
        return 0
    return ws[int(len(ws) * 0.9) - 1 if len(ws) > 1 else 0]


def typical_width(lines: list[Line]) -> int:
    """The page width of wrapped text: a high percentile of the line widths."""
    return _percentile_90(_widths(lines))


def ends_sentence(s: str) -> bool:
    s = s.rstrip(WS)
    return bool(s) and s[-1] in _SENTENCE_END


def join(prev: str, nxt: str) -> str:
    """Join a continuation: mid-sentence fragments run on, finished sentences get a newline."""
    prev = prev.rstrip(WS)
    nxt = nxt.strip(WS)
    if not prev:
        return nxt
    if not nxt:
        return prev
    return prev + ("\n" if ends_sentence(prev) else "") + nxt


def page_width(lines: list[Line]) -> int | None:
    """The page width of text wrapped at one (PDF extraction: many lines end at nearly
    the same width), else None."""
    ws = _widths(lines)
    if len(ws) < 20:
        return None
    typical = _percentile_90(ws)
    full = typical * WRAP_RATIO
    at_width = sum(1 for w in ws if w >= full)
    return typical if at_width >= 10 and at_width >= 0.3 * len(ws) else None


def is_double_spaced(lines: list[Line]) -> bool:
    """PDF extraction that puts a blank line after every line."""
    nonblank = [i for i, ln in enumerate(lines) if not is_blank(ln.text)]
    if len(nonblank) < 10:
        return False
    spaced = sum(1 for i in nonblank if i + 1 < len(lines) and is_blank(lines[i + 1].text))
    return spaced / len(nonblank) > 0.8


def fold(s: str) -> str:
    """NFKC with whitespace removed: for matching labels and keys, never for display."""
    return re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", s))


def blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines, split at blank lines; page marks dropped."""
    out: list[list[Line]] = [[]]
    for ln in lines:
        if is_page_mark(ln.text):
            continue
        if is_blank(ln.text):
            if out[-1]:
                out.append([])
        else:
            out[-1].append(ln)
    return [b for b in out if b]


def join_block(block: list[Line], wrap_width: int) -> Para:
    """One block of lines -> one paragraph: wrapped lines run on, short lines keep their break."""
    full = max(int(wrap_width * WRAP_RATIO), 1)
    text = ""
    for k, ln in enumerate(block):
        piece = ln.text.strip(WS)
        if k and not (width(block[k - 1].text.rstrip(WS)) >= full):
            text += "\n"
        text += piece
    return Para(block[0].no, block[-1].no, text)
