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
    # Typed as one word it must touch: 任用の要件 does not, so it is split, and says so; its
    # looser form first among the records with both pieces (#4 has 要件 alone, 任用 through #3).
    together = units.search(SearchRequest(q="任用要件"))
    assert {w["split_from"] for w in together["words"]} == {"任用要件"}
    assert together["hits"][0]["id"] == "units#3"


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


# -- looser forms of a typed unit ----------------------------------------------------------------

NEAR_MINUTES = """名称：令和６年度第１回　生涯学習推進審議会
日時：令和６年５月１３日（月）
会場：山手町役場　第二会議室

１　議事
（１）公民館の利用時間の見直しについて

会長：事前に配布した資料について、事務局から説明をお願いします。
事務局：利用時間の見直し案は、各地区の自治会に事前説明を済ませております。
委員：利用団体にも事前に説明をしたのか、伺います。
事務局：団体には窓口で個別にお伝えしております。
委員：子どもの学習の支援を続ける団体の意見も聞いてください。
委員：学習の場を持つ団体への支援と、学習を続ける団体への支援の額を伺います。
""" + "".join(f"委員{i}：職員研修の日程を{what}気にしています。\n" for i, what in enumerate(
    ["利用者が", "団体が", "高齢の方が", "学生が", "自治会が", "サークルが", "保護者が", "地域の方が", "講師が",
     "職員が", "近隣の町も"], start=1)) + "委員：職員の研修は来年度からですか。\n"


@pytest.fixture(scope="module")
def near(tmp_path_factory):
    """A small index whose records say 事前説明 once, 事前に説明 once, 事前 … 説明 apart once,
    学習の支援 once, and 職員研修 eleven times beside one 職員の研修."""
    from kaigiroku.indexer.build import build

    root = tmp_path_factory.mktemp("near")
    source = root.parent / "near.txt"
    source.write_text(NEAR_MINUTES, encoding="utf-8")
    build(root, [source], workers=1)
    e = SearchEngine(root)
    yield e
    e.close()


from kaigiroku.search.results import word_notes  # noqa: E402


def by_text(res, piece):
    return next(h for h in res["hits"] if piece in h["text"])


def test_a_unit_with_few_records_finds_its_looser_form_below_it(near):
    res = near.search(SearchRequest(q="事前説明", exchanges=False))
    first, second = res["hits"][:2]
    assert "事前説明" in first["text"] and how(first, "事前説明") == "exact"
    assert "事前に説明" in second["text"] and how(second, "事前説明") == "near" and second["match"] == "all"
    # Below those, only the answer to the looser form's question, through it.
    assert [how(h, "事前説明") for h in res["hits"][2:]] == ["context"]
    # Highlighted where the looser form stands, and reported with the word.
    assert [second["text"][s:e] for s, e in second["highlights"]] == ["事前に説明"]
    assert res["words"][0]["near"] == ["事前に説明"] and res["words"][0]["split_from"] is None


def test_a_looser_form_ranks_below_the_exact_form_with_the_same_other_words(near):
    # Both records say 利用 (利用時間, 利用団体): the exact one first, though the other is shorter.
    res = near.search(SearchRequest(q="事前説明 利用", exchanges=False))
    assert [how(h, "事前説明") for h in res["hits"][:2]] == ["exact", "near"]
    assert all(h["match"] == "all" for h in res["hits"][:2])
    # One more word matched still counts first: 団体 is in the looser form's record only.
    res = near.search(SearchRequest(q="事前説明 団体", exchanges=False))
    assert how(res["hits"][0], "事前説明") == "near" and res["hits"][0]["match"] == "all"


def test_pieces_apart_are_not_a_looser_form(near):
    # The chair's 「事前に配布した資料について…説明を」 has both words, with more than particles between.
    res = near.search(SearchRequest(q="事前説明", exchanges=False))
    assert not any("事前に配布" in h["text"] for h in res["hits"])


def test_a_unit_with_a_page_of_records_keeps_to_its_typed_form(near):
    from kaigiroku.search.whoosh.matching import NEAR_FEW

    res = near.search(SearchRequest(q="職員研修", exchanges=False, per_page=100))
    assert res["total"] >= NEAR_FEW and all(how(h, "職員研修") == "exact" for h in res["hits"])
    assert not any("職員の研修" in h["text"] for h in res["hits"]) and res["words"][0]["near"] == []


def test_below_the_threshold_the_same_looser_form_is_found(near, monkeypatch):
    from kaigiroku.search.whoosh import matching

    monkeypatch.setattr(matching, "NEAR_FEW", 100)
    res = near.search(SearchRequest(q="職員研修", exchanges=False, per_page=100))
    assert how(by_text(res, "職員の研修"), "職員研修") == "near"
    assert how(res["hits"][-1], "職員研修") == "near"  # last: below every exact record


def test_a_unit_found_nowhere_whole_is_split_its_looser_form_first(near):
    # 学習支援 is only said as 学習の支援: split as before, that record first among those with
    # both pieces (the next one says each twice, apart), and the form is named.
    res = near.search(SearchRequest(q="学習支援 団体", exchanges=False))
    assert {w["split_from"] for w in res["words"]} == {"学習支援", None}
    assert "学習の支援" in res["hits"][0]["text"]
    assert [w["near"] for w in res["words"]] == [["学習の支援"], [], []]
    assert "「学習支援」に近い形（学習の支援）も探しました" in word_notes(res)


def test_a_looser_form_needs_its_words_touching_the_particles():
    from collections import defaultdict

    from kaigiroku.search.analysis import analyze
    from kaigiroku.search.units import make_unit
    from kaigiroku.search.whoosh.matching import near_form

    def occ(text):
        out = defaultdict(list)
        for t in analyze(text, mode="index"):
            out[t.text].append((t.pos, t.startchar, t.endchar))
        return out

    segments = make_unit("事前説明").near
    assert near_form(occ("議会への事前のご説明がない"), segments) == ("事前", "の", "御", "説明")
    assert near_form(occ("事前に、説明する"), segments) is None  # a comma between
    assert near_form(occ("事前に十分な説明"), segments) is None  # a content word between
    assert near_form(occ("説明は事前に"), segments) is None  # the other order


def test_a_looser_form_is_shown_as_such(near):
    from kaigiroku.search_cli import _how
    from web.markup import match_notes

    res = near.search(SearchRequest(q="事前説明", exchanges=False))
    assert "「事前説明」に近い形（事前に説明）も探しました" in word_notes(res)
    exact, loose = res["hits"][:2]
    assert any("近い形" in n for n in match_notes(loose)) and not any("近い形" in n for n in match_notes(exact))
    assert "事前説明: 近い形" in _how(loose) and _how(exact) == ""
