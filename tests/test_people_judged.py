"""Who is who, measured: speaker labels of the dev sittings and the shipped corpus, each with the person
a reader says it names (tests/people_judged.json), against the ids indexer/identity.py gives.

Run alone to print the figure: `.venv/bin/python -m tests.test_people_judged`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from kaigiroku.indexer.parse import parse_file
from kaigiroku.search.facets import person_name
from kaigiroku.search.paths import CORPUS_DIR

JUDGED = Path(__file__).resolve().parent / "people_judged.json"
DEV = Path(__file__).resolve().parents[2] / "shared" / "minutes-dev"


def score() -> dict:
    labels = json.loads(JUDGED.read_text(encoding="utf-8"))["labels"]
    files = {p.stem: p for folder in (DEV, CORPUS_DIR) if folder.is_dir() for p in folder.glob("*.txt")}
    meetings: dict[str, dict[str, str]] = {}
    right, wrong, judged = 0, [], 0
    by_how: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # how it was judged -> [right, judged]
    people_of_id: dict[str, set] = defaultdict(set)
    for e in labels:
        if e["meeting"] not in files:
            continue
        if e["meeting"] not in meetings:
            m = parse_file(files[e["meeting"]])
            meetings[e["meeting"]] = {r.speaker: r.pid for r in m.records}
        pid = meetings[e["meeting"]].get(e["label"])
        if pid is None:
            continue  # the label is no longer read as a speaker
        judged += 1
        got = person_name(pid) if pid else None
        by_how[e["how"]][1] += 1
        if got == e["person"]:
            right += 1
            by_how[e["how"]][0] += 1
        else:
            wrong.append((e["meeting"], e["label"], e["person"], pid))
        if pid and e["person"]:
            people_of_id[pid].add(e["person"])
    merged = {pid: sorted(names) for pid, names in people_of_id.items() if len(names) > 1}
    ids_of_person: dict[str, set] = defaultdict(set)
    for pid, names in people_of_id.items():
        for name in names:
            ids_of_person[name].add(pid)
    split = {name: sorted(ids) for name, ids in ids_of_person.items() if len(ids) > 1}  # one person, two ids
    return {"judged": judged, "right": right, "share": right / judged if judged else 0.0, "wrong": wrong,
            "merged": merged, "split": split, "ids": len(people_of_id), "by_how": dict(by_how)}


@pytest.fixture(scope="module")
def result():
    if not DEV.is_dir():
        pytest.skip(f"the dev sittings are not at {DEV}")
    return score()


def test_at_least_fifty_labels_judged(result):
    assert result["judged"] >= 50


def test_ninety_five_percent_right(result):
    assert result["share"] >= 0.95, result["wrong"]


def test_no_two_people_merged(result):
    assert not result["merged"]


if __name__ == "__main__":
    r = score()
    print(f"{r['right']}/{r['judged']} right ({r['share']:.1%}), people merged: {len(r['merged'])}, "
          f"people split over two ids: {len(r['split'])}, ids: {r['ids']}")
    for how, (k, n) in r["by_how"].items():
        print(f"  {how}: {k}/{n}")
    for name, ids in r["split"].items():
        print("  split:", name, *ids)
    for w in r["wrong"]:
        print("  wrong:", *w)
