"""How a figure is shown: round half up, exactly, and published symbols as published.

Python's `round` rounds halves to even and a float can sit just below a half, so neither may
decide a displayed figure (spec/indicators.md, "unrounded"). Values reach this module as exact
numbers (int, Decimal, Fraction or their decimal text); a float is refused rather than guessed.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

Exact = int | Decimal | Fraction | str

# What a published symbol looks like on a scorecard. `k` is a non-zero percentage that rounds
# to 0: it is shown as "<0.5", never as 0. The other symbols are shown as published.
SYMBOL_DISPLAY = {"k": "<0.5"}


def _as_fraction(value: Exact) -> Fraction:
    if isinstance(value, float):
        raise TypeError("round_half_up needs an exact number (int, Decimal, Fraction or text), not a float")
    if isinstance(value, (Decimal, str)):
        return Fraction(Decimal(value))
    return Fraction(value)


def round_half_up(value: Exact, places: int) -> Decimal:
    """`value` rounded to `places` decimal places, halves away from zero (26.45 -> 26.5, 0.5 -> 1)."""
    exact = _as_fraction(value)
    scale = 10**places
    magnitude = abs(exact) * scale
    rounded = int(magnitude + Fraction(1, 2))  # floor of a non-negative number
    if exact < 0:
        rounded = -rounded
    return Decimal(rounded).scaleb(-places)


def format_half_up(value: Exact, places: int) -> str:
    """The display text of `value` at `places` decimal places, e.g. 544.5 at 0 dp -> "545"."""
    return f"{round_half_up(value, places):.{places}f}"


def format_published(value: Exact | None, symbol: str | None, places: int | None = None) -> str:
    """A published figure as shown: its symbol (`k` as "<0.5"), "-" when absent, else the number.

    With `places` None the number is shown as published (its own decimals); otherwise rounded
    half up to `places`.
    """
    if symbol is not None:
        return SYMBOL_DISPLAY.get(symbol, symbol)
    if value is None:
        return "-"
    if places is None:
        if isinstance(value, Fraction):
            raise TypeError("a computed value needs a number of decimal places to be shown")
        return str(Decimal(value))
    return format_half_up(value, places)
