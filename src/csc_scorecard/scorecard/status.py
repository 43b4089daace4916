"""Direction of travel and RAG status: small pure functions judged at display precision.

Both follow spec/indicators.md ("Columns of the reference scorecard"): two figures that print
the same are the same (1% and 1% is "same", even if 0.6% and 1.4% lie behind them), and a
target is met or missed by the figure as printed, not by its unrounded value.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from csc_scorecard.display import round_half_up

Exact = Fraction | Decimal | int


def direction(new: Exact | None, old: Exact | None, decimals: int) -> str | None:
    """`up`, `down` or `same` comparing the displayed values; None when either is absent."""
    if new is None or old is None:
        return None
    shown_new, shown_old = round_half_up(new, decimals), round_half_up(old, decimals)
    if shown_new == shown_old:
        return "same"
    return "up" if shown_new > shown_old else "down"


def rag(value: Exact | None, target: Exact | None, polarity: str, decimals: int, amber_margin: Exact) -> str | None:
    """Green, amber or red for the displayed value against the target; None for neutral or no target.

    polarity `high`: green if value >= target; amber if below it by no more than
    amber_margin x target (that boundary is amber); else red. `low` mirrors it.
    """
    if value is None or target is None or polarity == "neutral":
        return None
    shown = Fraction(round_half_up(value, decimals))
    goal = Fraction(Decimal(str(target))) if isinstance(target, float) else Fraction(target)
    margin = Fraction(Decimal(str(amber_margin))) if isinstance(amber_margin, float) else Fraction(amber_margin)
    allowance = abs(goal) * margin
    if polarity == "high":
        if shown >= goal:
            return "green"
        return "amber" if shown >= goal - allowance else "red"
    if polarity == "low":
        if shown <= goal:
            return "green"
        return "amber" if shown <= goal + allowance else "red"
    raise ValueError(f"unknown polarity {polarity!r}")


def is_small(count: int | None, suppress_below: int) -> bool:
    """A count published as `c`: between 1 and suppress_below - 1 (0 is not disclosive)."""
    return count is not None and 0 < count < suppress_below
