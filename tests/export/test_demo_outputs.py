"""The demo's outputs (`demo.write_demo_outputs`, the end of `scorecard demo`), run on the
synthetic store: scorecard.docx and export/ read back agree with scorecard.json."""

import io
import json
from datetime import date

import polars as pl
import pytest
from render.docx_reading import compare_with_json, read_word_rows
from rich.console import Console

from csc_scorecard.demo import write_demo_outputs
from csc_scorecard.export.tables import TABLE_SCHEMAS

DEC = date(2023, 12, 31)


@pytest.fixture(scope="module")
def demo(synthetic_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    printed = io.StringIO()
    paths = write_demo_outputs(out, synthetic_store, Console(file=printed, force_terminal=False, width=300))
    return out, paths, printed.getvalue(), json.loads((out / "scorecard.json").read_text(encoding="utf-8"))


def test_it_writes_every_output_and_the_export_and_says_where(demo):
    out, paths, printed, _ = demo
    assert set(paths) == {"html", "pdf", "xlsx", "docx", "json", "export", "full html", "full json"}
    assert paths["full html"].resolve() == (out / "full" / "scorecard.html").resolve() and paths["full html"].is_file()
    assert sorted(p.name for p in (out / "export").iterdir()) == ["benchmarks.csv", "figures.csv", "las.csv", "measures.csv"]
    assert f"export: {(out / 'export').resolve()}" in printed.splitlines()
    assert f"  docx: {(out / 'scorecard.docx').resolve()}" in printed.splitlines()


def test_word_tables_show_the_json(demo):
    out, _, _, card = demo
    assert compare_with_json(read_word_rows(out / "scorecard.docx"), card) == 23 * 14


def test_exported_headline_figures_are_the_json_cells(demo):
    out, _, _, card = demo
    figures = pl.read_csv(out / "export" / "figures.csv", schema=TABLE_SCHEMAS["figures"])
    # 24 month ends, January 2022 to December 2023
    assert sorted(set(figures["period_end"])) [0] == date(2022, 1, 31) and figures["period_end"].n_unique() == 24
    at_dec = figures.filter(pl.col("period_end") == DEC)
    compared = 0
    for row in (r for s in card["sections"] for r in s["rows"] if r["kind"] != "manual"):
        cell = next(c for c in row["cells"] if c["column"] == row["headline_column"])
        window = "rolling_12m" if row["headline_column"] == "rolling_12m" else "period_6m"
        found = at_dec.filter((pl.col("measure_id") == row["id"]) & pl.col("window").is_in([window, "snapshot"]))
        assert found.select("value", "numerator", "denominator").row(0) == (cell["value"], cell["numerator"], cell["denominator"]), row["id"]
        compared += 1
    assert compared == 21
