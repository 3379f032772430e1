"""`kaigiroku` — one tool, subcommands owned by the packages that implement them.

indexer: parse, build, add, remove · search: search, stats, items, similar · web: serve.
Every failure a person can cause ends in a message and a non-zero exit; an
unexpected one too (its traceback only with KAIGIROKU_DEBUG=1).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback

from . import __version__, argparse_ja

PROG_DESCRIPTION = """\
kaigiroku — 会議録の全文検索

よく使う例:
  kaigiroku build                  同梱の会議録で索引を作る
  kaigiroku build 会議録フォルダ/   自分の会議録（.txt .pdf .html）で索引を作り直す
  kaigiroku add 会議録.pdf          会議録を索引に追加する
  kaigiroku search 遡及             コマンドラインで検索する
  kaigiroku items 遡及              議題（案件）を検索する（似た案件は kaigiroku similar 案件ID）
  kaigiroku serve                  Web 画面を http://127.0.0.1:8000/ で開く

各コマンドのオプションは `kaigiroku COMMAND --help` で表示します。
"""


def build_parser() -> argparse.ArgumentParser:
    from .indexer import cli as indexer_cli
    from . import search_cli
    from .web import cli as web_cli

    argparse_ja.install()
    parser = argparse.ArgumentParser(
        prog="kaigiroku", description=PROG_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"kaigiroku {__version__}",
                        help="版を表示して終了する")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="コマンド")
    sub.required = True
    indexer_cli.register(sub)
    search_cli.register(sub)
    web_cli.register(sub)
    return parser


def _terminate(signum, frame):
    # SIGTERM unwinds like Ctrl-C, so writers cancel and temporary files go.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("中断しました", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`kaigiroku search … | head`): not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except Exception as e:  # the last resort: a bug, or a failure no handler foresaw
        if os.environ.get("KAIGIROKU_DEBUG"):
            traceback.print_exc()
        print(f"エラー: 予期しない問題が起きました（{type(e).__name__}: {e}）。"
              "KAIGIROKU_DEBUG=1 を付けて実行すると詳細を表示します", file=sys.stderr)
        return 1
