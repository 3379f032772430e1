"""Reading files: encodings detected from the bytes, bad input refused by name."""

from __future__ import annotations

import pytest

from kaigiroku.indexer.parse import ParseError, parse_file
from kaigiroku.indexer.source import InputError, decode_bytes
from tests.conftest import CORPUS

SAMPLE = CORPUS / "meguro-r03-06.txt"


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp", "utf-8-sig"])
def test_other_encodings_parse_identically(tmp_path, encoding):
    # The published file has a few U+FFFD (bytes lost upstream) that legacy codecs cannot
    # hold: compare the legacy-encoded file with the UTF-8 file of the same characters.
    text = SAMPLE.read_text(encoding="utf-8").encode(encoding, errors="replace").decode(encoding)
    (tmp_path / "utf8").mkdir()
    (tmp_path / "utf8" / SAMPLE.name).write_text(text, encoding="utf-8")
    (tmp_path / SAMPLE.name).write_bytes(text.encode(encoding))
    m, ref = parse_file(tmp_path / SAMPLE.name), parse_file(tmp_path / "utf8" / SAMPLE.name)
    assert len(m.records) == 34
    assert m.to_dict() == ref.to_dict()


def test_crlf_parses_identically(tmp_path, corpus):
    p = tmp_path / "meguro-r04-02.txt"
    p.write_bytes((CORPUS / "meguro-r04-02.txt").read_bytes().replace(b"\n", b"\r\n"))
    m = parse_file(p)
    ref = corpus["meguro-r04-02"]
    assert [(r.text, r.lines) for r in m.records] == [(r.text, r.lines) for r in ref.records]


def test_cp932_detected_not_guessed():
    text, enc = decode_bytes("会長　それでは開会します。".encode("cp932"))
    assert enc == "cp932" and text == "会長　それでは開会します。"
    text, enc = decode_bytes("会長　それでは開会します。".encode("euc_jp"))
    assert enc == "euc_jp" and text == "会長　それでは開会します。"


@pytest.mark.parametrize(
    "data, needle",
    [
        (b"", "空のファイル"),
        (b"  \n\n", "空のファイル"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (bytes(range(256)) * 4, "バイナリ"),
        (b"\x82\xa0\x82\xa2\xff\xfe\xfd\xfc\x80\x81" * 20, "文字コード"),
    ],
)
def test_bad_files_are_named_errors(tmp_path, data, needle):
    p = tmp_path / "bad file.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as e:
        parse_file(p)
    assert needle in str(e.value) and str(p) in str(e.value)


def test_text_that_is_no_minutes(tmp_path):
    p = tmp_path / "novel.txt"
    p.write_text("吾輩は猫である。名前はまだ無い。\nどこで生れたかとんと見当がつかぬ。\n" * 20, encoding="utf-8")
    with pytest.raises(ParseError) as e:
        parse_file(p)
    msg = str(e.value)
    # It says what it looked for and what it found.
    assert "novel.txt" in msg and "形式を認識できません" in msg and "発言者の行が見つかりません" in msg
    assert "`○議長（山田太郎君）" in msg and "本文 40 行" in msg


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="見つかりません"):
        parse_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="フォルダ"):
        parse_file(tmp_path)


def test_japanese_file_name_with_spaces(tmp_path):
    p = tmp_path / "目黒区 第6回 会議録.txt"
    p.write_bytes(SAMPLE.read_bytes())
    m = parse_file(p)
    assert m.id == "目黒区-第6回-会議録" and len(m.records) == 34
