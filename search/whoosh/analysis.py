"""The analysis chain (search/analysis.py) as a Whoosh analyzer, for the schema and query terms.

Whoosh stores the analyzer in the schema and multiprocess writers unpickle it: the
tokenizer holds only configuration and takes its tokens from `analysis.scan`, or
replays those computed elsewhere (PreTokenized, Deferred).
"""

from __future__ import annotations

import unicodedata
from typing import Iterator

from whoosh.analysis import CompositeAnalyzer, Filter, Token, Tokenizer

from ..analysis import MAX_TERM_CHARS, Deferred, PreTokenized, scan


class SudachiTokenizer(Tokenizer):
    """NFKC + Sudachi mode C; at mode="index" also the mode-A pieces of compounds.

    Pieces share the compound's position, so single-word queries match inside
    compounds while multi-token phrases keep their meaning.
    """

    def __init__(self, index_pieces: bool = True) -> None:
        self.index_pieces = index_pieces

    def __eq__(self, other: object) -> bool:
        return self.__class__ is other.__class__ and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.index_pieces))

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:  # fmt: skip
        assert isinstance(value, str), f"{value!r} is not str"
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if isinstance(value, (PreTokenized, Deferred)):
            items = value.tokens
        elif not tokenize:  # whole value as one term (whoosh uses this for e.g. wildcards)
            items = [(unicodedata.normalize("NFKC", value).lower(), 0, 0, len(value))]
        else:
            items = scan(value, mode, self.index_pieces)
        for text, pos, b, e in items:
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + b
                t.endchar = start_char + e
            if keeporiginal:
                t.original = value[b:e]
            yield t


class MaxLengthFilter(Filter):
    """Drops absurdly long terms (OCR'd digit runs, hashes) that no one searches.

    Positions are left untouched so phrases around them keep their distance.
    """

    def __init__(self, max_chars: int = MAX_TERM_CHARS) -> None:
        self.max_chars = max_chars

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        limit = self.max_chars
        for t in tokens:
            if len(t.text) <= limit:
                yield t


def SudachiAnalyzer() -> CompositeAnalyzer:
    """The analyzer for every Japanese text field and for the query parser."""
    return SudachiTokenizer() | MaxLengthFilter()


__all__ = ["MaxLengthFilter", "SudachiAnalyzer", "SudachiTokenizer"]
