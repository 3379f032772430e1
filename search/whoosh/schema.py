"""The index schema: one document per record, one per meeting.

Record documents carry everything a hit needs to be shown without reopening the
source (text, speaker, the counterpart of a question or answer, the topic and
meeting titles) and the facet fields as sortable columns, one per entry of the
facet registry (search/facets.py), filled from its `value`. Meeting documents
carry the meeting's header and agenda as JSON, so meeting pages and `add`
(which compares source digests) read the index alone.
"""

from __future__ import annotations

import json
from typing import Any

from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema

from ..analysis import Deferred
from .analysis import SudachiAnalyzer
from ..model import Meeting, Record
from .formats import CharSpans, TokenCounts
from .pairs import DeferredPairs
from ..facets import FACETS
from ..wareki import to_wareki

SCHEMA_VERSION = "11"  # 11: the person column (indexer/identity.py); 10: where each word is, in term vectors (search/offsets.py); 9: pairs are words that touch, and the item column; 7: role keys (chair, member …), votes with how; 6: speaker label column
# Every facet is a sortable column: the engine filters and counts on the column arrays.
COLUMNS = tuple(dict.fromkeys(f.field for f in FACETS))
# Columns that are not facets but that conditions test by label (the Diet-style API's speaker).
LABEL_COLUMNS = ("speaker",)


def _with_format(field: TEXT, fmt) -> TEXT:
    field.format = fmt(field_boost=field.format.field_boost)
    return field


def make_schema() -> Schema:
    """The fields: text, pairs and the stored bodies, the columns conditions and sorting read, and a
    sortable column per facet (search/facets.py)."""
    return Schema(
        **{f.field: ID(stored=True, sortable=True) for f in FACETS},
        date=ID(stored=True, sortable=True),
        speaker=ID(stored=True, sortable=True),  # the label as written; a column for speaker conditions
        id=ID(stored=True, unique=True),
        doctype=ID(stored=True),
        # Frequencies in the postings (phrases are answered from `pairs`); each record's terms with
        # their positions and characters in its term vector, for highlights (search/offsets.py).
        text=_with_format(TEXT(analyzer=SudachiAnalyzer(), phrase=False, stored=False, vector=CharSpans()),
                          TokenCounts),
        pairs=_with_format(TEXT(analyzer=SudachiAnalyzer(), phrase=False, stored=False), TokenCounts),  # search/pairs.py
        body=STORED(),
        order=COLUMN(NumericColumn("i")),  # only sorted by: a column, no postings
        pair=COLUMN(NumericColumn("i", default=-1)),  # the counterpart's order: Q&A shown as one exchange
        item=COLUMN(NumericColumn("i")),  # the record's agenda item index + 1 (0: none), for item search
        record=STORED(),  # JSON of the Record's own fields, plus context for display
        meeting_json=STORED(),
        digest=STORED(),
    )


def record_doc(m: Meeting, r: Record) -> dict[str, Any]:
    """The document for one record; its text is analysed by the writer that indexes it."""
    item = m.item_of(r)
    other = m.counterpart(r)
    context = {
        **r.to_dict(),
        "meeting_title": m.title,
        "item_title": item.title if item else "",
        "item_kind": item.kind if item else "",
        "counterpart": other.text if other else None,
        "counterpart_role": other.role if other else None,
        "counterpart_speaker": other.speaker if other else None,
        "counterpart_pid": other.pid if other else None,
    }
    return {
        "id": f"{m.id}#{r.order}",
        "doctype": "record",
        "text": Deferred(r.text),
        "pairs": DeferredPairs(r.text),
        "body": r.text,
        "order": r.order,
        "pair": r.pair if r.pair is not None else -1,
        "item": r.item + 1 if r.item is not None else 0,
        **{f.field: f.value(m, r) for f in FACETS},
        "date": m.date,
        "speaker": r.speaker,
        "record": json.dumps(context, ensure_ascii=False),
    }


def meeting_doc(m: Meeting, digest: str) -> dict[str, Any]:
    header = m.to_dict()
    header["records"] = []
    header["record_count"] = len(m.records)
    header["dates_wareki"] = [to_wareki(d) for d in m.dates]
    header["source_path"] = m.source_path  # not shown: search/meetings.header drops it
    return {
        "id": f"{m.id}",
        "doctype": "meeting",
        **{f.field: f.value(m, None) for f in FACETS if f.meeting},
        "date": m.date,
        "meeting_json": json.dumps(header, ensure_ascii=False),
        "digest": digest,
    }
