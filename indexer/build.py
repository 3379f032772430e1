"""Building and updating the index: build (whole), add, remove.

`build` writes a new generation beside the current one and swaps it in only
when complete. For `build` and `add` alike, sub-writer processes (one per
core) both analyse and index (search/whoosh/parallel.py, behind the backend's
IndexWriter, search/api.py); the main process only
parses files in order. `build` streams: each file is handed to the writer as
soon as it is parsed, so parsing overlaps analysis and no meeting is held. `add` and `remove` change the current generation with
one commit each, which is atomic.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kaigiroku.search.api import IndexError_, IndexWriter
from kaigiroku.search.backends import check_root, current_index, new_index
from kaigiroku.search.model import Meeting

from .lock import writer_lock
from .parse import MAX_BYTES, parse_source
from .source import SUFFIXES, InputError, read_source
from .sourceurl import SIDECAR_SUFFIX, check_url, sidecar_url

# progress(phase, done, total): phase "parse" counts files read, "index" documents
# analysed and indexed, "finish" the writing of the segments (done == total).
Progress = Callable[[str, int, int], None]
TICK_SECONDS = 0.25


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


@contextlib.contextmanager
def _ticking(progress: Progress | None, writer: IndexWriter, total: list):
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
        done = min(writer.indexed(), total[0])
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


def _write(writer: IndexWriter, meetings: Iterable[tuple[Meeting, str]], progress: Progress | None,
           summary: Summary | None = None) -> int:
    """Hand every document to the writer (which analyses texts where it indexes them) and commit.
    `meetings` may be a stream: each is handed over as soon as it is parsed, and dropped.

    Returns the number of records written; counts meetings and bytes of text into `summary`."""
    fed, total, records = 0, [None], 0
    with _ticking(progress, writer, total):
        for m, d in meetings:
            fed += writer.add(m, d)
            records += len(m.records)
            if summary is not None:
                summary.bytes_of_text += sum(len(r.text.encode()) for r in m.records)
            if summary is not None:
                summary.meetings += 1
                summary.added.append(m.id)
        total[0] = fed
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
        target = new_index(root)
        try:
            writer = target.writer(workers)
            try:
                summary.records = _write(writer, parse_streaming(files, skip_bad, summary, progress, later, source_url),
                                         progress, summary)
            except BaseException:
                writer.cancel()
                raise
            if not summary.meetings:
                raise InputError(", ".join(map(str, sources)), "読み込める会議録がありません")
            if later:  # a later file of the same meeting replaces what was written (rare)
                summary.records += _replace(target.writer(1), later)
            target.finish({"meetings": summary.meetings, "records": summary.records})
        except BaseException:
            target.discard()
            raise
    summary.seconds = time.perf_counter() - t0
    return summary


def _replace(writer: IndexWriter, later: dict[str, tuple[Meeting, str]]) -> int:
    """Replace meetings written from an earlier file by their later file; the change in records."""
    try:
        removed = 0
        for mid, (m, d) in later.items():
            n = writer.delete(mid)
            removed += n - 1  # its records, not its meeting document
            writer.add(m, d)
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
        target = current_index(root)
        known = {m.id: target.digest(m.id) for m, _ in meetings}
        todo = []
        for m, d in meetings:
            old = known.get(m.id)
            if old == d:
                summary.unchanged.append(m.id)
                continue
            (summary.replaced if old is not None else summary.added).append(m.id)
            todo.append((m, d))
        if todo:
            writer = target.writer(workers)
            try:
                for m, _ in todo:
                    writer.delete(m.id)
                summary.records = _write(writer, todo, progress)
            except BaseException:
                writer.cancel()
                raise
            target.finish()
        else:
            target.close()
        summary.meetings = len(todo)
    summary.seconds = time.perf_counter() - t0
    return summary


def remove(root: Path, meeting_id: str) -> int:
    """Remove a meeting and its records; returns the number of documents removed."""
    check_root(root, must_exist=True)
    with writer_lock(root):
        target = current_index(root)
        if target.digest(meeting_id) is None:
            target.close()
            raise IndexError_(f"会議「{meeting_id}」は索引にありません（`kaigiroku stats` で一覧できます）")
        writer = target.writer(1)
        try:
            n = writer.delete(meeting_id)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        target.finish()
        return n


__all__ = ["build", "add", "remove", "collect_sources", "Summary"]
