"""`kaigiroku` — one tool, subcommands owned by the packages that implement them.

indexer: parse, build, add, remove · search: search, stats · web: serve.
"""

from __future__ import annotations

import argparse
import signal
import sys

PROG_DESCRIPTION = """\
kaigiroku — 会議録の全文検索 (full-text search of Japanese council minutes).

Typical use:
  kaigiroku build                 # index the shipped corpus
  kaigiroku search 遡及            # search from the command line
  kaigiroku serve                 # serve the web front end
"""


def build_parser() -> argparse.ArgumentParser:
    from indexer import cli as indexer_cli
    from search import cli as search_cli

    parser = argparse.ArgumentParser(
        prog="kaigiroku", description=PROG_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    indexer_cli.register(sub)
    search_cli.register(sub)
    from web import cli as web_cli

    web_cli.register(sub)
    return parser


def _terminate(signum, frame):
    # SIGTERM unwinds like Ctrl-C, so writers cancel and temporary files go.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("中断しました", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
