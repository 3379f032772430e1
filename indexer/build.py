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
import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kaigiroku.search.api import IndexError_, IndexWriter
from kaigiroku.search.backends import check_root, current_index, new_index
from kaigiroku.search.model import Meeting

from .lock import writer_lock
from .parse import MAX_BYTES, parse_meetings
from .source import SUFFIXES, InputError, check_regular, read_source
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
    removed: list[str] = field(default_factory=list)  # `add`: sittings a changed file no longer holds
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


def unique_id(mid: str, path: str, taken: dict[str, str]) -> str:
    """`mid`, or when another file holds it in `taken` (id -> source path), `mid` with a short suffix
    from this file's path: readable, the same for the same path, unique among the files given."""
    if taken.get(mid, path) == path:
        return mid
    h = hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()
    for k in range(4, len(h) + 1, 2):
        cand = f"{mid}-{h[:k]}"
        if taken.get(cand, path) == path:
            return cand
    n = 2
    while taken.get(f"{mid}-{h}-{n}", path) != path:
        n += 1
    return f"{mid}-{h}-{n}"


def _claim(m: Meeting, d: str, f: str, seen: dict[str, tuple[str, str]], summary: Summary) -> bool:
    """Give `m` an id no other file of this run holds (`seen`: id -> (source path, digest)).

    False for the same bytes under the id again (a copy of a file given twice): written once."""
    first = seen.get(m.id)
    if first is not None and first[0] != m.source_path and first[1] == d:
        summary.warnings.append((f, f"同じ会議 {m.id} が重複して指定されました（1件として扱います）"))
        return False
    mid = unique_id(m.id, m.source_path, {k: v[0] for k, v in seen.items()})
    if mid != m.id:
        summary.warnings.append((f, f"会議 ID {m.id} は別のファイル（{Path(seen[m.id][0]).name}）と重なるため、"
                                    f"{mid} とします"))
        m.id = mid
    seen[m.id] = (m.source_path, d)
    return True


def parse_all(files: list[Path], skip_bad: bool, summary: Summary,
              progress: Progress | None = None, source_url: str | None = None) -> list[tuple[Meeting, str]]:
    """Parse every file; a bad file fails the whole run unless `skip_bad`. `source_url` is for one file."""
    one_file(files, source_url)
    seen: dict[str, tuple[str, str]] = {}
    return [(m, d) for m, d, f in _parse_each(files, skip_bad, summary, progress, source_url)
            if _claim(m, d, f, seen, summary)]


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
            ms, d = parse_meetings(src, source_url=url), src.digest + (f" {url}" if url else "")
        except InputError as e:
            if not skip_bad:
                hint = "（--skip-bad を付けると、読めないファイルを飛ばして続けます）" if len(files) > 1 else ""
                raise BadFile(e.path, e.problem + hint) from None
            summary.bad.append((str(f), e.problem))
            continue
        for m in ms:  # every sitting of the file (indexer/sittings.py)
            for w in m.warnings:
                summary.warnings.append((str(f), w))
            yield m, d, str(f)
    if progress:
        progress("parse", len(files), len(files))


def parse_streaming(files: list[Path], skip_bad: bool, summary: Summary, progress: Progress | None,
                    source_url: str | None = None):
    """Meetings as they are parsed, so the writer analyses one file while the next is read. Two
    files never share an id: a later file whose id is taken gets a suffix (unique_id)."""
    seen: dict[str, tuple[str, str]] = {}
    for m, d, f in _parse_each(files, skip_bad, summary, progress, source_url):
        if _claim(m, d, f, seen, summary):
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
    with writer_lock(root):
        target = new_index(root)
        try:
            writer = target.writer(workers)
            try:
                summary.records = _write(writer, parse_streaming(files, skip_bad, summary, progress, source_url),
                                         progress, summary)
            except BaseException:
                writer.cancel()
                raise
            if not summary.meetings:
                raise InputError(", ".join(map(str, sources)), "読み込める会議録がありません")
            target.finish({"meetings": summary.meetings, "records": summary.records})
        except BaseException:
            target.discard()
            raise
    summary.seconds = time.perf_counter() - t0
    return summary


class IdTaken(InputError):
    """`add` of a file whose meeting id another file's meeting holds in the index."""


def _plan_add(meetings: list[tuple[Meeting, str]], known: dict[str, tuple[str, str, str]], replace: bool,
              skip_bad: bool, summary: Summary) -> tuple[list[tuple[Meeting, str]], list[str]]:
    """(meetings to write, ids of this run's files' old meetings to delete); fills the summary's lists.

    A file's meeting goes under its id when that is free or the same file's (by path; by file name
    for meetings indexed before paths were kept), else under the id an earlier run gave the file
    (unique_id). The same bytes already indexed under the id are a no-op; other bytes from another
    file are refused unless `replace`."""
    def same_file(old, m: Meeting) -> bool:
        return old[0] == m.source_path if old[0] else old[1] == m.source

    taken = {mid: old[0] or f"\0{old[1]}" for mid, old in known.items()}
    todo: list[tuple[Meeting, str]] = []
    kept: dict[str, set[str]] = {}  # source path -> the ids its meetings have now
    for m, d in meetings:
        old = known.get(m.id)
        if old is not None and not same_file(old, m):
            mine = unique_id(m.id, m.source_path, taken)
            if mine in known:  # an earlier build or add gave this file a suffix
                m.id, old = mine, known[mine]
            elif old[2] != d and not replace:
                e = IdTaken(m.source_path, f"会議 ID「{m.id}」は別のファイル（{old[0] or old[1]}）の会議として索引にあります。"
                                           "置き換えるには --replace を付けてください"
                                           "（別の会議として追加するには、ファイル名を変えてください）")
                if not skip_bad:
                    raise e
                summary.bad.append((e.path, e.problem))
                continue
        kept.setdefault(m.source_path, set()).add(m.id)
        if old is not None and old[2] == d:
            summary.unchanged.append(m.id)
            continue
        (summary.replaced if old else summary.added).append(m.id)
        todo.append((m, d))
    changed = {m.source_path for m, _ in todo}
    drop = sorted(mid for mid, old in known.items() if old[0] in changed and mid not in kept[old[0]])
    summary.removed.extend(drop)  # sittings a changed file no longer holds
    return todo, drop


def add(root: Path, sources: list[Path], *, skip_bad: bool = False, workers: int | None = None,
        progress: Progress | None = None, source_url: str | None = None, replace: bool = False) -> Summary:
    """Add or replace meetings; an unchanged file is a no-op. A meeting id that another file's
    meeting holds is an error (IdTaken) unless `replace`."""
    t0 = time.perf_counter()
    summary = Summary(index=str(root))
    check_root(root, must_exist=True)  # before anything is created in it
    files = collect_sources(sources)
    if not files:
        raise InputError(", ".join(map(str, sources)) or "(なし)", "会議録のファイルが指定されていません")
    meetings = parse_all(files, skip_bad, summary, progress, source_url)
    with writer_lock(root):
        target = current_index(root)  # also removes what killed builds left behind
        todo, drop = _plan_add(meetings, target.sources(), replace, skip_bad, summary)
        if todo or drop:
            writer = target.writer(workers)
            try:
                for mid in [m.id for m, _ in todo] + drop:
                    writer.delete(mid)
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
