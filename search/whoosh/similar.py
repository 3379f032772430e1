"""Similar deliberations (似た案件): items about the same matter, in any meeting.

An item's key terms are the nouns of its title and its utterances weighted by
tf-idf: (1 + log tf) times the index's BM25 idf, title words counted three times
(a title names the matter; utterances also carry procedure and courtesy, which
idf pushes down). Whoosh's `key_terms` (Bo1) was tried first and kept particles
(の, は, て) among the top terms: the Sudachi chain indexes them, so a
part-of-speech filter is needed either way. The top terms become one OR query,
each term boosted by its weight, run on the record engine; the matching records
are grouped by item and ranked as item search ranks them (search/items.py),
the item itself left out. A baseline for comparison, `title_query`, ORs the
item title's nouns alone.
"""

from __future__ import annotations

import math
import time
from collections import Counter

import numpy as np
from whoosh import query as Q

from .. import budget
from ..analysis import words
from .docsets import scored_ids
from .hits import Marks
from .items import ItemSearch, ItemTable, rank_items

TERMS = 12  # key terms per item
TITLE_TIMES = 3  # a title word counts as this many occurrences
# Nouns of the minutes' own apparatus (where a thing is written, who asks whom), which say
# nothing about the matter: any council's minutes use them, often enough in one item to pass idf.
APPARATUS = frozenset("""ページ 頁 資料 別紙 別添 概要 説明 質問 回答 意見 項目 内容 記載 部分 本日 今回 前回 次回
以上 番号 事項 件名 資料番号""".split())


def _nouns(text: str) -> list[str]:
    return [w.text for w in words(text)
            if w.pos_major == "名詞" and not w.text.isdigit() and len(w.text) > 1 and w.text not in APPARATUS]


def key_terms(searcher, table: ItemTable, k: int, count: int = TERMS) -> list[tuple[str, float]]:
    """The item's `count` most characteristic nouns and their tf-idf weights, best first."""
    tf = Counter()
    for d in table.records_of(k):
        budget.check()  # an item of many long utterances is analysed within the search's budget
        tf.update(_nouns(searcher.stored_fields(int(d))["body"]))
    for w in _nouns(table.rows[k]["title"]):
        tf[w] += TITLE_TIMES
    scored = []
    for w, n in tf.items():
        if searcher.doc_frequency("text", w) < 1:
            continue
        scored.append((w, (1 + math.log(n)) * searcher.idf("text", w)))
    scored.sort(key=lambda p: (-p[1], p[0]))
    return scored[:count]


def title_query(table: ItemTable, k: int) -> list[tuple[str, float]]:
    """The baseline: the item title's nouns, each weighted 1."""
    return [(w, 1.0) for w in dict.fromkeys(_nouns(table.rows[k]["title"]))]


def similar(items: ItemSearch, text_id: str, limit: int = 5, terms=None,
            seconds: float | None = budget.DEFAULT_SECONDS) -> dict | None:
    """Items like the item `text_id`, best first; None when there is no such item.

    `terms(searcher, table, k)` chooses the weighted terms (default: key_terms). Past `seconds`
    (search/budget.py) it answers with no similar items, `timed_out` true.
    """
    t0 = time.perf_counter()
    try:
        with budget.budget(seconds):
            return _similar(items, text_id, limit, terms, t0)
    except budget.OverBudget:
        searcher, _, table = items.table()
        k = table.by_id.get(text_id)
        return {"item": items.item(searcher, table, k, None, [], 0, False, None), "terms": [], "items": [],
                "timed_out": True, "took_ms": round((time.perf_counter() - t0) * 1000, 1)}


def _similar(items: ItemSearch, text_id: str, limit: int, terms, t0: float) -> dict | None:
    searcher, columns, table = items.table()
    k = table.by_id.get(text_id)
    if k is None:
        return None
    chosen = (terms or key_terms)(searcher, table, k)
    out = {"item": items.item(searcher, table, k, None, [], 0, False, None),
           "terms": [{"term": w, "weight": round(x, 3)} for w, x in chosen], "items": [], "timed_out": False}
    if chosen:
        top = max(x for _, x in chosen)
        subs = []
        for w, x in chosen:
            t = Q.Term("text", w)
            t.boost = x / top
            subs.append(t)
        ids, scores = scored_ids(searcher, Q.Or(subs), columns.lengths)
        found, totals, by_item = rank_items(table.doc_item, ids, scores)
        keep = found != k
        found, totals = found[keep], totals[keep]
        order = np.lexsort((table.rank["newest"][found], -totals))[:limit]
        best = {int(found[i]): by_item.shown(int(found[i]))[:1] for i in order}
        marks = Marks(searcher, [(w,) for w, _ in chosen], (), [d for s in best.values() for d, _ in s])
        out["items"] = [items.item(searcher, table, int(found[i]), float(totals[i]), best[int(found[i])],
                                   by_item.matches(int(found[i])), False, marks) for i in order]
    out["took_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    return out


__all__ = ["similar", "key_terms", "title_query", "TERMS"]
