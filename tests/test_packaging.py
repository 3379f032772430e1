"""Installed like any Python package: the wheel holds one top-level package, `kaigiroku`, with its
data, and the installed tool builds, searches and serves from any folder, writing its index to the
user's data folder, never into site-packages."""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, text=True, timeout=300)
    (whl,) = out.glob("kaigiroku-*.whl")
    return whl


def test_the_wheel_holds_one_top_level_package_and_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"kaigiroku"}
    for sub in ("search", "indexer", "indexer/layouts", "web", "data"):
        assert f"kaigiroku/{sub}/__init__.py" in names, sub
    corpus = [n for n in names if re.fullmatch(r"kaigiroku/data/corpus/[^/]+\.txt", n)]
    assert len(corpus) == 5
    for name in ("synonyms.txt", "council.txt"):
        assert f"kaigiroku/data/synonyms/{name}" in names
    assert "kaigiroku/web/templates/search.html" in names and "kaigiroku/web/static/style.css" in names
    (top_level,) = [n for n in names if n.endswith(".dist-info/top_level.txt")]
    assert zipfile.ZipFile(wheel).read(top_level).decode().split() == ["kaigiroku"]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict:
    """The wheel in a fresh venv; its dependencies come from this environment (a .pth file), so the
    test needs no registry, and the checkout is nowhere on its path."""
    base = tmp_path_factory.mktemp("installed")
    venv = base / "venv"
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", str(venv)],
                   check=True, timeout=120)
    purelib = Path(subprocess.run([str(venv / "bin" / "python"), "-c",
                                   "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    deps = [p for p in site.getsitepackages() if "site-packages" in p]
    (purelib / "deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps",
                    "--no-index", "-q", str(wheel)], check=True, capture_output=True, text=True, timeout=300)
    home = base / "home"
    home.mkdir()
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAIGIROKU_", "PYTHON", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"), PYTHONNOUSERSITE="1")
    return {"venv": venv, "purelib": purelib, "home": home, "cwd": elsewhere, "env": env}


def kaigiroku(installed: dict, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(installed["venv"] / "bin" / "kaigiroku"), *args], cwd=installed["cwd"],
                          env=installed["env"], capture_output=True, text=True, timeout=300, **kw)


def test_installed_from_any_folder_it_builds_searches_and_serves(installed):
    py = str(installed["venv"] / "bin" / "python")
    where = subprocess.run([py, "-c", "import kaigiroku.search.paths as p; print(p.__file__); print(p.CORPUS_DIR)"],
                           cwd=installed["cwd"], env=installed["env"], capture_output=True, text=True, check=True)
    module, corpus = where.stdout.split()
    assert module.startswith(str(installed["purelib"])) and corpus.startswith(str(installed["purelib"]))
    for generic in ("search", "web", "indexer"):
        p = subprocess.run([py, "-c", f"import {generic}"], cwd=installed["cwd"], env=installed["env"],
                           capture_output=True, text=True)
        assert p.returncode != 0, f"`import {generic}` should not find anything of ours"

    p = kaigiroku(installed, "build")
    assert p.returncode == 0, p.stderr
    index = installed["home"] / ".local" / "share" / "kaigiroku" / "index"
    assert str(index) in p.stdout and (index / "current").is_symlink()
    assert not any(installed["purelib"].glob("**/gen-*")), "nothing may be written into site-packages"

    p = kaigiroku(installed, "search", "遡及")
    assert p.returncode == 0 and "【遡及】" in p.stdout, p.stderr

    proc = subprocess.Popen([str(installed["venv"] / "bin" / "kaigiroku"), "serve", "--port", "0"],
                            cwd=installed["cwd"], env={**installed["env"], "PYTHONUNBUFFERED": "1"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            url = m.group(1) if m else None
        assert url, proc.stderr.read()
        with urllib.request.urlopen(url + "api/search?q=%E9%81%A1%E5%8F%8A", timeout=20) as r:
            assert r.status == 200 and b'"total":2' in r.read().replace(b" ", b"")
        with urllib.request.urlopen(url, timeout=20) as r:
            assert "会議録" in r.read().decode("utf-8")  # templates and static files travel in the wheel
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()
        proc.stderr.close()
