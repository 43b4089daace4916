"""Limits a council's IT may change through environment variables, read in one way.

Each reader takes the variable's name and the product's default; a value that is not a number
in range is a UserError naming the variable, never a traceback or a silent default.
"""

from __future__ import annotations

import os

from csc_scorecard.issues import UserError


def number_setting(variable: str, default: float, *, lowest: float, highest: float, whole: bool = False) -> float:
    """$`variable` as a number from `lowest` to `highest` (a whole number if `whole`), else `default`."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        raise UserError(f"{variable}={text!r}: give a {'whole ' if whole else ''}number from {lowest:,g} to {highest:,g}") from None
    if not lowest <= value <= highest:
        raise UserError(f"{variable}={text!r}: give a {'whole ' if whole else ''}number from {lowest:,g} to {highest:,g}")
    return value
