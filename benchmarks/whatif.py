"""What-if builds behind benchmarks/FINDINGS.md: the product's build with one thing changed.

Each variant runs the product's own `indexer.build.build` in a fresh process,
with one product internal replaced in that process only (product files are not
touched), on a corpus the harness generated; then it opens the index with
SearchEngine and reports the build time and the engine's memory. Written
against the product at git 4a96039 (ParallelWriter sub-writers, `pairs` field);
if those internals change, a variant fails with a message instead of measuring
something else.

    .venv/bin/python -m benchmarks.whatif --records 100000 product separate-files no-pairs

Variants:
  product          as it is
  separate-files   sub-writers write plain files instead of one compound .seg per
                   segment (Whoosh copies each part of a compound file into memory
                   when it opens it)
  no-pairs         no `pairs` field (phrase queries would then not work): what the
                   pair postings cost the build
  limitmb-1024     sub-writers' posting pools at 1024 MB instead of 256
  positions        no `pairs` field, positions in `text` instead: what the pairs buy.
                   Phrase queries of the mix (benchmarks/out/queries.json) are timed
                   in Whoosh itself on both this and `product` (Phrase over positions
                   against the conjunction of pair terms), with their counts compared
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = PROJECT / ".venv" / "bin" / "python"
OUT = PROJECT / "benchmarks" / "out"
QUERIES = ["する", "委員", "個人情報", '"個人情報の取扱い"', "マイナンバー", "委託 事業者", "情報 管理", "記録", "印刷", "システム"]


def _patch_subargs(extra: dict) -> None:
    import kaigiroku.indexer.build as B
    import kaigiroku.search.whoosh.parallel as P

    if not hasattr(B, "ParallelWriter"):
        raise SystemExit("whatif: indexer.build no longer uses ParallelWriter; this variant needs updating")
    orig = P.ParallelWriter.__init__

    def init(self, ix, procs, **kw):
        sub = dict(kw.pop("subargs", None) or {})
        sub.update(extra)
        orig(self, ix, procs, subargs=sub, **kw)

    P.ParallelWriter.__init__ = init


def _patch_no_pairs() -> None:
    import kaigiroku.indexer.build as B
    import kaigiroku.search.whoosh.schema as S
    import kaigiroku.search.whoosh.store as ST

    if "pairs" not in S.make_schema().names():
        raise SystemExit("whatif: the schema has no `pairs` field any more")
    make, doc = S.make_schema, S.record_doc

    def schema():
        s = make()
        s.remove("pairs")
        return s

    def record_doc(*a, **kw):
        d = doc(*a, **kw)
        d.pop("pairs", None)
        return d

    S.make_schema = ST.make_schema = schema
    B.record_doc = record_doc


def _patch_positions() -> None:
    """`text` with positions (Whoosh's own phrase queries) and no `pairs` field."""
    import kaigiroku.search.whoosh.schema as S
    from whoosh.fields import TEXT

    _patch_no_pairs()
    make = S.make_schema

    def schema():
        s = make()
        s.remove("text")
        s.add("text", TEXT(analyzer=S.SudachiAnalyzer(), phrase=True, stored=False))
        return s

    import kaigiroku.search.whoosh.store as ST

    S.make_schema = ST.make_schema = schema


def time_phrases(root: Path, positional: bool, passes: int = 3) -> dict:
    """Whoosh's time for each phrase query of the mix: top 10 scored and the full count."""
    import statistics

    from whoosh import query as Q

    from kaigiroku.search.whoosh.pairs import PairPhrase
    from kaigiroku.search.whoosh.store import open_index

    qset = json.loads((OUT / "queries.json").read_text(encoding="utf-8"))
    phrases = [c[1] for q in qset["classes"]["phrase"] for c in q["clauses"] if c[0] == "phrase"]
    ix = open_index(root)
    times: dict[int, list[float]] = {}
    counts = []
    with ix.searcher() as s:
        for p in range(passes):
            for i, words in enumerate(phrases):
                q = Q.Phrase("text", words) if positional else PairPhrase(words)
                t0 = time.perf_counter()
                r = s.search(q, limit=10)
                n = len(r)
                times.setdefault(i, []).append((time.perf_counter() - t0) * 1000)
                if p == 0:
                    counts.append(n)
    med = sorted(statistics.median(v) for v in times.values())
    return {"queries": len(phrases), "p50_ms": round(med[len(med) // 2], 2),
            "p95_ms": round(med[min(len(med) - 1, int(len(med) * 0.95))], 2),
            "mean_ms": round(statistics.fmean(med), 2), "counts": counts}


def run_variant(name: str, corpus: Path, root: Path) -> dict:
    """In this (fresh) process: patch, build, open, search; return figures."""
    import psutil

    if name == "separate-files":
        _patch_subargs({"compound": False})
    elif name.startswith("limitmb-"):
        _patch_subargs({"limitmb": int(name.split("-", 1)[1])})
    elif name == "no-pairs":
        _patch_no_pairs()
    elif name == "positions":
        _patch_positions()
    elif name != "product":
        raise SystemExit(f"whatif: unknown variant {name}")
    from kaigiroku.indexer.build import build

    if root.exists():
        shutil.rmtree(root)
    t0 = time.perf_counter()
    s = build(root, [corpus])
    out = {"variant": name, "records": s.records, "build_s": round(time.perf_counter() - t0, 1)}
    out["index_mb"] = round(sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6, 1)
    if name in ("product", "positions"):
        out["phrases"] = time_phrases(root, positional=name == "positions")
    proc = psutil.Process()
    base = proc.memory_info().rss
    from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest

    if name == "positions":  # the engine answers phrases from pairs only
        shutil.rmtree(root, ignore_errors=True)
        return out
    engine = SearchEngine(root)
    out["engine_open_rss_mb"] = round((proc.memory_info().rss - base) / 2**20)
    totals = {}
    for q in QUERIES * 3:
        for page in (1, 2):
            try:
                totals[q] = engine.search(SearchRequest(q=q, page=page))["total"]
            except Exception as e:  # no-pairs cannot answer phrases
                totals[q] = f"{type(e).__name__}"
    out["rss_after_searches_mb"] = round(proc.memory_info().rss / 2**20)
    out["process_rss_before_engine_mb"] = round(base / 2**20)
    out["totals"] = totals
    engine.close()
    shutil.rmtree(root, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_one"]:
        print(json.dumps(run_variant(argv[1], Path(argv[2]), Path(argv[3])), ensure_ascii=False))
        return 0
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("variants", nargs="+")
    p.add_argument("--records", type=int, default=100000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    corpus = OUT / f"corpus-{args.records}-s{args.seed}"
    if not corpus.exists():
        from .generate import generate

        generate(args.records, corpus, args.seed)
    from .run import CpuWatch

    results = []
    for v in args.variants:
        with CpuWatch() as w:
            r = subprocess.run([str(PYTHON), "-m", "benchmarks.whatif", "_one", v, str(corpus),
                                f"/tmp/kaigiroku-whatif-{v}-{args.records}"], capture_output=True, text=True,
                               cwd=str(PROJECT))
        res = json.loads(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else \
            {"variant": v, "error": (r.stderr.strip().splitlines() or ["?"])[-1]}
        res["other_processes_cores"] = w.other_cores  # CPU others used meanwhile: noise
        print(json.dumps(res, ensure_ascii=False), file=sys.stderr)
        results.append(res)
    dest = OUT / f"whatif-{args.records}.json"
    dest.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
