"""A user's own benchmark values file: read, checked, and used in place of shipped figures."""

from decimal import Decimal

import pytest

from csc_scorecard.benchmarks.own_values import read_own_values
from csc_scorecard.benchmarks.table import benchmark_table
from csc_scorecard.issues import UserError


def own_file(tmp_path, text):
    path = tmp_path / "own.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_values_and_symbols(tmp_path):
    own = read_own_values(own_file(tmp_path, "indicator_id,year,area,value\n"
                                              "cla_ceased_16plus_to18_pct,2023,la,100\n"
                                              "cla_ceased_16plus_to18_pct,2023,region,c\n"))
    figures = own.for_measure("cla_ceased_16plus_to18_pct", 2023)
    assert figures["la"].value == Decimal("100")
    assert figures["region"].symbol == "c"
    assert own.for_measure("cla_ceased_16plus_to18_pct", 2022) is None


def test_row_21_with_the_reference_figures(tmp_path):
    # The reference prints 100 / 91 / 81 / 79 for row 21 (benchmarks.md: "unless the user supplies
    # the figures").
    own = read_own_values(own_file(tmp_path, "indicator_id,year,area,value\n" + "".join(
        f"cla_ceased_16plus_to18_pct,2023,{area},{value}\n" for area, value in (("la", 100), ("sn", 91), ("region", 81), ("england", 79)))))
    row = next(r for r in benchmark_table("343", 2023, own_values=own).rows if r.measure == "cla_ceased_16plus_to18_pct")
    assert (row.la.value, row.sn, row.region.value, row.england.value) == (100, 91, 81, 79)
    assert row.band is None and row.reasons == {"band": "no band: an own-values file gives no all-LA figures for quartiles"}


def test_missing_area_in_own_values_says_so(tmp_path):
    own = read_own_values(own_file(tmp_path, "indicator_id,year,area,value\nassessments_rate,2023,la,919\n"))
    row = next(r for r in benchmark_table("343", 2023, own_values=own).rows if r.measure == "assessments_rate")
    assert row.reasons["sn"] == "not in the own-values file"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("indicator_id,year,value\n", "own.csv: column 'area' is missing (own values need indicator_id, year, area, value)"),
        ("indicator_id,year,area,value\nfoo_rate,2023,la,1\n", "own.csv: line 2: unknown indicator_id 'foo_rate'"),
        ("indicator_id,year,area,value\nassessments_rate,23,la,1\n", "own.csv: line 2: year '23' is not a year such as 2023"),
        ("indicator_id,year,area,value\nassessments_rate,2023,nw,1\n", "own.csv: line 2: area 'nw' is not one of la, sn, region, england"),
        ("indicator_id,year,area,value\nassessments_rate,2023,la,lots\n",
         "own.csv: line 2: value 'lots' is neither a number nor a published symbol"),
        ("indicator_id,year,area,value\nassessments_rate,2023,la,1\nassessments_rate,2023,la,2\n",
         "own.csv: line 3: a second la value for assessments_rate 2023"),
    ],
)
def test_bad_own_values_files(tmp_path, text, message):
    with pytest.raises(UserError) as caught:
        read_own_values(own_file(tmp_path, text))
    assert str(caught.value) == message
