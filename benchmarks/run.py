"""The whole benchmark in one command; writes benchmarks/RESULTS.md.

    .venv/bin/python -m benchmarks.run --records 10000,100000     # sizes in one run
    .venv/bin/python -m benchmarks.run --records 500000 --resume  # one size; the others stay in the report
    .venv/bin/python -m benchmarks.run --quick                     # smoke run: 2k and 10k records, a few minutes
    .venv/bin/python -m benchmarks.estimate --records 100000,500000  # how long a run would take

For each size it generates (or reuses) a deterministic corpus of minutes files
and its records file (benchmarks/generate.py, parsed back and checked), then
measures on it:

1. the analysis floor: Sudachi alone over the same texts, one core, streaming,
   in a fresh process (benchmarks/floor.py);
2. the index tokens for the peers and the vocabulary's growth (benchmarks/tokens.py);
3. `kaigiroku build` as a subprocess: wall time, records/s, MB/s, CPU time,
   peak RSS (largest process, from wait4) and peak RSS/PSS of the whole
   process tree (sampled), index size on disk;
4. query latency in-process with SearchEngine, warm, per query class, repeated
   (benchmarks/queries.py), with the time spent counting facets and building
   the page of hits split out; a class stops early when its time budget is spent;
5. where the server's memory goes, stage by stage (benchmarks/memprobe.py);
6. peers on the same records and tokens (benchmarks/peers.py);
7. `kaigiroku serve`: 8 concurrent clients on /api/search (benchmarks/load.py),
   its RSS and where it is, then every route one request at a time with a cap
   (benchmarks/routes.py);
8. profiles: py-spy over a separate build (at --build-profile-size),
   pyinstrument over the query classes that miss a target, py-spy on the
   server for the routes that miss.

Raw results go to benchmarks/out/results.json, one entry per size: running one
size replaces that size's entry and keeps the others (unless --fresh), so 100k
and 500k can run on different days and still share a report. The report is
rendered from it by benchmarks/report.py. With --resume, a size whose corpus
and product (git) are unchanged reuses its finished floor, tokens and build.
"""

from __future__ import annotations

import argparse
import json
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
from .load import ServerProcess, memory_breakdown, paths_from_queries, percentile, run_load, serve_available, tree_memory_mb
from .peers import PEER_CLASSES, all_peers, dir_size
from .profiling import summarize_pyinstrument, summarize_pyspy
from .queries import CLASSES, load_or_build, queries_of, to_request
from .routes import corpus_samples, measure_routes, registry_samples, route_paths

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = PROJECT / ".venv" / "bin"
KAIGIROKU = VENV_BIN / "kaigiroku"
PYTHON = VENV_BIN / "python"
OUT = PROJECT / "benchmarks" / "out"
REPORT = PROJECT / "benchmarks" / "RESULTS.md"
TARGET_P95_MS = 100.0


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


def git_head() -> str:
    try:
        head = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head + (" (+uncommitted changes)" if dirty else "")
    except OSError:
        return "?"


def product_version(dirs: list[str] | None = None) -> str:
    """The product's own code and data (not the harness): a --resume key that survives harness fixes."""
    dirs = dirs or ["search", "indexer", "web", "data", "pyproject.toml"]
    try:
        trees = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", *[f"HEAD:{d}" for d in dirs]],
                               capture_output=True, text=True, timeout=10).stdout.split()
        dirty = subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "--untracked-files=no", "--", *dirs],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return ",".join(t[:10] for t in trees) + (" (+uncommitted changes)" if dirty else "")
    except OSError:
        return "?"


def analysis_version() -> str:
    """The analyzer alone (the peers' tokens depend on nothing else): a --resume key for the tokens step."""
    return product_version(["search/analysis.py"])


def versions() -> dict:
    out = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for name in ("kaigiroku", "whoosh-reloaded", "sudachipy", "sudachidict-core", "tantivy", "flask", "waitress",
                 "pyinstrument", "py-spy", "psutil"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    out["git"] = git_head()
    return out


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


def _json_tool(module: str, args: list[str], out: Path) -> dict:
    r = run_measured([str(PYTHON), "-m", module, *args], out, sample=False)
    if r["returncode"] != 0:
        raise RuntimeError(f"{module} failed: " + "\n".join(l for _, l in r["stderr"][-20:]))
    res = json.loads(out.read_text().strip().splitlines()[-1])
    res["process_wall_s"] = r["wall_s"]
    return res


def measure_floor(records: Path, repeats: int, every: int = 1) -> dict:
    return _json_tool("benchmarks.floor", [str(records), "--repeats", str(repeats), "--every", str(every)],
                      records.parent / "floor.json")


def measure_tokens(records: Path, tokens: Path | None) -> dict:
    args = [str(records)] + (["--out", str(tokens)] if tokens else [])
    return _json_tool("benchmarks.tokens", args, records.parent / "tokens-summary.json")


def memory_probe(index: Path, queries: Path, trace: bool) -> dict:
    """RSS by stage from a plain run; Python allocations by stage from a second run under tracemalloc
    (whose own bookkeeping would inflate the first run's RSS)."""
    out = _json_tool("benchmarks.memprobe", [str(index), "--queries", str(queries)], index.parent / "memprobe.json")
    if trace:
        # tracemalloc slows every allocation ~3x: the traced run tries 2 queries per class
        traced = _json_tool("benchmarks.memprobe", [str(index), "--queries", str(queries), "--tracemalloc", "--per-class", "2"],
                            index.parent / "memprobe-traced.json")
        for st, tr in zip(out["stages"], traced["stages"]):
            st["python_allocations"] = tr.get("python_allocations")
    return out


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


class Instrumented:
    """SearchEngine with the facet counting and page building timed (wrapping its methods, not editing them)."""

    def __init__(self, index: Path):
        from kaigiroku.search.whoosh.engine import SearchEngine
        from kaigiroku.search.heap import reuse_freed_arrays

        reuse_freed_arrays()  # the allocator as `kaigiroku serve` sets it (search/heap.py)
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

    def run(self, q) -> tuple[float, float, float, dict]:
        self.phase["facets"] = self.phase["page"] = 0.0
        req = to_request(q, self.years)
        t0 = time.perf_counter()
        res = self.engine.search(req)
        dt = time.perf_counter() - t0
        return dt, self.phase["facets"], self.phase["page"], res


def _summ(ms: list[float]) -> dict:
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "p99": percentile(ms, 99), "mean": statistics.fmean(ms)}


def _median_of(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 2)


def product_queries(index: Path, qset: dict, repeats: int, n_records: int, budget: float) -> tuple[dict, Instrumented]:
    """Every class: a warm-up pass (what each query matches), then `repeats` timed passes. A class
    whose warm-up pass spends `budget` seconds stops there and runs fewer timed passes."""
    inst = Instrumented(index)
    qs = queries_of(qset)
    out = {"open_s": round(inst.open_s, 3), "repeats": repeats, "class_budget_s": budget, "classes": {}}
    t_all = time.perf_counter()
    for c, lst in qs.items():
        totals, expansions, empty, errors = [], 0, 0, []
        t0 = time.perf_counter()
        ran: list = []
        for q in lst:  # warm-up pass: also records what each query matches
            if time.perf_counter() - t0 > budget:
                break
            try:
                _, _, _, res = inst.run(q)
            except Exception as e:  # a query the product refuses is reported, not fatal
                errors.append(f"{q.q!r}: {type(e).__name__}: {e}")
                continue
            ran.append(q)
            totals.append(res["total"])
            expansions += bool(res["expansions"])
            empty += not res["hits"]
        warm = time.perf_counter() - t0
        reps = repeats if warm * repeats <= budget else max(1, int(budget // max(warm, 1e-9)))
        runs, pooled = [], []
        for _ in range(reps if ran else 0):
            wall, fac, page = [], [], []
            for q in ran:
                dt, f, p, _ = inst.run(q)
                wall.append(dt * 1000)
                fac.append(f * 1000)
                page.append(p * 1000)
            s = _summ(wall)
            s.update(facets_p50=percentile(fac, 50), facets_p95=percentile(fac, 95),
                     page_p50=percentile(page, 50), page_p95=percentile(page, 95),
                     facets_mean=statistics.fmean(fac), page_mean=statistics.fmean(page))
            runs.append(s)
            pooled.extend(wall)
        entry = {"queries": len(lst), "queries_run": len(ran), "repeats_run": len(runs), "warmup_s": round(warm, 2),
                 "capped": len(ran) < len(lst) or len(runs) < repeats, "errors": errors[:5], "error_count": len(errors)}
        if runs:
            entry.update({
                "p50_ms": _median_of(runs, "p50"), "p95_ms": _median_of(runs, "p95"), "p99_ms": _median_of(runs, "p99"),
                "mean_ms": _median_of(runs, "mean"),
                "p50_runs_ms": [round(x["p50"], 2) for x in runs], "p95_runs_ms": [round(x["p95"], 2) for x in runs],
                "pooled_p99_ms": round(percentile(pooled, 99), 2), "max_ms": round(max(pooled), 2),
                "facets_p50_ms": _median_of(runs, "facets_p50"), "facets_p95_ms": _median_of(runs, "facets_p95"),
                "facets_mean_ms": _median_of(runs, "facets_mean"), "page_p50_ms": _median_of(runs, "page_p50"),
                "page_p95_ms": _median_of(runs, "page_p95"), "page_mean_ms": _median_of(runs, "page_mean"),
                "median_total": statistics.median(totals), "median_share": round(statistics.median(totals) / n_records, 4),
                "max_share": round(max(totals) / n_records, 4), "zero_hits": sum(1 for t in totals if t == 0),
                "with_expansions": expansions, "empty_pages": empty,
            })
        elif ran:  # every query ran in the warm-up only (budget): report that pass
            entry.update({"median_total": statistics.median(totals)})
        out["classes"][c] = entry
        if entry["capped"]:
            log(f"  class {c}: capped at {len(ran)} of {len(lst)} queries, {len(runs)} timed passes "
                f"(warm-up {warm:.1f} s, budget {budget:.0f} s)")
    out["seconds"] = round(time.perf_counter() - t_all, 1)
    return out, inst


def profile_queries(inst: Instrumented, qset: dict, classes: list[str], dest: Path, budget: float) -> dict:
    from pyinstrument import Profiler

    qs = queries_of(qset, classes)
    out = {}
    for c in classes:
        prof = Profiler(interval=0.001)
        prof.start()
        t0 = time.perf_counter()
        for q in qs[c]:
            if time.perf_counter() - t0 > budget:
                break
            try:
                inst.run(q)
            except Exception:
                pass
        prof.stop()
        out[c] = summarize_pyinstrument(prof.last_session)
        (dest / f"query-profile-{c}.txt").write_text(prof.output_text(unicode=True, color=False, show_all=False))
    return out


# ---------------------------------------------------------------------------
# Peers


def peer_benchmarks(dest: Path, records: Path, tokens: Path, qset: dict, repeats: int, product: dict,
                    budget: float) -> dict:
    qs = queries_of(qset, PEER_CLASSES)
    out = {}
    for peer in all_peers(dest / "peers"):
        log(f"  peer {peer.name}: build")
        try:
            b = peer.build(records, tokens)
            peer.open()
            res = {"build_s": round(b["seconds"], 2), "size_mb": round(b["bytes"] / 1e6, 1), "classes": {}}
            for c, lst in qs.items():
                totals, ran, t0 = [], [], time.perf_counter()
                for q in lst:
                    if time.perf_counter() - t0 > budget:
                        break
                    totals.append(peer.search(q)[0])
                    ran.append(q)
                warm = time.perf_counter() - t0
                reps = repeats if warm * repeats <= budget else max(1, int(budget // max(warm, 1e-9)))
                runs = []
                for _ in range(reps):
                    ms = []
                    for q in ran:
                        t = time.perf_counter()
                        peer.search(q)
                        ms.append((time.perf_counter() - t) * 1000)
                    runs.append(_summ(ms))
                p50 = _median_of(runs, "p50")
                prod = (product or {}).get("classes", {}).get(c, {}).get("p50_ms")
                res["classes"][c] = {
                    "p50_ms": p50, "p95_ms": _median_of(runs, "p95"), "p99_ms": _median_of(runs, "p99"),
                    "median_total": statistics.median(totals), "queries_run": len(ran), "repeats_run": len(runs),
                    "capped": len(ran) < len(lst) or len(runs) < repeats,
                    "product_p50_over_peer": round(prod / p50, 1) if prod and p50 else None,
                }
            peer.close()
            out[peer.name] = res
        except Exception as e:  # a peer failing must not sink the run
            traceback.print_exc()
            out[peer.name] = {"error": f"{type(e).__name__}: {e}"}
    return out


# ---------------------------------------------------------------------------
# Web


def web_benchmark(index: Path, qset: dict, years: list[str], records: Path, dest: Path, args) -> dict:
    if not serve_available():
        return {"skipped": "`kaigiroku serve` is not available"}
    paths = paths_from_queries(qset, years)
    ids, names = corpus_samples(records)
    res: dict = {}
    with ServerProcess(index, log=dest / "serve.log") as server:
        res["server_ready_s"] = round(server.ready_s, 2)
        res["memory_idle"] = {**tree_memory_mb(server.pid), "maps": memory_breakdown(server.pid, index)}
        log(f"  load: {args.web_clients} clients on /api/search for {args.web_duration:.0f} s")
        res["load"] = run_load(server.url, paths, clients=args.web_clients, duration=args.web_duration, warmup=2.0,
                               timeout=args.route_timeout)
        res["memory_after_load"] = {**tree_memory_mb(server.pid), "maps": memory_breakdown(server.pid, index)}
        log("  routes, one request at a time")
        person_ids, bill_ids = registry_samples(server.url)
        res["route_samples"] = {"people": person_ids, "bills": bill_ids}
        res["routes"] = measure_routes(server, route_paths(qset, ids, names, person_ids=person_ids, bill_ids=bill_ids),
                                       passes=args.route_passes,
                                       timeout=args.route_timeout, budget=args.route_budget,
                                       profile_dir=None if args.no_profile else dest, log=log)
        res["memory_after_routes"] = {**tree_memory_mb(server.pid), "maps": memory_breakdown(server.pid, index),
                                      "server_starts": server.starts}
    # flat fields the report and the targets read
    res.update({k: res["load"][k] for k in ("clients", "duration_s", "rps", "p50_ms", "p95_ms", "p99_ms", "http_5xx",
                                             "dropped", "requests")})
    res["server_rss_mb_idle"] = res["memory_idle"]["rss"]
    res["server_rss_mb_after"] = res["memory_after_load"]["rss"]
    res["server_uss_mb_after"] = res["memory_after_load"]["uss"]
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


QUIET_STEPS = ("analysis floor", "kaigiroku build", "product queries", "memory probe", "peers", "web",
               "query profiles", "build profile")
STATE = {"max_quiet_wait": 60.0}


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


class StepCache:
    """Finished results of the expensive steps of one size, reused by --resume while the corpus
    (its digest) and the product (git head, clean) are the same."""

    def __init__(self, path: Path, key: dict, enabled: bool):
        self.path, self.key, self.enabled = path, key, enabled
        self.data: dict = {}
        if enabled and path.exists():
            try:
                saved = json.loads(path.read_text(encoding="utf-8"))
                if saved.get("key") == key:
                    self.data = saved.get("steps", {})
            except ValueError:
                pass

    def get(self, name: str):
        return self.data.get(name) if self.enabled and "uncommitted" not in self.key.get("git", "") else None

    def put(self, name: str, value) -> None:
        if isinstance(value, dict) and "error" in value:
            return
        self.data[name] = value
        self.path.write_text(json.dumps({"key": self.key, "steps": self.data}, ensure_ascii=False, default=str),
                             encoding="utf-8")


def cached_step(res: dict, cache: StepCache, name: str, fn, *a, valid=lambda v: True, **kw):
    hit = cache.get(name)
    if hit is not None and valid(hit):
        log(f"{name}: reusing the result of an earlier run (--resume)")
        res.setdefault("reused_steps", []).append(name)
        return hit
    value = step(res, name, fn, *a, **kw)
    cache.put(name, value)
    return value


def run_size(n: int, args, qset: dict, queries_path: Path, on_save=lambda res: None) -> dict:
    """Every step for one size; `on_save(res)` after each long step, so a run stopped part-way keeps
    what it measured (marked partial until the size is complete)."""
    d = OUT / f"n{n}"
    d.mkdir(parents=True, exist_ok=True)
    res: dict = {"records": n, "measured_at": time.strftime("%Y-%m-%d %H:%M:%S %z"), "git": git_head(),
                 "command": STATE["command"], "partial": True}

    def save() -> None:
        on_save(res)
    corpus = OUT / f"corpus-{n}-s{args.seed}"
    records, tokens = d / "records.jsonl", d / "tokens.jsonl"
    man = step(res, "generate", gen.generate, n, corpus, args.seed, records_out=records)
    if "error" in man:
        res["corpus"] = man
        return res
    res["corpus"] = gen.summary(man)
    res["corpus"]["path"] = str(corpus.relative_to(PROJECT))
    cache = StepCache(d / "steps.json", {"digest": man["digest"], "git": product_version(), "records": n}, args.resume)
    res["floor"] = {} if args.tokens_only else cached_step(res, cache, "analysis floor", measure_floor, records,
                               args.floor_repeats if n <= 20000 else 1,
                               args.floor_every if n > args.floor_every_above else 1)
    want_tokens = not args.no_peers
    token_cache = StepCache(d / "steps-tokens.json", {"digest": man["digest"], "git": analysis_version(), "records": n},
                            args.resume)

    def vocabulary() -> None:
        res["vocabulary"] = cached_step(res, token_cache, "tokens and vocabulary", measure_tokens, records,
                                        tokens if want_tokens else None,
                                        valid=lambda v: not want_tokens or tokens.exists())
        save()

    if not args.peers_last or args.tokens_only:
        vocabulary()
    if args.tokens_only:
        return res
    index = d / "index"
    res["build"] = cached_step(res, cache, "kaigiroku build", measure_build, corpus, index, "measured",
                               valid=lambda v: (index / "CURRENT").exists() or any(index.glob("*")))
    save()
    if "error" in res["build"]:
        return res
    fl = res["floor"].get("analyze_index_s")
    if fl:
        res["build"]["ratio_to_floor"] = round(res["build"]["wall_s"] / fl, 2)
    pq = step(res, "product queries", product_queries, index, qset, args.repeats, n, args.class_budget)
    inst = None
    if isinstance(pq, tuple):
        res["queries"], inst = pq
    else:
        res["queries"] = pq
    res["memory_probe"] = step(res, "memory probe", memory_probe, index, queries_path, not args.no_tracemalloc)
    save()

    def peers() -> None:
        if not args.no_peers and "error" not in res["vocabulary"]:
            res["peers"] = step(res, "peers", peer_benchmarks, d, records, tokens, qset, args.repeats,
                                res["queries"] if inst else None, args.peer_budget)
            save()

    if not args.peers_last:
        peers()
    if not args.no_web:
        from .queries import FIRST_FY, LAST_FY

        years = inst.years if inst else [str(y) for y in range(FIRST_FY, LAST_FY + 1)]
        res["web"] = step(res, "web", web_benchmark, index, qset, years, records, d, args)
        save()
    if args.peers_last:
        vocabulary()
        peers()
    if not args.no_profile and inst and "classes" in res.get("queries", {}):
        cl = res["queries"]["classes"]
        slow = [c for c in cl if (cl[c].get("p95_ms") or 0) > TARGET_P95_MS or cl[c].get("capped")]
        if n == max(STATE["sizes"]):  # and the three slowest at the largest size, as before
            slow += [c for c in sorted(cl, key=lambda c: -(cl[c].get("p95_ms") or 0))[:3] if c not in slow]
        if slow:
            res["query_profiles"] = step(res, "query profiles", profile_queries, inst, qset, slow, d, args.class_budget)
    if not args.no_profile and n == args.build_profile_size:
        res["build_profile"] = step(res, "build profile", profile_build, corpus, d / "index-profile", d)
    if inst:
        inst.engine.close()
    if not args.keep_tokens and tokens.exists():
        tokens.unlink()
    res.pop("partial", None)
    return res


def results_path(quick: bool) -> Path:
    """A smoke run keeps its own file, so its sizes never mix with the committed figures."""
    return OUT / ("results-quick.json" if quick else "results.json")


def load_results(path: Path, fresh: bool) -> dict:
    if not fresh and path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    return {"sizes": {}}


def save_results(path: Path, results: dict, mine: list[int]) -> None:
    """Write this run's sizes into the file as it is now: runs of other sizes may be going on
    at the same time (100k and 500k in separate processes), and their entries stay."""
    disk = load_results(path, False)
    disk.update({k: v for k, v in results.items() if k != "sizes"})
    disk.setdefault("sizes", {}).update({str(n): results["sizes"][str(n)] for n in mine if str(n) in results["sizes"]})
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(disk, ensure_ascii=False, indent=1, default=str))
    os.replace(tmp, path)
    results["sizes"] = disk["sizes"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", default="10000,100000", help="comma-separated corpus sizes (records)")
    p.add_argument("--quick", action="store_true", help="smoke run: 2000,10000 records, 2 repeats, 5 s of web load")
    p.add_argument("--fresh", action="store_true", help="start results.json afresh (default: replace only the sizes run)")
    p.add_argument("--resume", action="store_true",
                   help="reuse a size's finished floor, tokens and build when its corpus and the product are unchanged")
    p.add_argument("--seed", type=int, default=1, help="corpus generator seed")
    p.add_argument("--query-seed", type=int, default=7, help="query mix seed")
    p.add_argument("--repeats", type=int, default=3, help="timed passes over the query mix (medians reported)")
    p.add_argument("--class-budget", type=float, default=120.0,
                   help="seconds a query class may take before it stops early (reported as capped)")
    p.add_argument("--peer-budget", type=float, default=60.0, help="the same for each peer's classes")
    p.add_argument("--floor-repeats", type=int, default=3, help="analysis floor passes for sizes <= 20k (else 1)")
    p.add_argument("--web-clients", type=int, default=8)
    p.add_argument("--web-duration", type=float, default=20.0)
    p.add_argument("--route-timeout", type=float, default=15.0,
                   help="seconds before a request is abandoned (a miss; the server is restarted)")
    p.add_argument("--route-budget", type=float, default=60.0, help="seconds per route before it stops sending")
    p.add_argument("--route-passes", type=int, default=3)
    p.add_argument("--build-profile-size", type=int, default=None,
                   help="the size whose build is profiled with py-spy (default: the largest run, at most 100000)")
    p.add_argument("--no-peers", action="store_true")
    p.add_argument("--peers-last", action="store_true",
                   help="tokens and peers after the web routes (a long run stopped part-way keeps the product's figures)")
    p.add_argument("--floor-every", type=int, default=5,
                   help="above --floor-every-above records, the floor analyses every k-th record, scaled by text bytes")
    p.add_argument("--floor-every-above", type=int, default=200000)
    p.add_argument("--no-web", action="store_true")
    p.add_argument("--no-profile", action="store_true")
    p.add_argument("--no-tracemalloc", action="store_true", help="memory probe without Python allocation tracing")
    p.add_argument("--keep-tokens", action="store_true", help="keep benchmarks/out/nN/tokens.jsonl")
    p.add_argument("--tokens-only", action="store_true",
                   help="write each size's corpus and the peers' tokens, then stop (no figures); a later --resume "
                        "run reuses the tokens while search/analysis.py is unchanged, so they can be prepared "
                        "ahead, on a busy machine: they are not timed against a target")
    p.add_argument("--report", type=Path, default=None,
                   help="where to write the report (default benchmarks/RESULTS.md; with --quick "
                        "benchmarks/out/RESULTS-quick.md, so a smoke run never replaces the committed figures)")
    p.add_argument("--max-quiet-wait", type=float, default=60.0,
                   help="before each measured step, wait up to this many seconds for other processes on the "
                        "machine to go quiet (0: do not wait); the CPU they used meanwhile is reported anyway")
    args = p.parse_args(argv)
    STATE["max_quiet_wait"] = args.max_quiet_wait
    if args.report is None:
        args.report = OUT / "RESULTS-quick.md" if args.quick else REPORT
    if args.quick:
        args.records = "2000,10000"
        args.repeats = min(args.repeats, 2)
        args.floor_repeats = 1
        args.web_duration = min(args.web_duration, 5.0)
        args.route_passes = min(args.route_passes, 2)
    sizes = [int(x) for x in args.records.split(",") if x.strip()]
    STATE["sizes"] = sizes
    if args.build_profile_size is None:
        args.build_profile_size = max([s for s in sizes if s <= 100000] or [min(sizes)])
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    queries_path = OUT / "queries.json"
    qset = load_or_build(queries_path, args.query_seed)
    cmd = " ".join([".venv/bin/python -m benchmarks.run", *(argv if argv is not None else sys.argv[1:])]).strip()
    STATE["command"] = cmd
    rpath = results_path(args.quick)
    if args.fresh and rpath.exists():
        rpath.unlink()
    results = load_results(rpath, args.fresh)
    results.update({"started": time.strftime("%Y-%m-%d %H:%M:%S %z"), "command": cmd, "quick": args.quick,
                    "machine": machine(), "versions": versions(), "repeats": args.repeats, "seed": args.seed,
                    "query_seed": args.query_seed,
                    "query_classes": {c: len(qset["classes"][c]) for c in CLASSES}})
    results.setdefault("sizes", {})
    if args.tokens_only:
        for n in sizes:
            run_size(n, args, qset, queries_path)
        return 0
    for n in sizes:
        log(f"=== {n} records ===")
        t_size = time.perf_counter()
        def partial(res: dict, n=n) -> None:
            results["sizes"][str(n)] = res
            save_results(rpath, results, [n])

        results["sizes"][str(n)] = run_size(n, args, qset, queries_path, partial)
        results["sizes"][str(n)]["elapsed_s"] = round(time.perf_counter() - t_size, 1)
        results["elapsed_s"] = round(time.perf_counter() - t0, 1)
        save_results(rpath, results, sizes)
    results["elapsed_s"] = round(time.perf_counter() - t0, 1)
    results["max_rss_harness_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    save_results(rpath, results, sizes)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    shutil.copy(rpath, OUT / f"{rpath.stem}-{stamp}.json")
    from .report import render

    args.report.write_text(render(results), encoding="utf-8")
    log(f"report: {args.report} (raw: {rpath}); total {results['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
