"""The analysis floor: Sudachi tokenization alone of the record texts, on one core.

Run in a fresh process (as `kaigiroku build` is) so the Sudachi caches start
cold, exactly as they do in a build's workers:

    python -m benchmarks.floor RECORDS.jsonl [--tokens OUT.jsonl] [--repeats N]

Times `search.analysis.analyze(text, mode="index")` over every text (what a
build's workers compute, compound pieces included), and raw SudachiPy
`tokenize` in split mode C as a reference for the cost of the chain around it
(NFKC with offsets, POS filtering, normalized forms, compound pieces). Prints
one JSON object. With --tokens, writes each record's index tokens
([[term, pos, start, end], ...] per line) for the peers to index: the same
tokens the product indexes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time


def load_texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


def time_analyze(texts: list[str], keep: list | None = None) -> tuple[float, int]:
    from kaigiroku.search.analysis import analyze

    clock = time.perf_counter
    spent = 0.0
    n_tokens = 0
    for text in texts:
        t0 = clock()
        toks = analyze(text, mode="index")
        spent += clock() - t0
        n_tokens += len(toks)
        if keep is not None:
            keep.append(toks)
    return spent, n_tokens


def time_raw_sudachi(texts: list[str]) -> tuple[float, int]:
    from sudachipy import Dictionary, SplitMode

    from kaigiroku.search.analysis import _chunks

    tok = Dictionary(dict="core").tokenizer(SplitMode.C)
    tokenize = tok.tokenize
    clock = time.perf_counter
    t0 = clock()
    n = 0
    for text in texts:
        if len(text) * 4 <= 12_000:
            n += len(tokenize(text))
        else:
            for _, chunk in _chunks(text):
                n += len(tokenize(chunk))
    return clock() - t0, n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("records", help="records.jsonl written by the harness (one {'text': ...} per line)")
    p.add_argument("--tokens", help="write the index tokens of each record here (JSON lines)")
    p.add_argument("--repeats", type=int, default=1, help="timed passes of analyze() (median reported)")
    p.add_argument("--raw-repeats", type=int, default=1, help="timed passes of raw sudachipy")
    args = p.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):  # one core: the floor is single-core by definition
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = load_texts(args.records)
    chars = sum(map(len, texts))
    nbytes = sum(len(t.encode("utf-8")) for t in texts)

    t0 = time.perf_counter()
    from kaigiroku.search.analysis import analyze

    analyze("準備")  # load the dictionary outside the timed region
    load_s = time.perf_counter() - t0

    keep: list = [] if args.tokens else None
    cold, n_tokens = time_analyze(texts, keep)  # first pass: caches cold, as in a build
    passes = [cold]
    for _ in range(args.repeats - 1):
        passes.append(time_analyze(texts)[0])
    if args.tokens:
        with open(args.tokens, "w", encoding="utf-8") as f:
            for toks in keep:
                f.write(json.dumps([[t.text, t.pos, t.startchar, t.endchar] for t in toks], ensure_ascii=False))
                f.write("\n")
        keep.clear()
    raw = [time_raw_sudachi(texts) for _ in range(args.raw_repeats)]
    out = {
        "records": len(texts),
        "chars": chars,
        "bytes": nbytes,
        "dictionary_load_s": round(load_s, 3),
        "analyze_index_s": round(cold, 3),
        "analyze_index_passes_s": [round(x, 3) for x in passes],
        "analyze_index_median_s": round(statistics.median(passes), 3),
        "analyze_tokens": n_tokens,
        "raw_sudachi_c_s": round(statistics.median(r[0] for r in raw), 3),
        "raw_sudachi_tokens": raw[0][1],
        "records_per_s": round(len(texts) / cold, 1),
        "mb_per_s": round(nbytes / 1e6 / cold, 3),
        "raw_records_per_s": round(len(texts) / statistics.median(r[0] for r in raw), 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "pinned_cpu": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }
    json.dump(out, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
