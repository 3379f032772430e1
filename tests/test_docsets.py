"""The fast match sets are exactly Whoosh's own, including after adds and deletions."""

from __future__ import annotations

import shutil

import pytest
from whoosh import query as Q

from kaigiroku.indexer.build import add, build, remove
from kaigiroku.search.whoosh.docsets import match_ids
from kaigiroku.search.query import parse
from kaigiroku.search.whoosh.compile import Compiler
from kaigiroku.search.whoosh.store import open_index
from kaigiroku.search.synonyms import Synonyms
from tests.conftest import CORPUS, FIXTURES

QUERIES = ["委託", "個人情報 取扱い", "遡及 OR 追認", "ワクチン -接種", '"個人情報の取扱い"', "マイナンバー", "-委託", "存在しない語彙"]


@pytest.fixture(scope="module")
def multi_segment(tmp_path_factory):
    """An index with several segments and deleted documents."""
    root = tmp_path_factory.mktemp("ix")
    src = tmp_path_factory.mktemp("src")
    build(root, [CORPUS / "meguro-r03-06.txt", CORPUS / "meguro-r02-02.txt"], workers=1)
    add(root, [CORPUS / "meguro-r04-02.txt"], workers=1)
    add(root, [FIXTURES / "colon.txt"], workers=1)
    changed = src / "meguro-r03-06.txt"
    shutil.copy(CORPUS / "meguro-r03-06.txt", changed)
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    add(root, [changed], workers=1, replace=True)  # another file of its id, replacing it: deletions in the first segment
    remove(root, "colon")
    return root


@pytest.mark.parametrize("text", QUERIES)
def test_same_as_whoosh(multi_segment, text):
    ix = open_index(multi_segment)
    with ix.searcher() as s:
        assert len(s.leaf_searchers()) > 1 and s.reader().has_deletions()
        q = Compiler(Synonyms.load()).compile(parse(text)).query
        for full in (q, Q.And([q, Q.Term("role", "委員")]), Q.And([q, Q.TermRange("date", "2022-01-01", "2022-12-31")])):
            assert match_ids(s, full).tolist() == sorted(s.docs_for_query(full)), full


def _whoosh_scores(s, q) -> dict[int, float]:
    """Per-document scores from Whoosh's own matchers, term by term, combined as the engine
    documents it: And and Or add, DisjunctionMax (one word written differently) keeps the best."""
    if isinstance(q, Q.Term):
        return {hit.docnum: hit.score for hit in s.search(q, limit=None)}
    if isinstance(q, Q.AndNot):
        excluded = set(s.docs_for_query(q.b))
        return {d: v for d, v in _whoosh_scores(s, q.a).items() if d not in excluded}
    parts = [_whoosh_scores(s, sub) for sub in q.subqueries]
    docs = set.intersection(*map(set, parts)) if isinstance(q, Q.And) else set().union(*parts)
    pick = max if isinstance(q, Q.DisjunctionMax) else sum
    return {d: pick(p.get(d, 0.0) for p in parts) * q.boost for d in docs}


@pytest.mark.parametrize("dense_share", [0, 10**9], ids=["sparse-or", "dense-or"])
@pytest.mark.parametrize("text", ["委託", "取扱い 委託", "遡及 OR 追認", "委託 -接種", "マイナンバー", "synonyms:委託 する",
                                  "dismax:委託 業務 する"])
def test_scores_match_whoosh_bm25f(multi_segment, text, dense_share, monkeypatch):
    """Word queries score as Whoosh's BM25F scores their terms (phrases are tested as pairs below),
    whether an OR is combined over its union or in per-document slots."""
    from kaigiroku.search.whoosh import docsets
    from kaigiroku.search.whoosh.docsets import field_lengths, scored_ids

    monkeypatch.setattr(docsets, "DENSE_SHARE", dense_share)
    ix = open_index(multi_segment)
    with ix.searcher() as s:
        kind, _, words = text.rpartition(":")
        if kind == "dismax":  # words that share records: the best of them, never their sum
            q = Q.DisjunctionMax([Q.Term("text", w) for w in words.split()])
        else:  # with synonyms: a DisjunctionMax of each word's terms
            q = Compiler(Synonyms.load() if kind == "synonyms" else None).compile(parse(words)).query
        ids, scores = scored_ids(s, q, field_lengths(s))
        ours = dict(zip(ids.tolist(), scores.tolist()))
        theirs = _whoosh_scores(s, q)
        assert set(ours) == set(theirs) and ours
        for d, score in theirs.items():
            assert ours[d] == pytest.approx(score, rel=1e-6), d


@pytest.mark.parametrize("words", [["個人情報", "の"], ["業務", "を"], ["事後", "諮問"], ["ジョブローテーション", "の"],
                                   ["人事", "給与"], ["個人", "の"]])
def test_two_word_pair_phrase_is_exact(multi_segment, words):
    """Checked against the adjacency of the words in every stored text, analysed again."""
    from collections import defaultdict

    from kaigiroku.search.analysis import analyze
    from kaigiroku.search.whoosh.pairs import PairPhrase

    ix = open_index(multi_segment)
    with ix.searcher() as s:
        expected = []
        for docnum, fields in s.iter_docs() if hasattr(s, "iter_docs") else s.reader().iter_docs():
            if fields.get("doctype") != "record":
                continue
            at = defaultdict(list)
            for t in analyze(fields["body"], mode="index"):
                at[t.pos].append(t)
            # Words that touch: pieces of one compound that meet, or the end of one
            # position's span followed by the start of the next one's.
            for p, here in list(at.items()):
                nxt = at.get(p + 1, [])
                end, start = max(t.endchar for t in here), min((t.startchar for t in nxt), default=-1)
                if any(a.text == words[0] and b.text == words[1]
                       and ((b in here and a.endchar == b.startchar)
                            or (b in nxt and a.endchar == end and b.startchar == start))
                       for a in here for b in here + nxt):
                    expected.append(docnum)
                    break
        ours = match_ids(s, PairPhrase(words)).tolist()
        assert ours == sorted(expected) and ours


@pytest.fixture(scope="module")
def small_blocks(tmp_path_factory):
    """Postings in blocks of 8, so that lists span many blocks; two segments, with deletions."""
    from kaigiroku.search.whoosh import writer as build_module
    from kaigiroku.search.whoosh.writecodec import WriteCodec

    root = tmp_path_factory.mktemp("ix")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(build_module, "WRITER_ARGS", {"codec": WriteCodec(blocklimit=8)})
        build(root, [CORPUS / "meguro-r03-06.txt", CORPUS / "meguro-r02-02.txt"], workers=1)
        add(root, [CORPUS / "meguro-r04-02.txt"], workers=1)
        remove(root, "meguro-r02-02")
    return root


@pytest.mark.parametrize("text", ["委託", "個人情報 取扱い", "遡及 OR 追認", "委託 -接種", '"個人情報の取扱い"'])
def test_within_keeps_only_those_documents_and_skips_blocks(small_blocks, text):
    import numpy as np

    from kaigiroku.search.whoosh.docsets import field_lengths, scored_ids
    from whoosh.codec.whoosh3 import W3LeafMatcher

    ix = open_index(small_blocks)
    q = Compiler(Synonyms.load()).compile(parse(text)).query
    with ix.searcher() as s:
        lengths = field_lengths(s)
        every_ids, every_scores = scored_ids(s, q, lengths)
        n = s.doc_count_all()
        for within in (np.arange(n // 3, n // 2), np.arange(0, n, 7), np.array([], dtype=np.int64)):
            decoded = []
            real = W3LeafMatcher._read_data
            with pytest.MonkeyPatch.context() as m:
                m.setattr(W3LeafMatcher, "_read_data", lambda self: decoded.append(1) or real(self))
                ids, scores = scored_ids(s, q, lengths, within)
            assert match_ids(s, q, within).tolist() == ids.tolist()
            keep = np.isin(every_ids, within)
            assert ids.tolist() == every_ids[keep].tolist()
            assert scores.tolist() == every_scores[keep].tolist()
            if len(within) and len(within) < n // 4 + 1:
                whole = []
                with pytest.MonkeyPatch.context() as m:
                    m.setattr(W3LeafMatcher, "_read_data", lambda self: whole.append(1) or real(self))
                    scored_ids(s, q, lengths)
                assert len(decoded) <= len(whole)  # a Whoosh phrase still reads its lists whole
                assert len(decoded) < len(whole) or text != "委託"
