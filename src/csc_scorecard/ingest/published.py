"""Readers for DfE's published statistics: EES open-data CSVs (2023 and 2025 vintages) and LAIT.

Explore Education Statistics (EES) CSVs share standard columns (time_period, geographic_level,
region_code, old_la_code, ...) and differ per table and per vintage in their filter and value
columns (spec/benchmarks.md section 1). This module knows:
- which table a CSV is, from its columns (and, where two tables share a header, one label that
  only that table carries): `PUBLICATIONS`;
- the GSS symbols DfE writes instead of a number, each kept as a missing value with its reason;
- the LAIT long data set (parquet), its area numbers (970 England, 980-990 regions).

Everything is read as text: a value is parsed only through `parse_published`, so a symbol can
never become 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import polars as pl

from csc_scorecard.issues import UserError

ENGLAND_CODE = "E92000001"
LONDON_CODE = "E12000007"
INNER_OUTER_LONDON_CODES = ("E13000001", "E13000002")

# GSS symbols as DfE uses them (benchmarks.md 1.2) and LAIT's own missing markers.
SYMBOL_REASONS = {
    "c": "suppressed (confidential)",
    "x": "not available",
    "z": "not applicable",
    "k": "non-zero, rounds to 0 (below 0.5)",
    "u": "low reliability",
    "low": "rounds to zero",
    ":": "not available",
    "~": "rounds to zero",
    "-": "missing or suppressed (LAIT)",
    "..": "not available (LAIT)",
}


@dataclass(frozen=True)
class PublishedValue:
    """One published cell: a number, or a symbol standing for a missing value (never both)."""

    value: Decimal | None
    symbol: str | None = None

    @property
    def reason(self) -> str | None:
        """Why there is no number ("suppressed (confidential)" for `c`), None when there is one."""
        return missing_reason(self.value, self.symbol)


def missing_reason(value, symbol: str | None) -> str | None:
    """Why a published figure has no number: its symbol's meaning, or "not published"."""
    if value is not None:
        return None
    if symbol is None:
        return "not published"
    return f"{SYMBOL_REASONS[symbol]} ({symbol})"


def parse_published(text: str | None) -> PublishedValue:
    """A published cell as a value or a symbol; a blank cell is missing with no symbol.

    Raises ValueError for text that is neither a number nor a known symbol, so a malformed
    file is caught rather than read as missing.
    """
    if text is None or not text.strip():
        return PublishedValue(None)
    cleaned = text.strip()
    if cleaned.lower() in SYMBOL_REASONS:
        return PublishedValue(None, cleaned.lower())
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{cleaned!r} is neither a number nor a published symbol") from None
    if not number.is_finite():
        raise ValueError(f"{cleaned!r} is neither a number nor a published symbol")
    return PublishedValue(number)


def parse_lait_value(text: str | None) -> PublishedValue:
    """A LAIT `Values` cell: LAIT stores numbers through floats ("74.400000000000006").

    Text with more digits than a float holds (17 significant) is float noise: the shortest text
    that reads back as the same float is the published figure (74.4), so the noise is removed
    without rounding anything DfE published. Other text ("2", "82.5") is kept as written.
    "NA" is LAIT's empty cell.
    """
    if text is not None and text.strip() == "NA":
        return PublishedValue(None, "..")
    parsed = parse_published(text)
    if parsed.value is None or len(parsed.value.as_tuple().digits) <= 15:
        return parsed
    return PublishedValue(Decimal(repr(float(parsed.value))))


# ---------------------------------------------------------------------------------------------
# EES tables


@dataclass(frozen=True)
class Vintage:
    """How one release's version of a table is recognised: marker columns and an optional label."""

    name: str  # the release the layout was first seen in, e.g. "2023"
    columns: frozenset[str]
    label: tuple[str, str] | None = None  # (column, a value that only this table carries)


@dataclass(frozen=True)
class Publication:
    key: str  # short name used by the sources table, e.g. "c1"
    stem: str  # the EES file name without its year suffix, as the benchmarks' `source` says
    title: str
    vintages: tuple[Vintage, ...]


def _vintage(name: str, *columns: str, label: tuple[str, str] | None = None) -> Vintage:
    return Vintage(name, frozenset(columns), label)


PUBLICATIONS: tuple[Publication, ...] = (
    Publication("b1", "b1_children_in_need", "Children in need at 31 March (CIN table B1)", (
        _vintage("2023", "Anypoint_episodes", "At31_episodes", "Awaiting_assessment"),
        _vintage("2025", "Anypoint_episodes", "At31_episodes", "awaiting_assessment"),
    )),
    Publication("c1", "c1_children_in_need_referrals_and_rereferrals", "Referrals and re-referrals (CIN table C1)", (
        _vintage("2023", "Referrals", "Re_referrals"),
        _vintage("2025", "referral_count", "rereferral_count"),
    )),
    Publication("c4", "c4_children_in_need_section_47s_and_icpcs", "Section 47 enquiries and ICPCs (CIN table C4)", (
        _vintage("2023", "Section47", "ICPC", "Section47_rate"),
        _vintage("2025", "Section47", "ICPC"),
    )),
    Publication("d3", "d3_cpps_subsequent_plan", "Second or subsequent CP plans (CIN table D3)", (
        _vintage("2023", "CPP_start", "CPP_subsequent"),
    )),
    Publication("d5", "d5_cpps_at31march_by_duration", "CP plans at 31 March by duration (CIN table D5)", (
        _vintage("2023", "CPP_At31", "3_months_or_less", "2_years_or_more"),
    )),
    Publication("population", "ons_mid-year_population_estimates", "ONS mid-year population estimates, children 0-17 (EES)", (
        _vintage("2023", "age_group", "population_estimate"),
    )),
    Publication("cla_number", "cla_number_and_rate_per_10k_children", "Children looked after: number and rate per 10,000", (
        _vintage("2023", "population_count", "population_estimate", "number", "rate_per_10000"),
        _vintage("2025", "population_type", "population_estimate", "children_count", "rate_per_10000"),
    )),
    Publication("cla_missing", "la_children_who_were_missing_or_away_from_placement_without_authorisation",
                "Children looked after who went missing or were away without authorisation", (
        _vintage("2023", "CLA_group", "number"),
    )),
    Publication("cla_health", "la_conviction_health_outcome_cla", "Children looked after: convictions, health and outcomes", (
        _vintage("2023", "cla_group", "characteristic", "number", "percentage",
                 label=("cla_group", "Health assessments: Children looked after all ages")),
        _vintage("2025", "characteristic", "breakdown", "children_count", "children_percent",
                 label=("characteristic", "Health assessments: Children looked after all ages")),
    )),
    Publication("cla_ceased", "la_children_who_ceased_during_the_year", "Children who ceased to be looked after", (
        _vintage("2023", "cla_group", "characteristic", "number", "percentage",
                 label=("cla_group", "Reason episode ceased")),
    )),
    Publication("care_leavers_accommodation", "la_care_leavers_accommodation_suitability", "Care leavers: suitability of accommodation", (
        _vintage("2023", "age", "accommodation_suitability", "number", "percentage"),
        _vintage("2025", "care_leaver_age", "breakdown", "care_leaver_count", "care_leaver_percent",
                 label=("breakdown", "Accommodation considered suitable")),
    )),
    Publication("care_leavers_activity", "la_care_leavers_activity", "Care leavers: activity (education, employment, training)", (
        _vintage("2023", "age", "activity", "number", "percentage"),
        _vintage("2025", "care_leaver_age", "breakdown", "care_leaver_count", "care_leaver_percent",
                 label=("breakdown", "Total in education, employment or training")),
    )),
)

PUBLICATION_BY_KEY = {p.key: p for p in PUBLICATIONS}

STANDARD_COLUMNS = ("time_period", "geographic_level", "region_code", "region_name", "old_la_code", "new_la_code", "la_name")
DESCRIPTIVE_COLUMNS = ("time_identifier", "country_code", "country_name")  # in every EES file, never read
LEVEL_NATIONAL, LEVEL_REGIONAL, LEVEL_LA = "National", "Regional", "Local authority"
FILE_LINE = "file_line"  # added to every EES frame: the row's line in the file (header = 1)


@dataclass
class EesFile:
    """One EES CSV, recognised: its table, its vintage and its rows (all text)."""

    path: Path
    publication: Publication
    vintage: str
    frame: pl.DataFrame  # the file's columns plus `area_code` and `file_line` (see `read_ees_csv`)

    @property
    def name(self) -> str:
        return self.path.name

    def require_columns(self, columns: list[str], needed_for: str) -> None:
        """Raise a one-line UserError naming the file and the first column it lacks."""
        for column in columns:
            if column not in self.frame.columns:
                raise UserError(
                    f"{self.name}: column '{column}' is missing ({self.publication.stem}, "
                    f"{self.vintage} layout; needed for {needed_for})"
                )


def identify_publication(columns: list[str], frame: pl.DataFrame | None = None) -> tuple[Publication, str] | None:
    """The table and vintage whose marker columns (and label, if any) a file has; None if none.

    When several vintages match, the one with the most marker columns wins (the 2023 C4 layout
    is the 2025 one plus rate columns).
    """
    present = set(columns)
    best: tuple[int, Publication, str] | None = None
    for publication in PUBLICATIONS:
        for vintage in publication.vintages:
            if not vintage.columns <= present:
                continue
            if vintage.label is not None:
                column, label = vintage.label
                if frame is None or column not in present or frame.filter(pl.col(column) == label).is_empty():
                    continue
            score = len(vintage.columns)
            if best is None or score > best[0]:
                best = (score, publication, vintage.name)
    return None if best is None else (best[1], best[2])


def read_csv_text(path: Path) -> pl.DataFrame:
    """Every column as text, the header's byte-order mark dropped; a clear error if unreadable."""
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (OSError, pl.exceptions.PolarsError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UserError(f"{path.name}: cannot be read as a CSV file ({first_line})") from None
    return frame.rename({c: c.lstrip("\ufeff").strip() for c in frame.columns})


def read_ees_csv(path: Path, frame: pl.DataFrame | None = None) -> EesFile:
    """Read and recognise an EES CSV, adding `area_code` (E92000001, the region code or
    old_la_code) and `file_line` (the row's line in the file, for messages).

    Raises UserError (one line, naming the file) for a CSV that is not one of `PUBLICATIONS`
    or that lacks a standard EES column.
    """
    path = Path(path)
    frame = read_csv_text(path) if frame is None else frame
    found = identify_publication(frame.columns, frame)
    if found is None:
        shown = ", ".join(c for c in frame.columns if c not in STANDARD_COLUMNS + DESCRIPTIVE_COLUMNS)[:120]
        raise UserError(
            f"{path.name}: not a DfE table this tool reads (columns: {shown or 'none'}); "
            f"expected one of {', '.join(p.stem for p in PUBLICATIONS)}"
        )
    publication, vintage = found
    ees = EesFile(path, publication, vintage, frame)
    ees.require_columns(list(STANDARD_COLUMNS), "the area of each row")
    ees.frame = frame.with_columns(
        (pl.int_range(pl.len()) + 2).alias(FILE_LINE),
        pl.when(pl.col("geographic_level") == LEVEL_NATIONAL)
        .then(pl.lit(ENGLAND_CODE))
        .when(pl.col("geographic_level") == LEVEL_REGIONAL)
        .then(pl.col("region_code"))
        .when(pl.col("geographic_level") == LEVEL_LA)
        .then(pl.col("old_la_code"))
        .otherwise(None)
        .alias("area_code")
    )
    return ees


def parse_column(frame: pl.DataFrame, column: str, file: str) -> list[PublishedValue]:
    """Every cell of `column` parsed; a cell that is neither number nor symbol is a UserError
    naming the file's line (from the `file_line` column `read_ees_csv` adds, kept through filters).
    """
    parsed = []
    lines = frame[FILE_LINE].to_list() if FILE_LINE in frame.columns else range(2, frame.height + 2)
    for line, text in zip(lines, frame[column].to_list()):
        try:
            parsed.append(parse_published(text))
        except ValueError as error:
            raise UserError(f"{file}: line {line}, column '{column}': {error}") from None
    return parsed


# ---------------------------------------------------------------------------------------------
# LAIT long data set

LAIT_COLUMNS = ("Short Desc", "Years", "Values", "LA Number")
# LAIT area numbers above 969: England and the nine regions (987/988 Inner/Outer London are
# not English regions and are left out).
LAIT_AREA_CODES = {
    970: ENGLAND_CODE,
    980: "E12000001",  # North East
    981: "E12000002",  # North West
    982: "E12000003",  # Yorkshire and the Humber
    983: "E12000004",  # East Midlands
    984: "E12000005",  # West Midlands
    985: "E12000006",  # East of England
    986: LONDON_CODE,
    989: "E12000008",  # South East
    990: "E12000009",  # South West
}


def read_lait(path: Path) -> pl.DataFrame:
    """The LAIT long data set as `short_desc, year, area_code, values` (values as text).

    `area_code` is the 3-digit LA number for LA rows (LA Number < 970), an E12/E92 code for
    England and the regions; Inner/Outer London rows are dropped.
    """
    path = Path(path)
    try:
        frame = pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise UserError(f"{path.name}: cannot be read as a parquet file ({str(error).splitlines()[0]})") from None
    for column in LAIT_COLUMNS:
        if column not in frame.columns:
            raise UserError(f"{path.name}: column '{column}' is missing (the LAIT long data set needs it)")
    number = pl.col("LA Number").cast(pl.Float64).cast(pl.Int64)
    area_code = (
        pl.when(number < 970)
        .then(number.cast(pl.String).str.zfill(3))
        .otherwise(number.replace_strict(LAIT_AREA_CODES, default=None, return_dtype=pl.String))
    )
    return (
        frame.select(
            pl.col("Short Desc").alias("short_desc"),
            pl.col("Years").cast(pl.String).alias("year"),
            area_code.alias("area_code"),
            pl.col("Values").cast(pl.String).alias("values"),
        )
        .filter(pl.col("area_code").is_not_null())
    )

