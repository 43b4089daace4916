"""The columns of each Annex A list a set of measures needs read, so that the store hands over
those alone.

Most of a list's columns serve a few measures (a worker's name, a placement's postcode): a
month's figures read about half of them. What is needed is declared, never guessed: what
combining the extracts reads (`combine.columns_combined`), what each measure reads and is
broken down by (`MeasureSpec.columns_read()`), and what decides a row's scope
(`counted.SCOPE_COLUMNS`). A measure is handed only the columns it declares
(`counted.rows_counted`), and a list read in part is not completed with blank columns
(`ExtractSet.columns`), so a column left out here is an error, never a silent blank.
"""

from __future__ import annotations

from csc_scorecard.measures.annex_lists import list_spec
from csc_scorecard.measures.combine import columns_combined
from csc_scorecard.measures.counted import SCOPE_COLUMNS
from csc_scorecard.measures.registry import MEASURES, get, lists_read


def columns_to_read(measure_ids: list[str] | None = None, breakdowns: bool = True) -> dict[str, tuple[str, ...]]:
    """Per list the measures read (`registry.lists_read`; every measure's when None), the
    columns they need, in the schema's order (`extract_id` and `source_row` are always read).
    `breakdowns` False leaves out the columns a figure is only broken down by (a national run
    computes series alone)."""
    needed: dict[str, set[str]] = {name: {*columns_combined(name), *SCOPE_COLUMNS.get(name, ())}
                                   for name in lists_read(measure_ids)}
    for spec in MEASURES if measure_ids is None else map(get, measure_ids):
        for name, columns in spec.columns_read(breakdowns).items():
            needed[name].update(columns)
    return {name: tuple(c for c in list_spec(name).column_names if c in columns) for name, columns in needed.items()}
