"""Relevance sets, their metrics, and two plain baselines measured in the same run.

`python -m tests.relevance` indexes the shipped corpus into a temporary folder
and prints, for each set, recall@10, nDCG@10, MRR, the queries with no hit and
the queries whose first hit is a record nobody judged relevant, for kaigiroku,
for kaigiroku asked for every word (`partial=False, exchanges=False`: the old
all-words-required behaviour on today's word units) and for two plain engines
over the same records. Both baselines rank with
Whoosh's BM25F over the OR of the query's terms, which is what a plain engine
does with words it knows nothing about:

- Sudachi surface forms (mode C, as written: no NFKC, no normalised forms,
  no compound pieces, no synonyms);
- character bigrams of the NFKC, lower-cased text.

The sets were judged by reading the corpus (`kaigiroku parse FILE --full`),
never from a system's output (kaigiroku's records are those its first hits
show: each hit's record, then the Q&A counterpart it shows with it, cut at 10):

- `relevance_people.json`: 68 queries as citizens and staff type them, half
  each (colloquial forms, kana/kanji variants, abbreviations, parts of words,
  words the answer does not use), graded 2 (answers it) or 1 (bears on it);
- `relevance.json`: the first 20-query set, written with the synonym
  dictionary, kept as a second set;
- `relevance_assembly.json`: 56 queries over the real assembly, committee and
  Diet sittings of `../shared/minutes-dev/` (the development corpus beside the
  repository), half citizens' words, half staff looking for precedents, some
  naming a speaker or a kind of speech, some single common words. Unlike the
  two sets above it was judged by pooling (the first 20 records of kaigiroku,
  of the bigram baseline and of pattern searches, each read and graded) and
  frozen before any figure was taken. Its sittings are indexed into a second
  temporary folder in the same run; without the folder the set is skipped and
  the run says so.

A judged record is named by its meeting and a piece of its text (matched after
NFKC with white space removed); a record too short to be unique also names a
piece of the record before it (`after`). Parser changes that renumber records
therefore do not break the sets.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sudachipy import Dictionary, SplitMode
from whoosh import index as windex
from whoosh import query as Q
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, TEXT, Schema

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "data" / "corpus"
MINUTES_DEV = HERE.parent.parent / "shared" / "minutes-dev"  # real sittings, beside the repository
SETS = {"people": "relevance_people.json", "developers": "relevance.json", "assembly": "relevance_assembly.json"}
SHIPPED_SETS = ("people", "developers")  # judged over data/corpus; "assembly" over MINUTES_DEV
K = 10


# -- the sets and the records they name ------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class Corpus:
    """Records of the shipped corpus in reading order, to resolve judged records by their text."""

    def __init__(self, meetings) -> None:
        self.records: dict[str, list[tuple[str, str]]] = {}  # meeting id -> [(record id, normalised text)]
        self.texts: list[tuple[str, str]] = []  # (record id, text) for the baselines
        for m in meetings:
            rows = self.records.setdefault(m.id, [])
            for r in m.records:
                rid = f"{m.id}#{r.order}"
                rows.append((rid, _norm(r.text)))
                self.texts.append((rid, r.text))

    @classmethod
    def shipped(cls) -> "Corpus":
        from kaigiroku.indexer.parse import parse_file

        return cls(parse_file(p) for p in sorted(CORPUS.glob("*.txt")))

    @classmethod
    def minutes_dev(cls, folder: Path = MINUTES_DEV) -> "Corpus":
        """The real sittings: their `.txt` files (the one PDF there has a `.txt` of the same meeting)."""
        from kaigiroku.indexer.parse import parse_file

        return cls(parse_file(p) for p in minutes_dev_files(folder))

    def resolve(self, ref: dict) -> str:
        """The id of the one record `ref` names; ValueError if none or several."""
        rows = self.records.get(ref["meeting"], [])
        piece = _norm(ref["text"])
        found = [rid for i, (rid, text) in enumerate(rows) if piece in text
                 and ("after" not in ref or (i > 0 and _norm(ref["after"]) in rows[i - 1][1]))]
        if len(found) != 1:
            raise ValueError(f"{ref['meeting']}: 「{ref['text']}」 names {len(found)} records: {found}")
        return found[0]


def minutes_dev_files(folder: Path = MINUTES_DEV) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def load_set(name: str = "people") -> list[dict]:
    data = json.loads((HERE / SETS[name]).read_text(encoding="utf-8"))
    return data["queries"]


def judged(qs: list[dict], corpus: Corpus) -> dict[str, dict[str, int]]:
    """Query -> {record id: grade}."""
    return {q["q"]: {corpus.resolve(ref): ref["grade"] for ref in q["judged"]} for q in qs}


# -- metrics -------------------------------------------------------------------------


@dataclass
class Scores:
    recall: float  # judged records in the top K / judged records, averaged over queries
    ndcg: float  # graded, gain 2^grade - 1
    mrr: float  # 1 / rank of the first judged record (0 if none in the top K)
    no_hits: int  # queries with no result at all
    wrong_first: int  # queries whose first result is not a judged record

    def row(self, name: str) -> str:
        return (f"| {name} | {self.recall:.3f} | {self.ndcg:.3f} | {self.mrr:.3f} | {self.no_hits} | "
                f"{self.wrong_first} |")


def _dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def query_scores(got: list[str], grades: dict[str, int], k: int = K) -> tuple[float, float, float]:
    """(recall, nDCG, reciprocal rank) of one ranked list against its judged grades."""
    top = got[:k]
    recall = len(set(top) & set(grades)) / len(grades)
    ideal = _dcg([2 ** g - 1 for g in sorted(grades.values(), reverse=True)[:k]])
    ndcg = _dcg([2 ** grades.get(d, 0) - 1 for d in top]) / ideal
    rr = next((1 / (i + 1) for i, d in enumerate(top) if d in grades), 0.0)
    return recall, ndcg, rr


def metrics(ranked: dict[str, list[str]], truth: dict[str, dict[str, int]], k: int = K) -> Scores:
    per = [query_scores(ranked[q], grades, k) for q, grades in truth.items()]
    n = len(per)
    return Scores(
        recall=sum(p[0] for p in per) / n,
        ndcg=sum(p[1] for p in per) / n,
        mrr=sum(p[2] for p in per) / n,
        no_hits=sum(1 for q in truth if not ranked[q]),
        wrong_first=sum(1 for q, grades in truth.items() if ranked[q] and ranked[q][0] not in grades),
    )


# -- the systems -----------------------------------------------------------------------


class SurfaceTokenizer(Tokenizer):
    """Sudachi mode C surface forms, as written, nothing normalised."""

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


class BigramTokenizer(Tokenizer):
    """Overlapping character bigrams of the NFKC, lower-cased text, within runs of non-space."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kw):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kw)
        pos = start_pos
        for run in unicodedata.normalize("NFKC", value).lower().split():
            grams = [run[i:i + 2] for i in range(len(run) - 1)] or [run]
            for g in grams:
                t.text = g
                t.boost, t.stopped = 1.0, False
                if positions:
                    t.pos = pos
                pos += 1
                yield t


def baseline_ranked(kind: str, records: list[tuple[str, str]], queries: list[str], k: int = K) -> dict[str, list[str]]:
    """Top `k` record ids per query from a plain BM25F engine over `kind` terms ORed."""
    analyzer = SurfaceTokenizer() if kind == "surface" else BigramTokenizer()
    with tempfile.TemporaryDirectory() as d:
        ix = windex.create_in(d, Schema(id=ID(stored=True), text=TEXT(analyzer=analyzer)))
        with ix.writer() as w:
            for rid, text in records:
                w.add_document(id=rid, text=text)
        out = {}
        with ix.searcher() as s:
            for q in queries:
                terms = list(dict.fromkeys(t.text for t in analyzer(q, mode="query")))
                res = s.search(Q.Or([Q.Term("text", t) for t in terms]), limit=k) if terms else []
                out[q] = [h["id"] for h in res]
        return out


def shown_records(hits: list[dict], k: int = K) -> list[str]:
    """The first `k` records the hits show: each hit's record, then the counterpart shown with it.

    Every hit shows its Q&A counterpart (a question with its answer), so a
    person reads both; cutting at `k` records keeps the budget the baselines get.
    """
    out: list[str] = []
    for h in hits:
        shown = h.get("records")
        if shown is None:  # an engine from before exchanges: the counterpart is shown all the same
            shown = [h["id"]] + ([f"{h['meeting']}#{h['pair']}"] if h.get("pair") is not None and h.get("counterpart") else [])
        out.extend(r for r in shown if r not in out)
    return out[:k]


def product_ranked(index_root: Path, queries: list[str], k: int = K, strict: bool = False) -> dict[str, list[str]]:
    """The first `k` records per query that kaigiroku's engine shows, as the search page ranks them.

    `strict`: every word required and one record per hit (as the Diet-style API asks), the
    behaviour before matching all-then-most and exchanges.
    """
    from kaigiroku.search.whoosh.engine import SearchEngine, SearchRequest

    engine = SearchEngine(index_root)
    try:
        return {q: shown_records(engine.search(SearchRequest(q=q, per_page=k, partial=not strict, exchanges=not strict))
                                 ["hits"], k) for q in queries}
    finally:
        engine.close()


def run(index_root: Path, corpus: Corpus, names=SHIPPED_SETS) -> dict[str, dict[str, tuple[Scores, dict]]]:
    """Set name -> system name -> (scores, ranked lists)."""
    out = {}
    for name in names:
        qs = load_set(name)
        truth = judged(qs, corpus)
        queries = list(truth)
        systems = {
            "kaigiroku": product_ranked(index_root, queries),
            "kaigiroku, every word required": product_ranked(index_root, queries, strict=True),
            "Sudachi surface forms (BM25)": baseline_ranked("surface", corpus.texts, queries),
            "character bigrams, NFKC (BM25)": baseline_ranked("bigram", corpus.texts, queries),
        }
        out[name] = {sys: (metrics(ranked, truth), ranked) for sys, ranked in systems.items()}
    return out


def _per_query(ranked: dict[str, list[str]], truth: dict[str, dict[str, int]]) -> list[str]:
    lines = []
    for q, grades in truth.items():
        r, n, rr = query_scores(ranked[q], grades)
        marks = " ".join(str(grades.get(d, "·")) for d in ranked[q][:K])
        lines.append(f"  {r:.2f} {n:.2f} {rr:.2f}  {q}  [{marks}]")
    return lines


CLASSES = {  # the assembly set's classes (a query may be in more than one)
    "citizen": lambda q: q["who"] == "citizen",
    "staff": lambda q: q["who"] == "staff",
    "speaker or kind": lambda q: bool({"speaker", "kind"} & set(q["types"])),
    "common word": lambda q: "common" in q["types"],
}


def _by_class(qs: list[dict], systems: dict, truth: dict[str, dict[str, int]]) -> str:
    """recall@10 / nDCG@10 / MRR / wrong first per query class, for each system."""
    lines = ["", "| class | queries | system | recall@10 | nDCG@10 | MRR | wrong record first |", "|---|---|---|---|---|---|---|"]
    for cls, test in CLASSES.items():
        part = {q["q"]: truth[q["q"]] for q in qs if test(q)}
        for system, (_, ranked) in systems.items():
            if system == "kaigiroku, every word required":
                continue
            s = metrics(ranked, part)
            lines.append(f"| {cls} | {len(part)} | {system} | {s.recall:.3f} | {s.ndcg:.3f} | {s.mrr:.3f} | {s.wrong_first} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--set", choices=sorted(SETS), action="append", help="only this set (repeatable)")
    p.add_argument("--per-query", action="store_true", help="recall, nDCG, RR and the grades of the top 10, per query")
    p.add_argument("--index", type=Path, help="an index of the shipped corpus to use instead of building one")
    p.add_argument("--assembly-index", type=Path,
                   help=f"an index of the .txt files of {MINUTES_DEV} to use instead of building one")
    args = p.parse_args(argv)
    names = tuple(args.set or SETS)
    shipped_names = tuple(n for n in names if n in SHIPPED_SETS)
    assembly = "assembly" in names
    if assembly and not minutes_dev_files():
        print(f"note: {MINUTES_DEV} is not there (or holds no .txt): the assembly set is skipped")
        assembly, names = False, shipped_names
    from kaigiroku.indexer.build import build

    results: dict = {}
    corpora: dict[str, Corpus] = {}
    with tempfile.TemporaryDirectory(prefix="relevance-") as d:
        if shipped_names:
            corpora["shipped"] = Corpus.shipped()
            root = args.index
            if root is None:
                root = Path(d) / "shipped"
                build(root, [CORPUS], workers=1)
            results.update(run(root, corpora["shipped"], shipped_names))
        if assembly:
            corpora["assembly"] = Corpus.minutes_dev()
            root = args.assembly_index
            if root is None:
                root = Path(d) / "assembly"
                build(root, minutes_dev_files(), workers=1)
            results.update(run(root, corpora["assembly"], ("assembly",)))
    for name in names:
        qs = load_set(name)
        corpus = corpora["assembly" if name == "assembly" else "shipped"]
        where = f" over the {len(corpus.records)} sittings of {MINUTES_DEV}" if name == "assembly" else ""
        print(f"\n{SETS[name]}: {len(qs)} queries, {sum(len(q['judged']) for q in qs)} judged records{where}")
        print("| system | recall@10 | nDCG@10 | MRR | queries with 0 hits | wrong record first |")
        print("|---|---|---|---|---|---|")
        for system, (scores, _) in results[name].items():
            print(scores.row(system))
        if name == "assembly":
            print(_by_class(qs, results[name], judged(qs, corpus)))
        if args.per_query:
            truth = judged(qs, corpus)
            for system, (_, ranked) in results[name].items():
                print(f"\n{system} (recall nDCG RR  query  [grade of each of the top 10, · not judged])")
                print("\n".join(_per_query(ranked, truth)))


if __name__ == "__main__":
    main()
