"""Subcommands of the indexer: parse, build, add, remove."""

from __future__ import annotations

import argparse
import json
import sys

from search.model import KIND_LABELS as KIND_JA
from search.model import Meeting
from search.paths import add_index_argument as _index_arg
from search.wareki import to_wareki

from .parse import parse_file
from .source import InputError



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
    register_index_commands(sub)


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


# -- build / add / remove ----------------------------------------------------

class ProgressBar:
    """A progress bar with counts on stderr; plain lines every 10% when not a terminal."""

    def __init__(self, label: str, stream=sys.stderr):
        self.label = label
        self.stream = stream
        self.tty = stream.isatty()
        self.last_tenth = -1

    def __call__(self, done: int, total: int, current: str) -> None:
        frac = done / total if total else 1.0
        if self.tty:
            bar = "#" * int(frac * 30)
            self.stream.write(f"\r{self.label} [{bar:<30}] {done}/{total} 件 {current[:30]:<30}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        else:
            tenth = int(frac * 10)
            if tenth != self.last_tenth:
                self.last_tenth = tenth
                print(f"{self.label}: {done}/{total} 件 ({frac:.0%})", file=self.stream, flush=True)


def _report(summary) -> None:
    for path, why in summary.bad:
        print(f"読み飛ばし: {path}: {why}", file=sys.stderr)
    for path, w in summary.warnings:
        print(f"警告: {path}: {w}", file=sys.stderr)


def register_index_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="索引を作り直す（既定は同梱の会議録）",
                       description="Rebuild the index from files or folders (default: the shipped corpus). "
                                   "The new index is written beside the old one and swapped in only when complete.")
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="minutes files or folders of .txt files")
    _index_arg(p)
    p.add_argument("--skip-bad", action="store_true",
                   help="build from the good files and list the bad ones, instead of failing")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processes for Sudachi analysis (default: up to 2, one per core)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("add", help="会議録を追加・更新する",
                       description="Add or replace meetings in the index. Re-adding a changed file replaces its "
                                   "meeting; re-adding an unchanged file does nothing.")
    p.add_argument("files", nargs="+", metavar="FILE", help="minutes files or folders")
    _index_arg(p)
    p.add_argument("--skip-bad", action="store_true", help="add the good files and list the bad ones")
    p.add_argument("--workers", type=int, default=None, metavar="N", help="processes for analysis")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="会議を索引から削除する",
                       description="Remove one meeting (and its records) from the index.")
    p.add_argument("meeting_id", metavar="MEETING_ID", help="the meeting id, as `kaigiroku stats` lists it")
    _index_arg(p)
    p.set_defaults(func=cmd_remove)


def _run(fn) -> int:
    from search.store import IndexError_

    try:
        return fn()
    except (InputError, IndexError_) as e:
        print(f"エラー: {e}", file=sys.stderr)
        return 1


def cmd_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from search.paths import CORPUS_DIR, index_dir

    from .build import build

    def go() -> int:
        root = index_dir(args.index)
        sources = [Path(s) for s in args.sources] or [CORPUS_DIR]
        s = build(root, sources, skip_bad=args.skip_bad, workers=args.workers, progress=ProgressBar("解析"))
        _report(s)
        if args.json:
            print(json.dumps(s.__dict__, ensure_ascii=False, default=str))
        else:
            print(f"索引を作成しました: 会議 {s.meetings} 件、記録 {s.records} 件、{s.seconds:.1f} 秒 ({root})")
            if s.bad:
                print(f"読み飛ばしたファイル: {len(s.bad)} 件")
        return 0

    return _run(go)


def cmd_add(args: argparse.Namespace) -> int:
    from pathlib import Path

    from search.paths import index_dir

    from .build import add

    def go() -> int:
        root = index_dir(args.index)
        s = add(root, [Path(f) for f in args.files], skip_bad=args.skip_bad, workers=args.workers,
                progress=ProgressBar("解析"))
        _report(s)
        if args.json:
            print(json.dumps(s.__dict__, ensure_ascii=False, default=str))
        else:
            print(f"追加 {len(s.added)} 件、置き換え {len(s.replaced)} 件、変更なし {len(s.unchanged)} 件"
                  f"（記録 {s.records} 件、{s.seconds:.1f} 秒）")
            for mid in s.added:
                print(f"  追加: {mid}")
            for mid in s.replaced:
                print(f"  置き換え: {mid}")
            for mid in s.unchanged:
                print(f"  変更なし: {mid}")
        return 0

    return _run(go)


def cmd_remove(args: argparse.Namespace) -> int:
    from search.paths import index_dir

    from .build import remove

    def go() -> int:
        n = remove(index_dir(args.index), args.meeting_id)
        print(f"削除しました: {args.meeting_id}（{n} 件の文書）")
        return 0

    return _run(go)
