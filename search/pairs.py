"""Adjacent-word pairs: phrases answered from an index of word pairs.

Whoosh checks a phrase by reading the positions of every candidate document in
Python, hundreds of milliseconds at 100k records. Indexing each pair of words
at adjacent positions (every word at a position with every word at the next,
so compound pieces pair too) turns a phrase of n words into n-1 term lookups.
For three words or more this matches documents whose pairs are each adjacent
(the classic next-word index); a phrase whose pairs occur only apart is rare.
"""

from __future__ import annotations

from collections import defaultdict

from whoosh import query as Q

from .analysis import Deferred

SEP = "\x1f"


def pair_tokens(tokens) -> list[tuple[str, int, int, int]]:
    """Pair tokens of pre-analysed (text, pos, start, end) tokens, in the same tuple form."""
    at: dict[int, list[str]] = defaultdict(list)
    for text, pos, *_ in tokens:
        at[pos].append(text)
    out = []
    for pos in sorted(at):
        nxt = at.get(pos + 1)
        if nxt:
            out.extend((a + SEP + b, pos, 0, 0) for a in at[pos] for b in nxt)
    return out


class DeferredPairs(Deferred):
    """The pair tokens of a text, computed where it is indexed (from the memoised analysis)."""

    @property
    def tokens(self) -> list[tuple[str, int, int, int]]:
        return pair_tokens(super().tokens)


class PairPhrase(Q.And):
    """A phrase as the conjunction of its adjacent pairs; scored as the sum of its words."""

    def __init__(self, words: list[str], fieldname: str = "text", pairs_field: str = "pairs",
                 scored: list[str] | None = None):
        # The words that score it: callers leave out particles, whose postings span the corpus.
        self.words = list(scored) if scored else list(words)
        self.fieldname = fieldname
        super().__init__([Q.Term(pairs_field, a + SEP + b) for a, b in zip(words, words[1:])])

    def __repr__(self) -> str:
        return f"PairPhrase({self.words!r})"
