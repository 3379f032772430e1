"""Tests for search.analysis: normalisation, offsets, compounds, chunking, pickling, threads."""

from __future__ import annotations

import multiprocessing
import pickle
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, highlight, index
from whoosh.qparser import QueryParser

from kaigiroku.search.analysis import (
    ANALYZER_VERSION,
    CHUNK_BYTES,
    analyze,
    dictionary_version,
    PreTokenized,
    nfkc_with_offsets,
    pretokenize,
    words,
)
from kaigiroku.search.analysis import _chunks
from kaigiroku.search.whoosh.analysis import SudachiAnalyzer, SudachiTokenizer

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def texts(text: str, mode: str = "query") -> list[str]:
    return [t.text for t in analyze(text, mode=mode)]


# --- normalisation -----------------------------------------------------------


@pytest.mark.parametrize("variant", ["ＨＥＲ－ＳＹＳ", "HER-SYS", "HER－SYS", "her-sys"])
@pytest.mark.parametrize("mode", ["query", "index"])
def test_her_sys_spellings_are_one_term(variant: str, mode: str) -> None:
    assert texts(variant, mode) == ["her-sys"]


def test_fullwidth_digits_give_same_terms() -> None:
    assert texts("６か月") == texts("6か月")
    assert texts("６か月", "index") == texts("6か月", "index")
    assert texts("6か月")[0] == "6"


def test_spelling_variants_of_toriatsukai_are_one_term() -> None:
    assert texts("取扱い") == texts("取り扱い") == texts("取扱") == ["取り扱い"]


def test_whitespace_and_punctuation_are_dropped_without_positions() -> None:
    toks = analyze("個人、 情報。\n「個人」")
    assert [(t.text, t.pos) for t in toks] == [("個人", 0), ("情報", 1), ("個人", 2)]


def test_particles_are_kept_and_take_positions() -> None:
    assert [(t.text, t.pos) for t in analyze("個人の情報")] == [("個人", 0), ("の", 1), ("情報", 2)]


# --- offsets -------------------------------------------------------------------


def test_offsets_point_into_original_text() -> None:
    text = "①ｶﾞｽ料金と　（ＨＥＲ－ＳＹＳ）の取扱い、㍻元年"
    toks = analyze(text, mode="index")
    surface = {t.text: text[t.startchar : t.endchar] for t in toks}
    assert surface["1"] == "①"
    assert surface["ガス料金"] == "ｶﾞｽ料金"
    assert surface["ガス"] == "ｶﾞｽ"
    assert surface["her-sys"] == "ＨＥＲ－ＳＹＳ"
    assert surface["取り扱い"] == "取扱い"
    # ㍻ expands to two characters; both tokens that come from it map back to it.
    assert surface["平成"] == "㍻"
    for t in toks:
        assert 0 <= t.startchar < t.endchar <= len(text)


def test_start_char_and_start_pos_are_honoured() -> None:
    ana = SudachiAnalyzer()
    toks = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in ana("ＡＢＣの取扱い", positions=True, chars=True, start_pos=10, start_char=100)
    ]
    assert toks == [("abc", 10, 100, 103), ("の", 11, 103, 104), ("取り扱い", 12, 104, 107)]


def test_keeporiginal_gives_original_surface() -> None:
    ana = SudachiAnalyzer()
    got = [(t.text, t.original) for t in ana("ＨＥＲ－ＳＹＳの取扱", keeporiginal=True)]
    assert got == [("her-sys", "ＨＥＲ－ＳＹＳ"), ("の", "の"), ("取り扱い", "取扱")]


def test_nfkc_with_offsets_examples() -> None:
    norm, m = nfkc_with_offsets("aｶﾞ①")
    assert norm == "aガ1"
    assert m == [0, 1, 3, 4]
    norm, m = nfkc_with_offsets("か\u3099")  # decomposed が
    assert norm == "が" and m == [0, 2]
    norm, m = nfkc_with_offsets("㍻")
    assert norm == "平成" and m == [0, 0, 1]
    assert nfkc_with_offsets("") == ("", [0])


_ALPHABET = (
    "abcXYZ019 -.,!?\n\t"
    "ＡＢＣａｂｃ０１９－！？（）　"
    "あいかきはばぱ"
    "アイカキハバパヴー"
    "ｱｲｶｷﾊﾊﾟｳﾞｰ"
    "\uff9e\uff9f\u3099\u309a\u0301"
    "個人情報取扱"
    "①⑳㍻㈱、。「」・"
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_nfkc_with_offsets_properties(text: str) -> None:
    norm, m = nfkc_with_offsets(text)
    assert norm == unicodedata.normalize("NFKC", text)
    assert len(m) == len(norm) + 1
    assert m[-1] == len(text)
    assert all(a <= b for a, b in zip(m, m[1:]))
    assert all(0 <= i < len(text) for i in m[:-1])


@settings(max_examples=100, derandomize=True, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_token_spans_are_inside_the_original(text: str) -> None:
    for t in analyze(text, mode="index"):
        assert 0 <= t.startchar < t.endchar <= len(text)


# --- compounds -------------------------------------------------------------------


def test_index_mode_adds_pieces_at_compound_position() -> None:
    got = [(t.text, t.pos) for t in analyze("新しい個人情報", mode="index")]
    assert got == [("新しい", 0), ("個人情報", 1), ("個人", 1), ("情報", 1)]


def test_index_mode_adds_word_runs_inside_long_compounds() -> None:
    got = {t.text: t.pos for t in analyze("新型コロナウイルス感染症の対策", mode="index")}
    # Pieces and runs of pieces that are words themselves, all at position 0.
    for word in ["新型コロナウイルス感染症", "感染症", "コロナウイルス", "新型コロナ", "感染", "ウイルス"]:
        assert got[word] == 0, word
    assert got["対策"] == 2
    assert {t.text: t.pos for t in analyze("個人情報保護条例", mode="index")}["個人情報"] == 0


def test_query_mode_keeps_compound_whole() -> None:
    assert [(t.text, t.pos) for t in analyze("新しい個人情報")] == [("新しい", 0), ("個人情報", 1)]


def test_piece_offsets_are_within_compound() -> None:
    text = "（個人情報）"
    toks = analyze(text, mode="index")
    assert [text[t.startchar : t.endchar] for t in toks] == ["個人情報", "個人", "情報"]


def test_index_pieces_can_be_switched_off() -> None:
    tok = SudachiTokenizer(index_pieces=False)
    assert [t.text for t in tok("個人情報", mode="index")] == ["個人情報"]


def test_tokenize_false_yields_whole_value() -> None:
    ana = SudachiAnalyzer()
    assert [t.text for t in ana("ＨＥＲ－ＳＹＳ 個人", tokenize=False)] == ["her-sys 個人"]


# --- long input -------------------------------------------------------------------


def test_long_text_is_chunked_without_losing_text() -> None:
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    # One 60,000-byte "sentence" with no sentence end forces a hard split.
    text = corpus[:40000] + "あい" * 10000 + corpus[:20000] + "終わり"
    while len(text.encode("utf-8")) < 200_000:
        text = corpus[:10000] + text
    assert len(text.encode("utf-8")) >= 200_000

    toks = analyze(text)
    assert toks, "no tokens"
    assert [t.pos for t in toks] == list(range(len(toks)))
    assert toks[-1].text == "終わり" or text[toks[-1].startchar :].startswith("終")
    assert toks[-1].endchar == len(text)
    # Every stretch between tokens is whitespace, punctuation or symbols only
    # (Sudachi tags some letters as symbols, e.g. ㈱ -> "(株)").
    prev_end = 0
    for t in toks:
        assert t.startchar >= prev_end
        gap = text[prev_end : t.startchar]
        if not all(unicodedata.category(c)[0] in "ZPSC" for c in gap):
            assert texts(gap) == [], repr(gap)
        prev_end = t.endchar


def test_chunks_cover_text_and_respect_the_byte_limit() -> None:
    sentence = "個人情報の取扱いについて審議した。"
    text = sentence * 2000 + "あ" * 9000 + "\n" + "𠮷" * 5000 + "終"
    chunks = list(_chunks(text))
    assert "".join(c for _, c in chunks) == text
    assert [off for off, _ in chunks] == [sum(len(c) for _, c in chunks[:i]) for i in range(len(chunks))]
    assert all(len(c.encode("utf-8")) <= CHUNK_BYTES for _, c in chunks)
    # Cuts fall at sentence ends while there are any.
    assert all(c.endswith("。") for _, c in chunks[:5])


def test_chunk_limit_is_well_under_sudachi_maximum() -> None:
    assert CHUNK_BYTES * 4 <= 49_149  # 4x headroom under Sudachi's limit
    assert texts("。" * 30000 + "終わり") == ["終わり"]
    # 80,000 bytes of 4-byte characters and no sentence end: no SudachiError.
    assert texts("𠮷" * 20000 + "終わり")[-1] == "終わり"


# --- pickling, equality, threads, processes ------------------------------------------


def test_pickle_round_trip_gives_equal_analyzer_and_output() -> None:
    ana = SudachiAnalyzer()
    clone = pickle.loads(pickle.dumps(ana))
    assert clone == ana
    text = "令和４年度の個人情報保護審議会でＨＥＲ－ＳＹＳの取扱いを審議した。"
    for mode in ("index", "query"):
        a = [(t.text, t.pos, t.startchar, t.endchar) for t in ana(text, positions=True, chars=True, mode=mode)]
        b = [(t.text, t.pos, t.startchar, t.endchar) for t in clone(text, positions=True, chars=True, mode=mode)]
        assert a == b


def test_equality_follows_configuration() -> None:
    assert SudachiAnalyzer() == SudachiAnalyzer()
    assert SudachiTokenizer() == SudachiTokenizer()
    assert SudachiTokenizer(index_pieces=False) != SudachiTokenizer()


def test_concurrent_threads_give_correct_results() -> None:
    samples = [
        "個人情報の取扱いについて審議した。",
        "ＨＥＲ－ＳＹＳの導入に伴う外部結合",
        "マイナンバーを含む特定個人情報",
        "６か月前に遡って承認する。",
    ] * 4
    expected = [(texts(s, "index"), texts(s)) for s in samples]

    def work(i: int) -> bool:
        s = samples[i % len(samples)]
        return all((texts(s, "index"), texts(s)) == expected[i % len(samples)] for _ in range(20))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(work, range(32)))


def _child_terms(text: str) -> list[str]:
    return texts(text, "index")


def test_forked_child_recreates_sudachi() -> None:
    text = "個人情報の取扱い"
    parent = texts(text, "index")  # make sure the parent has live Sudachi state
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        assert pool.apply(_child_terms, (text,)) == parent


# --- whoosh integration ---------------------------------------------------------------


def test_whoosh_index_round_trip(tmp_path: Path) -> None:
    schema = fields.Schema(
        id=fields.ID(stored=True),
        body=fields.TEXT(analyzer=SudachiAnalyzer(), phrase=True, stored=True),
    )
    ix = index.create_in(str(tmp_path), schema)
    with ix.writer() as w:
        w.add_document(id="toriatsukai", body="印刷物の取扱いに注意する。")
        w.add_document(id="compound", body="個人情報の保護について。")
        w.add_document(id="separate", body="個人の情報を守る。")
        w.add_document(id="hersys", body="ＨＥＲ－ＳＹＳの導入")
        w.add_document(id="ordinance", body="個人情報保護条例に基づく新型コロナウイルス感染症対策")

    ix = index.open_dir(str(tmp_path))
    assert ix.schema["body"].analyzer == SudachiAnalyzer()  # unpickled from the TOC
    parser = QueryParser("body", ix.schema)

    def ids(q: str) -> set[str]:
        with ix.searcher() as s:
            return {hit["id"] for hit in s.search(parser.parse(q), limit=None)}

    assert ids("取り扱い") == {"toriatsukai"}
    assert ids("取扱") == {"toriatsukai"}
    assert ids("個人") == {"compound", "separate", "ordinance"}
    assert ids("情報") == {"compound", "separate", "ordinance"}
    assert ids('"個人情報"') == {"compound", "ordinance"}
    assert ids("個人情報") == {"compound", "ordinance"}
    assert ids("感染症") == {"ordinance"}
    assert ids('"感染症対策"') == {"ordinance"}
    assert ids('"個人情報保護条例"') == {"ordinance"}
    assert ids("HER-SYS") == {"hersys"}
    assert ids("her－sys") == {"hersys"}

    # Highlights use the original offsets, pieces included.
    def marked(q: str) -> list[str]:
        with ix.searcher() as s:
            results = s.search(parser.parse(q), limit=None)
            results.formatter = highlight.HtmlFormatter(tagname="b", classname="m", termclass="t")
            return sorted(hit.highlights("body") for hit in results)

    assert marked("取り扱い") == ['印刷物の<b class="m t0">取扱い</b>に注意する']
    assert marked("HER-SYS") == ['<b class="m t0">ＨＥＲ－ＳＹＳ</b>の導入']
    assert marked("個人")[:2] == ['<b class="m t0">個人</b>の情報を守る', '<b class="m t0">個人</b>情報の保護について']
    assert "<b class=\"m t0\">感染症</b>対策" in marked("感染症")[0]


def test_pretokenized_values_index_like_text(tmp_path: Path) -> None:
    text = "令和４年度の個人情報保護審議会で、ＨＥＲ－ＳＹＳの取扱いを審議した。"
    toks = pretokenize(text)
    assert toks == [tuple(t) for t in analyze(text, mode="index")]
    value = pickle.loads(pickle.dumps(PreTokenized(toks)))  # as it comes back from a worker
    assert isinstance(value, str) and value.tokens == toks

    schema = fields.Schema(
        id=fields.ID(stored=True), body=fields.TEXT(analyzer=SudachiAnalyzer(), phrase=True, stored=True)
    )
    ix = index.create_in(str(tmp_path), schema)
    with ix.writer() as w:
        w.add_document(id="plain", body=text)
        w.add_document(id="pre", body=value, _stored_body=text)
    parser = QueryParser("body", ix.schema)
    with ix.searcher() as s:
        for q in ["個人", "個人情報", '"個人情報保護 審議会"', "her-sys", "取り扱い", '"取扱いを審議"']:
            assert {h["id"] for h in s.search(parser.parse(q))} == {"plain", "pre"}, q
        assert s.document(id="pre")["body"] == text


# --- helpers ---------------------------------------------------------------------


def test_words_report_pos_and_synonym_groups() -> None:
    ws = words("取扱いを遡って")
    assert [(w.text, w.pos_major) for w in ws] == [("取り扱い", "名詞"), ("を", "助詞"), ("遡る", "動詞"), ("て", "助詞")]
    assert 22108 in ws[0].synonym_groups


def test_versions() -> None:
    assert isinstance(ANALYZER_VERSION, str) and ANALYZER_VERSION
    v = dictionary_version()
    assert v.startswith("sudachipy ") and " / sudachidict-core " in v
    assert "unknown" not in v
