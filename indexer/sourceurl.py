"""Where a meeting was published: the URL an administrator gives for a file of minutes.

Given on the command line (`--source-url`, for one file), or beside the file:
`<file>.url` (e.g. `2024-12-17.pdf.url`) holding the URL on its first line, or
a `sources.tsv` in the file's folder with one `file name<TAB>URL` per line.
Without one, the meeting's source is its file name.
"""

from __future__ import annotations

import re
from pathlib import Path

from .source import InputError

SIDECAR_SUFFIX = ".url"
FOLDER_LIST = "sources.tsv"
_URL = re.compile(r"^https?://[^\s<>\"']+$")


def check_url(url: str, where: str | Path) -> str:
    """The URL as given, or an InputError naming where it came from."""
    url = url.strip()
    if not _URL.match(url) or len(url) > 2000:
        raise InputError(where, f"原本の URL として読めません: {url[:80]!r}（http:// か https:// で始まる URL を書いてください）")
    return url


def sidecar_url(path: str | Path) -> str:
    """The URL written beside the file of minutes, or ""."""
    path = Path(path)
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if side.is_file():
        first = next((ln for ln in _read(side).splitlines() if ln.strip()), "")
        return check_url(first, side)
    listing = path.with_name(FOLDER_LIST)
    if listing.is_file():
        for n, ln in enumerate(_read(listing).splitlines(), 1):
            name, tab, url = ln.partition("\t")
            if tab and name.strip() == path.name:
                return check_url(url, f"{listing}:{n}")
    return ""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"原本の URL のファイルを読めません（{type(e).__name__}）") from None
