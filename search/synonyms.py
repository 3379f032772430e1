"""Synonym expansion for queries: SudachiDict's synonym source plus our council dictionary.

Both files use SudachiDict's synonym CSV format (see data/synonyms/README.md).
Loading only parses the CSV and indexes headwords by their NFKC+lowercased
surface: running Sudachi over 60k+ headwords would make web and CLI startup
slow. Sudachi is run lazily, at query time, on the few headwords of the groups
a query term actually hits, and the results are cached.

A query term can arrive as typed (取扱, ＨＥＲ－ＳＹＳ) or as the analyzer's
normalized form (取り扱い, her-sys); both find their group, through the
surface index and through the synonym group ids Sudachi attaches to words.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple

from . import analysis
from .paths import SYNONYMS_DIR

__all__ = [
    "COUNCIL_GROUP_BASE",
    "DEFAULT_DIR",
    "DEFAULT_FILES",
    "RELATED_WEIGHT",
    "Alternative",
    "Entry",
    "Expansion",
    "Synonyms",
    "synonyms_version",
]

DEFAULT_DIR = SYNONYMS_DIR
# Later files override earlier ones group by group (see Synonyms.load); the stop list,
# applied last, drops wrong-sense headwords or groups (see data/synonyms/README.md).
DEFAULT_FILES = ("synonyms.txt", "council.txt", "stop.txt")
STOP_SUFFIX = "stop.txt"
# Council groups live at and above this id so they never collide with SudachiDict's.
COUNCIL_GROUP_BASE = 900001
SYNONYM_WEIGHT = 1.0
RELATED_WEIGHT = 0.5
RELATED_DOMAIN = "関連"

# Control column (展開制御フラグ): 0 triggers and is expanded to, 1 is only
# expanded to, 2 is never used.
_TRIGGER = "0"
_TARGET_ONLY = "1"
_CONTROLS = frozenset({"0", "1", "2"})

# Trailing function words dropped from phrase tokens, so さかのぼって becomes
# ('遡る',) and also matches 遡った / 遡る.
_TRAILING_POS = frozenset({"助詞", "助動詞"})

_CACHE_LIMIT = 20_000


class Entry(NamedTuple):
    """One headword row of a synonym group."""

    headword: str
    control: str  # "0", "1" or "2"
    related: bool  # domain contains (関連): expanded to with RELATED_WEIGHT
    verb: bool  # column 1 == "2" (用言)


class Alternative(NamedTuple):
    """Something to search for instead of the term; len(tokens) > 1 means a phrase."""

    tokens: tuple[str, ...]
    weight: float
    headword: str


@dataclass
class Expansion:
    """The alternatives one synonym group offers for a query term."""

    term: str
    group: int
    alternatives: list[Alternative] = field(default_factory=list)
    tokens: tuple[str, ...] = ()  # the term's own analyzed tokens


def _key(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.strip().lower()


def _content_tokens(words: list[analysis.Word]) -> tuple[str, ...]:
    """Token texts with trailing particles/auxiliaries dropped (at least one kept)."""
    end = len(words)
    while end > 1 and words[end - 1].pos_major in _TRAILING_POS:
        end -= 1
    return tuple(w.text for w in words[:end])


def _parse(data: bytes, name: str) -> dict[int, list[Entry]]:
    """Parse one dictionary file; strict, so a typo in council.txt fails loudly."""
    groups: dict[int, list[Entry]] = {}
    ids: dict[str, int] = {}
    new_entry = Entry._make
    for lineno, line in enumerate(data.decode("utf-8-sig").splitlines(), 1):
        if not line or line[0] == "#" or line.isspace():
            continue
        cols = line.split(",")
        if len(cols) < 9:
            raise ValueError(f"{name}:{lineno}: expected at least 9 columns, got {len(cols)}")
        gid = ids.get(cols[0])
        if gid is None:
            try:
                gid = ids[cols[0]] = int(cols[0])
            except ValueError:
                raise ValueError(f"{name}:{lineno}: bad group id {cols[0]!r}") from None
        control = cols[2] or _TRIGGER  # the format allows omitting it: means 0
        if control not in _CONTROLS:
            raise ValueError(f"{name}:{lineno}: bad expansion control {control!r}")
        headword = cols[8]
        if not headword or headword[0].isspace() or headword[-1].isspace():
            headword = headword.strip()
            if not headword:
                raise ValueError(f"{name}:{lineno}: empty headword")
        domain = cols[7]
        related = RELATED_DOMAIN in domain and RELATED_DOMAIN in domain.strip("() ").split("/")
        entry = new_entry((headword, control, related, cols[1] == "2"))
        entries = groups.get(gid)
        if entries is None:
            groups[gid] = [entry]
        else:
            entries.append(entry)
    return groups


def _parse_stop(data: bytes, name: str) -> list[tuple[int, str | None]]:
    """A stop list: `GROUP,HEADWORD  # why` drops one headword, `GROUP  # why` the whole group."""
    out: list[tuple[int, str | None]] = []
    for lineno, line in enumerate(data.decode("utf-8-sig").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        gid, _, headword = line.partition(",")
        try:
            out.append((int(gid), headword.strip() or None))
        except ValueError:
            raise ValueError(f"{name}:{lineno}: bad group id {gid!r}") from None
    return out


def _default_paths(directory: Path | str | None = None) -> list[Path]:
    base = Path(directory) if directory is not None else DEFAULT_DIR
    return [p for p in (base / name for name in DEFAULT_FILES) if p.exists() or not p.name.endswith(STOP_SUFFIX)]


def _digest(blobs: Iterable[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in blobs:
        h.update(name.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0")
        h.update(data)
    return h.hexdigest()[:12]


def synonyms_version(paths: Iterable[Path | str] | None = None) -> str:
    """Short hash of the dictionary files, to record which ones an index was built with."""
    files = [Path(p) for p in paths] if paths is not None else _default_paths()
    return _digest((p.name, p.read_bytes()) for p in files)


class Synonyms:
    """Loaded synonym groups with a surface index of their triggering headwords."""

    def __init__(self, groups: dict[int, list[Entry]], version: str = "") -> None:
        self.groups = groups
        self.version = version
        index: dict[str, list[int]] = {}
        for gid, entries in groups.items():
            for e in entries:
                if e.control == _TRIGGER:
                    ids = index.setdefault(_key(e.headword), [])
                    if not ids or ids[-1] != gid:
                        ids.append(gid)
        self._index = index
        self._tokens_cache: dict[str, tuple[str, ...]] = {}
        self._expand_cache: dict[str, list[Expansion]] = {}

    @classmethod
    def load(
        cls,
        paths: Iterable[Path | str] | None = None,
        directory: Path | str | None = None,
    ) -> "Synonyms":
        """Load dictionaries in order; a group id in a later file replaces that whole group.

        The override lets council.txt narrow a SudachiDict group that is too
        broad for minutes (e.g. 委託 grouped with 委嘱 and 付託); a stop list
        (a file named *stop.txt) drops single wrong-sense headwords (介護 is not
        介錯) or whole groups, after every dictionary is read.
        """
        files = [Path(p) for p in paths] if paths is not None else _default_paths(directory)
        groups: dict[int, list[Entry]] = {}
        stops: list[tuple[int, str | None]] = []
        blobs = []
        for path in files:
            data = path.read_bytes()
            blobs.append((path.name, data))
            if path.name.endswith(STOP_SUFFIX):
                stops.extend(_parse_stop(data, str(path)))
            else:
                groups.update(_parse(data, str(path)))
        for gid, headword in stops:
            if headword is None:
                groups.pop(gid, None)
            elif gid in groups:
                groups[gid] = [e for e in groups[gid] if e.headword != headword]
        return cls(groups, _digest(blobs))

    def __len__(self) -> int:
        return len(self.groups)

    def tokens(self, text: str) -> tuple[str, ...]:
        """Query-mode tokens of `text` as expansion uses them (cached)."""
        toks = self._tokens_cache.get(text)
        if toks is None:
            toks = _content_tokens(analysis.words(text))
            if len(self._tokens_cache) >= _CACHE_LIMIT:
                self._tokens_cache.clear()
            self._tokens_cache[text] = toks
        return toks

    def expand(self, term: str) -> list[Expansion]:
        """Expansions of one query term (a word or a phrase), one per group, by group id.

        Only control-0 headwords trigger; control 0 and 1 headwords are offered.
        An alternative weighs RELATED_WEIGHT if it or the triggering headword is
        (関連), else SYNONYM_WEIGHT. Alternatives equal to the term, or already
        offered by an earlier group, are left out (the higher weight is kept).
        """
        cached = self._expand_cache.get(term)
        if cached is None:
            cached = self._expand(term)
            if len(self._expand_cache) >= _CACHE_LIMIT:
                self._expand_cache.clear()
            self._expand_cache[term] = cached
        # Copies, so callers may edit what they get without touching the cache.
        return [Expansion(e.term, e.group, list(e.alternatives), e.tokens) for e in cached]

    def _expand(self, term: str) -> list[Expansion]:
        words = analysis.words(term)
        toks = _content_tokens(words)
        if not toks:
            return []
        keys = {_key(term)}
        candidates: set[int] = set()
        if len(toks) == 1:
            keys.add(toks[0])  # normalized form: 取り扱い, her-sys, 遡る
            candidates.update(words[0].synonym_groups)  # Sudachi's own group links
        for k in keys:
            candidates.update(self._index.get(k, ()))

        out: list[Expansion] = []
        seen: dict[tuple[str, ...], tuple[Expansion, int]] = {}
        for gid in sorted(candidates):
            entries = self.groups.get(gid)
            if not entries:
                continue
            triggers = [
                e
                for e in entries
                if e.control == _TRIGGER and (_key(e.headword) in keys or self.tokens(e.headword) == toks)
            ]
            if not triggers:
                continue
            trigger_related = all(e.related for e in triggers)
            exp = Expansion(term, gid, [], toks)
            for e in entries:
                if e.control not in (_TRIGGER, _TARGET_ONLY):
                    continue
                alt_toks = self.tokens(e.headword)
                if not alt_toks or alt_toks == toks:
                    continue
                weight = RELATED_WEIGHT if (e.related or trigger_related) else SYNONYM_WEIGHT
                if alt_toks in seen:
                    owner, j = seen[alt_toks]
                    if weight > owner.alternatives[j].weight:
                        owner.alternatives[j] = owner.alternatives[j]._replace(weight=weight)
                    continue
                seen[alt_toks] = (exp, len(exp.alternatives))
                exp.alternatives.append(Alternative(alt_toks, weight, e.headword))
            if exp.alternatives:
                out.append(exp)
        return out

    def group_headwords(self, gid: int) -> list[str]:
        """Headwords of a group in file order (for display and debugging)."""
        return [e.headword for e in self.groups.get(gid, ())]
