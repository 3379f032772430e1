"""Keep freed arrays in the heap for the next search (glibc's allocator).

A search over a large archive makes a few dozen numpy arrays of one slot per
document (4 MB each at 500k records) and frees them when it returns. glibc
serves allocations above its mmap threshold with fresh pages from the kernel
and gives them back on free, so every search pays a page fault for each 4 KB
it touches again: measured at 500k records, 6,000-17,000 faults and 7-21 ms of
a 50-90 ms search. With the thresholds raised, those arrays come from the heap
and are reused, and the faults go to none. Freed memory above `trim` at the top
of a heap is still given back, so the server's memory stays bounded.

Every thread shares one heap (arena): otherwise each of the server's threads
faults in its own heap on its first searches, and keeps its own freed memory.

The processes the product owns opt in (the web server, the build's
sub-writers, where analysis frees buffers of the same sizes over and over); a
library never changes its caller's allocator by itself. Elsewhere than glibc
this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8  # glibc's malloc.h
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's maximum on 64-bit: arrays up to 32 MB come from the heap
TRIM_THRESHOLD = 64 * 1024 * 1024

_applied: bool | None = None


def reuse_freed_arrays() -> bool:
    """Raise glibc's mmap and trim thresholds and keep one arena, once per process (before the
    threads that search start). True when they are set."""
    global _applied
    if _applied is None:
        _applied = False
        if platform.libc_ver()[0] == "glibc":
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                _applied = all(libc.mallopt(option, value) for option, value in (
                    (M_MMAP_THRESHOLD, MMAP_THRESHOLD), (M_TRIM_THRESHOLD, TRIM_THRESHOLD), (M_ARENA_MAX, 1)))
            except (OSError, AttributeError):
                _applied = False
    return _applied
