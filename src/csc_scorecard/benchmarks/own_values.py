"""A user's own benchmark values, for measures no shipped file covers (spec/scorecard.md inputs).

They come from a CSV (`ingest/own_benchmarks.py`: `indicator_id, year, area, value`) named in
the layout (`benchmarks.own_values`), given to `scorecard benchmarks --own-values`, or loaded
into the store (`scorecard load`, the dashboard's upload). Example: assessments per 10,000,
whose C2 file is not published in a form the project has.

Own values for a measure and year replace the shipped figures of that measure and year
entirely (no mixing of sources in one row); with no all-LA figures there are no quartiles, so
such a row has no band. Where two sources give the same measure and year, the newest wins (a
file by the date it was saved, a load by the date it was loaded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import polars as pl

from csc_scorecard.benchmarks.shipped import Figure
from csc_scorecard.benchmarks.sources import MEASURES
from csc_scorecard.ingest.own_benchmarks import read_own_benchmarks_csv
from csc_scorecard.issues import UserError


@dataclass(frozen=True)
class OwnFigures:
    """One measure and year's own figures, by area, with where they came from."""

    figures: dict[str, Figure]  # area (la, sn, region, england) -> figure
    source: str  # as the scorecard shows it: "own values: own.csv, loaded 2 Dec 2026"
    dated: datetime  # when the file was saved or loaded: the newer of two sources wins


@dataclass(frozen=True)
class OwnValues:
    by_measure: dict[tuple[str, int], OwnFigures]  # (indicator_id, year) -> its own figures

    def for_measure(self, measure: str, year: int) -> dict[str, Figure] | None:
        found = self.by_measure.get((measure, year))
        return found.figures if found else None

    def source_of(self, measure: str, year: int) -> str | None:
        found = self.by_measure.get((measure, year))
        return found.source if found else None

    @property
    def years(self) -> set[int]:
        return {year for _, year in self.by_measure}


def benchmark_units() -> dict[str, str]:
    """The measures an own value may name (those with a published counterpart) and their units."""
    from csc_scorecard.measures.registry import get

    return {measure: get(measure).unit for measure in MEASURES}


def own_values_from_frame(frame: pl.DataFrame, how: str) -> OwnValues:
    """OwnValues from rows of `ingest.own_benchmarks.OWN_BENCHMARK_SCHEMA` plus `file_name` and
    `dated` (each measure and year's rows come from one file); `how` says what the date is
    ("loaded", "saved")."""
    by_measure: dict[tuple[str, int], OwnFigures] = {}
    for row in frame.iter_rows(named=True):
        key = (row["indicator_id"], row["year"])
        if key not in by_measure:
            dated = row["dated"]
            source = f"own values: {row['file_name']}, {how} {dated.day} {dated:%b %Y}"
            by_measure[key] = OwnFigures({}, source, dated)
        value = None if row["value"] is None else Decimal(row["value"])
        by_measure[key].figures[row["area"]] = Figure(value, row["symbol"])
    return OwnValues(by_measure)


def read_own_values(path: Path) -> OwnValues:
    """Read and check an own-values file (any problem is a UserError naming file, row and column),
    dated by when the file was saved."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    frame = read_own_benchmarks_csv(path, benchmark_units())
    # UTC, as the store's load times are, so that the two compare
    dated = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).replace(tzinfo=None, microsecond=0)
    return own_values_from_frame(frame.with_columns(file_name=pl.lit(path.name), dated=pl.lit(dated)), "saved")


def newest(*sources: OwnValues | None) -> OwnValues | None:
    """The own values of several sources, each measure and year from the one dated last."""
    merged: dict[tuple[str, int], OwnFigures] = {}
    for source in sources:
        for key, found in (source.by_measure.items() if source else ()):
            if key not in merged or found.dated > merged[key].dated:
                merged[key] = found
    return OwnValues(merged) if merged else None
