"""Where each word of a record is, kept in the index, so highlights cost a lookup, not an analysis.

Analysing a hit's text again with Sudachi to place its highlights cost more than
the search itself on long speeches (a page of plenary questions is 50-70k
characters: 250 ms). Like Lucene's offsets in postings, the `text` field stores
for every occurrence of a term its position and its characters in the original
text; a page reads the occurrences of the query's terms in its ten documents.

`CharSpans` is Whoosh's `Characters` format with a compact encoding: varints
instead of a pickle, which roughly halves what the offsets add to the index.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from whoosh.formats import Characters

Occurrences = dict[str, list[tuple[int, int, int]]]  # term -> [(position, startchar, endchar)]


def _put(n: int, out: bytearray) -> None:
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _read(data: bytes, i: int) -> tuple[int, int]:
    b = data[i]
    n = b & 0x7F
    shift = 7
    while b & 0x80:
        i += 1
        b = data[i]
        n |= (b & 0x7F) << shift
        shift += 7
    return n, i + 1


class CharSpans(Characters):
    """Positions and character spans of each occurrence: count, then (position delta,
    start delta from the previous start, zigzag-coded, length) per occurrence, as varints."""

    def encode(self, poslist) -> bytes:
        out = bytearray()
        _put(len(poslist), out)
        pos = start = 0
        for p, s, e in poslist:
            _put(p - pos, out)
            d = s - start
            _put(d << 1 if d >= 0 else ((-d) << 1) - 1, out)
            _put(e - s, out)
            pos, start = p, s
        return bytes(out)

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        n, i = _read(valuestring, 0)
        out = []
        pos = start = 0
        for _ in range(n):
            dp, i = _read(valuestring, i)
            z, i = _read(valuestring, i)
            length, i = _read(valuestring, i)
            pos += dp
            start += (z >> 1) if not z & 1 else -((z + 1) >> 1)
            out.append((pos, start, start + length))
        return out

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return [p for p, _, _ in self.decode_characters(valuestring)]

    def decode_frequency(self, valuestring: bytes) -> int:
        return _read(valuestring, 0)[0]

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def combine(self, vs) -> bytes:
        seen = sorted({occ for v in vs for occ in self.decode_characters(v)})
        return self.encode(seen)


def occurrences(searcher, docnums, terms, fieldname: str = "text") -> dict[int, Occurrences]:
    """For each document number, where each of `terms` occurs in it (terms it lacks are absent).

    One posting cursor per term and index segment walks the documents in order, so a
    page costs one term lookup per term and segment, not one per term and document.
    """
    out: dict[int, Occurrences] = {d: {} for d in docnums}
    if not out or not terms:
        return out
    leaves = list(searcher.leaf_searchers())
    starts = [offset for _, offset in leaves]
    by_leaf: dict[int, list[int]] = defaultdict(list)
    for d in sorted(out):
        by_leaf[bisect.bisect_right(starts, d) - 1].append(d)
    for k, docs in by_leaf.items():
        sub, offset = leaves[k]
        reader = sub.reader()
        for term in terms:
            try:
                m = reader.postings(fieldname, term)
            except Exception:  # whoosh raises TermNotFound; the term is in no document of this segment
                continue
            for d in docs:
                if not m.is_active():
                    break
                local = d - offset
                if m.id() < local:
                    m.skip_to(local)
                    if not m.is_active():
                        break
                if m.id() == local:
                    out[d][term] = m.value_as("characters")
    return out
