"""Where the shipped data lives and where the index goes by default.

The default index is `var/index` in the project folder, so the CLI and the web
server agree on it from any working directory; `--index` or `KAIGIROKU_INDEX`
override it.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
CORPUS_DIR = DATA_DIR / "corpus"
SYNONYMS_DIR = DATA_DIR / "synonyms"
DEFAULT_INDEX = PROJECT_DIR / "var" / "index"


def add_index_argument(parser) -> None:
    """The --index option every subcommand that opens the index shares."""
    parser.add_argument("--index", metavar="DIR",
                        help="index folder (default: $KAIGIROKU_INDEX, else var/index in the project folder)")


def index_dir(arg: str | os.PathLike | None = None) -> Path:
    """--index, then $KAIGIROKU_INDEX, then var/index in the project folder."""
    if arg:
        return Path(arg)
    env = os.environ.get("KAIGIROKU_INDEX")
    return Path(env) if env else DEFAULT_INDEX
