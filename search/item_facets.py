"""Facets of agenda items, each declared once, in the style of search/facets.py.

Item search (search/items.py) counts and filters these over items, not records:
an item is one result however many of its utterances match. Each entry uses the
same Facet declaration as the record facets; `field` names the item attribute
it reads. The facets of the item's meeting (municipality, meeting, 年度) are the
record facets themselves, referred to by name. `kind` and `outcome` are the
item's own here: `kind` is the item's kind (諮問, 議案…), not the utterance's
(質問, 回答…). The CLI, the API and the page read
ITEM_FACETS; none keeps its own list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from .facets import BY_NAME, Facet, FacetValueError, parse_values
from .model import ITEM_KINDS, OUTCOMES


def _text(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def _parse_item_kind(value: str) -> str:
    v = _text(value)
    if v in ITEM_KINDS:
        return v
    raise FacetValueError(f"案件の種類は {'、'.join(ITEM_KINDS)} のいずれかです（指定: {value}）")


def _parse_outcome(value: str) -> str:
    v = _text(value)
    if v in OUTCOMES or v == "なし":
        return v
    raise FacetValueError(f"結果は {'、'.join(OUTCOMES)}、なし のいずれかです（指定: {value}）")


NO_OUTCOME = "なし"  # the outcome value of items whose minutes state no decision

def _record_facet(name: str) -> Facet:
    """A record facet that items have too (the meeting's municipality, the meeting, its 年度): the
    same declaration, referred to, not copied. Its value is the item's meeting's."""
    return replace(BY_NAME[name], form=False, stats=False)


ITEM_FACETS: tuple[Facet, ...] = (
    Facet("outcome", "結果", "outcome", parse=_parse_outcome, aliases=("結果",),
          help=f"案件の結果（{'、'.join(OUTCOMES[:8])}… 結果の記載がないものは なし）"),
    Facet("kind", "種類", "kind", parse=_parse_item_kind, aliases=("種類", "種別"),
          help=f"案件の種類（{'、'.join(ITEM_KINDS)}）"),
    _record_facet("fiscal_year"),
    Facet("body", "会議体", "body", parse=_text, aliases=("会議体",), help="会議体（例: 情報公開・個人情報保護審議会）"),
    _record_facet("municipality"),
    _record_facet("meeting"),
)
ITEM_BY_NAME: dict[str, Facet] = {f.name: f for f in ITEM_FACETS}
# Record facets that item search applies to the utterances it matches (an item counts when one of
# its utterances passes): who spoke.
RECORD_FILTERS = ("role",)


def parse_item_values(name: str, values) -> list[str]:
    """Typed values of one item facet -> stored values, each once; FacetValueError if one is bad."""
    return parse_values(name, values, ITEM_BY_NAME)


__all__ = ["ITEM_FACETS", "ITEM_BY_NAME", "RECORD_FILTERS", "NO_OUTCOME", "parse_item_values"]
