"""build streams files into the writer: a meeting given twice is written once, and a later
file of the same name (other text) is kept too, under an id with a suffix (issue 26)."""

from __future__ import annotations

import shutil

from kaigiroku.indexer.build import build
from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest
from tests.conftest import CORPUS

NAME = "meguro-r03-06.txt"
RECORDS = 34  # of that file


def _src(tmp_path, *texts: str) -> list:
    """The same file name (so the same meeting id) in a folder per text, in that order."""
    paths = []
    for i, text in enumerate(texts):
        (tmp_path / f"v{i}").mkdir()
        paths.append(tmp_path / f"v{i}" / NAME)
        paths[-1].write_text(text, encoding="utf-8")
    shutil.copy(CORPUS / "meguro-r02-05.txt", tmp_path / "other.txt")
    return [*paths, tmp_path / "other.txt"]


def _total(root, q: str) -> int:
    return SearchEngine(root).search(SearchRequest(q=q))["listed"]  # hits shown: a question and its answer are one


def test_the_same_meeting_twice_is_written_once(tmp_path):
    text = (CORPUS / NAME).read_text(encoding="utf-8")
    s = build(tmp_path / "ix", _src(tmp_path, text, text), workers=2)
    assert (s.meetings, s.records) == (2, RECORDS + 52)
    assert any("重複して指定" in w for _, w in s.warnings)
    assert SearchEngine(tmp_path / "ix").stats()["records"] == RECORDS + 52


def test_a_later_file_of_the_same_name_is_kept_beside_the_earlier(tmp_path):
    text = (CORPUS / NAME).read_text(encoding="utf-8")
    changed = text.replace("相談業務の内容を整理する", "相談業務の内容をふくろう整理する", 1)
    assert changed != text
    root = tmp_path / "ix"
    s = build(root, _src(tmp_path, text, changed), workers=2)
    assert (s.meetings, s.records) == (3, 2 * RECORDS + 52)
    assert any("別のファイル" in w for _, w in s.warnings)
    stats = SearchEngine(root).stats()
    assert stats["records"] == 2 * RECORDS + 52
    assert stats["by"]["meeting"]["meguro-r03-06"] == RECORDS
    assert sum(1 for k in stats["by"]["meeting"] if k.startswith("meguro-r03-06-")) == 1
    assert _total(root, "ふくろう") == 1


def test_the_same_bytes_again_after_another_text_are_written_once(tmp_path):
    text = (CORPUS / NAME).read_text(encoding="utf-8")
    changed = text.replace("相談業務の内容を整理する", "相談業務の内容をふくろう整理する", 1)
    root = tmp_path / "ix"
    s = build(root, _src(tmp_path, text, changed, text), workers=1)
    assert s.meetings == 3 and any("重複して指定" in w for _, w in s.warnings)
    assert SearchEngine(root).stats()["records"] == 2 * RECORDS + 52
    assert _total(root, "ふくろう") == 1
