"""One Whoosh analysis chain for Japanese council minutes, shared by index and query.

Text is NFKC-normalised (so ＨＥＲ－ＳＹＳ, HER－SYS and HER-SYS are one word)
and segmented by SudachiPy in split mode C. Each token's text is Sudachi's
normalized form, lowercased, so spelling variants (取扱い/取り扱い/取扱) meet in
one term. At index time compounds also yield their mode-A pieces at the
compound's own position: 個人 and 情報 then find 個人情報, while the phrase
"個人情報" (a single query token) still does not match 個人の情報.

Offsets always point into the caller's original, un-normalised text, so
highlighting works on what people see.

Sudachi objects are never pickled: whoosh stores the analyzer in the schema and
multiprocess writers unpickle it, so the tokenizer holds only configuration and
creates its Sudachi tokenizer lazily, once per thread and per process.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from importlib import metadata
from typing import Iterator, NamedTuple

from whoosh.analysis import Filter, Token, Tokenizer

__all__ = [
    "ANALYZER_VERSION",
    "AnalyzedToken",
    "MaxLengthFilter",
    "SudachiAnalyzer",
    "SudachiTokenizer",
    "Word",
    "analyze",
    "dictionary_version",
    "nfkc_with_offsets",
    "words",
]

# Bump whenever the token stream for some input changes (normalisation, split
# policy, dropped POS, filters): indexes built with another version must be rebuilt.
ANALYZER_VERSION = "1"

# Sudachi refuses inputs over 49,149 bytes; stay well below.
CHUNK_BYTES = 12_000
# After NFKC, ！ and ？ are ASCII; the ideographic full stop is unchanged.
_SENTENCE_ENDS = ("。", "!", "?", "\n")
_SOFT_BREAKS = ("、", " ", ",", "\t")

# POS major categories that are not words: dropped without using a position.
_SKIP_POS = frozenset({"空白", "補助記号"})
# Function words are never compounds; skipping split(A) on them saves time.
_NO_SPLIT_POS = frozenset({"助詞", "助動詞", "空白", "補助記号", "記号"})

# Half-width voiced marks compose with the preceding kana under NFKC but have
# combining class 0, so they must be grouped with their base explicitly.
_HALFWIDTH_MARKS = "\uff9e\uff9f"


# ---------------------------------------------------------------------------
# NFKC with an offset map


def _build_stable_run() -> re.Pattern[str]:
    """Regex for runs of characters that NFKC leaves alone (fast path).

    Built from the code points themselves, so it is right by construction: a
    character qualifies if NFKC maps it to itself and it is not a combining
    mark. Only common ranges are scanned (ASCII, kana/CJK punctuation, CJK
    unified ideographs); everything else takes the per-unit slow path.
    """
    ranges: list[tuple[int, int]] = []
    for lo, hi in ((0x00, 0x7F), (0x3000, 0x30FF), (0x4E00, 0x9FFF)):
        start = None
        for cp in range(lo, hi + 2):
            ch = chr(cp) if cp <= hi else ""
            ok = bool(ch) and unicodedata.normalize("NFKC", ch) == ch and not unicodedata.combining(ch)
            if ok and start is None:
                start = cp
            elif not ok and start is not None:
                ranges.append((start, cp - 1))
                start = None
    cls = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )
    return re.compile(f"[{cls}]+")


_STABLE_RUN = _build_stable_run()
_UNIT_CACHE: dict[str, str] = {}


def _is_mark(ch: str) -> bool:
    return bool(unicodedata.combining(ch)) or ch in _HALFWIDTH_MARKS


def _nfkc_unit(unit: str) -> str:
    out = _UNIT_CACHE.get(unit)
    if out is None:
        out = unicodedata.normalize("NFKC", unit)
        if len(_UNIT_CACHE) < 4096:
            _UNIT_CACHE[unit] = out
    return out


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


def _end_offset(omap: list[int], end: int) -> int:
    """Original end offset for a token ending at normalized index `end`.

    A token may end inside a unit that NFKC expanded (㍻ -> 平成); then the
    end is extended to the end of that whole original unit.
    """
    e = omap[end]
    if end > 0 and e == omap[end - 1]:
        k = end
        while omap[k] == e:
            k += 1
        e = omap[k]
    return e


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
        skip, nosplit, major = set(), set(), {}
        pos_id = 0
        while (pos := self.dictionary.pos_of(pos_id)) is not None:
            major[pos_id] = pos[0]
            if pos[0] in _SKIP_POS:
                skip.add(pos_id)
            if pos[0] in _NO_SPLIT_POS:
                nosplit.add(pos_id)
            pos_id += 1
        self.skip = frozenset(skip)
        self.nosplit = frozenset(nosplit)
        self.major = major


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


# ---------------------------------------------------------------------------
# Whoosh components


class SudachiTokenizer(Tokenizer):
    """NFKC + Sudachi mode C; at mode="index" also the mode-A pieces of compounds.

    Pieces share the compound's position, so single-word queries match inside
    compounds while multi-token phrases keep their meaning.
    """

    def __init__(self, index_pieces: bool = True) -> None:
        self.index_pieces = index_pieces

    def __eq__(self, other: object) -> bool:
        return self.__class__ is other.__class__ and self.__dict__ == other.__dict__

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.index_pieces))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        assert isinstance(value, str), f"{value!r} is not str"
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whole value as one term (whoosh uses this for e.g. wildcards).
            t.text = unicodedata.normalize("NFKC", value).lower()
            t.original = value
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return

        norm, omap = _normalize(value)
        state, sudachi = _sudachi()
        skip, nosplit, split_a = state.skip, state.nosplit, state.split_a
        pieces_wanted = self.index_pieces and mode == "index"
        offsets = chars or keeporiginal
        pos = start_pos
        for base, chunk in _chunks(norm):
            for m in sudachi.tokenize(chunk):
                pid = m.part_of_speech_id()
                if pid in skip:
                    continue
                t.text = text = m.normalized_form().lower()
                t.boost = 1.0
                t.stopped = False
                if positions:
                    t.pos = pos
                b = m.begin()
                e = m.end()
                if offsets:
                    if omap is None:
                        sb, se = base + b, base + e
                    else:
                        sb = omap[base + b]
                        se = omap[base + e]
                        if se == omap[base + e - 1]:
                            se = _end_offset(omap, base + e)
                    if chars:
                        t.startchar = start_char + sb
                        t.endchar = start_char + se
                    if keeporiginal:
                        t.original = value[sb:se]
                yield t
                if pieces_wanted and e - b > 1 and pid not in nosplit:
                    parts = m.split(split_a)
                    if len(parts) > 1:
                        yield from self._pieces(t, parts, text, pos, base, omap, skip, value, start_char, offsets)
                pos += 1

    @staticmethod
    def _pieces(t, parts, text, pos, base, omap, skip, value, start_char, offsets):
        """Mode-A pieces of one compound, all at the compound's position."""
        seen = {text}
        for p in parts:
            if p.part_of_speech_id() in skip:
                continue
            ptext = p.normalized_form().lower()
            if ptext in seen:
                continue
            seen.add(ptext)
            t.text = ptext
            t.boost = 1.0
            t.stopped = False
            if t.positions:
                t.pos = pos
            if offsets:
                b, e = base + p.begin(), base + p.end()
                if omap is not None:
                    b, e = omap[b], _end_offset(omap, e)
                if t.chars:
                    t.startchar, t.endchar = start_char + b, start_char + e
                t.original = value[b:e]
            yield t


class MaxLengthFilter(Filter):
    """Drops absurdly long terms (OCR'd digit runs, hashes) that no one searches.

    Positions are left untouched so phrases around them keep their distance.
    """

    def __init__(self, max_chars: int = 100) -> None:
        self.max_chars = max_chars

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        limit = self.max_chars
        for t in tokens:
            if len(t.text) <= limit:
                yield t


def SudachiAnalyzer():
    """The analyzer for every Japanese text field and for the query parser."""
    return SudachiTokenizer() | MaxLengthFilter()


_DEFAULT = SudachiAnalyzer()


class AnalyzedToken(NamedTuple):
    text: str
    pos: int
    startchar: int
    endchar: int


def analyze(text: str, mode: str = "query") -> list[AnalyzedToken]:
    """Analyze with the shared chain; handy for snippets, tests and the CLI."""
    return [
        AnalyzedToken(t.text, t.pos, t.startchar, t.endchar)
        for t in _DEFAULT(text, positions=True, chars=True, mode=mode)
    ]


class Word(NamedTuple):
    """A query-mode word with what synonym lookup needs beyond its term text."""

    text: str
    pos_major: str
    synonym_groups: tuple[int, ...]


def words(text: str) -> list[Word]:
    """Query-mode words of `text` with POS major category and Sudachi synonym group ids."""
    norm, _ = _normalize(text)
    state, sudachi = _sudachi()
    out: list[Word] = []
    for _, chunk in _chunks(norm):
        for m in sudachi.tokenize(chunk):
            pid = m.part_of_speech_id()
            if pid in state.skip:
                continue
            out.append(Word(m.normalized_form().lower(), state.major[pid], tuple(m.synonym_group_ids())))
    return out


def dictionary_version() -> str:
    """Versions of the analysis software, to record beside an index."""

    def ver(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "unknown"

    return f"sudachipy {ver('sudachipy')} / sudachidict-core {ver('sudachidict-core')}"
