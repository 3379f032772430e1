"""Build progress as a person at a terminal sees it: files read, documents indexed (counted where
they are indexed, not where they are queued) with elapsed time and ETA, then the final write."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from tests.conftest import CORPUS, ROOT

DOCUMENTS = 624 + 5  # records and meetings of the shipped corpus


def run_on_a_terminal(*args: str) -> tuple[int, str]:
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "kaigiroku", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                         stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return p.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace").replace("\r", "\n")


def test_progress_on_a_terminal_shows_each_phase_with_counts_and_times(tmp_path):
    status, shown = run_on_a_terminal("build", str(CORPUS), "--index", str(tmp_path / "ix"), "--workers", "2")
    assert status == 0, shown
    assert "読み込み" in shown and "5/5 ファイル" in shown
    assert f"{DOCUMENTS}/{DOCUMENTS} 件" in shown and "経過" in shown and "残り" in shown
    assert "書き出し: 経過" in shown


def test_quiet_prints_no_progress_even_on_a_terminal(tmp_path):
    status, shown = run_on_a_terminal("build", str(CORPUS), "--index", str(tmp_path / "ix"), "--quiet")
    assert status == 0 and shown.strip() == ""


def test_progress_counts_what_the_sub_writers_indexed(tmp_path):
    from kaigiroku.indexer import build as B

    events: list[tuple[str, int, int]] = []
    B.build(tmp_path / "ix", [CORPUS], workers=2, progress=lambda *e: events.append(e))
    parse = [e for e in events if e[0] == "parse"]
    counted = [e for e in events if e[0] != "parse"]
    assert parse[-1] == ("parse", 5, 5)
    assert counted[-1] == ("finish", DOCUMENTS, DOCUMENTS)
    assert [e[1] for e in counted] == sorted(e[1] for e in counted)  # never goes back
    # "finish" (writing segments) only once every document was reported indexed.
    first_finish = next(i for i, e in enumerate(counted) if e[0] == "finish")
    assert all(e[0] == "index" and e[1] < DOCUMENTS for e in counted[:first_finish])
