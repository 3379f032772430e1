"""Opening a backend: the one place that names an engine.

Everything else takes a Backend (search/api.py). Today there is one engine,
Whoosh (search/whoosh/); a second (see docs/scale-out.md) is chosen here.
"""

from __future__ import annotations

from pathlib import Path

from .api import Backend


def open_backend(root: str | Path) -> Backend:
    """The backend over the index in `root`; IndexError_ when there is none or it is unusable."""
    from .whoosh.backend import WhooshBackend  # the engine is loaded only when an index is opened

    return WhooshBackend(Path(root))


def open_writer_module():
    """The module that builds and changes an index (build_into, update: see search/whoosh/writer.py)."""
    from .whoosh import writer

    return writer


__all__ = ["open_backend"]
