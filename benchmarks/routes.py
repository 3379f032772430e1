"""Every route of the web server, timed one request at a time, with a cap so a run always finishes.

Each route gets a few representative requests (from the query mix, real
meeting ids and speaker names of the corpus), sent one at a time by one
client to `kaigiroku serve` (waitress, as deployed) in several passes:
p50/p95/max latency, the size of the response, the status codes.

A request that takes longer than the per-request timeout is abandoned and
counted as a miss at "more than T s"; the server is then restarted, because the
abandoned request would keep one of its four threads, and the CPU, busy until
it finished and would slow every later figure. The route's remaining requests
are skipped. A route also stops sending requests when its time budget is
spent. Routes known to be slow today run last.

A route whose p95 misses the target (or that timed out) is profiled: py-spy is
attached to the server for one request of that route (its slowest path), for
at most the timeout, and the top functions go in the report.
"""

from __future__ import annotations

import http.client
import json
import signal
import statistics
import subprocess
import time
import urllib.parse
from pathlib import Path

from .load import percentile, search_params

PROJECT = Path(__file__).resolve().parent.parent
PYSPY = PROJECT / ".venv" / "bin" / "py-spy"
TARGET_MS = 100.0
PAGE_TARGET_KB = 150.0

# (route, what it is): the order they run in; slow-today routes last.
ROUTES = [
    ("api_search", "/api/search?q=word"),
    ("api_search_daterange", "/api/search?q=word&from=&until= (個人情報 2016-04..2021-03 first)"),
    ("api_search_browse", "/api/search?from=&until= (no words)"),
    ("api_search_or", "/api/search?q=a OR b OR c"),
    ("api_search_perpage100", "/api/search?q=word&per_page=100"),
    ("api_search_page50", "/api/search?q=common word&page=50"),
    ("api_search_partial", "/api/search?q=words that rarely co-occur"),
    ("feed", "/feed?q=word"),
    ("html_search", "/?q=word (個人情報 first)"),
    ("html_search_daterange", "/?q=個人情報&from=2016-04&until=2021-03 …"),
    ("html_landing", "/ (no search)"),
    ("html_meetings", "/meetings"),
    ("html_meeting", "/meetings/<id>"),
    ("html_meeting_q", "/meetings/<id>?q=word"),
    ("html_items", "/?mode=items&q=word (案件 search)"),
    ("api_items", "/api/items?q=word"),
    ("api_item", "/api/items/<meeting id>.0"),
    ("api_similar", "/api/items/<id>/similar (似た案件)"),
    ("html_similar", "/items/<id>/similar"),
    ("api_meeting", "/api/meetings/<id>"),
    ("api_meeting_list", "/api/meeting_list?any=word"),
    ("api_speech", "/api/speech?any=word"),
    ("api_diet_meeting", "/api/meeting?any=word (Diet-style: whole meetings)"),
    ("api_speech_meeting", "/api/speech?any=word&nameOfMeeting=本会議"),
    ("api_speech_speaker_name", "/api/speech?any=word&speaker=<a name>"),
    ("api_speech_speaker_role", "/api/speech?any=word&speaker=会長"),
    ("html_person", "/people/<id> (a person: words, questions, records)"),
    ("api_person", "/api/people/<id>"),
    ("api_search_person", "/api/search?q=word&person=<id> (a person's records)"),
    ("html_bill", "/bills/<id> (a bill's steps)"),
    ("api_bill", "/api/bills/<id>"),
    ("api_meetings", "/api/meetings (every meeting)"),
]
DESCRIPTION = dict(ROUTES)


def _q(path: str, params: dict) -> str:
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def route_paths(qset: dict, meeting_ids: list[str], speaker_names: list[str], per_route: int = 8,
                person_ids: list[str] | None = None, bill_ids: list[str] | None = None) -> dict[str, list[str]]:
    """The requests of every route, built from the query mix and the corpus (people and bills: from the
    index, `registry_samples`; a route without ids is left out)."""
    cl = qset["classes"]

    def words(cls: str, k: int = per_route) -> list[str]:
        return [q["q"] for q in cl[cls][:k]]

    def params(cls: str, k: int = per_route) -> list[dict]:
        return [search_params(q) for q in cl[cls][:k]]

    firsts = ["個人情報"] + [w for w in words("single", per_route - 1) if w != "個人情報"]
    dated = params("daterange")  # 個人情報 2016-04..2021-03 first
    ids = meeting_ids[:per_route]
    out = {
        "api_search": [_q("/api/search", {"q": w}) for w in firsts],
        "api_search_daterange": [_q("/api/search", p) for p in dated],
        "api_search_browse": [_q("/api/search", p) for p in params("browse")],
        "api_search_or": [_q("/api/search", p) for p in params("or")],
        "api_search_perpage100": [_q("/api/search", p) for p in params("perpage100")],
        "api_search_page50": [_q("/api/search", p) for p in params("page50")],
        "api_search_partial": [_q("/api/search", p) for p in params("partial")],
        "feed": [_q("/feed", {"q": w}) for w in firsts],
        "html_search": [_q("/", {"q": w}) for w in firsts],
        "html_search_daterange": [_q("/", p) for p in dated[: max(2, per_route // 2)]],
        "html_landing": ["/"],
        "html_meetings": ["/meetings"],
        "html_meeting": [f"/meetings/{urllib.parse.quote(i)}" for i in ids],
        "html_meeting_q": [_q(f"/meetings/{urllib.parse.quote(i)}", {"q": "個人情報"}) for i in ids[: max(2, per_route // 2)]],
        "html_items": [_q("/", {"mode": "items", "q": w}) for w in firsts],
        "api_items": [_q("/api/items", {"q": w}) for w in firsts],
        "api_item": [f"/api/items/{urllib.parse.quote(i)}.0" for i in ids],
        "api_similar": [f"/api/items/{urllib.parse.quote(i)}.0/similar" for i in ids],
        "html_similar": [f"/items/{urllib.parse.quote(i)}.0/similar" for i in ids[: max(2, per_route // 2)]],
        "api_meeting": [f"/api/meetings/{urllib.parse.quote(i)}" for i in ids],
        "api_meeting_list": [_q("/api/meeting_list", {"any": w}) for w in firsts[: max(2, per_route // 2)]],
        "api_speech": [_q("/api/speech", {"any": w}) for w in firsts[: max(2, per_route // 2)]],
        "api_diet_meeting": [_q("/api/meeting", {"any": w, "recordPacking": "json"}) for w in firsts[:3]],
        "api_speech_meeting": [_q("/api/speech", {"any": w, "nameOfMeeting": "本会議"}) for w in firsts[:3]],
        "api_speech_speaker_name": [_q("/api/speech", {"any": w, "speaker": s})
                                    for w, s in zip(firsts[:3], speaker_names[:3] or ["山田"])],
        "api_speech_speaker_role": [_q("/api/speech", {"any": w, "speaker": "会長"}) for w in firsts[:3]],
        "api_meetings": ["/api/meetings"],
        "html_person": [f"/people/{urllib.parse.quote(i, safe='')}" for i in person_ids or []],
        "api_person": [f"/api/people/{urllib.parse.quote(i, safe='')}" for i in person_ids or []],
        "api_search_person": [_q("/api/search", {"q": w, "person": i}) for w, i in zip(firsts, person_ids or [])],
        "html_bill": [f"/bills/{urllib.parse.quote(i, safe='')}" for i in bill_ids or []],
        "api_bill": [f"/api/bills/{urllib.parse.quote(i, safe='')}" for i in bill_ids or []],
    }
    return {name: out[name] for name, _ in ROUTES if out[name]}


def registry_samples(url: str, k: int = 8, timeout: float = 120.0) -> tuple[list[str], list[str]]:
    """Person ids (the two with most records, then evenly spread over the rest) and bill ids (the two with
    most steps, then evenly spread), from a running server's /api/people and /api/bills."""

    def get(path: str) -> dict:
        p = urllib.parse.urlsplit(url)
        c = http.client.HTTPConnection(p.hostname, p.port, timeout=timeout)
        try:
            c.request("GET", path)
            r = c.getresponse()
            body = r.read()
            return json.loads(body) if r.status == 200 else {}
        except (OSError, http.client.HTTPException, ValueError):
            return {}
        finally:
            c.close()

    def pick(rows: list[dict], key) -> list[str]:
        if not rows:
            return []
        rows = sorted(rows, key=lambda r: (-key(r), r["id"]))
        step = max(1, (len(rows) - 2) // max(1, k - 2))
        return [r["id"] for r in (rows[:2] + rows[2::step])][:k]

    people = get("/api/people").get("people") or []
    bills = get("/api/bills").get("bills") or []
    return pick(people, lambda p: p.get("records", 0)), pick(bills, lambda b: b.get("steps", 0))


def fetch(url: str, path: str, timeout: float) -> tuple[float, int | None, int, str | None]:
    """(seconds, status, body bytes, error) of one GET on a fresh connection."""
    p = urllib.parse.urlsplit(url)
    t0 = time.perf_counter()
    c = http.client.HTTPConnection(p.hostname, p.port, timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        return time.perf_counter() - t0, r.status, len(body), None
    except (OSError, http.client.HTTPException) as e:
        return time.perf_counter() - t0, None, 0, type(e).__name__
    finally:
        c.close()


def profile_request(server, path: str, seconds: float, dest: Path, rate: int = 100) -> dict:
    """py-spy on the server while it answers `path` (at most `seconds`); the top functions."""
    from .profiling import summarize_pyspy

    raw = dest.with_suffix(".pyspy.txt")
    spy = subprocess.Popen([str(PYSPY), "record", "--pid", str(server.pid), "-r", str(rate), "-f", "raw", "-o",
                            str(raw), "-d", str(max(1, int(seconds) + 1)), "--nonblocking"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)  # let it attach
    dt, status, size, err = fetch(server.url, path, seconds)
    spy.send_signal(signal.SIGINT)  # the request is done (or abandoned): stop sampling, write the stacks
    try:
        _, errs = spy.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        spy.kill()
        _, errs = spy.communicate()
    if not raw.exists():
        return {"error": f"py-spy wrote nothing: {(errs or '')[-300:]}"}
    out = summarize_pyspy(raw, rate)
    out.update(path=path, request_s=round(dt, 2), status=status, error=err, raw=str(raw.relative_to(PROJECT))
               if raw.is_relative_to(PROJECT) else str(raw))
    return out


def measure_routes(server, paths: dict[str, list[str]], passes: int = 3, timeout: float = 15.0,
                   budget: float = 60.0, profile_dir: Path | None = None, log=print) -> dict:
    """Time every route; restart the server after an abandoned request; profile the routes that miss."""
    out: dict[str, dict] = {}
    for name, plist in paths.items():
        lat: list[float] = []
        sizes: list[int] = []
        status: dict[str, int] = {}
        per_path: dict[str, list[float]] = {}
        first_ms = None
        timeouts = errors = sent = 0
        t_route = time.perf_counter()
        stopped = None
        for _ in range(passes):
            for path in plist:
                if time.perf_counter() - t_route > budget:
                    stopped = "budget"
                    break
                dt, st, size, err = fetch(server.url, path, timeout)
                sent += 1
                if err is not None:
                    if dt >= timeout * 0.95:
                        timeouts += 1
                        stopped = "timeout"
                    else:
                        errors += 1
                        status[err] = status.get(err, 0) + 1
                    break
                ms = dt * 1000
                first_ms = first_ms if first_ms is not None else ms
                lat.append(ms)
                sizes.append(size)
                per_path.setdefault(path, []).append(ms)
                status[str(st)] = status.get(str(st), 0) + 1
            if stopped:
                break
        res = {
            "what": DESCRIPTION[name],
            "paths": len(plist),
            "sent": sent,
            "planned": passes * len(plist),
            "answered": len(lat),
            "status": status,
            "timeouts": timeouts,
            "errors": errors,
            "stopped": stopped,
            "timeout_s": timeout,
            "first_ms": round(first_ms, 1) if first_ms is not None else None,
            "p50_ms": round(percentile(lat, 50), 1) if lat else None,
            "p95_ms": round(percentile(lat, 95), 1) if lat else None,
            "max_ms": round(max(lat), 1) if lat else None,
            "kb_p50": round(statistics.median(sizes) / 1024, 1) if sizes else None,
            "kb_max": round(max(sizes) / 1024, 1) if sizes else None,
            "kb_first_path": round(sizes[0] / 1024, 1) if sizes else None,
            "first_path": plist[0] if plist else None,
        }
        res["miss"] = bool(timeouts or (res["p95_ms"] is not None and res["p95_ms"] > TARGET_MS))
        if res["kb_max"] is not None and name.startswith("html") and res["kb_max"] > PAGE_TARGET_KB:
            res["page_miss"] = True  # (a transcript page holds its whole meeting: the report tells them apart)
        if timeouts:
            log(f"  route {name}: a request took more than {timeout:.0f} s; restarting the server")
            server.restart()
        if res["miss"] and profile_dir is not None:
            slowest = max(per_path, key=lambda p: max(per_path[p])) if per_path else plist[0]
            try:
                res["profile"] = profile_request(server, slowest, timeout, profile_dir / f"route-{name}")
            except Exception as e:  # a profile must not sink the run
                res["profile"] = {"error": f"{type(e).__name__}: {e}"}
            if res["profile"].get("error") == "timeout" or (res["profile"].get("request_s") or 0) >= timeout * 0.95:
                server.restart()
        res["server_starts"] = server.starts
        out[name] = res
        log(f"  route {name}: p50 {res['p50_ms']} ms, p95 {res['p95_ms']} ms, {res['kb_p50']} KB"
            + (f", {timeouts} timed out" if timeouts else "") + (" (miss)" if res["miss"] else ""))
    return out


def main(argv: list[str] | None = None) -> int:
    """Standalone: python -m benchmarks.routes --serve-index DIR [--timeout S]"""
    import argparse

    from .load import ServerProcess
    from .queries import load_or_build

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--serve-index", type=Path, required=True)
    p.add_argument("--records", type=Path, help="records.jsonl of the corpus (meeting ids, speaker names)")
    p.add_argument("--timeout", type=float, default=15.0)
    p.add_argument("--budget", type=float, default=60.0)
    p.add_argument("--passes", type=int, default=3)
    args = p.parse_args(argv)
    qset = load_or_build(PROJECT / "benchmarks" / "out" / "queries.json")
    ids, names = corpus_samples(args.records) if args.records else ([], [])
    with ServerProcess(args.serve_index) as server:
        res = measure_routes(server, route_paths(qset, ids, names), args.passes, args.timeout, args.budget)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0


def corpus_samples(records: Path, k: int = 8) -> tuple[list[str], list[str]]:
    """Meeting ids (the largest meeting of each kind first, then evenly spread) and speaker names."""
    import re

    counts: dict[str, int] = {}
    names: dict[str, int] = {}
    with open(records, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            counts[r["meeting"]] = counts.get(r["meeting"], 0) + 1
            m = re.search(r"（([^）]+?)君）", r.get("speaker") or "")
            if m:
                names[m[1]] = names.get(m[1], 0) + 1
    ids = sorted(counts)
    kinds = ("honkaigi", "iinkai", "shingikai")
    largest = [max((i for i in ids if k_ in i), key=lambda i: counts[i]) for k_ in kinds if any(k_ in i for i in ids)]
    step = max(1, len(ids) // k)
    spread = [i for i in ids[::step] if i not in largest]
    return (largest + spread)[:k], [n for n, _ in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))][:5]


if __name__ == "__main__":
    import sys

    sys.exit(main())
