"""A Whoosh writer that analyses and indexes on every core, and never outlives its parent.

Whoosh's MpWriter hands batches of documents to sub-writer processes, each of
which analyses them (Sudachi runs there, because record texts arrive as
`Deferred` values) and writes its own segment; with `multisegment` the parent
only adds the segments to the index at commit. Sub-writers gather postings by
term (indexer/postings.py). Two things are added for an administrator's
command: sub-writers are killed with their parent (a killed build leaves no
process behind to hold files), and cancelling terminates them.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from kaigiroku.search.heap import reuse_freed_arrays
from .postings import PoolWriter

PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's cancel() still terminates us
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class _Task(SubWriterTask):
    counter = None  # a shared multiprocessing.Value: documents this pool has indexed

    def start(self):
        self._parent = os.getpid()
        super().start()

    def _process_file(self, filename, doc_count):
        super()._process_file(filename, doc_count)
        if self.counter is not None:
            with self.counter.get_lock():
                self.counter.value += doc_count

    def run(self):
        """Index the job files the parent queues until it sends None, then write one segment
        and hand it back (Whoosh's multisegment protocol), with postings gathered by term."""
        _die_with_parent(self._parent)
        reuse_freed_arrays()  # a process of ours: it reuses its freed buffers (3.5% of a 20k build)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = PoolWriter(ix, _lk=False, **self.kwargs)
        while self.running:
            job = self.jobqueue.get()
            if job is None:
                break
            self._process_file(*job)
        if not self.running:
            writer.cancel()
            return
        fieldnames = set(writer.pool.fieldnames)
        segment = writer._finalize_segment()
        self.resultqueue.put((None, fieldnames, segment), timeout=5)


class ParallelWriter(MpWriter):
    def __init__(self, ix, procs: int, **kwargs):
        super().__init__(ix, procs=procs, multisegment=True, batchsize=64, **kwargs)
        self._indexed = multiprocessing.Value("q", 0)

    @property
    def indexed(self) -> int:
        """Documents the sub-writers have analysed and indexed (not merely queued)."""
        return self._indexed.value

    def _new_task(self):
        task = _Task(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment)
        task.counter = self._indexed
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self):
        """Stop the sub-writers first, then drop the segment: a sub-writer still reading a job
        file from the folder being removed would fail with a traceback of its own."""
        for task in self.tasks:
            task.cancel()
            if task.is_alive():
                task.terminate()
        for task in self.tasks:
            task.join(timeout=5)
        # Jobs still queued for sub-writers that are gone would hold the process at exit, its
        # queue's feeder thread waiting on a pipe nobody reads (seen with SIGTERM under load).
        for queue in (self.jobqueue, self.resultqueue):
            queue.cancel_join_thread()
        SegmentWriter.cancel(self)
