"""`add` and `build` while `kaigiroku serve` answers: searches keep answering and see the change once committed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import CORPUS, FIXTURES, ROOT


def kaigiroku(*args):
    return subprocess.run([sys.executable, "-m", "kaigiroku", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def server(tmp_path):
    ix = tmp_path / "ix"
    assert kaigiroku("build", "--index", str(ix), str(CORPUS / "meguro-r03-06.txt")).returncode == 0
    p = subprocess.Popen([sys.executable, "-m", "kaigiroku", "serve", "--index", str(ix), "--port", "0"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = None
    deadline = time.monotonic() + 30
    while url is None and time.monotonic() < deadline:
        line = p.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        url = m.group(1) if m else None
    assert url, "kaigiroku serve did not say where to point a browser"
    yield ix, url
    p.terminate()
    p.wait(timeout=10)


def get(url, path, **params):
    with urllib.request.urlopen(f"{url}{path}?{urllib.parse.urlencode(params)}", timeout=10) as r:
        return r.status, json.loads(r.read())


def test_searches_keep_answering_through_add_and_build(server):
    ix, url = server
    statuses, errors, stop = [], [], threading.Event()

    def hammer():
        while not stop.is_set():
            try:
                statuses.append(get(url, "/api/search", q="遡及")[0])
            except (urllib.error.URLError, OSError, ValueError) as e:
                errors.append(repr(e))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.5)
        assert get(url, "/api/search", q="ジョブローテーション")[1]["total"] == 0
        added = kaigiroku("add", "--index", str(ix), str(CORPUS / "meguro-r04-02.txt"))
        assert added.returncode == 0, added.stderr
        assert get(url, "/api/search", q="ジョブローテーション")[1]["total"] >= 2  # seen once committed
        rebuilt = kaigiroku("build", "--index", str(ix), str(CORPUS / "meguro-r03-06.txt"), str(FIXTURES / "colon.txt"))
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert get(url, "/api/search", q="ジョブローテーション")[1]["total"] == 0  # the swapped-in index
        assert get(url, "/api/search", q="住民基本台帳")[1]["total"] >= 1
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=15)
    assert not errors, errors[:3]
    assert statuses and set(statuses) == {200}, set(statuses)
