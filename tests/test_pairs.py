"""Word pairs: what touches pairs, and the fast grouping gives what the definition gives."""

from __future__ import annotations

import random

from kaigiroku.search.analysis import pretokenize
from kaigiroku.search.whoosh.pairs import SEP, pair_tokens


def _by_definition(tokens):
    """Every pair, by the docstring's rule, position by position (slow and plain)."""
    at = {}
    for text, pos, start, end in tokens:
        at.setdefault(pos, []).append((text, start, end))
    out = set()
    for pos, here in at.items():
        out |= {(a + SEP + b, pos) for a, _, ae in here for b, bs, _ in here if ae == bs}
        nxt = at.get(pos + 1, [])
        if nxt:
            last, first = max(e for *_, e in here), min(s for _, s, _ in nxt)
            out |= {(a + SEP + b, pos) for a, _, ae in here if ae == last for b, bs, _ in nxt if bs == first}
    return out


TEXTS = ["個人情報の保護に関する条例の改正について伺います。",
         "要介護認定の申請は、新型コロナウイルス感染症の影響で遅れております。",
         "ＨＥＲ－ＳＹＳ、LINE、マイナンバーカードの件です。\n次に、補正予算について。"]


def test_pairs_follow_the_definition():
    for text in TEXTS:
        tokens = pretokenize(text)
        got = pair_tokens(tokens)
        assert {(t, p) for t, p, _, _ in got} == _by_definition(tokens)
        assert len(got) == len(set((t, p) for t, p, _, _ in got))  # each pair once


def test_pairs_of_tokens_out_of_order_are_the_same():
    tokens = pretokenize(TEXTS[1])
    shuffled = tokens[:]
    random.Random(3).shuffle(shuffled)
    assert sorted(pair_tokens(shuffled)) == sorted(pair_tokens(tokens))


def test_what_touches_pairs():
    words = {t.split(SEP)[0] + "|" + t.split(SEP)[1] for t, *_ in pair_tokens(pretokenize(TEXTS[1]))}
    assert "介護|認定" in words  # pieces of one compound that meet
    assert not any(w.startswith("要介護|") and w.endswith("|の") for w in words)
