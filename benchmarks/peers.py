"""Peers on the same records: SQLite FTS5 (two set-ups) and tantivy.

- sqlite-trigram: FTS5 with its trigram tokenizer on the raw record text, as a
  user would set it up for Japanese without a morphological analyser. Typed
  words of three or more characters use MATCH; shorter ones (many Japanese
  words: 委員, 情報) cannot use the trigram index (its LIKE support returns
  nothing for patterns under 3 characters) and fall back to instr() on the
  stored text, a scan of every row. It matches surfaces, not Sudachi's normalized
  forms, so its result counts differ from the product's.
- sqlite-tokens: FTS5 with unicode61 over the product's own index tokens,
  space-joined: the compound (mode C) words in column `words`, the extra
  compound pieces in column `parts`. Words match either column; phrases are
  exact runs in `words` (the product allows slop 1).
- tantivy: the product's index tokens with their positions (compound pieces
  share the compound's position, as in the product), via PreTokenizedString,
  whitespace tokenizer registered; phrases with slop 1 as in the product.

Every peer returns the total match count and one page of 10 hits with their
stored text, ranked by BM25 (trigram scan-only queries: by rowid). None counts
facets, widens synonyms or builds snippets, which the product does on every
search. Build times are for indexing given the tokens; the Sudachi analysis
they need is the analysis floor, reported separately.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

PER_PAGE = 10
PEER_CLASSES = ("single", "two", "phrase", "common", "page2")


def dir_size(path: Path) -> int:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _fts_string(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


class SqliteTrigram:
    name = "sqlite-trigram"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.db: sqlite3.Connection | None = None

    def build(self, records_path: Path, tokens_path: Path | None = None) -> dict:
        if self.path.exists():
            self.path.unlink()
        t0 = time.perf_counter()
        db = sqlite3.connect(self.path)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='trigram')")
        with open(records_path, encoding="utf-8") as f, db:
            db.executemany("INSERT INTO docs(rowid, body) VALUES (?, ?)",
                           ((i + 1, json.loads(line)["text"]) for i, line in enumerate(f)))
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.commit()
        db.close()
        return {"seconds": time.perf_counter() - t0, "bytes": dir_size(self.path)}

    def open(self) -> None:
        self.db = sqlite3.connect(self.path, check_same_thread=False)

    def close(self) -> None:
        if self.db:
            self.db.close()

    def search(self, q) -> tuple[int, list]:
        match = [s for s in q.surfaces if len(s) >= 3]
        like = [s for s in q.surfaces if len(s) < 3]
        where, args = [], []
        if match:
            where.append("docs MATCH ?")
            args.append(" AND ".join(_fts_string(s) for s in match))
        for s in like:
            # FTS5's trigram LIKE returns no rows for patterns under 3 characters (SQLite 3.40):
            # scan the stored text instead, as a user would have to.
            where.append("instr(body, ?) > 0")
            args.append(s)
        cond = " AND ".join(where)
        total = self.db.execute(f"SELECT count(*) FROM docs WHERE {cond}", args).fetchone()[0]
        order = "rank" if match else "rowid"
        offset = (q.page - 1) * PER_PAGE
        hits = self.db.execute(f"SELECT rowid, body FROM docs WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?",
                               [*args, PER_PAGE, offset]).fetchall()
        return total, hits


def split_tokens(tokens: list) -> tuple[list[str], list[str]]:
    """Index tokens -> (compound words in order, extra pieces): the first token at a position is the word."""
    words, parts = [], []
    last = None
    for text, pos, _s, _e in tokens:
        if pos != last:
            words.append(text)
            last = pos
        else:
            parts.append(text)
    return words, parts


class SqliteTokens:
    name = "sqlite-tokens"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.db: sqlite3.Connection | None = None

    def build(self, records_path: Path, tokens_path: Path) -> dict:
        if self.path.exists():
            self.path.unlink()
        t0 = time.perf_counter()
        db = sqlite3.connect(self.path)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(words, parts, body UNINDEXED, "
                   "tokenize='unicode61 remove_diacritics 0')")

        def rows():
            with open(records_path, encoding="utf-8") as fr, open(tokens_path, encoding="utf-8") as ft:
                for i, (rline, tline) in enumerate(zip(fr, ft)):
                    words, parts = split_tokens(json.loads(tline))
                    yield i + 1, " ".join(words), " ".join(parts), json.loads(rline)["text"]

        with db:
            db.executemany("INSERT INTO docs(rowid, words, parts, body) VALUES (?, ?, ?, ?)", rows())
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.commit()
        db.close()
        return {"seconds": time.perf_counter() - t0, "bytes": dir_size(self.path)}

    open = SqliteTrigram.open
    close = SqliteTrigram.close

    def search(self, q) -> tuple[int, list]:
        parts = []
        for kind, value in q.clauses:
            if kind == "term":
                parts.append("{words parts} : " + _fts_string(value))
            else:
                parts.append("words : " + _fts_string(" ".join(value)))
        expr = " AND ".join(parts)
        total = self.db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (expr,)).fetchone()[0]
        hits = self.db.execute("SELECT rowid, body FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
                               (expr, PER_PAGE, (q.page - 1) * PER_PAGE)).fetchall()
        return total, hits


class Tantivy:
    name = "tantivy"

    def __init__(self, path: Path, threads: int = 2):
        self.path = Path(path)
        self.threads = threads
        self.index = None
        self.schema = None

    def _schema(self):
        import tantivy

        sb = tantivy.SchemaBuilder()
        sb.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="position")
        sb.add_bytes_field("body", stored=True, indexed=False)
        sb.add_unsigned_field("rid", stored=True)
        return sb.build()

    def build(self, records_path: Path, tokens_path: Path) -> dict:
        import tantivy

        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        t0 = time.perf_counter()
        schema = self._schema()
        index = tantivy.Index(schema, path=str(self.path))
        writer = index.writer(heap_size=512_000_000, num_threads=self.threads)
        Token, Pre, Document = tantivy.Token, tantivy.PreTokenizedString, tantivy.Document
        with open(records_path, encoding="utf-8") as fr, open(tokens_path, encoding="utf-8") as ft:
            for i, (rline, tline) in enumerate(zip(fr, ft)):
                text = json.loads(rline)["text"]
                toks = [Token(t, p, s, e) for t, p, s, e in json.loads(tline)]
                doc = Document()
                doc.add_pre_tokenized_text("text", Pre(text, toks))
                doc.add_bytes("body", text.encode("utf-8"))
                doc.add_unsigned("rid", i + 1)
                writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        return {"seconds": time.perf_counter() - t0, "bytes": dir_size(self.path), "threads": self.threads}

    def open(self) -> None:
        import tantivy

        self.schema = self._schema()
        self.index = tantivy.Index.open(str(self.path))
        self.index.reload()
        self.searcher = self.index.searcher()

    def close(self) -> None:
        self.index = None

    def search(self, q) -> tuple[int, list]:
        import tantivy

        Q = tantivy.Query
        subs = []
        for kind, value in q.clauses:
            if kind == "term":
                subs.append(Q.term_query(self.schema, "text", value))
            else:
                subs.append(Q.phrase_query(self.schema, "text", list(value), slop=1))
        query = subs[0] if len(subs) == 1 else Q.boolean_query([(tantivy.Occur.Must, s) for s in subs])
        res = self.searcher.search(query, limit=PER_PAGE, count=True, offset=(q.page - 1) * PER_PAGE)
        hits = [(score, self.searcher.doc(addr)["body"][0].decode("utf-8")) for score, addr in res.hits]
        return res.count, hits


def all_peers(out: Path) -> list:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return [SqliteTrigram(out / "fts5-trigram.db"), SqliteTokens(out / "fts5-tokens.db"),
            Tantivy(out / "tantivy", threads=min(2, os.cpu_count() or 1))]
