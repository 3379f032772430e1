"""Adjacent-word pairs: phrases answered from an index of word pairs.

Whoosh checks a phrase by reading the positions of every candidate document in
Python, hundreds of milliseconds at 100k records. Indexing each pair of words
that touch (see pair_tokens: the pieces of compounds pair too) turns a phrase
of n words into n-1 term lookups.
For three words or more this matches documents whose pairs are each adjacent
(the classic next-word index); a phrase whose pairs occur only apart is rare.
"""

from __future__ import annotations

from whoosh import query as Q

from ..analysis import Deferred

SEP = "\x1f"


def pair_tokens(tokens) -> list[tuple[str, int, int, int]]:
    """Pair tokens of pre-analysed (text, pos, start, end) tokens, in the same tuple form.

    Two words pair when they touch: pieces of one compound that meet (介護|認定
    inside 要介護認定, so a typed 介護認定 finds it), or a word that ends its
    position's span followed by one that starts the next position's span
    (個人情報|の, 保護|の, but never 個人|の inside 個人情報の). Punctuation and
    spaces between positions are not words, so pairs bridge them.
    This runs for every record a build indexes: tokens come in position order, and
    most positions hold one word, which pairs with the next one directly.
    """
    groups: list[tuple[int, list[tuple[str, int, int]]]] = []
    for text, pos, start, end in tokens:
        if groups and groups[-1][0] == pos:
            groups[-1][1].append((text, start, end))
        elif groups and groups[-1][0] > pos:  # not in position order: group them first
            return _pairs_of(sorted(tokens, key=lambda t: t[1]))
        else:
            groups.append((pos, [(text, start, end)]))
    return _pairs_of_groups(groups)


def _pairs_of(tokens) -> list[tuple[str, int, int, int]]:
    groups: list[tuple[int, list[tuple[str, int, int]]]] = []
    for text, pos, start, end in tokens:
        if groups and groups[-1][0] == pos:
            groups[-1][1].append((text, start, end))
        else:
            groups.append((pos, [(text, start, end)]))
    return _pairs_of_groups(groups)


def _pairs_of_groups(groups) -> list[tuple[str, int, int, int]]:
    out = []
    for k, (pos, here) in enumerate(groups):
        if len(here) > 1:  # a compound and its pieces: pieces that meet
            out.extend((a + SEP + b, pos, 0, 0) for a, _, ae in here for b, bs, _ in here if ae == bs)
        if k + 1 == len(groups) or groups[k + 1][0] != pos + 1:
            continue
        nxt = groups[k + 1][1]
        if len(here) == 1 and len(nxt) == 1:
            out.append((here[0][0] + SEP + nxt[0][0], pos, 0, 0))
            continue
        last = max(e for _, _, e in here)
        first = min(s for _, s, _ in nxt)
        out.extend((a + SEP + b, pos, 0, 0) for a, _, ae in here if ae == last
                   for b, bs, _ in nxt if bs == first)
    return out


class DeferredPairs(Deferred):
    """The pair tokens of a text, computed where it is indexed (from the memoised analysis)."""

    @property
    def tokens(self) -> list[tuple[str, int, int, int]]:
        return pair_tokens(super().tokens)


class PairPhrase(Q.And):
    """A phrase as the conjunction of its adjacent pairs; scored as the mean of its pairs (docsets)."""

    def __init__(self, words: list[str], fieldname: str = "text", pairs_field: str = "pairs",
                 scored: list[str] | None = None):
        # The words that score it: callers leave out particles, whose postings span the corpus.
        self.words = list(scored) if scored else list(words)
        self.fieldname = fieldname
        super().__init__([Q.Term(pairs_field, a + SEP + b) for a, b in zip(words, words[1:])])

    def __repr__(self) -> str:
        return f"PairPhrase({self.words!r})"
