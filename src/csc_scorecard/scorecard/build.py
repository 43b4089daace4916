"""Assemble the scorecard for an as-at date: every cell, arrow, RAG, benchmark, band and sentence.

Two steps, so that the judgement can be tested on numbers given by hand: `gather` reads the
store and computes the measures' monthly series once (all 23 measures, 12-, 6- and 1-month
windows, the 24 month ends the text, sparklines and SPC need) and, from the same counted rows,
their breakdowns for the drivers; `assemble` turns a series frame, the breakdown counts, the
benchmarks and the config into the plain model of `scorecard/model.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import polars as pl

from csc_scorecard.analysis.drivers import DRIVER_MONTHS, compared_cells, drivers, named_driver, suppressed_for_publication
from csc_scorecard.analysis.projection import project
from csc_scorecard.analysis.spc import xmr
from csc_scorecard.benchmarks.own_values import OwnValues, newest, own_values_from_frame, read_own_values
from csc_scorecard.benchmarks.table import Benchmark, benchmark_for
from csc_scorecard.dates import is_month_end, month_end, months_back, window_start
from csc_scorecard.config import RowConfig, ScorecardConfig, default_config
from csc_scorecard.display import format_half_up, format_published, round_half_up
from csc_scorecard.issues import UserError
from csc_scorecard.measures.combine import CombinedExtracts, combine
from csc_scorecard.measures.columns import columns_to_read
from csc_scorecard.measures.dimensions import DIMENSIONS, dimension_names
from csc_scorecard.measures.counted import excluded_counts
from csc_scorecard.measures.registry import MeasureSpec, get, lists_read, lists_read_per_extract
from csc_scorecard.scorecard import model
from csc_scorecard.scorecard.figures_cache import gathered, kept
from csc_scorecard.scorecard.narrative import Comparators, Driver, RowFacts, write_analysis
from csc_scorecard.scorecard.quality import publication_quality
from csc_scorecard.scorecard.status import direction, is_small, rag
from csc_scorecard.store.db import Store
from csc_scorecard.store.extracts import extract_set, extracts_frame, stored_issues
from csc_scorecard.store import commentary, signoff
from csc_scorecard.store.reference import manual_values, own_benchmarks, population_overrides, regional_values

HISTORY_MONTHS = 24  # the analysis looks back 24 month ends for a peak or low point
SPARKLINE_MONTHS = 13
SYNTHETIC_MARKER = "SYNTHETIC"  # a file in a store directory that holds demonstration data only

REGION_SHORT = {
    "North East": "NE", "North West": "NW", "Yorkshire and The Humber": "Y&H", "East Midlands": "EM",
    "West Midlands": "WM", "East of England": "EE", "London": "London", "South East": "SE", "South West": "SW",
}


@dataclass
class Inputs:
    """Everything `assemble` needs that comes from the store."""

    series: pl.DataFrame  # compute_series output for this LA: months 12, 6 and 1, HISTORY_MONTHS month ends
    la_code: str
    extracts: list[dict] = field(default_factory=list)
    data_quality: list[dict] = field(default_factory=list)
    edits: dict[str, model.AnalysisText] = field(default_factory=dict)  # analyst's text per indicator
    synthetic: bool = False
    regional: pl.DataFrame | None = None  # regional quarterly figures (store/reference.regional_values)
    # per measure, measures.breakdown.breakdown_counts over the 6 months to E, E-6 and E-12
    breakdowns: dict[str, pl.DataFrame] = field(default_factory=dict)
    own_values: OwnValues | None = None  # own benchmark values: loaded, or the file the layout names
    # `series` indexed by (measure, months, period_end), made at the first look-up (`series_cell`)
    _cells: dict[tuple[str, int, date], dict] | None = field(default=None, init=False, repr=False, compare=False)

    def series_cell(self, measure: str, months: int, period_end: date) -> dict | None:
        """The series row of a measure, window length and period end (the first, as a filter's
        first row), or None. Assembling looks up about 1,200 cells: one pass over the series
        instead of a filter of it each (0.3 s for the demo's scorecard)."""
        if self._cells is None:
            cells: dict[tuple[str, int, date], dict] = {}
            for found in self.series.iter_rows(named=True):
                cells.setdefault((found["measure"], found["months"], found["period_end"]), found)
            self._cells = cells
        return self._cells.get((measure, months, period_end))


def month_ends_to(as_at: date, count: int) -> list[date]:
    """The `count` month ends ending at as_at, oldest first."""
    return [months_back(as_at, k) for k in range(count - 1, -1, -1)]


def gather(store: Store, as_at: date, la_code: str, measures: list[str] | None = None) -> Inputs:
    """Read the LA's extracts (the lists `measures` read) and reference inputs and compute the
    series of `measures` (the config's rows; None: every measure) once."""
    # the series (and numpy) only here: a build whose figures are kept never computes them
    from csc_scorecard.measures.breakdown import series_breakdowns
    from csc_scorecard.measures.series import CountedRows, compute_series

    if not is_month_end(as_at):
        raise UserError(f"--as-at {as_at} is not a month end: the scorecard describes a month (e.g. {month_end(as_at)})")
    extracts = extracts_frame(store, [la_code])
    if extracts.is_empty():
        raise UserError(f"the store {store.path} holds no extract for LA {la_code}: load an Annex A workbook first (scorecard load)")
    combined = combined_rows(store, la_code, measures)
    ends = sorted(set(month_ends_to(as_at, HISTORY_MONTHS)) | {months_back(as_at, 12)})
    # the drivers' cells are among the series' (6-month windows to E, E-6 and E-12): its rows are read there
    driver_cells = [(months_back(as_at, back), DRIVER_MONTHS) for back in (0, 6, 12)]
    counted: dict[str, CountedRows] = {}
    series = compute_series(
        combined, measures, ends, [12, 6, 1], la_codes=[la_code], population=population_overrides(store),
        manual=manual_values(store, la_code), counted_rows=counted, counted_at=driver_cells,
    )
    breakdowns = series_breakdowns(combined, counted, driver_cells)
    used = extracts.filter(pl.col("as_at") <= as_at)
    newest = used.sort("as_at").tail(1)
    quality = [i.to_dict() for i in combined.issues]
    if newest.height:
        quality += [i.to_dict() for i in stored_issues(store, newest["id"][0])]
    return Inputs(
        series=series,
        la_code=la_code,
        extracts=[
            {"file": r["file_name"], "as_at": r["as_at"].isoformat(), "period_start": r["period_start"].isoformat()}
            for r in used.iter_rows(named=True)
        ],
        data_quality=quality,
        regional=regional_values(store, la_code),
        breakdowns=breakdowns,
    )


def combined_rows(store: Store, la_code: str, measures: list[str] | None) -> CombinedExtracts:
    """The LA's extracts combined, as `measures` read them: only their lists and columns, read
    one list at a time (a month's peak memory), and each extract's own rows only of the lists
    an attribute measure reads. The same for every month, so kept in this process while no
    extract changes (figures_cache.kept): the dashboard's next month skips reading them."""
    lists, columns, own = lists_read(measures), columns_to_read(measures), lists_read_per_extract(measures)
    return kept(store, la_code, ("combined", lists, tuple(columns.items()), own),
                lambda: combine(extract_set(store, [la_code], lists, columns, on_demand=True), own_rows=own))


def build_scorecard(
    store: Store,
    as_at: date,
    config: ScorecardConfig | None = None,
    la_code: str | None = None,
    publication: bool = False,
    edits: dict[str, model.AnalysisText] | None = None,
) -> model.Scorecard:
    config = config or default_config()
    la_code = la_code or config.local_authority.old_la_code
    # Only the measures the scorecard shows: the library (docs/measures.md) would double the work.
    shown = list(dict.fromkeys(row.id for section in config.sections for row in section.rows))
    inputs = gathered(store, as_at, la_code, shown, gather)  # kept while no extract or reference figure changes
    inputs.edits = edits or {}
    inputs.synthetic = (store.path / SYNTHETIC_MARKER).exists()  # a file beside the figures, read each time
    inputs.own_values = own_benchmark_values(store, la_code, config)
    return assemble(config, as_at, inputs, publication=publication)


def own_benchmark_values(store: Store, la_code: str, config: ScorecardConfig) -> OwnValues | None:
    """The LA's own benchmark values: those loaded into the store and the file the layout names,
    each measure and year from the newer of the two."""
    loaded = own_values_from_frame(own_benchmarks(store, la_code), "loaded")
    named = read_own_values(config.own_values_path) if config.own_values_path is not None else None
    return newest(loaded, named)


def month_scorecard(
    store: Store,
    as_at: date,
    config: ScorecardConfig | None = None,
    la_code: str | None = None,
    publication: bool = False,
) -> tuple[model.Scorecard, signoff.SignOffRecord | None]:
    """The month as the user should see it: as signed off when it is (with its sign-off), else
    built now with the analysts' current text. One path for `scorecard build`, `scorecard demo`,
    and the web app's pages and sign-off."""
    config = config or default_config()
    la_code = la_code or config.local_authority.old_la_code
    signed = signoff.current(store, la_code, as_at)
    if signed is not None and not publication:
        return model.Scorecard.from_json(signed.snapshot), signed
    if signed is not None:
        raise UserError(
            f"{as_at} is signed off for LA {la_code}: a publication version must be built before sign-off "
            "or after re-opening the month (the signed snapshot keeps unsuppressed figures only)"
        )
    return build_scorecard(store, as_at, config, la_code, publication, current_edits(store, la_code, as_at)), None


def current_edits(store: Store, la_code: str, as_at: date) -> dict[str, model.AnalysisText]:
    """The analysts' latest text per indicator for the month (used instead of the generated text)."""
    return {
        indicator: model.AnalysisText(text=edit.text, generated="", edited=True, author=edit.author, edited_at=edit.at)
        for indicator, edit in commentary.current_texts(store, la_code, as_at).items()
    }


# --- assembling ---------------------------------------------------------------------------


def assemble(config: ScorecardConfig, as_at: date, inputs: Inputs, publication: bool = False,
             now: datetime | None = None) -> model.Scorecard:
    """The model from computed series: pure, no store access."""
    published_year = _reporting_year(config)
    text = {
        "as_at_month": f"{as_at:%B %Y}",
        "as_at_short": f"{as_at:%b%y}",
        "published_year": published_year,
    }
    region = config.local_authority.region or "region"
    regional = latest_regional(inputs.regional, as_at)
    own_sources = own_value_sources(config, inputs.own_values)
    sections = tuple(
        model.Section(
            title=section.title.format(**text),
            columns=_columns(section.columns, as_at, config, regional),
            rows=tuple(
                _row(config, row, get(row.id).number, section.columns, as_at, inputs, publication, region, regional,
                     own_sources)
                for row in section.rows
            ),
        )
        for section in config.sections
    )
    return model.Scorecard(
        as_at=as_at,
        local_authority=config.local_authority.model_dump(),
        heading=config.heading.format(**text),
        preamble=tuple(p.format(**text) for p in config.preamble),
        footnotes=tuple((f.marker, f.text.format(**text)) for f in config.footnotes) + own_value_footnotes(own_sources),
        published_heading=f"Latest published statistics ({published_year})",
        sections=sections,
        synthetic=inputs.synthetic,
        publication=publication,
        protective_marking=config.publication.publication_marking if publication else config.publication.protective_marking,
        generated_at=now or datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0),
        data_quality=publication_quality(inputs.data_quality) if publication else tuple(inputs.data_quality),
        extracts=tuple(inputs.extracts),
    )


def own_value_sources(config: ScorecardConfig, own_values: OwnValues | None) -> dict[str, tuple[str, list[int]]]:
    """Each source of own values the layout's rows show: its footnote marker (†, ††, ...) and the
    numbers of those rows."""
    sources: dict[str, tuple[str, list[int]]] = {}
    for row in (row for section in config.sections for row in section.rows):
        shown = config.row_benchmark(row)
        source = own_values.source_of(shown.measure, shown.year) if shown and own_values else None
        if source is not None:
            sources.setdefault(source, ("\u2020" * (len(sources) + 1), []))[1].append(get(row.id).number)
    return sources


def own_value_footnotes(sources: dict[str, tuple[str, list[int]]]) -> tuple[tuple[str, str], ...]:
    """A footnote per source of own values: which rows' published columns it gives, and why those rows have no band."""
    notes = []
    for source, (marker, numbers) in sources.items():
        rows = f"row {numbers[0]}" if len(numbers) == 1 else f"rows {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"
        notes.append((marker, f"Published statistics of {rows}: {source} (not DfE's published tables: "
                              "no comparison with the mid-50% of LAs)"))
    return tuple(notes)


def _reporting_year(config: ScorecardConfig) -> str:
    year = config.benchmarks.reporting_year
    return f"{year - 1}-{str(year)[2:]}"


def latest_regional(regional: pl.DataFrame | None, as_at: date) -> pl.DataFrame:
    """The regional figures of the latest period ending on or before the as-at date."""
    if regional is None or regional.is_empty():
        return pl.DataFrame(schema={"source": pl.String, "period_end": pl.Date, "period_label": pl.String,
                                    "area": pl.String, "indicator_id": pl.String, "value": pl.Float64})
    usable = regional.filter(pl.col("period_end") <= as_at)
    if usable.is_empty():
        return usable
    latest = usable["period_end"].max()
    return usable.filter(pl.col("period_end") == latest)


def _regional_heading(regional: pl.DataFrame, area_name: str) -> str:
    if regional.is_empty():
        return f"Regional figures {area_name}"
    first = regional.row(0, named=True)
    return f"{first['source']} {first['period_label']} {area_name}"


def _columns(kinds: list[str], as_at: date, config: ScorecardConfig, regional: pl.DataFrame) -> tuple[model.Column, ...]:
    region = REGION_SHORT.get(config.local_authority.region or "", config.local_authority.region or "region")
    headings = {
        "rolling_12m": f"LA rolling 12m ({window_start(as_at, 12):%b%y} - {as_at:%b%y})",
        "rolling_6m": f"LA rolling 6m ({window_start(as_at, 6):%b%y} - {as_at:%b%y})",
        "period_year_ago": f"LA {months_back(as_at, 12):%b%y} ChAT",
        "period_to_date": f"LA {as_at:%b%y} ChAT",
        "direction": "Direction of travel",
        "target": "Target",
        "polarity": "Low/High is good",
        "published": f"Latest published statistics ({_reporting_year(config)})",
        "band": "Compared to mid-50% LA",
        "analysis": "Analysis",
    }
    columns: list[model.Column] = []
    for kind in kinds:
        if kind == "regional":
            columns.append(model.Column("regional_la", _regional_heading(regional, config.local_authority.name)))
            columns.append(model.Column("regional_region", _regional_heading(regional, region)))
        elif kind == "published":
            columns.append(model.Column(kind, headings[kind], ("LA", "SN", region, "Eng")))
        else:
            columns.append(model.Column(kind, headings[kind]))
    return tuple(columns)


def exact_value(spec: MeasureSpec, months: int, found: dict | None) -> Fraction | None:
    """The figure as an exact fraction of its integer numerator and denominator (display rounds this)."""
    if found is None or found["value"] is None:
        return None
    if spec.kind == "manual":
        return Fraction(Decimal(str(found["value"])))
    numerator, denominator = found["numerator"], found["denominator"]
    if spec.unit in ("pct", "rate", "mean", "median"):
        multiplier, divisor = spec.scale(months)
        return Fraction(numerator * multiplier, denominator * divisor)
    return Fraction(numerator)


def _display(spec: MeasureSpec, value: Fraction | None, decimals: int) -> str:
    if value is None:
        return "-"
    text = format_half_up(value, decimals)
    return f"{text}%" if spec.unit == "pct" and spec.kind != "manual" else text


def cell_window(column: str, as_at: date) -> tuple[date, int]:
    """The period end and window length (months) of an LA column of the scorecard as at `as_at`:
    rolling 12 months and rolling 6 months end at the as-at date, the 6-month period to date
    too, the 6-month period a year ago 12 months before it. The one rule for the builder's
    cells and the dashboard's drill-through, so the children listed are those counted."""
    if column not in model.LA_COLUMNS:
        raise ValueError(f"'{column}' is not an LA column: choose one of {', '.join(model.LA_COLUMNS)}")
    months = 12 if column == "rolling_12m" else 6
    period_end = months_back(as_at, 12) if column == "period_year_ago" else as_at
    return period_end, months


def _la_cell(spec: MeasureSpec, row: RowConfig, column: str, as_at: date, inputs: Inputs, publication: bool,
             suppress_below: int) -> tuple[model.Cell, Fraction | None]:
    period_end, months = cell_window(column, as_at)
    if spec.kind == "manual":
        # manual rows: the value at the as-at date, and the one a year before it (or the earliest)
        period_end = as_at if column in ("rolling_6m", "period_to_date") else months_back(as_at, 12)
        months = 12
    found = inputs.series_cell(spec.id, months, period_end)
    if spec.kind == "manual" and period_end != as_at and (found is None or found["value"] is None):
        found = _earliest_manual(inputs, spec.id) or found
    value = exact_value(spec, months, found)
    display = _display(spec, value, row.decimals)
    if spec.kind == "manual" and value is not None:
        display = f"{display} ({found['label'] or found['value_date'].strftime('%b%y')})"
    numerator = found["numerator"] if found else None
    denominator = found["denominator"] if found else None
    suppressed = publication and (
        is_small(numerator, suppress_below) or (spec.counted_denominator and is_small(denominator, suppress_below))
        or (spec.kind == "manual" and spec.unit == "count" and value is not None and is_small(int(value), suppress_below))
    )
    start = None
    if found and spec.kind != "manual":
        start = found["window_start"]
    cell = model.Cell(
        column=column,
        value=float(value) if value is not None and not suppressed else None,
        display="c" if suppressed else display,
        numerator=None if suppressed else numerator,
        denominator=None if suppressed else denominator,
        period_start=start,
        period_end=(found["value_date"] if spec.kind == "manual" and found else period_end) if found else period_end,
        reason=("small number suppressed for publication" if suppressed else (found["reason"] if found else "not computed")),
        suppressed=suppressed,
        # rows left out of the figure: data quality for the LA, never published (small numbers)
        excluded={} if publication or not found else excluded_counts(found.get("excluded")),
    )
    return cell, (None if suppressed else value)


def la_cell_display(spec: MeasureSpec, row: RowConfig, column: str, as_at: date, inputs: Inputs) -> str:
    """An LA cell's figure as the scorecard shows it (not a publication): from `inputs.series` alone."""
    return _la_cell(spec, row, column, as_at, inputs, False, 0)[0].display


def _earliest_manual(inputs: Inputs, measure: str) -> dict | None:
    values = inputs.series.filter((pl.col("measure") == measure) & pl.col("value").is_not_null()).sort("value_date")
    return values.row(0, named=True) if values.height else None


def _history(spec: MeasureSpec, kind: str, as_at: date, inputs: Inputs, count: int
             ) -> list[tuple[date, Fraction | None, dict | None]]:
    """The headline at each of the last `count` month ends, with the series cell behind it."""
    months = 12 if kind in ("rolling", "manual") else 6
    history = []
    for end in month_ends_to(as_at, count):
        found = inputs.series_cell(spec.id, months, end)
        history.append((end, exact_value(spec, months, found), found))
    return history


def _rests_on_small(spec: MeasureSpec, found: dict | None, suppress_below: int) -> bool:
    """A figure counting 1-5 children (or a percentage of 1-5): hidden in a publication output."""
    if found is None:
        return False
    return is_small(found["numerator"], suppress_below) or (spec.counted_denominator and is_small(found["denominator"], suppress_below))


def _analysis_text(written, edit: model.AnalysisText | None, publication: bool) -> model.AnalysisText:
    """The generated text, or the analyst's edit (keeping the generated one beside it). A
    publication text quotes no digit: an edit that does is replaced by the generated text."""
    review = () if publication else tuple(written.needs_review)
    if edit is None or (publication and any(ch.isdigit() for ch in edit.text)):
        return model.AnalysisText(text=written.text, generated=written.text, needs_review=review)
    return model.AnalysisText(text=edit.text, generated=written.text, edited=True, author=edit.author,
                              edited_at=edit.edited_at, needs_review=review)


def _published(row: RowConfig, config: ScorecardConfig, inputs: Inputs,
               own_sources: dict[str, tuple[str, list[int]]]) -> tuple[model.Published, Benchmark | None]:
    shown = config.row_benchmark(row)
    if shown is None:
        return model.Published(reason="no published counterpart configured"), None
    found = benchmark_for(shown.measure, inputs.la_code, shown.year, config.benchmarks.release,
                          config.benchmarks.sn_list, inputs.own_values)
    if not found.has_counterpart:
        return model.Published(reason=found.reasons.get("la", "no published figure in the shipped data")), found
    return (
        model.Published(
            la=format_published(found.la.value, found.la.symbol, 0),
            sn=format_published(found.sn, None, 0),
            region=format_published(found.region.value, found.region.symbol, 0),
            england=format_published(found.england.value, found.england.symbol, 0),
            benchmark=found.to_dict(),
            marker=own_sources[found.source][0] if found.source in own_sources else None,
        ),
        found,
    )


def _counted(spec: MeasureSpec, cell: model.Cell | None) -> int | None:
    """How many children (or events) the headline figure counts, as the analysis text quotes it:
    the numerator, except for a mean or median of a column (days, say), whose numerator is a
    sum: there the rows it averages, its denominator."""
    if cell is None or spec.kind == "manual":
        return None
    return cell.denominator if spec.averages is not None else cell.numerator


def _whole(value) -> Decimal | None:
    return None if value is None else round_half_up(value if not isinstance(value, float) else Decimal(str(value)), 0)


def _regional_cell(spec: MeasureSpec, row: RowConfig, regional: pl.DataFrame, area: str, column: str) -> model.Cell:
    found = regional.filter((pl.col("indicator_id") == row.id) & (pl.col("area") == area))
    if found.is_empty():
        reason = "no regional figures loaded" if regional.is_empty() else "not in the regional figures"
        return model.Cell(column, None, "-", reason=reason)
    figure = found.row(0, named=True)
    shown = _plain(figure["value"]) + ("%" if spec.unit == "pct" else "")
    return model.Cell(column, figure["value"], shown, period_end=figure["period_end"])


def _row(config: ScorecardConfig, row: RowConfig, number: int, columns: list[str], as_at: date, inputs: Inputs,
         publication: bool, region_name: str, regional: pl.DataFrame,
         own_sources: dict[str, tuple[str, list[int]]]) -> model.Row:
    spec = get(row.id)
    kind = "manual" if spec.kind == "manual" else ("rolling" if "rolling_12m" in columns else "period")
    suppress_below = config.publication.suppress_below
    cells: list[model.Cell] = []
    values: dict[str, Fraction | None] = {}
    for column in columns:
        if column in model.LA_COLUMNS:
            cell, value = _la_cell(spec, row, column, as_at, inputs, publication, suppress_below)
            cells.append(cell)
            values[column] = value
        elif column == "regional":
            cells.append(_regional_cell(spec, row, regional, "la", "regional_la"))
            cells.append(_regional_cell(spec, row, regional, "region", "regional_region"))
    any_suppressed = any(c.suppressed for c in cells)

    la_columns = [c for c in columns if c in model.LA_COLUMNS]
    headline_column = la_columns[-1] if kind == "manual" and la_columns else ("rolling_12m" if kind == "rolling" else "period_to_date")
    if kind == "rolling":
        headline = values.get("rolling_12m")
        previous_cell = inputs.series_cell(spec.id, 12, months_back(as_at, 1))
        previous = exact_value(spec, 12, previous_cell)
        if publication and previous_cell and is_small(previous_cell["numerator"], suppress_below):
            previous, any_suppressed = None, True
        comparison = previous
    elif kind == "manual":
        first, second = [values.get(c) for c in columns if c in model.LA_COLUMNS][:2]
        headline, previous, comparison = second, first, first
    else:
        headline, previous = values.get("period_to_date"), values.get("period_year_ago")
        comparison = previous
    moved = None if any_suppressed else direction(headline, comparison, row.decimals)
    status = rag(headline, row.target, row.polarity, row.decimals, row.amber_margin)

    published, found = _published(row, config, inputs, own_sources)
    history = _history(spec, kind, as_at, inputs, HISTORY_MONTHS)
    shown_history = tuple(
        (end, None if value is None or (publication and _rests_on_small(spec, found_cell, suppress_below)) else value)
        for end, value, found_cell in history
    )
    monthly, spc, projection, analysis_reason = _history_analysis(
        spec, row, kind, as_at, inputs, [(end, value) for end, value, _ in history], publication, suppress_below)
    headline_cell = next((c for c in cells if c.column == headline_column), None)
    manual_when = [c.period_end if c.period_end and c.value is not None else None for c in cells[:2]]
    row_drivers, compared = _drivers(spec, kind, as_at, inputs, publication, suppress_below)
    facts = RowFacts(
        unit=spec.unit,
        polarity=row.polarity,
        decimals=row.decimals,
        kind=kind,
        measure_kind=spec.kind,
        snapshot=spec.snapshot,
        current=headline,
        previous=previous,
        recent6=values.get("rolling_6m") if kind == "rolling" else None,
        numerator=_counted(spec, headline_cell),
        denominator=headline_cell.denominator if headline_cell and spec.unit == "pct" and spec.kind != "manual" else None,
        history=shown_history if kind != "manual" else (),
        target=row.target,
        comparators=(
            Comparators(
                sn=_whole(found.sn), region=_whole(found.region.value), region_name=region_name,
                england=_whole(found.england.value), la_published=_whole(found.la.value), band=found.band,
                year=f"{found.year - 1}-{str(found.year)[2:]}",
            )
            if found is not None and found.has_counterpart
            else None
        ),
        spc=spc,
        projection=projection,
        driver=_named_driver(spec, row_drivers),
        publication=publication,
        previous_when=manual_when[0] if kind == "manual" else None,
        current_when=manual_when[1] if kind == "manual" and len(manual_when) > 1 else None,
    )
    written = write_analysis(facts)
    analysis = _analysis_text(written, inputs.edits.get(row.id), publication)
    sparkline = shown_history[-SPARKLINE_MONTHS:]
    return model.Row(
        id=row.id,
        number=number,
        label=row.label,
        unit=spec.unit,
        polarity=row.polarity,
        decimals=row.decimals,
        kind=kind,
        target=row.target,
        target_display="-" if row.target is None else _plain(row.target),
        cells=tuple(cells),
        direction=moved,
        rag=status,
        published=published,
        band=found.band if found is not None and found.has_counterpart else None,
        analysis=analysis,
        sparkline=tuple((end, None if v is None else float(v)) for end, v in sparkline),
        history=tuple((end, None if v is None else float(v)) for end, v in shown_history) if kind != "manual" else (),
        definition=spec.definition,
        headline_column=headline_column,
        monthly=monthly,
        spc=spc,
        projection=projection,
        analysis_reason=analysis_reason,
        drivers=row_drivers,
        drivers_compared=compared,
        amber_margin=row.amber_margin if row.target is not None and row.polarity in ("high", "low") else None,
    )


def _drivers(spec: MeasureSpec, kind: str, as_at: date, inputs: Inputs, publication: bool, suppress_below: int
             ) -> tuple[tuple[dict, ...], dict | None]:
    """The row's drivers (analysis.drivers) and the two periods they compare; none for a
    manual row, when either figure cannot be computed (not covered, no extract), or without
    breakdown counts (a scorecard assembled from series alone)."""
    cells = compared_cells(kind, spec.snapshot, as_at)
    counts = inputs.breakdowns.get(spec.id)
    if cells is None or counts is None:
        return (), None
    for end, months in cells:  # both figures must exist: a period the extracts do not cover has no change
        found = inputs.series_cell(spec.id, months, end)
        if found is None or found["numerator"] is None:
            return (), None
    found = drivers(counts, *cells, rate=spec.unit == "rate", dimensions=dimension_names(spec))
    if publication:
        found = suppressed_for_publication(found, suppress_below)
    compared = {
        which: {"start": (end if spec.snapshot else window_start(end, months)).isoformat(), "end": end.isoformat()}
        for which, (end, months) in zip(("current", "comparison"), cells)
    }
    return tuple(d.to_json() for d in found), compared


def _named_driver(spec: MeasureSpec, row_drivers: tuple[dict, ...]) -> Driver | None:
    """The driver the text names (analysis.drivers.named_driver), titled as the measure's list
    calls the dimension ("Referral source", not "Contact source")."""
    found = named_driver(row_drivers)
    if found is None:
        return None
    title = next(DIMENSIONS[c].title for c in spec.breakdowns if DIMENSIONS[c].name == found.dimension)
    return Driver(title=title, category=found.category, before=found.comparison_numerator, after=found.numerator,
                  share=found.share_of_change)


REASON_MANUAL_ANALYSIS = "manual indicator: values are supplied for dates, there are no monthly figures to chart"


def _history_analysis(spec: MeasureSpec, row: RowConfig, kind: str, as_at: date, inputs: Inputs,
                      history: list[tuple[date, Fraction | None]], publication: bool, suppress_below: int,
                      ) -> tuple[tuple[model.MonthlyFigure, ...], dict | None, dict | None, str | None]:
    """The row's monthly figures, their SPC chart and the projection of its headline series.

    SPC runs on the unsuppressed one-month figures; a publication output then blanks (null)
    every monthly figure and SPC point value whose numerator, or a percentage's denominator,
    is a small number, as it does a cell."""
    if kind == "manual":
        return (), None, None, REASON_MANUAL_ANALYSIS
    monthly = []
    for end in month_ends_to(as_at, HISTORY_MONTHS):
        found = inputs.series_cell(spec.id, 1, end)
        monthly.append(model.MonthlyFigure(
            period_end=end,
            value=found["value"] if found else None,
            numerator=found["numerator"] if found else None,
            denominator=found["denominator"] if found else None,
        ))
    chart = xmr([(m.period_end, m.value) for m in monthly], row.polarity, row.target)
    spc = chart.to_json()
    if publication:
        small = {
            m.period_end for m in monthly
            if is_small(m.numerator, suppress_below) or (spec.counted_denominator and is_small(m.denominator, suppress_below))
        }
        monthly = [model.MonthlyFigure(m.period_end, None, None, None) if m.period_end in small else m for m in monthly]
        if spc is not None:
            for point in spc["points"]:
                if date.fromisoformat(point["period_end"]) in small:
                    point["value"] = None
    projection = project([(end, None if v is None else float(v)) for end, v in history], row.target, row.polarity)
    return tuple(monthly), spc, projection.to_json(), chart.reason


def _plain(value: float) -> str:
    text = f"{Decimal(str(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def mark_synthetic(store_dir: Path) -> None:
    """Record that a store holds synthetic demonstration data, so every output says so."""
    (store_dir / SYNTHETIC_MARKER).write_text("This store holds synthetic demonstration data generated by csc-scorecard.\n")
