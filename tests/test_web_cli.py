"""`kaigiroku serve`: options, a missing index, and a real waitress server."""

from __future__ import annotations

import os
import re
import signal
import socket
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
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--index", str(tmp_path), "--port", "70000"])
    assert exit_.value.code == 2
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
        # A URL typed with raw UTF-8 (curl "…/api/search?q=遡及") reaches the app like an encoded one.
        host, port = url.split("//")[1].rstrip("/").split(":")
        for target, status, needle in (("/api/search?q=遡及", 200, '"total":2'), ("/api/search?q=遡及&sort=best", 400, "sort")):
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                sock.sendall(b"GET " + target.encode("utf-8") + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                raw = b""
                while chunk := sock.recv(65536):
                    raw += chunk
            head, _, body = raw.partition(b"\r\n\r\n")
            assert head.startswith(f"HTTP/1.1 {status}".encode()), head
            assert b"Content-Type: application/json" in head
            assert needle in body.decode("utf-8").replace(" ", "")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
