"""Roles from the closed vocabulary of titles, in the meeting's context (search/roles.py)."""

from __future__ import annotations

import pytest

from kaigiroku.indexer.presiding import RoleContext, normalize_role
from kaigiroku.search.roles import (CHAIR, EXECUTIVE, MEMBER, OTHER, ROLE_LABELS, ROLES, SECRETARIAT, core, parse_role,
                                    role_label)

C, M, E, S, O = CHAIR, MEMBER, EXECUTIVE, SECRETARIAT, OTHER
PLENARY = RoleContext.for_meeting("令和6年第4回青葉区議会定例会会議録", ["議長（山田太郎君）"] * 3)
COMMITTEE = RoleContext.for_meeting("青葉区議会厚生委員会", ["委員長（大西健君）"] * 3)
BOARD = RoleContext.for_meeting("令和5年度第2回情報公開審議会", ["会長"] * 3)
EDUCATION = RoleContext.for_meeting("令和6年第8回白浜市教育委員会定例会", ["教育長"] * 3)

# (label as written, meeting, role): labels shaped like the ones real minutes use.
TABLE = [
    # presiding chairs
    ("議長", PLENARY, C), ("議長（山田太郎君）", PLENARY, C), ("議長(山田太郎)", PLENARY, C), ("山田太郎議長", PLENARY, C),
    ("議長吉村裕之君", PLENARY, C), ("委員長", COMMITTEE, C), ("委員長（大西健君）", COMMITTEE, C),
    ("関 三郎委員長", COMMITTEE, C), ("委員長(佐藤君)", COMMITTEE, C), ("山本委員長", COMMITTEE, C), ("会長", BOARD, C),
    ("新美会長", BOARD, C), ("高橋会長", BOARD, C), ("林 会長", BOARD, C), ("座長", BOARD, C), ("審査会長", BOARD, C),
    ("教育長", EDUCATION, C), ("臨時議長", PLENARY, M),
    # chairs of other bodies, attending or reporting
    ("総務委員長（中島健太君）", PLENARY, M), ("予算特別委員長", PLENARY, M), ("議会運営委員長（田中君）", PLENARY, M),
    ("議長（山田太郎君）", COMMITTEE, M), ("副議長（小林伸一君）", COMMITTEE, M), ("教育長（井上和男君）", PLENARY, E),
    ("教育長", COMMITTEE, E), ("教育長", BOARD, E), ("選挙管理委員会委員長（森君）", PLENARY, E),
    ("農業委員会会長（川田君）", PLENARY, E), ("代表監査委員（石田君）", PLENARY, E), ("監査委員", COMMITTEE, E),
    # acting chairs: members unless presiding (see the tests below)
    ("副委員長（村上智子君）", COMMITTEE, M), ("副会長", BOARD, M), ("会長職務代理者", BOARD, M),
    ("教育長職務代理者", EDUCATION, M), ("職務代理者", BOARD, M), ("副議長", PLENARY, M),
    # members
    ("委員", BOARD, M), ("田村委員", BOARD, M), ("南 次郎委員", BOARD, M), ("委員(石井和子君)", BOARD, M),
    ("議員", PLENARY, M), ("佐藤花子議員", PLENARY, M), ("1番（佐藤花子君）", PLENARY, M), ("１８番（田中君）", PLENARY, M),
    ("佐藤花子君", PLENARY, M), ("（佐藤花子君）", PLENARY, M), ("本間君", COMMITTEE, M), ("委員(大倉あき子さん)", COMMITTEE, M),
    ("川口委員（川口正君）", COMMITTEE, M), ("専門委員", BOARD, M), ("公募委員", BOARD, M), ("学識経験者", BOARD, M),
    ("構成員", BOARD, M), ("西田委員", EDUCATION, M), ("提出者（山田君）", PLENARY, M), ("紹介議員", PLENARY, M),
    # the executive
    ("市長", PLENARY, E), ("区長（鈴木一夫君）", PLENARY, E), ("副市長", PLENARY, E), ("副区長（鈴木一郎君）", PLENARY, E),
    ("町長", PLENARY, E), ("村長", PLENARY, E), ("知事", PLENARY, E), ("総務部長", COMMITTEE, E),
    ("健康福祉部長（藤井隆君）", COMMITTEE, E), ("都市計画課係長(田中一郎君)", BOARD, E), ("木村情報公開課長", BOARD, E),
    ("情報公開係長", BOARD, E), ("子育て支援課長", BOARD, E), ("館長", BOARD, E), ("所長", BOARD, E), ("保健所", BOARD, E),
    ("保健所長", BOARD, E), ("消防長", PLENARY, E), ("会計管理者", PLENARY, E), ("危機管理監", PLENARY, E), ("主幹", BOARD, E),
    ("参与", PLENARY, E), ("参事", BOARD, E), ("主査", BOARD, E), ("主任", BOARD, E), ("主事", BOARD, E),
    ("課長補佐", BOARD, E), ("担当課", BOARD, E), ("区側", BOARD, E), ("市側", BOARD, E), ("説明員", BOARD, E),
    ("理事者", PLENARY, E), ("学校教育課長", EDUCATION, E), ("健康増進課", BOARD, E), ("指導主事", EDUCATION, E),
    ("総合支所長", COMMITTEE, E),
    # the secretariat
    ("事務局", BOARD, S), ("事務局長（高橋次郎君）", COMMITTEE, S), ("事務局長(中川君)", COMMITTEE, S),
    ("事務局次長", PLENARY, S), ("書記", PLENARY, S), ("議事課長", PLENARY, S), ("議会事務局長", PLENARY, S),
    ("事務局（山田）", BOARD, S), ("議事係長", COMMITTEE, S),
    # others
    ("参考人", COMMITTEE, O), ("公述人", COMMITTEE, O), ("参考人（山中花子君）", COMMITTEE, O), ("請願者", COMMITTEE, O),
    ("講師", BOARD, O), ("オブザーバー", BOARD, O),
]
# Words that look like labels and name nobody.
NOT_ROLES = ["場所", "開会日", "日時", "招集場所", "開会", "閉会", "出席議員（20名）", "説明のため出席した者", "拍手",
             "8人", "理事者紹介", "事務局説明", "資料１により説明", "「異議なし」と呼ぶ者あり", "会議録署名議員", "田中", ""]


def test_the_table_is_large():
    assert len(TABLE) >= 80


@pytest.mark.parametrize("label, ctx, role", TABLE)
def test_role_of_label(label, ctx, role):
    assert ctx.role(label) == role


@pytest.mark.parametrize("label", NOT_ROLES)
def test_words_that_are_not_roles(label):
    assert normalize_role(label) is None


def test_meetings_decide_who_presides():
    assert (PLENARY.presiding, COMMITTEE.presiding, BOARD.presiding, EDUCATION.presiding) == ("議長", "委員長", "会長",
                                                                                          "教育長")
    # Without a name that says, the chair title the turns carry most presides.
    assert RoleContext.for_meeting("", ["座長", "座長", "委員"]).presiding == "座長"


def test_an_acting_chair_presides_only_while_presiding():
    # The chair is heard: the vice chair asking a question speaks as a member, calling the vote as the chair.
    assert COMMITTEE.role("副委員長（村上智子君）", "引き上げの時期はいつからでしょうか。") == M
    assert COMMITTEE.role("副委員長（村上智子君）", "ほかに質疑はありませんか。") == C
    # The chair never speaks: the vice chair presides the whole meeting.
    absent = RoleContext.for_meeting("厚生委員会", ["副委員長（村上智子君）", "委員"])
    assert absent.role("副委員長（村上智子君）", "本日の会議を開きます。") == C
    assert BOARD.role("会長職務代理者", "ご意見はございませんか。") == C


def test_a_title_less_turn_takes_its_role_from_the_mark():
    assert PLENARY.role("田中", mark="◆") == M and PLENARY.role("山本", mark="◎") == E
    assert PLENARY.role("田中") is None


def test_the_mark_is_never_part_of_the_title():
    assert core("議長（山田太郎君）") == "議長" and core("北 三郎委員長") == "北三郎委員長"
    assert core("（山田太郎議長）") == "山田太郎議長" and core("山本委員長)") == "山本委員長"


def test_role_keys_labels_and_what_people_type():
    assert ROLES == ("chair", "member", "executive", "secretariat", "other")
    assert role_label("chair") == "議長・委員長・会長" and role_label("other") == "参考人など"
    for typed, key in [("会長", C), ("委員", M), ("説明員", E), ("事務局", S), ("議長", C), ("委員長", C), ("議員", M),
                       ("執行機関", E), ("参考人", O), ("参考人など", O), ("議長・委員長・会長", C), ("chair", C),
                       ("MEMBER", M), ("執行機関・説明員", E)]:
        assert parse_role(typed) == key, typed
    assert parse_role("市長") is None and parse_role("") is None
    assert set(ROLE_LABELS) == set(ROLES)


def test_experts_and_committee_names():
    assert BOARD.role("大江教授") == O and BOARD.role("山田弁護士") == O
    # The name of a committee on a title line is no speaker.
    assert normalize_role("文教警察常任委員会(教育委員会関係)") is None
    assert normalize_role("3.出席委員") is None
