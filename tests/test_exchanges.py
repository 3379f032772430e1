"""Pairing records by their columns, and listing each question-and-answer once."""

from __future__ import annotations

import numpy as np

from kaigiroku.search.whoosh.exchanges import collapse, partners


def test_partners_from_meeting_order_and_pair_columns():
    # docs: 0 meeting doc; 1-3 meeting A orders 1,2,3 (1<->2); 4-5 meeting B orders 1,2 (2->1)
    meeting = np.array([0, 1, 1, 1, 2, 2])
    order = np.array([0, 1, 2, 3, 1, 2])
    pair = np.array([-1, 2, 1, -1, -1, 1])
    records = np.array([1, 2, 3, 4, 5])
    assert partners(meeting, order, pair, records).tolist() == [-1, 2, 1, -1, -1, 4]


def test_the_worse_of_a_pair_is_shown_by_the_better():
    ids = np.array([1, 2, 3])
    partner = np.array([-1, 2, 1, -1])
    keep = collapse(ids, key=np.array([0.5, 0.1, 0.9]), tie=np.zeros(3), partner=partner)
    assert keep.tolist() == [False, True, True]


def test_one_question_with_two_answers_keeps_every_text_visible():
    # Q=1 pairs with A=2; A=3 also answers Q=1 (its pair is 1, Q's pair is 2).
    partner = np.array([-1, 2, 1, 1])
    ids = np.array([1, 2, 3])
    # A=3 ranks first and shows Q; Q is not listed again; A=2 stays (nobody listed shows it).
    keep = collapse(ids, key=np.array([0.5, 0.4, 0.1]), tie=np.zeros(3), partner=partner)
    assert keep.tolist() == [False, True, True]


def test_ties_break_by_the_tie_array_and_unpaired_records_stay():
    partner = np.array([1, 0, -1])
    keep = collapse(np.array([0, 1, 2]), key=np.zeros(3), tie=np.array([2, 1, 0]), partner=partner)
    assert keep.tolist() == [False, True, True]


def test_counterpart_scores_are_the_best_of_each_documents_counterparts():
    """The matcher's counterpart step (Links) against a plain loop, with questions that have
    several answers and answers whose counterpart is unpaired."""
    from types import SimpleNamespace

    from kaigiroku.search.whoosh.exchanges import Links
    from kaigiroku.search.whoosh.matching import Matcher

    rng = np.random.default_rng(7)
    n = 400
    partner = np.full(n, -1)
    for q in range(0, n, 8):  # a question, two or three answers pointing at it, the question at its first
        answers = list(range(q + 1, q + 2 + int(rng.integers(1, 3))))
        partner[answers] = q
        partner[q] = answers[0]
    partner[5::16] = -1  # some records with no counterpart
    direct = np.where(rng.random(n) < 0.5, rng.random(n), 0.0)
    links = Links.of(partner)
    assert len(links.shared_dst) and len(links.once_dst)
    m = Matcher(None, SimpleNamespace(n=n, links=links))
    want = np.zeros(n)
    for d in range(n):
        if partner[d] >= 0:
            want[d] = max(want[d], direct[partner[d]])
            want[partner[d]] = max(want[partner[d]], direct[d])
    assert np.array_equal(m._context(direct), want)
