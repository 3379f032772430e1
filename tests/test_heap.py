"""The allocator setting of the product's own processes: large arrays freed by one search are
reused by the next, in any thread."""

from __future__ import annotations

import json
import platform
import subprocess
import sys

import pytest

# Run in a fresh interpreter: the setting is per process, and threads that other tests started
# before it would keep heaps of their own.
PROBE = """
import json, resource, sys, threading
import numpy as np
from kaigiroku.search.heap import reuse_freed_arrays

applied = reuse_freed_arrays() if sys.argv[1] == "set" else False
n = 4 * 1024 * 1024 // 8  # a 4 MB array: one slot per document of a 500k archive

def search():
    arrays = [np.ones(n) for _ in range(8)]  # a search's dense arrays, freed together
    for a in arrays:
        a[::512] += 1  # a page at a time

def faults(run):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    run()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

search()
again = faults(lambda: [search() for _ in range(10)])
thread = threading.Thread(target=search)
first_in_thread = faults(lambda: (thread.start(), thread.join()))
print(json.dumps({"applied": applied, "again": again, "thread": first_in_thread, "twice": reuse_freed_arrays()}))
"""


def probe(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the setting is glibc's; elsewhere it does nothing")
def test_large_arrays_are_reused_without_page_faults():
    tuned, plain = probe("set"), probe("plain")
    assert tuned["applied"] and tuned["twice"]
    assert plain["again"] > 10_000  # glibc's defaults: trimmed and faulted in again on every search
    assert tuned["again"] < 1000
    # A server thread's first search reuses what the others freed (one arena, not one per thread).
    assert plain["thread"] > 1000 and tuned["thread"] < 1000


def test_the_web_app_sets_it(corpus_index):
    from kaigiroku.search import heap
    from kaigiroku.web.app import create_app

    heap._applied = None
    create_app({"INDEX_DIR": str(corpus_index)})
    assert heap._applied is not None
