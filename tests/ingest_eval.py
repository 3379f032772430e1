"""Measure ingest on real minutes it was not tuned to: files accepted, right, and accepted as garbage.

    python -m tests.ingest_eval DIR [--held-out 3] [--verbose]

DIR holds minutes files and an INDEX.tsv (tab-separated, a header row) naming, per file, what
reading it must give: `file`, `date` (ISO, or 和暦), `speakers` (`label=role; label=role`, a role
as a key or its Japanese label: 会長=chair; 田中委員=member; 事務局=事務局), and optionally
`municipality`, `items` (the number of agenda items) and `expect` (`refuse` for a file that is no
minutes). Real minutes stay outside the repository; only this tool is in it.

A file is *right* when it is accepted with every expected speaker found under its role, no
record by a speaker the index does not name, the right date and (when given) the right number of
items. It is *garbage* when it is accepted although it should be refused, or when most of its
records are by speakers the index does not name. `--held-out N` measures every N-th file only
(the ones left out while designing).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kaigiroku.indexer.parse import parse_file
from kaigiroku.indexer.source import InputError
from kaigiroku.search.roles import parse_role
from kaigiroku.search.wareki import find_dates


def _key(label: str) -> str:
    return re.sub(r"[\s○◯〇◆◎●・•()（）【】〔〕<>＜＞\[\]［］:：]|君$|さん$", "", unicodedata.normalize("NFKC", label))


@dataclass
class Outcome:
    file: str
    accepted: bool = False
    right: bool = False
    garbage: bool = False
    problems: list[str] = field(default_factory=list)


def expected_speakers(cell: str) -> dict[str, str]:
    out = {}
    for part in re.split(r"[;；]\s*", cell or ""):
        if "=" in part:
            label, role = part.rsplit("=", 1)
            key = parse_role(role.strip())
            if key is None:
                raise SystemExit(f"INDEX.tsv: unknown role {role!r}")
            out[_key(label)] = key
    return out


def judge(path: Path, row: dict[str, str]) -> Outcome:
    out = Outcome(path.name)
    refuse = (row.get("expect") or "").strip() == "refuse"
    try:
        m = parse_file(path)
    except InputError as e:
        out.right = refuse
        if not refuse:
            out.problems.append(f"refused: {e.problem[:120]}")
        return out
    out.accepted = True
    if refuse:
        out.garbage = True
        out.problems.append("accepted a file that is no minutes")
        return out
    want = expected_speakers(row.get("speakers", ""))
    got: dict[str, set[str]] = {}
    unknown = 0
    for r in m.records:
        k = _key(r.speaker)
        # The label itself when the index names it, else the longest label that contains it or is
        # contained in it (副議長 is 副議長, not 議長, when the index names both).
        match = k if k in want else max((w for w in want if len(w) >= 2 and (w in k or k in w)), key=len, default=None)
        if match is None:
            unknown += 1
            continue
        got.setdefault(match, set()).add(r.role)
    missing = [w for w in want if w not in got]
    wrong = {w: sorted(rs) for w, rs in got.items() if rs != {want[w]}}
    if missing:
        out.problems.append(f"speakers not found: {', '.join(missing)}")
    if wrong:
        out.problems.append("roles: " + ", ".join(f"{w} {rs} (want {want[w]})" for w, rs in wrong.items()))
    if unknown:
        out.problems.append(f"{unknown} of {len(m.records)} records by speakers the index does not name")
    date = (row.get("date") or "").strip()
    want_date = date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else (find_dates(date) or [""])[0]
    if want_date and want_date not in m.dates:
        out.problems.append(f"date {m.dates} (want {want_date})")
    if (row.get("municipality") or "").strip() and row["municipality"].strip() != m.municipality:
        out.problems.append(f"municipality {m.municipality!r} (want {row['municipality'].strip()!r})")
    if (row.get("items") or "").strip() and int(row["items"]) != len(m.items):
        out.problems.append(f"items {len(m.items)} (want {row['items'].strip()})")
    out.garbage = not got or unknown > 0.5 * len(m.records)
    out.right = not out.problems
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder", type=Path)
    p.add_argument("--held-out", type=int, default=0, metavar="N", help="measure every N-th file only (1st, N+1th …)")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    with open(args.folder / "INDEX.tsv", encoding="utf-8", newline="") as f:
        rows = [{k.strip().lower(): (v or "") for k, v in r.items() if k} for r in csv.DictReader(f, delimiter="\t")]
    rows = [r for r in rows if r.get("file") and not r["file"].startswith("#")]
    if args.held_out:
        rows = rows[::args.held_out]
    results = [judge(args.folder / r["file"], r) for r in rows]
    n = len(results)
    for r in results:
        if args.verbose or r.problems:
            mark = "ok " if r.right else ("GARBAGE" if r.garbage else "no ")
            print(f"{mark} {r.file}: {'; '.join(r.problems) or 'right'}")
    acc = sum(r.accepted for r in results)
    right = sum(r.right for r in results)
    garbage = sum(r.garbage for r in results)
    print(f"files {n}: accepted {acc} ({acc / max(n, 1):.0%}), right {right} ({right / max(n, 1):.0%}), "
          f"accepted as garbage {garbage}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
