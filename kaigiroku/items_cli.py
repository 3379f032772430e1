"""Subcommands for agenda items: `kaigiroku items QUERY` and `kaigiroku similar ITEM_ID`."""

from __future__ import annotations

import argparse

from .cliargs import (add_index_argument, add_json_argument, add_request_arguments, fail, int_range, marked,
                      open_backend, print_json, run_search)
from .search.budget import NOTICE
from .search.facets import BY_NAME
from .search.item_facets import ITEM_FACETS, RECORD_FILTERS
from .search.roles import role_label

ITEMS_HELP = """\
議題（案件）を検索します。結果は案件ごとに1件で、会議・日付・種類・題名・結果・採決と、
案件の中で一致した発言（最大3件）を示します。語の書き方は `kaigiroku search` と同じです。
絞り込みを繰り返すと、そのいずれか（OR）になります（--outcome 承認 --outcome 可決）。
案件 ID（会議ID.番号）は `kaigiroku similar` に渡せます。
"""
SIMILAR_HELP = """\
ある案件と同じ事柄を扱った案件（似た案件）を、ほかの会議も含めて探します。
案件の題名と発言から特徴的な語を選び、それらを含む案件を関連度の順に示します。
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("items", help="議題（案件）を検索する", description=ITEMS_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="*", metavar="QUERY", help="検索語（省略すると案件の一覧）")
    add_index_argument(p)
    for f in (*ITEM_FACETS, *(BY_NAME[n] for n in RECORD_FILTERS)):
        p.add_argument(f"--{f.name.replace('_', '-')}", dest=f"facet_{f.name}", action="append", default=[],
                       metavar="VALUE", help=f"{f.help}で絞り込む（繰り返し可）")
    add_request_arguments(p)
    add_json_argument(p, "結果（total、items、facets）")
    p.set_defaults(func=cmd_items)

    p = sub.add_parser("similar", help="似た案件を探す", description=SIMILAR_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("item", metavar="ITEM_ID", help="案件 ID（会議ID.番号。例: meguro-r04-02.3。`kaigiroku items` が表示します）")
    add_index_argument(p)
    p.add_argument("--limit", type=int_range(1, 20), default=5, metavar="N", help="件数（1〜20、既定 5）")
    add_json_argument(p, "結果（item、terms、items）")
    p.set_defaults(func=cmd_similar)


def cmd_items(args: argparse.Namespace) -> int:
    names = [f.name for f in ITEM_FACETS] + list(RECORD_FILTERS)
    res = run_search(args, {n: getattr(args, f"facet_{n}") for n in names if getattr(args, f"facet_{n}")}, items=True)
    if isinstance(res, int):
        return res
    lines = [f"案件 {res['total']} 件（{res['page']}/{res['pages']} ページ、{res['took_ms']} ms）"]
    if res.get("timed_out"):
        lines.append(NOTICE)
    for n, it in enumerate(res["items"], start=(res["page"] - 1) * res["per_page"] + 1):
        lines += ["", *readable_item(n, it)]
    if res["total"]:
        lines.append("")
        for f in ITEM_FACETS:
            counts = res["facets"].get(f.name) or {}
            if len(counts) > 1 or f.name in res["filters"]:
                lines.append(f"[{f.label}] " + "、".join(f"{f.display(k)} {v}" for k, v in list(counts.items())[:6]))
    else:
        lines.append("見つかりませんでした。語を減らす、別の言い方にする、絞り込みを外すと見つかることがあります。")
    print("\n".join(lines))
    return 0


def readable_item(n: int, it: dict) -> list[str]:
    votes = it.get("votes") or {}
    tally = f" 賛成{votes['for']} 反対{votes.get('against') or 0}" if votes.get("for") is not None else ""
    how = f" {votes['how']}" if votes.get("how") else ""
    outcome = "" if it["outcome"] == "なし" else f"【{it['outcome']}】"
    number = f" {it['number']}" if it.get("number") else ""
    out = [f"{n}. [{it['kind']}{number}] {it['title']} {outcome}{tally}{how}",
           f"   {it['municipality']} {it['meeting_title']}（{it['date_wareki']}）  ID: {it['id']}",
           f"   発言: {'、'.join(role_label(r) for r in it['roles']) or '記録なし'}（{it['records']} 件）"]
    for h in it["hits"]:
        pre, post = ("…" if h["snippet_truncated"][0] else ""), ("…" if h["snippet_truncated"][1] else "")
        out.append(f"   #{h['order']} {role_label(h['role'])}: {pre}{marked(h['snippet'], h['snippet_offset'], h['highlights'])}{post}")
    return out


def cmd_similar(args: argparse.Namespace) -> int:
    from .search.api import IndexError_, split_item_id

    if split_item_id(args.item) is None:
        return fail(f"案件 ID は「会議ID.番号」の形です（例: meguro-r04-02.3。指定: {args.item}）", 2)
    try:
        res = open_backend(args).similar_items(args.item, args.limit)
    except IndexError_ as e:
        return fail(str(e), 1)
    if res is None:
        return fail(f"案件が見つかりません: {args.item}（`kaigiroku items` で案件 ID を確かめてください）", 2)
    if args.json:
        print_json(res)
        return 0
    base = res["item"]
    lines = [f"似た案件: [{base['kind']}] {base['title']}（{base['meeting_title']}、{base['date_wareki']}）",
             "手がかりにした語: " + "、".join(t["term"] for t in res["terms"])]
    if res.get("timed_out"):
        lines.append(NOTICE)
    for n, it in enumerate(res["items"], 1):
        lines += ["", *readable_item(n, it)]
    if not res["items"]:
        lines.append("似た案件は見つかりませんでした。")
    print("\n".join(lines))
    return 0
