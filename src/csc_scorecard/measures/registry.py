"""The declaration of every measure: each measure function registers itself with its facts.

Like the SSDA903/CIN validators' rule registry: one small function per measure, and in its
decorator everything else needs to know about it, declared once: id, number, title, the noun
phrase sentences use, unit, default polarity, kind, the list and columns it reads, the columns
a row needs non-blank to count, the data-error rules it applies, the date that puts a row in a
window, its breakdown dimensions, its published counterpart, its definition (the function's
docstring, or `definition=` for a measure of a family declared from a table) and the edge cases
it settles. Config validation, the series, the scorecard and its Definitions sheet, the
catalogue (docs/measures.md), the narrative, benchmarks and readers of manual and regional files
all read this table.

Kinds (spec/indicators.md): `flow` (events dated in the window), `stock` (open at the period
end), `attribute` (fields true only at one extract's date: read from that extract alone),
`manual` (values supplied in the manual indicators file). `snapshot` says whether the value
is taken at the period end whatever the window length: every measure but a flow, unless it says
otherwise (the attribute measures 15, 16, 85 and 86 count the children looked after at any time
in the window).

A flow/stock/attribute function is called as `compute(data, cells)` with the combined
extracts (`combine.CombinedExtracts`) narrowed to its own rows (`counted.rows_counted`: its
list, its columns, no row it cannot count) and the computable cells, indexed (`la_code,
period_end, months, window_start`, plus `extract_id` for attribute measures, numbered by
`windows.index_cells`), and returns the rows it counts (a `days` measure, an average, also
gives each row its `days`), each with the run of cells it counts in
(`rows.MEASURE_ROW_SCHEMA` then the dates that put each child there). A manual function is
called as `compute(manual_values, cells)` and returns the cells with `value, value_date, label`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from csc_scorecard.issues import UserError
from csc_scorecard.measures.annex_lists import list_spec
from csc_scorecard.measures.dimensions import columns_of_list

Unit = Literal["rate", "pct", "count", "mean", "median"]
Polarity = Literal["low", "high", "neutral"]
Kind = Literal["flow", "stock", "attribute", "manual"]

_UNITS = ("rate", "pct", "count", "mean", "median")
_POLARITIES = ("low", "high", "neutral")
_KINDS = ("flow", "stock", "attribute", "manual")

# Data-error rules a measure may apply (the rows are flagged by `combine`, see its DATE_ERRORS).
DATE_ORDER = "date_order"  # the list's two dates contradict each other (authorised before start, ...)
_RULES = (DATE_ORDER,)


@dataclass(frozen=True)
class MeasureSpec:
    id: str
    number: int
    label: str  # the title: the reference scorecard's row text, without footnote markers
    phrase: str  # the noun phrase sentences use, without article ("rate of referrals per 10,000 children")
    unit: Unit
    polarity: Polarity  # the default; a config row may say otherwise
    source: str  # the Annex A list read (annex_a_schema.yaml name), or "manual"
    kind: Kind
    snapshot: bool
    compute: Callable
    definition: str  # the spec's definition in words (the function's docstring, or `definition=`)
    reads: tuple[str, ...] = ()  # the columns of `source` the measure reads (those it needs among them)
    needs: tuple[str, ...] = ()  # columns a row needs non-blank to count (else left out, counted)
    dated_by: str | None = None  # flows: the date that puts a row in a window
    data_errors: tuple[str, ...] = ()  # rules whose flagged rows are left out (DATE_ORDER)
    blank_means: tuple[tuple[str, str], ...] = ()  # a read column that may be blank: what a blank does
    breakdowns: tuple[str, ...] = ()  # columns of `source` the figure is broken down by (measures.dimensions)
    benchmark: str | None = None  # its key in benchmarks.sources (None: no published counterpart)
    also_reads: tuple[tuple[str, tuple[str, ...]], ...] = ()  # other lists read, each with its columns
    looks_back: int = 0  # months before the window its lists must cover too (a previous enquiry)
    averages: str | None = None  # means, medians: the column of its rows averaged (a mean may count rows)
    edge_cases: str = ""  # the boundaries and oddities it settles, as the catalogue lists them

    @property
    def lists(self) -> tuple[str, ...]:
        """Every Annex A list the measure reads: its `source`, then those it `also_reads` (a
        cell needs all of them loaded and covering it)."""
        return (self.source, *(name for name, _ in self.also_reads))

    def columns_read(self, breakdowns: bool = True) -> dict[str, tuple[str, ...]]:
        """The columns of each list it reads: of its `source`, those it `reads` and (with
        `breakdowns`) those it is broken down by; of each list it `also_reads`, those named
        there (none for a manual measure). `counted.rows_counted` hands the measure no other
        column."""
        if self.kind == "manual":
            return {}
        broken_down = self.breakdowns if breakdowns else ()
        read = {self.source: (*self.reads, *(c for c in broken_down if c not in self.reads))}
        for name, columns in self.also_reads:
            read[name] = (*read.get(name, ()), *(c for c in columns if c not in read.get(name, ())))
        return read

    @property
    def counted_denominator(self) -> bool:
        """Is the denominator a count of children, events or workers (percentages, means and
        medians), which a publication suppresses when small, rather than a population?"""
        return self.unit in ("pct", "mean", "median")

    @property
    def annualised(self) -> bool:
        """Rates over n months are multiplied by 12/n, except snapshots (spec "rate per 10,000")."""
        return self.unit == "rate" and not self.snapshot

    def scale(self, months: int) -> tuple[int, int]:
        """(multiplier, divisor): value = numerator / denominator x multiplier / divisor. The one
        statement of the rate and percentage formulas (spec "rate per 10,000", "percentage"):
        rates count x 10,000 x 12 / (population x n), n = 12 for snapshots; percentages x 100;
        means, medians and counts as they are."""
        if self.unit == "rate":
            return (120_000, months) if self.annualised else (10_000, 1)
        if self.unit == "pct":
            return 100, 1
        return 1, 1  # counts; means and medians (numerator / denominator as they are)


MEASURES: list[MeasureSpec] = []
REFERENCE_MEASURES = 23  # spec/indicators.md's table; library measures are numbered after it


def default_breakdowns(source: str) -> tuple[str, ...]:
    """Every column of the list `source` that a figure is broken down by by default (measures.dimensions)."""
    return columns_of_list(list_spec(source).column_names)


def _phrase(id: str, label: str, unit: Unit) -> str:
    """A percentage's noun phrase read from its title: "Children looked after in foster placements
    (%)" says "percentage of children looked after in foster placements"."""
    if unit != "pct" or not label.endswith(" (%)"):
        raise ValueError(f"measure {id}: only a percentage titled '... (%)' may leave out its phrase")
    return f"percentage of {label[0].lower()}{label[1:-4]}"


def _columns(dated_by: str | None, needs: tuple[str, ...], reads: tuple[str, ...]) -> tuple[tuple, tuple]:
    """(needs, reads) in full: a flow needs the date that puts a row in a window, and a measure
    reads every column it needs, so a declaration names each column once: `dated_by`, then in
    `needs` the others a row needs, in `reads` the others it reads (each listed in full, in any
    order, is as good)."""
    needs = needs if dated_by is None or dated_by in needs else (dated_by, *needs)
    return needs, (*(c for c in needs if c not in reads), *reads)


def measure(
    *,
    id: str,
    number: int,
    label: str,
    phrase: str | None = None,
    unit: Unit,
    polarity: Polarity,
    source: str,
    kind: Kind,
    snapshot: bool | None = None,
    reads: tuple[str, ...] = (),
    needs: tuple[str, ...] = (),
    dated_by: str | None = None,
    data_errors: tuple[str, ...] = (),
    blank_means: dict[str, str] | None = None,
    breakdowns: tuple[str, ...] | None = None,
    benchmark: bool = True,
    also_reads: dict[str, tuple[str, ...]] | None = None,
    looks_back: int = 0,
    averages: str | None = None,
    definition: str | None = None,
    edge_cases: str = "",
) -> Callable[[Callable], Callable]:
    """Register the decorated function as measure `id`. Defaults: `snapshot` for every kind but a
    flow; `breakdowns` every column of its list that `dimensions.DIMENSIONS` breaks a figure down
    by by default (allocated team, source, age, gender, ethnicity, disability, need or abuse,
    legal status, placement type), none for manual measures. `benchmark` True maps the measure to
    the published counterpart of the same id; `also_reads` names other lists the measure reads
    and their columns: the same child's referrals after a contact, say; `looks_back` the months
    before a flow's window its lists must cover too, for a measure that looks for an earlier
    event of the same child; `definition` the definition when the function computes a family of
    measures and its docstring cannot be each one's; `edge_cases` the boundaries and oddities
    the measure settles, which the catalogue lists. A column is named once: a flow's `dated_by`
    is needed, and what it `needs` it reads (`_columns`). `phrase`, left out, is a percentage's title
    as a noun phrase ("Xs who ... (%)": "percentage of xs who ...")."""
    if unit not in _UNITS or polarity not in _POLARITIES or kind not in _KINDS:
        raise ValueError(f"measure {id}: bad unit, polarity or kind ({unit}, {polarity}, {kind})")
    needs, reads = _columns(dated_by, needs, reads)
    if (kind == "flow") != (dated_by is not None) or not set(data_errors) <= set(_RULES):
        raise ValueError(f"measure {id}: a flow (and only a flow) is dated_by a column; rules are {_RULES}")
    if (averages is not None and unit not in ("mean", "median")) or (unit == "median" and averages is None):
        raise ValueError(f"measure {id}: a median (and only a mean or median) averages a column of its rows")
    if looks_back and kind != "flow":
        raise ValueError(f"measure {id}: only a flow looks back before its window")
    if breakdowns is None:
        breakdowns = () if kind == "manual" else default_breakdowns(source)

    def register(function: Callable) -> Callable:
        if any(m.id == id or m.number == number for m in MEASURES):
            raise ValueError(f"measure {id} (number {number}) is registered twice")
        MEASURES.append(
            MeasureSpec(
                id=id,
                number=number,
                label=label,
                phrase=_phrase(id, label, unit) if phrase is None else phrase,
                unit=unit,
                polarity=polarity,
                source=source,
                kind=kind,
                snapshot=(kind != "flow") if snapshot is None else snapshot,
                compute=function,
                definition=" ".join(((function.__doc__ if definition is None else definition) or "").split()),
                reads=reads,
                needs=needs,
                dated_by=dated_by,
                data_errors=data_errors,
                blank_means=tuple((blank_means or {}).items()),
                breakdowns=breakdowns,
                benchmark=id if benchmark else None,
                also_reads=tuple((also_reads or {}).items()),
                looks_back=looks_back,
                averages=averages,
                edge_cases=" ".join(edge_cases.split()),
            )
        )
        MEASURES.sort(key=lambda m: m.number)
        return function

    return register


@dataclass(frozen=True)
class Member:
    """One measure of a family that one function computes, given this member's `argument` (a
    code, a group of codes, an age range): what it declares apart from the family's facts."""

    id: str
    number: int
    label: str
    phrase: str | None  # None: the title as a noun phrase (`measure`)
    definition: str
    edge_cases: str
    argument: dict  # the keyword arguments the family's function takes for this member
    own: dict = field(default_factory=dict)  # facts it declares otherwise than the family (its polarity)


def measure_family(compute: Callable, members: Iterable[Member], **shared) -> None:
    """Register every member as a measure computed by `compute` with its `argument`, declared
    with the facts `shared` by the family and its own: a family is written once, not a function
    and a declaration per code."""
    for m in members:
        measure(
            id=m.id, number=m.number, label=m.label, phrase=m.phrase, definition=m.definition,
            edge_cases=m.edge_cases, **{**shared, **m.own},
        )(partial(compute, **m.argument))


def reference_ids() -> tuple[str, ...]:
    """The measures of spec/indicators.md, numbers 1-23 (the reference scorecard's rows); the
    library (docs/measures.md) is numbered on from 24."""
    return tuple(m.id for m in MEASURES if m.number <= REFERENCE_MEASURES)


def get(measure_id: str) -> MeasureSpec:
    """The measure with this id; a UserError naming the known ids otherwise."""
    for spec in MEASURES:
        if spec.id == measure_id:
            return spec
    known = ", ".join(m.id for m in MEASURES)
    raise UserError(f"unknown measure '{measure_id}'; known measures: {known}")


def lists_read(measure_ids: list[str] | None = None) -> tuple[str, ...]:
    """The Annex A lists the measures read (every measure's when None), each once: what the
    store need hand over for them (a scorecard without contact measures reads no contacts)."""
    return tuple(dict.fromkeys(name for spec in _chosen(measure_ids) if spec.kind != "manual" for name in spec.lists))


def lists_read_per_extract(measure_ids: list[str] | None = None) -> tuple[str, ...]:
    """The lists the attribute measures among these read (each extract's own rows: `combine`
    need keep those of no other list)."""
    return tuple(dict.fromkeys(name for spec in _chosen(measure_ids) if spec.kind == "attribute" for name in spec.lists))


def _chosen(measure_ids: list[str] | None) -> list[MeasureSpec]:
    return MEASURES if measure_ids is None else [get(m) for m in measure_ids]


def measure_ids() -> set[str]:
    """Every measure id (what a regional figures file may name)."""
    return {m.id for m in MEASURES}


def manual_units() -> dict[str, str]:
    """The manual measures (supplied in the manual indicators file) and their units."""
    return {m.id: m.unit for m in MEASURES if m.kind == "manual"}


def benchmarked() -> tuple[str, ...]:
    """The keys of the measures that have a published counterpart, in number order."""
    return tuple(m.benchmark for m in MEASURES if m.benchmark is not None)


def numbered(measures: list[MeasureSpec]) -> str:
    """Measures as the data-quality report names them: "measure 21", "measures 22 and 23"."""
    numbers = [str(m.number) for m in sorted(measures, key=lambda m: m.number)]
    if len(numbers) == 1:
        return f"measure {numbers[0]}"
    return f"measures {', '.join(numbers[:-1])} and {numbers[-1]}"


def date_error_effects(list_name: str) -> str:
    """Which measures a row of `list_name` with contradictory dates is left out of, as the
    data-quality report says it: those that declare DATE_ORDER ("measure 4"), else, for an
    episode that is never open, the list's stocks ("measure 10 (never open)")."""
    applying = [m for m in MEASURES if m.source == list_name and DATE_ORDER in m.data_errors]
    if applying:
        return numbered(applying)
    return f"{numbered([m for m in MEASURES if m.source == list_name and m.kind == 'stock'])} (never open)"


def blank_effects(list_name: str, column: str) -> str | None:
    """What a blank `column` in `list_name` does to the measures, as the data-quality report says
    it ("counted as aged 5 or over in measure 18, left out of measure 21"); None when no measure
    needs it or says what a blank means."""
    of_list = [m for m in MEASURES if m.source == list_name]
    meanings: dict[str, list[MeasureSpec]] = {}
    for m in of_list:
        for blank_column, meaning in m.blank_means:
            if blank_column == column:
                meanings.setdefault(meaning, []).append(m)
    effects = [f"{meaning} in {numbered(ms)}" for meaning, ms in meanings.items()]
    needing = [m for m in of_list if column in m.needs]
    if needing:
        effects.append(f"left out of {numbered(needing)}")
    return ", ".join(effects) or None
