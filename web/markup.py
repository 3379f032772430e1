"""Text -> safe HTML: highlights from the engine's offsets, labels in Japanese.

Every character of record text is escaped here; only the <mark> and <p>
elements this module writes itself are markup. Templates receive Markup
objects and never mark user data as safe themselves.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from kaigiroku.search.api import SORTS
from kaigiroku.search.results import counterpart_label
from kaigiroku.search.model import KIND_LABELS
from kaigiroku.search.roles import role_label
from kaigiroku.search.wareki import to_wareki

KIND_JA = KIND_LABELS
SORT_JA = dict(zip(SORTS, ("関連度順", "新しい順", "古い順")))  # labels of search/api.py's sorts, in order
VOTES_JA = (("for", "賛成"), ("against", "反対"), ("abstain", "棄権"))
# Characters XML 1.0 does not allow (PDF extraction can leave form feeds and the like).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_spans(spans, start: int, end: int) -> list[tuple[int, int]]:
    """Spans clipped to [start, end), sorted and merged, relative to `start`."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((int(a), int(b)) for a, b in spans):
        s, e = max(s, start), min(e, end)
        if e <= s:
            continue
        if out and s - start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e - start))
        else:
            out.append((s - start, e - start))
    return out


def mark(text: str, spans, offset: int = 0) -> Markup:
    """`text` (which starts at `offset` of the record) escaped, with <mark> around the spans."""
    parts: list[str] = []
    at = 0
    for s, e in clean_spans(spans, offset, offset + len(text)):
        parts.append(str(escape(text[at:s])))
        parts.append("<mark>" + str(escape(text[s:e])) + "</mark>")
        at = e
    parts.append(str(escape(text[at:])))
    return Markup("".join(parts))


def snippet_html(hit: dict) -> Markup:
    """The hit's KWIC snippet on one line, matched words marked, ellipses where cut."""
    text = hit["snippet"].replace("\n", " ")
    body = mark(text, hit["highlights"], hit["snippet_offset"])
    before, after = hit["snippet_truncated"]
    return Markup("{}{}{}").format("…" if before else "", body, "…" if after else "")


def counterpart_html(hit: dict) -> Markup:
    """The counterpart's snippet on one line, matched words marked, ellipses where cut."""
    text = hit["counterpart_snippet"] or ""
    offset = hit["counterpart_snippet_offset"]
    body = mark(text.replace("\n", " "), hit["counterpart_highlights"], offset)
    full = hit["counterpart"] or ""
    return Markup("{}{}{}").format("…" if offset > 0 else "", body, "…" if offset + len(text) < len(full) else "")


def match_notes(hit: dict) -> list[str]:
    """What a hit matched, when it is not simply every word as typed (Japanese, for people)."""
    matched = hit.get("matched") or []
    notes = []
    if hit.get("match") == "partial":
        notes.append("一部の語のみ: " + "・".join(m["word"] for m in matched))
    other = counterpart_label(hit["kind"], hit["role"])
    for m in matched:
        if m["how"] == "near":
            notes.append(f"「{m['word']}」は近い形（助詞などを挟んで）一致")
        elif m["how"] == "substring":
            notes.append(f"「{m['word']}」は語の一部として一致")
        elif m["how"] == "context":
            notes.append(f"「{m['word']}」は{other}の側で一致")
    return notes


def paragraphs_html(text: str, spans=()) -> Markup:
    """A record's text as <p> paragraphs (its newlines), with highlights."""
    out: list[str] = []
    at = 0
    for line in text.split("\n"):
        if line.strip():
            out.append("<p>" + str(mark(line, spans, at)) + "</p>")
        at += len(line) + 1
    return Markup("".join(out)) if out else Markup("<p></p>")


def excerpt(text: str | None, limit: int = 160) -> str:
    """The start of a text on one line, cut at `limit` characters with an ellipsis."""
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"


def kind_ja(kind: str) -> str:
    return KIND_JA.get(kind, kind)


def role_ja(role: str | None) -> str:
    """A role key -> its Japanese label (議長・委員長・会長 …)."""
    return role_label(role) if role else ""


def wareki(iso: str) -> str:
    try:
        return to_wareki(iso)
    except (ValueError, TypeError):
        return ""


def votes_ja(votes) -> str:
    """Votes (or their dict) -> 賛成16・反対2・棄権0, or 全会一致 (unknown counts left out)."""
    if not votes:
        return ""
    if hasattr(votes, "to_dict"):
        votes = votes.to_dict()
    return "・".join([f"{ja}{votes[k]}" for k, ja in VOTES_JA if votes.get(k) is not None]
                    + ([votes["how"]] if votes.get("how") else []))


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 forbids removed."""
    return _NOT_XML.sub("", text)
