"""The query language people type, parsed into clauses and filters.

Words are separated by spaces or by commas (遡及、再委託: people list words
that way; a comma inside a number, 1,000, stays); "…" (or 「…」) is a phrase; OR
between two words makes either do; a leading - excludes; field:value filters by
a facet (role:委員, 年度:令和3年度). Each typed word is one unit (units.py): it
matches as a whole, its synonyms looked up on what was typed, which the result
reports and the user can switch off. The compiled Plan lists the words; how
records that match all or only some of them are ranked is matching.py's business.
Anything malformed raises QueryError with a message for a person, never a
traceback. The translation of a parsed query into an engine's query is the
backend's (search/whoosh/compile.py); this module imports no search engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .facets import FIELD_NAMES

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


# -- words that name who speaks or what kind of speech ---------------------------------


@dataclass(frozen=True)
class Who:
    """A query word that names a speaker's title, a role or a kind of speech (市長, 答弁, 反対討論).

    People who type 「市長 答弁 商品券」 want what the mayor answered, not records that say 市長
    and 答弁. `titles` are title endings of the speaker's label (市長 matches 市長 and 札幌市長,
    never 副市長), `roles` role keys (search/roles.py); a record is by the speaker when either
    matches. `replace`: the word is matched by the speaker alone (its text only scores); else it
    stays a word of the text and records by the speaker rank above the others (討論: the
    members' speeches, not the chair's calls). Either way the word found in the text still
    counts, below the speaker: 「市長 給料」 also finds a member asking about the mayor's pay. `text`: words matched in its place (委員長報告:
    報告, by a member)."""

    word: str
    label: str  # the chip: 発言者: 市長
    titles: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    replace: bool = True
    text: tuple[str, ...] = ()

    def matches_title(self, title: str) -> bool:
        return any(title.endswith(t) and not (not t.startswith("副") and title.endswith("副" + t))
                   for t in self.titles)


def _who_table() -> dict[str, Who]:
    out: dict[str, Who] = {}
    heads = ("市長", "町長", "村長", "区長", "知事", "副市長", "副町長", "副村長", "副区長", "副知事", "教育長",
             "大臣", "副大臣", "政務官", "政府参考人", "参考人", "政府委員", "部長", "課長", "局長", "管理者",
             "監査委員", "選挙管理委員長", "農業委員会会長", "教育委員長", "議会事務局長")
    for t in heads:
        out[t] = Who(t, f"発言者: {t}", titles=(t,))
    out["総理"] = out["首相"] = out["総理大臣"] = Who("総理", "発言者: 内閣総理大臣", titles=("総理大臣",))
    out["国務大臣"] = out["大臣"]
    for w in ("答弁", "回答", "答え", "説明員"):
        out[w] = Who(w, "発言者: 執行部（答弁）", roles=("executive",))
    for w in ("質問", "質疑", "一般質問", "代表質問", "質問者"):
        out[w] = Who(w, "発言者: 議員（質問）", roles=("member",))
    for w in ("討論", "賛成討論", "反対討論"):
        out[w] = Who(w, f"発言者: 議員（{w}）", roles=("member",), replace=False)
    out["委員長報告"] = Who("委員長報告", "発言者: 委員長（報告）", roles=("member",), text=("委員会", "報告"))
    return out


WHO = _who_table()


def who_of(text: str) -> Who | None:
    """The speaker or kind of speech a typed word names (NFKC, 國 = 国), or None."""
    import unicodedata

    return WHO.get(unicodedata.normalize("NFKC", text).strip().replace("國", "国"))
