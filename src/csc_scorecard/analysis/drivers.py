"""What drove a change: a row's figure and its comparison broken down by every dimension its
measure declares, and each category's share of the change in the numerator.

Which two figures are compared (`compared_cells`) depends on the row:
- a snapshot measure (stocks, and measures taken at the period end): at E against a year
  earlier, whatever the section (a snapshot six months earlier is in the same rolling year);
- a rolling row: the latest 6 months against the 6 months before them (the two halves of the
  rolling year);
- a period row: the 6-month period to E against the same period a year earlier.

Per category: its numerator and denominator in both (a rate's denominator is the population,
which Annex A does not break down: None), and its share of the change = (its numerator minus
its comparison numerator) / (the figure's numerator minus the comparison's). The categories of
one dimension add up to the figure, so their shares add up to 1; with no change in the
numerator every share is None. `named_driver` is the one contributor the analysis may name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from fractions import Fraction

import polars as pl

from csc_scorecard.dates import months_back
from csc_scorecard.measures.dimensions import category_order
from csc_scorecard.scorecard.status import is_small

DRIVER_MONTHS = 6  # each compared figure is over 6 months (a snapshot: at its period end)
MIN_SHARE = Fraction(1, 2)  # a named driver explains at least half of the change
MIN_CHILDREN = 5  # and at least this many children of it


@dataclass(frozen=True)
class Driver:
    """One category of one dimension: the JSON `drivers` entry."""

    dimension: str
    category: str
    numerator: int | None
    comparison_numerator: int | None
    denominator: int | None
    comparison_denominator: int | None
    share_of_change: float | None  # None: no change in the figure's numerator, or suppressed
    suppressed: bool = False  # publication: a count of 1-5 (or one that would reveal one) shown as null

    @property
    def change(self) -> int | None:
        if self.numerator is None or self.comparison_numerator is None:
            return None
        return self.numerator - self.comparison_numerator

    def to_json(self) -> dict:
        return asdict(self)


def compared_cells(row_kind: str, snapshot: bool, as_at: date) -> tuple[tuple[date, int], tuple[date, int]] | None:
    """((period end, months) of the figure, of its comparison) for a row of `row_kind`
    (rolling, period, manual); None for a manual row, which has no children behind it."""
    if row_kind == "manual":
        return None
    back = 12 if snapshot or row_kind == "period" else DRIVER_MONTHS
    return (as_at, DRIVER_MONTHS), (months_back(as_at, back), DRIVER_MONTHS)


def drivers(counts: pl.DataFrame, current: tuple[date, int], comparison: tuple[date, int], rate: bool,
            dimensions: list[str]) -> list[Driver]:
    """Every category of every dimension (in `dimensions` order, categories as
    `dimensions.category_order`) from `measures.breakdown.breakdown_counts` over the two
    cells. A category counted in only one of them has 0 in the other. `rate`: the
    denominators are the population, not broken down (None)."""
    # {(cell, dimension): {category: (numerator, denominator)}}, read once
    found: dict[tuple, dict[str, tuple[int, int]]] = {}
    for end, months, dimension, category, numerator, denominator in counts.select(
        "period_end", "months", "dimension", "category", "numerator", "denominator"
    ).iter_rows():
        found.setdefault(((end, months), dimension), {})[category] = (numerator, denominator)
    result: list[Driver] = []
    for dimension in dimensions:
        now = found.get((current, dimension), {})
        before = found.get((comparison, dimension), {})
        total_change = sum(n for n, _ in now.values()) - sum(n for n, _ in before.values())
        for category in category_order(dimension, list(now.keys() | before.keys())):
            numerator, denominator = now.get(category, (0, 0))
            comparison_numerator, comparison_denominator = before.get(category, (0, 0))
            share = None if total_change == 0 else (numerator - comparison_numerator) / total_change + 0.0  # no -0.0
            result.append(Driver(
                dimension=dimension,
                category=category,
                numerator=numerator,
                comparison_numerator=comparison_numerator,
                denominator=None if rate else denominator,
                comparison_denominator=None if rate else comparison_denominator,
                share_of_change=share,
            ))
    return result


def named_driver(found: Sequence[Driver | dict]) -> Driver | None:
    """The largest contributor to the change, when it explains at least half of it
    (share >= 1/2) and at least MIN_CHILDREN children (|its change| >= 5); else None. Of equal
    shares, the first in the list's order (dimension, then category). A dimension with a
    single category is never named (it is the whole figure). Takes a row's `drivers`
    as the model keeps them (dicts) or as `Driver`s."""
    candidates = [d if isinstance(d, Driver) else Driver(**d) for d in found]
    categories: dict[str, int] = {}
    for driver in candidates:
        categories[driver.dimension] = categories.get(driver.dimension, 0) + 1
    best: Driver | None = None
    for driver in candidates:
        # a dimension with one category (every referral from one team) explains nothing
        if driver.share_of_change is None or driver.change is None or categories[driver.dimension] < 2:
            continue
        if best is None or driver.share_of_change > best.share_of_change:
            best = driver
    if best is None or best.share_of_change < MIN_SHARE or abs(best.change) < MIN_CHILDREN:
        return None
    return best


def suppressed_for_publication(found: list[Driver], suppress_below: int) -> list[Driver]:
    """The drivers as a publication may show them: a count of 1 to suppress_below - 1 is null
    (primary suppression), and where a dimension has exactly one such count in a column, its
    next smallest non-zero count too (secondary: else the total minus the others reveals it).
    A category with either numerator suppressed has no share of change (the change would
    reveal it)."""
    fields = ("numerator", "comparison_numerator", "denominator", "comparison_denominator")
    hidden: set[tuple[int, str]] = set()
    by_dimension: dict[str, list[int]] = {}
    for index, driver in enumerate(found):
        by_dimension.setdefault(driver.dimension, []).append(index)
    for indices in by_dimension.values():
        for name in fields:
            values = {i: getattr(found[i], name) for i in indices}
            primary = {i for i, v in values.items() if is_small(v, suppress_below)}
            if len(primary) == 1:
                others = [(v, i) for i, v in values.items() if i not in primary and v]
                if others:
                    primary.add(min(others)[1])
            hidden |= {(i, name) for i in primary}
    result = []
    for index, driver in enumerate(found):
        cleared = {name: None for name in fields if (index, name) in hidden}
        if not cleared:
            result.append(driver)
            continue
        share = driver.share_of_change
        if "numerator" in cleared or "comparison_numerator" in cleared:
            share = None
        result.append(replace(driver, **cleared, share_of_change=share, suppressed=True))
    return result
