"""A user's own benchmark values, for measures no shipped file covers (spec/scorecard.md inputs).

The file is a long CSV `indicator_id, year, area, value`: `area` is `la`, `sn`, `region` or
`england`, `year` the reporting year (2023 = year ending 31 March 2023), `value` a number or a
published symbol (`c`, `x`, ...). Example: assessments per 10,000, whose C2 file is not published
in a form the project has.

Own values for a measure and year replace the shipped figures of that measure and year
entirely (no mixing of sources in one row); with no all-LA figures there are no quartiles, so
such a row has no band.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from csc_scorecard.benchmarks.shipped import Figure
from csc_scorecard.benchmarks.sources import MEASURES
from csc_scorecard.ingest.published import parse_published
from csc_scorecard.issues import UserError

OWN_VALUE_COLUMNS = ("indicator_id", "year", "area", "value")
OWN_VALUE_AREAS = ("la", "sn", "region", "england")


@dataclass(frozen=True)
class OwnValues:
    file: str
    figures: dict[tuple[str, int], dict[str, Figure]]  # (indicator_id, year) -> area -> figure

    def for_measure(self, measure: str, year: int) -> dict[str, Figure] | None:
        return self.figures.get((measure, year))


def read_own_values(path: Path) -> OwnValues:
    """Read and check an own-values file; any problem is a one-line UserError naming the line."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [c.strip() for c in (reader.fieldnames or [])]
        for column in OWN_VALUE_COLUMNS:
            if column not in header:
                raise UserError(f"{path.name}: column '{column}' is missing (own values need {', '.join(OWN_VALUE_COLUMNS)})")
        reader.fieldnames = header
        figures: dict[tuple[str, int], dict[str, Figure]] = {}
        for line, row in enumerate(reader, start=2):
            measure, year_text, area = (row[c].strip() for c in OWN_VALUE_COLUMNS[:3])
            if measure not in MEASURES:
                raise UserError(f"{path.name}: line {line}: unknown indicator_id '{measure}'")
            if not (year_text.isdigit() and len(year_text) == 4):
                raise UserError(f"{path.name}: line {line}: year '{year_text}' is not a year such as 2023")
            if area not in OWN_VALUE_AREAS:
                raise UserError(f"{path.name}: line {line}: area '{area}' is not one of {', '.join(OWN_VALUE_AREAS)}")
            try:
                parsed = parse_published(row["value"])
            except ValueError as error:
                raise UserError(f"{path.name}: line {line}: value {error}") from None
            by_area = figures.setdefault((measure, int(year_text)), {})
            if area in by_area:
                raise UserError(f"{path.name}: line {line}: a second {area} value for {measure} {year_text}")
            by_area[area] = Figure(parsed.value, parsed.symbol)
    return OwnValues(path.name, figures)
