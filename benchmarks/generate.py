"""Generate a benchmark corpus of N records that looks like a real archive, and check it parses back.

    .venv/bin/python -m benchmarks.generate --records 10000 [--out DIR] [--seed 1] [--records-out FILE]

What goes in (see the modules named):

- meetings.py: which meetings, of which municipality (50, one large city and a
  long tail), body (5 審議会, the plenary, 8 committees), date (fiscal years
  平成18-令和7, assembly sessions in Feb-Mar, June, September, December), with
  which people and agenda, and who speaks when: 審議会 transcripts and written
  deliberations, committee and plenary minutes with long speeches;
- compose.py: every text, from the real sentences of the five shipped files by
  role, with the nouns of the items drawn from the Sudachi dictionary
  (lexicon.py), so the vocabulary grows with the archive;
- render.py: the minutes files, in the colon, written-Q&A and marked layouts.

Then every file is parsed back with the product's own parser: record counts
and kinds must match exactly (a mismatch stops the run); roles (compared as
role keys chair/member/executive/secretariat, so a parser that names roles
differently still passes), municipality and date are reported as soft
mismatches. The check also writes the records file the harness uses
(--records-out) and measures the corpus: text MB, speech lengths, exact
duplicates, municipalities, bodies, fiscal years.

Deterministic for a seed (and the pinned Sudachi dictionary): every meeting
has its own random streams, files are written in a fixed order, and a sample
of meetings is rendered again in a fresh process with another PYTHONHASHSEED
and compared byte for byte. A corpus already on disk with the same seed, size,
generator version and dictionary, whose files still hash as written, is reused.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from importlib import metadata
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
REAL_CORPUS = PROJECT / "data" / "corpus"
GENERATOR_VERSION = "3"
SAMPLE_MEETINGS = 300  # meetings rendered again in a fresh process for the determinism check
LENGTH_BANDS = (100, 300, 1000, 3000, 10000)
ROLE_KEYS = {"会長": "chair", "委員": "member", "説明員": "executive", "事務局": "secretariat"}

# Set in the parent before forking the pool: workers inherit the world instead of rebuilding it.
_STATE: dict = {}


def _versions() -> dict:
    out = {"generator": GENERATOR_VERSION}
    for name in ("sudachipy", "sudachidict-core"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def build_world(seed: int):
    """The world (municipalities, people, word lists), the composer and the real topics."""
    from .compose import Composer, load_pools
    from .lexicon import load_lexicon
    from .meetings import World

    lex = load_lexicon()
    pools, topics, real = load_pools(REAL_CORPUS)
    world = World(seed, lex)
    return world, Composer(pools, world.fresh), topics, {**real, "lexicon": lex.sizes()}


def plan(n_records: int, seed: int):
    from .meetings import plan_corpus

    world, composer, topics, real = build_world(seed)
    return world, composer, plan_corpus(world, n_records, topics), real


def _render_one(i: int) -> tuple[str, bytes, dict]:
    from .meetings import compose
    from .render import expected, render

    world, composer, meetings = _STATE["world"], _STATE["composer"], _STATE["meetings"]
    m = meetings[i]
    compose(world, composer, m)
    data = render(world, m).encode("utf-8")
    want = expected(world, m)
    # Texts are not kept: the parent holds only the plan.
    for it in m.items:
        for t in it.turns:
            t.paras = []
        it.pairs = []
    m.opinions = []
    return m.name, data, want


def _pool(workers: int):
    return mp.get_context("fork").Pool(workers) if workers > 1 else None


def _map(pool, fn, jobs, chunksize: int = 4):
    return pool.imap(fn, jobs, chunksize=chunksize) if pool else map(fn, jobs)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(files: dict[str, dict]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + files[name]["sha256"].encode() + b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------------------
# Parsing back


def _check_file(args: tuple[str, dict]) -> dict:
    from kaigiroku.indexer.parse import parse_file

    path, want = args
    m = parse_file(path)
    kinds = Counter(r.kind for r in m.records)
    errors = []
    if len(m.records) != want["records"]:
        errors.append(f"records: want {want['records']}, got {len(m.records)}")
    if want["kind"] in ("written",):
        if dict(kinds) != want["kinds"]:
            errors.append(f"kinds: want {want['kinds']}, got {dict(kinds)}")
    elif set(kinds) - {"turn", "question", "answer"}:  # transcripts: turns (a parser may pair them as Q&A)
        errors.append(f"kinds: want turns, got {dict(kinds)}")
    roles = Counter(ROLE_KEYS.get(r.role, r.role) for r in m.records)
    soft = {}
    if roles != Counter(want["roles"]):
        soft["roles"] = f"want {want['roles']}, got {dict(roles)}"
    if m.municipality != want["municipality"]:
        soft["municipality"] = f"want {want['municipality']!r}, got {m.municipality!r}"
    if m.date != want["date"]:
        soft["date"] = f"want {want['date']}, got {m.date}"
    if m.layout != want["layout"]:
        soft["layout"] = f"want {want['layout']}, got {m.layout}"
    fy = int(m.date[:4]) - (1 if m.date[5:7] < "04" else 0) if m.date else None
    records = [{"meeting": m.id, "order": r.order, "role": r.role, "kind": r.kind, "speaker": r.speaker, "year": m.date[:4],
                "date": m.date, "text": r.text} for r in m.records]
    return {"path": path, "errors": errors, "soft": soft, "records": records, "gen_kind": want["kind"],
            "roles_by_intent": _role_confusion(want, m), "municipality": m.municipality, "body": m.body,
            "fiscal_year": fy}


def _role_confusion(want: dict, m) -> dict:
    """Intended role key -> parsed role -> records, for files whose role counts differ."""
    got = Counter(ROLE_KEYS.get(r.role, r.role) for r in m.records)
    if got == Counter(want["roles"]):
        return {}
    return {"want": want["roles"], "got": dict(got)}


def verify(out: Path, manifest: dict, workers: int = 2, records_out: Path | None = None) -> dict:
    """Parse every file back; raise SystemExit on a hard mismatch; measure the corpus on the way."""
    jobs = [(str(out / name), want) for name, want in sorted(manifest["files"].items())]
    t0 = time.perf_counter()
    stats = CorpusStats()
    hard: list[tuple[str, list[str]]] = []
    soft: list[tuple[str, dict]] = []
    sink = open(records_out, "w", encoding="utf-8") if records_out else None
    pool = _pool(workers)
    try:
        for res in _map(pool, _check_file, jobs):
            if res["errors"]:
                hard.append((res["path"], res["errors"]))
            if res["soft"]:
                soft.append((res["path"], res["soft"]))
            stats.add_file(res)
            if sink:
                for r in res["records"]:
                    sink.write(json.dumps(r, ensure_ascii=False) + "\n")
    finally:
        if pool:
            pool.close()
            pool.join()
        if sink:
            sink.close()
    if hard:
        for p, e in hard[:10]:
            print(f"generate: MISMATCH {p}: {'; '.join(e)}", file=sys.stderr)
        raise SystemExit(f"generate: {len(hard)} of {len(jobs)} files do not parse to the intended records")
    soft_by = Counter(k for _, s in soft for k in s)
    return {
        "files": len(jobs),
        "records_parsed": stats.records,
        "records_intended": manifest["records"],
        "soft_mismatches": len(soft),
        "soft_by_field": dict(soft_by),
        "soft_examples": [f"{Path(p).name}: {'; '.join(f'{k} {v}' for k, v in s.items())}" for p, s in soft[:6]],
        **stats.summary(),
        "seconds": round(time.perf_counter() - t0, 2),
    }


class CorpusStats:
    """What the corpus is like: text size, speech lengths, exact duplicates, spread."""

    def __init__(self):
        self.records = 0
        self.chars = 0
        self.bytes = 0
        self.lengths: dict[str, list[int]] = {}
        self.texts: Counter = Counter()
        self.munis: Counter = Counter()
        self.bodies: Counter = Counter()
        self.fiscal_years: Counter = Counter()
        self.role_confusion: Counter = Counter()

    def add_file(self, res: dict) -> None:
        kind = res["gen_kind"]
        lens = self.lengths.setdefault(kind, [])
        for r in res["records"]:
            t = r["text"]
            self.records += 1
            self.chars += len(t)
            self.bytes += len(t.encode("utf-8"))
            lens.append(len(t))
            self.texts[hashlib.blake2b(t.encode("utf-8"), digest_size=12).digest()] += 1
        self.munis[res["municipality"]] += len(res["records"])
        self.bodies[res["body"]] += 1
        if res["fiscal_year"] is not None:
            self.fiscal_years[res["fiscal_year"]] += len(res["records"])
        rc = res["roles_by_intent"]
        if rc:
            for k in set(rc["want"]) | set(rc["got"]):
                d = rc["got"].get(k, 0) - rc["want"].get(k, 0)
                if d:
                    self.role_confusion[k] += d

    @staticmethod
    def _dist(xs: list[int]) -> dict:
        if not xs:
            return {}
        s = sorted(xs)
        q = lambda p: s[min(len(s) - 1, int(len(s) * p))]  # noqa: E731
        bands, lo = {}, 0
        for hi in LENGTH_BANDS:
            bands[f"{lo}-{hi - 1}"] = sum(1 for x in s if lo <= x < hi)
            lo = hi
        bands[f"{lo}+"] = sum(1 for x in s if x >= lo)
        return {"records": len(s), "mean": round(statistics.fmean(s), 1), "p10": q(0.1), "p50": q(0.5), "p90": q(0.9),
                "p99": q(0.99), "max": s[-1], "share_1000_10000": round(sum(1 for x in s if 1000 <= x <= 10000) / len(s), 4),
                "chars_in_1000_plus": round(sum(x for x in s if x >= 1000) / max(1, sum(s)), 4), "bands": bands}

    def summary(self) -> dict:
        repeated = sum(n for n in self.texts.values() if n > 1)
        everything = [x for xs in self.lengths.values() for x in xs]
        return {
            "text_chars": self.chars,
            "text_bytes": self.bytes,
            "text_mb": round(self.bytes / 1e6, 1),
            "lengths": {"all": self._dist(everything), **{k: self._dist(v) for k, v in sorted(self.lengths.items())}},
            "duplicates": {
                # the measure: records whose text is exactly another record's
                "share_duplicating_another": round(repeated / max(1, self.records), 4),
                # records that add nothing new (all but the first of each group)
                "share_redundant": round((self.records - len(self.texts)) / max(1, self.records), 4),
                "distinct_texts": len(self.texts),
            },
            "municipalities": len(self.munis),
            "largest_municipality_share": round(max(self.munis.values()) / max(1, self.records), 3) if self.munis else 0,
            "bodies": len(self.bodies),
            "fiscal_years": dict(sorted(self.fiscal_years.items())),
            "role_differences": dict(self.role_confusion),
        }


# ---------------------------------------------------------------------------
# Writing


def _files_unchanged(out: Path, man: dict) -> bool:
    for name, want in man["files"].items():
        p = out / name
        if not p.exists() or _sha(p.read_bytes()) != want["sha256"]:
            return False
    return True


def _reusable(out: Path, n_records: int, seed: int) -> dict | None:
    man_path = out / "manifest.json"
    if not man_path.exists():
        return None
    try:
        man = json.loads(man_path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    same = (man.get("records") == n_records and man.get("seed") == seed and man.get("versions") == _versions()
            and man.get("verified"))
    if not same or not _files_unchanged(out, man):
        return None
    return man


def determinism_sample(n_records: int, seed: int, names: list[str]) -> dict[str, str]:
    """sha256 of the named meetings rendered again from the seed, in this process."""
    global _STATE
    world, composer, meetings, _ = plan(n_records, seed)
    _STATE = {"world": world, "composer": composer, "meetings": meetings}
    want = set(names)
    return {m.name: _sha(_render_one(i)[1]) for i, m in enumerate(meetings) if m.name in want}


def _check_determinism(n_records: int, seed: int, files: dict[str, dict]) -> dict:
    names = sorted(files)
    step = max(1, len(names) // SAMPLE_MEETINGS)
    sample = names[::step]
    env = dict(os.environ, PYTHONHASHSEED=str(12345 + seed))  # another hash seed than ours (random)
    r = subprocess.run([sys.executable, "-m", "benchmarks.generate", "--records", str(n_records), "--seed", str(seed),
                        "--render-sample", json.dumps(sample)], capture_output=True, text=True, cwd=str(PROJECT),
                       env=env, timeout=3600)
    if r.returncode != 0:
        raise SystemExit(f"generate: determinism check failed to run: {r.stderr[-2000:]}")
    again = json.loads(r.stdout.strip().splitlines()[-1])
    differ = [n for n in sample if again.get(n) != files[n]["sha256"]]
    if differ:
        raise SystemExit(f"generate: the same seed rendered {len(differ)} of {len(sample)} sampled files differently "
                         f"in a fresh process (first: {differ[0]})")
    return {"sampled_files": len(sample), "identical": True, "pythonhashseed": env["PYTHONHASHSEED"]}


def generate(n_records: int, out: Path, seed: int = 1, check: bool = True, force: bool = False, quiet: bool = False,
             records_out: Path | None = None, workers: int = 2) -> dict:
    """Write the corpus (or reuse an identical one) and return its manifest with the checks and statistics."""
    global _STATE
    out = Path(out)
    man = None if force else _reusable(out, n_records, seed)
    if man is not None:
        if check or records_out:  # the files are the same; the parser may not be: check them with today's
            man["check"] = verify(out, man, workers, records_out)
        man["reused"] = True
        if not quiet:
            print(f"generate: reusing {out} ({n_records} records, digest {man['digest'][:12]}; parsed back "
                  f"{man.get('check', {}).get('records_parsed', '?')} records)", file=sys.stderr)
        return man
    t0 = time.perf_counter()
    world, composer, meetings, real = plan(n_records, seed)
    plan_s = time.perf_counter() - t0
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    _STATE = {"world": world, "composer": composer, "meetings": meetings}
    files: dict[str, dict] = {}
    pool = _pool(workers)
    try:
        for name, data, want in _map(pool, _render_one, range(len(meetings))):
            (out / name).write_bytes(data)
            files[name] = {**want, "sha256": _sha(data), "bytes": len(data)}
    finally:
        if pool:
            pool.close()
            pool.join()
        _STATE = {}
    manifest = {
        "version": GENERATOR_VERSION,
        "versions": _versions(),
        "seed": seed,
        "records": n_records,
        "meetings": len(meetings),
        "kinds": {k: {"meetings": sum(1 for m in meetings if m.kind == k),
                      "records": sum(m.records for m in meetings if m.kind == k)}
                  for k in ("colon", "written", "committee", "plenary")},
        "real_corpus": real,
        "digest": _digest(files),
        "file_bytes": sum(f["bytes"] for f in files.values()),
        "files": files,
        "plan_seconds": round(plan_s, 2),
        "generate_seconds": round(time.perf_counter() - t0, 2),
    }
    manifest["determinism"] = _check_determinism(n_records, seed, files)
    if check or records_out:
        manifest["check"] = verify(out, manifest, workers, records_out)
        manifest["verified"] = True
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    if not quiet:
        c = manifest.get("check", {})
        print(f"generate: {n_records} records in {len(meetings)} files -> {out} "
              f"({manifest['generate_seconds']} s; {c.get('text_mb', '?')} MB of text; parsed back "
              f"{c.get('records_parsed', '?')} records, {c.get('soft_mismatches', '?')} files with soft mismatches)",
              file=sys.stderr)
    return manifest


def summary(man: dict) -> dict:
    """The manifest without its per-file table (for reports)."""
    return {k: v for k, v in man.items() if k != "files"}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", type=int, required=True, help="number of records (speaker turns, Q&A) to generate")
    p.add_argument("--out", type=Path, help="output folder (default benchmarks/out/corpus-N-sSEED)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--records-out", type=Path, help="also write the parsed records here (JSON lines)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--no-check", action="store_true", help="skip parsing the files back")
    p.add_argument("--force", action="store_true", help="regenerate even if an identical corpus is there")
    p.add_argument("--render-sample", help=argparse.SUPPRESS)  # internal: the determinism check's fresh process
    args = p.parse_args(argv)
    if args.render_sample:
        print(json.dumps(determinism_sample(args.records, args.seed, json.loads(args.render_sample))))
        return 0
    out = args.out or PROJECT / "benchmarks" / "out" / f"corpus-{args.records}-s{args.seed}"
    man = generate(args.records, out, args.seed, check=not args.no_check, force=args.force,
                   records_out=args.records_out, workers=args.workers)
    print(json.dumps(summary(man), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
