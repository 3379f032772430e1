"""PDF bytes -> the text of the minutes, line by line, as a text export would have it.

pypdfium2 (pdfium) reads the text layer: it was the only extractor measured that
kept Japanese text exact, including the CJK characters that producers map to
radicals (it reads /ActualText). What a PDF loses against a text file is put
back from the glyph positions: white space (pdfium writes one space for any gap:
wide spaces, full-width spaces and a table's columns, as a tab, come back), a
paragraph indent (pdfium drops a leading U+3000), blank lines (a vertical gap of
more than a line), and a line the layout wrapped at the right margin runs on
into the next. What a PDF adds is taken away: the running header and footer
repeated on most pages, and page numbers. Cleaning (radicals, page marks, rules)
is left to the text pipeline, which applies to every input alike.

pdfium is not thread-safe, even across documents: every call into it holds one
lock, so any caller (a thread of the web server, say) may use this module.
"""

from __future__ import annotations

import re
import statistics
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_LOCK = threading.Lock()
INDENT = "\u3000"
NO_TEXT = "文字情報のない PDF です（スキャン画像？）。文字を読み取る（OCR）処理をした PDF かテキストを指定してください"

# A page number alone on a line: 3, - 3 -, (3), 3/12, 3 ページ, P.3.
PAGE_NUMBER = re.compile(
    r"^[-－−‐―—–ー\s]*[(（]?[0-9０-９]{1,4}[)）]?[-－−‐―—–ー\s]*$"
    r"|^[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}$"
    r"|^[-－−‐―—–ー\s]*(?:[PpＰｐ]\s*[.．]\s*)?[0-9０-９]{1,4}\s*(?:ページ|頁)?[-－−‐―—–ー\s]*$"
)
COLUMN_GAP = 1.8  # ems of empty space between two glyphs of a line that separate columns
WRAP_SLACK = 2.0  # ems short of the right margin a line may end and still have been wrapped (kinsoku)
SENTENCE_END = "。．.！？!?」』）)】"
LINE_MARKS = "○◯〇●◎◆◇■□・•-－‐―※→"
INDENT_EMS = 0.25  # a line starting this far right of the margin is indented (by a half-width space or more)
COLUMN_LABEL = 16  # characters a label cell at the start of a table row may have
EDGE = 3  # lines at the top and at the bottom of a page that may be a running header or footer


@dataclass
class PdfLine:
    text: str
    left: float  # x of the first glyph, in points
    right: float  # x where the last glyph ends
    top: float  # y of the top of the first glyph (PDF y grows upwards)
    height: float
    hang: float | None = None  # x where the text after the line's first column gap starts (a table's second cell)


@dataclass
class PdfPage:
    lines: list[PdfLine] = field(default_factory=list)
    chars: int = 0
    images: int = 0  # counted on pages without text only


class PdfProblem(Exception):
    """The PDF cannot give text; the message says why, in Japanese, for the user."""


def read_pages(data: bytes) -> list[PdfPage]:
    """The lines of every page with their positions. Raises PdfProblem for a locked or broken file."""
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise PdfProblem("パスワードで保護された PDF です。保護を外した PDF を指定してください") from None
            raise PdfProblem("PDF として読めません（壊れているか、途中で切れています）") from None
        try:
            return [_read_page(pdf[i]) for i in range(len(pdf))]
        except pdfium.PdfiumError:
            raise PdfProblem("PDF として読めません（ページを開けません）") from None
        finally:
            pdf.close()


def _read_page(page) -> PdfPage:
    tp = page.get_textpage()
    try:
        out = PdfPage(chars=tp.count_chars())
        if not out.chars:  # images matter only where there is no text: a scan
            out.images = sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
            return out
        pos = 0
        for raw in tp.get_text_range().split("\r\n"):
            if raw.strip():
                out.lines.append(_line(tp, raw, pos, out.chars))
            pos += len(raw) + 2
        return out
    finally:
        tp.close()
        page.close()


def _line(tp, raw: str, start: int, count: int) -> PdfLine:
    """One line of pdfium's text with its box, its white space measured again from the glyphs
    (pdfium writes one space for any gap, and sometimes none between a table's cells)."""
    glyphs = [k for k, c in enumerate(raw) if not c.isspace()]
    boxes = {k: _box(tp, start + k, count) for k in glyphs}
    em = statistics.median(box[3] - box[1] for box in boxes.values()) or 10.0
    text, hang = raw[glyphs[0]], None
    for a, b in zip(glyphs, glyphs[1:]):
        space = _space(raw[a + 1:b], (boxes[b][0] - boxes[a][2]) / em)
        if space == "\t" and hang is None:
            hang = boxes[b][0]
        text += space + raw[b]
    first, last = boxes[glyphs[0]], boxes[glyphs[-1]]
    return PdfLine(text, first[0], last[2], first[3], max(first[3] - first[1], 0.0), hang)


def _space(between: str, gap: float) -> str:
    """The white space `between` two glyphs `gap` ems apart, as a text file writes it; the
    speaker grammar tells one space from a wide one. A column (a table's, or a producer's tab)
    is a tab; an em or more is full-width spaces, half an em two spaces, less one space (or
    none, where pdfium wrote none: glyphs of proportional fonts stand a little apart)."""
    if gap > COLUMN_GAP:
        return "\t"
    if gap >= 0.85:
        return "\u3000" * max(1, round(gap))
    if not between:
        return ""
    return "  " if gap >= 0.45 else " "


def _box(tp, index: int, count: int) -> tuple[float, float, float, float]:
    if 0 <= index < count:
        return tp.get_charbox(index, loose=True)
    return (0.0, 0.0, 0.0, 0.0)


def _key(text: str) -> str:
    """A line compared across pages: NFKC, digits and spaces folded, so `第3回 … 3/12` repeats."""
    return re.sub(r"[0-9\s]+", "#", unicodedata.normalize("NFKC", text)).strip("#")


def strip_running(pages: list[PdfPage], share: float = 0.5) -> list[list[PdfLine]]:
    """Drop the page numbers and the lines repeated at the top or bottom of most pages.

    Only the first and last EDGE lines of a page are candidates; a producer may draw
    its header last (Chromium does), so "first" and "last" are in reading order and
    in drawing order alike. A line is running when it recurs on at least `share` of
    the pages with text, and on at least two of them. A number alone is a page number
    when it counts the pages (page n says n + k, with the same k on most pages), so a
    question's number that happens to open a page stays."""
    texts = [p.lines for p in pages if p.lines]
    seen: Counter = Counter()
    for lines in texts:
        seen.update({_key(ln.text) for ln in _edges(lines)})
    need = max(2, -(-int(share * 100) * len(texts) // 100))
    running = {k for k, n in seen.items() if n >= need and k} if len(texts) > 1 else set()
    numbers = _page_numbers(texts, need)
    out = []
    for lines in texts:
        edge = {id(ln) for ln in _edges(lines)}
        out.append([ln for ln in lines
                    if not (id(ln) in edge and (id(ln) in numbers or _key(ln.text) in running))])
    return out


def _page_numbers(texts: list[list[PdfLine]], need: int) -> set[int]:
    """The ids of the lines that number the pages: the offset from the page's index that most
    pages agree on (a lone page is numbered 1, or says 1/1)."""
    found: dict[int, tuple[int, PdfLine]] = {}  # id of the line -> (its number - the page's index, line)
    for n, lines in enumerate(texts):
        for ln in _edges(lines):
            if PAGE_NUMBER.match(ln.text):
                number = int(unicodedata.normalize("NFKC", re.search(r"[0-9０-９]+", ln.text).group()))
                found[id(ln)] = (number - n, ln)
    if not found:
        return set()
    best, count = Counter(k for k, _ in found.values()).most_common(1)[0]
    if (len(texts) > 1 and count < need) or (len(texts) == 1 and best != 1):
        return set()
    return {key for key, (k, _) in found.items() if k == best}


def _edges(lines: list[PdfLine]) -> list[PdfLine]:
    by_y = sorted(lines, key=lambda ln: -ln.top)
    return lines[:EDGE] + lines[-EDGE:] + by_y[:EDGE] + by_y[-EDGE:]


def lay_out(pages: list[list[PdfLine]]) -> list[str]:
    """Lines -> text lines: indent restored, blank lines at wide gaps (also at the top of a page), wrapped lines run on.

    The left margin is the most common left edge, the right margin the furthest right
    edge (of the whole document, so a short last page is measured like the others).
    A line that reaches the right margin (within a kinsoku's slack) was wrapped by the layout,
    and the next line continues it unless that one is indented or after a gap; in a table,
    the next line continues it when it starts where the row's second cell does."""
    every = [ln for lines in pages for ln in lines]
    if not every:
        return []
    glyph = statistics.median(ln.height for ln in every) or 10.0
    margin = Counter(round(ln.left) for ln in every).most_common(1)[0][0]
    right = max(ln.right for ln in every)
    pitches = [a.top - b.top for lines in pages for a, b in zip(lines, lines[1:]) if 0 < a.top - b.top < 4 * glyph]
    pitch = statistics.median(pitches) if pitches else glyph * 1.5
    # A blank line that fell at a page break shows as a first line below where pages begin.
    page_top = max(lines[0].top for lines in pages if lines)
    out: list[str] = []
    wrapped, hang = False, None
    for lines in pages:
        prev = None
        for ln in lines:
            gap = (prev.top - ln.top > 1.6 * pitch) if prev is not None else bool(out) and page_top - ln.top > 0.6 * pitch
            indented = ln.left - margin >= glyph * INDENT_EMS
            in_cell = hang is not None and abs(ln.left - hang) < glyph * 0.5  # a table cell's wrapped text
            if wrapped and (in_cell or not indented) and not gap and out and not _starts_anew(out[-1], ln.text):
                out[-1] += ln.text
            else:
                hang = ln.hang
                if gap:
                    out.append("")
                out.append((INDENT if indented else "") + ln.text)
            wrapped = right - ln.right < glyph * WRAP_SLACK and ln.right - ln.left > (right - margin) * 0.5
            prev = ln
    return out


def _starts_anew(prev: str, text: str) -> bool:
    """A line that ended a sentence at the margin, followed by one opening with a mark (○, ・, -),
    starts anew: a speaker's turn or an item that happened to fill the line before it. So does
    a row of a table whose first cell is a label (`会長<column>text`)."""
    return (prev.rstrip()[-1:] in SENTENCE_END and text[:1] in LINE_MARKS) \
        or _label_cell(text)


def _label_cell(text: str) -> bool:
    """A line that opens with a short cell and a column gap (`会長<column>…`, `12<column>…`); a
    wrapped sentence that reaches a column (`…いたします。<column>…`) does not."""
    cell, tab, _ = text.partition("\t")
    return bool(tab) and len(cell) <= COLUMN_LABEL and not any(c in "。、，．" for c in cell)


@dataclass
class PdfText:
    text: str
    pages: int
    warnings: list[str] = field(default_factory=list)


def pdf_text(data: bytes) -> PdfText:
    """The text of a PDF's pages, joined; PdfProblem when there is none to read."""
    pages = read_pages(data)
    if not pages:
        raise PdfProblem("ページのない PDF です")
    if not any(p.chars for p in pages):
        raise PdfProblem(NO_TEXT if any(p.images for p in pages) else "文字のない PDF です（白紙？）")
    warnings = []
    empty = [str(n) for n, p in enumerate(pages, 1) if not p.chars and p.images]
    if empty:
        warnings.append(f"{'、'.join(empty)} ページは文字情報のない画像です（読み飛ばしました）")
    text = "\n".join(lay_out(strip_running(pages)))
    return PdfText(text, len(pages), warnings)
