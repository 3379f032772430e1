"""The Flask application: one Backend (search/api.py) per app, security headers, errors.

`create_app({"INDEX_DIR": path})` opens the index once; `create_app({"BACKEND":
backend})` shares a backend already open (tests, embedding); `"WARM": True`
(as `kaigiroku serve` sets it) builds the meeting list and the item table in the
background at start, so no first visitor waits for them. Every response
carries the security headers; every error is a page or a JSON object with a
message, never a traceback.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Any

from flask import Flask, g

from kaigiroku.search import budget
from kaigiroku.search.backends import open_backend
from kaigiroku.search.facets import FACETS
from kaigiroku.search.heap import reuse_freed_arrays

from . import markup
from .api import bp as api_bp
from .errors import register_errors
from .feed import bp as feed_bp
from .items import bp as items_bp
from .kokkai import bp as kokkai_bp
from .pages import bp as pages_bp
from .people import api_bp as people_api_bp, bp as people_bp
from .site import Site

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    config = dict(config or {})
    app = Flask(__name__)
    app.config.update(JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=64 * 1024)
    app.config.update(config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    reuse_freed_arrays()  # a server's searches reuse each other's arrays (search/heap.py)
    backend = config.get("BACKEND")
    if backend is None:
        if not config.get("INDEX_DIR"):
            raise ValueError("create_app needs INDEX_DIR or BACKEND in its config")
        backend = open_backend(Path(config["INDEX_DIR"]))
    app.extensions["kaigiroku"] = Site(backend)

    app.register_blueprint(pages_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(people_api_bp)
    app.register_blueprint(kokkai_bp)
    app.register_blueprint(feed_bp)
    app.register_blueprint(items_bp)

    app.jinja_env.filters.update(kind_ja=markup.kind_ja, role_ja=markup.role_ja, wareki=markup.wareki, votes_ja=markup.votes_ja,
                                 excerpt=markup.excerpt)
    app.jinja_env.globals.update(KIND_JA=markup.KIND_JA, SORT_JA=markup.SORT_JA, FACETS=FACETS,
                                 TIMED_OUT=budget.NOTICE)
    register_errors(app)

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
    site_ = app.extensions["kaigiroku"]

    def run() -> None:
        try:
            site_.meetings()
            site_.archive_facets()
            site_.backend.warm()
            # What warming built lives as long as the index: out of the collector's sight, a full
            # collection no longer walks it (at 500,000 records 1.4 million objects, a 0.46 s pause
            # in whichever request set it off). Site._once hands them back when the index changes.
            gc.freeze()
        except Exception:  # a request that needs them builds them again, and reports what fails
            app.logger.exception("warming the meeting list, facet counts and item table failed")

    threading.Thread(target=run, name="kaigiroku-warm", daemon=True).start()
