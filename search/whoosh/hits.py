"""One hit as the CLI, the JSON API and the pages show it: a record, or a question and its answer.

A hit is built from stored fields alone (the record's JSON carries its
counterpart), with highlight offsets into each text and what the record
matched: `match` is "all" when it has every word, else "partial", and
`matched` says, per word, whether it was found as typed ("exact", synonyms
included), in a looser form ("near": 事前に説明 for 事前説明), inside a longer
word ("substring") or through the counterpart ("context").
"""

from __future__ import annotations

import json

from .matching import HOW
from .offsets import occurrences
from ..snippets import highlight_spans, snippet, spans_of
from ..wareki import to_wareki


class Marks:
    """The highlights of one page of hits: the query's token sequences and typed parts of words,
    placed from the occurrences the index keeps for the page's documents (search/offsets.py)."""

    def __init__(self, searcher, sequences, fragments, docnums) -> None:
        self.sequences, self.fragments = list(sequences), list(fragments)
        terms = sorted({t for seq in self.sequences for t in seq})
        self.occ = occurrences(searcher, [int(d) for d in docnums if d is not None and d >= 0], terms)

    def spans(self, doc: int | None, text: str) -> list[tuple[int, int]]:
        occ = self.occ.get(doc) if doc is not None else None
        if occ is None:  # a text the page did not read from the index: analyse it
            return highlight_spans(text, self.sequences, self.fragments)
        return spans_of(text, occ, self.sequences, self.fragments)


def build_hit(stored: dict, score: float | None, match: dict | None, marks: Marks | None = None,
              doc: int | None = None, partner: int | None = None) -> dict:
    """A hit from a record's stored fields; `doc` and `partner` are the document numbers of the
    record and its counterpart, whose highlights `marks` holds (None: no highlights)."""
    rec = json.loads(stored["record"])
    text = stored["body"]
    spans = marks.spans(doc, text) if marks else []
    s, e = snippet(text, spans)
    hit = {
        "id": stored["id"],
        "meeting": stored["meeting"],
        "meeting_title": rec["meeting_title"],
        "date": stored["date"],
        "date_wareki": to_wareki(stored["date"]) if stored["date"] else "",
        "order": rec["order"],
        "item": rec["item_title"],
        "item_kind": rec["item_kind"],
        "role": stored["role"],
        "speaker": stored["speaker"],
        "person": stored.get("person") or "",
        "kind": stored["kind"],
        "lines": rec["lines"],
        "pair": rec["pair"],
        "text": text,
        "snippet": text[s:e],
        "snippet_offset": s,
        "snippet_truncated": [s > 0, e < len(text)],
        "highlights": [list(sp) for sp in spans],
        "score": round(score, 4) if score is not None else None,
        **_counterpart(stored["meeting"], rec, marks, partner),
    }
    hit["records"] = [hit["id"]] + ([hit["counterpart_id"]] if hit["counterpart_id"] else [])
    if match is not None:
        hit.update(match)
    return hit


def _counterpart(meeting: str, rec: dict, marks: Marks | None, partner: int | None) -> dict:
    other = rec["counterpart"]
    if other is None or rec["pair"] is None:
        return {"counterpart": other, "counterpart_id": None, "counterpart_role": rec["counterpart_role"],
                "counterpart_speaker": rec["counterpart_speaker"], "counterpart_person": rec.get("counterpart_pid") or "",
                "counterpart_snippet": None,
                "counterpart_snippet_offset": 0, "counterpart_highlights": []}
    spans = marks.spans(partner, other) if marks else []
    s, e = snippet(other, spans)
    return {
        "counterpart": other,
        "counterpart_id": f"{meeting}#{rec['pair']}",
        "counterpart_role": rec["counterpart_role"],
        "counterpart_speaker": rec["counterpart_speaker"],
        "counterpart_person": rec.get("counterpart_pid") or "",
        "counterpart_snippet": other[s:e],
        "counterpart_snippet_offset": s,
        "counterpart_highlights": [list(sp) for sp in spans],
    }


def match_info(words, how_row, n_any: int) -> dict:
    """`match` and `matched` of one record, from the matcher's per-word codes."""
    matched = [{"word": w.word, "how": HOW[int(h)]} for w, h in zip(words, how_row) if h]
    return {"match": "all" if n_any == len(words) else "partial", "matched": matched}
