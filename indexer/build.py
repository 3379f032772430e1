"""Building and updating the index: build (whole), add, remove.

`build` writes a new generation beside the current one and swaps it in only
when complete. For `build` and `add` alike, sub-writer processes (one per
core) both analyse and index (indexer/parallel.py); the main process only
parses files in order. `build` streams: each file is handed to the writer as
soon as it is parsed, so parsing overlaps analysis and no meeting is held. `add` and `remove` change the current generation with
one Whoosh commit each, which is atomic.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as windex

from kaigiroku.search import hotpostings
from kaigiroku.search.model import Meeting
from kaigiroku.search.schema import meeting_doc, record_doc
from kaigiroku.search.store import IndexError_, check_root, current_path, new_generation, open_index, prune, swap_in, write_meta

from .lock import writer_lock
from .parallel import ParallelWriter
from .parse import MAX_BYTES, parse_source
from .source import SUFFIXES, InputError, check_regular, read_source
from .sourceurl import SIDECAR_SUFFIX, check_url, sidecar_url
from .postings import PoolWriter
from .writecodec import WriteCodec

# progress(phase, done, total): phase "parse" counts files read, "index" documents
# analysed and indexed, "finish" the writing of the segments (done == total).
Progress = Callable[[str, int, int], None]
TICK_SECONDS = 0.25
# Writers are PoolWriters (postings gathered by term in memory, indexer/postings.py). Segments
# stay compound: with plain segment files, Whoosh's readers share file handles that
# concurrent server threads seek on (corrupt reads under load, seen in testing).
# The codec is Whoosh's W3, with lengths remembered during flushes (indexer/writecodec.py).
WRITER_ARGS = {"codec": WriteCodec()}


@dataclass
class Summary:
    meetings: int = 0
    records: int = 0
    seconds: float = 0.0
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    bad: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    index: str = ""
    bytes_of_text: int = 0


def collect_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders expanded to the minutes files in them (sorted); missing paths,
    and folders with no minutes in them, are errors."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.suffix.lower() in SUFFIXES and q.is_file())
            if not found:
                kinds = "、".join(SUFFIXES)
                raise InputError(p, f"フォルダに会議録のファイル（{kinds}）がありません")
            out.extend(found)
        elif p.exists():
            check_regular(p)  # a device or FIFO named here is refused at once, never opened
            out.append(p)
        else:
            raise InputError(p, "ファイルまたはフォルダが見つかりません")
    seen, unique = set(), []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def one_file(files: list[Path], source_url: str | None) -> None:
    """--source-url names where one file was published: with several, it would be wrong for all but one."""
    if source_url is not None and len(files) != 1:
        raise InputError("--source-url", f"原本の URL は 1 つのファイルにだけ指定できます（{len(files)} 件のファイルが指定されました）。"
                                         f"複数のファイルには、それぞれの横に「ファイル名{SIDECAR_SUFFIX}」を置いてください")


class BadFile(InputError):
    """A file that stopped the run; the message says how to go on without it."""


def parse_all(files: list[Path], skip_bad: bool, summary: Summary,
              progress: Progress | None = None, source_url: str | None = None) -> list[tuple[Meeting, str]]:
    """Parse every file; a bad file fails the whole run unless `skip_bad`. `source_url` is for one file."""
    one_file(files, source_url)
    parsed: dict[str, tuple[Meeting, str]] = {}
    for m, d, f in _parse_each(files, skip_bad, summary, progress, source_url):
        if m.id in parsed:
            if parsed[m.id][1] == d:
                summary.warnings.append((f, f"同じ会議 {m.id} が重複して指定されました（1件として扱います）"))
                continue
            summary.warnings.append((f, f"会議 ID {m.id} が重複しています。後のファイルを使います"))
        parsed[m.id] = (m, d)
    return list(parsed.values())


def _parse_each(files: list[Path], skip_bad: bool, summary: Summary, progress: Progress | None,
                source_url: str | None):
    """(meeting, digest, path) of each file in order; a bad file fails the whole run unless `skip_bad`."""
    for n, f in enumerate(files, 1):
        if progress:
            progress("parse", n - 1, len(files))
        try:
            url = check_url(source_url, f) if source_url is not None else sidecar_url(f)
            src = read_source(f, max_bytes=MAX_BYTES)
            # A new URL for the same bytes is a change `add` must store.
            m, d = parse_source(src, source_url=url), src.digest + (f" {url}" if url else "")
        except InputError as e:
            if not skip_bad:
                hint = "（--skip-bad を付けると、読めないファイルを飛ばして続けます）" if len(files) > 1 else ""
                raise BadFile(e.path, e.problem + hint) from None
            summary.bad.append((str(f), e.problem))
            continue
        for w in m.warnings:
            summary.warnings.append((str(f), w))
        yield m, d, str(f)
    if progress:
        progress("parse", len(files), len(files))


def parse_streaming(files: list[Path], skip_bad: bool, summary: Summary, progress: Progress | None,
                    later: dict[str, tuple[Meeting, str]], source_url: str | None = None):
    """Meetings as they are parsed, so the writer analyses one file while the next is read.

    The first file of a meeting id is yielded; a later file with the same id and other
    text (the later file wins) is kept in `later`, to replace it once the rest is written."""
    seen: dict[str, str] = {}
    for m, d, f in _parse_each(files, skip_bad, summary, progress, source_url):
        if m.id in seen:
            if (later[m.id][1] if m.id in later else seen[m.id]) == d:
                summary.warnings.append((f, f"同じ会議 {m.id} が重複して指定されました（1件として扱います）"))
                continue
            summary.warnings.append((f, f"会議 ID {m.id} が重複しています。後のファイルを使います"))
            later[m.id] = (m, d)
            continue
        seen[m.id] = d
        yield m, d


def _writer(ix, workers: int | None):
    """Sub-writers that analyse and index their share on every core, or one writer in-process."""
    procs = workers if workers is not None else min(2, os.cpu_count() or 1)
    return ParallelWriter(ix, procs=procs, subargs=WRITER_ARGS) if procs > 1 else PoolWriter(ix, **WRITER_ARGS)


def _indexed(writer, fed: list[int]) -> int:
    """Documents analysed and indexed so far: counted by the sub-writers, or, in one process,
    those added (an in-process writer analyses each document as it is added)."""
    return writer.indexed if isinstance(writer, ParallelWriter) else fed[0]


@contextlib.contextmanager
def _ticking(progress: Progress | None, writer, fed: list[int], total: list):
    """Report indexed documents every TICK_SECONDS from a thread, also while the writer commits;
    once all are indexed, the phase is "finish" (the writers write their segments). Nothing is
    reported until every document is handed over (`total[0]` set): before that, parsing shows."""
    if progress is None:
        yield
        return
    stop = threading.Event()

    def report() -> None:
        if total[0] is None:
            return
        done = min(_indexed(writer, fed), total[0])
        progress("finish" if done >= total[0] else "index", done, total[0])

    def tick() -> None:
        while not stop.wait(TICK_SECONDS):
            report()

    thread = threading.Thread(target=tick, name="progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    report()


def _write(writer, meetings: Iterable[tuple[Meeting, str]], progress: Progress | None,
           summary: Summary | None = None) -> int:
    """Hand every document to the writer (which analyses texts where it indexes them) and commit.
    `meetings` may be a stream: each is handed over as soon as it is parsed, and dropped.

    Returns the number of records written; counts meetings and bytes of text into `summary`."""
    fed, total, records = [0], [None], 0
    with _ticking(progress, writer, fed, total):
        for m, d in meetings:
            for r in m.records:
                writer.add_document(**record_doc(m, r))
                if summary is not None:
                    summary.bytes_of_text += len(r.text.encode())
            writer.add_document(**meeting_doc(m, d))
            fed[0] += len(m.records) + 1
            records += len(m.records)
            if summary is not None:
                summary.meetings += 1
                summary.added.append(m.id)
        total[0] = fed[0]
        writer.commit()
    return records


def build(root: Path, sources: list[Path], *, skip_bad: bool = False, workers: int | None = None,
          progress: Progress | None = None, source_url: str | None = None) -> Summary:
    t0 = time.perf_counter()
    summary = Summary(index=str(root))
    check_root(root, must_exist=False)
    files = collect_sources(sources)
    if not files:
        raise InputError(", ".join(map(str, sources)) or "(なし)", "会議録のファイルが指定されていません")
    one_file(files, source_url)  # before anything is created
    later: dict[str, tuple[Meeting, str]] = {}
    with writer_lock(root):
        prune(root)  # leftovers of builds that were killed
        gen = new_generation(root)
        try:
            ix = windex.open_dir(str(gen))
            writer = _writer(ix, workers)
            try:
                summary.records = _write(writer, parse_streaming(files, skip_bad, summary, progress, later, source_url),
                                         progress, summary)
            except BaseException:
                writer.cancel()
                raise
            if not summary.meetings:
                raise InputError(", ".join(map(str, sources)), "読み込める会議録がありません")
            if later:  # a later file of the same meeting replaces what was written (rare)
                summary.records += _replace(ix, later)
            hotpostings.write(ix, gen)
            ix.close()
            write_meta(gen, {"meetings": summary.meetings, "records": summary.records})
            swap_in(root, gen)
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
    summary.seconds = time.perf_counter() - t0
    return summary


def _replace(ix, later: dict[str, tuple[Meeting, str]]) -> int:
    """Replace meetings written from an earlier file by their later file; the change in records."""
    writer = PoolWriter(ix, **WRITER_ARGS)
    try:
        removed = 0
        for mid, (m, _) in later.items():
            n = writer.delete_by_term("meeting", mid)
            removed += n - 1  # its records, not its meeting document
            for r in m.records:
                writer.add_document(**record_doc(m, r))
            writer.add_document(**meeting_doc(m, later[mid][1]))
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return sum(len(m.records) for m, _ in later.values()) - removed


def add(root: Path, sources: list[Path], *, skip_bad: bool = False, workers: int | None = None,
        progress: Progress | None = None, source_url: str | None = None) -> Summary:
    """Add or replace meetings; an unchanged file is a no-op."""
    t0 = time.perf_counter()
    summary = Summary(index=str(root))
    check_root(root, must_exist=True)  # before anything is created in it
    files = collect_sources(sources)
    if not files:
        raise InputError(", ".join(map(str, sources)) or "(なし)", "会議録のファイルが指定されていません")
    meetings = parse_all(files, skip_bad, summary, progress, source_url)
    with writer_lock(root):
        prune(root)  # leftovers of builds that were killed, as build removes them
        ix = open_index(root)
        with ix.searcher() as s:
            known = {m.id: s.document(id=m.id, doctype="meeting") for m, _ in meetings}
        todo = []
        for m, d in meetings:
            old = known.get(m.id)
            if old and old.get("digest") == d:
                summary.unchanged.append(m.id)
                continue
            (summary.replaced if old else summary.added).append(m.id)
            todo.append((m, d))
        if todo:
            writer = _writer(ix, workers)
            try:
                for m, _ in todo:
                    writer.delete_by_term("meeting", m.id)
                summary.records = _write(writer, todo, progress)
            except BaseException:
                writer.cancel()
                raise
            hotpostings.write(ix, Path(ix.storage.folder))
        summary.meetings = len(todo)
        ix.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def remove(root: Path, meeting_id: str) -> int:
    """Remove a meeting and its records; returns the number of documents removed."""
    check_root(root, must_exist=True)
    with writer_lock(root):
        ix = open_index(root)
        with ix.searcher() as s:
            if s.document(id=meeting_id, doctype="meeting") is None:
                raise IndexError_(f"会議「{meeting_id}」は索引にありません（`kaigiroku stats` で一覧できます）")
        writer = PoolWriter(ix, **WRITER_ARGS)
        try:
            n = writer.delete_by_term("meeting", meeting_id)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        hotpostings.write(ix, Path(ix.storage.folder))  # a commit may merge segments
        ix.close()
        return n


__all__ = ["build", "add", "remove", "collect_sources", "Summary"]
