"""Shared fixtures: the shipped corpus, parsed once per session (parsing is pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def corpus():
    """Meeting id -> parsed Meeting, for the five shipped files."""
    return {p.stem: parse_file(p) for p in sorted(CORPUS.glob("*.txt"))}
