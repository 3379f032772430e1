"""`kaigiroku serve`: the web front end on waitress, over an index opened once."""

from __future__ import annotations

import argparse
import sys

from search.paths import add_index_argument


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="Web 画面と API を提供する",
        description="Serve the search pages, the meeting pages, the JSON API and the Atom feed with waitress. "
                    "The index is opened once at start; build it first with `kaigiroku build`.",
    )
    add_index_argument(p)
    p.add_argument("--host", default="127.0.0.1", metavar="HOST",
                   help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for every interface)")
    p.add_argument("--port", type=int, default=8000, metavar="PORT",
                   help="TCP port (default: 8000; 0 picks a free port and prints it)")
    p.add_argument("--threads", type=int, default=4, metavar="N",
                   help="worker threads answering requests (default: 4)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from search.engine import SearchEngine
    from search.paths import index_dir
    from search.store import IndexError_

    if not 0 <= args.port <= 65535:
        print(f"エラー: --port は 0 から 65535 までです（指定: {args.port}）", file=sys.stderr)
        return 2
    if args.threads < 1:
        print(f"エラー: --threads は 1 以上です（指定: {args.threads}）", file=sys.stderr)
        return 2
    root = index_dir(args.index)
    try:
        engine = SearchEngine(root)
    except IndexError_ as e:
        print(f"エラー: {e}", file=sys.stderr)
        if "kaigiroku build" not in str(e):
            print("索引を作るには `kaigiroku build` を実行してください。", file=sys.stderr)
        return 1

    import waitress

    from .app import create_app

    app = create_app({"ENGINE": engine})
    try:
        server = waitress.create_server(app, host=args.host, port=args.port, threads=args.threads,
                                        ident="kaigiroku")
    except OSError as e:
        print(f"エラー: {args.host}:{args.port} で待ち受けできません（{e.strerror or e}）", file=sys.stderr)
        return 1
    listening = getattr(server, "effective_listen", None) or [(server.effective_host, server.effective_port)]
    print(f"索引: {root}", flush=True)
    for host, port in listening:
        print(f"{_url(host if args.host not in ('0.0.0.0', '::', '') else '127.0.0.1', port)} を開いてください",
              flush=True)
    print("終了するには Ctrl+C を押してください。", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        print("停止しました", file=sys.stderr)
    finally:
        engine.close()
    return 0


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
