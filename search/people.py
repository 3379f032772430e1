"""People across meetings: the people table gathered from the meeting headers.

Each meeting header carries its people (indexer/identity.py: id, name, place, titles,
labels, roles, records, items). This module gathers them into one entry per person id:
the names and titles held over time, the bodies and roles, the meetings spoken in and the
agenda items spoken on. Engine-free: any backend feeds it its meeting headers and keeps the
result for an index generation.
"""

from __future__ import annotations

import re

from .model import filed_date

_DIET = re.compile(r"衆議院|参議院|国会|國會")


def is_diet(m) -> bool:
    """Whether a meeting (a Meeting or its header dict) is the Diet's."""
    get = (lambda k: m.get(k) or "") if isinstance(m, dict) else (lambda k: getattr(m, k) or "")
    return bool(_DIET.search(f"{get('title')}{get('body')}{get('session')}")) or get("id").startswith("kokkai")


def place_of(m) -> str:
    """Where a meeting's people and bills belong: its municipality, 国会 for the Diet, "" when unknown."""
    if is_diet(m):
        return "国会"
    return (m.get("municipality") if isinstance(m, dict) else m.municipality) or ""


def collect(headers: list[dict]) -> dict[str, dict]:
    """person id -> the person, from meeting headers (Meeting.to_dict() without records)."""
    people: dict[str, dict] = {}
    for h in sorted(headers, key=lambda h: (filed_date(h.get("dates") or []), h["id"])):
        date = filed_date(h.get("dates") or [])
        items = h.get("items") or []
        for p in h.get("people") or ():
            e = people.setdefault(p["id"], {"id": p["id"], "name": p["name"], "place": p.get("place", ""),
                                           "labels": [], "titles": {}, "bodies": [], "roles": [],
                                           "records": 0, "meetings": []})
            for label in p.get("labels", ()):
                if label not in e["labels"]:
                    e["labels"].append(label)
            for t in p.get("titles", ()):
                span = e["titles"].setdefault(t, {"title": t, "first": date, "last": date, "meetings": 0})
                span["last"] = date
                span["meetings"] += 1
            body = h.get("body") or ""
            if body and body not in e["bodies"]:
                e["bodies"].append(body)
            for r in p.get("roles", ()):
                if r not in e["roles"]:
                    e["roles"].append(r)
            e["records"] += p.get("records", 0)
            e["meetings"].append({
                "id": h["id"], "title": h.get("title", ""), "body": body, "date": date,
                "records": p.get("records", 0), "titles": list(p.get("titles", ())), "labels": list(p.get("labels", ())),
                "items": [{"id": f"{h['id']}.{i}", "index": i, "title": items[i].get("title", ""),
                           "kind": items[i].get("kind", ""), "outcome": items[i].get("outcome")}
                          for i in p.get("items", ()) if i < len(items)],
            })
    for e in people.values():
        e["titles"] = sorted(e["titles"].values(), key=lambda t: (t["first"], t["title"]))
        e["meetings"].reverse()  # newest first
    return people


def summary(person: dict) -> dict:
    """A person as the list shows it: no per-meeting detail, the meeting ids kept."""
    return {"id": person["id"], "name": person["name"], "place": person["place"], "labels": person["labels"],
            "titles": [t["title"] for t in person["titles"]], "bodies": person["bodies"], "roles": person["roles"],
            "records": person["records"], "meeting_count": len(person["meetings"]),
            "meetings": [m["id"] for m in person["meetings"]],
            "last": person["meetings"][0]["date"] if person["meetings"] else ""}


def matches(person: dict, name: str) -> bool:
    """Whether a typed name (spaces ignored) is part of the person's name, labels or id."""
    import unicodedata

    key = "".join(unicodedata.normalize("NFKC", name or "").split())
    if not key:
        return True
    return any(key in "".join(unicodedata.normalize("NFKC", s).split())
               for s in (person["id"], person["name"], *person["labels"]))


__all__ = ["collect", "is_diet", "matches", "place_of", "summary"]
