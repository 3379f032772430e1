"""Where the shipped data is read from, and where the index lives.

The corpus and the dictionaries are package resources (kaigiroku.data), found
through importlib.resources wherever kaigiroku is installed. Nothing is ever
written there: the index lives in `--index DIR`, else `$KAIGIROKU_INDEX`, else
the user's data folder (`~/.local/share/kaigiroku/index` on Linux, following
XDG_DATA_HOME; platformdirs knows the equivalents on macOS and Windows).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

INDEX_ENV = "KAIGIROKU_INDEX"


def _data_dir() -> Path:
    root = resources.files("kaigiroku.data")
    if not isinstance(root, Path):  # installed in a zip: the files have no path to open
        raise RuntimeError(f"kaigiroku のデータをファイルとして読めません（{root}）。通常の pip install をしてください")
    return root


DATA_DIR = _data_dir()
CORPUS_DIR = DATA_DIR / "corpus"
SYNONYMS_DIR = DATA_DIR / "synonyms"


def default_index() -> Path:
    """The per-user index folder (not created here)."""
    return platformdirs.user_data_path("kaigiroku", appauthor=False) / "index"


def display_path(path: Path) -> str:
    """A path as people read it: the home folder as ~."""
    home = str(Path.home())
    s = str(path)
    return "~" + s[len(home):] if s.startswith(home + os.sep) else s


def index_dir(arg: str | os.PathLike | None = None) -> Path:
    """--index, then $KAIGIROKU_INDEX, then the per-user data folder."""
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get(INDEX_ENV)
    return Path(env).expanduser() if env else default_index()
