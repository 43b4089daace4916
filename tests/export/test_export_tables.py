"""The tidy export's tables from a store whose referrals are chosen here, each figure worked out
by hand in a comment (Sefton's mid-2023 ONS estimate of children 0-17, 54,154, is the population
of every window ending from July 2023 to June 2024)."""

from datetime import date
from fractions import Fraction

import polars as pl
import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

from csc_scorecard.config import default_config
from csc_scorecard.export.tables import export_tables
from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import load_annex_a

DEC = date(2023, 12, 31)
NOV = date(2023, 11, 30)
POPULATION = 54154


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """One extract as at 31 Dec 2023 (period from 1 Jan 2023) with four referrals:
    C1 10 Feb 2023, C2 15 Aug 2023 (1 referral in the 12 months before), C3 3 Nov 2023,
    C1 again 20 Nov 2023 (a re-referral: C1's February referral is within 12 months)."""
    folder = tmp_path_factory.mktemp("export")
    rows = [
        referral("C1", date(2023, 2, 10)),
        referral("C2", date(2023, 8, 15), prior=1),
        referral("C3", date(2023, 11, 3)),
        referral("C1", date(2023, 11, 20)),
    ]
    path = write_workbook(folder / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, *rows]})
    store = open_store(folder / "store")
    try:
        assert load_annex_a(store, read_annex_a(path, DEC), DEC, "343", date(2023, 1, 1)).status == "loaded"
        return export_tables(store, default_config(), "343", [NOV, DEC])
    finally:
        store.dispose()


def figure(tables, measure, window, period_end):
    found = tables.figures.filter(
        (pl.col("measure_id") == measure) & (pl.col("window") == window) & (pl.col("period_end") == period_end)
    )
    assert found.height == 1, found
    return found.row(0, named=True)


def test_referral_rates_over_each_window(tables):
    # 12 months to Dec 2023: 4 referrals; 4 / 54,154 x 10,000
    assert figure(tables, "referrals_rate", "rolling_12m", DEC) == {
        "la_code": "343", "measure_id": "referrals_rate", "window": "rolling_12m", "period_start": date(2023, 1, 1),
        "period_end": DEC, "value": float(Fraction(40_000, POPULATION)), "numerator": 4, "denominator": POPULATION,
        "reason": None,
    }
    # 6 months Jul-Dec: C2, C3, C1 = 3, annualised: 3 / 54,154 x 10,000 x 12 / 6
    six = figure(tables, "referrals_rate", "rolling_6m", DEC)
    assert (six["period_start"], six["value"], six["numerator"]) == (date(2023, 7, 1), float(Fraction(60_000, POPULATION)), 3)
    # November alone: C3 and C1 = 2, annualised x 12; December: none, a rate of 0
    november = figure(tables, "referrals_rate", "monthly", NOV)
    assert (november["period_start"], november["value"], november["numerator"]) == (date(2023, 11, 1), float(Fraction(240_000, POPULATION)), 2)
    assert figure(tables, "referrals_rate", "monthly", DEC)["value"] == 0.0


def test_rereferral_percentages_and_a_zero_denominator(tables):
    # re-referrals: C2 (prior 1) and C1's second; of 4 in 12 months, of 3 in 6 months, of 2 in November
    assert [figure(tables, "rereferrals_pct", w, DEC)[k] for w in ("rolling_12m", "rolling_6m") for k in ("value", "numerator", "denominator")] == [
        50.0, 2, 4, float(Fraction(200, 3)), 2, 3,
    ]
    assert figure(tables, "rereferrals_pct", "monthly", NOV)["value"] == 50.0
    december = figure(tables, "rereferrals_pct", "monthly", DEC)
    assert (december["value"], december["numerator"], december["denominator"], december["reason"]) == (None, 0, 0, "zero denominator")


def test_absent_figures_say_why(tables):
    # the 12 months to November 2023 start in December 2022, before the extract's period
    assert figure(tables, "referrals_rate", "rolling_12m", NOV)["reason"] == "not covered by the loaded extracts"
    cla = figure(tables, "cla_rate", "snapshot", DEC)
    assert cla["value"] is None and cla["reason"].startswith("no List 8 ")
    assert figure(tables, "agency_sw_pct", "snapshot", DEC)["reason"] == "no value supplied on or before this date"


def test_windows_follow_the_layouts_sections(tables):
    windows = tables.figures.group_by("measure_id").agg(pl.col("window").unique().sort())
    by_measure = dict(zip(windows["measure_id"], windows["window"].to_list()))
    assert by_measure["referrals_rate"] == ["monthly", "rolling_12m", "rolling_6m"]  # first section: rolling
    assert by_measure["icpc_rate"] == ["monthly", "period_6m"]  # a flow in a period section
    assert by_measure["cpp_rate"] == ["snapshot"]  # a stock
    assert by_measure["unregulated_placements"] == ["snapshot"]  # manual
    # one row per figure: 23 measures; 5 rolling flows x 3 windows, 13 period flows x 2, 5 snapshots, 2 month ends
    assert tables.figures.height == 2 * (5 * 3 + by_measure_count(by_measure, ["monthly", "period_6m"]) * 2
                                         + by_measure_count(by_measure, ["snapshot"]))
    assert tables.figures.select("la_code", "measure_id", "window", "period_end").is_duplicated().sum() == 0


def by_measure_count(by_measure, windows):
    return sum(1 for found in by_measure.values() if found == windows)


def test_dimension_tables(tables):
    assert tables.measures.height == 23
    first = tables.measures.row(1, named=True)
    assert (first["id"], first["unit"], first["polarity"]) == ("rereferrals_pct", "pct", "low")
    assert first["title"] == "Referrals to social care that were within 12 months of a previous referral (%)"
    assert first["definition"].startswith("Denominator: referrals in the window.")
    assert tables.las.to_dicts() == [{"code": "343", "name": "Sefton", "region": "North West"}]
    assert set(tables.figures["measure_id"]) == set(tables.measures["id"])


def test_benchmarks_are_the_published_figures_unrounded(tables):
    found = tables.benchmarks.filter((pl.col("measure_id") == "referrals_rate") & (pl.col("year") == 2023))
    # benchmarks.md section 2 for Sefton 2022-23: SN mean (512.4 + 282.5 + 906.5 + 549.7 + 542.7 + 740.3
    # + 761.6 + 727.7 + 724.8 + 553.6) / 10 = 630.18; Q1/Q3 of the 152 LA rates 449.4 and 690.525
    assert found.to_dicts() == [{
        "measure_id": "referrals_rate", "year": 2023, "release": "2023", "la": 822.6, "sn": 630.18, "sn_count": 10,
        "region": 529.6, "england": 544.5, "q1": 449.4, "q3": 690.525, "band": "Higher",
    }]
    # no benchmark for the manual rows; every benchmarked measure is a measure of the table
    assert set(tables.benchmarks["measure_id"]) <= set(tables.measures["id"]) - {"agency_sw_pct", "unregulated_placements"}
