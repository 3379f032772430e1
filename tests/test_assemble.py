"""Outcomes and votes of agenda items, and questions paired with replies (indexer/assemble.py, transcripts)."""

from __future__ import annotations

import pytest

from kaigiroku.indexer.assemble import decide
from kaigiroku.indexer.layouts.transcripts import pair_turns
from kaigiroku.search.model import OUTCOMES, AgendaItem, Record


@pytest.mark.parametrize("said, outcome", [
    ("よって、議案第1号は原案のとおり可決されました。", "可決"),
    ("本案は原案どおり可決すべきものと決定いたしました。", "可決"),
    ("議案第2号は修正可決されました。", "修正可決"),
    ("よって、本案は否決されました。", "否決"),
    ("本件は承認といたします。", "承認"),
    ("報告は了承されました。", "了承"),
    ("陳情第3号は不採択とすべきものと決定いたしました。", "不採択"),
    ("請願第1号は採択すべきものと決定しました。", "採択"),
    ("本件は閉会中の継続審査とすることに決定いたしました。", "継続審査"),
    ("決算は認定すべきものと決定しました。", "認定"),
    ("人事案件は同意することに決定しました。", "同意"),
    ("諮問どおり行うことを「可」とする。", "可"),
    ("委員のご意見は了承いたしかねます。", None),
    ("本件は採択すべきだと考えます。", None),
])
def test_outcomes_as_minutes_state_them(said, outcome):
    item = AgendaItem(kind="議案", title="議案")
    decide(item, [said])
    assert item.outcome == outcome
    assert outcome is None or outcome in OUTCOMES


@pytest.mark.parametrize("said, counts, how", [
    ("賛成12名、反対1名です。本件は承認といたします。", (12, 1), None),
    ("賛成16 反対2 棄権0。承認といたします。", (16, 2), None),
    ("挙手全員であります。よって原案のとおり可決されました。", (None, None), "挙手全員"),
    ("全会一致で原案のとおり可決されました。", (None, None), "全会一致"),
    ("ご異議なしと認めます。よって、本案は可決されました。", (None, None), "異議なし"),
    ("起立多数であります。よって、本案は可決されました。", (None, None), "起立多数"),
    ("賛成多数であります。よって、本案は可決されました。", (None, None), "賛成多数"),
])
def test_votes(said, counts, how):
    item = AgendaItem(kind="議案", title="議案")
    decide(item, [said])
    assert (item.votes.for_, item.votes.against, item.votes.how) == (*counts, how)


def test_the_outcome_is_what_the_chair_states_and_the_last_statement_wins():
    item = AgendaItem(kind="請願", title="陳情")
    said = ["採択すべきものと決定すべきだと思う。", "不採択とすべきものと決定いたしました。"]
    decide(item, said, decisions=[said[1]])
    assert item.outcome == "不採択"


def rec(order: int, role: str, text: str, item: int | None = 0) -> Record:
    return Record(order=order, kind="turn", role=role, speaker=role, text=text, lines=(order, order), item=item)


def test_questions_pair_with_the_reply_that_follows():
    records = [
        rec(1, "chair", "質疑はありませんか。"),
        rec(2, "member", "委託先の管理はどう確認するのでしょうか。"),
        rec(3, "chair", "課長。"),
        rec(4, "executive", "年に一度、立入検査をいたします。"),
        rec(5, "executive", "補足いたします。記録も提出させます。"),
        rec(6, "member", "賛成の立場で意見を申し上げます。よい案だと考えます。"),
        rec(7, "executive", "ありがとうございます。"),
        rec(8, "member", "もう一点、費用はいくらですか。"),
        rec(9, "chair", "採決いたします。"),
        rec(10, "executive", "ありがとうございました。"),
        rec(11, "member", "次の議題について伺います。", item=1),
        rec(12, "secretariat", "資料2のとおりでございます。", item=1),
    ]
    pair_turns(records)
    pairs = {r.order: r.pair for r in records}
    assert pairs[2] == 4 and pairs[4] == 2 and pairs[5] == 2  # a second reply points back to the question
    assert pairs[6] is None and pairs[7] is None  # an opinion is not a question, and the reply does not answer one
    assert pairs[8] is None and pairs[10] is None  # the vote closes the exchange
    assert pairs[11] == 12 and pairs[12] == 11  # the secretariat answers a question
