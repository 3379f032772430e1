"""Adversarial queries: the worst query time, and what they do to everyone else (issue 26).

    .venv/bin/python -m benchmarks.adversarial                      # the shipped corpus (built into a temp folder)
    .venv/bin/python -m benchmarks.adversarial --index DIR          # any index, e.g. a generated 100k corpus
    .venv/bin/python -m benchmarks.adversarial --no-server          # in-process figures only

1. In process: every query of a generated set (long repetitive words, long strings of different
   words, 32 words, phrases and exclusions of those) runs through record search and item search,
   once with no budget of its own (what the query costs by design) and once with the default
   budget (search/budget.py). Reports the worst times, and how many ran out of their budget.
2. Over HTTP (loopback only): `kaigiroku serve` with its 4 threads; 8 clients send the worst
   queries (record search, item search and the Diet-style API) in bounded loops while one client
   sends ordinary queries. Reports the ordinary queries' p50/p95/max, and the slowest adversarial
   request against the budget.

Targets (issue 26): a 500-character repetitive query under 2 s on the shipped corpus; ordinary
p95 under 500 ms under that load; no request past its budget (plus the HTTP round trip).
Figures go to benchmarks/out/adversarial.json and stdout.
"""

from __future__ import annotations

import argparse
import http.client
import json
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks.load import ServerProcess, percentile

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "benchmarks" / "out"
MAX_CHARS = 500
# Words of the minutes: common and rare, with and without synonyms, of 2 to 7 characters.
WORDS = ["遡及", "委員", "個人", "委託", "情報", "審議", "議会", "会長", "個人情報", "再委託", "マイナンバー",
         "事後諮問", "保護", "取扱い", "審議会", "委託先", "承認", "事務局", "システム", "外部委託"]
ORDINARY = ["遡及", "個人情報 委託", "マイナンバー", "再委託先", "事後諮問", "審議会 答申", "USBメモリ 紛失",
            "外部委託", "防犯カメラ", "委員 質問", "条例 改正", "オンライン結合", "情報公開", "住民票", "委託先 監査"]


def queries() -> list[tuple[str, str]]:
    """(class, query) of the generated set."""
    out: list[tuple[str, str]] = []
    for w in WORDS:
        for n in (10, 50, 100, MAX_CHARS):
            q = (w * n)[:n if n < MAX_CHARS else MAX_CHARS]
            out.append(("repetitive", q[: len(q) - len(q) % len(w)]))
    for k in range(5):  # different words, no space: one long unit
        words = WORDS[k:] + WORDS[:k]
        s = "".join(words)
        out.append(("long-distinct", (s * (MAX_CHARS // len(s) + 1))[:MAX_CHARS]))
    for k in range(5):  # 32 words (the most a query may have)
        ws = [(WORDS[(i + k) % len(WORDS)] * (1 + (i + k) % 5)) for i in range(32)]
        q = " ".join(ws)
        while len(q) > MAX_CHARS:
            ws.pop()
            q = " ".join(ws)
        out.append(("many-words", q))
    for w in WORDS[:6]:
        out.append(("phrase", f'"{(w * 200)[:MAX_CHARS - 2]}"'))
        out.append(("or", " OR ".join([w * 20] * 11)[:MAX_CHARS]))
        out.append(("exclude", f"{w} -{(w * 200)[:MAX_CHARS - len(w) - 2]}"))
    return out


def in_process(index: Path) -> dict:
    from kaigiroku.search.budget import DEFAULT_SECONDS
    from kaigiroku.search.api import SearchRequest
    from kaigiroku.search.whoosh.engine import SearchEngine
    from kaigiroku.search.whoosh.items import ItemSearch

    engine = SearchEngine(index)
    items = ItemSearch(engine)
    engine.search(SearchRequest(q="遡及"))
    items.search(SearchRequest(q="遡及"))
    rows = []
    for cls, q in queries():
        row = {"class": cls, "chars": len(q), "q": q[:40]}
        for name, run in (("records", engine.search), ("items", items.search)):
            for budget, key in ((60.0, "unbudgeted"), (DEFAULT_SECONDS, "budgeted")):
                t = time.perf_counter()
                res = run(SearchRequest(q=q, budget=budget))
                row[f"{name}_{key}_s"] = round(time.perf_counter() - t, 4)
                row[f"{name}_{key}_timed_out"] = res["timed_out"]
        rows.append(row)
    engine.close()

    def worst(key):
        r = max(rows, key=lambda r: r[key])
        return {"seconds": r[key], "class": r["class"], "chars": r["chars"], "q": r["q"]}

    rep500 = [r for r in rows if r["class"] == "repetitive" and r["chars"] >= MAX_CHARS - 7]
    return {
        "queries": len(rows),
        "budget_s": DEFAULT_SECONDS,
        "worst": {k: worst(k) for k in ("records_unbudgeted_s", "records_budgeted_s", "items_unbudgeted_s",
                                         "items_budgeted_s")},
        "worst_500_char_repetitive_s": max(max(r["records_unbudgeted_s"], r["items_unbudgeted_s"]) for r in rep500),
        "timed_out": {k: sum(r[k] for r in rows) for k in ("records_budgeted_timed_out", "items_budgeted_timed_out")},
        "by_class": {c: max(max(r["records_unbudgeted_s"], r["items_unbudgeted_s"]) for r in rows if r["class"] == c)
                     for c in dict.fromkeys(r["class"] for r in rows)},
        "rows": rows,
    }


def _get(conn_holder: list, url: str, path: str) -> tuple[float, int, dict | None]:
    host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
    t = time.perf_counter()
    for attempt in range(2):
        try:
            if conn_holder[0] is None:
                conn_holder[0] = http.client.HTTPConnection(host, port, timeout=120)
            conn_holder[0].request("GET", path)
            r = conn_holder[0].getresponse()
            body = r.read()
            data = json.loads(body) if r.headers.get("Content-Type", "").startswith("application/json") else None
            return time.perf_counter() - t, r.status, data
        except (OSError, http.client.HTTPException):
            conn_holder[0] = None
    return time.perf_counter() - t, 0, None


def under_load(index: Path, worst: list[str], clients: int, rounds: int, log: Path) -> dict:
    from kaigiroku.search.budget import DEFAULT_SECONDS

    def paths(q: str) -> list[str]:
        e = urllib.parse.quote(q)
        return [f"/api/search?q={e}", f"/api/items?q={e}",
                f"/api/speech?any={e}&recordPacking=json"]

    bad = [p for q in worst for p in paths(q)]
    ordinary = [f"/api/search?q={urllib.parse.quote(q)}" for q in ORDINARY]
    with ServerProcess(index, log=log) as server:
        for p in ordinary:  # warm
            _get([None], server.url, p)
        stop = threading.Event()
        bad_times: list[tuple[float, str, bool]] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()

        def attacker(k: int) -> None:
            conn = [None]
            for r in range(rounds):  # bounded: `rounds` passes over the worst queries at most
                for i in range(len(bad)):
                    if stop.is_set():
                        return
                    p = bad[(i + k) % len(bad)]
                    dt, status, data = _get(conn, server.url, p)
                    with lock:
                        bad_times.append((dt, p, bool(data and (data.get("timed_out") or data.get("timedOut")))))
                        statuses[status] = statuses.get(status, 0) + 1

        threads = [threading.Thread(target=attacker, args=(k,), daemon=True) for k in range(clients)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        times = []
        conn = [None]
        t_end = time.perf_counter() + 60
        for r in range(10):  # bounded: 10 passes over the ordinary queries, at most 60 s
            for p in ordinary:
                if time.perf_counter() > t_end:
                    break
                dt, status, _ = _get(conn, server.url, p)
                times.append(dt)
        stop.set()
        for t in threads:
            t.join(timeout=180)
    slowest = max(bad_times, default=(0.0, "", False))
    return {
        "clients": clients,
        "ordinary": {"requests": len(times), "p50_ms": round(percentile(times, 50) * 1000, 1),
                     "p95_ms": round(percentile(times, 95) * 1000, 1), "max_ms": round(max(times) * 1000, 1)},
        "adversarial": {"requests": len(bad_times), "statuses": statuses,
                        "timed_out": sum(1 for _, _, t in bad_times if t),
                        "p50_ms": round(percentile([d for d, _, _ in bad_times], 50) * 1000, 1),
                        "max_ms": round(slowest[0] * 1000, 1), "slowest": urllib.parse.unquote(slowest[1])[:80],
                        "past_budget": sum(1 for d, _, _ in bad_times if d > DEFAULT_SECONDS + 0.5)},
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--index", type=Path, help="index folder (default: the shipped corpus, built into a temp folder)")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--rounds", type=int, default=3, help="passes each adversarial client makes over the worst queries")
    p.add_argument("--worst", type=int, default=6, help="how many of the slowest queries the clients send")
    p.add_argument("--no-server", action="store_true")
    p.add_argument("--out", type=Path, default=OUT / "adversarial.json")
    args = p.parse_args(argv)
    tmp = None
    index = args.index
    if index is None:
        from kaigiroku.indexer.build import build
        from kaigiroku.search.paths import CORPUS_DIR

        tmp = tempfile.TemporaryDirectory()
        index = Path(tmp.name) / "index"
        build(index, [CORPUS_DIR], workers=1)
    result = {"index": str(index), "at": time.strftime("%Y-%m-%d %H:%M:%S")}
    result["in_process"] = ip = in_process(index)
    print(f"{ip['queries']} queries; worst (no budget of its own): records "
          f"{ip['worst']['records_unbudgeted_s']['seconds']:.3f} s ({ip['worst']['records_unbudgeted_s']['class']}), "
          f"items {ip['worst']['items_unbudgeted_s']['seconds']:.3f} s; "
          f"500-char repetitive: {ip['worst_500_char_repetitive_s']:.3f} s; "
          f"timed out with the {ip['budget_s']} s budget: {ip['timed_out']}")
    print("worst by class (s): " + ", ".join(f"{c} {s:.3f}" for c, s in ip["by_class"].items()))
    if not args.no_server:
        rows = sorted(ip["rows"], key=lambda r: -max(r["records_unbudgeted_s"], r["items_unbudgeted_s"]))
        full = {q[:40]: q for _, q in queries()}
        worst = [full[r["q"]] for r in rows[:args.worst]]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        result["under_load"] = ul = under_load(index, worst, args.clients, args.rounds,
                                               args.out.parent / "adversarial-server.log")
        print(f"ordinary queries while {ul['clients']} clients send the worst ones: "
              f"p50 {ul['ordinary']['p50_ms']} ms, p95 {ul['ordinary']['p95_ms']} ms, max {ul['ordinary']['max_ms']} ms "
              f"({ul['ordinary']['requests']} requests)")
        print(f"adversarial requests: {ul['adversarial']['requests']}, p50 {ul['adversarial']['p50_ms']} ms, "
              f"max {ul['adversarial']['max_ms']} ms, timed out {ul['adversarial']['timed_out']}, "
              f"past the budget {ul['adversarial']['past_budget']}, statuses {ul['adversarial']['statuses']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
