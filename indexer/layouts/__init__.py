"""Layout parsers, one per way councils lay out their minutes."""

from .base import Layout
from .summary import SummaryMinutes
from .transcripts import BracketedTranscript, ColonTranscript, MarkedTranscript, PdfTranscript, TableTranscript
from .written import WrittenQA


def all_layouts() -> list[Layout]:
    """Fresh instances (parsers keep per-document state while reading)."""
    return [WrittenQA(), SummaryMinutes(), TableTranscript(), PdfTranscript(), MarkedTranscript(),
            BracketedTranscript(), ColonTranscript()]


__all__ = ["Layout", "all_layouts"]
