"""`kaigiroku parse` driven as a user drives it: the installed command."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import CORPUS, ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kaigiroku", *args], capture_output=True, text=True, cwd=ROOT)


def test_parse_json_fields():
    p = run("parse", "--json", str(CORPUS / "meguro-r02-02.txt"), str(CORPUS / "meguro-r03-06.txt"))
    assert p.returncode == 0, p.stderr
    objs = [json.loads(line) for line in p.stdout.splitlines()]
    assert [o["id"] for o in objs] == ["meguro-r02-02", "meguro-r03-06"]
    o = objs[0]
    for key in ("id", "municipality", "title", "dates", "format", "items", "records"):
        assert key in o
    assert o["items"][2]["votes"] == {"for": 17, "against": 0, "abstain": 0, "how": None}
    rec = o["records"][0]
    assert set(rec) >= {"order", "item", "kind", "role", "speaker", "text", "lines", "pair"}
    qa = objs[1]["records"]
    assert qa[0]["kind"] == "question" and qa[0]["pair"] == qa[1]["order"] and qa[1]["pair"] == qa[0]["order"]


def test_parse_outline():
    p = run("parse", str(CORPUS / "meguro-r04-02.txt"))
    assert p.returncode == 0
    assert "令和4年7月11日" in p.stdout and "賛成11 反対7" in p.stdout and "答申" in p.stdout


def test_parse_error_exit_status(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    p = run("parse", str(CORPUS / "meguro-r03-06.txt"), str(bad))
    assert p.returncode != 0
    assert "empty.txt" in p.stderr and "空のファイル" in p.stderr
    assert "Traceback" not in p.stderr
    assert "meguro-r03-06" in p.stdout  # the good file is still printed
