"""The analysis floor: Sudachi tokenization alone of the record texts, on one core, streaming.

Run in a fresh process (as `kaigiroku build` is) so the Sudachi caches start
cold, exactly as they do in a build's workers, with the allocator set as they
set it (search/heap.py):

    python -m benchmarks.floor RECORDS.jsonl [--repeats N] [--raw-sample N]

Times `search.analysis.analyze(text, mode="index")` over every text, which is
what a build's workers compute (compound pieces included). Like a build, it
reads one record, analyses it and drops its tokens: only the analyse call is
timed, and nothing accumulates (an earlier floor kept every token of the
corpus alive, which made the garbage collector walk millions of objects and
slowed the floor itself by 1.35-1.42x, flattering the build ratio). The tokens
the peers index are written by a separate pass (benchmarks/tokens.py).

As a reference for the cost of the chain around Sudachi (NFKC with offsets,
POS filtering, normalized forms, compound pieces), raw SudachiPy `tokenize` in
split mode C is timed on an evenly spaced sample of the records, against
analyze() on the same sample. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time


def iter_texts(path: str, every: int = 1):
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % every == 0:
                yield json.loads(line)["text"]


def time_analyze(path: str, every: int = 1) -> tuple[float, int, int, int]:
    """(seconds inside analyze, records, tokens, garbage collections) for one streaming pass
    over every `every`-th record."""
    from kaigiroku.search.analysis import analyze

    clock = time.perf_counter
    spent = 0.0
    n = n_tokens = 0
    gc0 = sum(s["collections"] for s in gc.get_stats())
    for text in iter_texts(path, every):
        t0 = clock()
        toks = analyze(text, mode="index")
        spent += clock() - t0
        n += 1
        n_tokens += len(toks)
        del toks
    return spent, n, n_tokens, sum(s["collections"] for s in gc.get_stats()) - gc0


def sample_texts(path: str, k: int) -> list[str]:
    with open(path, encoding="utf-8") as f:
        total = sum(1 for _ in f)
    step = max(1, total // k) if k else total + 1
    return [t for i, t in enumerate(iter_texts(path)) if i % step == 0][:k]


def time_raw_sudachi(texts: list[str]) -> tuple[float, int]:
    from sudachipy import Dictionary, SplitMode

    from kaigiroku.search.analysis import CHUNK_BYTES, _chunks

    tok = Dictionary(dict="core").tokenizer(SplitMode.C)
    tokenize = tok.tokenize
    clock = time.perf_counter
    t0 = clock()
    n = 0
    for text in texts:
        if len(text) * 4 <= CHUNK_BYTES:
            n += len(tokenize(text))
        else:
            for _, chunk in _chunks(text):
                n += len(tokenize(chunk))
    return clock() - t0, n


def time_analyze_list(texts: list[str]) -> float:
    from kaigiroku.search.analysis import analyze

    t0 = time.perf_counter()
    for text in texts:
        analyze(text, mode="index")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("records", help="records.jsonl written by the harness (one {'text': ...} per line)")
    p.add_argument("--repeats", type=int, default=1, help="timed passes of analyze() (the first is cold; median reported)")
    p.add_argument("--raw-sample", type=int, default=20000, help="records in the raw-Sudachi reference sample")
    p.add_argument("--every", type=int, default=1,
                   help="analyse every k-th record only and scale the time by text bytes (for the largest sizes: "
                        "the rate per byte is the same, the run is k times shorter)")
    args = p.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):  # one core: the floor is single-core by definition
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from kaigiroku.search.heap import reuse_freed_arrays

    reuse_freed_arrays()  # the allocator as a build's sub-writers set it (within noise for analysis alone)
    t0 = time.perf_counter()
    from kaigiroku.search.analysis import analyze

    analyze("準備")  # load the dictionary outside the timed region
    load_s = time.perf_counter() - t0

    chars = nbytes = 0
    for t in iter_texts(args.records):
        chars += len(t)
        nbytes += len(t.encode("utf-8"))
    cold, n, n_tokens, gcs = time_analyze(args.records, args.every)  # first pass: caches cold, as in a build
    sampled = {}
    if args.every > 1:
        sbytes = sum(len(t.encode("utf-8")) for t in iter_texts(args.records, args.every))
        scale = nbytes / sbytes
        sampled = {"sampled_every": args.every, "sampled_records": n, "sampled_bytes": sbytes,
                   "sampled_analyze_s": round(cold, 3), "scale_by_bytes": round(scale, 4)}
        cold, n_tokens = cold * scale, int(n_tokens * scale)
        n = sum(1 for _ in iter_texts(args.records))
    passes = [cold]
    for _ in range(args.repeats - 1):
        passes.append(time_analyze(args.records, args.every)[0] * (sampled.get("scale_by_bytes") or 1))
    sample = sample_texts(args.records, args.raw_sample)
    raw_s, raw_tokens = time_raw_sudachi(sample)
    ana_s = time_analyze_list(sample)
    out = {
        "records": n,
        "chars": chars,
        "bytes": nbytes,
        "streaming": True,
        "dictionary_load_s": round(load_s, 3),
        "analyze_index_s": round(cold, 3),
        "analyze_index_passes_s": [round(x, 3) for x in passes],
        "analyze_index_median_s": round(statistics.median(passes), 3),
        "analyze_tokens": n_tokens,
        "gc_collections_first_pass": gcs,
        "records_per_s": round(n / cold, 1) if cold else None,
        "mb_per_s": round(nbytes / 1e6 / cold, 3) if cold else None,
        "raw_sample_records": len(sample),
        "raw_sudachi_c_sample_s": round(raw_s, 3),
        "analyze_sample_s": round(ana_s, 3),
        "analyze_over_raw": round(ana_s / raw_s, 2) if raw_s else None,
        "raw_sudachi_tokens_sample": raw_tokens,
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "pinned_cpu": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        **sampled,
    }
    json.dump(out, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
