"""Posting formats of the analysed fields: what each occurrence keeps, and a fast way in.

Record texts reach the writer already analysed (`Deferred`, `PreTokenized`:
tuples of term, position and characters). Whoosh's formats would replay them
as Token objects through the analyzer, once per field; these formats read the
tuples directly (with the chain's one filter, the term length limit). Other
values go through the analyzer as usual.

`CharSpans` keeps each occurrence's position and characters (for highlights,
search/offsets.py) with a compact encoding: varints instead of Whoosh's
pickle, about half the size. `TokenCounts` keeps frequencies only.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from whoosh.formats import Characters, Frequency
from whoosh.system import pack_uint

from ..analysis import MAX_TERM_CHARS


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

    def word_values(self, value, analyzer, **kwargs):
        tokens = getattr(value, "tokens", None)
        if tokens is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        seen: dict[str, list] = defaultdict(list)
        for text, pos, start, end in tokens:
            if len(text) <= MAX_TERM_CHARS:
                seen[text].append((pos, start, end))
        fb = self.field_boost
        for w, occ in seen.items():
            yield w, len(occ), len(occ) * fb, self.encode(occ)

    def encode(self, poslist) -> bytes:
        ints = [len(poslist)]
        pos = start = 0
        for p, s, e in poslist:
            d = s - start
            ints += (p - pos, d << 1 if d >= 0 else ((-d) << 1) - 1, e - s)
            pos, start = p, s
        if max(ints) < 0x80:  # the common case: every number fits in one byte
            return bytes(ints)
        out = bytearray()
        for n in ints:
            _put(n, out)
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


class TokenCounts(Frequency):
    """Frequencies only (Whoosh's `Frequency`), counted straight from pre-analysed tokens."""

    def word_values(self, value, analyzer, **kwargs):
        tokens = getattr(value, "tokens", None)
        if tokens is None:
            return super().word_values(value, analyzer, **kwargs)
        counts = Counter(t[0] for t in tokens if len(t[0]) <= MAX_TERM_CHARS)
        fb = self.field_boost
        return ((w, n, n * fb, pack_uint(n)) for w, n in counts.items())
