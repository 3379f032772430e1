"""Where the server's memory goes: RSS (anonymous and file-backed) at each step of a
server's life, and optionally the top Python allocations (tracemalloc).

Steps: interpreter with kaigiroku.web imported; the app opened on the index (as
`kaigiroku serve` does); one search; a query load from THREADS threads (the
server's waitress threads, each with its own tokenizer); the load again (what
stays). Not part of the tests.

    .venv/bin/python -m benchmarks.memory --index /tmp/ix-100k [--trace]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time

THREADS = 4
URLS = (
    "/?q=個人情報", "/?q=委託&page=3", "/?q=再委託 OR 外部委託 OR 委託先", "/?q=防犯カメラ&role=委員",
    "/?q=個人情報&from=2016-04&until=2021-03", "/?from=2016-04&until=2021-03", "/api/search?q=審議&per_page=100",
    "/api/meetings", "/meetings?page=2", "/api/speech?any=個人情報&speaker=会長&recordPacking=json",
    "/api/meeting_list?any=マイナンバー&recordPacking=json", "/?q=説明&sort=newest&page=50",
)


def memory() -> dict[str, float]:
    """VmRSS, VmHWM and the anonymous / file-backed parts of RSS, in MB."""
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                out[key] = round(int(value.split()[0]) / 1024, 1)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--rounds", type=int, default=3, help="passes over URLS per thread")
    ap.add_argument("--trace", action="store_true", help="tracemalloc: top allocations after the load (slow)")
    ap.add_argument("--json", default="")
    args = ap.parse_args(argv)
    if args.trace:
        import tracemalloc

        tracemalloc.start(1)
    steps = {"start": memory()}
    from kaigiroku.web import create_app

    steps["imported"] = memory()
    t0 = time.perf_counter()
    app = create_app({"INDEX_DIR": args.index})
    steps["opened"] = memory() | {"seconds": round(time.perf_counter() - t0, 2)}
    app.test_client().get("/?q=個人情報")
    steps["one search"] = memory()

    def load():
        client = app.test_client()
        for _ in range(args.rounds):
            for url in URLS:
                r = client.get(url)
                assert r.status_code < 500, (url, r.status_code)

    for name in ("load", "load again"):
        threads = [threading.Thread(target=load) for _ in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        steps[name] = memory()
    for name, m in steps.items():
        print(f"{name:12s} " + "  ".join(f"{k} {v}" for k, v in m.items()), flush=True)
    out = {"index": args.index, "steps": steps}
    if args.trace:
        import tracemalloc

        top = tracemalloc.take_snapshot().statistics("lineno")[:20]
        out["top"] = [(str(s.traceback[0]), round(s.size / 2**20, 1), s.count) for s in top]
        for where, mb, count in out["top"]:
            print(f"{mb:8.1f} MB {count:>9d}  {where}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
