"""The checker of issue #15: every number an analysis sentence quotes is a figure of that row's JSON.

It reads the row as `Row.to_json()` writes it, independently of the narrative's own code: each
figure the row carries is rounded half up to the precision it is displayed at (the LA's figures
at the row's decimals, published figures as their displayed text, the target as displayed,
counts of children as integers), each month named ("March 2022") must be a month end of the row,
and a reporting year ("2022-23") must be that of the row's published figures.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTH_YEAR = re.compile(rf"\b({'|'.join(MONTHS)}) (\d{{4}})\b")
REPORTING_YEAR = re.compile(r"\b(\d{4})-(\d{2})\b")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Phrases whose digits are words of the sentence, not figures of the row.
FIXED_PHRASES = ("middle 50%",)


def _rounded(value: float | int, places: int) -> str:
    exact = Decimal(str(value))
    return str(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _la_values(row: dict) -> list[float]:
    """Every LA figure of the row: cells, history, sparkline, monthly, SPC limits and points."""
    values = [c["value"] for c in row["cells"]]
    values += [p["value"] for p in row.get("history", [])]
    values += [p["value"] for p in row["sparkline"]]
    values += [m["value"] for m in row.get("monthly", [])]
    spc = row.get("spc")
    if spc:
        values += [spc[k] for k in ("mean", "lower", "upper", "near_lower", "near_upper")]
        values += [p["value"] for p in spc["points"]]
    return [v for v in values if v is not None]


def row_figures(row: dict) -> set[str]:
    """The numbers the row carries, each as text at its display precision (no % or commas)."""
    figures = {_rounded(v, row["decimals"]) for v in _la_values(row)}
    for cell in row["cells"]:
        figures |= {str(cell[k]) for k in ("numerator", "denominator") if cell[k] is not None}
        figures.add(cell["display"].split(" ")[0].rstrip("%"))
    published = row["published"]
    figures |= {published[k].rstrip("%") for k in ("la", "sn", "region", "england")}
    figures.add(row["target_display"])
    return {f for f in figures if f and f != "-"}


def row_months(row: dict) -> set[tuple[int, int]]:
    ends = [p["period_end"] for p in row.get("history", [])] + [p["period_end"] for p in row["sparkline"]]
    ends += [m["period_end"] for m in row.get("monthly", [])]
    ends += [c["period"]["end"] for c in row["cells"] if c["period"]["end"]]
    if row.get("projection") and row["projection"].get("reaches_target"):
        ends.append(row["projection"]["reaches_target"])
    return {(d.year, d.month) for d in map(date.fromisoformat, ends)}


def figures_not_in_row(text: str, row: dict) -> list[str]:
    """The numbers, months and years of `text` that the row's JSON does not carry (empty: all true)."""
    missing = []
    for phrase in FIXED_PHRASES:
        text = text.replace(phrase, " ")
    months = row_months(row)
    for name, year in MONTH_YEAR.findall(text):
        if (int(year), MONTHS.index(name) + 1) not in months:
            missing.append(f"{name} {year}")
    text = MONTH_YEAR.sub(" ", text)
    benchmark = row.get("benchmarks") or {}
    for first, second in REPORTING_YEAR.findall(text):
        year = benchmark.get("year")
        if year is None or (int(first), int(second)) != (year - 1, year % 100):
            missing.append(f"{first}-{second}")
    text = REPORTING_YEAR.sub(" ", text)
    figures = row_figures(row)
    for token in NUMBER.findall(text):
        number = token.replace(",", "").rstrip(".")
        if number not in figures:
            missing.append(token)
    return missing
