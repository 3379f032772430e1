"""The query language people type, and its translation into a Whoosh query.

Words are ANDed, separated by spaces or by commas (遡及、再委託: people list words
that way; a comma inside a number, 1,000, stays); "…" (or 「…」) is a phrase; OR between two terms makes either
do; a leading - excludes; field:value filters by a facet (role:委員, 年度:令和3年度). Each word goes through
the same analysis chain as the index (query mode), and each term may be widened
to its synonym group, which the result reports and the user can switch off.
Anything malformed raises QueryError with a message for a person, never a
traceback.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as Q

from .analysis import analyze
from .facets import FIELD_NAMES
from .pairs import PairPhrase
from .synonyms import Synonyms

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 32
# Particles and auxiliaries dropped from an unquoted multi-word string: they say
# nothing of the topic and would make every record a candidate.
STOP = frozenset("の に を は が と で て も へ や か な だ です ます た から まで より など について における".split())
_QUOTES = {'"': '"', "「": "」", "“": "”", "『": "』", "＂": "＂"}
_MINUS = "-－−‐"
_COMMAS = "、，,､"


def _separates(q: str, i: int) -> bool:
    """Whether q[i] ends a word: a space, or a comma that is not between two digits."""
    ch = q[i]
    if ch.isspace():
        return True
    if ch not in _COMMAS:
        return False
    return not (0 < i < len(q) - 1 and q[i - 1].isdigit() and q[i + 1].isdigit())


def _fold(text: str) -> str:
    """A word as written, in the index's character forms (NFKC, lower case)."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def _phrase(tokens: list[str]) -> PairPhrase:
    return PairPhrase(tokens, scored=[t for t in tokens if t not in STOP])


class QueryError(ValueError):
    """A query a person typed that cannot be run; the message says why."""


@dataclass
class Clause:
    text: str
    phrase: bool = False
    negated: bool = False


@dataclass
class Parsed:
    groups: list[list[Clause]] = field(default_factory=list)  # AND of ORs
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet name -> typed values

    @property
    def empty(self) -> bool:
        return not self.groups


def tokenize(q: str) -> list[tuple[str, str, bool]]:
    """Split a query into (kind, text, negated) with kind in word/phrase/or/field."""
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"検索語が長すぎます（{len(q)} 文字、上限 {MAX_QUERY_CHARS} 文字）")
    q = "".join(ch if ch.isprintable() else " " for ch in q)
    out: list[tuple[str, str, bool]] = []
    i, n = 0, len(q)
    while i < n:
        ch = q[i]
        if _separates(q, i):
            i += 1
            continue
        neg = False
        if ch in _MINUS and i + 1 < n and not q[i + 1].isspace():
            neg, i = True, i + 1
            ch = q[i]
        if ch in _QUOTES:
            close = _QUOTES[ch]
            j = q.find(close, i + 1)
            if j < 0:
                raise QueryError(f"引用符 {ch} が閉じていません。フレーズは {ch}…{close} で囲んでください")
            out.append(("phrase", q[i + 1:j], neg))
            i = j + 1
            continue
        j = i
        while j < n and not _separates(q, j) and q[j] not in _QUOTES:
            j += 1
        word = q[i:j]
        i = j
        if word in ("OR", "|", "｜") and not neg:
            out.append(("or", word, False))
            continue
        m = re.fullmatch(r"([A-Za-z_]+|[^\W\d_]{2,5})([:：])(.*)", word)
        name = m and (FIELD_NAMES.get(m[1].lower()) or FIELD_NAMES.get(m[1]))
        # A known field name with either colon; an unknown ASCII name with ":" is a typo worth naming.
        if m and (name or (m[1].isascii() and m[2] == ":")):
            if not name:
                known = "、".join(sorted({k for k in FIELD_NAMES if k.isascii()}))
                raise QueryError(f"不明なフィールド「{m[1]}」です。使えるフィールド: {known}")
            if not m[3]:
                raise QueryError(f"フィールド「{m[1]}:」の値がありません")
            out.append(("field", f"{name}:{m[3]}", neg))
            continue
        out.append(("word", word, neg))
    return out


def parse(q: str) -> Parsed:
    parsed = Parsed()
    pending_or = False
    for kind, text, neg in tokenize(q):
        if kind == "or":
            if not parsed.groups or pending_or:
                raise QueryError("OR の前後には検索語が必要です（例: 遡及 OR 追認）")
            pending_or = True
            continue
        if kind == "field":
            name, value = text.split(":", 1)
            if neg:
                raise QueryError(f"フィールド「{name}」の除外はできません")
            parsed.filters.setdefault(name, []).append(value)
            continue
        clause = Clause(text, phrase=(kind == "phrase"), negated=neg)
        if not text.strip():
            continue
        if pending_or:
            if neg or parsed.groups[-1][0].negated:
                raise QueryError("除外（-）は OR と組み合わせられません")
            parsed.groups[-1].append(clause)
            pending_or = False
        else:
            parsed.groups.append([clause])
    if pending_or:
        raise QueryError("OR の前後には検索語が必要です（例: 遡及 OR 追認）")
    if sum(len(g) for g in parsed.groups) > MAX_CLAUSES:
        raise QueryError(f"検索語が多すぎます（上限 {MAX_CLAUSES} 語）")
    return parsed


@dataclass
class Compiled:
    query: Q.Query | None  # None: no words, match everything the filters allow
    highlight: list[tuple[str, ...]]  # token sequences to highlight
    expansions: list[dict]


class Compiler:
    """Turns a Parsed query into Whoosh queries over the `text` field."""

    def __init__(self, synonyms: Synonyms | None, use_synonyms: bool = True, without: frozenset[str] = frozenset()):
        self.synonyms = synonyms
        self.use_synonyms = use_synonyms and synonyms is not None
        self.without = without
        self.highlight: list[tuple[str, ...]] = []
        self.expansions: list[dict] = []

    def compile(self, parsed: Parsed) -> Compiled:
        positive: list[Q.Query] = []
        negative: list[Q.Query] = []
        for group in parsed.groups:
            alts = [q for q in (self.clause(c) for c in group) if q is not None]
            if not alts:
                continue
            q = alts[0] if len(alts) == 1 else Q.Or(alts)
            (negative if group[0].negated else positive).append(q)
        if not positive and not negative:
            if parsed.groups:
                raise QueryError("検索語から索引できる語が見つかりません（記号や助詞だけの検索はできません）")
            return Compiled(None, [], [])
        base: Q.Query = Q.And(positive) if len(positive) > 1 else (positive[0] if positive else Q.Term("doctype", "record"))
        if negative:
            base = Q.AndNot(base, Q.Or(negative) if len(negative) > 1 else negative[0])
        return Compiled(base, self.highlight, self.expansions)

    def clause(self, c: Clause) -> Q.Query | None:
        tokens = [t.text for t in analyze(c.text, mode="query")]
        if not tokens:
            return None
        if c.phrase:
            if not c.negated:
                self.highlight.append(tuple(tokens))
            return Q.Term("text", tokens[0]) if len(tokens) == 1 else _phrase(tokens)
        kept = [t for t in tokens if t not in STOP] or tokens
        if len(kept) == 1:
            return self.term(kept[0], c.negated, surface=_fold(c.text))
        return Q.And([self.term(t, c.negated) for t in kept])

    def term(self, token: str, negated: bool, surface: str | None = None) -> Q.Query:
        """A term, with its written form and synonyms as alternatives.

        Sudachi's normalized form can depend on context (ハーシス alone is HER-SYS,
        inside a sentence it may stay ハーシス), so the form as written is searched
        too when it differs.
        """
        if not negated:
            self.highlight.append((token,))
        base = Q.Term("text", token)
        if surface and surface != token and " " not in surface:
            base = Q.Or([base, Q.Term("text", surface)])
            if not negated:
                self.highlight.append((surface,))
        if negated or not self.synonyms:
            return base
        found = self.synonyms.expand(token)
        if not found:
            return base
        alternatives = [a for e in found for a in e.alternatives]
        if not alternatives:
            return base
        self.expansions.append({
            "term": token,
            "groups": sorted({e.group for e in found}),
            "alternatives": list(dict.fromkeys(a.headword for a in alternatives if a.weight >= 1.0)),
            "related": list(dict.fromkeys(a.headword for a in alternatives if a.weight < 1.0)),
            "applied": self.use_synonyms and token not in self.without,
        })
        if not self.use_synonyms or token in self.without:
            return base
        alts: list[Q.Query] = [base]
        seen = {(token,), (surface,)}
        for e in found:
            for a in e.alternatives:
                for toks in (a.tokens, (_fold(a.headword),)):
                    if toks in seen or not toks or not all(toks):
                        continue
                    seen.add(toks)
                    self.highlight.append(toks)
                    q = Q.Term("text", toks[0]) if len(toks) == 1 else _phrase(list(toks))
                    q.boost = a.weight * 0.9  # the word as typed ranks above its synonyms
                    alts.append(q)
        return Q.Or(alts) if len(alts) > 1 else base
