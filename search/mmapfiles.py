"""Index files read straight from the memory map, not copied into the heap.

Whoosh opens each file inside a compound segment as a `BufferFile` over a
memoryview of the segment's mmap, and that class wraps the view in a
`BytesIO`, which copies it: every file of every segment a searcher opens is
copied whole into anonymous memory, so a server's RSS grew with the index
(169 MB of heap for the 169 MB index of 100k records, measured with
tracemalloc, benchmarks/memory.py). Here `BufferFile` reads through `ViewIO`, a
read-only file over the same view: a read copies only the bytes it returns, and
the rest stays in the page cache, shared and reclaimable.

`install()` replaces `BufferFile.__init__` once per process; store.open_index
calls it. Nothing else in Whoosh changes: positions, `get()` and subsets behave
as before (tests/test_mmapfiles.py reads a whole index both ways).
"""

from __future__ import annotations

import os

from whoosh.filedb import structfile


class ViewIO:
    """A read-only binary file over a buffer (memoryview, bytes, mmap slice), without copying it."""

    def __init__(self, buf) -> None:
        self._view = memoryview(buf).cast("B")
        self._pos = 0
        self.closed = False

    def read(self, n: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if n is None or n < 0 else min(len(self._view), start + n)
        self._pos = max(start, end)
        return bytes(self._view[start:end])

    def peek(self, n: int = 1) -> bytes:
        """Bytes ahead without moving (pickle reads ahead with it instead of a call per opcode)."""
        return bytes(self._view[self._pos:self._pos + max(n, 1)])

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[:len(data)] = data
        return len(data)

    def readline(self, limit: int = -1) -> bytes:
        out = bytearray()
        while limit < 0 or len(out) < limit:
            chunk = self.read(256 if limit < 0 else min(256, limit - len(out)))
            if not chunk:
                break
            cut = chunk.find(b"\n")
            if cut >= 0:
                out += chunk[:cut + 1]
                self._pos -= len(chunk) - cut - 1
                break
            out += chunk
        return bytes(out)

    def __iter__(self):
        while line := self.readline():
            yield line

    def seek(self, pos: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + pos)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


WHOOSH_INIT = structfile.BufferFile.__init__  # Whoosh's own, which copies (kept for comparison)


def _init(self, buf, name=None, onclose=None) -> None:
    self._buf = buf
    self._name = name
    self.file = ViewIO(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def install() -> None:
    """Make Whoosh's BufferFile read through ViewIO (idempotent)."""
    structfile.BufferFile.__init__ = _init


__all__ = ["ViewIO", "install"]
