"""A record's best passage: where the query's words meet, weighted by their rarity.

A 一般質問 runs to 18,000 characters over ten subjects. Scored whole, a speech
that names every word of the query in different paragraphs looks as good as an
answer about the subject, and better than a short one. Relevance is a property
of a passage: here a passage is a window of PASSAGE characters of the original
text, and its worth is the share of the query's weight it holds, each word
counted once, by its rarity. The same windows pick the snippet
(search/snippets.py), so the passage that ranked the record is the one shown.

Pure Python over occurrences (term -> (position, startchar, endchar)), which the
engine reads from the index: nothing here knows the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# A passage: about two sentences of speech, twice a snippet's width.
PASSAGE = 240

Occurrences = dict[str, list[tuple[int, int, int]]]


def sequence_spans(occ: Occurrences, seq: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans where the tokens of `seq` stand at consecutive positions."""
    if not seq or seq[0] not in occ:
        return []
    rest = [{p: (s, e) for p, s, e in occ.get(word, ())} for word in seq[1:]]
    if not all(rest):
        return []
    out = []
    for pos, start, end in occ[seq[0]]:
        for k, at in enumerate(rest, start=1):
            found = at.get(pos + k)
            if found is None:
                break
            end = found[1]
        else:
            out.append((start, end))
    return out


def word_starts(occ: Occurrences, sequences: Iterable[Sequence[str]]) -> list[int]:
    """Where one query word occurs (any of its forms), as sorted distinct start characters."""
    return sorted({s for seq in sequences for s, _ in sequence_spans(occ, seq)})


def best_passage(starts: list[list[int]], weights: Sequence[float], width: int = PASSAGE) -> tuple[float, int]:
    """(share of the total weight held by the best window of `width` characters, its first character).

    `starts[i]` are the start characters of word i, `weights[i]` its weight; a word counts its
    weight once in a window however often it occurs there. No word at all gives (0.0, 0).
    """
    total = sum(weights)
    events = sorted((s, i) for i, ss in enumerate(starts) for s in ss)
    if not events or total <= 0:
        return 0.0, 0
    count = [0] * len(starts)
    value, lo = 0.0, 0
    best, best_at = -1.0, events[0][0]
    for s, i in events:
        while events[lo][0] <= s - width:
            j = events[lo][1]
            count[j] -= 1
            if not count[j]:
                value -= weights[j]
            lo += 1
        if not count[i]:
            value += weights[i]
        count[i] += 1
        if value > best + 1e-12:
            best, best_at = value, events[lo][0]
    return best / total, best_at
