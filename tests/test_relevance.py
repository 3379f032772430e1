"""Relevance on the judged query set: the product must beat simpler analysis."""

from __future__ import annotations

from tests.relevance import baseline_ranked, corpus_records, load_set, metrics, product_ranked


def test_relevance_beats_baselines(corpus_index):
    qs = load_set()
    recall, mrr = metrics(product_ranked(corpus_index, qs), qs)
    assert recall >= 0.9 and mrr >= 0.9, (recall, mrr)
    records = corpus_records()
    for kind in ("surface", "bigram"):
        b_recall, b_mrr = metrics(baseline_ranked(kind, records, qs), qs)
        assert recall > b_recall and mrr >= b_mrr, (kind, b_recall, b_mrr)


def test_every_judged_id_exists(corpus):
    ids = {f"{m.id}#{r.order}" for m in corpus.values() for r in m.records}
    for q in load_set():
        assert set(q["relevant"]) <= ids, q["q"]


def test_retroactive_pair_ranks_first(corpus_index):
    ranked = product_ranked(corpus_index, [{"q": "遡及"}, {"q": "さかのぼって承認"}])
    assert ranked["遡及"][0] in ("meguro-r03-06#9", "meguro-r03-06#10")
    assert ranked["さかのぼって承認"][0] in ("meguro-r03-06#9", "meguro-r03-06#10")
