"""Words that name a speaker or a kind of speech (search/query.py WHO), the everyday and
script-variant vocabulary (data/synonyms/council.txt), and how they rank and show."""

from __future__ import annotations

import pytest

from kaigiroku.search.query import who_of
from kaigiroku.search.synonyms import Synonyms
from kaigiroku.search.units import make_unit

from tests.conftest import FIXTURES


@pytest.mark.parametrize("word,title,yes", [
    ("市長", "市長", True), ("市長", "札幌市長", True), ("市長", "副市長", False), ("副市長", "副市長", True),
    ("大臣", "国務大臣", True), ("大臣", "石田国務大臣", True), ("大臣", "副大臣", False), ("大臣", "大臣政務官", False),
    ("教育長", "教育長", True), ("教育長", "教育次長", False), ("参考人", "政府参考人", True),
])
def test_titles(word, title, yes):
    assert who_of(word).matches_title(title) is yes


def test_words_read_as_speakers_and_kinds():
    assert who_of("ＭＡＹＯＲ") is None and who_of("市長選挙") is None  # only the lone word
    assert who_of("國務大臣").titles == ("大臣",)
    assert who_of("答弁").roles == ("executive",) and who_of("質疑").roles == ("member",)
    assert who_of("反対討論").replace is False  # stays a word of the text, members' speeches first
    assert who_of("委員長報告").text == ("委員会", "報告")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from kaigiroku.indexer.build import build
    from kaigiroku.search.whoosh.engine import SearchEngine

    root = tmp_path_factory.mktemp("who")
    build(root, [FIXTURES / "assembly" / "plenary.txt", FIXTURES / "assembly" / "diet-committee.txt"], workers=1)
    e = SearchEngine(root)
    yield e
    e.close()


def _search(engine, q, **kw):
    from kaigiroku.search.api import SearchRequest

    return engine.search(SearchRequest(q=q, exchanges=False, **kw))


def test_speaker_word_finds_the_speaker_not_the_chair_call(engine):
    res = _search(engine, "教育長 増額")
    first = res["hits"][0]
    assert first["speaker"].startswith("教育長") and "増額" in first["text"]
    assert res["who"] == [{"word": "教育長", "label": "発言者: 教育長"}]
    # The chair's 「教育長。」 says the word but is not by the speaker: below the speaker's answer.
    alone = _search(engine, "教育長")["hits"]
    assert alone[0]["speaker"].startswith("教育長") and alone[-1]["text"] == "教育長。"


def test_kind_words(engine):
    assert _search(engine, "大臣 答弁 教員")["hits"][0]["speaker"] == "石田国務大臣"
    q = _search(engine, "質問 使用料")["hits"][0]
    assert q["role"] == "member" and "使用料" in q["text"]
    report = _search(engine, "委員長報告")["hits"][0]
    assert report["speaker"].startswith("総務常任委員長")


def test_without_takes_the_word_as_written(engine):
    res = _search(engine, "教育長 増額", without=["教育長"])
    assert res["who"] == []
    assert any(h["text"] == "教育長。" for h in res["hits"])  # the word in the text, whoever says it


def test_a_speaker_word_the_index_has_no_speaker_for_is_a_word(engine):
    res = _search(engine, "知事 使用料")
    assert res["total"] > 0  # no 知事 spoke: the word is searched as text, the other word still finds


@pytest.mark.parametrize("typed,found", [
    ("熊", "ヒグマ"), ("お米", "米価"), ("お風呂", "入浴料"), ("混んでて", "混雑"), ("足りない", "不足"),
    ("先生", "教員"), ("ライン", "line"), ("ＬＩＮＥ", "ライン"), ("エーアイ", "ai"), ("ＡＩ", "人工知能"),
    ("統一教会", "世界平和統一家庭連合"), ("ふるさと納税", "ふるさと応援寄附金"),
    ("直す", "修繕"), ("壊れた", "破損"), ("学童", "放課後児童クラブ"), ("町内会", "自治会"), ("鹿", "有害鳥獣"),
    ("ただ", "無償"), ("お年寄り", "高齢者"), ("におい", "悪臭"), ("値下げ", "引き下げ"), ("街灯", "防犯灯"),
])
def test_everyday_and_script_variants(typed, found):
    unit = make_unit(typed, Synonyms.load())
    assert any("".join(a.tokens) == found for a in unit.alternatives), [a.tokens for a in unit.alternatives]


@pytest.mark.parametrize("typed,never", [("無償", "ただ"), ("整備", "作る"), ("危険", "危ない"), ("廃止", "なくなる"),
                                          ("老朽化", "古い")])
def test_the_minutes_word_never_drags_in_the_everyday_one(typed, never):
    """An everyday word finds the minutes' word; typed, the minutes' word stays itself (ただ, 作る
    and なくなる are in every other sentence of speech)."""
    unit = make_unit(typed, Synonyms.load())
    assert never not in {"".join(a.tokens) for a in unit.alternatives}


def test_narrower_words_weigh_less_and_wrong_senses_are_gone():
    unit = make_unit("熊", Synonyms.load())
    weights = {"".join(a.tokens): a.weight for a in unit.alternatives}
    assert weights["出没"] < weights["ヒグマ"] < weights["熊"]
    assert "ベア" not in weights  # ベア in minutes is a pay rise
    assert "バス" not in {"".join(a.tokens) for a in make_unit("お風呂", Synonyms.load()).alternatives}
    # 足りない is not 足りる: the negation is looked up as typed
    assert "不足" in {"".join(a.tokens) for a in make_unit("足りない", Synonyms.load()).alternatives}


def test_chip_removes_the_speaker_reading(tmp_path):
    from kaigiroku.indexer.build import build
    from kaigiroku.web import create_app

    build(tmp_path, [FIXTURES / "assembly" / "plenary.txt"], workers=1)
    client = create_app({"INDEX_DIR": str(tmp_path)}).test_client()
    page = client.get("/?q=教育長+増額").get_data(as_text=True)
    assert "発言者" in page and "without=%E6%95%99%E8%82%B2%E9%95%B7" in page
    page = client.get("/?q=教育長+増額&without=教育長").get_data(as_text=True)
    assert "語のまま" in page


def test_with_every_word_the_named_speaker_ranks_before_a_better_scored_mention():
    """Tiers, before any score: words matched, then (with every word) the words matched by who
    speaks, then words as typed. A record that only says 市長 never passes the mayor's own answer
    when both have every word; with only some words, the subject decides, not the speaker."""
    import numpy as np

    from kaigiroku.search.whoosh.engine import _tiers
    from kaigiroku.search.whoosh.matching import Matches, WordReport

    words = [WordReport("市長", 0), WordReport("除雪", 0)]
    m = Matches(ids=np.arange(4), n_any=np.array([2, 2, 1, 1]), n_exact=np.array([1, 2, 0, 1]),
                score=np.array([9.0, 40.0, 1.0, 30.0]), info=np.zeros(4), how=np.zeros((4, 2), dtype=np.uint8),
                words=words, expansions=[], highlight=[], fragments=[], n_who=np.array([1, 0, 1, 0]))
    rank = np.argsort(-(_tiers(m) + m.score))
    assert list(rank) == [0, 1, 3, 2]  # the mayor's answer, then the mention; the partial: by score
