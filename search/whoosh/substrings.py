"""Parts of words: the index terms that contain what was typed (マイナ → マイナンバー).

People type the start of a word (ワクチ), a short form that is part of the
written one (マイナ), or any piece of a long compound, as they do in the Diet's
minutes search, which matches substrings. Here the index's own term list is
searched instead of indexing character n-grams: the terms of the `text` field
are joined into one string once per searcher, and a fragment is found in it
with the regular-expression engine (C speed), each hit mapped back to its term.
The index does not grow at all; memory is the vocabulary, read lazily on the
first fragment a searcher is asked for. benchmarks/ and the README report the
measured cost against an n-gram field.

Prefix matches come first, then shorter terms (closer to what was typed); at
most MAX_TERMS terms are used, so a common fragment cannot turn one word into
thousands of postings lists.
"""

from __future__ import annotations

import bisect
import re
import threading

MAX_TERMS = 32
SEP = "\n"


class TermList:
    """The `text` terms of one searcher, searchable by substring."""

    def __init__(self, reader, fieldname: str = "text") -> None:
        self._reader = reader
        self._field = fieldname
        self._lock = threading.Lock()
        self._blob: str | None = None
        self._starts: list[int] = []
        self._terms: list[str] = []

    def _load(self) -> None:
        with self._lock:
            if self._blob is not None:
                return
            terms = [t for t in self._reader.field_terms(self._field) if SEP not in t]
            starts, at = [], 0
            for t in terms:
                starts.append(at)
                at += len(t) + 1
            self._terms, self._starts = terms, starts
            self._blob = SEP.join(terms) + SEP

    def __len__(self) -> int:
        self._load()
        return len(self._terms)

    def containing(self, fragment: str, limit: int = MAX_TERMS) -> list[str]:
        """Terms that contain `fragment` (not equal to it): prefixes first, then shorter ones."""
        if not fragment or SEP in fragment:
            return []
        self._load()
        found: set[int] = set()
        for m in re.finditer(re.escape(fragment), self._blob):
            found.add(bisect.bisect_right(self._starts, m.start()) - 1)
        terms = [self._terms[i] for i in found]
        terms = [t for t in terms if t != fragment]
        terms.sort(key=lambda t: (not t.startswith(fragment), len(t), t))
        return terms[:limit]
