"""A file of minutes -> a Meeting: decode, read the header, detect the layout, parse.

The layout is detected from the content: each layout counts the lines that carry
its signature and the strongest wins. A file that carries none is an error that
says what was looked for; an empty or garbage meeting is never produced.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from kaigiroku.search.model import Meeting
from kaigiroku.search.wareki import find_dates

from .assemble import MeetingBuilder
from .clean import numbered
from .header import guess_municipality, parse_header
from .layouts import all_layouts
from .source import InputError, SourceText, read_source

MAX_BYTES = 64 * 1024 * 1024


class ParseError(InputError):
    """The file was read but is not minutes the parsers understand."""


def meeting_id(path: str | Path) -> str:
    """A stable id from the file name: NFKC, spaces to hyphens, nothing a URL must escape badly."""
    stem = unicodedata.normalize("NFKC", Path(path).stem).strip()
    stem = re.sub(r"\s+", "-", stem)
    stem = re.sub(r"[^\w.\-]", "_", stem)
    return stem.strip("._") or "meeting"


def parse_source(src: SourceText, *, meeting_id_: str | None = None) -> Meeting:
    lines = numbered(src.lines)
    header = parse_header(lines)
    body = lines[header.end:]
    scored = [(layout.score(body), n, layout) for n, layout in enumerate(all_layouts())]
    best_score, _, layout = max(scored, key=lambda s: (s[0], -s[1]))
    if best_score < layout.min_score:
        looked = "、".join(lay.looks_for for _, _, lay in scored)
        raise ParseError(src.path, f"会議録の形式を認識できません。次の形式を確認しました: {looked}")
    builder = MeetingBuilder()
    warnings = layout.parse(body, header, builder)
    items, records = builder.finish()
    if not records:
        raise ParseError(src.path, f"{layout.looks_for} の形式に見えますが、発言を1件も読み取れませんでした")
    title = header.title or next((s.strip() for s in src.lines if s.strip()), "")
    session, body_name = header.session_and_body(title)
    dates = header.dates or find_dates("\n".join(src.lines[:40]))[:1]
    if not dates:
        warnings.append("開催日が見つかりません")
    venue = header.venue
    if header.is_written or layout.name == "written-qa":
        held = "書面"
    elif "オンライン" in venue or "オンライン併用" in src.text[:5000]:
        held = "オンライン併用"
    else:
        held = "対面"
    return Meeting(
        id=meeting_id_ or meeting_id(src.path),
        municipality=guess_municipality(src.text),
        body=body_name,
        title=unicodedata.normalize("NFKC", title),
        session=session,
        dates=dates,
        format=held,
        source=Path(src.path).name,
        layout=layout.name,
        venue=venue,
        attendees=header.attendees,
        items=items,
        records=records,
        warnings=warnings,
    )


def parse_file(path: str | Path) -> Meeting:
    """Parse one file; raises InputError (or ParseError) with a message naming the file."""
    return parse_source(read_source(path, max_bytes=MAX_BYTES))
