"""A typed word as one unit: what it may match, before any index is read.

A person separates words with spaces; a string typed without one means one
thing. It matches as a whole: as the index term it analyses to, or as its
words touching in order (an adjacent-pair lookup, see pairs.py), never as its
pieces scattered over a record. Particles and auxiliaries at its ends say
nothing of the topic and are trimmed (なくした is なくす), those inside stay
(上司に知られる must read so).

Synonyms are looked up on what was typed, before splitting: the whole string
first (オンライン結合, which Sudachi splits, is a dictionary headword), then runs
of its words, longest first from the left (個人番号変更 → マイナンバー変更).

The unit also carries what the matcher needs when the whole finds too little:
its content words in order for looser forms (事前説明 also as 事前に説明, see
`near`), the typed form for substring matches (マイナ → マイナンバー) and its
content words as units of their own, used only when the whole matches nothing.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

from .analysis import Word, words
from .synonyms import Synonyms

FUNCTION_POS = frozenset({"助詞", "助動詞"})
# Question words (どこ, いつ, 誰, どの, なぜ, どう): people type them, answers rarely repeat them.
SOFT_POS = frozenset({"代名詞", "連体詞"})
SOFT_ADVERBS = frozenset({"何故", "どう", "幾ら", "如何", "どうして"})
AFFIX_POS = frozenset({"接頭辞", "接尾辞"})
TYPED_WEIGHT = 1.0
SYNONYM_FACTOR = 0.9  # the word as typed ranks above its synonyms
MIN_FRAGMENT = 2  # a one-character fragment is inside too many words to mean anything
MAX_FRAGMENT = 24
# Alternatives of one unit at most, and words over all of them: each is a phrase as long as the
# unit, so a long string of synonym-bearing words (遡及 typed 250 times) would otherwise cost its
# length squared. Words people type have a few dozen at most (委託先: 19, of one word each);
# past the caps, runs further right keep only their typed form.
MAX_ALTERNATIVES = 64
MAX_ALTERNATIVE_WORDS = 1024
# A looser form of a unit is its words with particles between (事前説明 → 事前に説明, 学習の支援,
# 市民への説明): the case and adnominal particles that join a noun to what follows, and the
# honorific prefix (事前のご説明), as the index spells them (ご and お are 御). Conjunctions (及び)
# and content words between are not looser forms: they change what is said.
NEAR_FILLERS = frozenset({"の", "に", "を", "が", "へ", "と", "で", "や", "も", "は",
                          "から", "まで", "より", "御"})
NEAR_GAP = 2  # at most two of them between two words (市民への説明, 事前にはご説明 is three)
NEAR_WORDS = 4  # longer units are rarely rephrased whole; their cost stays bounded


def fold(text: str) -> str:
    """A string as the index's terms spell it (NFKC, lower case)."""
    return unicodedata.normalize("NFKC", text).strip().lower()


@dataclass(frozen=True)
class Alternative:
    """Something the unit matches: one term, or words that touch in order."""

    tokens: tuple[str, ...]
    weight: float
    how: str  # "typed" or "synonym"


@dataclass
class Unit:
    typed: str  # the string as typed, particles at its ends trimmed
    tokens: tuple[str, ...]  # its words as the index spells them
    alternatives: list[Alternative] = field(default_factory=list)
    fragment: str | None = None  # for substring matches; None when the string is not one word's stuff
    shorter: tuple[str, ...] | None = None  # without a one-character ending (再委託先 → 再委託)
    soft: bool = False  # a question word: it adds to the score but is never required
    pieces: list["Unit"] = field(default_factory=list)  # its content words, each a unit
    near: tuple[tuple[str, ...], ...] = ()  # its content words in order, for looser forms (see _near)
    expansions: list[dict] = field(default_factory=list)  # synonym groups found, for the report

    @property
    def highlights(self) -> list[tuple[str, ...]]:
        return list(dict.fromkeys(a.tokens for a in self.alternatives))


@functools.lru_cache(maxsize=20_000)
def _shortest(text: str) -> tuple[str, ...]:
    """A string's shortest units, function words at its ends trimmed (紐づける → 紐, づける).

    Sudachi splits one string differently in different sentences (紐づける alone is one
    word, in 紐づけること two): its shortest units touching in order find both.
    """
    ws = words(text, short=True)
    trimmed = _trim(ws)
    if all(w.pos_major in FUNCTION_POS for w in trimmed):
        return ()
    return tuple(w.text for w in trimmed)


def _trim(ws: list[Word]) -> list[Word]:
    """Function words at both ends dropped; all kept when nothing else is left."""
    lo, hi = 0, len(ws)
    while lo < hi and ws[lo].pos_major in FUNCTION_POS:
        lo += 1
    while hi > lo and ws[hi - 1].pos_major in FUNCTION_POS:
        hi -= 1
    return ws[lo:hi] if hi > lo else ws


def make_unit(typed: str, synonyms: Synonyms | None = None, use_synonyms: bool = True,
              without: frozenset[str] = frozenset(), negated: bool = False, with_pieces: bool = True) -> Unit | None:
    """The unit for one typed string (no spaces), or None when it has no word at all."""
    ws = _trim(words(typed))
    if not ws:
        return None
    surface = typed[ws[0].start:ws[-1].end]
    tokens = tuple(w.text for w in ws)
    unit = Unit(surface, tokens, [Alternative(tokens, TYPED_WEIGHT, "typed")])
    written = fold(surface)
    if len(tokens) == 1 and written != tokens[0] and " " not in written:
        # Sudachi's normalized form can depend on context (ハーシス alone is her-sys,
        # inside a sentence it may stay ハーシス): the form as written is searched too.
        unit.alternatives.append(Alternative((written,), TYPED_WEIGHT, "typed"))
    shortest = _shortest(surface)
    if shortest and shortest != tokens:
        unit.alternatives.append(Alternative(shortest, TYPED_WEIGHT, "typed"))
    if negated:
        return unit
    content = [w for w in ws if w.pos_major not in FUNCTION_POS]
    unit.soft = bool(content) and all(w.pos_major in SOFT_POS or (w.pos_major == "副詞" and w.text in SOFT_ADVERBS)
                                      for w in content)
    if len(content) == len(ws) and MIN_FRAGMENT <= len(written) <= MAX_FRAGMENT:
        unit.fragment = written
    short = words(surface, short=True)
    if len(short) > 1 and short[-1].end - short[-1].start == 1 and short[-1].pos_major not in FUNCTION_POS:
        stem = _trim(words(surface[:short[-1].start]))
        if stem and stem[-1].end - stem[0].start >= 2:
            unit.shorter = tuple(w.text for w in stem)
    if synonyms is not None:
        _synonyms(unit, ws, typed, synonyms, use_synonyms, without)
    if not unit.soft:
        unit.near = _near(ws)
    if with_pieces:
        spans = [(w.start - ws[0].start, w.end - ws[0].start) for w in content if w.pos_major not in AFFIX_POS]
        if len(content) == 1:  # one word: its shortest units of two characters or more (費用対効果 → 費用, 効果)
            spans = [(w.start, w.end) for w in short
                     if w.pos_major not in FUNCTION_POS | AFFIX_POS and w.end - w.start > 1]
        if len(spans) > 1:
            for b, e in spans:
                if any(p.typed == surface[b:e] for p in unit.pieces):
                    continue  # a word typed twice is one piece
                piece = make_unit(surface[b:e], synonyms, use_synonyms, without, with_pieces=False)
                if piece is not None:
                    unit.pieces.append(piece)
    return unit


def _near(ws: list[Word]) -> tuple[tuple[str, ...], ...]:
    """The unit's content words as segments between which particles may stand in a looser form
    (事前説明 → (事前,), (説明,)); () when there are fewer than two or more than NEAR_WORDS.

    Only for units typed without particles: a particle typed inside says how the words relate
    (上司に知られる is not 上司が知る). A prefix stays with the word after it and a suffix with
    the word before (再委託先 is one segment): nothing stands between an affix and its word.
    """
    if any(w.pos_major in FUNCTION_POS for w in ws):
        return ()
    segments: list[list[str]] = []
    for i, w in enumerate(ws):
        if segments and (w.pos_major == "接尾辞" or ws[i - 1].pos_major == "接頭辞"):
            segments[-1].append(w.text)
        else:
            segments.append([w.text])
    return tuple(map(tuple, segments)) if 2 <= len(segments) <= NEAR_WORDS else ()


def _runs(ws: list[Word], typed: str, synonyms: Synonyms):
    """(start, end, expansions) for the whole string, then runs of its words, longest first from the left."""
    n = len(ws)
    # As typed first: trimming drops a negation (足りない is not 足りる).
    whole = synonyms.expand(typed.strip()) or synonyms.expand(typed[ws[0].start:ws[-1].end])
    if whole:
        yield 0, n, whole
        return
    i = 0
    while i < n:
        for j in range(min(n, i + 8), i, -1):
            if (i, j) == (0, n) or ws[i].pos_major in FUNCTION_POS or ws[j - 1].pos_major in FUNCTION_POS:
                continue
            found = synonyms.expand(typed[ws[i].start:ws[j - 1].end])
            if found:
                yield i, j, found
                i = j
                break
        else:
            i += 1


def _synonyms(unit: Unit, ws: list[Word], typed: str, synonyms: Synonyms, use: bool, without: frozenset[str]) -> None:
    tokens = unit.tokens
    seen = {a.tokens for a in unit.alternatives}
    for i, j, found in _runs(ws, typed, synonyms):
        # The whole word is reported as typed (なくした, not its trimmed なくし).
        run = typed.strip() if (i, j) == (0, len(ws)) else typed[ws[i].start:ws[j - 1].end]
        term = fold(run)
        alternatives = [a for e in found for a in e.alternatives]
        if not alternatives:
            continue
        applied = use and not ({term, run, *(w.text for w in ws[i:j])} & without)
        unit.expansions.append({
            "term": run,
            "groups": sorted({e.group for e in found}),
            "alternatives": list(dict.fromkeys(a.headword for a in alternatives if a.weight >= 1.0)),
            "related": list(dict.fromkeys(a.headword for a in alternatives if a.weight < 1.0)),
            "applied": applied,
        })
        if not applied:
            continue
        for a in alternatives:
            for replacement in (a.tokens, (fold(a.headword),), _shortest(a.headword)):
                if not replacement or not all(replacement) or len(unit.alternatives) >= min(
                        MAX_ALTERNATIVES, MAX_ALTERNATIVE_WORDS // len(tokens)):
                    continue
                toks = tokens[:i] + replacement + tokens[j:]
                if toks in seen:
                    continue
                seen.add(toks)
                unit.alternatives.append(Alternative(toks, a.weight * SYNONYM_FACTOR, "synonym"))
