"""A record's best passage: where the query's words meet ranks it and shows it."""

from __future__ import annotations

import pytest

from kaigiroku.search import passages
from kaigiroku.search.passages import best_passage, sequence_spans, word_starts
from kaigiroku.search.whoosh import engine as engine_module
from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest
from tests.conftest import FIXTURES


def test_the_best_window_holds_the_most_weight():
    # word 0 at 0 and 1000, word 1 at 1010: the window at 1000 holds both
    share, at = best_passage([[0, 1000], [1010]], [1.0, 3.0])
    assert share == 1.0 and at == 1000


def test_words_apart_share_the_weight_of_the_heavier_one():
    share, _ = best_passage([[0], [passages.PASSAGE + 5]], [1.0, 3.0])
    assert share == pytest.approx(0.75)


def test_a_word_counts_once_in_a_window():
    # three mentions of a light word never outweigh one heavy word
    share, at = best_passage([[0, 10, 20], [900]], [1.0, 2.0])
    assert share == pytest.approx(2 / 3) and at == 900


def test_no_word_no_passage():
    assert best_passage([[], []], [1.0, 1.0]) == (0.0, 0)


def test_sequences_are_tokens_at_consecutive_positions():
    occ = {"開館": [(3, 10, 12), (9, 40, 42)], "時間": [(4, 12, 14), (20, 80, 82)]}
    assert sequence_spans(occ, ("開館", "時間")) == [(10, 14)]
    assert word_starts(occ, [("開館", "時間"), ("時間",)]) == [10, 12, 80]


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    """A 協議会 of my own words: one member names 図書館 and 開館時間 twice each, always in
    different paragraphs of a long speech; another names them once, in one sentence."""
    from kaigiroku.indexer.build import build

    root = tmp_path_factory.mktemp("passages")
    build(root, [FIXTURES / "passages.txt"], workers=1)
    e = SearchEngine(root)
    yield e
    e.close()


def _first(engine, q):
    return engine.search(SearchRequest(q=q, exchanges=False))["hits"][0]


def test_words_in_one_passage_rank_above_the_same_words_scattered(meeting, monkeypatch):
    together = "図書館の開館時間を平日は夜八時まで"
    assert together in _first(meeting, "図書館 開館時間")["text"]
    # Scored whole, the speech that repeats both words far apart comes first: the passage decides.
    monkeypatch.setattr(engine_module, "RERANK", 0)
    assert together not in _first(meeting, "図書館 開館時間")["text"]


def test_the_snippet_is_the_passage_where_the_words_meet(meeting):
    hit = _first(meeting, "図書館 開館時間")
    assert "図書館の開館時間" in hit["snippet"]
    start = hit["snippet_offset"]
    assert hit["text"][start:start + len(hit["snippet"])] == hit["snippet"]


def test_a_passage_never_lifts_a_record_over_one_with_more_words(meeting):
    hits = meeting.search(SearchRequest(q="図書館 開館時間 駐車場", exchanges=False))["hits"]
    # Only the scattered speech names 駐車場: with every word it stays first.
    assert "駐車場" in hits[0]["text"]
    assert hits[0]["match"] == "all"
