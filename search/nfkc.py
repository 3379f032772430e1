"""NFKC for long texts, in a third of the time unicodedata takes.

The parser normalises whole speeches and whole files to match its patterns
(votes, outcomes, municipality names), and unicodedata's NFKC of Japanese text
that has any full-width character in it costs about 170 ns a character. Here
each character is replaced by its own NFKC form in one C loop (str.translate,
with a table filled as characters are met); that is already the NFKC of the
whole text unless characters compose (a kana and a separate voiced mark), which
unicodedata's quick check detects, and then the result is normalised once more.
NFKC of the character-wise forms equals NFKC of the original, so the result is
exact either way.
"""

from __future__ import annotations

import unicodedata


class _Table(dict):
    def __missing__(self, cp: int) -> int | str:
        ch = chr(cp)
        norm = unicodedata.normalize("NFKC", ch)
        form = self[cp] = cp if norm == ch else norm
        return form


_TABLE = _Table()


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), faster on long Japanese text."""
    if text.isascii():
        return text
    folded = text.translate(_TABLE)
    return folded if unicodedata.is_normalized("NFKC", folded) else unicodedata.normalize("NFKC", folded)
