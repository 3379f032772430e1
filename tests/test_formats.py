"""The posting formats' fast way in gives exactly what Whoosh's replay through the analyzer gives."""

from __future__ import annotations

import pytest
from whoosh.formats import Characters, Frequency

from kaigiroku.search.analysis import MAX_TERM_CHARS, Deferred, PreTokenized, pretokenize
from kaigiroku.search.whoosh.analysis import SudachiAnalyzer, SudachiTokenizer
from kaigiroku.search.whoosh.formats import CharSpans, TokenCounts
from kaigiroku.search.whoosh.pairs import DeferredPairs

TEXTS = [
    "委員：個人情報保護条例の改正について、ＨＥＲ－ＳＹＳの運用を伺います。",
    "課長：新型コロナウイルス感染症のワクチン接種は、６か月ごとに実施しております。\n二行目です。",
    "長い英字列 " + "a" * (MAX_TERM_CHARS + 20) + " の後ろ、" + "情報" * 3 + "です。",
    "",
]


def _slow(fmt_class, base, value):
    """Whoosh's own word_values for the format (tokens replayed through the analyzer)."""
    fmt = fmt_class()
    return sorted(base.word_values(fmt, value, SudachiAnalyzer(), mode="index"))


@pytest.mark.parametrize("text", TEXTS)
def test_char_spans_fast_path_matches_the_analyzer(text):
    fast = sorted(CharSpans().word_values(Deferred(text), SudachiAnalyzer(), mode="index"))
    assert fast == _slow(CharSpans, Characters, Deferred(text))
    assert fast == _slow(CharSpans, Characters, text)  # a plain string, analysed in place
    assert fast == sorted(CharSpans().word_values(PreTokenized(pretokenize(text)), SudachiAnalyzer(), mode="index"))


@pytest.mark.parametrize("text", TEXTS)
def test_token_counts_fast_path_matches_the_analyzer(text):
    fast = sorted(TokenCounts().word_values(DeferredPairs(text), SudachiAnalyzer(), mode="index"))
    assert fast == _slow(TokenCounts, Frequency, DeferredPairs(text))
    if text:
        assert fast


def test_overlong_terms_are_left_out_by_both_paths():
    text = TEXTS[2]
    terms = [w for w, *_ in CharSpans().word_values(Deferred(text), SudachiAnalyzer(), mode="index")]
    assert terms and all(len(w) <= MAX_TERM_CHARS for w in terms)
    raw = [t.text for t in SudachiTokenizer()(text, mode="index")]  # before the chain's length filter
    assert any(len(w) > MAX_TERM_CHARS for w in raw)
