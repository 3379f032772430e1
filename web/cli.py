"""`kaigiroku serve`: the web front end on waitress, over an index opened once."""

from __future__ import annotations

import argparse
import sys

from kaigiroku.cliargs import add_index_argument, fail, int_range


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="Web 画面と API を公開する",
        description="検索画面、会議のページ、JSON API と Atom フィードを waitress で公開します。"
                    "索引は起動時に一度開きます（先に `kaigiroku build` で作成してください）。",
    )
    add_index_argument(p)
    p.add_argument("--host", default="127.0.0.1", metavar="HOST",
                   help="待ち受けるアドレス（既定: 127.0.0.1 ＝このコンピューターからのみ。0.0.0.0 ですべて）")
    p.add_argument("--port", type=int_range(0, 65535), default=8000, metavar="PORT",
                   help="TCP ポート（既定: 8000。0 なら空いているポートを選んで表示します）")
    p.add_argument("--threads", type=int_range(1, 64), default=4, metavar="N",
                   help="リクエストに答えるスレッドの数（既定: 4）")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from kaigiroku.search.api import IndexError_
    from kaigiroku.search.backends import open_backend
    from kaigiroku.search.paths import index_dir

    root = index_dir(args.index)
    try:
        backend = open_backend(root)
    except IndexError_ as e:
        return fail(str(e))

    from .app import create_app
    from .server import create_server

    app = create_app({"BACKEND": backend, "WARM": True})
    try:
        server = create_server(app, host=args.host, port=args.port, threads=args.threads)
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        return fail(f"{args.host}:{args.port} で待ち受けできません（{reason}）。--host と --port を確かめてください")
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
        backend.close()
    return 0


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
