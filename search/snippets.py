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
    """Character spans of `text` where any of the token sequences, or a typed part of a word, occurs."""
    extra = fragment_spans(text, list(fragments))
    if not sequences or not text:
        return merge(extra)
    at: dict[int, list] = defaultdict(list)
    for t in analyze(text, mode="index"):
        at[t.pos].append(t)
    firsts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for seq in sequences:
        if seq:
            firsts[seq[0]].append(seq)
    spans: list[tuple[int, int]] = []
    for pos, toks in at.items():
        for tok in toks:
            for seq in firsts.get(tok.text, ()):
                chain = [tok]
                for k, word in enumerate(seq[1:], start=1):
                    nxt = next((t for t in at.get(pos + k, ()) if t.text == word), None)
                    if nxt is None:
                        break
                    chain.append(nxt)
                else:
                    spans.append((chain[0].startchar, chain[-1].endchar))
    return merge(spans + extra)


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def snippet(text: str, spans: list[tuple[int, int]], window: int = WINDOW) -> tuple[int, int]:
    """(start, end) of the KWIC window: the stretch with the most highlights, from just before the first."""
    if not spans:
        return 0, min(len(text), window)
    best, best_n = spans[0][0], 0
    for s, _ in spans:
        n = sum(1 for s2, _ in spans if s <= s2 < s + window - BEFORE)
        if n > best_n:
            best, best_n = s, n
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
