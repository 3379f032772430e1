"""Subcommands of the engine: search and stats (and, from items_cli, items and similar)."""

from __future__ import annotations

import argparse
import json
import sys

from .budget import NOTICE
from .cliargs import add_index_argument, add_json_argument, display_width, fail, int_range, pad, print_json
from .facets import FACET_SIZE, FACETS, MAX_FACET_SIZE
from .hits import asks, word_notes
from .model import KIND_LABELS as KIND_JA
from .roles import role_label

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
    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help="この日から: 2022-07-11、2022-07、令和4年7月、令和3年度 など")
    p.add_argument("--until", dest="date_until", metavar="DATE", help="この日まで（同じ書き方、その日を含む）")
    p.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance",
                   help="並び順: relevance（関連度、既定）、newest（新しい順）、oldest（古い順）")
    p.add_argument("--limit", type=int_range(1, 100), default=10, metavar="N", help="1ページの件数（1〜100、既定 10）")
    p.add_argument("--page", type=int_range(1, 1000), default=1, metavar="N", help="ページ番号（既定 1）")
    p.add_argument("--no-synonyms", action="store_true", help="同義語に広げずに検索する")
    p.add_argument("--without", action="append", default=[], metavar="WORD",
                   help="この語だけは同義語に広げない（繰り返し可）")
    p.add_argument("--facet-size", type=int_range(0, MAX_FACET_SIZE), default=FACET_SIZE, metavar="N",
                   help=f"--json の facets に載せる各項目の値の数（0 はすべて、既定 {FACET_SIZE}）")
    add_json_argument(p, "結果（total、hits、facets、expansions）")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("stats", help="索引の件数を表示する",
                       description="索引にある会議と記録の件数を、会議・発言者・種別・年度・年ごとに表示します。")
    add_index_argument(p)
    add_json_argument(p, "件数")
    p.set_defaults(func=cmd_stats)

    from . import items_cli

    items_cli.register(sub)


def _engine(args):
    from .engine import SearchEngine
    from .paths import index_dir

    return SearchEngine(index_dir(args.index))


def cmd_search(args: argparse.Namespace) -> int:
    from .engine import RequestError, SearchRequest
    from .query import QueryError
    from .store import IndexError_

    filters = {f.name: getattr(args, f"facet_{f.name}") for f in FACETS if getattr(args, f"facet_{f.name}")}
    try:
        engine = _engine(args)
        req = SearchRequest(q=" ".join(args.query), filters=filters, date_from=args.date_from,
                            date_until=args.date_until, sort=args.sort, page=args.page, per_page=args.limit,
                            synonyms=not args.no_synonyms, without=args.without, facet_size=args.facet_size)
        res = engine.search(req)
    except IndexError_ as e:
        return fail(str(e), 1)
    except (QueryError, RequestError) as e:
        return fail(str(e), 2)
    if args.json:
        print_json(res)
        return 0
    print(readable(res))
    return 0


def _marked(text: str, offset: int, spans: list[list[int]]) -> str:
    out, at = [], 0
    for s, e in spans:
        s, e = s - offset, e - offset
        if e <= 0 or s >= len(text):
            continue
        s, e = max(s, 0), min(e, len(text))
        out.append(text[at:s] + "【" + text[s:e] + "】")
        at = e
    out.append(text[at:])
    return "".join(out).replace("\n", " ")


def _how(h: dict) -> str:
    notes = []
    other = "対応する記録" if h["kind"] == "opinion" else "回答" if asks(h["kind"], h["role"]) else "質問"
    for m in h.get("matched") or []:
        if m["how"] == "substring":
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
        mine = "   " + pre + _marked(h["snippet"], h["snippet_offset"], h["highlights"]) + post
        if h["counterpart"]:
            label = "回答" if asks(h["kind"], h["role"]) else "質問"
            snip = h.get("counterpart_snippet") or h["counterpart"][:80]
            off = h.get("counterpart_snippet_offset", 0)
            cut = "…" if off + len(snip) < len(h["counterpart"]) else ""
            theirs = (f"   ↳ {label}（{h['counterpart_speaker']}）: " + ("…" if off else "")
                      + _marked(snip, off, h.get("counterpart_highlights", [])) + cut)
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
    from .facets import BY_NAME
    from .store import IndexError_

    try:
        st = _engine(args).stats()
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
