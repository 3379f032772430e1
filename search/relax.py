"""When a search of several words finds nothing: what each word finds alone, what the
search finds without each word, and what any of the words finds.

A person who typed 「ドローン 条例」 and got nothing learns that 「条例」 alone has 13
records and 「ドローン」 none, and gets each wider search as a query to run. Filters,
exclusions (-語) and field terms (role:委員) are kept; only the words change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .query import Clause, parse

MAX_WORDS = 6  # the wider searches asked of the backend grow with the words; past this, none are offered


@dataclass
class Word:
    text: str  # as the query writes it: 条例, "個人情報の取扱い", 遡及 OR 追認
    alone: str  # the query with this word as its only word
    alone_total: int
    without: str | None = None  # the query without this word (three words or more)
    without_total: int | None = None


@dataclass
class Relaxed:
    words: list[Word] = field(default_factory=list)
    any_of: str = ""  # the words joined by OR
    any_total: int = 0


def _clause(c: Clause) -> str:
    text = f'"{c.text}"' if c.phrase else c.text
    return f"-{text}" if c.negated else text


def split(q: str) -> tuple[list[str], list[str]]:
    """(the positive words or OR groups, everything else: exclusions and field terms) as query text."""
    parsed = parse(q)
    words = [" OR ".join(_clause(c) for c in g) for g in parsed.groups if not g[0].negated]
    rest = [_clause(g[0]) for g in parsed.groups if g[0].negated]
    rest += [f"{name}:{v}" for name, values in parsed.filters.items() for v in values]
    return words, rest


def any_of(q: str) -> str:
    """The query with its words ORed (exclusions and field terms kept as they are)."""
    words, rest = split(q)
    return " ".join([" OR ".join(words)] + rest) if words else q


def relax(backend, req) -> Relaxed | None:
    """Wider searches for a request of two words or more; None when there is nothing to widen."""
    words, rest = split(req.q)
    if not 2 <= len(words) <= MAX_WORDS:
        return None

    def total(q: str) -> int:
        res = backend.search(replace(req, q=q, page=1, per_page=1, offset=None, highlight=False,
                                    without=list(req.without)))
        return res.get("total_all", res["total"])  # records with every word, not the partial tail

    out = Relaxed()
    for i, w in enumerate(words):
        alone = " ".join([w, *rest])
        word = Word(w, alone, total(alone))
        if len(words) >= 3:
            word.without = " ".join([*words[:i], *words[i + 1:], *rest])
            word.without_total = total(word.without)
        out.words.append(word)
    out.any_of = any_of(req.q)
    out.any_total = total(out.any_of)
    return out


__all__ = ["Relaxed", "Word", "any_of", "relax", "split"]
