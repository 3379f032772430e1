"""`kaigiroku serve`: options, a missing index, and a real waitress server."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kaigiroku.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def test_serve_help_documents_every_option(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    out = capsys.readouterr().out
    for option in ("--index", "--host", "--port", "--threads"):
        assert option in out
    assert "127.0.0.1" in out and "8000" in out


def test_serve_without_index_says_to_build(tmp_path, capsys):
    code = main(["serve", "--index", str(tmp_path / "none"), "--port", "0"])
    err = capsys.readouterr().err
    assert code == 1
    assert "kaigiroku build" in err


def test_serve_rejects_bad_port(tmp_path, capsys):
    assert main(["serve", "--index", str(tmp_path), "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err


def test_serve_runs_waitress_and_prints_the_url(corpus_index):
    exe = Path(sys.executable).with_name("kaigiroku")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kaigiroku"]
    proc = subprocess.Popen([*cmd, "serve", "--index", str(corpus_index), "--port", "0", "--threads", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            m = re.search(r"(http://127\.0\.0\.1:\d+/) を開いてください", line)
            if m:
                url = m.group(1)
        assert url, proc.stderr.read() if proc.poll() is not None else "no URL printed"
        with urllib.request.urlopen(url + "?q=%E9%81%A1%E5%8F%8A", timeout=10) as r:
            html = r.read().decode("utf-8")
            assert r.status == 200
            assert r.headers["X-Frame-Options"] == "DENY"
            assert r.headers["Server"] == "kaigiroku"
        assert "<mark>遡及</mark>" in html
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
