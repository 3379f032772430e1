"""Where the server's memory goes: the same objects `kaigiroku serve` builds, measured stage by stage.

    python -m benchmarks.memprobe INDEX [--queries queries.json] [--tracemalloc]

In a fresh process, as the server starts: import the web app; open the
SearchEngine (the index's segment readers and the facet columns the engine
reads once); the first search (Sudachi's dictionary and the analysers); the
meeting list the pages cache (Site.meetings()); the first queries of every class of the mix
(searcher caches); the JSON meeting list for one meeting. After each stage:
RSS, USS, PSS and the memory maps split into heap/anonymous, index files,
Sudachi dictionary, libraries; the bytes of the engine's numpy columns by name;
with --tracemalloc, the Python allocations the stage added, by source line (the
top 12). Prints one JSON object. The server's own RSS under load is measured
separately (benchmarks/load.py); this says what it is made of.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def _mem(index: Path) -> dict:
    import os

    import psutil

    from .load import memory_breakdown

    info = psutil.Process(os.getpid()).memory_full_info()
    return {"rss_mb": round(info.rss / 2**20, 1), "uss_mb": round(info.uss / 2**20, 1),
            "pss_mb": round(getattr(info, "pss", 0) / 2**20, 1), "maps": memory_breakdown(os.getpid(), index)}


def _columns_bytes(engine) -> dict:
    """nbytes of the engine's per-document arrays, by name (what grows with the archive)."""
    import numpy as np

    cols = engine._columns
    out: dict[str, int] = {}
    if cols is None:
        return out
    for attr in ("codes", "rank"):
        for k, arr in (getattr(cols, attr, None) or {}).items():
            if isinstance(arr, np.ndarray):
                out[f"{attr}.{k}"] = arr.nbytes
    for attr, val in vars(cols).items():
        if isinstance(val, np.ndarray):
            out[attr] = val.nbytes
    labels = sum(sys.getsizeof(v) for ls in (getattr(cols, "labels", None) or {}).values() for v in ls)
    out["labels (python strings)"] = labels
    return {k: round(v / 2**20, 2) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}


def _top(before, after, n: int = 12) -> list:
    noise = [tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
             tracemalloc.Filter(False, "<frozen importlib._bootstrap_external>"), tracemalloc.Filter(False, "<unknown>")]
    stats = after.filter_traces(noise).compare_to(before.filter_traces(noise), "lineno")
    out = []
    for s in stats[:n]:
        fr = s.traceback[0]
        name = fr.filename
        for marker in ("site-packages/", str(PROJECT) + "/", "lib/python3.11/"):
            if marker in name:
                name = name.split(marker, 1)[1]
        out.append([f"{name}:{fr.lineno}", round(s.size_diff / 2**20, 2), s.count_diff])
    return out


def probe(index: Path, queries: Path | None, trace: bool, per_class: int = 10) -> dict:
    stages: list[dict] = []
    snap = [None]

    def stage(name: str, t0: float, **extra) -> None:
        gc.collect()
        entry = {"stage": name, "seconds": round(time.perf_counter() - t0, 2), **_mem(index), **extra}
        if trace:
            now = tracemalloc.take_snapshot()
            entry["python_allocations"] = {"traced_mb": round(tracemalloc.get_traced_memory()[0] / 2**20, 1),
                                           "top_added": _top(snap[0], now)}
            snap[0] = now
        stages.append(entry)

    if trace:
        tracemalloc.start(1)
        snap[0] = tracemalloc.take_snapshot()
    t = time.perf_counter()
    stage("python", t)
    t = time.perf_counter()
    from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest
    from kaigiroku.web.app import create_app

    stage("imports (flask, whoosh, numpy, the app)", t)
    t = time.perf_counter()
    engine = SearchEngine(index)
    stage("open the engine (segment readers, facet columns)", t, columns_mb=_columns_bytes(engine))
    t = time.perf_counter()
    engine.search(SearchRequest(q="委員"))
    stage("first search (Sudachi dictionary, analysers)", t)
    app = create_app({"ENGINE": engine})
    site = app.extensions["kaigiroku"]
    t = time.perf_counter()
    n_meetings = len(site.meetings())
    stage("meeting list cached (Site.meetings)", t, meetings=n_meetings)
    if queries and queries.exists():
        from .queries import queries_of, to_request

        qset = json.loads(queries.read_text(encoding="utf-8"))
        _, columns = engine.searcher()
        years = sorted(columns.known.get("year", ()))
        t = time.perf_counter()
        n = 0
        for lst in queries_of(qset).values():
            for q in lst[:per_class]:
                try:
                    engine.search(to_request(q, years))
                except Exception:  # a query the product refuses still counts as tried
                    pass
                n += 1
        stage(f"the query mix once ({per_class} per class)", t, searches=n)
    ids = [m["id"] for m in site.meetings()[:1]]
    if ids:
        t = time.perf_counter()
        with app.test_client() as c:
            c.get(f"/api/meetings/{ids[0]}")
        stage("one meeting's JSON", t)
    engine.close()
    return {"index": str(index), "tracemalloc": trace, "stages": stages}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("index", type=Path)
    p.add_argument("--queries", type=Path, default=PROJECT / "benchmarks" / "out" / "queries.json")
    p.add_argument("--tracemalloc", action="store_true", help="also attribute Python allocations (slower)")
    p.add_argument("--per-class", type=int, default=10, help="queries of each class in the query-mix stage")
    args = p.parse_args(argv)
    print(json.dumps(probe(args.index, args.queries, args.tracemalloc, args.per_class), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
