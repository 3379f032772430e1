"""The server's allocator setting: large arrays freed by one search are reused by the next."""

from __future__ import annotations

import platform
import resource
import threading

import numpy as np
import pytest

from kaigiroku.search.heap import reuse_freed_arrays


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the setting is glibc's; elsewhere it does nothing")
def test_large_arrays_are_reused_without_page_faults():
    assert reuse_freed_arrays() and reuse_freed_arrays()  # once per process, and says so again
    n = 4 * 1024 * 1024 // 8  # a 4 MB array: one slot per document of a 500k archive

    def search() -> None:
        arrays = [np.ones(n) for _ in range(8)]  # a search's dense arrays, freed together
        for a in arrays:
            a[::512] += 1  # a page at a time

    def faults(run) -> int:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        run()
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    search()
    assert faults(lambda: [search() for _ in range(10)]) < 1000  # glibc's defaults: about 40,000 here
    # A server thread's first search reuses what the others freed (one arena, not one per thread).
    thread = threading.Thread(target=search)
    assert faults(lambda: (thread.start(), thread.join())) < 1000


def test_the_web_app_sets_it(corpus_index):
    from kaigiroku.search import heap
    from kaigiroku.web.app import create_app

    heap._applied = None
    create_app({"INDEX_DIR": str(corpus_index)})
    assert heap._applied is not None
