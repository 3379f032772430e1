"""KWIC snippets and highlight spans, as offsets into the record's own text.

The text is analysed again with the index-time chain (whose offsets point into
the original characters, not the NFKC form), and the query's token sequences are
found at consecutive positions, so a highlight covers exactly the characters a
person sees, including full-width forms and compounds found by their pieces.
"""

from __future__ import annotations

import re
from collections import defaultdict


from .analysis import analyze, nfkc_with_offsets
from .passages import best_passage, sequence_spans

WINDOW = 120
BEFORE = 36


def fragment_spans(text: str, fragments: list[str]) -> list[tuple[int, int]]:
    """Character spans of `text` where a typed part of a word occurs (NFKC, case-insensitive)."""
    fragments = [f for f in fragments if f]
    if not fragments or not text:
        return []
    norm, omap = nfkc_with_offsets(text)
    low = norm.lower()
    if len(low) != len(norm):  # a rare character whose lower case is longer: match as is
        low = norm
    spans = []
    for m in re.finditer("|".join(map(re.escape, sorted(fragments, key=len, reverse=True))), low):
        start, end = omap[m.start()], omap[m.end()]
        spans.append((start, max(end, start + 1)))  # a match inside one expanded character (㍻) covers it
    return spans


def highlight_spans(text: str, sequences: list[tuple[str, ...]], fragments: list[str] = ()) -> list[tuple[int, int]]:
    """Character spans of `text` where any of the token sequences, or a typed part of a word, occurs.

    Analyses `text`; a record in the index has its occurrences stored (search/offsets.py), and
    `spans_of` places the same highlights from them without Sudachi.
    """
    if not sequences or not text:
        return merge(fragment_spans(text, list(fragments)))
    occ: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for t in analyze(text, mode="index"):
        occ[t.text].append((t.pos, t.startchar, t.endchar))
    return spans_of(text, occ, sequences, fragments)


def spans_of(text: str, occ: dict[str, list[tuple[int, int, int]]], sequences: list[tuple[str, ...]],
             fragments: list[str] = ()) -> list[tuple[int, int]]:
    """Highlight spans from where each term occurs: (position, startchar, endchar) per term.

    A sequence matches where its tokens stand at consecutive positions, from the first
    token's start to the last one's end.
    """
    spans = [sp for seq in sequences for sp in sequence_spans(occ, seq)]
    return merge(spans + fragment_spans(text, list(fragments)))


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def snippet(text: str, spans: list[tuple[int, int]], window: int = WINDOW) -> tuple[int, int]:
    """(start, end) of the KWIC window: the first passage where the most different highlighted
    words meet (search/passages.py), from the start of its sentence when that is near.

    A long speech covers ten subjects; the passage that has 熊 and 出没 together is the one to
    show, not the paragraph that repeats 出る. Offsets stay those of the original text."""
    if not spans:
        return 0, min(len(text), window)
    words = [text[s:e] for s, e in spans]
    distinct = list(dict.fromkeys(words))
    starts = [[s for (s, _), w in zip(spans, words) if w == d] for d in distinct]
    best = best_passage(starts, [1.0] * len(distinct), width=window - BEFORE)[1]
    start = max(0, best - BEFORE)
    # Start at a sentence or clause boundary when one is near.
    for k in range(start, max(0, start - 20), -1):
        if k == 0 or text[k - 1] in "。、\n！？":
            start = k
            break
    end = min(len(text), start + window)
    for s, e in spans:  # never cut a highlighted word in two
        if s < end < e:
            end = e
    return start, end
