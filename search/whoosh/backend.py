"""The Whoosh backend: search/api.py's Backend over one index folder.

It puts together what this package keeps apart: the record engine (engine.py:
the index opened once, its columns, the record pipeline), the item search over it
(items.py, similar.py, made on first use: its table is built per index
generation) and the meeting documents (meetings.py). Callers see only the
Backend's methods and plain data.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from ..api import MeetingRequest, SearchRequest
from ..facets import BY_NAME
from ..model import Meeting
from ..synonyms import Synonyms
from . import meetings as _meetings
from .engine import SearchEngine
from .items import ItemSearch, split_item_id
from .registry import Registries
from .similar import similar


class WhooshBackend:
    """A Backend (search/api.py) over the Whoosh index in `root`, or over an open SearchEngine."""

    def __init__(self, root: str | Path | None = None, synonyms: Synonyms | None = None,
                 engine: SearchEngine | None = None):
        self.engine = engine if engine is not None else SearchEngine(Path(root), synonyms)
        self._items: ItemSearch | None = None
        self.registry = Registries(self.engine)
        self._lock = threading.Lock()

    @property
    def items(self) -> ItemSearch:
        """The item search (its table is built on the first item request of a generation)."""
        with self._lock:
            if self._items is None:
                self._items = ItemSearch(self.engine)
            return self._items

    # -- records ----------------------------------------------------------------
    def search(self, req: SearchRequest) -> dict:
        return self.engine.search(req)

    def by_meeting(self, req: SearchRequest, first: int, count: int) -> tuple[int, list[tuple[str, list[dict]]]]:
        return self.engine.by_meeting(req, first, count)

    # -- items -------------------------------------------------------------------
    def search_items(self, req: SearchRequest) -> dict:
        return self.items.search(req)

    def item(self, item_id: str) -> dict | None:
        return self.items.get(item_id) if split_item_id(item_id) else None

    def similar_items(self, item_id: str, limit: int) -> dict | None:
        return similar(self.items, item_id, limit) if split_item_id(item_id) else None

    # -- people and bills ------------------------------------------------------------
    def people(self) -> list[dict]:
        return self.registry.get().people_list

    def person(self, person_id: str) -> dict | None:
        return self.registry.get().people.get(person_id)

    def person_words(self, person_id: str, limit: int = 20) -> list[dict]:
        return self.registry.get().words(person_id, limit)

    def bills(self) -> list[dict]:
        return self.registry.get().bills_list

    def bill(self, bill_id: str) -> dict | None:
        return self.registry.get().bill(bill_id)

    # -- meetings ----------------------------------------------------------------
    def meeting(self, meeting_id: str) -> Meeting | None:
        return self.engine.meeting(meeting_id)

    def meetings(self) -> list[dict]:
        return self.engine.meetings()

    def meeting_page(self, req: MeetingRequest) -> dict:
        return _meetings.meeting_page(self.engine, req)

    def headers(self, meeting_ids: Iterable[str]) -> dict[str, dict]:
        return _meetings.headers(self.engine, meeting_ids)

    def totals(self) -> tuple[int, int]:
        return _meetings.totals(self.engine)

    def stats(self) -> dict:
        return self.engine.stats()

    def known(self, facet: str) -> set[str]:
        return set(self.engine.searcher()[1].known.get(BY_NAME[facet].field, ()))

    # -- the index -----------------------------------------------------------------
    def generation(self) -> object:
        """The searcher in use: a new one after every commit or swap."""
        return self.engine.searcher()[0]

    def warm(self) -> None:
        """The item table and the words of the item titles, the people and the bills (seconds at archive scale)."""
        self.items.table()[2].titles()
        self.registry.get()

    def close(self) -> None:
        self.engine.close()


__all__ = ["WhooshBackend"]
