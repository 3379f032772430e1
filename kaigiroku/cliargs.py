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


def add_request_arguments(p: argparse.ArgumentParser) -> None:
    """The options of a search of records or of items, with the limits of search/api.py."""
    from .search.api import MAX_PAGE, MAX_PER_PAGE, PER_PAGE, SORTS
    from .search.facets import FACET_SIZE, MAX_FACET_SIZE

    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help="この日から: 2022-07-11、2022-07、令和4年7月、令和3年度 など")
    p.add_argument("--until", dest="date_until", metavar="DATE", help="この日まで（同じ書き方、その日を含む）")
    p.add_argument("--sort", choices=SORTS, default=SORTS[0],
                   help="並び順: relevance（関連度、既定）、newest（新しい順）、oldest（古い順）")
    p.add_argument("--limit", type=int_range(1, MAX_PER_PAGE), default=PER_PAGE, metavar="N",
                   help=f"1ページの件数（1〜{MAX_PER_PAGE}、既定 {PER_PAGE}）")
    p.add_argument("--page", type=int_range(1, MAX_PAGE), default=1, metavar="N", help="ページ番号（既定 1）")
    p.add_argument("--no-synonyms", action="store_true", help="同義語に広げずに検索する")
    p.add_argument("--without", action="append", default=[], metavar="WORD",
                   help="この語だけは同義語に広げない（繰り返し可）")
    p.add_argument("--facet-size", type=int_range(0, MAX_FACET_SIZE), default=FACET_SIZE, metavar="N",
                   help=f"--json の facets に載せる各項目の値の数（0 はすべて、既定 {FACET_SIZE}）")


def request_of(args: argparse.Namespace, filters: dict[str, list[str]]):
    """The SearchRequest the options of add_request_arguments describe."""
    from .search.api import SearchRequest

    return SearchRequest(q=" ".join(args.query), filters=filters, date_from=args.date_from,
                         date_until=args.date_until, sort=args.sort, page=args.page, per_page=args.limit,
                         synonyms=not args.no_synonyms, without=args.without, facet_size=args.facet_size)


def run_search(args: argparse.Namespace, filters: dict[str, list[str]], items: bool = False) -> dict | int:
    """Records (or agenda items) for the options: the answer, or the exit status after a message
    (1: the index cannot be used, 2: a bad query or option). With --json, the answer is printed
    and the status is 0."""
    from .search.api import IndexError_, QueryError, RequestError

    try:
        backend = open_backend(args)
        req = request_of(args, filters)
        res = backend.search_items(req) if items else backend.search(req)
    except IndexError_ as e:
        return fail(str(e), 1)
    except (QueryError, RequestError) as e:
        return fail(str(e), 2)
    if args.json:
        print_json(res)
        return 0
    return res


def open_backend(args: argparse.Namespace):
    """The backend over the index the options name."""
    from .search.backends import open_backend as _open
    from .search.paths import index_dir

    return _open(index_dir(args.index))


def marked(text: str, offset: int, spans: list[list[int]]) -> str:
    """A snippet with its highlights in 【】, on one line (`offset`: where the snippet starts)."""
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
