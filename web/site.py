"""What the views share: the app's Backend, and what they read once per index generation.

A module of its own (as flaskr's `db.get_db`), so the blueprints never import the
app factory that registers them.
"""

from __future__ import annotations

import gc
import threading
from typing import Any, Callable

from flask import current_app

from kaigiroku.search.api import Backend, SearchRequest


class Site:
    """The backend, and what the views read once per index generation (the meeting list, the
    archive's facet counts), read again only when the index changed."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._key: Any = None
        self._memo: dict[str, Any] = {}

    def meetings(self) -> list[dict]:
        """backend.meetings()."""
        return self._once("meetings", self.backend.meetings)

    def meeting_map(self) -> dict[str, dict]:
        """The same meetings by id (shared: do not change it)."""
        return self._once("meeting_map", lambda: {m["id"]: m for m in self.meetings()})

    def archive_facets(self) -> dict[str, dict]:
        """Every facet's counts over the whole archive, which the search form lists on every page
        (a search of every record: 65 ms at 500,000 records)."""
        return self._once("archive_facets",
                          lambda: self.backend.search(SearchRequest(per_page=1, highlight=False))["facets"])

    def _once(self, name: str, compute: Callable[[], Any]) -> Any:
        generation = self.backend.generation()
        with self._lock:
            if self._key is not generation:
                if self._key is not None:
                    gc.unfreeze()  # the old index's tables, frozen after warming (app._warm), may go
                self._memo, self._key = {}, generation
            memo, lock = self._memo, self._locks.setdefault(name, threading.Lock())
        with lock:  # one lock per value: the facet counts do not wait for the meeting list
            if name not in memo:  # computed once, not once per waiting thread
                memo[name] = compute()
            return memo[name]


def site() -> Site:
    return current_app.extensions["kaigiroku"]


def backend() -> Backend:
    """The app's backend."""
    return current_app.extensions["kaigiroku"].backend
