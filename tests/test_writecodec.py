"""The write codec changes how a flush reads lengths, never what is written."""

from __future__ import annotations

from whoosh import index as windex
from whoosh.codec.whoosh3 import W3Codec

from kaigiroku.search.whoosh import writer as writer_module
from kaigiroku.indexer.build import build
from kaigiroku.search.whoosh.writecodec import POSTINGS_BLOCK
from kaigiroku.search.whoosh.store import current_path
from tests.conftest import CORPUS


def _postings(root):
    ix = windex.open_dir(str(current_path(root)))
    out = {}
    with ix.reader() as r:
        for seg in ix._segments():
            assert type(seg.codec()) is W3Codec  # readers never need kaigiroku's codec
        for field, text in r.all_terms():
            m = r.postings(field, text)
            blocks, items = [], []
            while m.is_active():
                blocks.append((m.block_min_length(), m.block_max_length()))
                items.append((m.id(), m.weight(), m.value()))
                m.next()
            out[field, text] = (items, sorted(set(blocks)))
        lengths = [r.doc_field_length(d, "text") for d in range(r.doc_count_all())]
    return out, lengths


def test_write_codec_writes_what_w3_writes(tmp_path, monkeypatch):
    src = [CORPUS / "meguro-r03-06.txt"]
    build(tmp_path / "ours", src, workers=1)
    # Whoosh's own codec and pool, with the same postings block length
    monkeypatch.setattr(writer_module, "WRITER_ARGS", {"limitmb": 256, "codec": W3Codec(blocklimit=POSTINGS_BLOCK)})
    build(tmp_path / "w3", src, workers=1)
    ours, w3 = _postings(tmp_path / "ours"), _postings(tmp_path / "w3")
    assert ours[1] == w3[1] and any(ours[1])
    assert ours[0].keys() == w3[0].keys() and len(ours[0]) > 1000
    assert ours[0] == w3[0]


def test_postings_come_in_long_blocks(tmp_path):
    build(tmp_path / "ix", [CORPUS], workers=1)
    ix = windex.open_dir(str(current_path(tmp_path / "ix")))
    with ix.reader() as r:
        longest = max(r.iter_field("text"), key=lambda t: t[1].doc_frequency())
        assert longest[1].doc_frequency() > 128
        m = r.postings("text", longest[0])
        assert m._blocklength == min(POSTINGS_BLOCK, longest[1].doc_frequency())  # one block, not Whoosh's 128s
