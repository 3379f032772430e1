"""The judged precedent pairs and their metrics, for 似た案件 and a plain baseline.

`python -m tests.precedents INDEX` prints precision@3 and recall@3 of the
key-term method (search/similar.py) and of the item title as an OR query, over
the pairs in tests/precedents.json, measured in the same run on the same index.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
K = 3


def load_pairs() -> list[dict]:
    return json.loads((HERE / "precedents.json").read_text(encoding="utf-8"))["pairs"]


def measure(items, terms=None, k: int = K) -> dict[str, float]:
    """Mean precision@k and recall@k of similar() with `terms` over the judged pairs."""
    from kaigiroku.search.whoosh.similar import similar

    pairs = load_pairs()
    precision = recall = 0.0
    for p in pairs:
        got = [i["id"] for i in similar(items, p["item"], limit=k, terms=terms)["items"]]
        hit = len(set(got) & set(p["similar"]))
        precision += hit / k
        recall += hit / len(p["similar"])
    return {"precision": round(precision / len(pairs), 3), "recall": round(recall / len(pairs), 3), "pairs": len(pairs)}


def both(items) -> dict[str, dict[str, float]]:
    from kaigiroku.search.whoosh.similar import title_query

    return {"key_terms": measure(items),
            "title_or": measure(items, terms=lambda searcher, table, k: title_query(table, k))}


if __name__ == "__main__":
    from kaigiroku.search.whoosh.engine import SearchEngine
    from kaigiroku.search.whoosh.items import ItemSearch

    print(json.dumps(both(ItemSearch(SearchEngine(sys.argv[1]))), ensure_ascii=False, indent=1))
