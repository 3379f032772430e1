"""HTTP load on `/api/search`: N concurrent keep-alive clients for a fixed time; the server process.

Against a running server:

    .venv/bin/python -m benchmarks.load --url http://127.0.0.1:8000 --clients 16 --duration 60

or let it start `kaigiroku serve --index DIR --port P` itself (and stop it after):

    .venv/bin/python -m benchmarks.load --serve-index benchmarks/out/n100000/index --clients 16 --duration 60

Requests cycle through the benchmark's query mix (all classes, with their
role/year/page/per_page/date parameters). Reports throughput, latency percentiles, status
counts, 5xx and dropped connections (resets, timeouts, refused), and the
server's RSS after the load, with where it is (heap, index files, dictionary),
when it started the server. The client runs on the
same two cores as the server: its own CPU use is part of the measurement.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
KAIGIROKU = PROJECT / ".venv" / "bin" / "kaigiroku"


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100) of `values`; nan when empty."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def paths_from_queries(queries: dict, years: list[str] | None = None) -> list[str]:
    """`/api/search?...` paths for every query of the mix, classes interleaved."""
    per_class = [qs for qs in queries["classes"].values()]
    out = []
    for i in range(max(map(len, per_class))):
        for qs in per_class:
            if i >= len(qs):
                continue
            params = search_params(qs[i], years)
            out.append("/api/search?" + urllib.parse.urlencode(params))
    return out


def search_params(q: dict, years: list[str] | None = None) -> dict:
    """The query-string parameters of one query of the mix (as the search form sends them)."""
    params = {"q": q["q"]} if q["q"] else {}
    if q.get("page", 1) != 1:
        params["page"] = str(q["page"])
    if q.get("per_page", 10) != 10:
        params["per_page"] = str(q["per_page"])
    if q.get("date_from"):
        params["from"] = q["date_from"]
    if q.get("date_until"):
        params["until"] = q["date_until"]
    if q.get("role"):
        params["role"] = q["role"]
    if q.get("year_slot") is not None and years:
        params["year"] = years[q["year_slot"] % len(years)]
    return params


def serve_available() -> bool:
    try:
        r = subprocess.run([str(KAIGIROKU), "serve", "--help"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0 and b"--port" in r.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """`kaigiroku serve --index DIR --port P` as a subprocess: started, restarted after a request
    that had to be abandoned (it would hold one of the server's threads and its CPU until it
    finished), stopped (TERM, then KILL)."""

    def __init__(self, index: Path, port: int | None = None, ready_timeout: float = 300.0, log: Path | None = None):
        self.index, self.port, self.ready_timeout, self.log = Path(index), port, ready_timeout, log
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.ready_s = 0.0
        self.starts = 0

    @property
    def pid(self) -> int:
        return self.proc.pid

    def start(self) -> "ServerProcess":
        port = self.port or free_port()
        logf = open(self.log, "a") if self.log else subprocess.DEVNULL
        self.proc = subprocess.Popen([str(KAIGIROKU), "serve", "--index", str(self.index), "--port", str(port)],
                                     stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        if self.log:
            logf.close()
        self.url = f"http://127.0.0.1:{port}"
        self.starts += 1
        t0 = time.perf_counter()
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kaigiroku serve exited with {self.proc.returncode} before answering (log: {self.log})")
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                c.request("GET", "/api/search?q=" + urllib.parse.quote("委員"))
                r = c.getresponse()
                r.read()
                c.close()
                if r.status < 500:
                    break
            except OSError:
                pass
            if time.perf_counter() - t0 > self.ready_timeout:
                self.stop()
                raise RuntimeError(f"kaigiroku serve did not answer within {self.ready_timeout:.0f} s")
            time.sleep(0.25)
        self.ready_s = time.perf_counter() - t0
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def running_server(index: Path, port: int | None = None, ready_timeout: float = 300.0, log: Path | None = None):
    """Start `kaigiroku serve`, wait until /api/search answers, stop it afterwards."""
    with ServerProcess(index, port, ready_timeout, log) as server:
        yield server.proc, server.url, server.ready_s


def memory_breakdown(pid: int, index: Path | None = None) -> dict:
    """Where a process's resident memory is (MB), from its memory maps: its heap and other anonymous
    memory, the memory-mapped index files, the Sudachi dictionary, shared libraries, other files.
    RSS counts shared file pages in full; PSS divides them among the processes that map them."""
    import psutil

    cats: dict[str, dict[str, float]] = {}
    index_root = str(Path(index).resolve()) if index else None
    try:
        maps = psutil.Process(pid).memory_maps(grouped=True)
    except psutil.Error as e:
        return {"error": str(e)}
    for m in maps:
        path = m.path or ""
        if index_root and path.startswith(index_root):
            cat = "index files"
        elif path.endswith(".dic"):
            cat = "sudachi dictionary"
        elif path in ("[heap]", "") or path.startswith("[anon") or path.startswith("[stack"):
            cat = "heap and anonymous"
        elif ".so" in path:
            cat = "shared libraries"
        else:
            cat = "other"
        c = cats.setdefault(cat, {"rss": 0.0, "pss": 0.0, "private": 0.0, "anonymous": 0.0})
        c["rss"] += m.rss
        c["pss"] += getattr(m, "pss", 0)
        c["private"] += getattr(m, "private_clean", 0) + getattr(m, "private_dirty", 0)
        c["anonymous"] += getattr(m, "anonymous", 0)
    out = {k: {f: round(v / 2**20, 1) for f, v in c.items()} for k, c in sorted(cats.items())}
    out["total"] = {f: round(sum(c[f] for c in cats.values()) / 2**20, 1) for f in ("rss", "pss", "private", "anonymous")}
    return out


def tree_rss_mb(pid: int) -> float:
    return tree_memory_mb(pid)["rss"]


def tree_memory_mb(pid: int) -> dict:
    """RSS, USS and PSS (MB) of a process and its descendants.

    RSS includes the pages of memory-mapped index files and of the Sudachi
    dictionary the process has touched (file-backed, shared, reclaimable); USS
    is the memory only this process holds (its heap)."""
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p, *p.children(recursive=True)]
        infos = [q.memory_full_info() for q in procs]
    except psutil.Error:
        return {"rss": float("nan"), "uss": float("nan"), "pss": float("nan")}
    return {k: round(sum(getattr(i, k, 0) for i in infos) / 2**20, 1) for k in ("rss", "uss", "pss")}


def run_load(url: str, paths: list[str], clients: int = 8, duration: float = 20.0, warmup: float = 2.0,
             timeout: float = 30.0) -> dict:
    parsed = urllib.parse.urlsplit(url)
    host, port = parsed.hostname, parsed.port or 80
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter = Counter()
    dropped: Counter = Counter()
    stop_at = [0.0]
    measure_from = [0.0]

    def worker(k: int) -> None:
        conn = None
        i = k * 7919
        local_lat, local_status, local_drop = [], Counter(), Counter()
        while True:
            now = time.perf_counter()
            if now >= stop_at[0]:
                break
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
                conn.request("GET", path)
                r = conn.getresponse()
                r.read()
                status = r.status
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                if t0 >= measure_from[0]:
                    local_drop[type(e).__name__] += 1
                if conn is not None:
                    conn.close()
                conn = None
                continue
            dt = time.perf_counter() - t0
            if t0 >= measure_from[0]:
                local_lat.append(dt)
                local_status[status] += 1
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(local_lat)
            statuses.update(local_status)
            dropped.update(local_drop)

    start = time.perf_counter()
    measure_from[0] = start + warmup
    stop_at[0] = measure_from[0] + duration
    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + warmup + timeout + 30)
    wall = time.perf_counter() - measure_from[0]
    n = len(latencies)
    ms = [x * 1000 for x in latencies]
    return {
        "clients": clients,
        "duration_s": duration,
        "measured_s": round(wall, 2),
        "requests": n,
        "rps": round(n / wall, 1) if wall > 0 else 0.0,
        "status": {str(k): v for k, v in sorted(statuses.items())},
        "http_5xx": sum(v for k, v in statuses.items() if k >= 500),
        "non_2xx": sum(v for k, v in statuses.items() if not 200 <= k < 300),
        "dropped": sum(dropped.values()),
        "dropped_by": dict(dropped),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1) if ms else float("nan"),
        "distinct_paths": len(paths),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--url", help="base URL of a running server, e.g. http://127.0.0.1:8000")
    g.add_argument("--serve-index", type=Path, help="start `kaigiroku serve --index DIR` on a free port and stop it after")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--duration", type=float, default=20.0, help="measured seconds (after the warm-up)")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds of load before measuring")
    p.add_argument("--queries", type=Path, default=PROJECT / "benchmarks" / "out" / "queries.json",
                   help="query mix (built from the real corpus if missing)")
    p.add_argument("--years", default="", help="comma-separated years for the filtered class (default: 2006..2025)")
    args = p.parse_args(argv)

    from .queries import load_or_build

    years = args.years.split(",") if args.years else [str(y) for y in range(2006, 2026)]
    paths = paths_from_queries(load_or_build(args.queries), years)
    if args.url:
        res = run_load(args.url, paths, args.clients, args.duration, args.warmup)
    else:
        with ServerProcess(args.serve_index) as server:
            res = run_load(server.url, paths, args.clients, args.duration, args.warmup)
            mem = tree_memory_mb(server.pid)
            res["server_rss_mb_after"] = mem["rss"]
            res["server_uss_mb_after"] = mem["uss"]
            res["server_memory_after"] = memory_breakdown(server.pid, args.serve_index)
            res["server_ready_s"] = round(server.ready_s, 2)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 1 if res["http_5xx"] or res["dropped"] else 0


if __name__ == "__main__":
    sys.exit(main())
