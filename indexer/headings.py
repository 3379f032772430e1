"""Agenda headings in the body of minutes: `3 諮問事項` and `（1）…について`.

A heading is a short line that is not a sentence. Section headings carry a bare
number; topic headings a number in brackets, full- or half-width.
"""

from __future__ import annotations

import re

from .clean import ends_sentence

SECTION_RE = re.compile(r"^[ \u3000]*([0-9０-９]{1,2})[ \u3000\t]+(\S[^。]{0,24})$")
TOPIC_RE = re.compile(r"^[ \u3000]*[（(]([0-9０-９]{1,2})[）)][ \u3000]*(\S.{0,160})$")
END_RE = re.compile(r"^[ \u3000]*以[ \u3000]*上[ \u3000]*$")


def section(text: str) -> tuple[str, str] | None:
    """(number, title) of a section heading, or None."""
    m = SECTION_RE.match(text.rstrip())
    if not m or ends_sentence(m[2]) or "、" in m[2]:
        return None
    return m[1], m[2].strip()


def topic(text: str) -> tuple[str, str] | None:
    """(number, title) of a topic heading, or None."""
    m = TOPIC_RE.match(text.rstrip())
    if not m or ends_sentence(m[2].rstrip("\u3000 ")) and not m[2].rstrip().endswith(("）", ")")):
        return None
    return m[1], m[2].strip()


def is_end(text: str) -> bool:
    """`以上`: the minutes end here; what follows is a note on publication."""
    return bool(END_RE.match(text))
