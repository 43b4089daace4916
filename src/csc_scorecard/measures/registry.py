"""The table of measures: each measure function registers itself with its metadata.

Like the SSDA903/CIN validators' rule registry: one small function per measure, its id,
number, unit, polarity, source list and kind in the decorator, so that everything else (the
series, the scorecard, the definitions sheet) is driven by this one table.

Kinds (spec/indicators.md): `flow` (events dated in the window), `stock` (open at the period
end), `attribute` (fields true only at one extract's date: read from that extract alone),
`manual` (values supplied in the manual indicators file). `snapshot` says whether the value
is taken at the period end whatever the window length (stocks, and attribute measures 17, 18,
22, 23); flows and measures 15-16 depend on the window.

A flow/stock/attribute function is called as `compute(data, cells)` with the combined
extracts (`combine.CombinedExtracts`) and the computable cells, indexed (`la_code, period_end,
months, window_start`, plus `extract_id` for attribute measures, numbered by
`windows.index_cells`), and returns the rows it counts, each with the run of cells it counts in
(`rows.MEASURE_ROW_SCHEMA` then the dates that put each child there). A manual function is
called as `compute(manual_values, cells)` and returns the cells with `value, value_date, label`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from csc_scorecard.issues import UserError

Unit = Literal["rate", "pct", "count"]
Polarity = Literal["low", "high", "neutral"]
Kind = Literal["flow", "stock", "attribute", "manual"]

_UNITS = ("rate", "pct", "count")
_POLARITIES = ("low", "high", "neutral")
_KINDS = ("flow", "stock", "attribute", "manual")


@dataclass(frozen=True)
class MeasureSpec:
    id: str
    number: int
    label: str  # the reference scorecard's row text, without footnote markers
    unit: Unit
    polarity: Polarity
    source: str  # the Annex A list read (annex_a_schema.yaml name), or "manual"
    kind: Kind
    snapshot: bool
    compute: Callable
    definition: str  # the function's docstring: the spec's definition in words

    @property
    def annualised(self) -> bool:
        """Rates over n months are multiplied by 12/n, except snapshots (spec "rate per 10,000")."""
        return self.unit == "rate" and not self.snapshot


MEASURES: list[MeasureSpec] = []


def measure(
    *,
    id: str,
    number: int,
    label: str,
    unit: Unit,
    polarity: Polarity,
    source: str,
    kind: Kind,
    snapshot: bool | None = None,
) -> Callable[[Callable], Callable]:
    """Register the decorated function as measure `id` (`snapshot` defaults to kind == stock)."""
    if unit not in _UNITS or polarity not in _POLARITIES or kind not in _KINDS:
        raise ValueError(f"measure {id}: bad unit, polarity or kind ({unit}, {polarity}, {kind})")

    def register(function: Callable) -> Callable:
        if any(m.id == id or m.number == number for m in MEASURES):
            raise ValueError(f"measure {id} (number {number}) is registered twice")
        MEASURES.append(
            MeasureSpec(
                id=id,
                number=number,
                label=label,
                unit=unit,
                polarity=polarity,
                source=source,
                kind=kind,
                snapshot=(kind == "stock") if snapshot is None else snapshot,
                compute=function,
                definition=" ".join((function.__doc__ or "").split()),
            )
        )
        MEASURES.sort(key=lambda m: m.number)
        return function

    return register


def get(measure_id: str) -> MeasureSpec:
    """The measure with this id; a UserError naming the known ids otherwise."""
    for spec in MEASURES:
        if spec.id == measure_id:
            return spec
    known = ", ".join(m.id for m in MEASURES)
    raise UserError(f"unknown measure '{measure_id}'; known measures: {known}")
