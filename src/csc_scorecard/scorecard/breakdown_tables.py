"""A row's drivers as people read them: one table per dimension, and the largest contributor of each.

Read from the row alone (`Row.drivers`, as the builder wrote them, already suppressed in a
publication output), so the web indicator page and every report show the same lines. Nothing is
computed here beyond display: the change (now minus then) and its share of the change in the
numerator, rounded half up to a whole per cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from csc_scorecard.display import format_half_up
from csc_scorecard.issues import UserError
from csc_scorecard.measures.dimensions import DIMENSIONS
from csc_scorecard.measures.registry import get
from csc_scorecard.scorecard.model import Row


@dataclass(frozen=True)
class BreakdownLine:
    """One category of a breakdown table, as shown."""

    category: str
    comparison_numerator: str
    numerator: str
    change: str
    share: str  # share of the change, "58%"; "-" with no change, "c" when suppressed
    comparison_denominator: str
    denominator: str
    linked: bool  # has children to list (not suppressed)


@dataclass(frozen=True)
class BreakdownTable:
    dimension: str  # the JSON `dimension`
    title: str  # "Referral source"
    lines: tuple[BreakdownLine, ...]
    has_denominators: bool  # a percentage: denominators shown; a rate's is the population


@dataclass(frozen=True)
class Contributor:
    """The largest contributor of one dimension: the category with the largest share of the change."""

    title: str  # the dimension, "Category of abuse"
    line: BreakdownLine


def dimension_titles(row: Row) -> dict[str, str]:
    """The JSON dimension -> its heading as the row's measure names it ("Referral source", not
    "Contact source"); a measure no longer in the library (an old signed month) takes the first
    title the dimension has."""
    titles: dict[str, str] = {}
    for dimension in DIMENSIONS.values():
        titles.setdefault(dimension.name, dimension.title)
    try:
        titles.update({DIMENSIONS[c].name: DIMENSIONS[c].title for c in get(row.id).breakdowns})
    except UserError:
        pass
    return titles


def breakdown_tables(row: Row) -> list[BreakdownTable]:
    """The row's `drivers` as one table per dimension, in the order the row carries them."""
    if not row.drivers:
        return []
    titles = dimension_titles(row)
    tables = []
    for dimension, drivers in _by_dimension(row).items():
        total = _total_change(drivers)
        tables.append(BreakdownTable(
            dimension=dimension,
            title=titles.get(dimension, dimension),
            lines=tuple(_line(d, total) for d in drivers),
            has_denominators=any(d["denominator"] is not None or d["comparison_denominator"] is not None for d in drivers)
            or row.unit == "pct",
        ))
    return tables


def largest_contributors(row: Row) -> list[Contributor]:
    """Per dimension with more than one category, the category with the largest share of the
    change (the first of equal shares, in the row's order), as the text's named driver is
    chosen (analysis.drivers.named_driver). A dimension with any share unknown has none: with
    no change in the numerator every share is unknown, and where a publication suppressed a
    count the hidden category might be the largest."""
    titles = dimension_titles(row)
    found = []
    for dimension, drivers in _by_dimension(row).items():
        if len(drivers) < 2 or any(d["share_of_change"] is None for d in drivers):
            continue
        best = max(drivers, key=lambda d: d["share_of_change"])  # max keeps the first of equals
        found.append(Contributor(titles.get(dimension, dimension), _line(best, _total_change(drivers))))
    return found


def no_contributor_reason(row: Row) -> str:
    """Why a row with drivers names no largest contributor: its count did not change, or every
    share is hidden by small-number suppression."""
    if any(d.get("suppressed") for d in row.drivers):
        return "Not shown: the changes rest on small numbers."
    return "The count did not change between the two periods."


def compared_labels(row: Row) -> dict[str, str]:
    """How the two figures a row's drivers compare are headed: "Jul 2023 to Dec 2023", or
    "at 31 Dec 2023" for a snapshot. Empty without drivers."""
    labels = {}
    for period, dates in (row.drivers_compared or {}).items():
        start, end = date.fromisoformat(dates["start"]), date.fromisoformat(dates["end"])
        labels[period] = f"at {end:%d %b %Y}" if start == end else f"{start:%b %Y} to {end:%b %Y}"
    return labels


def _by_dimension(row: Row) -> dict[str, list[dict]]:
    by_dimension: dict[str, list[dict]] = {}
    for driver in row.drivers:
        by_dimension.setdefault(driver["dimension"], []).append(driver)
    return by_dimension


def _total_change(drivers: list[dict]) -> int | None:
    counts = [(d["numerator"], d["comparison_numerator"]) for d in drivers]
    return None if any(n is None or c is None for n, c in counts) else sum(n - c for n, c in counts)


def _line(driver: dict, total: int | None) -> BreakdownLine:
    numerator, comparison = driver["numerator"], driver["comparison_numerator"]
    known = numerator is not None and comparison is not None
    if driver.get("suppressed") and not known:
        share = "c"
    elif not known or not total:
        share = "-"
    else:
        share = f"{format_half_up(Fraction(numerator - comparison, total) * 100, 0)}%"
    return BreakdownLine(
        category=driver["category"],
        comparison_numerator=_count(comparison, driver),
        numerator=_count(numerator, driver),
        change=f"{numerator - comparison:+,}" if known else ("c" if driver.get("suppressed") else "-"),
        share=share,
        comparison_denominator=_count(driver["comparison_denominator"], driver),
        denominator=_count(driver["denominator"], driver),
        linked=not driver.get("suppressed"),
    )


def _count(value: int | None, driver: dict) -> str:
    if value is None:
        return "c" if driver.get("suppressed") else "-"
    return f"{value:,}"
