"""Two-column pages read line by line: put each column back in reading order.

Some councils print minutes two columns to a page, and text extraction that reads a
page row by row joins the left column's row and the right column's row with a space
(`…慎重にするというこ 〇議長（伊藤新一君） 社会福祉課長。`). A speaker's mark then starts
mid-line and every turn is cut in two. Such a document shows itself by turns that start
mid-line after a space, at no more than the left column's width; that width is learned
from them. Each row is split at the space nearest that width (at a mark, when one starts
there), and each page (up to a page mark) is read left column first, then right. A row
with no split belongs to the column whose text it continues. Source line numbers are kept.
"""

from __future__ import annotations

import re

from .clean import Line, WS, ends_sentence, is_blank, is_page_mark, width

# A turn starting mid-line: a space, a mark, a title and the name in brackets.
_MID_TURN = re.compile(r"[ \u3000][○◯〇●◆◎][^ \u3000（(]{1,20}[（(][^）)]{2,12}[）)]")
MIN_ROWS = 4


def _column_width(lines: list[Line]) -> int | None:
    """The left column's width, when the document is two columns read row by row; else None."""
    lefts = []
    for ln in lines:
        rest = ln.text[1:]
        if ("（" not in rest and "(" not in rest) or not any(c in rest for c in "○◯〇●◆◎"):
            continue  # no mark after the line's start: no turn starts mid-line
        for m in _MID_TURN.finditer(ln.text):
            if m.start() > 0 and not is_blank(ln.text[:m.start()]):
                lefts.append(width(ln.text[:m.start()]))
    if len(lefts) < MIN_ROWS:
        return None
    widths = sorted(width(ln.text.rstrip(WS)) for ln in lines if not is_blank(ln.text))
    if len(lefts) < 0.05 * len(widths):
        return None
    lefts.sort()
    limit = lefts[int(len(lefts) * 0.95) - 1]
    # Two columns: the rows are wider than one column and no row is much wider than two (a page run
    # together into one line, as flattened exports are, is no column).
    wide = sum(limit < w <= 2 * limit + 6 for w in widths)
    return limit if wide >= 0.3 * len(widths) and widths[int(len(widths) * 0.98) - 1] <= 2 * limit + 6 else None


def _split(text: str, limit: int) -> tuple[str, str] | None:
    """(left, right) of a row, or None when the row has one column."""
    best = None
    for m in re.finditer(r"[ \u3000]+", text):
        left = text[:m.start()]
        if not left.strip(WS):
            continue
        w = width(left)
        if w > limit + 2:
            break
        right = text[m.end():]
        if right[:1] in "○◯〇●◆◎":
            return left, right  # a turn starts the right column
        best = (left, right)
    if best is None or width(best[0]) < limit * 0.5:
        return None
    return best


def split_columns(lines: list[Line]) -> list[Line]:
    """The lines of a document in reading order: unchanged unless it is two columns read row by row."""
    limit = _column_width(lines)
    if limit is None:
        return lines
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []

    def flush() -> None:
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for ln in lines:
        if is_page_mark(ln.text):
            flush()
            out.append(ln)
            continue
        if is_blank(ln.text):
            continue
        parts = _split(ln.text, limit)
        if parts is not None:
            left.append(Line(ln.no, parts[0]))
            right.append(Line(ln.no, parts[1]))
        elif right and not ends_sentence(right[-1].text) and (not left or ends_sentence(left[-1].text)
                                                              or width(ln.text) > limit + 2):
            right.append(ln)  # the right column's row, the left one empty
        else:
            left.append(ln)
    flush()
    return out
