"""The index on disk: generations swapped in atomically, and versions checked at open.

An index folder holds whole Whoosh indexes as generations (`gen-…/`) and a
symlink `current` naming the one in use. A build writes a new generation beside
the old one and swaps the link with one atomic rename, so a failed or killed
build leaves the old index working. Each generation records the analyzer,
dictionary and schema versions it was built with; opening one built by another
version is a clear error, not silently wrong results.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from whoosh import index as windex

from ..api import IndexError_
from . import analysis as _analysis, formats as _formats, mmapfiles, pairs as _pairs
from ..analysis import ANALYZER_VERSION, dictionary_version
from .schema import SCHEMA_VERSION, make_schema

# Indexes built before the engine moved into search/whoosh/ name the schema's classes by their
# old modules in their pickled schema; these names let them open without a rebuild.
_OLD_NAMES = {"kaigiroku.search.formats": _formats, "kaigiroku.search.pairs": _pairs}
for _name, _module in _OLD_NAMES.items():
    sys.modules.setdefault(_name, _module)
_legacy_analysis = sys.modules["kaigiroku.search.analysis"]
for _name in ("SudachiTokenizer", "MaxLengthFilter"):
    if not hasattr(_legacy_analysis, _name):
        setattr(_legacy_analysis, _name, getattr(_analysis, _name))

META = "kaigiroku.json"
CURRENT = "current"
PREVIOUS = "previous"


def versions() -> dict[str, str]:
    return {"schema": SCHEMA_VERSION, "analyzer": ANALYZER_VERSION, "dictionary": dictionary_version()}


def current_path(root: Path) -> Path | None:
    link = root / CURRENT
    if not link.is_symlink() and not link.exists():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def check_root(root: Path, must_exist: bool) -> None:
    """Refuse an index folder that cannot be one, before anything is written to it.

    With `must_exist`, the folder must already hold an index (add, remove): no
    folder or lock file is left behind by a command that cannot run.
    """
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise IndexError_(f"索引のフォルダとして使えません: {root} はファイルです。別のフォルダを --index で指定してください")
    if must_exist:
        if current_path(root) is None:
            raise IndexError_(f"索引がありません: {root}。`kaigiroku build`（同梱の会議録）か "
                              "`kaigiroku build 会議録フォルダ/` で作成してください")
        return
    probe = root
    while not probe.exists():  # the nearest folder that exists must let us create the rest
        probe = probe.parent
    if not probe.is_dir():
        raise IndexError_(f"索引のフォルダを作れません: {probe} はフォルダではありません")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise IndexError_(f"索引のフォルダを作れません: {probe} に書き込む権限がありません")


def open_index(root: Path):
    """Open the current generation, checking it was built by this version."""
    root = Path(root)
    gen = current_path(root)
    if gen is None:
        raise IndexError_(f"索引がありません: {root}。`kaigiroku build`（同梱の会議録）か "
                          "`kaigiroku build 会議録フォルダ/` で作成してください")
    meta_file = gen / META
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise IndexError_(f"索引が壊れているか、kaigiroku の索引ではありません: {gen}。`kaigiroku build` で作り直してください") from None
    want = versions()
    diff = {k: (meta.get("versions", {}).get(k), v) for k, v in want.items() if meta.get("versions", {}).get(k) != v}
    if diff:
        said = "、".join(f"{k}: 索引 {old} / 現在 {new}" for k, (old, new) in diff.items())
        raise IndexError_(f"索引は別の版で作られています（{said}）。会議録のフォルダから `kaigiroku build 会議録フォルダ/` "
                          "で作り直してください（同梱の会議録だけなら `kaigiroku build`）")
    mmapfiles.install()  # segment files read with pread: not copied into the heap, not mapped
    try:
        return windex.open_dir(str(gen))
    except Exception as e:  # whoosh raises several kinds for damaged files
        raise IndexError_(f"索引を開けません（{type(e).__name__}: {e}）。`kaigiroku build` で作り直してください") from None


def new_generation(root: Path) -> Path:
    """Create an empty index generation (not yet current)."""
    root.mkdir(parents=True, exist_ok=True)
    gen = root / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    gen.mkdir()
    windex.create_in(str(gen), make_schema())
    write_meta(gen, {})
    return gen


def write_meta(gen: Path, extra: dict) -> None:
    meta = {"versions": versions(), "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **extra}
    tmp = gen / (META + ".tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, gen / META)


def _link(root: Path, name: str, gen: Path) -> None:
    tmp_link = root / f".{name}-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(gen.name, tmp_link)
    os.replace(tmp_link, root / name)


def swap_in(root: Path, gen: Path) -> None:
    """Make `gen` current with one atomic rename, then remove generations no one needs.

    The generation it replaces becomes `previous` and is kept until the next swap,
    so a server that opened it a moment ago can finish its requests.
    """
    old = current_path(root)
    _link(root, CURRENT, gen)
    if old is not None and old != gen:
        _link(root, PREVIOUS, old)
    prune(root)


def prune(root: Path) -> None:
    """Remove generations that are neither current nor previous: leftovers of killed builds.

    Call it holding the writer lock, so that no build in progress owns one of them.
    """
    keep = {p for p in (current_path(root), _target(root / PREVIOUS)) if p is not None}
    for p in root.glob("gen-*"):
        if p.is_dir() and p.resolve() not in keep:
            shutil.rmtree(p, ignore_errors=True)
    for p in root.glob(".current-*"):
        p.unlink(missing_ok=True)
    for p in root.glob(".previous-*"):
        p.unlink(missing_ok=True)


def _target(link: Path) -> Path | None:
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if target.is_dir() else None
