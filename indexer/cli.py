"""Subcommands of the indexer: parse, build, add, remove."""

from __future__ import annotations

import argparse
import json
import sys

from search.model import Meeting
from search.wareki import to_wareki

from .parse import parse_file
from .source import InputError

KIND_JA = {"turn": "発言", "question": "質問", "answer": "回答", "opinion": "意見"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "parse",
        help="会議録ファイルを読み、理解した構造を表示する",
        description="Read minutes files and print what was understood: an outline, or one JSON object per meeting.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="minutes file(s) (UTF-8, CP932/Shift_JIS or EUC-JP)")
    p.add_argument("--json", action="store_true", help="print one JSON object per meeting (one per line)")
    p.add_argument("--full", action="store_true", help="in the outline, print whole record texts, not the first line")
    p.set_defaults(func=cmd_parse)


def outline(m: Meeting, full: bool = False) -> str:
    out = [f"{m.id}  {m.municipality} {m.body} {m.session}".rstrip()]
    dates = "、".join(f"{d}（{to_wareki(d)}）" for d in m.dates) or "不明"
    out.append(f"  開催: {m.format}  日付: {dates}  会場: {m.venue or '—'}")
    out.append(f"  形式: {m.layout}  記録: {len(m.records)} 件  出典: {m.source}")
    out.append("  議題:")
    for n, it in enumerate(m.items):
        votes = ""
        if it.votes:
            v = it.votes
            votes = f"  賛成{v.for_} 反対{v.against}" + (f" 棄権{v.abstain}" if v.abstain else "")
        count = sum(1 for r in m.records if r.item == n)
        num = f"({it.number}) " if it.number else ""
        out.append(f"    [{n}] {it.kind} {num}{it.title}  結果: {it.outcome or '—'}{votes}  記録 {count} 件")
    out.append("  記録:")
    for r in m.records:
        text = r.text if full else r.text.split("\n")[0][:60]
        pair = f" ↔#{r.pair}" if r.pair else ""
        out.append(f"    #{r.order} {KIND_JA.get(r.kind, r.kind)} {r.role}/{r.speaker} ({r.lines[0]}-{r.lines[1]}行){pair} {text}")
    for w in m.warnings:
        out.append(f"  注意: {w}")
    return "\n".join(out)


def cmd_parse(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            m = parse_file(path)
        except InputError as e:
            print(f"エラー: {e}", file=sys.stderr)
            status = 1
            continue
        for w in m.warnings:
            print(f"警告: {path}: {w}", file=sys.stderr)
        if args.json:
            print(json.dumps(m.to_dict(), ensure_ascii=False))
        else:
            print(outline(m, args.full))
            print()
    return status
