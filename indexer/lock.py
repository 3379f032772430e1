"""One writer at a time: an advisory lock that dies with its process.

A POSIX record lock (lockf) belongs to the process that took it: the kernel
releases it when that process exits, however it exits (SIGKILL included), and
child processes do not inherit it, so a stale lock can never block forever. A
second writer waits a little, then fails with a message saying who holds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

from kaigiroku.search.api import IndexError_

LOCK_NAME = "write.lock"


@contextlib.contextmanager
def writer_lock(root: Path, wait_seconds: float | None = None):
    """Hold the index's writer lock; wait up to `wait_seconds` ($KAIGIROKU_LOCK_WAIT, default 10)."""
    if wait_seconds is None:
        wait_seconds = float(os.environ.get("KAIGIROKU_LOCK_WAIT", "10"))
    path = root / LOCK_NAME
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise IndexError_(f"索引のフォルダを使えません: {root}（{e.strerror or e}）") from None
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1)
                break
            except (BlockingIOError, PermissionError):
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "不明"
                    raise IndexError_(
                        f"別の書き込み（build/add/remove）が実行中です（プロセス {holder}）。終わってからもう一度実行してください"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
