"""The whole benchmark in one command; writes benchmarks/RESULTS.md.

    .venv/bin/python -m benchmarks.run --records 10000,100000     # full run (~20-25 min on 2 cores)
    .venv/bin/python -m benchmarks.run --quick                     # smoke run: 2k and 10k records

For each size it generates (or reuses) a deterministic corpus of minutes files
(benchmarks/generate.py, parsed back and checked), then measures on it:

1. the analysis floor: Sudachi alone over the same texts, one core, in a fresh
   process (benchmarks/floor.py);
2. `kaigiroku build` as a subprocess: wall time, records/s, MB/s, CPU time,
   peak RSS (largest process, from wait4) and peak RSS/PSS of the whole
   process tree (sampled), index size on disk;
3. query latency in-process with SearchEngine, warm, per query class, repeated
   (benchmarks/queries.py), with the time spent counting facets and building
   the page of hits split out;
4. peers on the same records and tokens (benchmarks/peers.py);
5. `kaigiroku serve` under 8 concurrent clients (benchmarks/load.py), if the
   command exists;
6. at the largest size, profiles: py-spy over a separate build, pyinstrument
   over the slowest query classes.

Raw results go to benchmarks/out/results.json; the report is rendered from it
by benchmarks/report.py.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import traceback
from importlib import metadata
from pathlib import Path

from . import generate as gen
from .load import percentile, paths_from_queries, running_server, run_load, serve_available, tree_memory_mb, tree_rss_mb
from .peers import PEER_CLASSES, all_peers, dir_size
from .profiling import summarize_pyinstrument, summarize_pyspy
from .queries import CLASSES, Query, load_or_build

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = PROJECT / ".venv" / "bin"
KAIGIROKU = VENV_BIN / "kaigiroku"
PYTHON = VENV_BIN / "python"
OUT = PROJECT / "benchmarks" / "out"
REPORT = PROJECT / "benchmarks" / "RESULTS.md"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Machine and versions


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "platform": platform.platform(), "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return info


def versions() -> dict:
    out = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for name in ("kaigiroku", "whoosh-reloaded", "sudachipy", "sudachidict-core", "tantivy", "flask", "waitress",
                 "pyinstrument", "py-spy", "psutil"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    try:
        head = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        out["git"] = head + (" (+uncommitted changes)" if dirty else "")
    except OSError:
        pass
    return out


# ---------------------------------------------------------------------------
# Corpus -> records.jsonl


def _parse_one(path: str) -> list[dict]:
    from kaigiroku.indexer.parse import parse_file

    m = parse_file(path)
    return [{"meeting": m.id, "order": r.order, "role": r.role, "kind": r.kind, "year": m.date[:4], "text": r.text}
            for r in m.records]


def write_records(corpus: Path, dest: Path) -> dict:
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    with mp.get_context("fork").Pool(2) as pool:
        parts = pool.map(_parse_one, files, chunksize=8)
    n = chars = nbytes = 0
    with open(dest, "w", encoding="utf-8") as f:
        for recs in parts:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += 1
                chars += len(r["text"])
                nbytes += len(r["text"].encode("utf-8"))
    return {"records": n, "chars": chars, "bytes": nbytes, "files": len(files)}


# ---------------------------------------------------------------------------
# Subprocess measurement


class TreeSampler(threading.Thread):
    """Samples RSS and PSS summed over a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self.max_procs = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._halt.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss = pss = 0
                for p in procs:
                    try:
                        full = p.memory_full_info()
                        rss += full.rss
                        pss += getattr(full, "pss", full.rss)
                    except psutil.Error:
                        pass
                self.peak_rss = max(self.peak_rss, rss)
                self.peak_pss = max(self.peak_pss, pss)
                self.max_procs = max(self.max_procs, len(procs))
                self.samples += 1
            except psutil.Error:
                break
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def run_measured(cmd: list[str], stdout_path: Path, sample: bool = True) -> dict:
    """Run `cmd`; wall time, rusage of it and all its descendants (wait4), sampled tree memory, stderr lines timed."""
    t0 = time.perf_counter()
    with open(stdout_path, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, text=True, cwd=str(PROJECT))
        sampler = TreeSampler(proc.pid) if sample else None
        if sampler:
            sampler.start()
        lines: list[tuple[float, str]] = []

        def read_err() -> None:
            for line in proc.stderr:
                lines.append((time.perf_counter() - t0, line.rstrip("\n")))

        reader = threading.Thread(target=read_err, daemon=True)
        reader.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        reader.join(timeout=10)
        if sampler:
            sampler.stop()
    res = {
        "returncode": proc.returncode,
        "wall_s": round(wall, 3),
        "user_s": round(ru.ru_utime, 2),
        "sys_s": round(ru.ru_stime, 2),
        "max_rss_mb": round(ru.ru_maxrss / 1024, 1),  # the largest single process of the tree
        "stderr": lines,
    }
    if sampler:
        res.update(peak_tree_rss_mb=round(sampler.peak_rss / 2**20, 1), peak_tree_pss_mb=round(sampler.peak_pss / 2**20, 1),
                   max_processes=sampler.max_procs, memory_samples=sampler.samples)
    return res


def measure_floor(records: Path, tokens: Path, repeats: int) -> dict:
    out = records.parent / "floor.json"
    r = run_measured([str(PYTHON), "-m", "benchmarks.floor", str(records), "--tokens", str(tokens),
                      "--repeats", str(repeats)], out, sample=False)
    if r["returncode"] != 0:
        raise RuntimeError("floor failed: " + "\n".join(l for _, l in r["stderr"][-20:]))
    res = json.loads(out.read_text().strip().splitlines()[-1])
    res["process_wall_s"] = r["wall_s"]
    return res


def measure_build(corpus: Path, index: Path, label: str) -> dict:
    if index.exists():
        shutil.rmtree(index)
    stdout = index.parent / f"build-{label}.json"
    cmd = [str(KAIGIROKU), "build", str(corpus), "--index", str(index), "--json"]
    r = run_measured(cmd, stdout)
    if r["returncode"] != 0:
        raise RuntimeError("build failed: " + "\n".join(l for _, l in r["stderr"][-20:]))
    summary = json.loads(stdout.read_text().strip().splitlines()[-1])
    progress = [(t, l) for t, l in r.pop("stderr") if "%)" in l]
    first = progress[0][0] if progress else None
    last = progress[-1][0] if progress else None
    r.update(
        records=summary["records"],
        meetings=summary["meetings"],
        bytes_of_text=summary.get("bytes_of_text"),
        reported_s=round(summary["seconds"], 2),
        index_mb=round(dir_size(index) / 1e6, 1),
        records_per_s=round(summary["records"] / r["wall_s"], 1),
        mb_per_s=round((summary.get("bytes_of_text") or 0) / 1e6 / r["wall_s"], 3),
        cpu_cores_used=round((r["user_s"] + r["sys_s"]) / r["wall_s"], 2),
        # phases from the progress lines (every 10%): until the first batch is written, feeding, after the last
        phase_until_first_progress_s=round(first, 1) if first else None,
        phase_feeding_s=round(last - first, 1) if progress else None,
        phase_after_last_progress_s=round(r["wall_s"] - last, 1) if last else None,
    )
    return r


def profile_build(corpus: Path, index: Path, dest: Path, rate: int = 50) -> dict:
    if index.exists():
        shutil.rmtree(index)
    pyspy = VENV_BIN / "py-spy"
    raw = dest / "build-profile.pyspy.txt"
    cmd = [str(pyspy), "record", "--subprocesses", "--nonblocking", "-r", str(rate), "-f", "raw", "-o", str(raw), "--",
           str(KAIGIROKU), "build", str(corpus), "--index", str(index), "--json"]
    r = run_measured(cmd, dest / "build-profile.out", sample=False)
    if r["returncode"] != 0 or not raw.exists():
        raise RuntimeError("py-spy build failed: " + "\n".join(l for _, l in r["stderr"][-10:]))
    summary = summarize_pyspy(raw, rate)
    summary["wall_s"] = r["wall_s"]
    summary["raw"] = str(raw.relative_to(PROJECT))
    shutil.rmtree(index, ignore_errors=True)
    return summary


# ---------------------------------------------------------------------------
# Product queries, in-process


def _queries(qset: dict, classes=CLASSES) -> dict[str, list[Query]]:
    return {c: [Query(**q) for q in qset["classes"][c]] for c in classes}


class Instrumented:
    """SearchEngine with the facet counting and page building timed (wrapping its methods, not editing them)."""

    def __init__(self, index: Path):
        from kaigiroku.search.engine import SearchEngine

        t0 = time.perf_counter()
        self.engine = SearchEngine(index)
        self.open_s = time.perf_counter() - t0
        self.phase = {"facets": 0.0, "page": 0.0}
        for name in ("facets", "page"):
            orig = getattr(self.engine, "_" + name)

            def timed(*a, _orig=orig, _name=name, **kw):
                t = time.perf_counter()
                try:
                    return _orig(*a, **kw)
                finally:
                    self.phase[_name] += time.perf_counter() - t

            setattr(self.engine, "_" + name, timed)
        _, columns = self.engine.searcher()
        self.years = sorted(columns.known.get("year", ()))

    def request(self, q: Query):
        from kaigiroku.search.engine import SearchRequest

        year = self.years[q.year_slot % len(self.years)] if q.year_slot is not None and self.years else None
        return SearchRequest(q=q.q, page=q.page, filters={k: [v] for k, v in (("role", q.role), ("year", year)) if v})

    def run(self, q: Query) -> tuple[float, float, float, dict]:
        self.phase["facets"] = self.phase["page"] = 0.0
        req = self.request(q)
        t0 = time.perf_counter()
        res = self.engine.search(req)
        dt = time.perf_counter() - t0
        return dt, self.phase["facets"], self.phase["page"], res


def _summ(ms: list[float]) -> dict:
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "p99": percentile(ms, 99), "mean": statistics.fmean(ms)}


def _median_of(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 2)


def product_queries(index: Path, qset: dict, repeats: int, n_records: int) -> tuple[dict, Instrumented]:
    inst = Instrumented(index)
    qs = _queries(qset)
    totals: dict[str, list[int]] = {c: [] for c in qs}
    expansions: dict[str, int] = {c: 0 for c in qs}
    empty_pages: dict[str, int] = {c: 0 for c in qs}
    t0 = time.perf_counter()
    for c, lst in qs.items():  # warm-up pass: also records what each query matches
        for q in lst:
            _, _, _, res = inst.run(q)
            totals[c].append(res["total"])
            expansions[c] += bool(res["expansions"])
            empty_pages[c] += not res["hits"]
    warm_s = time.perf_counter() - t0
    runs: dict[str, list[dict]] = {c: [] for c in qs}
    pooled: dict[str, list[float]] = {c: [] for c in qs}
    for _ in range(repeats):
        for c, lst in qs.items():
            wall, fac, page = [], [], []
            for q in lst:
                dt, f, p, _ = inst.run(q)
                wall.append(dt * 1000)
                fac.append(f * 1000)
                page.append(p * 1000)
            s = _summ(wall)
            s.update(facets_p50=percentile(fac, 50), facets_p95=percentile(fac, 95),
                     page_p50=percentile(page, 50), page_p95=percentile(page, 95),
                     facets_mean=statistics.fmean(fac), page_mean=statistics.fmean(page))
            runs[c].append(s)
            pooled[c].extend(wall)
    out = {"open_s": round(inst.open_s, 3), "warmup_s": round(warm_s, 1), "repeats": repeats, "classes": {}}
    for c in qs:
        r = runs[c]
        out["classes"][c] = {
            "queries": len(qs[c]),
            "p50_ms": _median_of(r, "p50"),
            "p95_ms": _median_of(r, "p95"),
            "p99_ms": _median_of(r, "p99"),
            "mean_ms": _median_of(r, "mean"),
            "p50_runs_ms": [round(x["p50"], 2) for x in r],
            "p95_runs_ms": [round(x["p95"], 2) for x in r],
            "pooled_p99_ms": round(percentile(pooled[c], 99), 2),
            "max_ms": round(max(pooled[c]), 2),
            "facets_p50_ms": _median_of(r, "facets_p50"),
            "facets_p95_ms": _median_of(r, "facets_p95"),
            "facets_mean_ms": _median_of(r, "facets_mean"),
            "page_p50_ms": _median_of(r, "page_p50"),
            "page_p95_ms": _median_of(r, "page_p95"),
            "page_mean_ms": _median_of(r, "page_mean"),
            "median_total": statistics.median(totals[c]),
            "median_share": round(statistics.median(totals[c]) / n_records, 4),
            "max_share": round(max(totals[c]) / n_records, 4),
            "zero_hits": sum(1 for t in totals[c] if t == 0),
            "with_expansions": expansions[c],
            "empty_pages": empty_pages[c],
        }
    return out, inst


def profile_queries(inst: Instrumented, qset: dict, classes: list[str], dest: Path) -> dict:
    from pyinstrument import Profiler

    qs = _queries(qset, classes)
    out = {}
    for c in classes:
        prof = Profiler(interval=0.001)
        prof.start()
        for q in qs[c]:
            inst.run(q)
        prof.stop()
        session = prof.last_session
        out[c] = summarize_pyinstrument(session)
        (dest / f"query-profile-{c}.txt").write_text(prof.output_text(unicode=True, color=False, show_all=False))
    return out


# ---------------------------------------------------------------------------
# Peers


def peer_benchmarks(dest: Path, records: Path, tokens: Path, qset: dict, repeats: int, product: dict) -> dict:
    qs = _queries(qset, PEER_CLASSES)
    out = {}
    for peer in all_peers(dest / "peers"):
        log(f"  peer {peer.name}: build")
        try:
            b = peer.build(records, tokens)
            peer.open()
            totals = {c: [] for c in qs}
            for c, lst in qs.items():
                for q in lst:
                    totals[c].append(peer.search(q)[0])
            runs = {c: [] for c in qs}
            for _ in range(repeats):
                for c, lst in qs.items():
                    ms = []
                    for q in lst:
                        t0 = time.perf_counter()
                        peer.search(q)
                        ms.append((time.perf_counter() - t0) * 1000)
                    runs[c].append(_summ(ms))
            peer.close()
            res = {"build_s": round(b["seconds"], 2), "size_mb": round(b["bytes"] / 1e6, 1), "classes": {}}
            for c in qs:
                p50 = _median_of(runs[c], "p50")
                prod = product["classes"][c]["p50_ms"] if product else None
                res["classes"][c] = {
                    "p50_ms": p50, "p95_ms": _median_of(runs[c], "p95"), "p99_ms": _median_of(runs[c], "p99"),
                    "median_total": statistics.median(totals[c]),
                    "product_p50_over_peer": round(prod / p50, 1) if prod and p50 else None,
                }
            out[peer.name] = res
        except Exception as e:  # a peer failing must not sink the run
            traceback.print_exc()
            out[peer.name] = {"error": f"{type(e).__name__}: {e}"}
    return out


# ---------------------------------------------------------------------------
# Web


def web_benchmark(index: Path, qset: dict, years: list[str], dest: Path, clients: int, duration: float) -> dict:
    if not serve_available():
        return {"skipped": "`kaigiroku serve` is not available (web/ not written yet)"}
    paths = paths_from_queries(qset, years)
    with running_server(index, log=dest / "serve.log") as (proc, url, ready_s):
        rss_idle = tree_rss_mb(proc.pid)
        import http.client
        import urllib.parse

        parsed = urllib.parse.urlsplit(url)
        c = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        c.request("GET", paths[0])
        r = c.getresponse()
        body = r.read()
        c.close()
        try:
            sample_ok = r.status == 200 and "total" in json.loads(body)
        except ValueError:
            sample_ok = False
        res = run_load(url, paths, clients=clients, duration=duration, warmup=2.0)
        res["server_rss_mb_idle"] = rss_idle
        mem = tree_memory_mb(proc.pid)
        res["server_rss_mb_after"] = mem["rss"]
        res["server_uss_mb_after"] = mem["uss"]
        res["server_pss_mb_after"] = mem["pss"]
        res["server_ready_s"] = round(ready_s, 2)
        res["sample_response_ok"] = sample_ok
    return res


# ---------------------------------------------------------------------------
# Orchestration


def _busy_seconds() -> float:
    """CPU seconds all processes of the machine have been busy (from /proc/stat)."""
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_seconds() -> float:
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


class CpuWatch:
    """How many cores other processes (not this harness or what it started) kept busy meanwhile."""

    def __enter__(self):
        self.t0, self.busy0, self.own0 = time.perf_counter(), _busy_seconds(), _own_seconds()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.t0
        other = (_busy_seconds() - self.busy0) - (_own_seconds() - self.own0)
        self.other_cores = round(max(other, 0.0) / wall, 2) if wall > 0 else 0.0
        return False


def wait_quiet(max_wait: float, threshold: float = 0.25, window: float = 3.0) -> dict:
    """Wait (at most `max_wait` s) until other processes use under `threshold` cores over `window` s."""
    t0 = time.perf_counter()
    while True:
        with CpuWatch() as w:
            time.sleep(window)
        if w.other_cores < threshold or time.perf_counter() - t0 >= max_wait:
            return {"waited_s": round(time.perf_counter() - t0, 1), "other_cores_before": w.other_cores}


QUIET_STEPS = ("analysis floor", "kaigiroku build", "product queries", "peers", "web", "query profiles",
               "build profile")


def step(results: dict, name: str, fn, *a, **kw):
    quiet = None
    if name in QUIET_STEPS and STATE["max_quiet_wait"] > 0:
        quiet = wait_quiet(STATE["max_quiet_wait"])
        if quiet["waited_s"] > 3.5:  # longer than one sampling window: we actually waited
            log(f"{name}: waited {quiet['waited_s']} s for other processes to go quiet "
                f"(last window: {quiet['other_cores_before']} cores busy elsewhere)")
    log(f"{name} ...")
    t0 = time.perf_counter()
    with CpuWatch() as w:
        try:
            value = fn(*a, **kw)
        except Exception as e:
            traceback.print_exc()
            value = {"error": f"{type(e).__name__}: {e}"}
    results.setdefault("step_seconds", {})[name] = round(time.perf_counter() - t0, 1)
    noise = {"other_cores": w.other_cores, "loadavg_after": round(os.getloadavg()[0], 2)}
    if quiet:
        noise.update(quiet)
    results.setdefault("interference", {})[name] = noise
    log(f"{name} done in {time.perf_counter() - t0:.1f} s (other processes: {w.other_cores} cores)")
    return value


STATE = {"max_quiet_wait": 60.0}


def run_size(n: int, args, qset: dict, profile: bool) -> dict:
    d = OUT / f"n{n}"
    d.mkdir(parents=True, exist_ok=True)
    res: dict = {"records": n}
    corpus = OUT / f"corpus-{n}-s{args.seed}"
    man = step(res, "generate", gen.generate, n, corpus, args.seed)
    if "error" in man:
        res["corpus"] = man
        return res
    res["corpus"] = {k: v for k, v in man.items() if k != "files"}
    res["corpus"]["path"] = str(corpus.relative_to(PROJECT))
    records, tokens = d / "records.jsonl", d / "tokens.jsonl"
    res["records_file"] = step(res, "records", write_records, corpus, records)
    res["floor"] = step(res, "analysis floor", measure_floor, records, tokens, args.floor_repeats if n <= 20000 else 1)
    index = d / "index"
    res["build"] = step(res, "kaigiroku build", measure_build, corpus, index, "measured")
    if "error" in res["build"]:
        return res
    fl = res["floor"].get("analyze_index_s")
    if fl:
        res["build"]["ratio_to_floor"] = round(res["build"]["wall_s"] / fl, 2)
    pq = step(res, "product queries", product_queries, index, qset, args.repeats, n)
    inst = None
    if isinstance(pq, tuple):
        res["queries"], inst = pq
    else:
        res["queries"] = pq
    if not args.no_peers and "error" not in res["floor"]:
        res["peers"] = step(res, "peers", peer_benchmarks, d, records, tokens, qset, args.repeats,
                            res["queries"] if inst else None)
    if not args.no_web:
        years = inst.years if inst else [str(y) for y in range(gen.FIRST_FY, gen.LAST_FY + 1)]
        res["web"] = step(res, "web", web_benchmark, index, qset, years, d, args.web_clients, args.web_duration)
    if profile and not args.no_profile:
        if inst and "classes" in res["queries"]:
            cl = res["queries"]["classes"]
            slow = sorted(cl, key=lambda c: -cl[c]["p95_ms"])[:3]
            if cl["single"]["p50_ms"] > 30 and "single" not in slow:
                slow.append("single")
            res["query_profiles"] = step(res, "query profiles", profile_queries, inst, qset, slow, d)
        res["build_profile"] = step(res, "build profile", profile_build, corpus, d / "index-profile", d)
    if inst:
        inst.engine.close()
    if not args.keep_tokens and tokens.exists():
        tokens.unlink()
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", default="10000,100000", help="comma-separated corpus sizes (records)")
    p.add_argument("--quick", action="store_true", help="smoke run: 2000,10000 records, 2 repeats, 5 s of web load")
    p.add_argument("--seed", type=int, default=1, help="corpus generator seed")
    p.add_argument("--query-seed", type=int, default=7, help="query mix seed")
    p.add_argument("--repeats", type=int, default=3, help="timed passes over the query mix (medians reported)")
    p.add_argument("--floor-repeats", type=int, default=3, help="analysis floor passes for sizes <= 20k (else 1)")
    p.add_argument("--web-clients", type=int, default=8)
    p.add_argument("--web-duration", type=float, default=20.0)
    p.add_argument("--no-peers", action="store_true")
    p.add_argument("--no-web", action="store_true")
    p.add_argument("--no-profile", action="store_true")
    p.add_argument("--keep-tokens", action="store_true", help="keep benchmarks/out/nN/tokens.jsonl")
    p.add_argument("--report", type=Path, default=REPORT, help="where to write the report")
    p.add_argument("--max-quiet-wait", type=float, default=60.0,
                   help="before each measured step, wait up to this many seconds for other processes on the "
                        "machine to go quiet (0: do not wait); the CPU they used meanwhile is reported anyway")
    args = p.parse_args(argv)
    STATE["max_quiet_wait"] = args.max_quiet_wait
    if args.quick:
        args.records = "2000,10000"
        args.repeats = min(args.repeats, 2)
        args.floor_repeats = 1
        args.web_duration = min(args.web_duration, 5.0)
    sizes = [int(x) for x in args.records.split(",") if x.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    started = time.strftime("%Y-%m-%d %H:%M:%S %z")
    qset = load_or_build(OUT / "queries.json", args.query_seed)
    cmd = " ".join([".venv/bin/python -m benchmarks.run", *(argv if argv is not None else sys.argv[1:])])
    results = {"started": started, "command": cmd.strip(), "quick": args.quick, "machine": machine(),
               "versions": versions(), "repeats": args.repeats, "seed": args.seed, "query_seed": args.query_seed,
               "query_classes": {c: len(qset["classes"][c]) for c in CLASSES}, "sizes": {}}
    for n in sizes:
        log(f"=== {n} records ===")
        results["sizes"][str(n)] = run_size(n, args, qset, profile=(n == max(sizes)))
        results["elapsed_s"] = round(time.perf_counter() - t0, 1)
        (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    results["elapsed_s"] = round(time.perf_counter() - t0, 1)
    results["max_rss_harness_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    shutil.copy(OUT / "results.json", OUT / f"results-{stamp}.json")
    from .report import render

    args.report.write_text(render(results), encoding="utf-8")
    log(f"report: {args.report} (raw: {OUT / 'results.json'}); total {results['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
