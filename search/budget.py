"""A time budget for one search: past it the search stops where it is and says so.

Query cost is bounded by design (a typed unit is matched in time linear in its length,
matching.py and docsets.py), and on top of that every search (records, items, similar
items, the Diet-style API) runs within a budget, so that no request holds a server
thread long whatever it asks. The budget is a deadline in a context variable, so each
thread has its own and nested calls share the outer one; the work checks it at its
steps (each posting list read, each word matched) and raises OverBudget past it. The
caller catches it and answers with what was done so far, flagged `timed_out`.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time

# Seconds a search may take before it stops with what it has. Well above what any search
# costs (benchmarks/adversarial.py: the worst generated query is far below it).
DEFAULT_SECONDS = 3.0
NOTICE = "検索に時間がかかりすぎたため、途中までの結果です"

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("kaigiroku_deadline", default=None)


class OverBudget(Exception):
    """The search's time budget is spent."""


@contextlib.contextmanager
def budget(seconds: float | None):
    """Run the block within `seconds` (None: no budget of its own); an outer budget that ends
    sooner still holds."""
    if seconds is None:
        yield
        return
    end = time.monotonic() + max(0.0, seconds)
    outer = _deadline.get()
    token = _deadline.set(end if outer is None else min(outer, end))
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    """Raise OverBudget when the current budget is spent."""
    end = _deadline.get()
    if end is not None and time.monotonic() > end:
        raise OverBudget


def spent() -> bool:
    end = _deadline.get()
    return end is not None and time.monotonic() > end


def enter(seconds: float | None):
    """Start a budget that `leave(token)` ends: for frameworks that run a request between two
    hooks (web/app.py), where a with-block cannot span it."""
    if seconds is None:
        return None
    end = time.monotonic() + max(0.0, seconds)
    outer = _deadline.get()
    return _deadline.set(end if outer is None else min(outer, end))


def leave(token) -> None:
    if token is not None:
        try:
            _deadline.reset(token)
        except ValueError:  # set in another context: it ends with that context
            pass


# A costly query (long or of many words) takes a slot to be matched; at most COSTLY_SLOTS run at
# once per process, so a few clients sending the worst queries a server can get share its CPU
# among themselves instead of with everyone else. One that cannot get a slot within SLOT_WAIT
# seconds is answered as a search whose budget is spent (`timed_out`, nothing found).
COSTLY_CHARS = 64
COSTLY_WORDS = 8
COSTLY_SLOTS = 1
SLOT_WAIT = 0.25


def costly(q: str) -> bool:
    return len(q) > COSTLY_CHARS or len(q.split()) > COSTLY_WORDS


class Gate:
    """Slots for costly searches (see COSTLY_SLOTS)."""

    def __init__(self, slots: int = COSTLY_SLOTS, wait: float = SLOT_WAIT) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self.wait = wait

    @contextlib.contextmanager
    def slot(self, needed: bool):
        """Hold a slot for the block when `needed`; OverBudget when none frees up in time."""
        if not needed:
            yield
            return
        if not self._slots.acquire(timeout=self.wait):
            raise OverBudget
        try:
            yield
        finally:
            self._slots.release()
