"""The Flask front end and JSON API: `create_app(config)` builds the application."""

from __future__ import annotations


def create_app(config=None):
    """The WSGI application (see web.app.create_app)."""
    from .app import create_app as _create

    return _create(config)


__all__ = ["create_app"]
