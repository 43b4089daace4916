"""The benchmark arithmetic: SN mean, English region, quartiles and the mid-50% band.

Small pure functions on exact numbers (Fraction), each with its edge cases written down
(spec/benchmarks.md section 4, spec/indicators.md "Compared to mid-50% LA"):
- SN value: the simple mean of the neighbours that have a value; how many had one is reported;
- region: London boroughs carry Inner/Outer London (E13) codes in the files; their region is
  London (E12000007);
- quartiles: linear interpolation between order statistics (R type 7, numpy "linear",
  Excel QUARTILE.INC) over every LA with a numeric value;
- band: "Higher" above Q3, "Lower" below Q1, else "In range" (ties are in range).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from csc_scorecard.ingest.published import INNER_OUTER_LONDON_CODES, LONDON_CODE

HIGHER, LOWER, IN_RANGE = "Higher", "Lower", "In range"


def english_region(region_code: str | None) -> str | None:
    """The E12 region of a region code as the files give it (Inner/Outer London -> London)."""
    if region_code in INNER_OUTER_LONDON_CODES:
        return LONDON_CODE
    return region_code or None


def neighbour_mean(values: Iterable[Fraction | None]) -> tuple[Fraction | None, int]:
    """The mean of the values that exist and how many there were; (None, 0) when none exist."""
    present = [v for v in values if v is not None]
    if not present:
        return None, 0
    return sum(present, Fraction(0)) / len(present), len(present)


def quantile(sorted_values: Sequence[Fraction], probability: Fraction) -> Fraction:
    """The type-7 quantile of already sorted values: x[h] interpolated at h = (n - 1) p.

    Example: 1..8 at p = 1/4 gives h = 1.75, so 2 + 0.75 x (3 - 2) = 2.75.
    A single value is every quantile of itself. Raises ValueError for no values.
    """
    if not sorted_values:
        raise ValueError("a quantile of no values")
    position = (len(sorted_values) - 1) * probability
    lower = int(position)  # floor: position is never negative
    fraction = position - lower
    if lower + 1 >= len(sorted_values):
        return Fraction(sorted_values[lower])
    low, high = Fraction(sorted_values[lower]), Fraction(sorted_values[lower + 1])
    return low + fraction * (high - low)


def sorted_exactly(values: Iterable[Fraction]) -> list[Fraction]:
    """The values in exact order. Comparing two Fractions is slow in Python, so they are first
    ordered by their floats (nearly right), then sorted exactly: on a nearly sorted list the
    exact sort costs about one comparison per value."""
    ordered = sorted(values, key=float)
    ordered.sort()
    return ordered


def quartiles(values: Iterable[Fraction | None]) -> tuple[Fraction, Fraction] | None:
    """(Q1, Q3) of the values that exist, or None when there are none."""
    present = sorted_exactly(Fraction(v) for v in values if v is not None)
    if not present:
        return None
    return quantile(present, Fraction(1, 4)), quantile(present, Fraction(3, 4))


def band(value: Fraction | None, q1: Fraction | None, q3: Fraction | None) -> str | None:
    """"Higher" if value > Q3, "Lower" if value < Q1, else "In range"; None without a value or quartiles."""
    if value is None or q1 is None or q3 is None:
        return None
    if value > q3:
        return HIGHER
    if value < q1:
        return LOWER
    return IN_RANGE
