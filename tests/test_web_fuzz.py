"""Whatever the internet sends, every route answers with a page or a JSON message, never a 5xx."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaigiroku.web import create_app

DIET_PATHS = ["/api/speech", "/api/meeting_list", "/api/meeting"]
PATHS = ["/", "/api/search", "/feed", *DIET_PATHS, "/meetings", "/meetings/meguro-r03-06",
         "/api/meetings", "/api/meetings/meguro-r03-06"]
NAMES = st.sampled_from(["q", "role", "meeting", "topic", "kind", "year", "from", "until", "sort", "page", "per_page",
                         "synonyms", "without", "only", "any", "speaker", "nameOfMeeting", "startRecord",
                         "maximumRecords", "recordPacking", "speechID", "issueID", "sessionFrom", "issueTo",
                         "speechNumber", "speakerPosition", "searchRange", "closing", "x", "%ZZ", ""])
RAW = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["%", "%Z", "%ZZ", "%E3%81", "%FF%FE", "%00", "%0A%0D", "%22", "%3Cscript%3E", "-1", "0",
                     "99999999999999999999", "令和99年", "1e9", "\u202e", "遡及", "\"遡及"]),
)


@pytest.fixture(scope="module")
def client(corpus_index):
    return create_app({"INDEX_DIR": str(corpus_index)}).test_client()


def _encode(s: str) -> str:
    # keep what looks like percent-encoding as raw bytes of the URL; encode the rest
    from urllib.parse import quote

    return s if s.startswith("%") else quote(s, safe="")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), params=st.lists(st.tuples(NAMES, RAW), max_size=4))
def test_no_route_fails_with_5xx(client, path, params):
    qs = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in params)
    r = client.get(f"{path}?{qs}")
    assert r.status_code < 500, (path, qs, r.status_code)
    body = r.get_data(as_text=True)
    assert "Traceback" not in body
    if r.status_code >= 400 and path in DIET_PATHS:  # the Diet's error format, JSON or XML
        message = r.get_json()["message"] if r.is_json else ET.fromstring(r.data).findtext("message")
        assert message
    elif r.status_code >= 400 and (path.startswith("/api") or path == "/feed"):
        assert r.get_json()["error"]


def test_long_query_is_a_400(client):
    r = client.get("/api/search?q=" + "遡" * 10000)
    assert r.status_code == 400 and "長すぎ" in r.get_json()["error"]
