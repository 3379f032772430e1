"""The Diet API's XML packing: its shape, nulls, escaping and the characters XML forbids."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kaigiroku.web import kokkai_xml


def test_document_shape_nulls_and_repeated_children():
    payload = {"numberOfRecords": 1, "numberOfReturn": 1, "startRecord": 1, "meetingRecord": [{
        "issueID": "m1", "session": 2021, "closing": None, "flag": True,
        "speechRecord": [{"speechOrder": 1}, {"speechOrder": 2}], "pdfURL": None}]}
    raw = kokkai_xml.document(payload, "meetingRecord")
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<data>')
    root = ET.fromstring(raw)
    assert [c.tag for c in root] == ["numberOfRecords", "numberOfReturn", "startRecord", "records"]
    m = root.find("records/record/recordData/meetingRecord")
    assert [c.tag for c in m] == ["issueID", "session", "closing", "flag", "speechRecord", "speechRecord", "pdfURL"]
    assert m.findtext("session") == "2021" and m.find("closing").text is None and m.findtext("flag") == "true"
    assert [s.findtext("speechOrder") for s in m.findall("speechRecord")] == ["1", "2"]


def test_next_record_position_only_when_given():
    base = {"numberOfRecords": 2, "numberOfReturn": 1, "startRecord": 1, "speechRecord": [{"speechID": "a"}]}
    assert ET.fromstring(kokkai_xml.document(base, "speechRecord")).find("nextRecordPosition") is None
    more = ET.fromstring(kokkai_xml.document({**base, "nextRecordPosition": 2}, "speechRecord"))
    assert more.findtext("nextRecordPosition") == "2"


def test_text_is_escaped_and_forbidden_characters_dropped():
    speech = "<script>&amp;</script>\x0c改ページ\x01\ufffe"
    root = ET.fromstring(kokkai_xml.document({"numberOfRecords": 1, "numberOfReturn": 1, "startRecord": 1,
                                              "speechRecord": [{"speech": speech}]}, "speechRecord"))
    assert root.findtext("records/record/recordData/speechRecord/speech") == "<script>&amp;</script>改ページ"


def test_errors_with_and_without_details():
    root = ET.fromstring(kokkai_xml.error("検索条件の入力に誤りがあります。", ["from:x", "until:y"]))
    assert root.tag == "data" and root.findtext("message") == "検索条件の入力に誤りがあります。"
    assert [d.text for d in root.findall("details/detail")] == ["from:x", "until:y"]
    bare = ET.fromstring(kokkai_xml.error("検索条件を指定してください。", []))
    assert bare.find("details") is None and bare.findtext("message") == "検索条件を指定してください。"
