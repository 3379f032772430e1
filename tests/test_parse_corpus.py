"""Facts of the shipped minutes that the parsers must get right."""

from __future__ import annotations

import re

from tests.conftest import CORPUS


def _items(m, kind):
    return [it for it in m.items if it.kind == kind]


def _votes(items):
    return [(it.votes.for_, it.votes.against, it.votes.abstain) for it in items]


def test_layouts_detected(corpus):
    assert {k: m.layout for k, m in corpus.items()} == {
        "higashimurayama-h27-06": "summary",
        "meguro-r02-02": "html-table",
        "meguro-r02-05": "written-qa",
        "meguro-r03-06": "written-qa",
        "meguro-r04-02": "pdf-transcript",
    }


def test_r03_06_written_qa(corpus):
    m = corpus["meguro-r03-06"]
    qs = [r for r in m.records if r.kind == "question"]
    ans = [r for r in m.records if r.kind == "answer"]
    assert len(qs) == 17 and len(ans) == 17
    assert m.dates == ["2022-01-31", "2022-02-14"]
    assert m.format == "書面"
    assert m.municipality == "目黒区"
    assert m.session == "令和3年度第6回"
    assert m.body == "情報公開・個人情報保護審議会"
    # Every question knows its answer and back.
    by_order = {r.order: r for r in m.records}
    for q in qs:
        assert by_order[q.pair].kind == "answer" and by_order[q.pair].pair == q.order
    assert "遡及" in ans[4].text
    assert "スーパーバイザー" in ans[1].text  # wrapped as スーパーバイ / ザー in the PDF
    assert "オミクロン" in qs[5].text and qs[5].text.startswith("健康推進部")
    assert all(r.role == "executive" for r in ans) and all(r.role == "member" for r in qs)
    assert m.items[0].kind == "諮問" and "感染症対策業務" in m.items[0].title


def test_r02_05_tab_rows_and_opinions(corpus):
    m = corpus["meguro-r02-05"]
    qs = [r for r in m.records if r.kind == "question"]
    assert len(qs) == 21
    assert all(r.pair is not None for r in qs)
    assert [r for r in m.records if r.kind == "answer"][9].text.startswith("3か所の区有施設")
    ops = [r for r in m.records if r.kind == "opinion"]
    assert len(ops) >= 8
    assert ops[0].text.startswith("フランスでもワクチン接種が始まりました")
    assert any("保留とさせていただきます" in r.text for r in ops)
    assert m.dates == ["2021-01-15", "2021-02-01"] and m.format == "書面"


def test_r02_02_html_table(corpus):
    m = corpus["meguro-r02-02"]
    assert m.dates == ["2020-07-13"]
    consult = _items(m, "諮問")
    assert len(consult) == 6
    assert all(it.outcome == "承認" for it in consult)
    assert _votes(consult) == [(17, 0, 0), (17, 0, 0), (16, 1, 0), (17, 0, 0), (17, 0, 0), (17, 0, 0)]
    assert len(_items(m, "報告")) == 2
    texts = [r.text for r in m.records]
    assert not any("<p>" in t or "</p>" in t for t in texts)
    # Plain lines after the table break continue the turn they belong to.
    turn = next(r for r in m.records if r.text.startswith("要件の関係でございますけれども"))
    assert "水害等の可能性なども考慮して選定する" in turn.text
    assert "詳細などは詰めてまいりたい" in turn.text
    assert turn.lines == (44, 48)
    # A word the table break split across lines is whole again.
    assert any("5年度にかけてということですね" in t for t in texts)
    # A continuation row with an empty role cell.
    assert any("情報提供ネットワークシステム" in t for t in texts)


def test_r04_02_pdf_transcript(corpus):
    m = corpus["meguro-r04-02"]
    assert m.dates == ["2022-07-11"] and m.format == "オンライン併用"
    consult = _items(m, "諮問")
    assert len(consult) == 6
    assert [it.outcome for it in consult] == ["承認"] * 5 + ["答申"]
    assert _votes(consult) == [(16, 2, 0), (17, 1, 0), (11, 7, 0), (15, 1, 1), (17, 0, 0), (13, 2, 0)]
    assert [it.number for it in consult] == ["1", "2", "3", "4", "5", "6"]
    assert consult[1].title == "情報通信技術を活用した業務効率化に関する業務の外部委託に伴う個人情報の取扱いについて"
    assert len(_items(m, "報告")) == 2
    turns = [r for r in m.records if r.kind == "turn"]
    assert 230 <= len(turns) <= 270
    for r in m.records:
        assert not re.search(r"-\s*\d+\s*-", r.text), r.text  # no page marks
        # no line-wrap breaks: a newline only ever follows the end of a sentence
        for i in (i for i, ch in enumerate(r.text) if ch == "\n"):
            assert r.text[i - 1] in "。．！？」）)", r.text[max(0, i - 20): i + 5]
    assert any("ジョブローテーション" in r.text for r in m.records)
    assert not any("ジョブローテーショ\n" in r.text for r in m.records)
    assert {r.role for r in m.records} <= {"chair", "member", "executive", "secretariat"}


def test_higashimurayama_summary(corpus):
    m = corpus["higashimurayama-h27-06"]
    assert m.dates == ["2016-01-18"] and m.municipality == "東村山市"
    consult = _items(m, "諮問")
    assert len(consult) == 3 and all(it.outcome == "可" for it in consult)
    assert [it.number for it in consult] == ["13", "14", "15"]
    assert len(_items(m, "報告")) == 1
    answers = [r for r in m.records if r.kind == "answer"]
    assert answers and all(r.role == "executive" for r in answers)
    # The official's title is the speaker where the minutes give it.
    assert any(r.speaker == "情報公開係長" and r.text.startswith("市として統一した対応") for r in answers)
    assert any(r.speaker == "総務部長" for r in answers)
    # Without a title, the department named for the item answers.
    assert next(r for r in answers if r.text == "明記していない。").speaker == "健康増進課"
    # A plain "- " bullet answering the question before it is an answer.
    usb = next(r for r in m.records if r.text.startswith("容量が大きいUSBメモリもあるので"))
    assert usb.kind == "answer" and m.counterpart(usb).text.endswith("入るものなのか。")
    # A line wrapped across a blank line is joined.
    assert any("現状通り市職員が行う" in r.text for r in answers)


def test_every_record_cites_its_lines(corpus):
    for m in corpus.values():
        source = (CORPUS / m.source).read_text(encoding="utf-8").split("\n")
        for r in m.records:
            first, last = r.lines
            assert 1 <= first <= last <= len(source)
            # the first few characters of the record are on its first cited lines
            head = re.sub(r"\s", "", r.text)[:4]
            window = re.sub(r"[\s]|<[^>]+>", "", "".join(source[first - 1: last]))
            assert head in window, (m.id, r.order, head)


def test_meeting_json_round_trip(corpus):
    from kaigiroku.search.model import Meeting

    for m in corpus.values():
        assert Meeting.from_dict(m.to_dict()) == m
