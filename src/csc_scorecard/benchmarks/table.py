"""The published benchmark table of one LA: per measure its value, SN mean, region, England, Q1/Q3, band.

Reads only the shipped compact data (`shipped.py`) and, if given, a user's own values. Each row
is a `Benchmark`; `Benchmark.to_dict()` is the JSON object of spec/scorecard.md
(`measure, year, release, la, la_symbol, sn, sn_count, region, england, q1, q3, band, source`),
with values unrounded (published values as published, computed ones exact until shown).
Where a figure is absent the row says why in `reasons` (keys `la`, `sn`, `region`, `england`,
`band`), so that a display shows `-` with the reason rather than a wrong number.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from csc_scorecard.benchmarks import compute, shipped
from csc_scorecard.benchmarks.own_values import OwnValues
from csc_scorecard.benchmarks.shipped import Figure, ReleaseData
from csc_scorecard.benchmarks.sources import MEASURES
from csc_scorecard.ingest.neighbours import LIST_TITLES
from csc_scorecard.ingest.published import ENGLAND_CODE
from csc_scorecard.issues import UserError

ABSENT = Figure(None)


@dataclass(frozen=True)
class Benchmark:
    measure: str
    year: int
    release: str
    la: Figure
    sn: Fraction | None
    sn_count: int | None
    region: Figure
    england: Figure
    q1: Fraction | None
    q3: Fraction | None
    band: str | None
    source: str | None
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def has_counterpart(self) -> bool:
        """Whether the release (or the user's own file) gives this measure a published counterpart."""
        return self.source is not None

    def to_dict(self) -> dict:
        """The JSON object of `scorecard benchmarks --format json` (floats, unrounded)."""
        return {
            "measure": self.measure,
            "year": self.year,
            "release": self.release,
            "la": _number(self.la.value),
            "la_symbol": self.la.symbol,
            "sn": _number(self.sn),
            "sn_count": self.sn_count,
            "region": _number(self.region.value),
            "england": _number(self.england.value),
            "q1": _number(self.q1),
            "q3": _number(self.q3),
            "band": self.band,
            "source": self.source,
        }


def _number(value) -> float | int | None:
    if value is None:
        return None
    number = Fraction(value)
    return int(number) if number.denominator == 1 else float(number)


@dataclass(frozen=True)
class BenchmarkTable:
    la_code: str
    la_name: str
    region_code: str | None
    region_name: str | None
    year: int
    release: str
    sn_list: str
    neighbours: tuple[str, ...]
    rows: list[Benchmark]

    def to_json(self) -> list[dict]:
        """One object per measure that has a published counterpart (spec/scorecard.md)."""
        return [row.to_dict() for row in self.rows if row.has_counterpart]


def check_la_code(la_code: str) -> str:
    code = str(la_code).strip()
    if not (code.isdigit() and len(code) == 3):
        raise UserError(f"LA code '{la_code}' is not a 3-digit DfE code (e.g. 343 for Sefton)")
    return code


def _figure_reason(figure: Figure, what: str, year: int) -> str:
    return figure.reason if figure.symbol is not None else f"no published value for {what} in {year}"


def benchmark(measure: str, la_code: str, year: int, data: ReleaseData, neighbours: tuple[str, ...],
              sn_list: str, own_values: OwnValues | None = None) -> Benchmark:
    """One measure's benchmarks for one LA and reporting year (see the module docstring)."""
    area = data.areas.get(la_code)
    if own_values is not None and (own := own_values.for_measure(measure, year)) is not None:
        return _from_own_values(measure, year, data.release, own, own_values.source_of(measure, year))
    if measure in data.unavailable:
        reason = data.unavailable[measure]
        return Benchmark(measure, year, data.release, ABSENT, None, None, ABSENT, ABSENT, None, None, None, None,
                         {key: reason for key in ("la", "sn", "region", "england", "band")})
    figures = data.figures.get((measure, year))
    source = data.sources.get(measure, {}).get(year)
    if figures is None or source is None:
        reason = f"the {data.release} release data holds {data.years[0]}-{data.years[-1]}, not {year}"
        return Benchmark(measure, year, data.release, ABSENT, None, None, ABSENT, ABSENT, None, None, None, None,
                         {key: reason for key in ("la", "sn", "region", "england", "band")})
    reasons: dict[str, str] = {}
    la = figures.get(la_code, ABSENT)
    if la.value is None:
        reasons["la"] = _figure_reason(la, area.name if area else la_code, year)
    sn, sn_count = compute.neighbour_mean(figures.get(code, ABSENT).exact for code in neighbours)
    if not neighbours:
        reasons["sn"] = f"LA {la_code} has no neighbours in the {LIST_TITLES.get(sn_list, sn_list)} list"
    elif sn is None:
        reasons["sn"] = f"none of its {len(neighbours)} neighbours has a value"
    region_code = area.region_code if area else None
    region = figures.get(region_code, ABSENT) if region_code else ABSENT
    if region.value is None:
        reasons["region"] = _figure_reason(region, "the region", year) if region_code else "the LA's region is not known"
    england = figures.get(ENGLAND_CODE, ABSENT)
    if england.value is None:
        reasons["england"] = _figure_reason(england, "England", year)
    found = compute.quartiles(data.la_values(measure, year))
    q1, q3 = found if found else (None, None)
    level = compute.band(la.exact, q1, q3)
    if level is None:
        reasons["band"] = f"no band: {reasons['la']}" if "la" in reasons else "no band: no LA has a value"
    return Benchmark(measure, year, data.release, la, sn, sn_count, region, england, q1, q3, level, source, reasons)


def _from_own_values(measure: str, year: int, release: str, own: dict[str, Figure], source: str) -> Benchmark:
    reasons = {}
    for area in ("la", "sn", "region", "england"):
        figure = own.get(area)
        if figure is None:
            reasons[area] = "not in the own values"
        elif figure.value is None:
            reasons[area] = figure.reason
    reasons["band"] = "no band: own values give no all-LA figures for quartiles"
    sn = own.get("sn", ABSENT).exact
    return Benchmark(measure, year, release, own.get("la", ABSENT), sn, None, own.get("region", ABSENT),
                     own.get("england", ABSENT), None, None, None, source, reasons)


def benchmark_table(la_code: str, year: int, release: str = "2023", sn_list: str = "2021",
                    own_values: OwnValues | None = None, data_dir: Path = shipped.DATA_DIR) -> BenchmarkTable:
    """Every scorecard measure's benchmarks for one LA; UserError for an unknown LA or year.

    An LA is known when it appears in the release's files (any year, so LAs since abolished or
    newly created are known too); its neighbours come from the chosen list, each counted in the
    SN mean only when it has a value.
    """
    code = check_la_code(la_code)
    data = shipped.load_release(str(release), Path(data_dir))
    lists = shipped.load_sn_list(str(sn_list), Path(data_dir))
    area = data.areas.get(code)
    if area is None or area.level != shipped.LEVEL_LA:
        raise UserError(f"unknown LA code '{code}': not a local authority in the {release} release's data")
    if year not in data.years and not (own_values and year in own_values.years):
        raise UserError(f"no benchmarks for {year} in the {release} release (it holds {data.years[0]}-{data.years[-1]})")
    neighbours = lists.get(code, ())
    rows = [benchmark(m, code, year, data, neighbours, str(sn_list), own_values) for m in MEASURES]
    region = data.areas.get(area.region_code) if area.region_code else None
    return BenchmarkTable(code, area.name, area.region_code, region.name if region else None, year, data.release,
                          str(sn_list), neighbours, rows)


def benchmark_for(measure: str, la_code: str, year: int, release: str = "2023", sn_list: str = "2021",
                  own_values: OwnValues | None = None, data_dir: Path = shipped.DATA_DIR) -> Benchmark:
    """One measure's benchmarks, for the scorecard (config: `ScorecardConfig.row_benchmark`).

    Unlike `benchmark_table`, an LA without published statistics (a test authority) is not an
    error: its own figures are absent with that reason, and England and the quartiles are still
    given. An unknown measure, release or list is a UserError.
    """
    if measure not in MEASURES:
        raise UserError(f"unknown benchmark measure '{measure}' (one of {', '.join(MEASURES)})")
    code = check_la_code(la_code)
    data = shipped.load_release(str(release), Path(data_dir))
    neighbours = shipped.load_sn_list(str(sn_list), Path(data_dir)).get(code, ())
    found = benchmark(measure, code, year, data, neighbours, str(sn_list), own_values)
    if code in data.areas or not found.has_counterpart or found.source.startswith("own values"):
        return found
    reasons = dict(found.reasons, la=f"LA {code} has no published statistics in the {release} release")
    reasons["band"] = f"no band: {reasons['la']}"
    return replace(found, reasons=reasons)
