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

Every peer returns the total match count and one page of hits (10, or the
query's per_page) with their stored text, ranked by BM25 (trigram scan-only
queries: by rowid); OR of words, pages deep into the results, and date ranges
(each record's meeting date, as yyyymmdd: an UNINDEXED column that FTS5 checks
per matching row, a fast field range in tantivy; a range with no words lists
the newest first) are answered as the product's classes ask. None counts
facets, widens synonyms or builds snippets, which the product does on every
search. Build times are for indexing given the tokens; the Sudachi analysis
they need is the analysis floor, reported separately. Records and tokens are
streamed from their files, so the peers build at any corpus size.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

PEER_CLASSES = ("single", "two", "phrase", "common", "page2", "or", "perpage100", "page50", "daterange", "browse")


def dir_size(path: Path) -> int:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _fts_string(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _day(iso: str) -> int:
    return int(iso.replace("-", "")) if iso else 0


def date_bounds(q) -> tuple[int | None, int | None]:
    """The query's date range as yyyymmdd integers (inclusive), as the product reads the typed form."""
    from kaigiroku.search.wareki import parse_range

    lo = _day(parse_range(q.date_from)[0]) if q.date_from else None
    hi = _day(parse_range(q.date_until)[1]) if q.date_until else None
    return lo, hi


def _date_sql(q) -> tuple[str, list]:
    lo, hi = date_bounds(q)
    where, args = [], []
    if lo is not None:
        where.append("date >= ?")
        args.append(lo)
    if hi is not None:
        where.append("date <= ?")
        args.append(hi)
    return " AND ".join(where), args


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
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, date UNINDEXED, tokenize='trigram')")

        def rows():
            with open(records_path, encoding="utf-8") as f:
                for i, line in enumerate(f):
                    r = json.loads(line)
                    yield i + 1, r["text"], _day(r.get("date", ""))

        with db:
            db.executemany("INSERT INTO docs(rowid, body, date) VALUES (?, ?, ?)", rows())
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
        where, args = [], []
        if q.clauses and q.clauses[0][0] == "or":
            words = q.surfaces[0]
            if all(len(s) >= 3 for s in words):
                where.append("docs MATCH ?")
                args.append(" OR ".join(_fts_string(s) for s in words))
            else:  # one short word makes the whole OR a scan
                where.append("(" + " OR ".join("instr(body, ?) > 0" for _ in words) + ")")
                args.extend(words)
            match = all(len(s) >= 3 for s in words)
        else:
            long = [s for s in q.surfaces if len(s) >= 3]
            short = [s for s in q.surfaces if len(s) < 3]
            if long:
                where.append("docs MATCH ?")
                args.append(" AND ".join(_fts_string(s) for s in long))
            for s in short:
                # FTS5's trigram LIKE returns no rows for patterns under 3 characters (SQLite 3.40):
                # scan the stored text instead, as a user would have to.
                where.append("instr(body, ?) > 0")
                args.append(s)
            match = bool(long)
        dates, dargs = _date_sql(q)
        if dates:
            where.append(dates)
            args += dargs
        cond = " AND ".join(where) or "1"
        total = self.db.execute(f"SELECT count(*) FROM docs WHERE {cond}", args).fetchone()[0]
        order = "rank" if match else ("date DESC, rowid" if not q.clauses else "rowid")
        offset = (q.page - 1) * q.per_page
        hits = self.db.execute(f"SELECT rowid, body FROM docs WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?",
                               [*args, q.per_page, offset]).fetchall()
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
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(words, parts, body UNINDEXED, date UNINDEXED, "
                   "tokenize='unicode61 remove_diacritics 0')")

        def rows():
            with open(records_path, encoding="utf-8") as fr, open(tokens_path, encoding="utf-8") as ft:
                for i, (rline, tline) in enumerate(zip(fr, ft)):
                    words, parts = split_tokens(json.loads(tline))
                    r = json.loads(rline)
                    yield i + 1, " ".join(words), " ".join(parts), r["text"], _day(r.get("date", ""))

        with db:
            db.executemany("INSERT INTO docs(rowid, words, parts, body, date) VALUES (?, ?, ?, ?, ?)", rows())
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
            elif kind == "or":
                parts.append("{words parts} : (" + " OR ".join(_fts_string(v) for v in value) + ")")
            else:
                parts.append("words : " + _fts_string(" ".join(value)))
        where, args = ([f"docs MATCH ?"], [" AND ".join(parts)]) if parts else ([], [])
        dates, dargs = _date_sql(q)
        if dates:
            where.append(dates)
            args += dargs
        cond = " AND ".join(where) or "1"
        total = self.db.execute(f"SELECT count(*) FROM docs WHERE {cond}", args).fetchone()[0]
        order = "rank" if parts else "date DESC, rowid"
        hits = self.db.execute(f"SELECT rowid, body FROM docs WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?",
                               [*args, q.per_page, (q.page - 1) * q.per_page]).fetchall()
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
        sb.add_unsigned_field("date", stored=False, indexed=True, fast=True)
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
                r = json.loads(rline)
                text = r["text"]
                toks = [Token(t, p, s, e) for t, p, s, e in json.loads(tline)]
                doc = Document()
                doc.add_pre_tokenized_text("text", Pre(text, toks))
                doc.add_bytes("body", text.encode("utf-8"))
                doc.add_unsigned("rid", i + 1)
                doc.add_unsigned("date", _day(r.get("date", "")))
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
            elif kind == "or":
                subs.append(Q.boolean_query([(tantivy.Occur.Should, Q.term_query(self.schema, "text", v))
                                             for v in value]))
            else:
                subs.append(Q.phrase_query(self.schema, "text", list(value), slop=1))
        lo, hi = date_bounds(q)
        if lo is not None or hi is not None:
            subs.append(Q.range_query(self.schema, "date", tantivy.FieldType.Unsigned, lo, hi))
        query = subs[0] if len(subs) == 1 else Q.boolean_query([(tantivy.Occur.Must, s) for s in subs])
        kw = {} if q.clauses else {"order_by_field": "date"}  # no words: newest first
        res = self.searcher.search(query, limit=q.per_page, count=True, offset=(q.page - 1) * q.per_page, **kw)
        hits = [(score, self.searcher.doc(addr)["body"][0].decode("utf-8")) for score, addr in res.hits]
        return res.count, hits


def all_peers(out: Path) -> list:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return [SqliteTrigram(out / "fts5-trigram.db"), SqliteTokens(out / "fts5-tokens.db"),
            Tantivy(out / "tantivy", threads=min(2, os.cpu_count() or 1))]
