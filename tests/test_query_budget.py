"""Query cost bounded by design and by a budget (issue 26).

A typed unit costs reads linear in its length at most (here: a word typed many times reads
what it reads once), and every search stops past its budget, says so, and answers with what it
has. Timings are a benchmark figure (benchmarks/adversarial.py), never asserted here.
"""

from __future__ import annotations

import pytest

from kaigiroku.search import budget
from kaigiroku.search.whoosh import docsets
from kaigiroku.search.api import SearchRequest
from kaigiroku.search.whoosh.engine import SearchEngine
from kaigiroku.search.whoosh.items import ItemSearch
from kaigiroku.search.whoosh.similar import similar
from kaigiroku.search.synonyms import Synonyms
from kaigiroku.search.units import MAX_ALTERNATIVE_WORDS, MAX_ALTERNATIVES, make_unit


@pytest.fixture(scope="module")
def engine(corpus_index):
    return SearchEngine(corpus_index)


def _reads(engine, q: str) -> int:
    before = docsets.posting_reads()
    engine.search(SearchRequest(q=q, budget=None))
    return docsets.posting_reads() - before


@pytest.mark.parametrize("word", ["遡及", "委員", "個人情報の保護", "議会は"])
def test_posting_reads_do_not_grow_with_repetition(engine, word):
    # Before: 遡及 typed 100 times read 161k posting lists (2,202 phrases of ~73 pairs each).
    reads = {n: _reads(engine, (word * n)[:500]) for n in (2, 10, 50, 250)}
    assert reads[250] <= 2 * reads[10] + 10, reads
    assert reads[50] <= 2 * reads[10] + 10, reads


def test_many_different_words_read_linearly(engine):
    words = ["委託", "個人情報", "審議会", "保護", "会長", "回答", "質問", "事務局", "説明", "承認"]
    r5 = _reads(engine, "".join(words[:5]))
    r10 = _reads(engine, "".join(words))
    assert r10 <= 3 * r5 + 10, (r5, r10)


def test_a_long_unit_keeps_a_bounded_number_of_alternatives():
    syn = Synonyms.load()
    for n in (1, 2, 10, 250):
        unit = make_unit("遡及" * n, syn)
        assert len(unit.alternatives) <= MAX_ALTERNATIVES
        # the words of all its phrases together: bounded whatever the length (three typed forms aside)
        assert sum(len(a.tokens) for a in unit.alternatives) <= MAX_ALTERNATIVE_WORDS + 3 * len(unit.tokens)
    assert len(make_unit("遡及", syn).alternatives) == 9  # a word people type keeps all of its synonyms
    assert [p.typed for p in unit.pieces] == ["遡及"]  # a word typed 250 times is one piece


def test_the_same_results_for_a_word_typed_twice(engine):
    once, twice = engine.search(SearchRequest(q="遡及")), engine.search(SearchRequest(q="遡及遡及"))
    assert [h["id"] for h in once["hits"]] == [h["id"] for h in twice["hits"]]


def test_a_spent_budget_answers_partly_and_says_so(engine):
    res = engine.search(SearchRequest(q="個人情報 委託 遡及", budget=0))
    assert res["timed_out"] is True
    full = engine.search(SearchRequest(q="個人情報 委託 遡及"))
    assert full["timed_out"] is False and full["total"] > 0


def test_a_budget_stops_reading_mid_word(engine, monkeypatch):
    # A budget that runs out after a few posting lists: the words matched before it make the result.
    calls = []
    real = budget.check

    def check():
        calls.append(1)
        if len(calls) > 3:
            raise budget.OverBudget
        real()

    monkeypatch.setattr(budget, "check", check)
    res = engine.search(SearchRequest(q="個人情報 委託 遡及 審議会"))
    assert res["timed_out"] is True and len(calls) == 4


def test_item_search_and_similar_have_budgets(engine):
    items = ItemSearch(engine)
    res = items.search(SearchRequest(q="個人情報 委託", budget=0))
    assert res["timed_out"] is True and res["total"] == 0
    assert items.search(SearchRequest(q="個人情報 委託"))["timed_out"] is False
    out = similar(items, "meguro-r04-02.1", seconds=0)
    assert out["timed_out"] is True and out["items"] == []
    assert similar(items, "meguro-r04-02.1")["timed_out"] is False


def test_nested_budgets_keep_the_sooner_end():
    with budget.budget(0):
        with budget.budget(100):
            with pytest.raises(budget.OverBudget):
                budget.check()
    budget.check()  # no budget: never over


@pytest.fixture()
def spent_client(corpus_index):
    from kaigiroku.web import create_app

    return create_app({"INDEX_DIR": str(corpus_index), "SEARCH_BUDGET": 0}).test_client()


def test_pages_and_apis_say_so(spent_client):
    page = spent_client.get("/?q=個人情報+委託").get_data(as_text=True)
    assert budget.NOTICE in page
    assert budget.NOTICE in spent_client.get("/?mode=items&q=個人情報").get_data(as_text=True)
    assert spent_client.get("/api/search?q=個人情報").get_json()["timed_out"] is True
    assert spent_client.get("/api/items?q=個人情報").get_json()["timed_out"] is True
    assert spent_client.get("/api/items/meguro-r04-02.1/similar").get_json()["timed_out"] is True
    for path in ("/api/speech", "/api/meeting_list", "/api/meeting"):
        data = spent_client.get(path, query_string={"any": "個人情報", "recordPacking": "json"}).get_json()
        assert data["timedOut"] is True and data["message"] == budget.NOTICE, path
    xml = spent_client.get("/api/speech", query_string={"any": "個人情報"}).get_data(as_text=True)
    assert "<timedOut>true</timedOut>" in xml


def test_an_ordinary_request_has_no_notice(client):
    assert client.get("/api/search?q=個人情報").get_json()["timed_out"] is False
    data = client.get("/api/speech", query_string={"any": "個人情報", "recordPacking": "json"}).get_json()
    assert "timedOut" not in data


def test_costly_searches_take_turns(engine):
    # While one costly search holds the slot, another is answered at once as out of budget;
    # a short query never waits for it.
    long_q = "遡及" * 40
    with engine.gate.slot(True):
        res = engine.search(SearchRequest(q=long_q))
        assert res["timed_out"] is True and res["total"] == 0
        assert ItemSearch(engine).search(SearchRequest(q=long_q))["timed_out"] is True
        assert engine.search(SearchRequest(q="遡及"))["timed_out"] is False
    assert engine.search(SearchRequest(q=long_q))["timed_out"] is False
