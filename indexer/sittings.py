"""A file of minutes -> its sittings, and how much of its text they hold.

Councils publish one file per session day holding several sittings, and exports
concatenate days; a file that holds several sittings must become several
meetings, never its first one alone. A new sitting starts

- after a line that closes one (午後２時５４分 散会, 〔午後六時二十四分散会〕,
  閉会 午後4時), at the first line before the next turn that opens one: a title
  (…会議録), a header key (日時：, 招集年月日), a date, or an opening time
  (午前10時開議);
- or, without such a line, where a second header begins: a header key of the
  date with another key next to it, after the first sitting's turns, with the
  title lines just above it.

Each part is parsed alone (indexer/parse.py, with the file's own line numbers);
a part that does not read as minutes stays with the sitting before it, so a
false start costs nothing. Then the lines that no sitting placed (neither in a
header nor in a record or agenda item) are counted: a file that loses more than
LOST_SHARE of its characters warns with the share and where
(「本文の 37% を読み取れませんでした（120–480 行）」).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from kaigiroku.search.model import Meeting
from kaigiroku.search.wareki import find_dates

from .header import KEYS, key_of
from .source import InputError, SourceText
from .speakers import is_speaker, parse_line

# A file that leaves more than this share of its characters unplaced warns (see module doc).
LOST_SHARE = 0.2
# Ranges named in the warning, largest first.
RANGES_SHOWN = 3

_NUM = "0-9０-９〇一二三四五六七八九十"
_TIME = rf"(?:午前|午後)?[ \u3000]*[{_NUM}]+[ \u3000]*時(?:[ \u3000]*[{_NUM}]+[ \u3000]*分)?|(?:午前|午後)"
# A line that closes a sitting: a time and 散会/閉会, alone on the line (brackets and spaces aside).
_CLOSE = re.compile(rf"^(?:(?:{_TIME})[ \u3000]*(?:散会|閉会)|(?:散会|閉会)[ \u3000]*(?:{_TIME}))$")
# A line that opens one: a time and 開会/開議 alone on the line.
_OPEN = re.compile(rf"^(?:(?:{_TIME})[ \u3000]*(?:開会|開議)|(?:開会|開議)[ \u3000]*(?:{_TIME}))$")
_TITLE = re.compile(r"(会議録|議事録|会議要旨|要点記録|速記録|定例会|臨時会|委員会|審議会|協議会)[ \u3000]*(?:[(（]?第.{1,3}[号日][)）]?)?$")
_BRACKETS = "〔〕［］[]（）()【】<>＜＞「」 \u3000\t"
# Lines above a second header's first key that belong to it (the title, 会議録).
TITLE_LINES = 4


def _core(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch not in _BRACKETS)


# Cheap tests first: most lines hold neither word, nor any date key.
_CLOSE_WORD = re.compile("散会|閉会")
_DATE_FIELDS = ("datetime", "convened")  # 日時：, 招集年月日
_DATE_KEY = re.compile("|".join(map(re.escape, sorted({k for f in _DATE_FIELDS for k in KEYS[f]}, key=len, reverse=True))))


def is_close(text: str) -> bool:
    if not _CLOSE_WORD.search(text):
        return False
    t = _core(text)
    return len(t) <= 30 and bool(_CLOSE.match(t))


def _opens(text: str) -> bool:
    """A line a sitting starts with: an opening time, a title, a header key or a date."""
    t = text.strip(" \u3000\t")
    if not t:
        return False
    core = _core(t)
    if len(core) <= 30 and _OPEN.match(core):
        return True
    if len(t) <= 60 and _TITLE.search(core):
        return True
    if key_of(t) is not None:
        return True
    return len(t) <= 40 and bool(find_dates(t))


def _is_turn(text: str) -> bool:
    sp = parse_line(text)
    return sp is not None and is_speaker(sp) and len(sp.rest.strip()) >= 2


def _near(lines: list[str], i: int, step: int, count: int) -> list[str]:
    """Up to `count` lines with text from line i on (step 1) or before it (step -1), within 4 × count lines."""
    out, j = [], i
    while 0 <= j < len(lines) and abs(j - i) <= 4 * count and len(out) < count:
        if lines[j].strip(" \u3000\t"):
            out.append(lines[j])
        j += step
    return out


def _second_header(lines: list[str], i: int) -> bool:
    """Whether a header is at line i: a date key with a date on it or the next line with text, and
    another key among the four lines with text before or after it."""
    if not _DATE_KEY.search(lines[i]):
        return False
    kv = key_of(lines[i])
    if kv is None or kv[0] not in _DATE_FIELDS:
        return False
    if not find_dates(" ".join(_near(lines, i, 1, 2))):
        return False
    around = _near(lines, i - 1, -1, 4) + _near(lines, i + 1, 1, 4)
    return any((k := key_of(t)) is not None and k[0] not in _DATE_FIELDS for t in around)


def _header_top(lines: list[str], i: int, floor: int) -> int:
    """The first line of the header whose date key is at i: back over its other keys and the title
    lines just above (short lines that are neither speech nor blank gaps of more than one line)."""
    top = i
    j = i - 1
    titles = 0
    while j > floor:
        t = lines[j].strip(" \u3000\t")
        if not t:
            j -= 1
            continue
        if _core(t) == "以上":  # the end of the sitting before
            break
        if key_of(t) is not None and not _is_turn(t):
            top = j
        elif titles < TITLE_LINES and len(t) <= 60 and not _is_turn(t) and not t.endswith("。"):
            titles += 1
            top = j
        else:
            break
        j -= 1
    return top


# A sitting has a body once it has this many turns, or, after its own date key, this many lines
# of text outside header keys (summary minutes and written Q&A have no turns): only then can a
# header or a closing line start the next.
BODY_TURNS, BODY_LINES = 2, 5


def starts(lines: list[str]) -> list[int]:
    """0-based lines where a sitting after the first may start (candidates, in order)."""
    out: list[int] = []
    turns = content = 0  # since the current sitting started
    dated = False  # the current sitting's own date key has passed
    last = 0
    i = 0
    n = len(lines)
    while i < n:
        text = lines[i]
        body = turns >= BODY_TURNS or (dated and content >= BODY_LINES)
        if body and is_close(text):
            # The next sitting starts at the first opening line before the next turn.
            t = next((k for k in range(i + 1, n) if _is_turn(lines[k])), n)
            j = next((k for k in range(i + 1, t) if _opens(lines[k])), None)
            if j is not None and t < n:
                out.append(j)
                last, turns, content, dated, i = j, 0, 0, False, j
                continue
        if body and _second_header(lines, i):
            top = _header_top(lines, i, last)
            if top > last:
                out.append(top)
                last, turns, content, dated, i = top, 0, 0, True, i + 1
                continue
        if not body:  # once the sitting has a body, only its end is looked for
            if _is_turn(text):
                turns += 1
            kv = key_of(text) if text.strip() else None
            if kv is not None and kv[0] in _DATE_FIELDS:
                dated = True
            elif text.strip() and kv is None:
                content += 1
        i += 1
    return out


@dataclass
class Coverage:
    """How much of a file the meetings read from it hold."""

    chars: int  # characters of the file outside blank space
    placed: int  # of them, in a header, a record or an agenda item
    unplaced: list[tuple[int, int]] = field(default_factory=list)  # 1-based line ranges, inclusive

    @property
    def lost_share(self) -> float:
        return 1 - self.placed / self.chars if self.chars else 0.0

    def warning(self, limit: float | None = None) -> str | None:
        """The warning for a file that lost more than `limit` (default LOST_SHARE), else None."""
        if self.lost_share <= (LOST_SHARE if limit is None else limit):
            return None
        pct = round(self.lost_share * 100)
        biggest = sorted(self.unplaced, key=lambda r: r[0] - r[1])[:RANGES_SHOWN]
        where = "、".join(f"{a}–{b} 行" for a, b in sorted(biggest))
        more = "ほか" if len(self.unplaced) > len(biggest) else ""
        return f"本文の {pct}% を読み取れませんでした（{where}{more}）"


def _ink(text: str) -> int:
    return len("".join(text.split()))


def coverage(lines: list[str], meetings: list[tuple[Meeting, int]]) -> Coverage:
    """The file's `lines` against (meeting, its first line, 1-based): a meeting holds its header
    (its first line to Meeting.header_end) and the lines of its records and items."""
    placed = [False] * (len(lines) + 2)
    for m, first in meetings:
        for k in range(first, m.header_end + 1):
            placed[k] = True
        for a, b in [r.lines for r in m.records] + [it.lines for it in m.items if it.lines]:
            for k in range(a, b + 1):
                placed[k] = True
    total = done = 0
    ranges: list[list[int]] = []
    for no, text in enumerate(lines, 1):
        ink = _ink(text)
        if not ink:
            continue
        total += ink
        if placed[no]:
            done += ink
            continue
        if ranges and ranges[-1][1] >= no - 2:  # runs across a blank line are one
            ranges[-1][1] = no
        else:
            ranges.append([no, no])
    return Coverage(total, done, [(a, b) for a, b in ranges])


def parse_sittings(src: SourceText, parse: Callable[..., Meeting], base_id: str,
                   source_url: str = "") -> tuple[list[Meeting], Coverage]:
    """Every sitting of `src` as a meeting (ids base_id, base_id-2, …), and the file's coverage.

    `parse(part, meeting_id_=, source_url=, first_line=)` reads one sitting (parse.parse_source);
    it raises for the first part as for a whole file."""
    lines = src.lines
    bounds = [0] + starts(lines) + [len(lines)]
    parts = list(zip(bounds, bounds[1:]))

    def read(a: int, b: int, mid: str) -> Meeting:
        part = SourceText(src.path, "\n".join(lines[a:b]), src.encoding, src.digest,
                          list(src.warnings) if a == 0 else [])
        return parse(part, meeting_id_=mid, source_url=source_url, first_line=a + 1)

    meetings: list[tuple[Meeting, int]] = []
    k = 0
    while k < len(parts):
        a, b = parts[k]
        try:
            m = read(a, b, base_id if not meetings else f"{base_id}-{len(meetings) + 1}")
        except InputError:
            if not meetings:
                if k + 1 < len(parts):  # the first part alone is not minutes: read it with the next
                    parts[k:k + 2] = [(a, parts[k + 1][1])]
                    continue
                raise
            # Not a sitting of its own: read with the sitting before, as if no start were here;
            # when even that fails, its lines stay unplaced (and are reported below).
            prev, first = meetings[-1]
            try:
                meetings[-1] = (read(first - 1, b, prev.id), first)
                parts[k - 1:k + 1] = [(first - 1, b)]
            except InputError:
                k += 1
            continue
        meetings.append((m, a + 1))
        k += 1
    cov = coverage(lines, meetings)
    w = cov.warning()
    if w:
        meetings[0][0].warnings.append(w)
    return [m for m, _ in meetings], cov
