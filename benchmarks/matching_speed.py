"""What matching all-then-most, parts of words and exchanges cost per query, at scale.

    .venv/bin/python -m benchmarks.matching_speed --index DIR [--repeats 5]

On one index (built with `kaigiroku build` from a generated corpus, e.g.
`benchmarks.generate --records 100000`), in one process, every query of the
benchmark mix (benchmarks/queries.py) plus two classes for this work is timed
under three modes, interleaved query by query so that machine noise falls on
all of them alike:

- `full`: the product as shipped (every word first, then records with most
  words; parts of words; the Q&A counterpart; one hit per exchange);
- `strict`: the same engine asked for every word and one record per hit
  (`partial=False, exchanges=False`, as the Diet-style API asks);
- `strict-no-parts`: `strict`, and parts of words switched off by replacing
  `Matcher._loose` for the run (product code is not changed):
  what a word costs when only the word itself is looked up.

Extra classes: `partial`, three words of the single band taken from three
different real records (few records have all three, so the tail is filled);
`substring`, a word of three characters or more without its last (ワクチ).
Reported per class and mode: the median over the repeats of each pass's p50
and p95, in ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from .queries import load_or_build

MODES = ("full", "strict", "strict-no-parts")


def _extra(qset: dict, seed: int = 11, n: int = 50) -> dict[str, list[str]]:
    rng = random.Random(f"matching-speed:{seed}")
    singles = sorted({q["q"] for q in qset["classes"]["single"]} | {q["q"] for q in qset["classes"]["facets"]})
    partial = [" ".join(rng.sample(singles, 3)) for _ in range(n)]
    words = sorted({q["q"] for c in ("single", "facets", "page2", "synonym") for q in qset["classes"][c] if len(q["q"]) >= 3})
    substring = [w[:-1] for w in rng.sample(words, min(n, len(words)))]
    return {"partial": partial, "substring": substring}


def queries(qset: dict) -> dict[str, list[tuple[str, int]]]:
    """Class -> (typed query, page)."""
    out = {c: [(q["q"], q.get("page", 1)) for q in qs] for c, qs in qset["classes"].items() if c != "filtered"}
    out.update({c: [(q, 1) for q in qs] for c, qs in _extra(qset).items()})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--json", type=Path, help="write the raw figures here")
    p.add_argument("--modes", default=",".join(MODES),
                   help="comma-separated; `full` alone runs on any version of the engine (e.g. an older checkout)")
    p.add_argument("--queries", type=Path, help="the query lists: read if the file exists, else written there, "
                                                 "so that two checkouts time the same queries")
    args = p.parse_args(argv)
    modes = tuple(m for m in args.modes.split(",") if m)

    from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest

    if args.queries and args.queries.exists():
        classes = json.loads(args.queries.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory() as d:
            classes = queries(load_or_build(Path(d) / "queries.json"))
        if args.queries:
            args.queries.write_text(json.dumps(classes, ensure_ascii=False), encoding="utf-8")
    engine = SearchEngine(args.index)
    searcher, columns = engine.searcher()
    n_records = len(columns.records)
    n_terms = vocab_s = None
    if hasattr(columns, "terms"):
        t0 = time.perf_counter()
        columns.terms.containing("ワクチ")  # parts of words: the term list is read on first use
        vocab_s, n_terms = time.perf_counter() - t0, len(columns.terms)
    if "strict-no-parts" in modes:
        from kaigiroku.search.whoosh.matching import Matcher

        loose = Matcher._loose

    def no_parts(self, w):
        return np.zeros(self.n), []

    def timed(mode: str, q: str, page: int) -> float:
        req = SearchRequest(q=q, page=page)
        if mode != "full":
            req.partial, req.exchanges = False, False
        if mode == "strict-no-parts":
            Matcher._loose = no_parts
        try:
            t0 = time.perf_counter()
            engine.search(req)
            return (time.perf_counter() - t0) * 1000
        finally:
            if mode == "strict-no-parts":
                Matcher._loose = loose

    for c, qs in classes.items():  # warm every path once
        for q, page in qs[:3]:
            for mode in modes:
                timed(mode, q, page)
    results: dict[str, dict[str, dict[str, float]]] = {}
    for c, qs in classes.items():
        passes: dict[str, list[tuple[float, float]]] = {m: [] for m in modes}
        for _ in range(args.repeats):
            ms: dict[str, list[float]] = {m: [] for m in modes}
            for q, page in qs:
                for mode in modes:
                    ms[mode].append(timed(mode, q, page))
            for mode in modes:
                passes[mode].append((float(np.percentile(ms[mode], 50)), float(np.percentile(ms[mode], 95))))
        results[c] = {m: {"p50": round(statistics.median(a for a, _ in passes[m]), 1),
                          "p95": round(statistics.median(b for _, b in passes[m]), 1)} for m in modes}
    engine.close()

    print(f"{n_records} records")
    if n_terms is not None:
        print(f"parts of words: {n_terms} index terms read in {vocab_s * 1000:.0f} ms on first use (no index cost)")
    print(f"{args.repeats} passes; median over passes of each pass's p50 / p95, ms")
    print("| class | queries | " + " | ".join(modes) + " |")
    print("|---|---|" + "---|" * len(modes))
    for c, r in results.items():
        print(f"| {c} | {len(classes[c])} | " + " | ".join(f"{r[m]['p50']} / {r[m]['p95']}" for m in modes) + " |")
    if args.json:
        args.json.write_text(json.dumps({"records": n_records, "repeats": args.repeats, "terms": n_terms,
                                         "term_list_ms": vocab_s and round(vocab_s * 1000, 1), "results": results},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
