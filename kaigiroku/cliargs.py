"""What every subcommand shares: the --index option, argument types, errors.

Each package registers its own subcommands (search: search, stats; indexer:
parse, build, add, remove; web: serve); the pieces they have in common live
here, so that an option means the same thing and fails the same way everywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata

from .search.paths import INDEX_ENV, default_index, display_path


def add_index_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", metavar="DIR",
                        help=f"索引のフォルダ（既定: 環境変数 ${INDEX_ENV}、なければ {display_path(default_index())}）")


def add_json_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--json", action="store_true", help=f"{what}を JSON で出力する（スクリプト向け）")


def int_range(low: int, high: int | None = None):
    """An argparse type: an integer in [low, high], with a Japanese message otherwise."""

    def parse(text: str) -> int:
        try:
            value = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"整数で指定してください（指定: {text!r}）") from None
        if value < low or (high is not None and value > high):
            span = f"{low} から {high} まで" if high is not None else f"{low} 以上"
            raise argparse.ArgumentTypeError(f"{span}の整数で指定してください（指定: {value}）")
        return value

    parse.__name__ = "整数"
    return parse


def fail(message: str, status: int = 1) -> int:
    """Print an error for a person on stderr; return the exit status to use."""
    print(f"エラー: {message}", file=sys.stderr)
    return status


def print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False))


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` display columns."""
    return text + " " * max(0, width - display_width(text))
