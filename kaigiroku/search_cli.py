"""Subcommands of search: search and stats (and, from items_cli, items and similar)."""

from __future__ import annotations

import argparse

from .cliargs import (add_index_argument, add_json_argument, add_request_arguments, display_width, fail, marked,
                      open_backend, pad, print_json, run_search)
from .search.budget import NOTICE
from .search.facets import FACETS
from .search.results import asks, counterpart_label, word_notes
from .search.model import KIND_LABELS as KIND_JA
from .search.roles import role_label

SEARCH_HELP = """\
索引を検索します。語はスペースで区切ります。すべての語を含む記録が先に並び、少ないときは
一部の語を含む記録が続きます。スペースなしで書いた語はひとまとまりとして探し（語の一部にも一致）、
"…"（または「…」）でフレーズ、A OR B でいずれか、-語 で除外、role:委員 や 年度:令和3年度 で絞り込みます。
同じ絞り込みを繰り返すと、そのいずれか（OR）になります（--role 委員 --role 会長）。
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="索引を検索する", description=SEARCH_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="*", metavar="QUERY", help="検索語（複数の引数はスペースでつなぎます）")
    add_index_argument(p)
    for f in FACETS:
        p.add_argument(f"--{f.name.replace('_', '-')}", dest=f"facet_{f.name}", action="append", default=[],
                       metavar="VALUE", help=f"{f.help}で絞り込む（繰り返し可）")
    add_request_arguments(p)
    add_json_argument(p, "結果（total、hits、facets、expansions）")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("stats", help="索引の件数を表示する",
                       description="索引にある会議と記録の件数を、会議・発言者・種別・年度・年ごとに表示します。")
    add_index_argument(p)
    add_json_argument(p, "件数")
    p.set_defaults(func=cmd_stats)

    from . import items_cli

    items_cli.register(sub)

    from . import people_cli

    people_cli.register(sub)


def cmd_search(args: argparse.Namespace) -> int:
    res = run_search(args, {f.name: getattr(args, f"facet_{f.name}") for f in FACETS if getattr(args, f"facet_{f.name}")})
    if isinstance(res, int):
        return res
    print(readable(res))
    return 0


def _how(h: dict) -> str:
    notes = []
    other = counterpart_label(h["kind"], h["role"])
    for m in h.get("matched") or []:
        if m["how"] == "near":
            notes.append(f"{m['word']}: 近い形")
        elif m["how"] == "substring":
            notes.append(f"{m['word']}: 語の一部")
        elif m["how"] == "context":
            notes.append(f"{m['word']}: {other}の側")
    if h.get("match") == "partial":
        notes.insert(0, "一部の語のみ: " + "・".join(m["word"] for m in h.get("matched") or []))
    return "（" + "、".join(notes) + "）" if notes else ""


def readable(res: dict) -> str:
    grouped = f"、質問と回答をまとめて {res['listed']} 件として表示" if res.get("listed", res["total"]) < res["total"] else ""
    lines = [f"{res['total']} 件（{res['page']}/{res['pages']} ページ{grouped}、{res['took_ms']} ms）"]
    if res.get("timed_out"):
        lines.append(NOTICE)
    lines.extend(word_notes(res))
    for e in res["expansions"]:
        state = "適用" if e["applied"] else "不使用"
        related = f"（関連語: {'、'.join(e['related'])}）" if e["related"] else ""
        lines.append(f"同義語（{state}）: {e['term']} → {'、'.join(e['alternatives']) or '—'}{related}")
    divided = False
    for n, h in enumerate(res["hits"], start=(res["page"] - 1) * res["per_page"] + 1):
        if res.get("partial") and h.get("match") == "partial" and not divided:
            lines += ["", f"すべての語を含む記録は {res['total_all']} 件です。一部の語を含む記録:"]
            divided = True
        head = f"{n}. {h['meeting_title']}（{h['date_wareki']}）#{h['order']}  {h['item'] or '—'}"
        lines.append("")
        lines.append(head)
        who = f"   {KIND_JA.get(h['kind'], h['kind'])} {role_label(h['role'])}/{h['speaker']}  {h['meeting']} {h['lines'][0]}-{h['lines'][1]}行"
        lines.append(who + _how(h))
        pre, post = ("…" if h["snippet_truncated"][0] else ""), ("…" if h["snippet_truncated"][1] else "")
        mine = "   " + pre + marked(h["snippet"], h["snippet_offset"], h["highlights"]) + post
        if h["counterpart"]:
            label = counterpart_label(h["kind"], h["role"])
            snip = h.get("counterpart_snippet") or h["counterpart"][:80]
            off = h.get("counterpart_snippet_offset", 0)
            cut = "…" if off + len(snip) < len(h["counterpart"]) else ""
            theirs = (f"   ↳ {label}（{h['counterpart_speaker']}）: " + ("…" if off else "")
                      + marked(snip, off, h.get("counterpart_highlights", [])) + cut)
            lines += [mine, theirs] if asks(h["kind"], h["role"]) else [theirs, mine]
        else:
            lines.append(mine)
    if res["total"]:
        lines.append("")
        for f in FACETS:
            counts = res["facets"].get(f.name) or {}
            if len(counts) > 1 or f.name in res.get("filters", {}):
                shown = "、".join(f"{f.display(k)} {v}" for k, v in list(counts.items())[:6])
                lines.append(f"[{f.label}] {shown}")
    else:
        lines.append("見つかりませんでした。語を減らす、別の言い方にする、期間や絞り込みを外すと見つかることがあります。")
    return "\n".join(lines)


def cmd_stats(args: argparse.Namespace) -> int:
    from .search.api import IndexError_
    from .search.facets import BY_NAME

    try:
        st = open_backend(args).stats()
    except IndexError_ as e:
        return fail(str(e), 1)
    if args.json:
        print_json(st)
        return 0
    print(f"会議 {st['meetings']} 件、記録 {st['records']} 件")
    for name, counts in st["by"].items():
        f = BY_NAME[name]
        labels = {k: f.display(k) for k in counts}
        width = max(map(display_width, labels.values()), default=0) + 2
        print(f"\n{f.label}:")
        for k, v in counts.items():
            print(f"  {pad(labels[k], width)}{v:>7}")
    return 0
