"""Whoosh's W3 codec for writing, with each document's field lengths read once per flush.

When a writer flushes its segment, Whoosh asks for the document's field length
once per posting (to keep each block's shortest and longest document), reading
the length column each time (a tenth of a build under cProfile). This codec hands the
flush a reader that remembers each length after the first read. The files are
those of the W3 codec with the same block length, byte for byte, and segments
name the plain W3 codec, so reading an index does not depend on this module.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter, W3Segment


class _RememberedLengths:
    """A per-document reader whose doc_field_length is remembered per (field, document)."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._lengths: dict[str, dict[int, int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        known = self._lengths.setdefault(fieldname, {})
        n = known.get(docnum)
        if n is None:
            n = known[docnum] = self._reader.doc_field_length(docnum, fieldname, default)
        return n

    def __getattr__(self, name):
        return getattr(self._reader, name)


POSTINGS_BLOCK = 1024  # postings per block; Whoosh's default is 128
VECTOR_BLOCK = 128  # a document's term vector: kept small, a page reads a few terms of it


class WriteCodec(W3Codec):
    """W3 files, with term postings in blocks of POSTINGS_BLOCK.

    Searches decode whole posting lists with numpy (search/docsets.py); each block costs a
    pickle, a zlib call and an array conversion, so fewer, longer blocks halve the cost a
    posting (0.29 -> 0.14 µs over the 20k benchmark corpus's terms in 1,000 documents or more).
    Any W3 reader reads any block length: the length is in each block's header."""

    def __init__(self, blocklimit: int = POSTINGS_BLOCK, compression: int = 3, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return W3PostingsWriter(dbfile, blocklimit=VECTOR_BLOCK if byteids else self._blocklimit, byteids=byteids,
                                compression=self._compression, inlinelimit=self._inlinelimit)

    def per_document_reader(self, storage, segment):
        return _RememberedLengths(super().per_document_reader(storage, segment))

    def new_segment(self, storage, indexname):
        plain = W3Codec(blocklimit=self._blocklimit, compression=self._compression, inlinelimit=self._inlinelimit)
        return W3Segment(plain, indexname)  # read back by Whoosh's plain W3 reader

