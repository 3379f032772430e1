"""Latency of the 国会会議録検索システム-style routes on an existing index, in process.

Issue 12 measured `/api/speech?any=…&speaker=会長` at 40 s on 100k records: the
speaker condition was applied by reading every hit of every candidate meeting.
This times each Diet-style route through Flask's test client (no HTTP, no
waitress: the route's own cost), after one warm-up call that opens the index:

    .venv/bin/python -m benchmarks.dietapi --index /tmp/dietapi-big/index --repeats 5

Prints one line per route (median, slowest, records in the answer) and, with
`--json`, the figures as JSON. A route the code does not have (a 4xx) is
reported as such, so the same script measures before and after a change.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

ROUTES = (
    "/api/speech?any=個人情報&speaker=会長&recordPacking=json",
    "/api/speech?any=個人情報&speaker=会長&recordPacking=json&startRecord=301",
    "/api/speech?speaker=委員&recordPacking=json",
    "/api/speech?any=個人情報&nameOfMeeting=運営&recordPacking=json",
    "/api/speech?any=委託&recordPacking=json&startRecord=2001",
    "/api/meeting_list?any=個人情報&recordPacking=json",
    "/api/meeting_list?any=個人情報&speaker=委員&recordPacking=json",
    "/api/meeting_list?any=個人情報&recordPacking=json&maximumRecords=100&startRecord=101",
    "/api/meeting?any=個人情報&recordPacking=json",
    "/api/meeting?any=個人情報",
)


def measure(index: str, repeats: int, routes=ROUTES) -> list[dict]:
    from kaigiroku.web import create_app

    client = create_app({"INDEX_DIR": index}).test_client()
    client.get(routes[0])  # opens the searcher and reads the columns once
    out = []
    for url in routes:
        times, status, size, n = [], 0, 0, None
        for _ in range(repeats):
            t0 = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            status, size = r.status_code, len(r.data)
        if status == 200 and r.is_json:
            n = r.get_json().get("numberOfReturn")
        out.append({"url": url, "status": status, "median_ms": round(statistics.median(times), 1),
                    "max_ms": round(max(times), 1), "bytes": size, "returned": n})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--index", required=True, help="an index folder (build one into /tmp, never the shared default)")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    rows = measure(args.index, args.repeats)
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for row in rows:
        print(f"{row['median_ms']:>9.1f} ms  (max {row['max_ms']:>8.1f})  {row['status']}  "
              f"{row['bytes']:>8} B  n={row['returned']}  {row['url']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
