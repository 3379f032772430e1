"""All, then most: typed words as units, parts of words, the Q&A counterpart, exchanges shown once."""

from __future__ import annotations

import pytest

from kaigiroku.search.whoosh.engine import FEW, SearchEngine, SearchRequest
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def engine(corpus_index):
    e = SearchEngine(corpus_index)
    yield e
    e.close()


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    """A small index of minutes written for these tests (tests/fixtures/units.txt)."""
    from kaigiroku.indexer.build import build

    root = tmp_path_factory.mktemp("units")
    build(root, [FIXTURES / "units.txt"], workers=1)
    e = SearchEngine(root)
    yield e
    e.close()


def ids(res):
    return [h["id"] for h in res["hits"]]


def how(hit, word):
    return next((m["how"] for m in hit["matched"] if m["word"] == word), None)


# -- a typed word is one unit ------------------------------------------------------------


def test_a_compound_matches_whole_never_its_pieces_scattered(units):
    # #2 has 再任用; #3 has 再度 … 任用 apart.
    assert ids(units.search(SearchRequest(q="再任用"))) == ["units#2"]


def test_a_typed_word_finds_the_pieces_of_a_longer_compound_touching(units):
    # 介護認定 is inside 要介護認定, which Sudachi keeps as one word.
    assert ids(units.search(SearchRequest(q="介護認定"))) == ["units#4"]


def test_a_space_separates_words(units):
    apart = units.search(SearchRequest(q="任用 要件", exchanges=False))
    # #3 has both words; #4, its answer, has 要件 and 任用 only through its question.
    assert apart["total_all"] == 2 and ids(apart)[:2] == ["units#3", "units#4"]
    assert how(apart["hits"][1], "任用") == "context"
    assert [w["split_from"] for w in apart["words"]] == [None, None]
    # Typed as one word it must touch: 任用の要件 does not, so it is split, and says so.
    together = units.search(SearchRequest(q="任用要件"))
    assert {w["split_from"] for w in together["words"]} == {"任用要件"}


# -- match all, then most ------------------------------------------------------------------


def test_partial_tail_follows_the_records_with_every_word(units):
    res = units.search(SearchRequest(q="ワクチン 予約 給与", exchanges=False))
    assert res["total_all"] == 0 and res["partial"]
    first = res["hits"][0]
    assert first["id"] == "units#5" and first["match"] == "partial"
    assert [m["word"] for m in first["matched"]] == ["ワクチン", "予約"]
    # Two words matched as typed before two with one through the question (#6), before one.
    assert ids(res).index("units#5") < ids(res).index("units#6")
    assert ids(res).index("units#5") < ids(res).index("units#2")


def test_no_partial_tail_when_enough_records_have_every_word(engine):
    res = engine.search(SearchRequest(q="個人情報 委託", per_page=100))
    assert res["total_all"] >= FEW and not res["partial"]
    assert all(h["match"] == "all" for h in res["hits"])


def test_quoted_phrases_and_exclusions_stay_strict(units, engine):
    res = units.search(SearchRequest(q='"予約" ワクチン 給与'))
    assert ids(res) and all("予約" in h["text"] for h in res["hits"])
    res = engine.search(SearchRequest(q="遡及 ハーシス -諮問", per_page=100))
    assert res["total"] and all("諮問" not in h["text"] for h in res["hits"])


def test_facets_count_the_partial_tail_and_add_up(engine):
    res = engine.search(SearchRequest(q="遡及 ハーシス", per_page=100))
    assert res["partial"] and res["total_all"] < res["total"]
    for facet in ("meeting", "kind", "role"):
        assert sum(res["facets"][facet].values()) == res["total"], facet


def test_the_tail_is_decided_before_filters_so_facet_counts_are_what_they_list(engine):
    full = engine.search(SearchRequest(q="遡及 ハーシス"))
    for mid, count in full["facets"]["meeting"].items():
        assert engine.search(SearchRequest(q="遡及 ハーシス", filters={"meeting": [mid]}))["total"] == count


def test_question_words_never_have_to_match(units):
    res = units.search(SearchRequest(q="予約 どこ", exchanges=False))
    assert [w["word"] for w in res["words"]] == ["予約"]
    assert set(ids(res)) == {"units#5", "units#6"} and all(h["match"] == "all" for h in res["hits"])


def test_a_typed_word_with_no_match_is_split_and_says_so(engine):
    res = engine.search(SearchRequest(q="マイナ保険証"))
    assert {w["split_from"] for w in res["words"]} == {"マイナ保険証"}
    assert [w["word"] for w in res["words"]] == ["マイナ", "保険証"]
    assert res["hits"][0]["match"] == "all"


# -- parts of words -------------------------------------------------------------------------


def test_part_of_a_word_finds_the_word_and_is_highlighted(units):
    res = units.search(SearchRequest(q="ワクチ"))
    hit = res["hits"][0]
    assert hit["id"] == "units#5" and how(hit, "ワクチ") == "substring"
    assert any(hit["text"][s:e] == "ワクチ" for s, e in hit["highlights"])
    assert res["words"][0]["substrings"] == ["ワクチン"]


def test_exact_matches_rank_above_parts_of_words(engine):
    res = engine.search(SearchRequest(q="マイナ", per_page=100, exchanges=False))
    kinds = [how(h, "マイナ") for h in res["hits"]]
    assert "exact" in kinds and "substring" in kinds
    assert kinds == sorted(kinds, key=lambda k: k != "exact")


def test_a_shorter_form_counts_as_a_part_of_the_word(engine):
    res = engine.search(SearchRequest(q="再委託先", per_page=100, exchanges=False))
    found = {(h["meeting"], h["text"][:16]): how(h, "再委託先") for h in res["hits"]}
    # Records named by their opening, not their number, so that parser changes keep them.
    assert found[("meguro-r02-02", "再度のご質問でございます。制度と")] == "exact"  # 再委託先
    assert found[("meguro-r02-02", "先ほどのご説明でいうと、これは全")] == "substring"  # 再委託 only


# -- the counterpart, and one exchange per question and answer ---------------------------------


def test_an_answer_is_found_through_its_questions_words(engine):
    # #70 answers 「7,440件である」 to #69's 「要介護認定の申請は、年間何件くらい」.
    res = engine.search(SearchRequest(q="要介護認定 何件", exchanges=False, per_page=100))
    hit = next(h for h in res["hits"] if h["id"] == "higashimurayama-h27-06#70")
    assert hit["match"] == "all" and how(hit, "要介護認定") == "context"
    assert ids(res).index("higashimurayama-h27-06#69") < ids(res).index("higashimurayama-h27-06#70")


def test_a_question_and_its_answer_are_one_hit(engine):
    res = engine.search(SearchRequest(q="遡及"))
    assert res["total"] == 2 and res["listed"] == 1 and len(res["hits"]) == 1
    hit = res["hits"][0]
    assert sorted(hit["records"]) == ["meguro-r03-06#10", "meguro-r03-06#9"]
    assert any(hit["counterpart"][s:e] == "遡及" for s, e in hit["counterpart_highlights"])
    every = engine.search(SearchRequest(q="遡及", exchanges=False))
    assert sorted(ids(every)) == ["meguro-r03-06#10", "meguro-r03-06#9"]


def test_pages_of_exchanges_show_every_record_once(engine):
    seen: list[str] = []
    res = engine.search(SearchRequest(q="委託", per_page=7))
    for page in range(1, res["pages"] + 1):
        for h in engine.search(SearchRequest(q="委託", per_page=7, page=page))["hits"]:
            seen.extend(r for r in h["records"])
    matched = set(ids(engine.search(SearchRequest(q="委託", per_page=100, exchanges=False))))
    assert matched <= set(seen)
    primaries = [h["id"] for p in range(1, res["pages"] + 1)
                 for h in engine.search(SearchRequest(q="委託", per_page=7, page=p))["hits"]]
    assert len(primaries) == len(set(primaries)) == res["listed"] < res["total"]


# -- one meeting's documents alone -------------------------------------------------------

SCOPED = ["委託", "個人情報 委託", "遡及 OR 追認", "委託 -契約", '"個人情報の取扱い"', "答弁", "契約 事務"]


@pytest.mark.parametrize("q", SCOPED)
@pytest.mark.parametrize("partial", [True, False])
def test_a_search_of_one_meeting_without_facets_is_the_same_search(engine, q, partial):
    """Matched over the meeting's documents alone: the same records, scores, highlights and order."""
    from kaigiroku.search.whoosh import engine as engine_module

    meetings = engine.search(SearchRequest(q=q, facet_size=0, partial=partial))["facets"].get("meeting") or {}
    assert meetings, q
    scoped_runs = []
    real = engine_module.Matcher.__init__

    def spy(self, searcher, columns, within=None):
        scoped_runs.append(within is not None)
        real(self, searcher, columns, within)

    for mid in list(meetings)[:3]:
        base = SearchRequest(q=q, filters={"meeting": [mid]}, per_page=100, sort="oldest", exchanges=False,
                             partial=partial)
        whole = engine.search(base)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(engine_module.Matcher, "__init__", spy)
            alone = engine.search(SearchRequest(**{**base.__dict__, "facets": False}))
        assert alone["total"] == whole["total"] == meetings[mid]
        assert [(h["id"], h["score"], h["highlights"]) for h in alone["hits"]] == \
               [(h["id"], h["score"], h["highlights"]) for h in whole["hits"]]
        assert alone["facets"] == {} and whole["facets"]
    assert scoped_runs[0]  # the meeting's documents were matched alone
