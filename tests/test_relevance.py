"""The relevance sets name real records, and the metrics mean what they say."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.relevance import (CLASSES, SHIPPED_SETS, Corpus, judged, load_set, metrics, minutes_dev_files,
                             product_ranked, query_scores)


@pytest.fixture(scope="module")
def shipped(corpus):
    return Corpus(corpus.values())


@pytest.mark.parametrize("name", sorted(SHIPPED_SETS))
def test_every_judged_record_resolves_to_exactly_one(shipped, name):
    for q in load_set(name):
        for ref in q["judged"]:
            shipped.resolve(ref)  # raises, naming the query's record, when it names none or several
            assert ref["grade"] in (1, 2), q["q"]


def test_people_set_is_half_citizens_half_staff():
    qs = load_set("people")
    assert len(qs) >= 60
    who = Counter(q["who"] for q in qs)
    assert who["citizen"] == who["staff"] == len(qs) // 2
    kinds = Counter(t for q in qs for t in q["types"])
    assert {"colloquial", "variant", "abbreviation", "part", "absent"} <= set(kinds)
    assert len({q["q"] for q in qs}) == len(qs)


def test_a_record_too_short_to_be_unique_is_named_by_the_one_before(shipped):
    ref = {"meeting": "higashimurayama-h27-06", "text": "その通り。"}
    with pytest.raises(ValueError, match="names"):
        shipped.resolve(ref)
    after = dict(ref, after="USBメモリのパスワードは所管で決めるのか")
    assert shipped.resolve(after) == "higashimurayama-h27-06#107"


def test_query_scores_on_a_hand_computed_list():
    grades = {"a": 2, "b": 1, "c": 2}
    recall, ndcg, rr = query_scores(["x", "a", "y", "b"], grades)
    assert recall == pytest.approx(2 / 3)
    assert rr == pytest.approx(1 / 2)
    # DCG = 3/log2(3) + 1/log2(5); ideal = 3 + 3/log2(3) + 1/2
    assert ndcg == pytest.approx((3 / 1.5849625 + 1 / 2.3219281) / (3 + 3 / 1.5849625 + 0.5), rel=1e-6)
    s = metrics({"q1": ["x"], "q2": []}, {"q1": {"a": 2}, "q2": {"b": 1}})
    assert (s.no_hits, s.wrong_first, s.recall) == (1, 1, 0.0)


def test_developers_set_still_found(corpus_index, shipped):
    truth = judged(load_set("developers"), shipped)
    s = metrics(product_ranked(corpus_index, list(truth)), truth)
    assert s.recall >= 0.9 and s.mrr >= 0.9, s


def test_retroactive_pair_ranks_first(corpus_index):
    ranked = product_ranked(corpus_index, ["遡及", "さかのぼって承認"])
    assert ranked["遡及"][0] in ("meguro-r03-06#9", "meguro-r03-06#10")
    assert ranked["さかのぼって承認"][0] in ("meguro-r03-06#9", "meguro-r03-06#10")


@pytest.fixture(scope="module")
def sittings():
    if not minutes_dev_files():
        pytest.skip("../shared/minutes-dev is not beside the repository")
    return Corpus.minutes_dev()


def test_every_judged_record_of_the_assembly_set_names_exactly_one_record(sittings):
    """Each snippet names one record of the parsed sittings (parser changes that merge or split records fail here),
    and no query judges a record twice."""
    for q in load_set("assembly"):
        ids = [sittings.resolve(ref) for ref in q["judged"]]
        assert len(set(ids)) == len(ids), q["q"]
        assert all(ref["grade"] in (1, 2) for ref in q["judged"]), q["q"]
        assert any(ref["grade"] == 2 for ref in q["judged"]) or "nothing is graded 2" in q["note"], q["q"]


def test_assembly_set_is_half_citizens_half_staff_with_every_class():
    qs = load_set("assembly")
    assert len(qs) >= 40 and len({q["q"] for q in qs}) == len(qs)
    who = Counter(q["who"] for q in qs)
    assert who["citizen"] == who["staff"] == len(qs) // 2
    for name, test in CLASSES.items():
        assert sum(1 for q in qs if test(q)) >= 5, name
    assert all(q["note"] and q["pooled"] >= len(q["judged"]) for q in qs)
