"""Subcommands people and bills: who spoke (one person across meetings) and what happened to a bill."""

from __future__ import annotations

import argparse
import unicodedata

from .cliargs import add_index_argument, add_json_argument, fail, open_backend, print_json
from .search.roles import role_label


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("people", help="人物（発言者）を一覧する",
                       description="名前に NAME を含む人物を、ID・名前・肩書・発言した会議の ID とともに表示します。"
                                   "ID は /people/ID のページと --person 絞り込み（kaigiroku search --person ID）に使えます。")
    p.add_argument("name", nargs="?", default="", metavar="NAME", help="名前（の一部。省略するとすべて）")
    p.add_argument("--municipality", default="", metavar="VALUE", help="自治体（国会も可）で絞り込む")
    add_index_argument(p)
    add_json_argument(p, "人物の一覧")
    p.set_defaults(func=cmd_people)

    p = sub.add_parser("bills", help="議案を一覧する",
                       description="番号・題名・会期に QUERY を含む議案（議案・報告・請願・陳情・意見書案・諮問）を、"
                                   "ID・最新の結果・経過（会議ごとの段階）とともに表示します。")
    p.add_argument("query", nargs="*", metavar="QUERY", help="議案第12号、請願、令和6年第4回定例会、題名の語など")
    add_index_argument(p)
    add_json_argument(p, "議案の一覧（--json で経過も）")
    p.set_defaults(func=cmd_bills)


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def cmd_people(args: argparse.Namespace) -> int:
    from .search.api import IndexError_
    from .search.people import matches

    try:
        people = open_backend(args).people()
    except IndexError_ as e:
        return fail(str(e), 1)
    place = _key(args.municipality)
    found = [p for p in people if matches(p, args.name) and (not place or _key(p["place"]) == place)]
    if args.json:
        print_json(found)
        return 0
    if not found:
        print("該当する人物はいません。")
        return 0
    print(f"{len(found)} 人")
    for p in found:
        roles = "・".join(role_label(r) for r in p["roles"])
        print(f"\n{p['name']}（{p['place'] or '自治体不明'}）  ID: {p['id']}")
        print(f"  肩書: {'、'.join(p['titles']) or '—'}  区分: {roles}  表記: {'、'.join(p['labels'])}")
        print(f"  記録 {p['records']} 件、会議 {p['meeting_count']} 件: {' '.join(p['meetings'])}")
    return 0


def cmd_bills(args: argparse.Namespace) -> int:
    from .search.api import IndexError_
    from .search.bills import numbers_of

    try:
        backend = open_backend(args)
        bills = backend.bills()
    except IndexError_ as e:
        return fail(str(e), 1)
    words = [_key(w) for w in args.query if _key(w)]

    def hit(b: dict) -> bool:
        """Every word: a bill number naming this bill (議案第12号), or a part of its id, title or session."""
        text = _key(f"{b['id']} {b['title']} {b['session']} {b['place']}")
        return all(b["number"] in numbers_of(w) if numbers_of(w) else w in text for w in words)

    found = [b for b in bills if hit(b)]
    if args.json:
        print_json([backend.bill(b["id"]) for b in found])
        return 0
    if not found:
        print("該当する議案はありません。")
        return 0
    print(f"{len(found)} 件")
    for b in found:
        print(f"\n{b['number']} {b['title']}（{b['place']} {b['session']}）  ID: {b['id']}")
        print(f"  結果: {b['latest']}")
        for s in backend.bill(b["id"])["steps"]:
            votes = (s.get("votes") or {}).get("how") or ""
            where = f"（{s['referred']}）" if s.get("referred") else ""
            print(f"  {s['date']} {s['body'] or s['meeting_title']}: {s['step']}{where}{'（' + votes + '）' if votes else ''}  {s['item']}")
    return 0
