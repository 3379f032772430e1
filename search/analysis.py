"""One analysis chain for Japanese council minutes, shared by index and query.

Text is NFKC-normalised (so ＨＥＲ－ＳＹＳ, HER－SYS and HER-SYS are one word)
and segmented by SudachiPy in split mode C. Each token's text is Sudachi's
normalized form, lowercased, so spelling variants (取扱い/取り扱い/取扱) meet in
one term. At index time noun compounds also yield their mode-A pieces (and
runs of pieces that are words) at the compound's own position: 個人 and 情報
then find 個人情報, 感染症 finds 新型コロナウイルス感染症, while the phrase
"個人情報" (a single query token) still does not match 個人の情報.

Offsets always point into the caller's original, un-normalised text, so
highlighting works on what people see.

Sudachi objects are never pickled: whoosh stores the analyzer in the schema and
multiprocess writers unpickle it, so the tokenizer (search/whoosh/analysis.py,
a thin wrapper over `scan`) holds only configuration, and the Sudachi tokenizer
is created lazily, once per thread and per process. This module imports no
search engine.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import unicodedata
from importlib import metadata
from typing import Iterator, NamedTuple

__all__ = [
    "ANALYZER_VERSION", "AnalyzedToken", "MAX_TERM_CHARS", "Deferred", "PreTokenized", "Word", "analyze",
    "dictionary_version", "nfkc_with_offsets", "pretokenize", "scan", "words",
]  # fmt: skip

# Bump whenever the token stream for some input changes (normalisation, split
# policy, dropped POS, filters): indexes built with another version must be rebuilt.
ANALYZER_VERSION = "2"

# Sudachi refuses inputs over 49,149 bytes; stay well below.
CHUNK_BYTES = 12_000
# After NFKC, ！ and ？ are ASCII; the ideographic full stop is unchanged.
_SENTENCE_ENDS = ("。", "!", "?", "\n")
_SOFT_BREAKS = ("、", " ", ",", "\t")

# POS major categories that are not words: dropped without using a position.
_SKIP_POS = frozenset({"空白", "補助記号"})
# Only nouns get their mode-A pieces indexed: noun compounds (個人情報,
# 新型コロナウイルス感染症) are what people search inside, while verb pieces
# shift meaning (申し上げる -> 申す + 上げる) and would only add noise. On the
# corpus this also cuts split() calls from 37% to 21% of words.
_SPLIT_POS = frozenset({"名詞"})

_PARTS_CACHE_LIMIT = 200_000

# Longer terms (OCR'd digit runs, hashes) are not indexed.
MAX_TERM_CHARS = 100

# Half-width voiced marks compose with the preceding kana under NFKC but have
# combining class 0, so they must be grouped with their base explicitly.
_HALFWIDTH_MARKS = "\uff9e\uff9f"


# ---------------------------------------------------------------------------
# NFKC with an offset map


def _stable_run() -> re.Pattern[str]:
    """Regex for runs of characters that NFKC leaves alone (the fast path).

    Built from the code points themselves, so it is right by construction. Only
    common ranges are scanned (ASCII, kana and CJK punctuation, CJK unified
    ideographs); everything else takes the per-unit path.
    """
    ok = [
        cp
        for lo, hi in ((0x00, 0x7F), (0x3000, 0x30FF), (0x4E00, 0x9FFF))
        for cp in range(lo, hi + 1)
        if unicodedata.normalize("NFKC", chr(cp)) == chr(cp) and not unicodedata.combining(chr(cp))
    ]
    ranges, start = [], ok[0]
    for prev, cp in zip(ok, ok[1:] + [-1]):
        if cp != prev + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
            start = cp
    return re.compile(f"[{''.join(ranges)}]+")


_STABLE_RUN = _stable_run()
_nfkc_unit = functools.lru_cache(maxsize=4096)(functools.partial(unicodedata.normalize, "NFKC"))


def _is_mark(ch: str) -> bool:
    return bool(unicodedata.combining(ch)) or ch in _HALFWIDTH_MARKS


def _normalize(text: str) -> tuple[str, list[int] | None]:
    """NFKC with an offset map, or None for the map when nothing changed."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text, None
    out: list[str] = []
    omap: list[int] = []
    n = len(text)
    i = 0
    match = _STABLE_RUN.match
    while i < n:
        m = match(text, i)
        if m is not None:
            end = m.end()
            # The run's last char may compose with a following mark: leave it
            # to the unit path together with its marks.
            if end < n and _is_mark(text[end]):
                end -= 1
            if end > i:
                out.append(text[i:end])
                omap.extend(range(i, end))
                i = end
                continue
        j = i + 1
        while j < n and _is_mark(text[j]):
            j += 1
        norm = _nfkc_unit(text[i:j])
        out.append(norm)
        omap.extend([i] * len(norm))
        i = j
    omap.append(n)
    return "".join(out), omap


def nfkc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFKC-normalise `text`; m[i] is the original index normalized[i] came from.

    Normalisation is done per unit (a character plus its following combining
    or half-width voiced marks) so ｶﾞ still becomes ガ while every output
    character maps to exactly one original unit. len(m) == len(normalized) + 1
    and m[-1] == len(text).
    """
    norm, omap = _normalize(text)
    if omap is None:
        omap = list(range(len(text) + 1))
    return norm, omap


def _span(omap: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Original (start, end) for the normalized span [start, end).

    A token may end inside a unit that NFKC expanded (㍻ -> 平成); its end is
    then extended to the end of that whole original unit.
    """
    if omap is None:
        return start, end
    e = omap[end]
    if e == omap[end - 1]:
        while omap[end] == e:
            end += 1
        e = omap[end]
    return omap[start], e


# ---------------------------------------------------------------------------
# Chunking for Sudachi's input limit


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split at sentence ends into pieces under CHUNK_BYTES of UTF-8.

    Hard-splits only when one sentence is itself too long; never drops text.
    """
    n = len(text)
    if n * 4 <= CHUNK_BYTES:
        if n:
            yield 0, text
        return
    start = 0
    wide = CHUNK_BYTES // 3  # all-BMP-CJK worst case fits exactly
    safe = CHUNK_BYTES // 4  # any text fits
    while start < n:
        end = min(n, start + wide)
        if len(text[start:end].encode("utf-8")) > CHUNK_BYTES:
            end = start + safe
        if end < n:
            cut = max(text.rfind(c, start, end) for c in _SENTENCE_ENDS)
            if cut <= start:
                cut = max(text.rfind(c, start, end) for c in _SOFT_BREAKS)
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


# ---------------------------------------------------------------------------
# Per-process dictionary, per-thread tokenizer


class _Sudachi:
    """Process-wide Sudachi state: dictionary and POS-id tables."""

    def __init__(self) -> None:
        from sudachipy import Dictionary, SplitMode

        self.pid = os.getpid()
        self.split_a = SplitMode.A
        self.mode_c = SplitMode.C
        self.dictionary = Dictionary(dict="core")
        skip, splittable, major = set(), set(), {}
        pos_id = 0
        while (pos := self.dictionary.pos_of(pos_id)) is not None:
            major[pos_id] = pos[0]
            if pos[0] in _SKIP_POS:
                skip.add(pos_id)
            if pos[0] in _SPLIT_POS:
                splittable.add(pos_id)
            pos_id += 1
        self.skip = frozenset(skip)
        self.splittable = frozenset(splittable)
        self.major = major
        # (word_id, surface) -> compound parts; shared by threads (dict ops are atomic).
        self.parts_cache: dict[tuple[int, str], tuple[tuple[str, int, int], ...]] = {}


_process_lock = threading.Lock()
_process_state: _Sudachi | None = None
_thread_state = threading.local()


def _sudachi() -> tuple[_Sudachi, object]:
    """This process's Sudachi state and this thread's tokenizer (created lazily)."""
    global _process_state
    pid = os.getpid()
    local = _thread_state
    if getattr(local, "pid", None) == pid:
        return local.state, local.tokenizer
    state = _process_state
    if state is None or state.pid != pid:  # first use, or we are a forked child
        with _process_lock:
            state = _process_state
            if state is None or state.pid != pid:
                state = _process_state = _Sudachi()
    local.state = state
    local.tokenizer = state.dictionary.tokenizer(state.mode_c)
    local.pid = pid
    return state, local.tokenizer


def _after_fork_in_child() -> None:
    # A lock held by another parent thread at fork time would never be released.
    global _process_lock, _process_state
    _process_lock = threading.Lock()
    _process_state = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# ---------------------------------------------------------------------------
# The chain, as plain tuples


def scan(value: str, mode: str = "query", index_pieces: bool = True) -> Iterator[tuple[str, int, int, int]]:
    """NFKC + Sudachi mode C as (text, position, start, end) tuples, offsets into `value`; at
    mode="index" also the mode-A pieces of noun compounds, at the compound's position.

    Every consumer of the chain goes through here: `analyze`, `pretokenize` and the Whoosh
    tokenizer (search/whoosh/analysis.py), which only copies these tuples into its token.
    Terms longer than MAX_TERM_CHARS are yielded: the chain drops them after (`terms`).
    """
    norm, omap = _normalize(value)
    state, sudachi = _sudachi()
    skip = state.skip
    splittable = state.splittable if index_pieces and mode == "index" else ()
    pos = 0
    for base, chunk in _chunks(norm):
        for m in sudachi.tokenize(chunk):
            pid = m.part_of_speech_id()
            if pid in skip:
                continue
            # Straight-line code for the common case: this runs per word.
            text = m.normalized_form().lower()
            b = base + m.begin()
            e = base + m.end()
            if omap is None:
                yield text, pos, b, e
            else:
                yield (text, pos, *_span(omap, b, e))
            if pid in splittable and e - b > 1:
                for part, pb, pe in _compound_parts(m, sudachi, state):  # all at the compound's position
                    yield (part, pos, *_span(omap, b + pb, b + pe))
            pos += 1


def _compound_parts(m, sudachi, state: _Sudachi) -> tuple[tuple[str, int, int], ...]:
    """Extra index terms inside a compound: (text, start, end) relative to it, cached.

    These are its mode-A pieces plus every run of two or more adjacent pieces
    that is itself one dictionary word: 個人情報保護 adds 個人, 情報, 保護 and
    個人情報; 新型コロナウイルス感染症 adds 感染症, コロナウイルス, 新型コロナ …
    Without the runs, a query for 感染症 (one word) would miss the compound.
    """
    key = (m.word_id(), m.surface())
    cache = state.parts_cache
    parts = cache.get(key)
    if parts is not None:
        return parts
    pieces = m.split(state.split_a)
    found: list[tuple[str, int, int]] = []
    if len(pieces) > 1:
        skip = state.skip
        b0 = m.begin()
        surface = m.surface()
        spans = [(p.begin() - b0, p.end() - b0) for p in pieces]
        seen = {m.normalized_form().lower()}
        for p, (b, e) in zip(pieces, spans):
            text = p.normalized_form().lower()
            if p.part_of_speech_id() not in skip and text not in seen:
                seen.add(text)
                found.append((text, b, e))
        n = len(pieces)
        for i in range(n - 1):
            for j in range(i + 2, n + 1 if i else n):  # runs of >= 2 pieces, not the whole
                b, e = spans[i][0], spans[j - 1][1]
                sub = sudachi.tokenize(surface[b:e])
                if len(sub) == 1 and sub[0].part_of_speech_id() not in skip:
                    text = sub[0].normalized_form().lower()
                    if text not in seen:
                        seen.add(text)
                        found.append((text, b, e))
    parts = tuple(found)
    if len(cache) < _PARTS_CACHE_LIMIT:
        cache[key] = parts
    return parts


class PreTokenized(str):
    """A field value whose index-mode tokens were computed elsewhere.

    Lets indexing run Sudachi in worker processes: workers call pretokenize()
    and the writer process passes PreTokenized(tokens) as the field value.
    It is a str (empty unless `text` is given) because whoosh only accepts str
    values for analyzed fields; SudachiTokenizer replays the tokens as they are.
    """

    tokens: list[tuple[str, int, int, int]]

    def __new__(cls, tokens, text: str = "") -> "PreTokenized":
        obj = super().__new__(cls, text)
        obj.tokens = [tuple(tok) for tok in tokens]
        return obj

    def __reduce__(self):
        return (PreTokenized, (self.tokens, str(self)))


class Deferred(str):
    """Text to be analysed where it is indexed (a writer process), not where the document is made.

    Its tokens are memoised for the last text, so that several fields fed from
    one text (see search/pairs.py) share one Sudachi pass.
    """

    @property
    def tokens(self) -> list[tuple[str, int, int, int]]:
        return _memo_tokens(str(self))


_memo: dict[str, list] = {}


def _memo_tokens(text: str) -> list[tuple[str, int, int, int]]:
    found = _memo.get(text)
    if found is None:
        found = pretokenize(text)
        _memo.clear()
        _memo[text] = found
    return found


def pretokenize(text: str) -> list[tuple[str, int, int, int]]:
    """Index-mode (text, pos, startchar, endchar) tuples of the full chain; cheap to pickle."""
    return terms(text, "index")


def terms(text: str, mode: str = "query") -> list[tuple[str, int, int, int]]:
    """The chain's (text, position, start, end) terms: `scan` without the terms too long to index."""
    return [t for t in scan(text, mode) if len(t[0]) <= MAX_TERM_CHARS]


class AnalyzedToken(NamedTuple):
    text: str
    pos: int
    startchar: int
    endchar: int


def analyze(text: str, mode: str = "query") -> list[AnalyzedToken]:
    """Analyze with the shared chain; handy for snippets, tests and the CLI."""
    return [AnalyzedToken(*t) for t in terms(text, mode)]


class Word(NamedTuple):
    """A query-mode word with what synonym lookup and typed-word units need beyond its term text."""

    text: str
    pos_major: str
    synonym_groups: tuple[int, ...]
    start: int = 0  # offsets into the caller's original text
    end: int = 0


def words(text: str, short: bool = False) -> list[Word]:
    """Query-mode words of `text` with POS major category, Sudachi synonym group ids and offsets.

    `short` gives Sudachi's shortest units (mode A: 費用対効果 is 費用, 対, 効果).
    """
    norm, omap = _normalize(text)
    state, sudachi = _sudachi()
    out: list[Word] = []
    for base, chunk in _chunks(norm):
        for m in (sudachi.tokenize(chunk, state.split_a) if short else sudachi.tokenize(chunk)):
            pid = m.part_of_speech_id()
            if pid in state.skip:
                continue
            b, e = _span(omap, base + m.begin(), base + m.end())
            out.append(Word(m.normalized_form().lower(), state.major[pid], tuple(m.synonym_group_ids()), b, e))
    return out


def dictionary_version() -> str:
    """Versions of the analysis software, to record beside an index."""

    def ver(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "unknown"

    return " / ".join(f"{name} {ver(name)}" for name in ("sudachipy", "sudachidict-core"))
