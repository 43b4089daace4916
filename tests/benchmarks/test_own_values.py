"""A user's own benchmark values file: read, checked, and used in place of shipped figures."""

import os
from datetime import datetime
from decimal import Decimal

import pytest

from csc_scorecard.benchmarks.own_values import OwnFigures, OwnValues, newest, read_own_values
from csc_scorecard.benchmarks.shipped import Figure
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
    assert row.band is None and row.reasons == {"band": "no band: own values give no all-LA figures for quartiles"}


def test_missing_area_in_own_values_says_so(tmp_path):
    own = read_own_values(own_file(tmp_path, "indicator_id,year,area,value\nassessments_rate,2023,la,919\n"))
    row = next(r for r in benchmark_table("343", 2023, own_values=own).rows if r.measure == "assessments_rate")
    assert row.reasons["sn"] == "not in the own values"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("indicator_id,year,value\n", "own.csv: missing column(s) area (expected indicator_id, year, area, value)"),
        ("indicator_id,year,area,value\nfoo_rate,2023,la,1\n",
         "own.csv, row 2, column 'indicator_id': 'foo_rate' is not an indicator with a published counterpart ("),
        ("indicator_id,year,area,value\nassessments_rate,23,la,1\n",
         "own.csv, row 2, column 'year': '23' is not a reporting year such as 2023 (the year ending 31 March 2023)"),
        ("indicator_id,year,area,value\nassessments_rate,2023,nw,1\n",
         "own.csv, row 2, column 'area': 'nw' is not one of la, sn, region, england"),
        ("indicator_id,year,area,value\n# a comment\nassessments_rate,2023,la,lots\n",
         "own.csv, row 3, column 'value': 'lots' is not a number or a published symbol (c, x, z, ...)"),
        ("indicator_id,year,area,value\nassessments_rate,2023,la,\n",
         "own.csv, row 2, column 'value': '' is not a number or a published symbol (c, x, z, ...)"),
        ("indicator_id,year,area,value\ncla_ceased_16plus_to18_pct,2023,la,100.5\n",
         "own.csv, row 2, column 'value': '100.5' is not a percentage between 0 and 100"),
        ("indicator_id,year,area,value\nassessments_rate,2023,la,-4\n",
         "own.csv, row 2, column 'value': '-4' is not a number of 0 or more"),
        ("indicator_id,year,area,value\nassessments_rate,2023,la,1\n\nassessments_rate,2023,LA,2\n",
         "own.csv, row 4: the la value of assessments_rate for 2023 is given twice (also row 2)"),
    ],
)
def test_bad_own_values_files(tmp_path, text, message):
    with pytest.raises(UserError) as caught:
        read_own_values(own_file(tmp_path, text))
    assert str(caught.value).startswith(message)


def test_the_source_names_the_file_and_the_day_it_was_saved(tmp_path):
    path = own_file(tmp_path, "indicator_id,year,area,value\nassessments_rate,2023,la,919\n")
    saved = datetime(2024, 1, 15, 9, 30).timestamp()
    os.utime(path, (saved, saved))
    own = read_own_values(path)
    assert own.source_of("assessments_rate", 2023) == "own values: own.csv, saved 15 Jan 2024"
    assert own.source_of("assessments_rate", 2022) is None


def test_the_newest_source_wins_per_measure_and_year(tmp_path):
    def figures(value: int, source: str, day: int) -> OwnFigures:
        return OwnFigures({"la": Figure(Decimal(value))}, source, datetime(2024, 1, day))

    older = OwnValues({("assessments_rate", 2023): figures(900, "old", 1), ("cla_ceased_16plus_to18_pct", 2023): figures(99, "old", 1)})
    newer = OwnValues({("assessments_rate", 2023): figures(919, "new", 2)})
    merged = newest(older, None, newer)
    assert merged.source_of("assessments_rate", 2023) == "new"
    assert merged.for_measure("assessments_rate", 2023)["la"].value == 919
    assert merged.source_of("cla_ceased_16plus_to18_pct", 2023) == "old"  # kept: the newer gives no such year
    assert newest(newer, older).source_of("assessments_rate", 2023) == "new"  # not by order
    assert newest(None, OwnValues({})) is None
