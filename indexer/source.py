"""Raw file -> text: detect the encoding from the bytes, refuse what is not text.

A PDF (by its magic number or its name) is read by indexer/pdftext.py and an
HTML page (by its name) by indexer/htmltext.py; what they give is text like any
other, cleaned and parsed the same way.

Japanese municipalities publish UTF-8 (with or without BOM), CP932/Shift_JIS and
EUC-JP. The encoding is decided from the bytes alone; a file that is none of
these is an error naming the file, never a silent guess.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

# Magic numbers of files an administrator may pick up by mistake.
_BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG 画像",
    b"\xff\xd8\xff": "JPEG 画像",
    b"GIF8": "GIF 画像",
    b"PK\x03\x04": "ZIP（Word/Excel など）",
    b"\xd0\xcf\x11\xe0": "Office 文書",
}
# Counted by runs, not one character at a time: one match per run, not per character.
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]+")
_MOJIBAKE = re.compile(r"[\ue000-\uf8ff\u0080-\u009f\uff61-\uff9f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]+")


# File name suffixes read as minutes when a folder is given.
SUFFIXES = (".txt", ".pdf", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


class InputError(Exception):
    """A file that cannot be read as minutes. The message names the file."""

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass
class SourceText:
    path: str
    text: str
    encoding: str
    digest: str = ""  # sha256 of the bytes: `add` skips a file whose meeting has the same
    warnings: list[str] = field(default_factory=list)  # what reading the file skipped (a PDF's image pages)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def _score(text: str) -> float:
    """How much a decoding looks like Japanese prose rather than mojibake."""
    if not text:
        return 0.0
    good = _count(_JAPANESE, text)
    bad = _count(_MOJIBAKE, text)
    return (good - 4 * bad) / len(text)


def _count(runs: re.Pattern, text: str) -> int:
    return sum(map(len, runs.findall(text)))


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Bytes -> (text with LF line ends, encoding name)."""
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(path, "空のファイルです（中身がありません）")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(path, f"テキストではなく {kind} のファイルです。会議録のテキストを指定してください")
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", data.decode("utf-8-sig", errors="strict"))]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", data.decode("utf-16", errors="strict"))]
    else:
        if b"\x00" in data:
            raise InputError(path, "バイナリファイルです（NUL バイトを含みます）。会議録のテキストを指定してください")
        candidates = []
        for enc in ("utf-8", "cp932", "euc_jp"):
            try:
                candidates.append((enc, data.decode(enc, errors="strict")))
            except UnicodeDecodeError:
                continue
            if enc == "utf-8":
                break  # valid UTF-8 with Japanese in it is never an accident
    if not candidates:
        raise InputError(path, "文字コードを判別できません（UTF-8、CP932/Shift_JIS、EUC-JP のいずれとしても読めません）")
    score, _, enc, text = max((_score(t), -n, enc, t) for n, (enc, t) in enumerate(candidates))
    if score < 0 or _control_ratio(text) > 0.01:
        raise InputError(path, "テキストとして読めません（制御文字や文字化けが多すぎます）")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, enc


def _control_ratio(text: str) -> float:
    return _count(_CONTROL, text) / max(len(text), 1)


def check_regular(path: str | Path) -> os.stat_result:
    """The file's status, if it is a regular file (symlinks followed); a folder, a device, a FIFO or
    a socket is an error naming it. Only status is read: a FIFO is never opened (that would block)."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "ファイルが見つかりません") from None
    except PermissionError:
        raise InputError(path, "ファイルを読む権限がありません") from None
    except OSError as e:  # a symlink loop, a name too long …
        raise InputError(path, f"ファイルを開けません（{e.strerror or e}）") from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(path, "フォルダです。ファイルを指定してください")
    if not stat.S_ISREG(mode):
        kind = ("名前付きパイプ（FIFO）" if stat.S_ISFIFO(mode) else
                "デバイス" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "ソケット" if stat.S_ISSOCK(mode) else "特殊ファイル")
        raise InputError(path, f"通常のファイルではなく{kind}です。会議録のファイルを指定してください")
    return st


def read_capped(path: str | Path, max_bytes: int) -> bytes:
    """A regular file's bytes, never more than `max_bytes` whatever its reported size (a file that
    grows, or a file system that reports 0): past the cap it is an error naming the file."""
    path = Path(path)
    st = check_regular(path)
    if st.st_size > max_bytes:
        raise InputError(path, f"ファイルが大きすぎます（{st.st_size} バイト、上限 {max_bytes} バイト）")
    try:
        # O_NONBLOCK: should the name be swapped for a FIFO after the check, opening does not block.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(path, "ファイルが見つかりません") from None
    except PermissionError:
        raise InputError(path, "ファイルを読む権限がありません") from None
    except OSError as e:
        raise InputError(path, f"ファイルを開けません（{e.strerror or e}）") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the check
            raise InputError(path, "通常のファイルではありません。会議録のファイルを指定してください")
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(path, f"ファイルが大きすぎます（上限 {max_bytes} バイトを超えています）")
    return data


def read_source(path: str | Path, max_bytes: int = 64 * 1024 * 1024) -> SourceText:
    path = Path(path)
    data = read_capped(path, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        from .pdftext import PdfProblem, pdf_text  # pdfium is loaded only for PDFs

        if not data.strip():
            raise InputError(path, "空のファイルです（中身がありません）")
        try:
            pdf = pdf_text(data)
        except PdfProblem as e:
            raise InputError(path, str(e)) from None
        return SourceText(str(path), pdf.text, "pdf", digest, pdf.warnings)
    if path.suffix.lower() in HTML_SUFFIXES:
        from .htmltext import decode_html, html_text

        markup, enc = decode_html(data, path, decode_bytes)
        return SourceText(str(path), html_text(markup), f"html/{enc}", digest)
    text, enc = decode_bytes(data, path)
    return SourceText(str(path), text, enc, digest)
