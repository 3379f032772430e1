"""The Flask application: one SearchEngine per app, security headers, errors.

`create_app({"INDEX_DIR": path})` opens the index once; `create_app({"ENGINE":
engine})` shares an engine already open (tests, embedding); `"WARM": True`
(as `kaigiroku serve` sets it) builds the meeting list and the item table in the
background at start, so no first visitor waits for them. Every response
carries the security headers; every error is a page or a JSON object with a
message, never a traceback.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable

from flask import Flask, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kaigiroku.search import budget
from kaigiroku.search.engine import RequestError, SearchEngine, SearchRequest
from kaigiroku.search.facets import FACETS
from kaigiroku.search.heap import reuse_freed_arrays
from kaigiroku.search.query import QueryError
from kaigiroku.search.store import IndexError_

from . import markup
from .params import ParamError

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
ERROR_TITLES = {400: "リクエストに誤りがあります", 404: "ページが見つかりません", 405: "この方法では使えません",
                500: "サーバーで問題が起きました", 503: "索引を使えません"}
log = logging.getLogger(__name__)


class Site:
    """What the views share: the engine, and what they read once per index generation
    (the meeting list, the archive's facet counts), read again only when the index changed."""

    def __init__(self, engine: SearchEngine):
        self.engine = engine
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._key: Any = None
        self._memo: dict[str, Any] = {}

    def meetings(self) -> list[dict]:
        """engine.meetings()."""
        return self._once("meetings", self.engine.meetings)

    def meeting_map(self) -> dict[str, dict]:
        """The same meetings by id (shared: do not change it)."""
        return self._once("meeting_map", lambda: {m["id"]: m for m in self.meetings()})

    def archive_facets(self) -> dict[str, dict]:
        """Every facet's counts over the whole archive, which the search form lists on every page
        (a search of every record: 65 ms at 500,000 records)."""
        return self._once("archive_facets",
                          lambda: self.engine.search(SearchRequest(per_page=1, highlight=False))["facets"])

    def _once(self, name: str, compute: Callable[[], Any]) -> Any:
        searcher, _ = self.engine.searcher()
        with self._lock:
            if self._key is not searcher:
                self._memo, self._key = {}, searcher
            memo, lock = self._memo, self._locks.setdefault(name, threading.Lock())
        with lock:  # one lock per value: the facet counts do not wait for the meeting list
            if name not in memo:  # computed once, not once per waiting thread
                memo[name] = compute()
            return memo[name]


def site() -> Site:
    return current_app.extensions["kaigiroku"]


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/feed"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    config = dict(config or {})
    app = Flask(__name__)
    app.config.update(JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=64 * 1024)
    app.config.update(config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    reuse_freed_arrays()  # a server's searches reuse each other's arrays (search/heap.py)
    engine = config.get("ENGINE")
    if engine is None:
        if not config.get("INDEX_DIR"):
            raise ValueError("create_app needs INDEX_DIR or ENGINE in its config")
        engine = SearchEngine(Path(config["INDEX_DIR"]))
    app.extensions["kaigiroku"] = Site(engine)

    from .api import bp as api_bp
    from .feed import bp as feed_bp
    from .items import bp as items_bp
    from .kokkai import bp as kokkai_bp
    from .pages import bp as pages_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(kokkai_bp)
    app.register_blueprint(feed_bp)
    app.register_blueprint(items_bp)

    app.jinja_env.filters.update(kind_ja=markup.kind_ja, role_ja=markup.role_ja, wareki=markup.wareki, votes_ja=markup.votes_ja,
                                 excerpt=markup.excerpt)
    app.jinja_env.globals.update(KIND_JA=markup.KIND_JA, SORT_JA=markup.SORT_JA, FACETS=FACETS,
                                 TIMED_OUT=budget.NOTICE)
    _register_errors(app)

    # Every request's searches share one budget (search/budget.py): a page that runs several
    # (the search, then what each word finds alone) stops with the first that runs out.
    seconds = config.get("SEARCH_BUDGET", budget.DEFAULT_SECONDS)

    @app.before_request
    def start_budget():
        g.kaigiroku_budget = budget.enter(seconds)

    @app.teardown_request
    def end_budget(_exc):
        budget.leave(g.pop("kaigiroku_budget", None))

    if config.get("WARM"):
        _warm(app)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        return response

    return app


def _warm(app: Flask) -> None:
    """Build what the first requests would otherwise wait for, in the background: the meeting
    list, the form's facet counts, the table of agenda items (seconds at archive scale: every
    meeting's stored header) and the words of their titles (2.4 s of the first 案件 page at
    500,000 records, before it was warmed)."""
    from .items import item_search

    site_, items = app.extensions["kaigiroku"], item_search(app)

    def run() -> None:
        try:
            site_.meetings()
            site_.archive_facets()
            items.table()[2].titles()
        except Exception:  # a request that needs them builds them again, and reports what fails
            app.logger.exception("warming the meeting list, facet counts and item table failed")

    threading.Thread(target=run, name="kaigiroku-warm", daemon=True).start()


def error_response(status: int, message: str):
    from . import kokkai

    if request.path in kokkai.PATHS:  # the Diet-style API answers in the Diet's error format
        return kokkai.error_response(status, message)
    if wants_json():
        resp = jsonify({"error": message})
        resp.status_code = status
        return resp
    title = ERROR_TITLES.get(status, "エラー")
    return render_template("error.html", status=status, title=title, message=message), status


def _register_errors(app: Flask) -> None:
    @app.errorhandler(ParamError)
    @app.errorhandler(QueryError)
    @app.errorhandler(RequestError)
    def bad_request(e):
        return error_response(400, str(e))

    @app.errorhandler(IndexError_)
    def no_index(e):
        log.error("index unusable: %s", e)
        return error_response(503, str(e))

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        messages = {
            404: "お探しのページは見つかりませんでした。URL をご確認ください。",
            405: f"このURLは {request.method} では使えません。",
        }
        if e.code is not None and e.code >= 500:
            log.error("HTTP %s on %s: %s", e.code, request.path, e)
            return error_response(e.code, "しばらくしてからもう一度お試しください。")
        message = messages.get(e.code or 0) or (e.description if isinstance(e.description, str) else "")
        resp = error_response(e.code or 500, message or ERROR_TITLES.get(e.code or 0, "エラー"))
        if e.code == 405 and hasattr(e, "valid_methods") and e.valid_methods:
            resp = app.make_response(resp)
            resp.headers["Allow"] = ", ".join(e.valid_methods)
        return resp

    @app.errorhandler(Exception)
    def server_error(e: Exception):
        log.exception("unhandled error on %s", request.path)
        return error_response(500, "サーバーで問題が起きました。しばらくしてからもう一度お試しください。")
