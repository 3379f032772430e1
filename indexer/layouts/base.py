"""What every reader of a body is: a detector and a reader.

`score` measures how much of the body carries the reader's signature, so
detection is a comparison between readers rather than a guess by one. `parse`
feeds a MeetingBuilder with headings and records.
"""

from __future__ import annotations

from ..assemble import MeetingBuilder
from ..clean import Line
from ..header import Header


class Layout:
    name = ""
    looks_for = ""  # said to the user when no reader matches
    min_score = 3

    def score(self, lines: list[Line]) -> int:
        raise NotImplementedError

    def parse(self, body: list[Line], header: Header, builder: MeetingBuilder) -> list[str]:
        """Read the body into `builder`; return warnings."""
        raise NotImplementedError
