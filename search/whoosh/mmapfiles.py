"""Index files read with `pread`, not through a memory map, and never copied whole.

Whoosh opens each file inside a compound segment as a `BufferFile` over a
memoryview of the segment's mmap, and that class wraps the view in a
`BytesIO`, which copies it: every file of every segment a searcher opens was
copied whole into anonymous memory (169 MB of heap for the 169 MB index of 100k
records, measured with tracemalloc, benchmarks/memory.py). Reading through the
map instead copied only what a read returns, but every page a search touched
then counted in the server's RSS: 444 MB of a 709 MB RSS at 100k records, 1 GB
at 500k (benchmarks/RESULTS.md). Here a compound segment's files are
`PreadBuffer`s over the segment file: a read is one `os.pread` of the bytes it
returns, and the pages stay in the kernel's page cache, shared and
reclaimable, outside the process.

`install()` patches `BufferFile.__init__` and Whoosh's `CompoundStorage` once per
process; store.open_index calls it. Nothing else in Whoosh changes: positions,
`get()` and subsets behave as before (tests/test_mmapfiles.py reads a whole
index every way).
"""

from __future__ import annotations

import os
import threading

from whoosh.filedb import compound, structfile

PEEK_MAX = 4096  # pickle's reader asks to peek 128 KB; a block header is tens of bytes


class PreadBuffer:
    """A byte range of an open file that slices like bytes, each slice one `os.pread`.

    It holds its own file object (a duplicate of the segment's descriptor), so the
    descriptor lives exactly as long as some buffer of it does: never closed under a
    reader, never reused for another file while a buffer can still read it."""

    __slots__ = ("file", "fd", "start", "length")

    def __init__(self, file, start: int, length: int) -> None:
        self.file, self.fd, self.start, self.length = file, file.fileno(), start, length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, key):
        if isinstance(key, slice):
            a, b, step = key.indices(self.length)
            if step != 1:
                raise ValueError("PreadBuffer slices are contiguous")
            return os.pread(self.fd, b - a, self.start + a) if b > a else b""
        i = key + self.length if key < 0 else key
        if not 0 <= i < self.length:
            raise IndexError(key)
        return os.pread(self.fd, 1, self.start + i)[0]


class _Position(threading.local):
    at = 0


class ViewIO:
    """A read-only binary file over a buffer (PreadBuffer, memoryview, bytes), without copying it.

    Its position is per thread. Whoosh shares one file object per segment file among
    all the searches of a server and reads it with `seek()` then `read()`; a shared
    position let one thread's seek land between another's seek and read, and a pread
    (which releases the GIL) made that common: corrupt blocks, zlib errors."""

    def __init__(self, buf) -> None:
        self._view = buf if isinstance(buf, PreadBuffer) else memoryview(buf).cast("B")
        self._position = _Position()
        self.closed = False

    @property
    def _pos(self) -> int:
        return self._position.at

    @_pos.setter
    def _pos(self, value: int) -> None:
        self._position.at = value

    def read(self, n: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if n is None or n < 0 else min(len(self._view), start + n)
        self._pos = max(start, end)
        return bytes(self._view[start:end])

    def peek(self, n: int = 1) -> bytes:
        """Bytes ahead without moving (pickle reads ahead with it instead of a call per opcode);
        at most PEEK_MAX of them, and pickle reads on with read() when it needs more."""
        return bytes(self._view[self._pos:self._pos + min(max(n, 1), PEEK_MAX)])

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
COMPOUND_INIT = compound.CompoundStorage.__init__
COMPOUND_OPEN = compound.CompoundStorage.open_file


def _init(self, buf, name=None, onclose=None) -> None:
    self._buf = buf
    self._name = name
    self.file = ViewIO(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _compound_init(self, dbfile, use_mmap=True, basepos=0) -> None:
    try:
        own = os.fdopen(os.dup(dbfile.fileno()), "rb", buffering=0)
    except (AttributeError, OSError, ValueError):  # not a real file: Whoosh's own way
        own = None
    COMPOUND_INIT(self, dbfile, use_mmap=use_mmap and own is None, basepos=basepos)
    self._pread_file = own


def _compound_open_file(self, name, *args, **kwargs):
    own = getattr(self, "_pread_file", None)
    if own is None or self.is_closed:
        return COMPOUND_OPEN(self, name, *args, **kwargs)
    offset, length = self.range(name)
    return structfile.BufferFile(PreadBuffer(own, offset, length), name=name)


def install() -> None:
    """Make Whoosh read compound segments with pread, through ViewIO (idempotent)."""
    structfile.BufferFile.__init__ = _init
    compound.CompoundStorage.__init__ = _compound_init
    compound.CompoundStorage.open_file = _compound_open_file


__all__ = ["PreadBuffer", "ViewIO", "install"]
