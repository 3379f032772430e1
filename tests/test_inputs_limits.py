"""Inputs read with a cap and only from regular files; `add` cleans up after a killed build (issue 26)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kaigiroku.indexer.build import add, build, collect_sources
from kaigiroku.indexer.source import InputError, read_capped, read_source
from tests.conftest import CORPUS, ROOT


def _cli(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "kaigiroku", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("small") / "ix"
    build(root, [CORPUS / "meguro-r03-06.txt"], workers=1)
    return root


def test_device_named_on_the_command_line_is_refused_at_once(small_index):
    r = _cli("add", "--index", str(small_index), "/dev/zero", timeout=30)
    assert r.returncode != 0 and "/dev/zero" in r.stderr and "デバイス" in r.stderr, r.stderr
    r = _cli("parse", "/dev/zero", timeout=30)
    assert r.returncode != 0 and "デバイス" in r.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_named_like_minutes_is_refused_never_opened(tmp_path, small_index):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    r = _cli("add", "--index", str(small_index), str(fifo), timeout=30)  # blocked forever before
    assert r.returncode != 0 and "x.txt" in r.stderr and "FIFO" in r.stderr, r.stderr
    r = _cli("build", "--index", str(tmp_path / "ix"), str(fifo), timeout=30)
    assert r.returncode != 0 and "FIFO" in r.stderr
    with pytest.raises(InputError, match="FIFO"):
        read_source(fifo)
    with pytest.raises(InputError, match="FIFO"):
        collect_sources([fifo])


def test_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "minutes.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="デバイス"):
        collect_sources([link])
    with pytest.raises(InputError, match="デバイス"):
        read_source(link)


def test_cap_holds_whatever_the_reported_size():
    # /proc files report a size of 0 and hold more: the cap is on what is read, not on st_size.
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(InputError, match="大きすぎます"):
        read_capped("/proc/self/maps", 16)
    assert len(read_capped("/proc/self/maps", 1 << 20)) > 16


def test_cap_on_a_regular_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"x" * 100)
    with pytest.raises(InputError, match="大きすぎます"):
        read_capped(p, 99)
    assert read_capped(p, 100) == b"x" * 100


def test_add_removes_what_a_killed_build_left(tmp_path):
    root = tmp_path / "ix"
    build(root, [CORPUS / "meguro-r03-06.txt"], workers=1)
    left = root / "gen-leftover-of-a-killed-build"
    left.mkdir()
    (left / "junk").write_bytes(b"0" * 1000)
    (root / ".current-tmp123").symlink_to(left)
    add(root, [CORPUS / "meguro-r04-02.txt"], workers=1)
    assert not left.exists() and not (root / ".current-tmp123").is_symlink()
