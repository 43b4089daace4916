"""`scorecard series` for every measure from a store loaded with synthetic extracts."""

import json
import subprocess
import sys

import pytest

from csc_scorecard.measures.registry import MEASURES
from csc_scorecard.outputs import series_output


@pytest.mark.parametrize("measure", [m.id for m in MEASURES])
def test_every_measure_has_a_series(synthetic_store, measure):
    items = json.loads(series_output(measure, 12, "2023-01", "2023-12", "json", "343", synthetic_store))
    assert [i["period_end"] for i in items][:2] == ["2023-01-31", "2023-02-28"]
    assert len(items) == 12
    december = items[-1]
    # December 2023 is covered (the Dec 2023 extract starts its period in Jan 2023)
    assert december["value"] is not None, december
    if measure not in ("agency_sw_pct", "unregulated_placements"):
        assert isinstance(december["numerator"], int) and isinstance(december["denominator"], int)
    for item in items:
        assert set(item) <= {"period_end", "value", "numerator", "denominator", "reason", "excluded"}
        if item["value"] is None:
            assert item["reason"]


def test_rate_is_count_over_population_annualised(synthetic_store):
    twelve = json.loads(series_output("referrals_rate", 12, "2023-12", "2023-12", "json", "343", synthetic_store))[0]
    assert twelve["value"] == pytest.approx(twelve["numerator"] / twelve["denominator"] * 10000)
    six = json.loads(series_output("referrals_rate", 6, "2023-12", "2023-12", "json", "343", synthetic_store))[0]
    assert six["value"] == pytest.approx(six["numerator"] / six["denominator"] * 10000 * 2)
    # Sefton's mid-2023 ONS estimate (the shipped file) is the denominator for a window ending Dec 2023
    assert twelve["denominator"] == 54154


def test_uncovered_month_says_why(synthetic_store):
    # the oldest extract (Dec 2022) starts its period in Jan 2022: a 12-month window to Nov 2022 is not covered
    item = json.loads(series_output("referrals_rate", 12, "2022-11", "2022-11", "json", "343", synthetic_store))[0]
    assert item["value"] is None and item["reason"] == "not covered by the loaded extracts"


def test_command_line_csv(synthetic_store):
    result = subprocess.run(
        [sys.executable, "-m", "csc_scorecard", "series", "cla_rate", "--months", "6", "--from", "2023-11", "--to", "2023-12",
         "--format", "csv", "--store", str(synthetic_store)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "period_end,value,numerator,denominator,reason,excluded"
    assert [line.split(",")[0] for line in lines[1:]] == ["2023-11-30", "2023-12-31"]


def test_unknown_measure_is_one_line(synthetic_store):
    result = subprocess.run(
        [sys.executable, "-m", "csc_scorecard", "series", "referals", "--from", "2023-11", "--to", "2023-12", "--store", str(synthetic_store)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: unknown measure 'referals'")
    assert "Traceback" not in result.stderr


def test_build_for_a_day_that_is_not_a_month_end_is_one_clear_line(synthetic_store, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "csc_scorecard", "build", "--as-at", "2023-12-15", "--out", str(tmp_path), "--store", str(synthetic_store)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "--as-at 2023-12-15 is not a month end: the scorecard describes a month (e.g. 2023-12-31)" in result.stderr
    assert "Traceback" not in result.stderr
