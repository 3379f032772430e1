"""The relevance set, its metrics, and two simpler baselines to compare with.

`python -m tests.relevance` prints recall@10 and MRR for the product and for
(a) Sudachi surface forms without NFKC, normalization, compound pieces or
synonyms and (b) character bigrams, each over the same records in a temporary
Whoosh index. The README reports its output.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from sudachipy import Dictionary, SplitMode
from whoosh import index as windex
from whoosh import query as Q
from whoosh.analysis import NgramTokenizer, Token, Tokenizer
from whoosh.fields import ID, TEXT, Schema

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "data" / "corpus"


def load_set() -> list[dict]:
    return json.loads((HERE / "relevance.json").read_text(encoding="utf-8"))["queries"]


def metrics(ranked: dict[str, list[str]], qs: list[dict], k: int = 10) -> tuple[float, float]:
    recall, rr = 0.0, 0.0
    for q in qs:
        got = ranked[q["q"]][:k]
        rel = set(q["relevant"])
        recall += len(rel & set(got)) / len(rel)
        rr += next((1 / (i + 1) for i, d in enumerate(got) if d in rel), 0.0)
    return recall / len(qs), rr / len(qs)


class SurfaceTokenizer(Tokenizer):
    """Baseline (a): Sudachi mode C surface forms, as written, nothing normalised."""

    _tok = None

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kw):
        if SurfaceTokenizer._tok is None:
            SurfaceTokenizer._tok = Dictionary(dict="core").tokenizer()
        t = Token(positions, chars, removestops=removestops, mode=mode, **kw)
        pos = start_pos
        for chunk_start in range(0, len(value), 8000):
            for m in SurfaceTokenizer._tok.tokenize(value[chunk_start:chunk_start + 8000], SplitMode.C):
                if m.part_of_speech()[0] in ("空白", "補助記号"):
                    continue
                t.text = m.surface()
                t.boost, t.stopped = 1.0, False
                if positions:
                    t.pos = pos
                pos += 1
                yield t


def baseline_ranked(kind: str, records: list[tuple[str, str]], qs: list[dict]) -> dict[str, list[str]]:
    analyzer = SurfaceTokenizer() if kind == "surface" else NgramTokenizer(2, 2)
    with tempfile.TemporaryDirectory() as d:
        ix = windex.create_in(d, Schema(id=ID(stored=True), text=TEXT(analyzer=analyzer, phrase=True)))
        with ix.writer() as w:
            for rid, text in records:
                w.add_document(id=rid, text=text)
        out = {}
        with ix.searcher() as s:
            for q in qs:
                parts = []
                for word in q["q"].split():
                    toks = [t.text for t in analyzer(word, mode="query")]
                    if toks:
                        parts.append(Q.Term("text", toks[0]) if len(toks) == 1 else
                                     (Q.Phrase("text", toks) if kind == "bigram" else Q.And([Q.Term("text", t) for t in toks])))
                res = s.search(Q.And(parts), limit=10) if parts else []
                out[q["q"]] = [h["id"] for h in res]
        return out


def product_ranked(index_root: Path, qs: list[dict]) -> dict[str, list[str]]:
    from kaigiroku.search.engine import SearchEngine, SearchRequest

    engine = SearchEngine(index_root)
    return {q["q"]: [h["id"] for h in engine.search(SearchRequest(q=q["q"], per_page=10))["hits"]] for q in qs}


def corpus_records() -> list[tuple[str, str]]:
    from kaigiroku.indexer.parse import parse_file

    return [(f"{m.id}#{r.order}", r.text) for m in map(parse_file, sorted(CORPUS.glob("*.txt"))) for r in m.records]


def report(index_root: Path) -> dict[str, tuple[float, float]]:
    qs = load_set()
    records = corpus_records()
    return {
        "kaigiroku": metrics(product_ranked(index_root, qs), qs),
        "surface forms": metrics(baseline_ranked("surface", records, qs), qs),
        "character bigrams": metrics(baseline_ranked("bigram", records, qs), qs),
    }


if __name__ == "__main__":
    from kaigiroku.indexer.build import build

    with tempfile.TemporaryDirectory() as d:
        build(Path(d), [CORPUS], workers=1)
        rows = report(Path(d))
    print(f"{len(load_set())} queries")
    print("| analysis | recall@10 | MRR |\n|---|---|---|")
    for name, (r, m) in rows.items():
        print(f"| {name} | {r:.3f} | {m:.3f} |")
