"""Who is who (indexer/identity.py): person ids across labels of one meeting, never a merge on a guess."""

from kaigiroku.indexer.identity import assign, full_names, place_of
from kaigiroku.search.model import Meeting, Record


def meeting(labels, attendees=(), municipality="川辺町", mid="m1", title="川辺町議会 第1回定例会会議録"):
    recs = [Record(order=i, kind="turn", role=role, speaker=label, text="発言", lines=(i, i))
            for i, (label, role) in enumerate(labels)]
    return assign(Meeting(id=mid, municipality=municipality, body="川辺町議会", title=title, session="",
                          dates=["2024-06-01"], format="対面", source="x.txt", layout="transcript",
                          attendees=list(attendees), records=recs))


def pids(m):
    return {r.speaker: r.pid for r in m.records}


def test_layouts_of_one_name_are_one_person():
    m = meeting([("議長（森川春子君）", "chair"), ("３番（森川春子君）", "member"), ("森川春子議員", "member"),
                 ("森川　春子", "member")])
    assert set(pids(m).values()) == {"川辺町-森川春子"}
    assert m.people[0]["titles"] == ["議長", "議員"]  # seat numbers are not titles


def test_surname_resolved_by_the_attendance_list():
    m = meeting([("森川委員長", "chair")], attendees=["委 員 長 森 川 春 子 副委員長 大 野 一 郎"])
    assert pids(m) == {"森川委員長": "川辺町-森川春子"}


def test_surname_resolved_by_another_label_of_the_meeting():
    m = meeting([("議長（水谷光男君）", "chair"), ("水谷議長", "chair")])
    assert pids(m)["水谷議長"] == "川辺町-水谷光男"


def test_two_names_with_the_surname_stay_a_label_of_the_meeting():
    m = meeting([("佐藤委員", "member")], attendees=["委員 佐 藤 一 郎 委員 佐 藤 花 子"])
    assert pids(m)["佐藤委員"] == "川辺町-佐藤~m1"


def test_unresolved_surnames_of_two_meetings_are_two_people():
    a, b = meeting([("北村課長", "executive")], mid="a"), meeting([("北村課長", "executive")], mid="b")
    assert pids(a)["北村課長"] != pids(b)["北村課長"]


def test_an_official_is_not_resolved_to_a_member_of_the_same_surname():
    m = meeting([("竹田健太議員", "member"), ("竹田企画課参事", "executive")], attendees=["１番 竹 田 健 太"])
    assert pids(m)["竹田健太議員"] == "川辺町-竹田健太"
    assert pids(m)["竹田企画課参事"] == "川辺町-竹田~m1"


def test_same_name_in_two_councils_is_two_people():
    a = meeting([("議長（森川春子君）", "chair")], municipality="川辺町", mid="a")
    b = meeting([("議長（森川春子君）", "chair")], municipality="山手市", mid="b")
    assert pids(a)["議長（森川春子君）"] != pids(b)["議長（森川春子君）"]


def test_diet_disambiguator_narrows_the_given_name():
    m = meeting([("吉野（正）委員", "member"), ("吉野（勝）委員", "member"), ("吉野委員", "member")],
                attendees=["理事 吉野 正樹君 吉野 勝也君"], municipality="", mid="kokkai-x", title="衆議院 委員会議録")
    p = pids(m)
    assert p["吉野（正）委員"] == "国会-吉野正樹" and p["吉野（勝）委員"] == "国会-吉野勝也"
    assert p["吉野委員"].endswith("~kokkai-x")  # two 吉野: no guess


def test_a_title_alone_names_no_one():
    m = meeting([("議長", "chair"), ("総務課長", "executive"), ("19番", "member")])
    assert set(pids(m).values()) == {""} and m.people == []


def test_place_and_names_from_a_squashed_list():
    assert full_names("森川", ["委員長森川春子副委員長大野一郎"], {}) == {"森川春子"}
    assert full_names("山田", ["委員小山田太郎"], {}) == set()
    assert place_of(Meeting(id="kokkai-1", municipality="大阪市", body="", title="", session="", dates=[],
                            format="", source="", layout="")) == "国会"
