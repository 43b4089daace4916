"""Every row of a real build carries drivers whose categories add up, dimension by dimension, to
the figures they compare: the rows the headline counts, no more and no fewer."""

from datetime import date

from csc_scorecard.scorecard.build import build_scorecard
from csc_scorecard.store.db import open_store

E = date(2023, 12, 31)


def test_each_dimension_adds_up_to_the_cells_of_every_row(synthetic_store):
    store = open_store(synthetic_store, create=False)
    try:
        scorecard = build_scorecard(store, E)
    finally:
        store.dispose()
    checked = 0
    for row in scorecard.rows:
        if row.kind == "manual":
            assert row.drivers == () and row.drivers_compared is None
            continue
        cells = {c.column: c for c in row.cells}
        # the current period is the row's 6 months to E (a snapshot: at E); the comparison the
        # 6 months before (rolling rows) or the period a year earlier (period rows, snapshots)
        current = cells.get("rolling_6m") or cells["period_to_date"]
        comparison = cells.get("period_year_ago")
        dimensions: dict[str, list[int]] = {}
        for driver in row.drivers:
            sums = dimensions.setdefault(driver["dimension"], [0, 0, 0, 0])
            sums[0] += driver["numerator"]
            sums[1] += driver["comparison_numerator"]
            sums[2] += driver["denominator"] or 0
            sums[3] += driver["comparison_denominator"] or 0
        assert dimensions, row.id
        for dimension, (numerator, before, denominator, denominator_before) in dimensions.items():
            assert numerator == current.numerator, (row.id, dimension)
            if comparison is not None:
                assert before == comparison.numerator, (row.id, dimension)
            if row.unit == "pct":
                assert denominator == current.denominator, (row.id, dimension)
                if comparison is not None:
                    assert denominator_before == comparison.denominator, (row.id, dimension)
            checked += 1
    assert checked > 100  # 21 computed rows, 5 to 8 dimensions each
