"""A file of minutes -> a Meeting: decode, clean, read the header, read the body.

The reader of the body is chosen by the content: the written Q&A table and
summary minutes count the lines that carry their signature, and transcripts
(every shape of the speaker grammar) count the turns the document's profile
accepts; the strongest wins. A file none of them can read is an error that says
what was found and why it was not enough; an empty or garbage meeting is never
produced.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from kaigiroku.search.model import Meeting
from kaigiroku.search.wareki import ERA_PATTERN, find_dates

from .assemble import MeetingBuilder
from .columns import split_columns
from .identity import assign as assign_people, mark_referrals
from .clean import Line, fix_radicals, join_broken_lines, open_box_tables, split_flattened, strip_page_labels
from .header import SITE_LINE, guess_municipality, key_of, parse_header
from .sittings import Coverage, parse_sittings
from .layouts import Transcript, all_layouts
from .source import InputError, SourceText, read_source
from .sourceurl import check_url, sidecar_url
from .speakers import is_speaker, parse_line

MAX_BYTES = 64 * 1024 * 1024
_DATE_LINE = re.compile(r"^\s*(" + ERA_PATTERN + r"|\d{4}年)[^会議録委員]{0,16}日\s*(\(.曜日?\))?\s*$")


class ParseError(InputError):
    """The file was read but is not minutes the parsers understand."""


def meeting_id(path: str | Path) -> str:
    """A stable id from the file name: NFKC, spaces to hyphens, nothing a URL must escape badly."""
    stem = unicodedata.normalize("NFKC", Path(path).stem).strip()
    stem = re.sub(r"\s+", "-", stem)
    stem = re.sub(r"[^\w.\-]", "_", stem)
    return stem.strip("._") or "meeting"


def _starts_line(text: str) -> bool:
    """Whether a line of its own starts here: a speaker's turn or a header key (for flattened exports)."""
    sp = parse_line(text)
    return (sp is not None and is_speaker(sp) and not sp.rest.startswith(("、", "。"))) or key_of(text) is not None


# The name in brackets that ends a turn's label when written in full. The text is searched for it
# first (anywhere), because the question is asked at every sentence end.
_NAME_IN_BRACKETS = re.compile(r"[（(][^（）()]{2,12}[）)]")
_ENDS_WITH_NAME = re.compile(_NAME_IN_BRACKETS.pattern + "$")


def _starts_full_turn(text: str) -> bool:
    """A turn written in full: a title with the name in brackets, then a space (議長（山田太郎）　…)."""
    if not _NAME_IN_BRACKETS.search(text):
        return False
    sp = parse_line(text)
    return (sp is not None and is_speaker(sp) and sp.sep in ("wide", "space") and not sp.mark
            and _ENDS_WITH_NAME.search(sp.label) is not None)


def parse_source(src: SourceText, *, meeting_id_: str | None = None, source_url: str = "",
                 first_line: int = 1) -> Meeting:
    """One sitting; `first_line` is the number of the text's first line in its file."""
    numbered_lines = [Line(n, fix_radicals(s)) for n, s in enumerate(src.lines, first_line)]
    lines = join_broken_lines(open_box_tables(split_columns(strip_page_labels(numbered_lines))))
    lines = split_flattened(lines, _starts_line, starts_glued=_starts_full_turn)
    header = parse_header(lines)
    body = lines[header.end:]
    scored = [(layout.score(body), n, layout) for n, layout in enumerate(all_layouts())]
    best_score, _, layout = max(scored, key=lambda s: (s[0], -s[1]))
    if best_score < layout.min_score:
        transcript = next(lay for _, _, lay in scored if isinstance(lay, Transcript))
        raise ParseError(src.path, f"会議録の形式を認識できません: {transcript.refusal or '発言者の行が足りません'}")
    builder = MeetingBuilder()
    warnings = list(src.warnings) + layout.parse(body, header, builder)
    items, records = builder.finish()
    if not records:
        raise ParseError(src.path, f"{layout.looks_for} の形式に見えますが、発言を1件も読み取れませんでした")
    title = header.title or next((ln.text.strip() for ln in lines if ln.text.strip() and not SITE_LINE.search(ln.text)), "")
    if _DATE_LINE.match(unicodedata.normalize("NFKC", title)):
        title = ""  # 令和五年十一月十五日（水曜日）: the day, not the name of the meeting
    if len(title) > 80:  # a page run into one line: the name ends with its record word (…会議録)
        cut = re.search(r"会議録|議事録|会議記録|委員会記録", title)
        title = title[:cut.end()] if cut else title[:60]
    dates = header.dates or find_dates("\n".join(s for s in src.lines[:40] if not SITE_LINE.search(s)))[:1]
    session, body_name = header.session_and_body(title, dates[0] if dates else "")
    if not dates:
        warnings.append("開催日が見つかりません")
    venue = header.venue
    if header.is_written or layout.name == "written-qa":
        held = "書面"
    elif "オンライン" in venue or "オンライン併用" in src.text[:5000]:
        held = "オンライン併用"
    else:
        held = "対面"
    return mark_referrals(assign_people(Meeting(
        id=meeting_id_ or meeting_id(src.path),
        municipality=guess_municipality(fix_radicals(src.text), title),
        body=body_name,
        title=unicodedata.normalize("NFKC", title),
        session=session,
        dates=dates,
        format=held,
        source=Path(src.path).name,
        layout=layout.name,
        venue=venue,
        attendees=header.attendees,
        absent=header.absent,
        items=items,
        records=records,
        warnings=warnings,
        source_url=source_url,
        source_path=str(Path(src.path).resolve()),
        header_end=lines[header.end - 1].no if header.end else first_line - 1,
    )))


def parse_meetings(src: SourceText, source_url: str = "") -> list[Meeting]:
    """Every sitting of a file as a meeting (indexer/sittings.py splits it before the layouts read
    each part); a file that loses much of its text says how much and where in its first meeting's
    warnings."""
    return parse_sittings(src, parse_source, meeting_id(src.path), source_url)[0]


def parse_file_meetings(path: str | Path, source_url: str | None = None) -> list[Meeting]:
    """Parse one file into its sittings; raises InputError (or ParseError) with a message naming the file.

    The source URL is `source_url` when given, else the one beside the file (indexer/sourceurl.py)."""
    return parse_file_coverage(path, source_url)[0]


def parse_file_coverage(path: str | Path, source_url: str | None = None) -> tuple[list[Meeting], Coverage]:
    """parse_file_meetings, and which of the file's lines no meeting holds (indexer/sittings.py)."""
    url = check_url(source_url, path) if source_url is not None else sidecar_url(path)
    src = read_source(path, max_bytes=MAX_BYTES)
    return parse_sittings(src, parse_source, meeting_id(src.path), url)


def parse_file(path: str | Path, source_url: str | None = None) -> Meeting:
    """A file's first sitting (all of a file of one sitting); parse_file_meetings gives every one."""
    return parse_file_meetings(path, source_url)[0]
