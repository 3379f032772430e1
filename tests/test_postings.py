"""Postings gathered by term come out exactly as Whoosh's sorting pool gives them."""

from __future__ import annotations

import random

from whoosh.filedb.filestore import RamStorage
from whoosh.writing import PostingPool

from kaigiroku.search.whoosh.postings import TermPool


def test_term_pool_orders_postings_as_whooshs_pool_does():
    rng = random.Random(7)
    items = []
    for doc in range(300):  # documents in order, as a writer adds them
        for term in rng.sample(["個人", "情報", "委託", "a", "zz", "保護"], 3):
            field = rng.choice(["text", "pairs", "meeting"])
            items.append((field, term.encode(), doc, float(rng.randint(1, 3)), rng.choice([None, b"\x01", b"\x02"])))
    merged = [(f, t, d + 1000 - 2 * d, w, v) for f, t, d, w, v in items[:50]]  # a merge: out of order
    ours, whoosh = TermPool(), PostingPool(RamStorage(), None, limitmb=1)
    for item in items + merged:
        ours.add(item)
        whoosh.add(item)
    got, want = list(ours.iter_postings()), list(whoosh.iter_postings())
    assert got == want and len(got) == len(items) + 50
    assert ours.fieldnames == {"text", "pairs", "meeting"}
