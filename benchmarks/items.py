"""Item search and 似た案件 at archive scale, against record search measured in the same run.

    python -m benchmarks.items --index DIR [--repeats 3]

Runs the fixed query mix (benchmarks/queries.py; not its filtered class, whose
role and year filters are record facets) through record search (`SearchEngine.search`)
and item search (`ItemSearch.search`), one page of 10, alternating the two for
each query so that both see the same machine state; then `similar` for 50 items
drawn with a fixed seed. Reports medians and 95th percentiles in ms, the ratio
of item to record search, and the one-off cost of building the item table
(the first item search after the index opens). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

CLASSES = ("single", "two", "phrase", "facets", "synonym", "common", "page2")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p * (len(s) - 1))))], 1)


def main() -> None:
    from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest
    from kaigiroku.search.whoosh.items import ItemSearch
    from kaigiroku.search.whoosh.similar import similar

    from .queries import load_or_build

    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    mix = load_or_build(Path(__file__).resolve().parent / "out" / "queries.json")
    engine = SearchEngine(args.index)
    items = ItemSearch(engine)
    t0 = time.perf_counter()
    items.table()
    table_ms = (time.perf_counter() - t0) * 1000
    _, _, table = items.table()
    t0 = time.perf_counter()
    table.titles()
    titles_ms = (time.perf_counter() - t0) * 1000
    queries = [(c, q) for c in CLASSES for q in mix["classes"][c]]
    rec: list[float] = []
    itm: list[float] = []
    for _ in range(args.repeats):
        for cls, q in queries:
            req = SearchRequest(q=q["q"], page=q.get("page", 1))
            t = time.perf_counter()
            engine.search(req)
            rec.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            items.search(req)
            itm.append((time.perf_counter() - t) * 1000)
    rng = random.Random(7)
    chosen = rng.sample([r["id"] for r in table.rows], min(50, len(table.rows)))
    sim = []
    for item_id in chosen:
        t = time.perf_counter()
        similar(items, item_id)
        sim.append((time.perf_counter() - t) * 1000)
    searcher, columns = engine.searcher()
    print(json.dumps({
        "records": int(len(columns.records)), "items": len(table), "queries": len(queries), "repeats": args.repeats,
        "item_table_ms": round(table_ms, 1), "title_index_ms": round(titles_ms, 1),
        "record_search_ms": {"p50": pct(rec, 0.5), "p95": pct(rec, 0.95)},
        "item_search_ms": {"p50": pct(itm, 0.5), "p95": pct(itm, 0.95)},
        "item_over_record_median_ratio": round(statistics.median(i / r for i, r in zip(itm, rec)), 2),
        "similar_ms": {"p50": pct(sim, 0.5), "p95": pct(sim, 0.95), "n": len(sim)},
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
