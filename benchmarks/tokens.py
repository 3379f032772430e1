"""The index tokens of every record, for the peers, and how the vocabulary grows with the archive.

    python -m benchmarks.tokens RECORDS.jsonl [--out TOKENS.jsonl] [--workers 2]

A separate pass from the floor (benchmarks/floor.py), so that writing tokens
never slows the floor. It runs `search.analysis.analyze(text, mode="index")`,
the tokens the product indexes, in worker processes and:

- writes each record's tokens, `[[term, pos, start, end], ...]` per line in the
  order of the records file, when --out is given (the peers index them);
- counts distinct terms, and terms found in one record only;
- measures vocabulary growth: the distinct terms among the first n records of
  a fixed random order of the records, for n = 1,000, 2,000, 5,000 … all, and
  fits Heaps' law V(n) = K * n ** beta to those points (least squares in log-log).
  The order is random so that the curve is not one of municipalities in file
  name order; every term keeps the earliest position of a record holding it,
  which gives the whole curve from one pass.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import multiprocessing as mp
import sys
import time

import numpy as np

CHUNK = 256
_RANK: np.ndarray | None = None  # record -> its position in the random order (inherited by forked workers)


def _work(job: tuple[int, list[str], bool]) -> tuple[str, dict[str, int], dict[str, int], int]:
    """Tokens of a chunk of records: (JSON lines or "", term -> earliest rank, term -> records, tokens)."""
    from kaigiroku.search.analysis import analyze

    start, texts, write = job
    lines: list[str] = []
    first: dict[str, int] = {}
    df: dict[str, int] = {}
    n_tokens = 0
    for i, text in enumerate(texts, start):
        toks = analyze(text, mode="index")
        n_tokens += len(toks)
        if write:
            lines.append(json.dumps([[t.text, t.pos, t.startchar, t.endchar] for t in toks], ensure_ascii=False))
        rank = int(_RANK[i])
        for term in {t.text for t in toks}:
            df[term] = df.get(term, 0) + 1
            if rank < first.get(term, 1 << 62):
                first[term] = rank
    return ("\n".join(lines) + "\n") if lines else "", first, df, n_tokens


def _jobs(path: str, write: bool):
    buf: list[str] = []
    start = 0
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            buf.append(json.loads(line)["text"])
            if len(buf) == CHUNK:
                yield start, buf, write
                start, buf = i + 1, []
    if buf:
        yield start, buf, write


def checkpoints(n: int) -> list[int]:
    out, base = [], 1000
    while base < n:
        for m in (1, 2, 5):
            if base * m < n:
                out.append(base * m)
        base *= 10
    return out + [n]


def heaps_fit(points: list[tuple[int, int]], min_n: int = 1000) -> dict:
    """V = K n^beta by least squares over log(n), log(V) for n >= min_n."""
    pts = [(n, v) for n, v in points if n >= min_n and v > 0]
    if len(pts) < 2:
        return {"K": None, "beta": None, "r2": None, "points": len(pts)}
    xs = [math.log(n) for n, _ in pts]
    ys = [math.log(v) for _, v in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    beta = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    k = math.exp(my - beta * mx)
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (math.log(k) + beta * x)) ** 2 for x, y in zip(xs, ys))
    return {"K": round(k, 2), "beta": round(beta, 4), "r2": round(1 - ss_res / ss_tot, 5) if ss_tot else None,
            "points": len(pts), "from_n": pts[0][0], "to_n": pts[-1][0]}


def run(records: str, out: str | None, workers: int = 2, seed: int = 11) -> dict:
    global _RANK
    t0 = time.perf_counter()
    with open(records, encoding="utf-8") as f:
        n = sum(1 for _ in f)
    _RANK = np.empty(n, dtype=np.int64)
    _RANK[np.random.default_rng(seed).permutation(n)] = np.arange(n)
    first: dict[str, int] = {}
    df: dict[str, int] = {}
    n_tokens = 0
    sink = open(out, "w", encoding="utf-8") if out else None
    pool = mp.get_context("fork").Pool(workers) if workers > 1 else None
    try:
        results = pool.imap(_work, _jobs(records, bool(out)), chunksize=1) if pool else map(_work, _jobs(records, bool(out)))
        for lines, f_chunk, df_chunk, nt in results:
            if sink:
                sink.write(lines)
            n_tokens += nt
            for term, r in f_chunk.items():
                if r < first.get(term, 1 << 62):
                    first[term] = r
            for term, c in df_chunk.items():
                df[term] = df.get(term, 0) + c
    finally:
        if pool:
            pool.close()
            pool.join()
        if sink:
            sink.close()
    ranks = sorted(first.values())
    growth = [(c, bisect.bisect_left(ranks, c)) for c in checkpoints(n)]
    return {
        "records": n,
        "tokens": n_tokens,
        "distinct_terms": len(first),
        "terms_in_one_record": sum(1 for c in df.values() if c == 1),
        "share_terms_in_one_record": round(sum(1 for c in df.values() if c == 1) / max(1, len(df)), 4),
        "growth": growth,
        "heaps": heaps_fit(growth),
        "order_seed": seed,
        "workers": workers,
        "wrote_tokens": bool(out),
        "seconds": round(time.perf_counter() - t0, 2),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("records")
    p.add_argument("--out", help="write the tokens here (JSON lines, one per record)")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    json.dump(run(args.records, args.out, args.workers), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
