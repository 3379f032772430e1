"""The three layouts the corpus lacks, on small files written for them."""

from __future__ import annotations

from kaigiroku.indexer.parse import parse_file
from tests.conftest import FIXTURES


def test_marked_speakers():
    m = parse_file(FIXTURES / "marked.txt")
    assert m.layout == "marked"
    assert m.municipality == "青葉市" and m.dates == ["2023-03-01"]
    roles = [(r.speaker, r.role) for r in m.records]
    assert roles[0] == ("山田委員長（山田太郎君）", "chair")
    assert roles[1] == ("総務課長（鈴木一郎君）", "executive")
    assert ("佐藤花子委員", "member") in roles
    assert roles[-1] == ("事務局長（高橋次郎君）", "secretariat")
    # The continuation lines belong to the turn they continue.
    assert "施行日を令和５年４月１日とする" in m.records[1].text
    assert m.records[1].lines == (10, 12)
    item = m.items[0]
    assert item.outcome == "承認" and (item.votes.for_, item.votes.against) == (5, 1)


def test_marked_role_from_mark_alone(tmp_path):
    p = tmp_path / "m.txt"
    p.write_text("名称 令和6年度第1回 審議会\n日時 令和6年5月1日\n\n◆田中　質問します。\n◎山本　お答えします。\n○議長　次へ。\n", encoding="utf-8")
    m = parse_file(p)
    assert [(r.speaker, r.role) for r in m.records] == [("田中", "member"), ("山本", "executive"), ("議長", "chair")]


def test_bracketed_speakers():
    m = parse_file(FIXTURES / "bracketed.txt")
    assert m.layout == "bracketed"
    assert [r.role for r in m.records] == ["chair", "executive", "member", "executive", "chair"]
    assert m.records[1].text.startswith("令和元年度上半期の開示請求は２４件")
    assert "部分開示が４件" in m.records[1].text
    assert m.records[1].lines == (13, 15)
    assert m.items[0].kind == "報告"
    assert m.dates == ["2019-11-05"]  # 令和元年


def test_colon_speakers():
    m = parse_file(FIXTURES / "colon.txt")
    assert m.layout == "colon"
    assert m.title.startswith("平成31年度第1回") and m.session == "平成31年度第1回"
    assert [r.role for r in m.records] == ["chair", "secretariat", "member", "executive", "chair"]
    assert m.items[0].kind == "諮問" and m.items[0].outcome == "承認"
    assert (m.items[0].votes.for_, m.items[0].votes.against) == (8, 0)


def test_truncated_transcript_warns(tmp_path):
    text = (FIXTURES / "colon.txt").read_text(encoding="utf-8")
    cut = text[: text.index("再委託は原則として") + 5]
    p = tmp_path / "cut.txt"
    p.write_text(cut, encoding="utf-8")
    m = parse_file(p)
    assert m.records[-1].text == "再委託は原"
    assert any("途中で" in w for w in m.warnings)


def test_municipality_after_session_number():
    from kaigiroku.indexer.header import guess_municipality

    assert guess_municipality("名称：令和5年度第3回板橋区情報公開審議会\n会場：板橋区役所") == "板橋区"
    # ...while names that start with those characters stay whole
    assert guess_municipality("名称：令和5年度第1回 日野市情報公開審議会\n会場：日野市役所") == "日野市"
    assert guess_municipality("第2回日立市個人情報保護審議会 日立市役所") == "日立市"
    assert guess_municipality("令和5年度第3回板橋区情報公開審議会") == "板橋区"
