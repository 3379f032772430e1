"""A typed word as one unit: its words, its synonyms looked up on what was typed, its parts."""

from __future__ import annotations

import pytest

from kaigiroku.search.synonyms import Synonyms
from kaigiroku.search.units import make_unit


@pytest.fixture(scope="module")
def syn() -> Synonyms:
    return Synonyms.load()


def alternatives(unit) -> set[tuple[str, ...]]:
    return {a.tokens for a in unit.alternatives}


def test_particles_at_the_ends_are_trimmed_inside_kept():
    assert make_unit("なくした").tokens == ("なくす",)
    assert make_unit("上司に知られる").tokens == ("上司", "に", "知る")
    assert make_unit("、、") is None


def test_a_word_sudachi_splits_is_looked_up_whole(syn):
    # オンライン結合 is two words to Sudachi but one headword of the council dictionary.
    unit = make_unit("オンライン結合", syn)
    assert unit.tokens == ("オンライン", "結合")
    assert ("外部", "結合") in alternatives(unit) or ("外部結合",) in alternatives(unit)
    assert [e["term"] for e in unit.expansions] == ["オンライン結合"]


def test_runs_of_words_are_looked_up_longest_first(syn):
    unit = make_unit("個人番号変更", syn)
    assert ("マイナンバー", "変更") in alternatives(unit)
    assert [e["term"] for e in unit.expansions][0] == "個人番号"  # then 変更, the next run


def test_synonyms_switch_off_per_word_by_what_was_typed(syn):
    unit = make_unit("個人番号変更", syn, without=frozenset({"個人番号"}))
    assert not any("マイナンバー" in a for a in alternatives(unit))
    assert [e["applied"] for e in unit.expansions if e["term"] == "個人番号"] == [False]
    assert ("個人番号", "変える") in alternatives(unit)  # the other run still expands


def test_a_run_never_drops_a_particle(syn):
    # 上司に would expand like 上司, and replacing it would lose the に.
    for a in make_unit("上司に知られる", syn).alternatives:
        assert "に" in a.tokens, a


def test_parts_of_words_need_two_characters_and_no_particles():
    assert make_unit("ワクチ").fragment == "ワクチ"
    assert make_unit("ＭＡＩＮＡ").fragment == "maina"
    assert make_unit("上司に知られる").fragment is None
    assert make_unit("再").fragment is None


def test_shorter_form_drops_a_one_character_ending():
    assert make_unit("再委託先").shorter == ("再", "委託")
    assert make_unit("接種証明書").shorter == ("接種", "証明")
    assert make_unit("委託").shorter is None


def test_pieces_are_content_words_or_the_shortest_units_of_one_word():
    assert [p.typed for p in make_unit("マイナ保険証").pieces] == ["マイナ", "保険証"]
    assert [p.typed for p in make_unit("費用対効果").pieces] == ["費用", "効果"]
    assert [p.typed for p in make_unit("健康診断の結果").pieces] == ["健康診断", "結果"]
    assert [p.typed for p in make_unit("再委託先").pieces] == ["委託先"] or not make_unit("再委託先").pieces
    assert make_unit("遡及").pieces == []


@pytest.mark.parametrize("word", ["どこ", "いつ", "誰", "なぜ", "どの"])
def test_question_words_are_soft(word):
    assert make_unit(word).soft


@pytest.mark.parametrize("word", ["の", "委託", "何件"])
def test_other_words_are_not_soft(word):
    assert not make_unit(word).soft


def test_a_word_also_matches_as_its_shortest_units_in_order():
    # Sudachi reads 紐づける alone as one word but splits it inside 紐づけること:
    # the shortest units touching in order find both forms.
    unit = make_unit("紐づける")
    assert ("紐", "づける") in alternatives(unit)
    assert ("紐付ける",) in alternatives(unit)
    assert alternatives(make_unit("委託")) == {("委託",)}


def test_looser_forms_are_of_units_typed_without_particles():
    # 事前説明 may be found as 事前に説明; a particle typed inside says how the words relate.
    assert make_unit("事前説明").near == (("事前",), ("説明",))
    assert make_unit("事前に説明").near == ()
    assert make_unit("委託").near == ()
    # An affix stays with its word: nothing stands between 再 and 委託.
    assert make_unit("再委託先").near == ()
    assert not make_unit("どこ").near
