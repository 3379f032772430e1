"""Readers of a document's body: transcripts by the speaker grammar, and the two shapes that are not turns."""

from .base import Layout
from .summary import SummaryMinutes
from .transcripts import Transcript
from .written import WrittenQA


def all_layouts() -> list[Layout]:
    """Fresh instances (readers keep per-document state while reading)."""
    return [WrittenQA(), SummaryMinutes(), Transcript()]


__all__ = ["Layout", "Transcript", "all_layouts"]
