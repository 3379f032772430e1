"""Opening a backend: the one place that names an engine.

Everything else takes a Backend or an IndexWriter (search/api.py). Today there
is one engine, Whoosh (search/whoosh/); a second (see docs/scale-out.md) is
chosen here. The engine is imported only when an index is opened, so the
command line starts without it.
"""

from __future__ import annotations

from pathlib import Path

from .api import Backend


def open_backend(root: str | Path) -> Backend:
    """The backend over the index in `root`; IndexError_ when there is none or it is unusable."""
    from .whoosh.backend import WhooshBackend

    return WhooshBackend(Path(root))


def new_index(root: str | Path):
    """A new index generation to write into: `.writer(workers)` (an IndexWriter), then
    `.finish(meta)` to make it current, or `.discard()`. Hold the writer lock (indexer/lock.py)."""
    from .whoosh.writer import NewIndex

    return NewIndex(Path(root))


def current_index(root: str | Path):
    """The current index, to change in place: `.digest(meeting_id)`, `.writer(workers)`, then
    `.finish()` (or `.close()` when nothing was written). Hold the writer lock."""
    from .whoosh.writer import CurrentIndex

    return CurrentIndex(Path(root))


def check_root(root: str | Path, must_exist: bool) -> None:
    """Refuse an index folder that cannot be one (IndexError_), before anything is written to it."""
    from .whoosh.store import check_root as check

    check(Path(root), must_exist)


def current_path(root: str | Path) -> Path | None:
    """The folder of the index in use under `root`, None when there is none."""
    from .whoosh.store import current_path as current

    return current(Path(root))


__all__ = ["check_root", "current_index", "current_path", "new_index", "open_backend"]
