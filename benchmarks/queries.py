"""The fixed query mix, built from real words of the shipped corpus.

Words are taken from the five real files (the generated corpora are made of
their sentences), banded by the share of real records they occur in (document
frequency over the index-mode tokens, compound pieces included, so it is the
share the index will match), and sampled with a fixed seed. Each query is what
a person would type: the word's surface as written in the minutes.

Classes (every product search also counts all five facets over the whole match
set; that is part of every figure):

- single:   one word, typical search words (in 0.3%..5% of real records)
- two:      two words from one real record (AND)
- phrase:   a quoted run of 2-4 words as written in a real record
- facets:   one word from the medium band (5%..25%): larger match sets, so the
            facet counting that every search does weighs more
- filtered: a word plus role and year filters
- synonym:  a word the synonym dictionaries widen (マイナンバー → 個人番号 …)
- common:   the words in the largest share of records (委員, する, 個人情報 …)
- page2:    one word (in >= 0.5% of real records), second page of results
- daterange: a word and a date range of fiscal years (the first: 個人情報,
            2016-04..2021-03), or of one month
- browse:   a date range and no words (every record in it, newest first)
- or:       three or four words joined by OR
- perpage100: one word, 100 hits per page
- page50:   a common word, page 50 (hits 491-500)
- partial:  two or three words that no real record holds together: today they
            match nothing or little; they exercise the "match all, then most"
            fallback (issue 10) once it exists

The date classes use fixed ISO ranges inside the corpus's twenty fiscal years;
the role/year filters of `filtered` are resolved against the index at run time.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

PER_CLASS = 50
VERSION = "2"
CLASSES = ("single", "two", "phrase", "facets", "filtered", "synonym", "common", "page2", "daterange", "browse", "or",
           "perpage100", "page50", "partial")
FIRST_FY, LAST_FY = 2006, 2025  # the generator's fiscal years (benchmarks/meetings.py)
CONTENT_POS = ("名詞", "動詞", "形容詞")
FILTER_ROLES = ("委員", "説明員", "会長")


@dataclass
class Query:
    cls: str
    q: str  # what is typed in the search box
    clauses: list  # [["term", tok], ["phrase", [tok, ...]], ["or", [tok, ...]]]: the analysed query, for the peers
    surfaces: list  # the typed words/phrases, for the trigram peer (raw text); for "or", [[w, ...]]
    page: int = 1
    role: str | None = None
    year_slot: int | None = None  # resolved against the index's years at run time
    per_page: int = 10
    date_from: str | None = None  # as typed in the form: 2016-04, 2021-03, 2016-04-01
    date_until: str | None = None


def _real_records():
    from kaigiroku.indexer.parse import parse_file
    from .generate import REAL_CORPUS

    return [r.text for p in sorted(REAL_CORPUS.glob("*.txt")) for r in parse_file(p).records]


def _word_candidates(texts: list[str]):
    """(surface typed, its single query token, POS major) for content words of the real records."""
    from sudachipy import Dictionary, SplitMode

    tok = Dictionary(dict="core").tokenizer(SplitMode.C)
    seen: dict[str, Counter] = {}
    for text in texts:
        for m in tok.tokenize(text):
            pos = m.part_of_speech()
            if pos[0] not in CONTENT_POS or pos[1] == "数詞":
                continue
            surface = m.dictionary_form() if pos[0] != "名詞" else m.surface()
            if len(surface) < 2 or not re.search(r"[^\W\d_]", surface):
                continue
            seen.setdefault(surface, Counter())[pos[0]] += 1
    return seen


def build(seed: int = 7, per_class: int = PER_CLASS) -> dict:
    """The query mix (deterministic for `seed`) with the real document frequencies it was banded by."""
    from kaigiroku.search.analysis import analyze
    from kaigiroku.search.query import STOP
    from kaigiroku.search.synonyms import Synonyms

    rng = random.Random(f"kaigiroku-queries:{seed}")
    texts = _real_records()
    n = len(texts)
    df: Counter = Counter()
    for t in texts:
        df.update({tok.text for tok in analyze(t, mode="index")})

    words: dict[str, str] = {}  # term -> surface typed (first seen, deterministic order)
    nouns: set[str] = set()
    candidates = _word_candidates(texts)
    for surface in sorted(candidates):
        toks = analyze(surface, mode="query")
        if len(toks) != 1 or toks[0].text in STOP:
            continue
        term = toks[0].text
        if term not in words or len(surface) < len(words[term]):
            words[term] = surface
        if candidates[surface].most_common(1)[0][0] == "名詞":
            nouns.add(term)
    terms = sorted(words)

    def band(lo: float, hi: float) -> list[str]:
        return [t for t in terms if lo * n <= df[t] <= hi * n]

    def sample(pool: list[str], k: int) -> list[str]:
        pool = sorted(pool)
        return rng.sample(pool, min(k, len(pool)))

    def term_query(cls: str, term: str, **kw) -> Query:
        return Query(cls, words[term], [["term", term]], [words[term]], **kw)

    out: dict[str, list[Query]] = {}
    single_pool = [t for t in band(0.003, 0.05) if df[t] >= 2]
    out["single"] = [term_query("single", t) for t in sample(single_pool, per_class)]
    out["facets"] = [term_query("facets", t) for t in sample(band(0.05, 0.25), per_class)]
    common = sorted(terms, key=lambda t: (-df[t], t))[:per_class]
    out["common"] = [term_query("common", t) for t in common]
    out["page2"] = [term_query("page2", t, page=2) for t in sample(band(0.005, 0.25), per_class)]
    filt = sample(band(0.01, 0.25), per_class)
    out["filtered"] = [term_query("filtered", t, role=FILTER_ROLES[i % len(FILTER_ROLES)], year_slot=i)
                       for i, t in enumerate(filt)]

    # two words that occur together in one real record
    two: list[Query] = []
    vocab = set(band(0.003, 0.25))
    order = list(range(n))
    rng.shuffle(order)
    seen_pairs = set()
    for i in order:
        present = sorted({tok.text for tok in analyze(texts[i], mode="index")} & vocab)
        if len(present) < 2:
            continue
        a, b = rng.sample(present, 2)
        if (a, b) in seen_pairs or (b, a) in seen_pairs:
            continue
        seen_pairs.add((a, b))
        two.append(Query("two", f"{words[a]} {words[b]}", [["term", a], ["term", b]], [words[a], words[b]]))
        if len(two) >= per_class:
            break
    out["two"] = two

    # phrases: a run of 2-4 query tokens as written, starting and ending with a content word
    phrases: list[Query] = []
    seen_ph = set()
    for i in order:
        text = texts[i]
        toks = analyze(text, mode="query")
        if len(toks) < 4:
            continue
        for _ in range(3):
            k = rng.randint(2, 4)
            s = rng.randrange(0, len(toks) - k + 1)
            run = toks[s:s + k]
            if run[0].text not in nouns or run[-1].text not in nouns:
                continue
            surface = text[run[0].startchar:run[-1].endchar]
            if not surface or re.search(r"[\s「」『』（）()\"、。]", surface) or surface in seen_ph:
                continue
            q_toks = [t.text for t in analyze(surface, mode="query")]
            if len(q_toks) < 2:
                continue
            seen_ph.add(surface)
            phrases.append(Query("phrase", f'"{surface}"', [["phrase", q_toks]], [surface]))
            break
        if len(phrases) >= per_class:
            break
    out["phrase"] = phrases

    # words the synonym dictionaries widen
    syn = Synonyms.load()
    expandable = []
    for t in terms:
        if df[t] < 2:
            continue
        found = syn.expand(words[t])
        if any(e.alternatives for e in found):
            expandable.append(t)
    picked = sample(expandable, per_class - 1)
    if "マイナンバー" not in [words[t] for t in picked]:
        mn = analyze("マイナンバー", mode="query")[0].text
        words.setdefault(mn, "マイナンバー")
        picked = [mn] + picked
    out["synonym"] = [term_query("synonym", t) for t in picked[:per_class]]

    # words with a date range: fiscal years (2016-04..2021-03 first, from the issue) or one month
    pool = sample(band(0.003, 0.25), per_class - 1)
    ko = analyze("個人情報", mode="query")[0].text
    words.setdefault(ko, "個人情報")
    out["daterange"] = [term_query("daterange", ko, date_from="2016-04", date_until="2021-03")]
    out["daterange"] += [term_query("daterange", t, **_range(rng)) for t in pool]
    out["browse"] = [Query("browse", "", [], [], **_range(rng)) for _ in range(per_class)]

    # OR of three or four words
    single_band = sorted(band(0.003, 0.05))
    ors = []
    for _ in range(per_class):
        ws = rng.sample(single_band, rng.choice((3, 3, 4)))
        ors.append(Query("or", " OR ".join(words[w] for w in ws), [["or", ws]], [[words[w] for w in ws]]))
    out["or"] = ors
    out["perpage100"] = [term_query("perpage100", t, per_page=100) for t in sample(band(0.003, 0.25), per_class)]
    out["page50"] = [term_query("page50", t, page=50) for t in common]

    # words that rarely occur together: no real record holds them all
    holders: dict[str, set[int]] = {}
    for i, t in enumerate(texts):
        for tok in {tok.text for tok in analyze(t, mode="index")}:
            holders.setdefault(tok, set()).add(i)
    cands = sorted(t for t in band(0.005, 0.05) if t in nouns)
    partial, seen_p = [], set()
    for _ in range(per_class * 40):
        if len(partial) >= per_class:
            break
        k = 2 if len(partial) < per_class * 0.7 else 3
        ws = tuple(sorted(rng.sample(cands, k)))
        if ws in seen_p or set.intersection(*(holders[w] for w in ws)):
            continue
        seen_p.add(ws)
        partial.append(Query("partial", " ".join(words[w] for w in ws), [["term", w] for w in ws],
                             [words[w] for w in ws]))
    out["partial"] = partial

    return {
        "version": VERSION,
        "seed": seed,
        "real_records": n,
        "classes": {c: [asdict(q) for q in out[c]] for c in CLASSES},
        "df_share": {c: [round(df[q.clauses[0][1]] / n, 4) if q.clauses and q.clauses[0][0] == "term" else None
                         for q in out[c]] for c in CLASSES},
    }


def _range(rng: random.Random) -> dict:
    """A date range as people type it: whole fiscal years (most), or one month."""
    if rng.random() < 0.2:
        y, mth = rng.randint(FIRST_FY, LAST_FY), rng.randint(1, 12)
        ym = f"{y}-{mth:02d}"
        return {"date_from": ym, "date_until": ym}
    years = rng.choice((1, 1, 2, 3, 5, 5, 10))
    start = rng.randint(FIRST_FY, LAST_FY - years + 1)
    return {"date_from": f"{start}-04", "date_until": f"{start + years}-03"}


def load_or_build(path: Path, seed: int = 7) -> dict:
    path = Path(path)
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("seed") == seed and data.get("version") == VERSION:
            return data
    data = build(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return data


if __name__ == "__main__":
    import sys

    d = build()
    for c in CLASSES:
        qs = d["classes"][c]
        print(c, len(qs), [q["q"] for q in qs[:12]], file=sys.stderr)


def to_request(q: Query, years: list[str] | None = None):
    """The product's SearchRequest for one query of the mix (role and year filters resolved against
    the index's years)."""
    from kaigiroku.search.whoosh.engine import SearchRequest

    year = years[q.year_slot % len(years)] if q.year_slot is not None and years else None
    filters = {k: [v] for k, v in (("role", q.role), ("year", year)) if v}
    return SearchRequest(q=q.q, page=q.page, per_page=q.per_page, filters=filters, date_from=q.date_from,
                         date_until=q.date_until)


def queries_of(qset: dict, classes=CLASSES) -> dict[str, list[Query]]:
    return {c: [Query(**q) for q in qset["classes"][c]] for c in classes}
