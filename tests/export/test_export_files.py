"""`scorecard export` end to end on the synthetic store: every figure the scorecard shows equals
the export's, and each format reads back as written (csv, parquet, xlsx)."""

import json
from datetime import date

import polars as pl
import pytest
from cli_run import scorecard
from python_calamine import CalamineWorkbook

from csc_scorecard.dates import months_back
from csc_scorecard.export.tables import TABLE_SCHEMAS

DEC = date(2023, 12, 31)


@pytest.fixture(scope="module")
def built(synthetic_store, tmp_path_factory):
    """scorecard.json as at Dec 2023 and the CSV export of Jan-Dec 2023, both from the command line."""
    out = tmp_path_factory.mktemp("built")
    result = scorecard("build", "--as-at", "2023-12-31", "--format", "json", "--out", out / "card", store=synthetic_store)
    assert result.returncode == 0, result.stderr
    result = scorecard("export", "--from", "2023-01", "--to", "2023-12", "--format", "csv", "--out", out / "export",
                       store=synthetic_store)
    assert result.returncode == 0, result.stderr
    card = json.loads((out / "card" / "scorecard.json").read_text())
    figures = pl.read_csv(out / "export" / "figures.csv", schema=TABLE_SCHEMAS["figures"])
    return card, figures, result, out / "export"


def exported(figures, measure, window, period_end):
    found = figures.filter((pl.col("measure_id") == measure) & (pl.col("window") == window) & (pl.col("period_end") == period_end))
    assert found.height == 1, (measure, window, period_end)
    return found.row(0, named=True)


def test_every_scorecard_cell_is_an_exported_figure(built):
    card, figures, _, _ = built
    compared = 0
    for section in card["sections"]:
        for row in section["rows"]:
            if row["kind"] == "manual":
                continue
            snapshot = exported(figures, row["id"], "snapshot", DEC) if "snapshot" in figures.filter(pl.col("measure_id") == row["id"])["window"].to_list() else None
            for cell in row["cells"]:
                if cell["column"] not in ("rolling_12m", "rolling_6m", "period_year_ago", "period_to_date"):
                    continue
                end = months_back(DEC, 12) if cell["column"] == "period_year_ago" else DEC
                if end < date(2023, 1, 31):
                    continue  # before the export's months
                window = {"rolling_12m": "rolling_12m", "rolling_6m": "rolling_6m"}.get(cell["column"], "period_6m")
                found = snapshot if snapshot is not None else exported(figures, row["id"], window, end)
                assert (found["value"], found["numerator"], found["denominator"]) == (cell["value"], cell["numerator"], cell["denominator"]), (row["id"], cell["column"])
                compared += 1
            for month in row["monthly"]:
                end = date.fromisoformat(month["period_end"])
                if snapshot is None and end >= date(2023, 1, 31):
                    found = exported(figures, row["id"], "monthly", end)
                    assert (found["value"], found["numerator"], found["denominator"]) == (month["value"], month["numerator"], month["denominator"])
                    compared += 1
    # 21 computed rows: 5 rolling rows x 2 cells, 16 period rows with this year's cell; 12 months of
    # monthly figures for the 5 + 11 non-snapshot flows and attribute windows
    assert compared >= 5 * 2 + 16


def test_manual_rows_are_the_value_supplied(built):
    card, figures, _, _ = built
    row = next(r for s in card["sections"] for r in s["rows"] if r["id"] == "agency_sw_pct")
    # the demo's manual values: 49% supplied for 30 September 2023, the latest on or before December
    assert exported(figures, "agency_sw_pct", "snapshot", DEC)["value"] == 49.0 == next(c["value"] for c in row["cells"] if c["column"] == "rolling_6m")


def test_progress_is_plain_lines_on_stderr_without_a_terminal(built):
    _, _, result, folder = built
    lines = result.stderr.splitlines()
    # figures, per month end: 5 rolling flows x 3 windows, 9 period flows x 2, 7 stocks and snapshot
    # attributes and 2 manual rows once: 42; x 12 months = 504. Benchmarks: 21 benchmarked rows less
    # assessments_rate and cla_ceased_16plus_to18_pct (no published counterpart) x 3 years (2021-23)
    assert lines[:4] == [
        "Exporting: 1/5 figures: 504 rows",
        "Exporting: 2/5 measures: 23 rows",
        "Exporting: 3/5 benchmarks: 57 rows",
        "Exporting: 4/5 las: 1 row",
    ]
    assert lines[4:] == [f"Exporting: 5/5 wrote 4 file(s) to {folder}"]
    # standard output holds the results only: the files written
    assert result.stdout.splitlines() == [f"wrote {folder / name}.csv" for name in ("figures", "measures", "benchmarks", "las")]


@pytest.mark.parametrize("output_format", ["parquet", "xlsx"])
def test_other_formats_hold_the_same_tables(built, synthetic_store, tmp_path, output_format):
    _, figures, _, csv_folder = built
    result = scorecard("export", "--from", "2023-01", "--to", "2023-12", "--format", output_format, "--out", tmp_path,
                       store=synthetic_store)
    assert result.returncode == 0, result.stderr
    for name in ("figures", "measures", "benchmarks", "las"):
        expected = pl.read_csv(csv_folder / f"{name}.csv", schema=TABLE_SCHEMAS[name])
        if output_format == "parquet":
            got = pl.read_parquet(tmp_path / f"{name}.parquet")
            columns = {column: got[column].to_list() for column in got.columns}
        else:
            sheet = CalamineWorkbook.from_path(str(tmp_path / "scorecard-export.xlsx")).get_sheet_by_name(name).to_python()
            columns = {header: [excel_cell(row[i], expected[header].dtype) for row in sheet[1:]] for i, header in enumerate(sheet[0])}
        assert list(columns) == expected.columns
        for column in expected.columns:
            want = expected[column].to_list()
            have = columns[column]
            if output_format == "xlsx" and expected[column].dtype == pl.Float64:
                # XlsxWriter writes a number with 16 significant digits (Excel itself keeps 15):
                # the last binary digit may differ; numerator and denominator stay exact
                want = [None if v is None else pytest.approx(v, rel=1e-15, abs=0) for v in want]
            assert have == want, (name, column)


def excel_cell(value, dtype):
    """A cell as calamine reads it, as the column's type: a blank is "", every number a float, a date a datetime."""
    if value == "":
        return None
    if dtype == pl.Int64:
        return int(value)
    if dtype == pl.Date:
        return value.date() if hasattr(value, "date") else value
    return value


def test_a_bad_month_is_one_line(synthetic_store, tmp_path):
    result = scorecard("export", "--from", "2023-13", "--to", "2023-12", "--out", tmp_path, store=synthetic_store)
    assert result.returncode == 1
    assert result.stderr.strip() == "error: --from '2023-13' is not a month: expected YYYY-MM, e.g. 2023-12"
    result = scorecard("export", "--from", "2023-01", "--to", "2023-12", "--format", "json", "--out", tmp_path, store=synthetic_store)
    assert result.returncode == 1
    assert result.stderr.strip() == "error: --format 'json': choose csv, parquet, xlsx"
    result = scorecard("export", "--from", "2023-01", "--to", "2023-12", "--la", "340", "--out", tmp_path, store=synthetic_store)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"error: the store {synthetic_store} holds no extract for LA 340: "
                                     "load an Annex A workbook first (scorecard load)")
    assert not any(tmp_path.iterdir())
