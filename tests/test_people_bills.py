"""People and bills end to end: three sittings of our own (tests/fixtures/bills: a plenary that refers
a bill and a petition, the committee that passes the bill, the plenary that passes it and keeps the
petition under 継続審査), indexed, then the backend, the CLI, the pages and the JSON."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from kaigiroku.search.bills import numbers_of, step_label

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bills"
BILL = "川辺町-令和6年第4回定例会-議案12"
PETITION = "川辺町-令和6年第4回定例会-請願3"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    from kaigiroku.indexer.build import build

    root = tmp_path_factory.mktemp("bills-index")
    build(root, [FIXTURES], workers=1)
    return root


@pytest.fixture(scope="module")
def backend(index):
    from kaigiroku.search.backends import open_backend

    return open_backend(index)


@pytest.fixture(scope="module")
def client(index):
    from kaigiroku.web import create_app

    return create_app({"INDEX_DIR": str(index)}).test_client()


def test_bill_numbers_normalised():
    assert numbers_of("日程第3 議案第１号ないし第3号") == ["議案1", "議案2", "議案3"]
    assert numbers_of("議第３６号 専決処分について") == ["議案36"]
    assert numbers_of("市第5号議案 及び 陳情第2号") == ["市議案5", "陳情2"]
    assert numbers_of("報告第1号、意見書案第二号、諮問第4号") == ["報告1", "意見書案2", "諮問4"]
    assert numbers_of("委員会報告第７号議案第38号") == ["議案38"]  # the committee's report number is no bill
    assert step_label("総務常任委員会", "可決", False) == "委員会で可決"
    assert step_label("川辺町議会", "可決", False) == "本会議で原案可決"


def test_a_bill_through_referral_committee_and_plenary(backend):
    b = backend.bill(BILL)
    assert [s["step"] for s in b["steps"]] == ["付託", "委員会で可決", "本会議で原案可決"]
    assert b["steps"][0]["referred"] == "総務常任委員会"
    assert b["steps"][2]["votes"]["how"] == "起立全員"
    assert [s["date"] for s in b["steps"]] == ["2024-12-02", "2024-12-05", "2024-12-16"]
    assert b["latest"] == "本会議で原案可決" and b["title"].startswith("川辺町公民館条例")
    assert {"川辺町-竹田健太", "川辺町-北村正人"} <= {p["id"] for p in b["steps"][1]["speakers"]}


def test_a_petition_kept_under_continued_examination(backend):
    b = backend.bill(PETITION)
    assert [s["step"] for s in b["steps"]] == ["付託", "継続審査"]
    assert b["outcome"] == "継続審査"


def test_a_chair_called_by_surname_is_the_member_of_the_plenary(backend):
    p = backend.person("川辺町-森川春子")
    assert {"森川委員長", "総務常任委員長（森川春子君）"} <= set(p["labels"])
    assert {t["title"] for t in p["titles"]} == {"委員長", "総務常任委員長"}
    assert len(p["meetings"]) == 2
    ids = {q["id"] for q in backend.people()}
    assert not any(i.startswith("川辺町-森川~") for i in ids)  # resolved, not a label of its own


def test_person_filter_and_answers(backend):
    from kaigiroku.search.api import SearchRequest

    res = backend.search(SearchRequest(filters={"person": ["川辺町-山本太一"]}))
    assert res["total"] == 2 and all(h["person"] == "川辺町-山本太一" for h in res["hits"])
    assert backend.person_words("川辺町-山本太一", 5)


def test_person_words_are_their_nouns_counted_by_record(backend):
    """Words come from the records' term vectors: each is a noun of the person's records, its count the
    number of their records that use it (a search of their records for it finds those, and more where
    synonyms match), and the words are ranked by weight."""
    from kaigiroku.search.api import SearchRequest
    from kaigiroku.search.whoosh.registry import is_noun

    pid = "川辺町-竹田健太"
    words = backend.person_words(pid, 10)
    assert words and all(is_noun(w["term"]) for w in words)
    assert not is_noun("の") and not is_noun("こと") and not is_noun("12")
    for w in words[:5]:
        mine = backend.search(SearchRequest(q=w["term"], filters={"person": [pid]}, per_page=1, facets=False))
        assert 0 < w["count"] <= mine["total"], w
    weights = [w["weight"] for w in words]
    assert weights == sorted(weights, reverse=True)
    # A compound's piece (an index term too) is shown only where it is used beyond the compound.
    for a in words:
        for b in words:
            if a is not b and a["term"] in b["term"]:
                assert a["count"] > b["count"], (a, b)


def test_person_words_weigh_against_the_rest_of_their_bodies(backend):
    """A word's `body_records` are the records of the bodies the person spoke in that use it, by
    anyone but them: all their own records are left out, not only those read for their words."""
    from kaigiroku.search.api import SearchRequest

    pid = "川辺町-竹田健太"
    person = backend.person(pid)
    bodies = {(m["municipality"], m["body"]) for m in backend.meetings()
              if m["id"] in {x["id"] for x in person["meetings"]}}
    theirs = {m["id"] for m in backend.meetings() if (m["municipality"], m["body"]) in bodies}
    for w in backend.person_words(pid, 5):
        hits = backend.search(SearchRequest(q=f'"{w["term"]}"', per_page=100, facets=False, exchanges=False,
                                            synonyms=False))["hits"]
        others = [h for h in hits if h["meeting"] in theirs and h["person"] != pid]
        assert w["body_records"] == len(others), w


def test_cli_people_and_bills(index, capsys):
    from kaigiroku.cli import main

    assert main(["people", "森川", "--index", str(index), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in out] == ["川辺町-森川春子"] and len(out[0]["meetings"]) == 2
    assert main(["bills", "議案第12号", "--index", str(index)]) == 0
    text = capsys.readouterr().out
    assert BILL in text and "委員会で可決" in text and "本会議で原案可決" in text


def test_pages_and_json(client):
    r = client.get("/people?role=executive")
    assert r.status_code == 200 and "山本太一" in r.get_data(as_text=True)
    page = client.get("/people/" + quote("川辺町-竹田健太")).get_data(as_text=True)
    assert "竹田健太" in page and "肩書の変遷" in page and "発言した会議と議題" in page
    assert len(page.encode()) < 150_000
    r = client.get("/people/" + quote("川辺町-竹田健太") + "?q=" + quote("使用料"))
    assert r.status_code == 200 and "使用料" in r.get_data(as_text=True)
    assert client.get("/people/" + quote("川辺町-だれ")).status_code == 404
    bill = client.get("/bills/" + quote(BILL)).get_data(as_text=True)
    assert "付託" in bill and "委員会で可決" in bill and "本会議で原案可決" in bill
    assert client.get("/api/bills/" + quote(BILL)).get_json()["steps"][1]["step"] == "委員会で可決"
    assert client.get("/api/people?q=" + quote("森川")).get_json()["total"] == 1
    assert client.get("/api/people/" + quote("川辺町-森川春子")).get_json()["name"] == "森川春子"
    assert [b["id"] for b in client.get("/api/bills?q=" + quote("請願第3号")).get_json()["bills"]] == [PETITION]


def test_hits_meetings_and_items_link_people_and_bills(client):
    hits = client.get("/?q=" + quote("使用料")).get_data(as_text=True)
    assert "/people/" + quote("川辺町-竹田健太") in hits or "/people/川辺町-竹田健太" in hits
    meeting = client.get("/meetings/kawabe_honkaigi_20241202").get_data(as_text=True)
    assert "/people/" in meeting
    items = client.get("/?mode=items&q=" + quote("公民館")).get_data(as_text=True)
    assert "/bills/" in items and "の経過" in items


def test_diet_style_speaker_condition_uses_the_person(client):
    d = client.get("/api/speech?speaker=" + quote("森川春子") + "&recordPacking=json").get_json()
    assert "森川委員長" in {s["speaker"] for s in d["speechRecord"]}  # the label gives the surname only


def test_similar_items_list_the_bills_they_carry(client):
    """似た案件 of the petition's referral: the items like it include the three steps of 議案第12号, which
    the page groups as one bill with its latest step and a link to its page; the petition's own later
    step is its history, not a similar bill."""
    item = "kawabe_honkaigi_20241202.1"
    out = client.get(f"/api/items/{item}/similar?limit=10").get_json()
    carried = {i["id"] for i in out["items"]}
    assert {"kawabe_honkaigi_20241202.0", "kawabe_somu-iinkai_20241205.0", "kawabe_honkaigi_20241216.0"} <= carried
    assert [b["id"] for b in out["bills"]] == [BILL]
    bill = out["bills"][0]
    assert bill["latest"] == "本会議で原案可決" and bill["steps"] == 3 and bill["number"] == "議案12"
    assert sorted(bill["items"]) == sorted(i for i in carried if i.endswith(".0"))
    page = client.get(f"/items/{item}/similar?limit=10").get_data(as_text=True)
    section = page.split('id="similar-bills-h"', 1)[1].split("</section>", 1)[0]
    assert f'href="/bills/{quote(BILL)}"' in section and "本会議で原案可決" in section
    assert quote(PETITION) not in section  # its own bill: linked in the header, not listed as similar
    assert f'href="/bills/{quote(PETITION)}"' in page


DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "minutes-dev"
DOGIKAI = DEV / "hokkaido-dogikai_teireikai_20251126.txt"


@pytest.mark.skipif(not DOGIKAI.exists(), reason="../shared/minutes-dev is not beside this clone")
def test_a_bill_carried_from_an_earlier_session_is_not_this_sessions_bill_of_that_number(tmp_path):
    """The real 北海道議会 sitting of 2025-11-26 puts this session's 議案第１号ないし第25号 on the floor, then
    「前会より継続審査の議案第18号」 — the 第3回定例会's 議案第18号 (an electricity account's surplus), not this
    session's (teachers' pay). The dev set has no bill in several sittings; this one is where its
    numbers would have merged two bills. Each keeps its own page and step."""
    from kaigiroku.indexer.build import build
    from kaigiroku.search.backends import open_backend

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / DOGIKAI.name).write_bytes(DOGIKAI.read_bytes())
    build(tmp_path / "ix", [tmp_path / "in"], workers=1)
    backend = open_backend(tmp_path / "ix")
    try:
        here = backend.bill("北海道-令和7年第4回定例会-議案18")
        carried = backend.bill("北海道-令和7年第4回定例会(前会より継続)-議案18")
        assert [s["item"] for s in here["steps"]] == ["hokkaido-dogikai_teireikai_20251126.2"]
        assert [s["item"] for s in carried["steps"]] == ["hokkaido-dogikai_teireikai_20251126.3"]
        assert "前会より継続審査" in carried["steps"][0]["item_title"]
        assert backend.bill("北海道-令和7年第4回定例会-報告1") is None  # carried too: only the carried id
        assert backend.bill("北海道-令和7年第4回定例会(前会より継続)-報告1") is not None
    finally:
        backend.close()


def test_a_person_page_lists_a_few_items_per_meeting_and_counts_the_rest(client, backend, monkeypatch):
    """A member who speaks on every item of a long sitting would otherwise put hundreds of items on
    the page (226 KB for one person at 500,000 generated records): each meeting lists ITEMS_SHOWN
    and links the rest to the meeting's page."""
    from kaigiroku.web import people

    pid, most = max(((p["id"], max(len(m.get("items") or ()) for m in backend.person(p["id"])["meetings"]))
                     for p in backend.people()), key=lambda x: x[1])
    assert most >= 2
    monkeypatch.setattr(people, "ITEMS_SHOWN", 1)
    page = client.get(f"/people/{pid}").get_data(as_text=True)
    assert f"ほか {most - 1} 件の議題" in page
