"""The parallel writer: cancelling it while sub-writers are busy stops them cleanly."""

from __future__ import annotations

from whoosh import index as windex

from kaigiroku.search.whoosh.writer import WRITER_ARGS
from kaigiroku.search.whoosh.parallel import ParallelWriter
from kaigiroku.search.whoosh.schema import record_doc
from kaigiroku.search.whoosh.store import new_generation


def test_cancel_while_sub_writers_are_busy_stops_them_without_a_failure(tmp_path, corpus, capfd):
    meeting = corpus["meguro-r04-02"]
    ix = windex.open_dir(str(new_generation(tmp_path)))
    writer = ParallelWriter(ix, procs=2, subargs=WRITER_ARGS)
    for _ in range(8):  # enough queued jobs that both sub-writers are mid-job when we cancel
        for r in meeting.records:
            writer.add_document(**record_doc(meeting, r))
    writer.cancel()
    codes = [t.exitcode for t in writer.tasks]
    err = capfd.readouterr().err
    assert writer.tasks and all(c is not None and c <= 0 for c in codes), (codes, err)
    assert "Traceback" not in err, err
