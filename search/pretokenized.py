"""Analysis done ahead of indexing, so worker processes can share the Sudachi work.

The index field's tokenizer is the shared Sudachi tokenizer; given a
PreTokenized value (the (term, position) pairs that very chain produced in a
worker) it replays them instead of analysing again. Whoosh then only builds
postings in the writing process.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Token

from .analysis import MaxLengthFilter, SudachiTokenizer, analyze


class PreTokenized(str):
    """(term, position) pairs from the index-mode chain, passed where Whoosh expects a str.

    Whoosh treats list values as already-split words with consecutive positions,
    which would lose the compound pieces that share a position; a str subclass
    reaches the analyzer untouched.
    """

    tokens: tuple

    def __new__(cls, tokens) -> "PreTokenized":
        obj = super().__new__(cls, "")
        obj.tokens = tuple(tokens)
        return obj


def pretokenize(text: str) -> list[tuple[str, int]]:
    """The index-mode (term, position) pairs of `text`: the work a pool worker does."""
    return [(t.text, t.pos) for t in analyze(text, mode="index")]


class IndexTokenizer(SudachiTokenizer):
    """SudachiTokenizer that also accepts PreTokenized values."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs) -> Iterator[Token]:
        if not isinstance(value, PreTokenized):
            yield from super().__call__(value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                                        removestops=removestops, start_pos=start_pos, start_char=start_char,
                                        tokenize=tokenize, mode=mode, **kwargs)
            return
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos in value.tokens:
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            yield t


def IndexAnalyzer():
    """The index field's chain: the shared Sudachi chain, able to replay pre-analysed tokens."""
    return IndexTokenizer() | MaxLengthFilter()
