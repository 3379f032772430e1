"""The query language people type, and its translation into a Whoosh query.

Words are separated by spaces or by commas (遡及、再委託: people list words
that way; a comma inside a number, 1,000, stays); "…" (or 「…」) is a phrase; OR
between two words makes either do; a leading - excludes; field:value filters by
a facet (role:委員, 年度:令和3年度). Each typed word is one unit (units.py): it
matches as a whole, its synonyms looked up on what was typed, which the result
reports and the user can switch off. The compiled Plan lists the words; how
records that match all or only some of them are ranked is matching.py's business.
Anything malformed raises QueryError with a message for a person, never a
traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as Q

from .analysis import analyze
from .facets import FIELD_NAMES
from .pairs import PairPhrase
from .synonyms import Synonyms
from .units import Unit, make_unit

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 32
# Particles and auxiliaries: they do not score a phrase (their postings span the corpus).
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
class QueryWord:
    """One word of the query for all/partial matching: a typed unit, an OR of them, or a quoted phrase."""

    label: str  # as typed, shown with the records that match it
    exact: Q.Query  # the word itself, its written form and its synonyms
    strict: bool = False  # a quoted phrase: required, matched exactly, never relaxed
    soft: bool = False  # a question word (どこ, いつ): adds to the score, never required
    loose: Q.Query | None = None  # a shorter form (再委託先 → 再委託), ranked with parts of words
    fragments: tuple[str, ...] = ()  # typed forms whose substrings inside index terms also match
    pieces: list["QueryWord"] = field(default_factory=list)  # its content words, used when the whole matches nothing
    highlight: list[tuple[str, ...]] = field(default_factory=list)
    expansions: list[dict] = field(default_factory=list)  # synonym groups found for it


@dataclass
class Plan:
    words: list[QueryWord]
    negative: Q.Query | None

    @property
    def expansions(self) -> list[dict]:
        """Synonym groups of the words as typed (the engine adds those of words it had to split)."""
        out: list[dict] = []
        for w in self.words:
            out.extend(e for e in w.expansions if e not in out)
        return out

    @property
    def empty(self) -> bool:
        return not self.words and self.negative is None

    @property
    def highlight(self) -> list[tuple[str, ...]]:
        seqs = [h for w in self.words for h in w.highlight] + [h for w in self.words for p in w.pieces for h in p.highlight]
        return list(dict.fromkeys(seqs))

    @property
    def query(self) -> Q.Query | None:
        """The strict query: every word as typed or by synonym, no parts of words, no relaxing."""
        if not self.words and self.negative is None:
            return None
        base: Q.Query = (Q.And([w.exact for w in self.words]) if len(self.words) > 1
                         else self.words[0].exact if self.words else Q.Term("doctype", "record"))
        return Q.AndNot(base, self.negative) if self.negative is not None else base


def _alternatives_query(unit: Unit) -> Q.Query:
    alts: list[Q.Query] = []
    for a in unit.alternatives:
        q = _terms_query(a.tokens)
        if a.weight != 1.0:
            q.boost = a.weight
        alts.append(q)
    # Alternatives are one word written differently: a record scores by the best one it has.
    return alts[0] if len(alts) == 1 else Q.DisjunctionMax(alts)


def _terms_query(tokens: tuple[str, ...]) -> Q.Query:
    return Q.Term("text", tokens[0]) if len(tokens) == 1 else _phrase(list(tokens))


def _unit_word(unit: Unit, label: str | None = None) -> QueryWord:
    return QueryWord(label or unit.typed, _alternatives_query(unit), soft=unit.soft,
                     loose=_terms_query(unit.shorter) if unit.shorter else None,
                     fragments=(unit.fragment,) if unit.fragment else (),
                     pieces=[_unit_word(p) for p in unit.pieces], highlight=unit.highlights,
                     expansions=unit.expansions)


class Compiler:
    """Turns a Parsed query into words over the `text` field, each a typed unit (see units.py)."""

    def __init__(self, synonyms: Synonyms | None, use_synonyms: bool = True, without: frozenset[str] = frozenset()):
        self.synonyms = synonyms
        self.use_synonyms = use_synonyms and synonyms is not None
        self.without = without

    def compile(self, parsed: Parsed) -> Plan:
        words: list[QueryWord] = []
        negative: list[Q.Query] = []
        for group in parsed.groups:
            parts: list[QueryWord] = []
            for c in group:
                w = self.clause(c)
                if w is not None:
                    parts.append(w)
            if not parts:
                continue
            if group[0].negated:
                negative.extend(p.exact for p in parts)
            elif len(parts) == 1:
                words.append(parts[0])
            else:
                words.append(QueryWord(
                    " OR ".join(p.label for p in parts), Q.Or([p.exact for p in parts]),
                    strict=all(p.strict for p in parts),
                    fragments=tuple(f for p in parts for f in p.fragments),
                    highlight=[h for p in parts for h in p.highlight],
                    expansions=[e for p in parts for e in p.expansions]))
        if not words and not negative and parsed.groups:
            raise QueryError("検索語から索引できる語が見つかりません（記号や助詞だけの検索はできません）")
        neg = (Q.Or(negative) if len(negative) > 1 else negative[0]) if negative else None
        return Plan(words, neg)

    def clause(self, c: Clause) -> QueryWord | None:
        if c.phrase:
            tokens = [t.text for t in analyze(c.text, mode="query")]
            if not tokens:
                return None
            q = Q.Term("text", tokens[0]) if len(tokens) == 1 else _phrase(tokens)
            return QueryWord(c.text, q, strict=True, highlight=[tuple(tokens)])
        unit = make_unit(c.text, self.synonyms, self.use_synonyms, self.without, negated=c.negated)
        if unit is None:
            return None
        return _unit_word(unit, c.text)
