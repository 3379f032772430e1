"""Condensing profiles into the figures the report keeps: top functions by self and by inclusive share.

- py-spy raw (folded) output of a whole process tree (`--subprocesses`): the
  build's main process (parsing, the Whoosh writer) and its analysis workers
  are summarised separately; samples per process show how busy each one was.
- pyinstrument sessions of in-process query runs.

Functions are keyed `function (file)`; inclusive shares count a function once
per sample even when it recurses.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

_FRAME_RE = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
_PROC_RE = re.compile(r"^process (?P<pid>\d+):")


PROJECT = str(Path(__file__).resolve().parent.parent) + "/"


def _short(path: str) -> str:
    path = path.replace("\\", "/")
    for marker in ("site-packages/", PROJECT, "lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return path


def _key(frame: str) -> str:
    m = _FRAME_RE.match(frame)
    if not m:
        return frame
    return f"{m['func']} ({_short(m['file'])})"


# Frames that only wrap the work (entry points, process and thread start-up, the pool's
# fork, which forked workers inherit on their stacks): left out of inclusive lists.
_WRAPPERS = re.compile(
    r"^(?:<module> \(kaigiroku\)|main \(kaigiroku/cli\.py\)|cmd_build(?:\.<locals>\.go)? \(indexer/cli\.py\)"
    r"|_run \(indexer/cli\.py\)|_pool \(indexer/build\.py\)|.* \(multiprocessing/(?:process|popen_fork|context)\.py\)"
    r"|Pool\.(?:__init__|_repopulate_pool|_repopulate_pool_static) \(multiprocessing/pool\.py\)"
    r"|Thread\.(?:_bootstrap|_bootstrap_inner|run) \(threading\.py\))$"
)


def _top(counter: Counter, total: int, n: int) -> list[list]:
    return [[k, round(v / total, 4)] for k, v in counter.most_common(n)] if total else []


def summarize_pyspy(path: Path, rate: int, top: int = 15) -> dict:
    """Per process role (main / workers): samples, CPU seconds estimate, top self and inclusive functions."""
    groups: dict[str, dict] = {}
    pids: dict[str, set] = {"main": set(), "workers": set()}
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        procs = [f for f in frames if _PROC_RE.match(f)]
        role = "main" if len(procs) <= 1 else "workers"
        if procs:
            pids[role].add(_PROC_RE.match(procs[-1])["pid"])
        code = [f for f in frames if not _PROC_RE.match(f) and not f.startswith("thread ")]
        if role == "workers":  # a forked child's stack starts with its parent's, up to the fork
            starts = [i for i, f in enumerate(code) if _key(f).startswith("BaseProcess._bootstrap ")]
            if starts:
                code = code[starts[-1] + 1:]
        g = groups.setdefault(role, {"samples": 0, "self": Counter(), "incl": Counter()})
        g["samples"] += n
        if not code:
            continue
        g["self"][_key(code[-1])] += n
        for k in {_key(f) for f in code}:
            if not _WRAPPERS.match(k):
                g["incl"][k] += n
    out = {"rate_hz": rate, "processes": {r: len(p) for r, p in pids.items()}}
    for role, g in groups.items():
        out[role] = {
            "samples": g["samples"],
            "cpu_s_estimate": round(g["samples"] / rate, 1),
            "self": _top(g["self"], g["samples"], top),
            "inclusive": _top(g["incl"], g["samples"], top),
        }
    return out


def summarize_pyinstrument(session, top: int = 15) -> dict:
    """Top self and inclusive functions of a pyinstrument session (shares of its total time)."""
    root = session.root_frame()
    if root is None:
        return {"seconds": 0.0, "self": [], "inclusive": []}
    total = root.time
    self_t: Counter = Counter()
    incl: Counter = Counter()

    def key(fr) -> str:
        return f"{fr.function} ({_short(fr.file_path or '')})"

    def walk(fr, active: frozenset) -> None:
        if fr.is_synthetic:
            return
        k = key(fr)
        self_t[k] += fr.total_self_time
        if k not in active:
            incl[k] += fr.time
            active = active | {k}
        for c in fr.children:
            walk(c, active)

    walk(root, frozenset())
    return {
        "seconds": round(total, 3),
        "self": [[k, round(v / total, 4)] for k, v in self_t.most_common(top)] if total else [],
        "inclusive": [[k, round(v / total, 4)] for k, v in incl.most_common(top + 10)] if total else [],
    }
