"""Route timings, page bytes and the server process's memory, in process.

Opens the web app on an index (as `kaigiroku serve` does, without waitress),
requests each route of ROUTES warm, several passes, and reports per route the
median over passes of each pass's p50 and p95, the response bytes and status;
then the process's RSS after opening, after the load, and its peak. Runs with
whatever kaigiroku is importable, so the same script measures two versions on
one index (a route the version lacks reports its 404). Not part of the tests.

    .venv/bin/python -m benchmarks.routes_inprocess --index /tmp/ix-100k --passes 3 --reps 10 --json out.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time


ROUTES = (
    ("search page 個人情報", "/?q=個人情報"),
    ("search page 個人情報 + date range", "/?q=個人情報&from=2016-04&until=2021-03"),
    ("browse a date range", "/?from=2016-04&until=2021-03"),
    ("landing page", "/"),
    ("/api/search 個人情報", "/api/search?q=個人情報"),
    ("/api/search per_page=100", "/api/search?q=個人情報&per_page=100"),
    ("/api/meetings", "/api/meetings"),
    ("/api/meetings page 3", "/api/meetings?page=3"),
    ("/meetings", "/meetings"),
    ("/facets/meeting 個人情報", "/facets/meeting?q=個人情報"),
    ("/api/speech any+speaker", "/api/speech?any=個人情報&speaker=会長&recordPacking=json"),
    ("/api/speech nameOfMeeting", "/api/speech?nameOfMeeting=審議会&recordPacking=json"),
    ("/api/meeting_list any", "/api/meeting_list?any=個人情報&recordPacking=json"),
)


def rss_mb() -> dict[str, float]:
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = round(int(value.split()[0]) / 1024, 1)
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--reps", type=int, default=10, help="requests per route per pass")
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per route per pass at most")
    ap.add_argument("--only", default="", help="comma-separated route names (substring match)")
    ap.add_argument("--json", default="")
    args = ap.parse_args(argv)

    before = rss_mb()
    t0 = time.perf_counter()
    from kaigiroku.web import create_app

    app = create_app({"INDEX_DIR": args.index})
    client = app.test_client()
    opened = {"open_s": round(time.perf_counter() - t0, 2), **rss_mb()}
    routes = [r for r in ROUTES if not args.only or any(o in r[0] for o in args.only.split(","))]
    results = []
    for name, url in routes:
        first = client.get(url)  # warm: caches, the meeting list, lazily read columns
        status, size = first.status_code, len(first.get_data())
        p50s, p95s = [], []
        for _ in range(args.passes):
            times = []
            start = time.perf_counter()
            for _ in range(args.reps):
                t = time.perf_counter()
                client.get(url).get_data()
                times.append((time.perf_counter() - t) * 1000)
                if time.perf_counter() - start > args.budget:
                    break
            p50s.append(pct(times, 50))
            p95s.append(pct(times, 95))
        row = {"route": name, "url": url, "status": status, "bytes": size,
               "p50_ms": round(statistics.median(p50s), 1), "p95_ms": round(statistics.median(p95s), 1)}
        results.append(row)
        print(f"{name:40s} {status} {size:>9,d} B  p50 {row['p50_ms']:>9.1f} ms  p95 {row['p95_ms']:>9.1f} ms",
              flush=True)
    after = rss_mb()
    out = {"index": args.index, "rss_start": before, "rss_open": opened, "rss_after_load": after, "routes": results}
    print(json.dumps({k: v for k, v in out.items() if k != "routes"}, ensure_ascii=False))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
