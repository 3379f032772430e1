"""Errors as people and programs read them: a page, a JSON object, or the Diet-style API's format.

Every error is answered with a message, never a traceback: bad parameters (ParamError,
QueryError, RequestError) are 400, an unusable index (IndexError_) 503.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kaigiroku.search.api import IndexError_, QueryError, RequestError

from . import kokkai
from .params import ParamError

ERROR_TITLES = {400: "リクエストに誤りがあります", 404: "ページが見つかりません", 405: "この方法では使えません",
                500: "サーバーで問題が起きました", 503: "索引を使えません"}
log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/feed"


def error_response(status: int, message: str):
    if request.path in kokkai.PATHS:  # the Diet-style API answers in the Diet's error format
        return kokkai.error_response(status, message)
    if wants_json():
        resp = jsonify({"error": message})
        resp.status_code = status
        return resp
    title = ERROR_TITLES.get(status, "エラー")
    return render_template("error.html", status=status, title=title, message=message), status


def register_errors(app: Flask) -> None:
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
