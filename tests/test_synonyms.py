"""Tests for search.synonyms and the shipped dictionaries."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kaigiroku.search.analysis import analyze
from kaigiroku.search.synonyms import (
    COUNCIL_GROUP_BASE,
    DEFAULT_DIR,
    RELATED_WEIGHT,
    Alternative,
    Synonyms,
    synonyms_version,
)


@pytest.fixture(scope="module")
def syn() -> Synonyms:
    start = time.perf_counter()
    loaded = Synonyms.load()
    print(f"\nsynonyms load: {time.perf_counter() - start:.3f}s, {len(loaded)} groups")
    return loaded


def alternatives(syn: Synonyms, term: str) -> dict[tuple[str, ...], Alternative]:
    return {a.tokens: a for e in syn.expand(term) for a in e.alternatives}


def groups(syn: Synonyms, term: str) -> list[int]:
    return [e.group for e in syn.expand(term)]


# --- shipped dictionaries -------------------------------------------------------------


def test_default_files_are_both_loaded(syn: Synonyms) -> None:
    assert (DEFAULT_DIR / "synonyms.txt").is_file() and (DEFAULT_DIR / "council.txt").is_file()
    assert 21197 in syn.groups  # SudachiDict
    assert COUNCIL_GROUP_BASE in syn.groups  # council.txt


def test_council_groups_do_not_collide_with_sudachidict() -> None:
    sudachi = Synonyms.load([DEFAULT_DIR / "synonyms.txt"])
    council = Synonyms.load([DEFAULT_DIR / "council.txt"])
    new_ids = {g for g in council.groups if g >= COUNCIL_GROUP_BASE}
    assert new_ids and not new_ids & set(sudachi.groups)
    # Ids below the base are deliberate overrides of existing SudachiDict groups.
    assert {g for g in council.groups if g < COUNCIL_GROUP_BASE} <= set(sudachi.groups)


def test_my_number_and_kojin_bango_expand_to_each_other(syn: Synonyms) -> None:
    assert alternatives(syn, "マイナンバー")[("個人番号",)].weight == 1.0
    assert alternatives(syn, "個人番号")[("マイナンバー",)].weight == 1.0
    # 特定個人情報 is only related.
    assert alternatives(syn, "マイナンバー")[("特定個人情報",)].weight == RELATED_WEIGHT


def test_sokyu_expands_to_sakanoboru_and_related_terms(syn: Synonyms) -> None:
    alts = alternatives(syn, "遡及")
    # さかのぼって / 遡って lose their trailing particle and become 遡る, so they
    # also match 遡った, 遡る …
    assert syn.tokens("さかのぼって") == ("遡る",)
    assert alts[("遡る",)].weight == 1.0
    assert alts[("事後承認",)].weight == RELATED_WEIGHT
    assert alts[("追認",)].weight == RELATED_WEIGHT
    assert alts[("事後", "諮問")].weight == RELATED_WEIGHT  # a phrase
    assert ("遡及",) not in alts


@pytest.mark.parametrize("form", ["遡って", "さかのぼった", "遡る"])
def test_conjugated_forms_trigger_the_sokyu_group(syn: Synonyms, form: str) -> None:
    assert 900001 in groups(syn, form)
    assert alternatives(syn, form)[("遡及",)].weight == 1.0


def test_related_only_rows_do_not_trigger_their_group(syn: Synonyms) -> None:
    # 追認 is control 1 in 900001 (offered for 遡及) but triggers its own group.
    assert 900001 not in groups(syn, "追認")
    assert 900002 in groups(syn, "追認")


@pytest.mark.parametrize("term", ["HER-SYS", "ハーシス", "ＨＥＲ－ＳＹＳ", "her-sys"])
def test_her_sys_and_harshis_share_a_group(syn: Synonyms, term: str) -> None:
    # The analyzer already makes them one term, so the other spellings are not
    # repeated as alternatives; the group still offers the official name.
    assert [t.text for t in analyze(term)] == ["her-sys"]
    [exp] = syn.expand(term)
    assert exp.group == 900003
    assert exp.tokens == ("her-sys",)
    assert [a.headword for a in exp.alternatives] == ["新型コロナウイルス感染者等情報把握・管理支援システム"]
    assert len(exp.alternatives[0].tokens) > 1  # searched as a phrase


@pytest.mark.parametrize("term", ["取り扱い", "取扱い", "取扱"])
def test_toriatsukai_uses_its_sudachi_group(syn: Synonyms, term: str) -> None:
    # 取扱 is not a headword: it is found through Sudachi's own group id.
    assert 22108 in groups(syn, term)
    alts = alternatives(syn, term)
    assert ("取り扱う",) in alts
    assert ("取り扱い",) not in alts  # equal to the term itself


def test_overrides_narrow_broad_sudachi_groups(syn: Synonyms) -> None:
    itaku = alternatives(syn, "委託")
    assert ("外注",) in itaku
    assert ("委嘱",) not in itaku and ("付託",) not in itaku
    shonin = alternatives(syn, "承認")
    assert ("承諾",) in shonin
    assert ("了解",) not in shonin and ("承知",) not in shonin


def test_sms_triggers_from_the_council_group_only(syn: Synonyms) -> None:
    # SMS is control 1 (company names) in SudachiDict; council.txt makes it a trigger.
    assert groups(syn, "SMS") == [900014]
    assert ("ショート", "メッセージ") in alternatives(syn, "ｓｍｓ")


def test_expansion_is_deterministic_and_cached_copies(syn: Synonyms) -> None:
    first = syn.expand("個人番号")
    first[0].alternatives.clear()  # editing a result must not touch the cache
    again = syn.expand("個人番号")
    assert again == Synonyms.load().expand("個人番号")
    assert [e.group for e in again] == sorted(e.group for e in again)
    assert again[0].alternatives


def test_nothing_to_expand(syn: Synonyms) -> None:
    assert syn.expand("、") == []
    assert syn.expand("") == []
    assert syn.expand("ｘｙｚｚｙ") == []


# --- format rules, with small dictionaries ------------------------------------------------

SMALL = """\
100001,1,0,1,0,0,0,(),会議,,
100001,1,1,2,0,0,0,(),会合,,
100001,1,2,3,0,0,0,(),集会,,
100001,1,0,4,0,0,0,(関連),ミーティング,,

100002,1,0,1,0,0,0,(),議事録,,
100002,1,0,2,0,0,0,(),会議録,,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_expansion_control_and_related_weight(tmp_path: Path) -> None:
    syn = Synonyms.load([write(tmp_path, "a.txt", SMALL)])
    alts = alternatives(syn, "会議")
    assert alts[("会合",)].weight == 1.0  # control 1: expanded to
    assert ("集会",) not in alts  # control 2: never used
    assert alts[("ミーティング",)].weight == RELATED_WEIGHT
    assert syn.expand("会合") == []  # control 1: never triggers
    assert syn.expand("集会") == []
    # A related trigger gives every alternative the related weight.
    assert {a.weight for a in alternatives(syn, "ミーティング").values()} == {RELATED_WEIGHT}


def test_later_file_overrides_whole_group(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", SMALL)
    b = write(tmp_path, "b.txt", "100002,1,0,1,0,0,0,(),議事録,,\n100002,1,0,2,0,0,0,(),記録,,\n")
    syn = Synonyms.load([a, b])
    assert set(alternatives(syn, "議事録")) == {("記録",)}
    assert ("会合",) in alternatives(syn, "会議")  # other groups untouched


def test_directory_override(tmp_path: Path) -> None:
    write(tmp_path, "synonyms.txt", SMALL)
    write(tmp_path, "council.txt", "")
    syn = Synonyms.load(directory=tmp_path)
    assert set(syn.groups) == {100001, 100002}


@pytest.mark.parametrize(
    "line",
    ["100001,1,0,1,0,0,0,()", "x,1,0,1,0,0,0,(),会議,,", "100001,1,5,1,0,0,0,(),会議,,", "100001,1,0,1,0,0,0,(),,,"],
)
def test_malformed_lines_fail_loudly(tmp_path: Path, line: str) -> None:
    p = write(tmp_path, "bad.txt", SMALL + "\n" + line + "\n")
    with pytest.raises(ValueError, match=r"bad\.txt:9:"):
        Synonyms.load([p])


def test_version_tracks_file_bytes(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", SMALL)
    v1 = synonyms_version([a])
    assert v1 == synonyms_version([a]) == Synonyms.load([a]).version
    a.write_text(SMALL + "100003,1,0,1,0,0,0,(),予算,,\n", encoding="utf-8")
    assert synonyms_version([a]) != v1
    assert len(synonyms_version()) == 12
    assert synonyms_version() == Synonyms.load().version


# --- the reviewed stop list ----------------------------------------------------------------


@pytest.mark.parametrize("term, wrong", [
    ("介護", "介錯"), ("介護", "看護"), ("選定", "粒揃い"), ("同意", "賛成"), ("制度", "システム"),
    ("本", "書籍"), ("会話", "話す"), ("交付", "給付"), ("意見書", "請願書"), ("濃厚接触", "触る"),
])
def test_wrong_sense_sudachi_synonyms_are_stopped(syn: Synonyms, term: str, wrong: str) -> None:
    assert not any(wrong in a.headword for e in syn.expand(term) for a in e.alternatives)


def test_stop_list_drops_headwords_or_whole_groups(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", SMALL)
    stop = write(tmp_path, "x-stop.txt", "100001,会合  # not the same\n100002\n")
    syn = Synonyms.load([a, stop])
    assert ("会合",) not in alternatives(syn, "会議") and ("ミーティング",) in alternatives(syn, "会議")
    assert 100002 not in syn.groups
    assert synonyms_version([a, stop]) != synonyms_version([a])


def test_a_bad_stop_line_fails_loudly(tmp_path: Path) -> None:
    stop = write(tmp_path, "stop.txt", "abc,会議\n")
    with pytest.raises(ValueError, match=r"stop\.txt:1:"):
        Synonyms.load([write(tmp_path, "a.txt", SMALL), stop])


def test_every_stop_line_names_a_group_that_exists() -> None:
    sudachi = Synonyms.load([DEFAULT_DIR / "synonyms.txt", DEFAULT_DIR / "council.txt"])
    for line in (DEFAULT_DIR / "stop.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        gid, _, headword = line.partition(",")
        assert int(gid) in sudachi.groups, line
        if headword.strip():
            assert headword.strip() in sudachi.group_headwords(int(gid)), line


# --- council groups, tested on minutes -------------------------------------------------------
# A citizen's or a member of staff's word, and a record of the shipped minutes that says the
# same thing in other words: the word finds it through its group. A record is named by its
# meeting and the opening of its text, so that parser changes that renumber records keep it.


@pytest.mark.parametrize("query, word, record, needle", [
    ("USBメモリ なくした", "なくした", ("meguro-r02-05", "資料1の3 業務委託の(3) その他の業"), "紛失"),
    ("コンビニ 印刷ミス", "印刷ミス", ("meguro-r04-02", "個人情報保護の対策についてのご質問であり"), "誤印刷"),
    ("接種券 送り間違い", "送り間違い", ("meguro-r02-05", "同発送業務での封入物の間違いなどによる誤"), "誤送"),
    ("データセンター 災害", "災害", ("meguro-r02-02", "要件の関係でございますけれども、まず、デ"), "地震"),
    ("センシティブ情報", "センシティブ情報", ("meguro-r04-02", "行政情報マネジメント課長が答えさせていただきます。現在の個"), "要配慮個人情報"),
    ("守秘義務", "守秘義務", ("higashimurayama-h27-06", "諮問書3ページ【(3) データの消去】に"), "口外しない"),
    ("メモ 捨てる", "捨てる", ("meguro-r03-06", "業務において発生するメモ等についてはオペ"), "廃棄"),
    ("マイナンバー 紐付け", "紐付け", ("meguro-r04-02", "すいません。ちょっと聞き逃したかもしれな"), "紐づける"),
    ("駐輪場", "駐輪場", ("meguro-r04-02", "次に、諮問事項（５）登録制自転車置場管理"), "自転車置場"),
    ("救急車", "救急車", ("meguro-r03-06", "ＨＥＲ－ＳＹＳにおけるアラートについては"), "救急搬送"),
    ("健康診断 結果", "健康診断", ("higashimurayama-h27-06", "本委託事業は、封入・封緘・発送までである"), "健診"),
    ("ファイル転送サービス", "ファイル転送サービス", ("meguro-r04-02", "ここに書いてあるように、物理的対策として"), "ファイル交換サービス"),
    ("費用対効果", "費用対効果", ("meguro-r04-02", "例えばＲＰＡを進めていく中では、やっぱり"), "費用と効果"),
    ("文字起こし", "文字起こし", ("meguro-r04-02", "ご説明ありがとうございました。確認の意味"), "テキスト化"),
    ("情報漏れ", "情報漏れ", ("meguro-r04-02", "ありがとうございました。今後、取扱いに当"), "情報漏えい"),
    ("自宅療養", "自宅療養", ("meguro-r03-06", "ＨＥＲ－ＳＹＳにおけるアラートについては"), "在宅療養"),
    ("非識別加工情報", "非識別加工情報", ("meguro-r04-02", "幾つかあるんですけれども、すいません。よ"), "匿名加工情報"),
    ("入退室管理", "入退室管理", ("meguro-r03-06", "業務において発生するメモ等についてはオペ"), "施錠管理"),
])
def test_council_groups_find_minutes_written_otherwise(corpus_index, query, word, record, needle) -> None:
    from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest

    engine = SearchEngine(corpus_index)
    try:
        res = engine.search(SearchRequest(q=query, per_page=100, exchanges=False))
        meeting, opening = record
        hit = next((h for h in res["hits"] if h["meeting"] == meeting
                    and "".join(h["text"].split()).startswith("".join(opening.split()))),
                   None)
        assert hit is not None and needle in hit["text"] and word not in hit["text"]
        assert {"word": word, "how": "exact"} in hit["matched"]  # through the group, as the typed word
        off = engine.search(SearchRequest(q=query, per_page=100, exchanges=False, without=[word]))
        assert all(h["id"] != hit["id"] or {"word": word, "how": "exact"} not in h["matched"] for h in off["hits"])
    finally:
        engine.close()
