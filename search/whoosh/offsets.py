"""Where each word of a record is, kept in the index, so highlights cost a lookup, not an analysis.

Analysing a hit's text again with Sudachi to place its highlights cost more than
the search itself on long speeches (a page of plenary questions is 50-70k
characters: 250 ms). Like Lucene's term vectors with offsets, each record keeps
its terms with every occurrence's position and characters in the original text
(`CharSpans`, search/formats.py); a page reads the query's terms in the vectors
of its ten documents. The vectors stay out of the postings, whose blocks every
search reads whole: offsets there made matching common words a quarter slower.
"""

from __future__ import annotations

import bisect

Occurrences = dict[str, list[tuple[int, int, int]]]  # term -> [(position, startchar, endchar)]


def occurrences(searcher, docnums, terms, fieldname: str = "text") -> dict[int, Occurrences]:
    """For each document number, where each of `terms` occurs in it (terms it lacks are absent).

    A document's term vector holds its terms in order, in blocks; only the blocks that can
    hold a query term are read, and only the query's terms have their occurrences decoded.
    """
    out: dict[int, Occurrences] = {}
    leaves = list(searcher.leaf_searchers())
    starts = [offset for _, offset in leaves]
    wanted = sorted(set(terms))  # a vector's terms are in order
    for d in docnums:
        found = out[d] = {}
        if not wanted:
            continue
        sub, offset = leaves[bisect.bisect_right(starts, d) - 1]
        reader = sub.reader()
        local = d - offset
        if not reader.has_vector(local, fieldname):  # a record with no words
            continue
        _read_vector(reader.vector(local, fieldname), wanted, found)
    return out


def _read_vector(v, wanted: list[str], found: Occurrences) -> None:
    """Occurrences of the `wanted` terms (sorted) from one document's vector, a block at a time:
    a block is read only when a wanted term can be in it (by its last term), then searched by
    bisection. Whoosh's own skip_to reads every block it passes and steps through them."""
    k = 0
    while k < len(wanted) and v.is_active():
        last = v.block_max_id()
        if wanted[k] > last:
            v._next_block()
            continue
        if v._ids is None:
            v._read_ids()
        ids = v._ids
        while k < len(wanted) and wanted[k] <= last:
            i = bisect.bisect_left(ids, wanted[k])
            if i < len(ids) and ids[i] == wanted[k]:
                if v._values is None:
                    v._read_values()
                found[wanted[k]] = v.format.decode_characters(v._values[i])
            k += 1
        v._next_block()
