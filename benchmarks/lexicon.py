"""Words the five real files do not have, drawn from the Sudachi dictionary, with Zipf draws.

A real archive's vocabulary keeps growing with its size: every year brings new
place names, facilities, people, firms and subjects. Recombining the sentences
of 640 real records cannot do that (2,854 distinct terms at 100k records), so
the generator replaces some nouns of those sentences with dictionary nouns of
the same class (a place for a place, a person for a person, a common noun for a
common noun). Which words, and how often, follows Zipf's law over a ranked
list, so that a few words recur everywhere and the tail keeps adding new ones,
as in real text (vocabulary growth then follows Heaps' law, which the harness
measures on the index tokens).

Every list is sorted and ranked by a hash of the word, so it depends only on
the dictionary's contents (sudachidict-core is pinned), never on iteration
order or PYTHONHASHSEED.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from importlib import metadata

_KANJI = r"\u4e00-\u9fff々"
_KATA = r"\u30a1-\u30faー"
# Written forms that read as ordinary minutes: kanji compounds, katakana loanwords, or both.
COMMON_RE = re.compile(rf"(?:[{_KANJI}]{{2,6}}|[{_KATA}]{{3,8}}|[{_KANJI}]{{1,4}}[{_KATA}]{{2,6}}|[{_KATA}]{{2,6}}[{_KANJI}]{{1,4}})")
PLACE_RE = re.compile(rf"[{_KANJI}]{{2,4}}")  # 町名 and districts, not full addresses
NAME_RE = re.compile(rf"[{_KANJI}]{{1,3}}")
ORG_RE = re.compile(rf"(?:[{_KANJI}]{{2,8}}|[{_KATA}]{{3,10}}|[{_KANJI}{_KATA}]{{3,10}})")
CITY_RE = re.compile(rf"[{_KANJI}]{{2,3}}市")
NOT_JAPANESE = {"上海市", "北京市", "天津市", "重慶市", "深圳市", "広州市", "大連市", "青島市", "南京市", "杭州市", "蘇州市",
                "武漢市", "成都市", "西安市", "瀋陽市", "台北市", "台中市", "高雄市", "台南市", "香港市", "釜山市", "仁川市"}


def dictionary_version() -> str:
    try:
        return metadata.version("sudachidict-core")
    except metadata.PackageNotFoundError:
        return "?"


def _hash(salt: str, w: str) -> bytes:
    return hashlib.blake2b(f"{salt}:{w}".encode(), digest_size=8).digest()


def _typical(words: set[str], reference: Counter | None = None) -> dict[str, float]:
    """How ordinary each word's characters are (mean log share), within its class or, with
    `reference`, in the real minutes: 山田 and 中町 score above 蜜波羅 and 甚之助, 管理台帳 above
    喉音. The dictionary has no frequencies; this keeps the rare-looking ones in the tail."""
    uses = reference if reference is not None else Counter(ch for w in words for ch in set(w))
    total = sum(uses.values()) if reference is not None else len(words)
    return {w: sum(math.log((uses[ch] + 0.5) / total) for ch in w) / len(w) for w in words}


def _rank(words: set[str], salt: str, prefer: set[str] | None = None, buckets: int = 10,
          reference: Counter | None = None) -> list[str]:
    """Distinct words in a fixed order; rank 0 is drawn most often. Words in `prefer` (common
    vocabulary) come first; then by deciles of how typical their characters are, each decile in
    hash order."""
    score = _typical(words, reference)
    order = sorted(words, key=lambda w: (-score[w], w))
    decile = {w: i * buckets // max(len(order), 1) for i, w in enumerate(order)}
    prefer = prefer or set()
    return sorted(words, key=lambda w: (w not in prefer, decile[w], _hash(salt, w)))


@dataclass(frozen=True)
class Lexicon:
    common: list[str]  # 普通名詞 (一般, サ変可能)
    places: list[str]  # 固有名詞 地名
    surnames: list[str]  # 人名 姓
    given: list[str]  # 人名 名
    orgs: list[str]  # 固有名詞 一般 (firms, facilities, products, laws)
    cities: list[str]  # 〇〇市 that the dictionary knows as a place
    version: str

    def sizes(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in ("common", "places", "surnames", "given", "orgs", "cities")}


def _reference_chars() -> Counter:
    """Character counts of the five real files: what the vocabulary of minutes is made of."""
    from .generate import REAL_CORPUS

    return Counter("".join(p.read_text(encoding="utf-8") for p in sorted(REAL_CORPUS.glob("*.txt"))))


def _rank_common(words: set[str], everyday: set[str], salt: str) -> list[str]:
    """Common nouns: kanji compounds and katakana loanwords ranked apart (character shares are
    not comparable across scripts), then interleaved three to one, as in minutes."""
    kata = {w for w in words if re.fullmatch(f"[{_KATA}]+", w)}
    ref = _reference_chars()
    a = _rank(words - kata, salt, everyday, reference=ref)
    b = _rank(kata, salt, everyday)
    out: list[str] = []
    ia = ib = 0
    while ia < len(a) or ib < len(b):
        take_a = ib >= len(b) or (ia < len(a) and (ia + ib) % 4 != 3)
        if take_a:
            out.append(a[ia])
            ia += 1
        else:
            out.append(b[ib])
            ib += 1
    return out


@functools.lru_cache(maxsize=2)
def load_lexicon(salt: str = "kaigiroku-lexicon") -> Lexicon:
    """Every usable noun of the dictionary, by class (about 4 s: one pass over 1.6 M entries)."""
    from sudachipy import Dictionary, SplitMode

    d = Dictionary(dict="core")
    common, places, surnames, given, orgs, cities = (set() for _ in range(6))
    everyday: set[str] = set()  # common nouns in a synonym group: everyday vocabulary
    for m in d.entries():
        pos = m.part_of_speech()
        if pos[0] != "名詞":
            continue
        s = m.surface()
        if m.normalized_form() != s:  # spelling variants: keep the dictionary's own form only
            continue
        if pos[1] == "普通名詞" and pos[2] in ("一般", "サ変可能") and COMMON_RE.fullmatch(s):
            common.add(s)
            if m.synonym_group_ids():
                everyday.add(s)
        elif pos[1] != "固有名詞":
            continue
        elif pos[2] == "地名" and pos[3] == "一般":
            if CITY_RE.fullmatch(s) and s.count("市") == 1:
                cities.add(s)
            elif PLACE_RE.fullmatch(s) and not s.endswith(("市", "区", "町", "村", "県", "府", "都", "郡")):
                # (no 〇〇町: the parser takes a name before 市区町村 for the municipality)
                places.add(s)
        elif pos[2] == "人名" and pos[3] == "姓" and NAME_RE.fullmatch(s):
            surnames.add(s)
        elif pos[2] == "人名" and pos[3] == "名" and NAME_RE.fullmatch(s) and len(s) >= 2:
            given.add(s)
        elif pos[2] == "一般" and ORG_RE.fullmatch(s):
            orgs.add(s)
    # A city is usable when Sudachi reads its stem as one place name (熱海市 -> 熱海 + 市…).
    tok = d.tokenizer(SplitMode.C)
    usable = []
    for c in sorted(cities):
        first = tok.tokenize(c + "役所")[0]
        if first.surface() == c[:-1] and first.part_of_speech()[2] == "地名":
            usable.append(c)
    return Lexicon(
        common=_rank_common(common, everyday, salt + ":common"), places=_rank(places, salt + ":places"),
        surnames=_rank(surnames, salt + ":surnames"), given=_rank(given, salt + ":given"),
        orgs=_rank(orgs, salt + ":orgs"), cities=_rank(set(usable) - NOT_JAPANESE, salt + ":cities"), version=dictionary_version(),
    )


class Zipf:
    """Draws ranks 0..n-1 with P(r) proportional to 1 / (r + q) ** s (inverse CDF, one bisect per draw)."""

    def __init__(self, n: int, s: float = 1.0, q: float = 2.7):
        if n < 1:
            raise ValueError("Zipf over an empty list")
        self.n = n
        weights = ((r + q) ** -s for r in range(n))
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rng) -> int:
        return min(bisect.bisect_left(self.cum, rng.random() * self.total), self.n - 1)


class Ranked:
    """A ranked word list with its Zipf sampler."""

    def __init__(self, words: list[str], s: float = 1.0, q: float = 2.7):
        self.words = words
        self.zipf = Zipf(len(words), s, q)

    def draw(self, rng) -> str:
        return self.words[self.zipf.draw(rng)]

    def sample(self, rng, k: int) -> list[str]:
        """k draws, distinct where the list allows (a few retries, then repeats are kept)."""
        out: list[str] = []
        for _ in range(k * 4):
            w = self.draw(rng)
            if w not in out:
                out.append(w)
                if len(out) == k:
                    break
        return out
