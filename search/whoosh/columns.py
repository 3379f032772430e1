"""Column tables: values per row as codes into sorted labels, and the steps every search shares.

Records (engine._Columns, one row per index document) and agenda items
(items.ItemTable, one row per item) are both a ColumnTable, so both pipelines
filter, count facets and compare dates the same way, on numpy arrays: a filter
is a membership test of codes, a date range a comparison of codes (the labels
are sorted ISO dates), a facet count a bincount over the match set with the
facet's own filter left out.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

import numpy as np

from ..facets import Facet


class ColumnTable:
    """Columns by name: `codes[name][row]` indexes `labels[name]` (sorted); `index[name]` maps back."""

    codes: dict[str, np.ndarray]
    labels: dict[str, list[str]]
    index: dict[str, dict[str, int]]

    def set_columns(self, values: Mapping[str, list[str]], size: int) -> None:
        """Code the given columns of `size` rows (each a list of str values, one per row)."""
        self.codes, self.labels, self.index = {}, {}, {}
        for name, column in values.items():
            labels = sorted(set(column))
            index = {v: i for i, v in enumerate(labels)}
            self.codes[name] = np.fromiter((index[v] for v in column), dtype=np.int32, count=size)
            self.labels[name] = labels
            self.index[name] = index

    def mask(self, name: str, ids: np.ndarray, values: list[str]) -> np.ndarray:
        """Which of `ids` have one of `values` in the column."""
        index = self.index[name]
        wanted = np.fromiter((index[v] for v in values if v in index), dtype=np.int32)
        return np.isin(self.codes[name][ids], wanted)

    def date_mask(self, ids: np.ndarray, lo: str | None, hi: str | None) -> np.ndarray:
        """Which of `ids` fall in [lo, hi] (ISO dates, inclusive; None is open) by the `date` column."""
        labels = self.labels["date"]
        first = bisect.bisect_left(labels, lo) if lo else 0
        first = max(first, bisect.bisect_right(labels, ""))  # undated rows never match a range
        last = bisect.bisect_right(labels, hi) if hi else len(labels)
        codes = self.codes["date"][ids]
        return (codes >= first) & (codes < last)

    def counts(self, name: str, ids: np.ndarray) -> dict[str, int]:
        labels = self.labels[name]
        c = np.bincount(self.codes[name][ids], minlength=len(labels)) if len(ids) else np.zeros(len(labels), int)
        return {labels[i]: int(c[i]) for i in np.flatnonzero(c) if labels[i] != ""}

    def top_counts(self, name: str, ids: np.ndarray, size: int, newest_first: bool,
                   selected: list[str]) -> tuple[dict[str, int], int]:
        """The column's values among `ids` with their counts, most frequent first (ties by value) or
        by value descending: the first `size` of them (0: all) and any selected value; and how many
        values there are. Sorted in numpy, so a speaker facet of thousands of values costs no Python
        per value beyond those listed."""
        labels = self.labels[name]
        codes = np.asarray(self.codes[name])
        c = np.bincount(codes[ids], minlength=len(labels)) if len(ids) else np.zeros(len(labels), np.int64)
        empty = self.index[name].get("")
        if empty is not None:
            c[empty] = 0
        present = np.flatnonzero(c)  # codes follow the labels' sorted order
        order = present[::-1] if newest_first else present[np.lexsort((present, -c[present]))]
        keep = order[:size] if size > 0 else order
        out = {labels[i]: int(c[i]) for i in keep}
        for v in selected:
            code = self.index[name].get(v)
            if code is not None and c[code] and v not in out:
                out[v] = int(c[code])
        return out, len(present)


def filter_masks(table: ColumnTable, ids: np.ndarray, filters: Mapping[str, list[str]],
                 facets: Mapping[str, Facet], lo: str | None, hi: str | None) -> dict[str, np.ndarray]:
    """One mask over `ids` per filtered facet (by facet name) and one for the date range ("date")."""
    masks = {name: table.mask(facets[name].field, ids, values) for name, values in filters.items()}
    if lo or hi:
        masks["date"] = table.date_mask(ids, lo, hi)
    return masks


def count_facets(table: ColumnTable, ids: np.ndarray, masks: Mapping[str, np.ndarray], facets: Iterable[Facet],
                 size: int, selected: Mapping[str, list[str]]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Rows per facet value (the first `size` values and the selected ones), and for each facet cut
    short, how many values it has. A facet's own filter is left out of its counts, so the other
    values of an active facet stay visible with what choosing them would add."""
    out, cut = {}, {}
    for f in facets:
        others = [m for name, m in masks.items() if name != f.name]
        subset = ids[np.logical_and.reduce(others)] if others else ids
        out[f.name], n = table.top_counts(f.field, subset, size, f.newest_first, list(selected.get(f.name) or ()))
        if 0 < size < n:
            cut[f.name] = n
    return out, cut


__all__ = ["ColumnTable", "count_facets", "filter_masks"]
