"""/api/speech, /api/meeting_list and /api/meeting against the 国会会議録検索システム API's
documented behaviour, read the way its clients read it (XML by default, or JSON)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kaigiroku.search.whoosh.engine import SearchRequest
from kaigiroku.web.kokkai import council_session
from kaigiroku.web.kokkai_params import CONDITIONS, PARAMS

SPEECH_FIELDS = ["speechID", "issueID", "imageKind", "searchObject", "session", "nameOfHouse", "nameOfMeeting",
                 "issue", "date", "closing", "speechOrder", "speaker", "speakerYomi", "speakerGroup",
                 "speakerPosition", "speakerRole", "speech", "startPage", "speechURL", "meetingURL", "pdfURL"]
MEETING_FIELDS = ["issueID", "imageKind", "searchObject", "session", "nameOfHouse", "nameOfMeeting", "issue", "date",
                  "closing", "speechRecord", "meetingURL", "pdfURL"]
ENVELOPE = ("numberOfRecords", "numberOfReturn", "startRecord", "nextRecordPosition")
PACKINGS = ("xml", "json")


@pytest.fixture()
def engine(app):
    return app.extensions["kaigiroku"].backend


def fetch(client, path: str, params: dict, packing: str | None = "json", status: int = 200) -> dict:
    """One answer as a client sees it: the envelope's numbers and the records (dicts in JSON,
    elements in XML)."""
    qs = dict(params) if packing is None else {**params, "recordPacking": packing}
    r = client.get(path, query_string=qs)
    assert r.status_code == status, (path, qs, r.status_code, r.get_data(as_text=True)[:300])
    if packing == "json":
        assert r.content_type.startswith("application/json")
        return r.get_json()
    assert r.content_type.startswith("application/xml")
    assert r.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(r.data)
    assert root.tag == "data"
    if status != 200:
        out = {"message": root.findtext("message")}
        if root.find("details") is not None:
            out["details"] = [d.text for d in root.findall("details/detail")]
        return out
    data = {child.tag: int(child.text) for child in root if child.tag in ENVELOPE}
    data["records"] = root.findall("records/record/recordData/*")
    return data


def records(data: dict, packing: str) -> list:
    if packing == "json":
        return data.get("speechRecord", data.get("meetingRecord"))
    return data["records"]


def field_of(record, name: str, packing: str):
    return record[name] if packing == "json" else record.findtext(name)


def harvest(client, path: str, params: dict, packing: str) -> tuple[list, int]:
    """Every record of a search, paged the way Diet API clients page: request, read the
    records, and go on from nextRecordPosition for as long as the answer has one."""
    start, got, total = 1, [], None
    for _ in range(500):
        data = fetch(client, path, {**params, "startRecord": start}, packing)
        total = data["numberOfRecords"]
        got += records(data, packing)
        if "nextRecordPosition" in data:
            start = data["nextRecordPosition"]
        else:
            return got, total
    pytest.fail("the client never saw the last page")


def newest_hits(engine, **kw) -> list[str]:
    """speechIDs of every record matching, newest meeting first, in speaking order."""
    out, page = [], 1
    while True:
        res = engine.search(SearchRequest(sort="newest", per_page=100, page=page, exchanges=False, **kw))
        out += [f"{h['meeting']}_{h['order']:03d}" for h in res["hits"]]
        if page >= res["pages"]:
            return out
        page += 1


def total(client, path: str = "/api/speech", **params) -> int:
    return fetch(client, path, params)["numberOfRecords"]


# -- fields and types ----------------------------------------------------------------

def test_speech_fields_types_and_mapping(client):
    d = fetch(client, "/api/speech", {"any": "遡及"})
    assert d["numberOfRecords"] == 2 and d["numberOfReturn"] == 2 and d["startRecord"] == 1
    rec = d["speechRecord"][0]
    assert list(rec) == SPEECH_FIELDS + ["sessionLabel"]
    assert rec["speechID"] == "meguro-r03-06_009" and rec["issueID"] == "meguro-r03-06"
    assert rec["nameOfHouse"] == "目黒区" and rec["nameOfMeeting"] == "情報公開・個人情報保護審議会"
    # Typed as the published clients decode them: session and speechOrder integers, closing null.
    assert rec["session"] == 2021 and rec["issue"] == "第6回" and rec["sessionLabel"] == "令和3年度第6回"
    assert rec["speechOrder"] == 9 and rec["searchObject"] == 9 and rec["date"] == "2022-02-14"
    assert rec["closing"] is None and rec["startPage"] is None and rec["pdfURL"] is None
    assert rec["speaker"] == "委員" and rec["speakerPosition"] == "議員・委員" and rec["speakerYomi"] is None
    assert "遡及" in rec["speech"]
    assert rec["speechURL"] == "http://localhost/meetings/meguro-r03-06#r9"
    assert rec["meetingURL"] == "http://localhost/meetings/meguro-r03-06"


def test_xml_is_the_default_with_the_same_fields(client):
    as_json = fetch(client, "/api/speech", {"any": "遡及"})["speechRecord"]
    as_xml = fetch(client, "/api/speech", {"any": "遡及"}, packing=None)["records"]
    assert len(as_xml) == len(as_json) == 2
    for element, rec in zip(as_xml, as_json):
        assert element.tag == "speechRecord"
        assert [child.tag for child in element] == list(rec)
        for child in element:
            want = rec[child.tag]
            assert child.text == (None if want is None else str(want)), child.tag


@pytest.mark.parametrize("path", ["/api/meeting_list", "/api/meeting"])
def test_meeting_records_fields(client, engine, path):
    d = fetch(client, path, {"any": "遡及"})
    m = d["meetingRecord"][0]
    assert [k for k in m if k != "sessionLabel"] == MEETING_FIELDS
    assert m["issueID"] == "meguro-r03-06" and m["session"] == 2021 and m["issue"] == "第6回"
    assert m["searchObject"] == 9 and m["closing"] is None
    speeches = m["speechRecord"]
    if path == "/api/meeting_list":  # the matching speeches only, without their text
        assert [s["speechID"] for s in speeches] == ["meguro-r03-06_009", "meguro-r03-06_010"]
        assert set(speeches[0]) >= {"speechID", "speechOrder", "speaker", "speechURL"} and "speech" not in speeches[0]
    else:  # every speech of the meeting, with its text
        meeting = engine.meeting("meguro-r03-06")
        assert [s["speechOrder"] for s in speeches] == [r.order for r in meeting.records]
        assert [s["speech"] for s in speeches] == [r.text for r in meeting.records]


def test_meeting_list_lists_speeches_only_for_a_search_on_speeches(client):
    by_name = fetch(client, "/api/meeting_list", {"nameOfMeeting": "運営"})["meetingRecord"]
    assert [m["issueID"] for m in by_name] == ["higashimurayama-h27-06"] and "speechRecord" not in by_name[0]
    by_speaker = fetch(client, "/api/meeting_list", {"nameOfMeeting": "運営", "speaker": "総務部長"})["meetingRecord"]
    assert [s["speaker"] for s in by_speaker[0]["speechRecord"]] == ["総務部長"] * 3
    whole = fetch(client, "/api/meeting", {"nameOfMeeting": "運営"})["meetingRecord"]
    assert len(whole[0]["speechRecord"]) == 119


def test_meeting_xml_repeats_speech_records(client):
    d = fetch(client, "/api/meeting_list", {"any": "遡及"}, packing="xml")
    meeting = d["records"][0]
    assert meeting.tag == "meetingRecord" and meeting.findtext("issueID") == "meguro-r03-06"
    assert [s.findtext("speechID") for s in meeting.findall("speechRecord")] == ["meguro-r03-06_009",
                                                                                 "meguro-r03-06_010"]


@pytest.mark.parametrize("session, date, want", [
    ("令和3年度第6回", "2022-02-14", (2021, "第6回", 6)),
    ("平成27年度第６回", "2016-01-18", (2015, "第6回", 6)),
    ("令和元年第2回定例会", "2019-06-10", (2019, "第2回", 2)),
    ("", "2022-02-14", (2021, None, None)),
    ("", "", (None, None, None)),
])
def test_council_session_is_the_year_and_the_sitting(session, date, want):
    assert council_session(session, date) == want


# -- a client written to the Diet's documentation ---------------------------------------

@pytest.mark.parametrize("packing", PACKINGS)
def test_client_pages_through_speech(client, engine, packing):
    got, n = harvest(client, "/api/speech", {"any": "委託", "maximumRecords": 7}, packing)
    ids = [field_of(r, "speechID", packing) for r in got]
    assert ids == newest_hits(engine, q="委託")
    assert len(ids) == len(set(ids)) == n > 7 * 3


@pytest.mark.parametrize("packing", PACKINGS)
@pytest.mark.parametrize("path", ["/api/meeting", "/api/meeting_list"])
def test_client_pages_through_meetings(client, engine, packing, path):
    got, n = harvest(client, path, {"any": "委託", "maximumRecords": 2}, packing)
    ids = [field_of(m, "issueID", packing) for m in got]
    want = list(dict.fromkeys(s.rsplit("_", 1)[0] for s in newest_hits(engine, q="委託")))
    assert ids == want and n == len(want) == 5
    for m in got:
        speeches = m["speechRecord"] if packing == "json" else m.findall("speechRecord")
        mid = field_of(m, "issueID", packing)
        if path == "/api/meeting":
            assert len(speeches) == len(engine.meeting(mid).records)
        else:
            assert len(speeches) == len([s for s in newest_hits(engine, q="委託") if s.startswith(mid + "_")])


@pytest.mark.parametrize("packing", PACKINGS)
def test_next_record_position_only_while_there_is_more(client, packing):
    first = fetch(client, "/api/speech", {"any": "遡及", "maximumRecords": 1}, packing)
    assert first["nextRecordPosition"] == 2
    last = fetch(client, "/api/speech", {"any": "遡及", "maximumRecords": 1, "startRecord": 2}, packing)
    assert "nextRecordPosition" not in last and last["numberOfReturn"] == 1
    none = fetch(client, "/api/speech", {"any": "存在しないはずの語ぬぬぬ"}, packing)
    assert none["numberOfRecords"] == 0 and "nextRecordPosition" not in none and records(none, packing) == []


def test_records_come_newest_meeting_first_in_speaking_order(client):
    recs = fetch(client, "/api/speech", {"any": "委託", "maximumRecords": 100})["speechRecord"]
    dates = [r["date"] for r in recs]
    assert dates == sorted(dates, reverse=True)
    for a, b in zip(recs, recs[1:]):
        if a["issueID"] == b["issueID"]:
            assert a["speechOrder"] < b["speechOrder"]


# -- conditions --------------------------------------------------------------------------

def test_speaker_words_are_ored_and_partial(client):
    assert total(client, speaker="区側 会長") == total(client, speaker="区側") + total(client, speaker="会長") > 0
    d = fetch(client, "/api/speech", {"speaker": "課", "maximumRecords": 100})
    assert d["numberOfRecords"] > 0 and all("課" in r["speaker"] for r in d["speechRecord"])
    assert {r["speaker"] for r in d["speechRecord"]} >= {"高齢介護課", "人事課"}


def test_name_of_meeting_words_are_ored(client):
    assert total(client, nameOfMeeting="運営") == total(client, issueID="higashimurayama-h27-06")
    both = total(client, nameOfMeeting="運営 情報公開・個人")
    assert both == total(client, nameOfMeeting="運営") + total(client, nameOfMeeting="情報公開・個人") == 624
    assert total(client, nameOfMeeting="存在しない会議") == 0


def test_any_words_are_anded_and_or_is_supported(client):
    one, other = total(client, any="ストレスチェック"), total(client, any="ワクチン")
    assert one > 0 and other > 0
    assert total(client, any="ストレスチェック OR ワクチン") == one + other
    assert total(client, any="ストレスチェック ワクチン") == 0


@pytest.mark.parametrize("params, want", [
    ({"speechID": "meguro-r03-06_009"}, ["meguro-r03-06_009"]),
    ({"speechID": "meguro-r03-06_0009"}, ["meguro-r03-06_009"]),
    ({"speechNumber": "9", "nameOfHouse": "東村山"}, ["higashimurayama-h27-06_009"]),
    ({"issueID": "meguro-r03-06", "speaker": "区の考え方", "any": "遡及"}, ["meguro-r03-06_010"]),
    ({"sessionFrom": "2021", "any": "遡及"}, ["meguro-r03-06_009", "meguro-r03-06_010"]),
    ({"sessionTo": "2020", "any": "遡及"}, []),
    ({"speechID": "meguro-r03-06_999"}, []),
])
def test_exact_conditions(client, params, want):
    d = fetch(client, "/api/speech", {**params, "maximumRecords": 100})
    assert [r["speechID"] for r in d["speechRecord"]] == want


def test_session_and_issue_ranges(client):
    by_session = fetch(client, "/api/meeting_list", {"sessionFrom": "2020", "sessionTo": "2021"})
    assert [m["issueID"] for m in by_session["meetingRecord"]] == ["meguro-r03-06", "meguro-r02-05", "meguro-r02-02"]
    by_issue = fetch(client, "/api/meeting_list", {"issueFrom": "5", "issueTo": "6"})
    assert [m["issue"] for m in by_issue["meetingRecord"]] == ["第6回", "第5回", "第6回"]
    assert [m["issueID"] for m in fetch(client, "/api/meeting_list", {"issueTo": "2"})["meetingRecord"]] == [
        "meguro-r04-02", "meguro-r02-02"]


def test_speaker_position_reads_role_and_label(client):
    d = fetch(client, "/api/speech", {"speakerPosition": "説明員", "maximumRecords": 100})
    assert d["numberOfRecords"] == total(client, speakerPosition="説明員") > 100
    assert all(r["speakerPosition"] == "執行機関・説明員" for r in d["speechRecord"])
    titled = fetch(client, "/api/speech", {"speakerPosition": "部長"})
    assert titled["numberOfRecords"] == 3 and {r["speaker"] for r in titled["speechRecord"]} == {"総務部長"}


def test_house_and_dates(client):
    assert total(client, nameOfHouse="東村山市") == total(client, issueID="higashimurayama-h27-06")
    d = fetch(client, "/api/speech", {"any": "委託", "from": "2022-07-01", "until": "2022-07-31",
                                      "maximumRecords": 100})
    assert d["numberOfRecords"] > 0 and {r["date"] for r in d["speechRecord"]} == {"2022-07-11"}
    assert total(client, any="委託", **{"from": "令和4年7月"}) == d["numberOfRecords"]


@pytest.mark.parametrize("params", [
    {"speakerGroup": "自由民主党"},
    {"speakerRole": "参考人"},
    {"closing": "true"},
    {"supplementAndAppendix": "true"},
    {"contentsAndIndex": "true"},
    {"searchRange": "冒頭"},
])
def test_what_councils_do_not_have_matches_nothing(client, params):
    assert total(client, any="委託") > 0
    assert total(client, **{"any": "委託", **params}) == 0


@pytest.mark.parametrize("params", [
    {"closing": "false"}, {"supplementAndAppendix": "false"}, {"contentsAndIndex": "false"},
    {"searchRange": "本文"}, {"searchRange": "冒頭・本文"},
])
def test_qualifiers_that_do_not_restrict_change_nothing(client, params):
    assert total(client, **{"any": "委託", **params}) == total(client, any="委託")


def test_search_range_without_any_is_ignored(client):
    assert total(client, speaker="会長", searchRange="冒頭") == total(client, speaker="会長") > 0


@pytest.mark.parametrize("name", PARAMS)
@pytest.mark.parametrize("path", ["/api/speech", "/api/meeting_list", "/api/meeting"])
def test_every_documented_parameter_is_accepted(client, path, name):
    value = {"startRecord": "1", "maximumRecords": "3", "recordPacking": "json", "searchRange": "本文",
             "supplementAndAppendix": "false", "contentsAndIndex": "false", "closing": "false",
             "from": "2000-01-01", "until": "2030-12-31", "speechNumber": "1", "speakerRole": "証人",
             "speechID": "meguro-r03-06_001", "issueID": "meguro-r03-06", "sessionFrom": "2000",
             "sessionTo": "2030", "issueFrom": "1", "issueTo": "99"}.get(name, "委員")
    d = fetch(client, path, {"nameOfHouse": "区", name: value})
    assert "numberOfRecords" in d


# -- errors in the Diet's format ---------------------------------------------------------

@pytest.mark.parametrize("packing", PACKINGS)
@pytest.mark.parametrize("params", [{}, {"startRecord": "1", "maximumRecords": "5", "searchRange": "本文",
                                         "supplementAndAppendix": "false", "contentsAndIndex": "false",
                                         "closing": "true"}])
def test_no_condition_is_an_error(client, packing, params):
    d = fetch(client, "/api/speech", params, packing, status=400)
    assert d == {"message": "検索条件を指定してください。"}


@pytest.mark.parametrize("packing", PACKINGS)
@pytest.mark.parametrize("path, params, message", [
    ("/api/speech", {"any": "遡及", "startRecord": "0"}, "startRecordには 1から検索件数までの値を指定してください。"),
    ("/api/speech", {"any": "遡及", "startRecord": "x"}, "startRecordには 1から検索件数までの値を指定してください。"),
    ("/api/speech", {"any": "遡及", "startRecord": "3"}, "startRecordには 1から検索件数までの値を指定してください。"),
    ("/api/meeting", {"any": "遡及", "startRecord": "2"}, "startRecordには 1から検索件数までの値を指定してください。"),
    ("/api/speech", {"any": "遡及", "maximumRecords": "101"}, "maximumRecordsには1～100の値を指定してください。"),
    ("/api/meeting_list", {"any": "遡及", "maximumRecords": "0"}, "maximumRecordsには1～100の値を指定してください。"),
    ("/api/meeting", {"any": "遡及", "maximumRecords": "11"}, "maximumRecordsには1～10の値を指定してください。"),
    ("/api/speech", {"any": "遡" * 300}, "入力可能文字数を超過しています。"),
])
def test_paging_errors(client, packing, path, params, message):
    assert fetch(client, path, params, packing, status=400) == {"message": message}


@pytest.mark.parametrize("packing", PACKINGS)
@pytest.mark.parametrize("params, details", [
    ({"from": "昨日"}, ["from:開会日付をYYYY-MM-DD形式で入力してください。"]),
    ({"from": "2022-02-30", "until": "いつか"}, ["from:存在しない日付です。",
                                                "until:開会日付をYYYY-MM-DD形式で入力してください。"]),
    ({"from": "2022-07-02", "until": "2022-07-01"},
     ["from:fromはuntil以下、もしくはuntilはfrom以上の日付で入力してください。"]),
    ({"any": "遡及", "speakerRole": "委員"}, ["speakerRole:証人、参考人、公述人のいずれかを指定してください。"]),
    ({"any": "遡及", "closing": "maybe"}, ["closing:true または false を指定してください。"]),
    ({"speechID": "meguro-r03-06"}, ["speechID:発言IDは「会議録ID_発言番号（3桁以上）」の書式で指定してください。"]),
    ({"sessionFrom": "2022", "sessionTo": "2021"}, ["sessionFrom:sessionFromはsessionTo以下の値を指定してください。"]),
    ({"speechNumber": "-1"}, ["speechNumber:0以上の整数を指定してください。"]),
    ({"any": "遡及", "recordPacking": "csv"}, ["recordPacking:xml または json を指定してください。"]),
])
def test_condition_errors_have_details(client, packing, params, details):
    if "recordPacking" in params:  # a packing it cannot use: the answer is in the default, XML
        got = fetch(client, "/api/speech", params, packing=None, status=400)
    else:
        got = fetch(client, "/api/speech", params, packing, status=400)
    assert got == {"message": "検索条件の入力に誤りがあります。", "details": details}


def test_query_errors_are_details(client):
    d = fetch(client, "/api/speech", {"any": '"遡及'}, status=400)
    assert d["message"] == "検索条件の入力に誤りがあります。"
    assert len(d["details"]) == 1 and d["details"][0].startswith("any:") and "引用符" in d["details"][0]


def test_unknown_parameters_are_refused_by_name(client):
    d = fetch(client, "/api/speech", {"any": "遡及", "colour": "red", "nameofmeeting": "x"}, status=400)
    assert d["message"] == "検索条件の入力に誤りがあります。"
    assert "colour" in d["details"][0] and "nameofmeeting" in d["details"][0]


@pytest.mark.parametrize("packing", PACKINGS)
def test_other_http_errors_speak_the_diet_format(client, packing):
    r = client.post("/api/meeting", query_string={"any": "遡及", "recordPacking": packing})
    assert r.status_code == 405
    message = r.get_json()["message"] if packing == "json" else ET.fromstring(r.data).findtext("message")
    assert "POST" in message


def test_every_condition_is_a_condition(client):
    for name in CONDITIONS:
        value = {"speechID": "x_001", "speechNumber": "1", "sessionFrom": "1", "sessionTo": "1", "issueFrom": "1",
                 "issueTo": "1", "from": "2000-01-01", "until": "2030-01-01", "speakerRole": "証人"}.get(name, "委員")
        r = client.get("/api/meeting_list", query_string={name: value, "recordPacking": "json"})
        assert r.status_code == 200, (name, r.get_json())


def test_the_page_s_meetings_are_read_alone_unless_a_condition_tests_headers(app, client, monkeypatch):
    site = app.extensions["kaigiroku"]
    whole_list = []
    everyone = site.meeting_map
    monkeypatch.setattr(site, "meeting_map", lambda: whole_list.append(1) or everyone())
    for path in ("/api/speech", "/api/meeting_list", "/api/meeting"):
        d = fetch(client, path, {"any": "個人情報", "maximumRecords": 3})
        assert d["numberOfRecords"] > 0 and (d.get("speechRecord") or d.get("meetingRecord"))
    assert whole_list == []  # conditions on speeches: only the page's meeting documents were read
    named = fetch(client, "/api/meeting_list", {"nameOfMeeting": "保護審議会"})
    assert named["numberOfRecords"] > 0 and len(whole_list) == 1
