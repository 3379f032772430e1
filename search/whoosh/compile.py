"""A parsed query (search/query.py) compiled into Whoosh queries over the `text` field.

Each typed word is one unit (search/units.py): it matches as a whole, its synonyms
looked up on what was typed. The compiled Plan lists the words; how records that
match all or only some of them are ranked is matching.py's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as Q

from ..analysis import analyze
from ..query import STOP, Clause, Parsed, QueryError, Who, who_of
from ..synonyms import Synonyms
from ..units import Unit, make_unit
from .pairs import PairPhrase


def _phrase(tokens: list[str]) -> PairPhrase:
    return PairPhrase(tokens, scored=[t for t in tokens if t not in STOP])


@dataclass
class QueryWord:
    """One word of the query for all/partial matching: a typed unit, an OR of them, or a quoted phrase."""

    label: str  # as typed, shown with the records that match it
    exact: Q.Query  # the word itself, its written form and its synonyms
    strict: bool = False  # a quoted phrase: required, matched exactly, never relaxed
    soft: bool = False  # a question word (どこ, いつ): adds to the score, never required
    loose: Q.Query | None = None  # a shorter form (再委託先 → 再委託), ranked with parts of words
    fragments: tuple[str, ...] = ()  # typed forms whose substrings inside index terms also match
    near: tuple[tuple[str, ...], ...] = ()  # its content words, for looser forms when it has few hits (units.py)
    pieces: list["QueryWord"] = field(default_factory=list)  # its content words, used when the whole matches nothing
    highlight: list[tuple[str, ...]] = field(default_factory=list)
    expansions: list[dict] = field(default_factory=list)  # synonym groups found for it
    who: Who | None = None  # the word names a speaker or a kind of speech (query.WHO): matched by the speaker too


@dataclass
class Plan:
    words: list[QueryWord]
    negative: Q.Query | None

    @property
    def who(self) -> list[Who]:
        """The words read as a speaker or a kind of speech, for the chips that turn that off."""
        return [w.who for w in self.words if w.who is not None]

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
                     fragments=(unit.fragment,) if unit.fragment else (), near=unit.near,
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
                who = self.who(group[0])
                if who is not None:
                    parts[0].who = who
                    for t in who.text:  # 委員長報告: 委員会 and 報告, by a member
                        extra = self.clause(Clause(t))
                        if extra is not None:
                            words.append(extra)
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

    def who(self, c: Clause) -> Who | None:
        """The speaker or kind of speech a lone typed word names, unless the person asked for the
        word itself (`without`, the chip's ×) or quoted it."""
        if c.phrase or c.negated:
            return None
        who = who_of(c.text)
        if who is None or c.text in self.without or who.word in self.without:
            return None
        return who

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
