"""The index commands driven as a user drives them: the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import CORPUS, FIXTURES, ROOT


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "kaigiroku", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_build_search_stats_remove(tmp_path):
    ix = str(tmp_path / "ix")
    p = run("build", "--index", ix)
    assert p.returncode == 0, p.stderr
    assert "会議 5 件" in p.stdout and "記録 624 件" in p.stdout
    assert p.stderr == ""  # progress only on a terminal (tests/test_cli_errors.py drives one)
    p = run("search", "遡及", env={"KAIGIROKU_INDEX": ix})  # the index from the environment
    assert p.returncode == 0 and "【遡及】" in p.stdout
    p = run("search", "--index", ix, "--json", "--role", "委員", "委託")
    res = json.loads(p.stdout)
    assert set(res) >= {"total", "hits", "facets", "expansions"}
    hit = res["hits"][0]
    assert set(hit) >= {"id", "meeting", "date", "item", "role", "speaker", "kind", "text", "counterpart",
                        "snippet", "highlights", "score"}
    assert set(res["facets"]) >= {"role", "meeting", "topic", "kind", "year"}
    # --role 委員 (a value of the earlier vocabulary) filters the member role, stored as its key
    assert res["facets"]["role"]["member"] == res["total"] and res["filters"] == {"role": ["member"]}
    p = run("search", "--index", ix, "--json", "--facet-size", "1", "委託")
    res = json.loads(p.stdout)
    assert all(len(v) == 1 for v in res["facets"].values() if v) and res["facets_truncated"]
    p = run("stats", "--index", ix, "--json")
    assert json.loads(p.stdout)["by"]["meeting"]["meguro-r04-02"] == 246
    p = run("remove", "--index", ix, "meguro-r04-02")
    assert p.returncode == 0
    p = run("stats", "--index", ix, "--json")
    assert "meguro-r04-02" not in json.loads(p.stdout)["by"]["meeting"]


def test_add_cli(tmp_path):
    ix = str(tmp_path / "ix")
    assert run("build", "--index", ix, str(FIXTURES / "colon.txt")).returncode == 0
    p = run("add", "--index", ix, str(CORPUS / "meguro-r03-06.txt"))
    assert p.returncode == 0 and "追加: meguro-r03-06" in p.stdout
    p = run("add", "--index", ix, str(CORPUS / "meguro-r03-06.txt"))
    assert "変更なし: meguro-r03-06" in p.stdout


def test_cli_errors_are_messages(tmp_path):
    ix = str(tmp_path / "ix")
    p = run("search", "--index", ix, "遡及")
    assert p.returncode != 0 and "kaigiroku build" in p.stderr and "Traceback" not in p.stderr
    assert run("build", "--index", ix, str(FIXTURES / "colon.txt")).returncode == 0
    p = run("search", "--index", ix, '"遡及')
    assert p.returncode == 2 and "引用符" in p.stderr and "Traceback" not in p.stderr
    p = run("search", "--index", ix, "--from", "昨日", "委託")
    assert p.returncode == 2 and "日付" in p.stderr
    p = run("build", "--index", ix, str(tmp_path / "missing"))
    assert p.returncode == 1 and "見つかりません" in p.stderr
    bad = tmp_path / "img.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n....")
    p = run("build", "--index", ix, str(bad), str(FIXTURES / "colon.txt"))
    assert p.returncode == 1 and "img.txt" in p.stderr
    p = run("build", "--index", ix, "--skip-bad", str(bad), str(FIXTURES / "colon.txt"))
    assert p.returncode == 0 and "img.txt" in p.stderr and "読み飛ばし" in p.stderr
