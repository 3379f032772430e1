"""Search speed on indexes already built: every query class in process, then every route of a
server, for one or more sizes in one run.

The full harness (`benchmarks.run`) generates, measures the analysis floor and builds before it
times anything; after a change that touches only searching (ranking, pages) the index need not
be built again. This runs the harness's own query classes (`product_queries`) and web step
(`web_benchmark`: 8 clients on /api/search, then every route one request at a time, people and
bills included) on each index given, and writes one JSON file with the product's commit:

    .venv/bin/python -m benchmarks.generate --records 500000 --out /tmp/c500k --records-out /tmp/c500k.jsonl
    .venv/bin/kaigiroku build /tmp/c500k --index /tmp/ix500k --skip-bad
    .venv/bin/python -m benchmarks.search_speed --size 500000 /tmp/ix500k /tmp/c500k.jsonl [--size ...]

It prints, per size, each class's and each route's p50/p95 and the ones over the 100 ms target.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from .run import OUT, TARGET_P95_MS, product_queries, web_benchmark
from .queries import FIRST_FY, LAST_FY, load_or_build


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def measure(n: int, index: Path, records: Path, qset: dict, args) -> dict:
    dest = OUT / f"speed-n{n}"
    dest.mkdir(parents=True, exist_ok=True)
    out: dict = {"records": n, "index": str(index)}
    t0 = time.perf_counter()
    queries, inst = product_queries(index, qset, args.repeats, n, args.class_budget)
    years = inst.years if inst else [str(y) for y in range(FIRST_FY, LAST_FY + 1)]
    inst.engine.close()
    out["queries"] = queries
    out["web"] = web_benchmark(index, qset, years, records, dest, args)
    out["took_s"] = round(time.perf_counter() - t0, 1)
    return out


def table(res: dict) -> str:
    lines = [f"\n## {res['records']:,} records", "", "| class or route | p50 ms | p95 ms |", "|---|---|---|"]
    slow = []
    for name, c in res["queries"]["classes"].items():
        lines.append(f"| class: {name} | {c.get('p50_ms')} | {c.get('p95_ms')} |")
        if (c.get("p95_ms") or 0) > TARGET_P95_MS or c.get("capped"):
            slow.append(name)
    for name, r in res["web"].get("routes", {}).items():
        lines.append(f"| route: {name} | {r.get('p50_ms')} | {r.get('p95_ms')} |")
        if r.get("miss") or (r.get("p95_ms") or 0) > TARGET_P95_MS:
            slow.append(name)
    load = res["web"]
    lines.append(f"\nload: {load.get('clients')} clients, p50 {load.get('p50_ms')} ms, p95 {load.get('p95_ms')} ms; "
                 f"server RSS after load {load.get('server_rss_mb_after')} MB")
    lines.append(f"over {TARGET_P95_MS:.0f} ms at p95: {', '.join(slow) or 'none'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", nargs=3, action="append", metavar=("RECORDS", "INDEX", "RECORDS_JSONL"), required=True,
                   help="a size: its number of records, its index folder and the corpus's records.jsonl")
    p.add_argument("--repeats", type=int, default=3, help="timed passes over the query mix")
    p.add_argument("--class-budget", type=float, default=120.0, help="seconds a query class may take")
    p.add_argument("--web-clients", type=int, default=8)
    p.add_argument("--web-duration", type=float, default=20.0)
    p.add_argument("--route-timeout", type=float, default=15.0)
    p.add_argument("--route-budget", type=float, default=60.0)
    p.add_argument("--route-passes", type=int, default=3)
    p.add_argument("--query-seed", type=int, default=7)
    p.add_argument("--out", type=Path, default=OUT / "search-speed.json")
    args = p.parse_args(argv)
    args.no_profile = True
    qset = load_or_build(OUT / "queries.json", args.query_seed)
    run = {"commit": _commit(), "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "sizes": {}}
    for n, index, records in args.size:
        if not Path(index).is_dir() or not Path(records).is_file():
            p.error(f"no index at {index} or no records file at {records}")
        run["sizes"][n] = measure(int(n), Path(index), Path(records), qset, args)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(run, ensure_ascii=False, indent=1))
        print(table(run["sizes"][n]), flush=True)
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
