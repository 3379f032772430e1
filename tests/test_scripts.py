"""The README's run command, as a person uses it: set up once, then never replace an index that
exists. Run twice with a meeting added in between, the meeting is still there."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request

from tests.conftest import FIXTURES, ROOT


def start_run(env: dict) -> tuple[subprocess.Popen, str, str]:
    proc = subprocess.Popen([str(ROOT / "scripts" / "run"), "--port", "0"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said, url = [], None
    deadline = time.monotonic() + 120
    while url is None and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        said.append(line)
        m = re.search(r"(http://127\.0\.0\.1:\d+/) を開いてください", line)
        url = m.group(1) if m else None
    assert url, "".join(said) + proc.stderr.read()
    return proc, url, "".join(said)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=20)
    proc.stdout.close()
    proc.stderr.close()


def test_run_builds_only_when_there_is_no_index_and_keeps_added_meetings(tmp_path):
    index = tmp_path / "ix"
    env = {**os.environ, "KAIGIROKU_INDEX": str(index), "PYTHONUNBUFFERED": "1"}
    proc, url, said = start_run(env)
    try:
        assert "索引がないので作ります" in said
        with urllib.request.urlopen(url + "api/meetings", timeout=20) as r:
            assert json.load(r)["total"] == 5
    finally:
        stop(proc)

    added = subprocess.run([sys.executable, "-m", "kaigiroku", "add", str(FIXTURES / "colon.txt")], env=env,
                           capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr

    proc, url, said = start_run(env)
    try:
        assert "索引はすでにあります" in said and "作ります" not in said
        with urllib.request.urlopen(url + "api/meetings", timeout=20) as r:
            ids = {m["id"] for m in json.load(r)["meetings"]}
        assert "colon" in ids and len(ids) == 6
    finally:
        stop(proc)
