"""What highlighting costs a search: the same queries with and without highlights, in one run.

Every hit's text (and its question's or answer's) is analysed again with Sudachi to place the
highlights; on long speeches that is most of a search. Not part of the tests.

    .venv/bin/python -m benchmarks.highlight_cost --index IX [--passes 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest

QUERIES = ("個人情報 委託 契約", "防災 計画 見直し", "子ども 医療 助成", "ごみ 収集 委託", "道路 整備 予算",
           "個人情報", "委託", "マイナ")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True, type=Path)
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    engine = SearchEngine(args.index)
    for q in QUERIES:  # warm: searcher, term list, tokenizers
        engine.search(SearchRequest(q=q))
    print("| query | with highlights p50 ms | without p50 ms | ratio |\n|---|---|---|---|")
    for q in QUERIES:
        times = {True: [], False: []}
        for _ in range(args.passes):
            for hl in (True, False):
                t = time.perf_counter()
                engine.search(SearchRequest(q=q, highlight=hl))
                times[hl].append((time.perf_counter() - t) * 1000)
        on, off = statistics.median(times[True]), statistics.median(times[False])
        print(f"| {q} | {on:.1f} | {off:.1f} | {on / off:.1f}× |")


if __name__ == "__main__":
    main()
