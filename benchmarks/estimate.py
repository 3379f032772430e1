"""How long a benchmark run will take, from the rates of the runs already in results.json.

    .venv/bin/python -m benchmarks.estimate --records 100000,500000

The generator's texts have the same mean length at every size, so text MB
grows with the records. Each step's time at the largest size measured is
scaled to the size asked for: linearly in text for the corpus, floor, tokens,
memory probe and the peers' builds; by (n1/n0)^1.15 for the build (merging
segments grows a little faster than the text: 10k -> 100k took 14x in the
first corpus's runs); linearly in the records for query and route latencies.
Steps that stop at a time budget (query classes, peer classes, routes) are
bounded by it, so the estimate gives both the scaled figure and that bound.
Measured on a quiet machine, the floor and the build dominate.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BUILD_EXPONENT = 1.15
LINEAR_TEXT = ("generate", "analysis floor", "tokens and vocabulary", "memory probe")


def estimate(results: dict, target: int, class_budget: float = 120.0, peer_budget: float = 60.0,
             route_budget: float = 60.0, route_timeout: float = 15.0, profile_build_at: int | None = None) -> dict:
    sizes = sorted(((int(k), v) for k, v in results["sizes"].items() if v.get("step_seconds")), key=lambda kv: kv[0])
    if not sizes:
        raise SystemExit("estimate: no measured size in results.json; run `benchmarks.run --quick` first")
    n0, s0 = sizes[-1]
    steps = s0["step_seconds"]
    mb0 = (s0.get("corpus", {}).get("check") or {}).get("text_mb") or n0 * 330 * 3 / 1e6
    mb = mb0 * target / n0
    r = target / n0
    out: dict[str, dict] = {}
    for name in LINEAR_TEXT:
        if name in steps:
            t = steps[name] * r
            if name == "analysis floor" and n0 <= 20000 < target:
                t /= max(1, len((s0.get("floor") or {}).get("analyze_index_passes_s") or [1]))  # one pass above 20k
            out[name] = {"seconds": t}
    if "kaigiroku build" in steps:
        out["kaigiroku build"] = {"seconds": steps["kaigiroku build"] * r ** BUILD_EXPONENT}
    classes = ((s0.get("queries") or {}).get("classes") or {})
    if classes:
        t = sum(min(x.get("warmup_s", 0) * (1 + results.get("repeats", 3)) * r, 2 * class_budget)
                for x in classes.values())
        out["product queries"] = {"seconds": t, "bound": 2 * class_budget * len(classes)}
    peers = s0.get("peers") or {}
    if "peers" in steps:
        builds = sum((p.get("build_s") or 0) for p in peers.values() if isinstance(p, dict))
        rest = max(0.0, steps["peers"] - builds)
        n_classes = sum(len(p.get("classes", {})) for p in peers.values() if isinstance(p, dict))
        out["peers"] = {"seconds": builds * r + min(rest * r, 2 * peer_budget * max(n_classes, 1)),
                        "bound": builds * r + 2 * peer_budget * max(n_classes, 1)}
    if "web" in steps:
        routes = ((s0.get("web") or {}).get("routes") or {})
        fixed = (s0.get("web") or {}).get("duration_s", 20) + 10
        out["web"] = {"seconds": fixed + min((steps["web"] - fixed) * r, route_budget * len(routes) + 4 * route_timeout),
                      "bound": fixed + (route_budget + route_timeout) * max(len(routes), 1)}
    if "query profiles" in steps:
        out["query profiles"] = {"seconds": min(steps["query profiles"] * r, class_budget * 6)}
    if profile_build_at and "kaigiroku build" in steps:
        out["build profile"] = {"seconds": steps["kaigiroku build"] * (profile_build_at / n0) ** BUILD_EXPONENT * 1.1}
    total = sum(v["seconds"] for v in out.values())
    bound = sum(v.get("bound", v["seconds"]) for v in out.values())
    return {"records": target, "from_size": n0, "text_mb": round(mb, 1), "steps": out, "seconds": total,
            "bound_seconds": bound}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", default="100000,500000")
    p.add_argument("--results", type=Path, default=PROJECT / "benchmarks" / "out" / "results.json")
    args = p.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    targets = [int(x) for x in args.records.split(",") if x.strip()]
    profile_at = max([t for t in targets if t <= 100000] or [min(targets)])
    grand = grand_bound = 0.0
    for t in targets:
        e = estimate(results, t, profile_build_at=profile_at if t == max(targets) else None)
        grand += e["seconds"]
        grand_bound += e["bound_seconds"]
        print(f"{t:,} records (~{e['text_mb']} MB of text; scaled from {e['from_size']:,}):")
        for name, v in e["steps"].items():
            b = f" (at most {v['bound'] / 60:.0f} min with the time budgets)" if "bound" in v else ""
            print(f"  {name:24s} {v['seconds'] / 60:6.1f} min{b}")
        print(f"  {'total':24s} {e['seconds'] / 60:6.1f} min (at most {e['bound_seconds'] / 60:.0f} min)")
    print(f"all sizes: {grand / 3600:.1f} h (at most {grand_bound / 3600:.1f} h)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
