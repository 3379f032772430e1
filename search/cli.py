"""Subcommands of the engine: search and stats."""

from __future__ import annotations

import argparse
import json
import sys

from .model import KIND_LABELS as KIND_JA
from .model import RECORD_KINDS, ROLES
from .paths import add_index_argument as _index_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search", help="索引を検索する",
        description='Search the index. Words are ANDed; "…" is a phrase; OR between words; -word excludes; '
                    "field:value filters (role, meeting, topic, kind, year).",
    )
    p.add_argument("query", nargs="*", metavar="QUERY", help="the query (several arguments are joined by spaces)")
    _index_arg(p)
    p.add_argument("--role", choices=ROLES, help="only records of this speaker role")
    p.add_argument("--meeting", metavar="ID", help="only records of this meeting")
    p.add_argument("--topic", metavar="T", help="only records under this agenda item (its title)")
    p.add_argument("--kind", choices=RECORD_KINDS, help="only records of this kind")
    p.add_argument("--year", metavar="YYYY", help="only meetings held in this calendar year")
    p.add_argument("--from", dest="date_from", metavar="D", help="from this date: 2022-07-11, 2022-07, 令和4年7月 …")
    p.add_argument("--until", dest="date_until", metavar="D", help="until this date (same forms; inclusive)")
    p.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance", help="order of hits")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="hits per page (1-100, default 10)")
    p.add_argument("--page", type=int, default=1, metavar="N", help="page number (default 1)")
    p.add_argument("--no-synonyms", action="store_true", help="do not widen words to their synonyms")
    p.add_argument("--without", action="append", default=[], metavar="WORD",
                   help="do not widen this one word to its synonyms (repeatable)")
    p.add_argument("--json", action="store_true", help="print one JSON object (total, hits, facets, expansions)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("stats", help="索引の件数を表示する",
                       description="Show counts per meeting, role and kind.")
    _index_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)


def _engine(args):
    from .engine import SearchEngine
    from .paths import index_dir

    return SearchEngine(index_dir(args.index))


def cmd_search(args: argparse.Namespace) -> int:
    from .engine import RequestError, SearchRequest
    from .query import QueryError
    from .store import IndexError_

    try:
        engine = _engine(args)
        req = SearchRequest(q=" ".join(args.query), role=args.role, meeting=args.meeting, topic=args.topic,
                            kind=args.kind, year=args.year, date_from=args.date_from, date_until=args.date_until,
                            sort=args.sort, page=args.page, per_page=args.limit, synonyms=not args.no_synonyms,
                            without=args.without)
        res = engine.search(req)
    except (QueryError, RequestError, IndexError_) as e:
        print(f"エラー: {e}", file=sys.stderr)
        return 2 if not isinstance(e, IndexError_) else 1
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
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


def readable(res: dict) -> str:
    lines = [f"{res['total']} 件（{res['page']}/{res['pages']} ページ、{res['took_ms']} ms）"]
    for e in res["expansions"]:
        state = "適用" if e["applied"] else "不使用"
        related = f"（関連語: {'、'.join(e['related'])}）" if e["related"] else ""
        lines.append(f"同義語（{state}）: {e['term']} → {'、'.join(e['alternatives']) or '—'}{related}")
    for n, h in enumerate(res["hits"], start=(res["page"] - 1) * res["per_page"] + 1):
        head = f"{n}. {h['meeting_title']}（{h['date_wareki']}）#{h['order']}  {h['item'] or '—'}"
        lines.append("")
        lines.append(head)
        lines.append(f"   {KIND_JA.get(h['kind'], h['kind'])} {h['role']}/{h['speaker']}  {h['meeting']} {h['lines'][0]}-{h['lines'][1]}行")
        pre, post = ("…" if h["snippet_truncated"][0] else ""), ("…" if h["snippet_truncated"][1] else "")
        lines.append("   " + pre + _marked(h["snippet"], h["snippet_offset"], h["highlights"]) + post)
        if h["counterpart"]:
            label = "回答" if h["kind"] == "question" else "質問"
            lines.append(f"   ↳ {label}（{h['counterpart_speaker']}）: {h['counterpart'][:80].replace(chr(10), ' ')}…")
    if res["total"]:
        lines.append("")
        for name, counts in res["facets"].items():
            shown = "、".join(f"{k} {v}" for k, v in list(counts.items())[:6])
            lines.append(f"[{name}] {shown}")
    else:
        lines.append("見つかりませんでした。語を減らす、別の言い方にする、期間や絞り込みを外すと見つかることがあります。")
    return "\n".join(lines)


def cmd_stats(args: argparse.Namespace) -> int:
    from .store import IndexError_

    try:
        st = _engine(args).stats()
    except IndexError_ as e:
        print(f"エラー: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(st, ensure_ascii=False))
        return 0
    print(f"会議 {st['meetings']} 件、記録 {st['records']} 件")
    for name, label in (("meeting", "会議"), ("role", "発言者区分"), ("kind", "種別"), ("year", "年")):
        print(f"\n{label}:")
        for k, v in st["by"][name].items():
            print(f"  {k:<28} {v:>7}")
    return 0
