"""Subcommands of the indexer: parse, build, add, remove."""

from __future__ import annotations

import argparse
import json
import os
import sys

from kaigiroku.cliargs import add_index_argument, add_json_argument, fail, int_range, print_json
from kaigiroku.search.model import KIND_LABELS as KIND_JA
from kaigiroku.search.model import Meeting
from kaigiroku.search.roles import role_label
from kaigiroku.search.wareki import to_wareki

from .source import SUFFIXES, InputError

FILES_HELP = f"会議録のファイル（{'、'.join(SUFFIXES)}）かフォルダ（中のファイルをすべて読みます）"
SOURCE_URL_HELP = ("会議録の原本（公開されているページや PDF）の URL。ファイル 1 つのときだけ指定できます。"
                   "指定がなければ、ファイルの横の「ファイル名.url」（1 行目に URL）か、"
                   "同じフォルダの sources.tsv（1 行に「ファイル名<TAB>URL」）から読みます")


def add_source_url_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source-url", metavar="URL", default=None, help=SOURCE_URL_HELP)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "parse", help="会議録を読み、理解した構造を表示する",
        description="会議録のファイルを読み、理解したこと（会議、日付、議題、結果、発言者と発言）を表示します。"
                    "索引は変更しません。",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=FILES_HELP)
    add_json_argument(p, "会議ごとの構造（1 行に 1 会議）")
    p.add_argument("--full", action="store_true", help="概要で、発言の最初の行だけでなく全文を表示する")
    add_source_url_argument(p)
    p.set_defaults(func=cmd_parse)
    register_index_commands(sub)


def outline(m: Meeting, full: bool = False) -> str:
    out = [f"{m.id}  {m.municipality} {m.body} {m.session}".rstrip()]
    dates = "、".join(f"{d}（{to_wareki(d)}）" for d in m.dates) or "不明"
    out.append(f"  開催: {m.format}  日付: {dates}  会場: {m.venue or '—'}")
    out.append(f"  形式: {m.layout}  記録: {len(m.records)} 件  出典: {m.source}")
    if m.source_url:
        out.append(f"  原本: {m.source_url}")
    out.append("  議題:")
    for n, it in enumerate(m.items):
        votes = f"  {it.votes}" if it.votes else ""
        count = sum(1 for r in m.records if r.item == n)
        num = f"({it.number}) " if it.number else ""
        out.append(f"    [{n}] {it.kind} {num}{it.title}  結果: {it.outcome or '—'}{votes}  記録 {count} 件")
    out.append("  記録:")
    for r in m.records:
        text = r.text if full else r.text.split("\n")[0][:60]
        pair = f" ↔#{r.pair}" if r.pair else ""
        out.append(f"    #{r.order} {KIND_JA.get(r.kind, r.kind)} {role_label(r.role)}/{r.speaker} ({r.lines[0]}-{r.lines[1]}行){pair} {text}")
    for w in m.warnings:
        out.append(f"  注意: {w}")
    return "\n".join(out)


def cmd_parse(args: argparse.Namespace) -> int:
    from .build import collect_sources, one_file
    from .parse import parse_file_coverage

    try:
        files = collect_sources(args.files)
        one_file(files, args.source_url)
    except InputError as e:
        return fail(str(e))
    status = 0
    for path in files:
        try:
            meetings, cov = parse_file_coverage(path, args.source_url)
        except InputError as e:
            print(f"エラー: {e}", file=sys.stderr)
            status = 1
            continue
        lost = {"share": round(cov.lost_share, 4), "lines": [list(r) for r in cov.unplaced]}
        for n, m in enumerate(meetings):  # a file of several sittings is several meetings
            for w in m.warnings:
                print(f"警告: {path}: {w}", file=sys.stderr)
            if args.json:
                # the file's lines no header, record or item holds, with its first meeting
                print_json(m.to_dict() | ({"unplaced": lost} if n == 0 else {}))
            else:
                print(outline(m, args.full))
                if n == len(meetings) - 1 and cov.unplaced:
                    ranges = "、".join(f"{a}–{b}" if a != b else f"{a}" for a, b in cov.unplaced[:10])
                    more = " ほか" if len(cov.unplaced) > 10 else ""
                    print(f"  読み取れなかった行: {ranges} 行{more}（本文の {cov.lost_share:.1%}）")
                print()
    return status


# -- build / add / remove ----------------------------------------------------

class BuildProgress:
    """Progress on stderr as build and add report it: files read, then documents indexed with
    elapsed time and ETA, then the final write with its elapsed time. Silent unless stderr is a
    terminal, and with --quiet."""

    LABELS = {"parse": ("読み込み", "ファイル"), "index": ("索引", "件"), "finish": ("書き出し", "")}

    def __init__(self, quiet: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = not quiet and self.stream.isatty()
        self.phase: str | None = None
        self.bar = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if phase == "finish" and self.phase not in ("index", "finish"):
            self("index", total, total)  # everything was indexed between two ticks: still say how much
        if phase != self.phase:
            if self.bar is not None and self.bar.total:  # the phase before is complete
                self.bar.n = self.bar.total
            self.close()
            label, unit = self.LABELS[phase]
            fmt = ("{desc}: 経過 {elapsed}" if phase == "finish"
                   else "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} " + unit + " [経過 {elapsed}、残り {remaining}]")
            columns, rows = self._size()
            self.bar = tqdm(total=total, desc=label, file=self.stream, bar_format=fmt, ncols=columns, nrows=rows,
                            leave=True)
            self.phase = phase
        self.bar.n = done
        self.bar.refresh()

    def _size(self) -> tuple[int, int]:
        """The terminal's columns and rows; 80×24 where it reports none (a bare pty says 0×0,
        and tqdm draws nothing on a terminal of 0 rows)."""
        try:
            size = os.get_terminal_size(self.stream.fileno())
            return size.columns or 80, size.lines or 24
        except (OSError, ValueError):
            return 80, 24

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _report(summary) -> None:
    for path, why in summary.bad:
        print(f"読み飛ばし: {path}: {why}", file=sys.stderr)
    for path, w in summary.warnings:
        print(f"警告: {path}: {w}", file=sys.stderr)


def register_index_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="索引を作り直す（既定は同梱の会議録）",
                       description="ファイルやフォルダの会議録から索引を作り直します（指定がなければ同梱の会議録）。"
                                   "新しい索引は古い索引の隣に作り、完成してから入れ替えるので、"
                                   "失敗や中断があっても元の索引は残ります。")
    p.add_argument("sources", nargs="*", metavar="SOURCE", help=FILES_HELP)
    add_index_argument(p)
    p.add_argument("--skip-bad", action="store_true", help="読めないファイルを飛ばし、一覧を表示して続ける")
    p.add_argument("--workers", type=int_range(1, 64), default=None, metavar="N",
                   help="解析に使うプロセス数（既定: CPU の数、最大 2）")
    p.add_argument("--if-missing", action="store_true",
                   help="索引がまだないときだけ作る（あれば、別の版のものでも、そのまま残す）")
    p.add_argument("--quiet", "-q", action="store_true", help="進み具合を表示しない")
    add_source_url_argument(p)
    add_json_argument(p, "結果の要約")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("add", help="会議録を索引に追加・更新する",
                       description="会議録を索引に追加します。内容が変わったファイルはその会議を置き換え、"
                                   "変わっていないファイルは何もしません。")
    p.add_argument("files", nargs="+", metavar="FILE", help=FILES_HELP)
    add_index_argument(p)
    p.add_argument("--skip-bad", action="store_true", help="読めないファイルを飛ばし、一覧を表示して続ける")
    p.add_argument("--workers", type=int_range(1, 64), default=None, metavar="N", help="解析に使うプロセス数")
    p.add_argument("--replace", action="store_true",
                   help="会議 ID が別のファイルの会議と同じとき、その会議を置き換える（指定がなければエラー）")
    p.add_argument("--quiet", "-q", action="store_true", help="進み具合を表示しない")
    add_source_url_argument(p)
    add_json_argument(p, "結果の要約")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="会議を索引から削除する",
                       description="会議をひとつ（その記録とともに）索引から削除します。")
    p.add_argument("meeting_id", metavar="MEETING_ID", help="会議 ID（`kaigiroku stats` で一覧できます）")
    add_index_argument(p)
    p.set_defaults(func=cmd_remove)


def _run(fn) -> int:
    from kaigiroku.search.api import IndexError_

    try:
        return fn()
    except (InputError, IndexError_) as e:
        return fail(str(e))


def cmd_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kaigiroku.search.paths import CORPUS_DIR, index_dir
    from kaigiroku.search.backends import current_path

    from .build import build

    def go() -> int:
        root = index_dir(args.index)
        if args.if_missing and current_path(root) is not None:
            print(f"索引はすでにあります。そのまま使います: {root}")
            return 0
        sources = [Path(s) for s in args.sources] or [CORPUS_DIR]
        if args.if_missing:
            print(f"索引がないので作ります: {root}（{'同梱の会議録' if not args.sources else '指定の会議録'}から）")
        bar = BuildProgress(args.quiet)
        try:
            s = build(root, sources, skip_bad=args.skip_bad, workers=args.workers, progress=bar,
                      source_url=args.source_url)
        finally:
            bar.close()
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

    from kaigiroku.search.paths import index_dir

    from .build import add

    def go() -> int:
        root = index_dir(args.index)
        bar = BuildProgress(args.quiet)
        try:
            s = add(root, [Path(f) for f in args.files], skip_bad=args.skip_bad, workers=args.workers, progress=bar,
                    source_url=args.source_url, replace=args.replace)
        finally:
            bar.close()
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
            for mid in s.removed:
                print(f"  削除（ファイルにもうない会議）: {mid}")
        return 0

    return _run(go)


def cmd_remove(args: argparse.Namespace) -> int:
    from kaigiroku.search.paths import index_dir

    from .build import remove

    def go() -> int:
        n = remove(index_dir(args.index), args.meeting_id)
        print(f"削除しました: {args.meeting_id}（{n} 件の文書）")
        return 0

    return _run(go)
