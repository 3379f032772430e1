"""The facet registry: the role facet takes keys, labels and the values people typed before (search/facets.py)."""

from __future__ import annotations

import pytest

from kaigiroku.search.facets import BY_NAME, FacetValueError, parse_values


@pytest.mark.parametrize("typed, key", [
    ("会長", "chair"), ("委員", "member"), ("説明員", "executive"), ("事務局", "secretariat"), ("chair", "chair"),
    ("議長・委員長・会長", "chair"), ("議員・委員", "member"), ("執行機関・説明員", "executive"), ("参考人など", "other"),
    ("議長", "chair"), ("委員長", "chair"), ("議員", "member"), ("参考人", "other"), ("ｍｅｍｂｅｒ", "member"),
])
def test_role_values(typed, key):
    assert parse_values("role", [typed]) == [key]


def test_role_values_each_once_and_shown_in_japanese():
    assert parse_values("role", ["委員", "member", "議員・委員", "会長"]) == ["member", "chair"]
    role = BY_NAME["role"]
    assert [role.display(k) for k in ("chair", "member", "executive", "secretariat", "other")] == [
        "議長・委員長・会長", "議員・委員", "執行機関・説明員", "事務局", "参考人など"]


def test_an_unknown_role_says_which_values_there_are():
    with pytest.raises(FacetValueError) as e:
        parse_values("role", ["市長"])
    assert "議長・委員長・会長" in str(e.value) and "市長" in str(e.value)


def test_facet_counts_keep_the_first_and_the_selected():
    import numpy as np

    from kaigiroku.search.facets import Facet
    from kaigiroku.search.whoosh.columns import ColumnTable, count_facets

    facets = {"speaker": {f"s{i}": 100 - i for i in range(50)}, "role": {"member": 3, "chair": 1}}
    speakers = [s for s, n in facets["speaker"].items() for _ in range(n)]
    roles = ["member"] * 3 + ["chair"] + [""] * (len(speakers) - 4)
    table = ColumnTable()
    table.set_columns({"speaker": speakers, "role": roles}, len(speakers))
    registry = [Facet("speaker", "発言者名", "speaker"), Facet("role", "発言者", "role")]
    ids = np.arange(len(speakers))
    out, cut = count_facets(table, ids, {}, registry, 5, {"speaker": ["s40", "nobody"]})
    assert list(out["speaker"]) == ["s0", "s1", "s2", "s3", "s4", "s40"]
    assert out["speaker"]["s40"] == 60
    assert out["role"] == facets["role"]
    assert cut == {"speaker": 50}
    assert count_facets(table, ids, {}, registry, 0, {}) == (facets, {})
