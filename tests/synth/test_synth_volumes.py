"""At scale 1 the synthetic LA has the reference LA's volumes (tolerances from the project's issue)."""

from datetime import date

import polars as pl
import pytest

from csc_scorecard.synth import extract_at


def within(value: float, target: float, tolerance: float) -> bool:
    return target * (1 - tolerance) <= value <= target * (1 + tolerance)


@pytest.fixture(scope="module")
def year_end_extracts(full_la):
    return {year: extract_at(full_la, date(year, 12, 31)) for year in (2021, 2022, 2023)}


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_yearly_flows(year_end_extracts, year):
    frames = year_end_extracts[year]
    first, last = date(year, 1, 1), date(year, 12, 31)
    referrals = frames["referrals"]
    assert within(referrals.height, 4400, 0.15)
    re_referred = referrals.filter(pl.col("referrals_last_12m") >= 1).height / referrals.height
    assert 0.20 <= re_referred <= 0.30
    authorised = frames["assessments"]["assessment_authorised_date"].is_between(first, last).sum()
    assert within(authorised, 4400, 0.15)
    enquiries = frames["s47_icpc"]
    assert within(enquiries["s47_start_date"].is_between(first, last).sum(), 1900, 0.15)
    assert within(enquiries["icpc_date"].is_between(first, last).sum(), 500, 0.2)


def _open_children(frame: pl.DataFrame, end_column: str, as_at: date) -> int:
    return frame.filter(pl.col(end_column).is_null() | (pl.col(end_column) > as_at))["child_id"].n_unique()


@pytest.mark.parametrize("as_at", [date(2021, 3, 31), date(2022, 8, 31), date(2023, 12, 31)])
def test_stocks_at_a_month_end(full_la, as_at):
    frames = extract_at(full_la, as_at)
    care = frames["children_in_care"].filter(~pl.col("legal_status").is_in(["V3", "V4"]))
    assert within(_open_children(care, "cla_ceased_date", as_at), 610, 0.15)
    assert within(_open_children(frames["child_protection"], "cpp_end_date", as_at), 330, 0.2)
    assert within(_open_children(frames["children_in_need"], "cin_closure_date", as_at), 2700, 0.15)
    assert within(frames["care_leavers"].height, 250, 0.2)


def test_referrals_fall_through_2023_as_the_reference_did(full_la):
    referrals = full_la["referrals"]
    first_half = referrals["referral_date"].is_between(date(2023, 1, 1), date(2023, 6, 30)).sum()
    second_half = referrals["referral_date"].is_between(date(2023, 7, 1), date(2023, 12, 31)).sum()
    assert second_half < first_half


def test_rates_the_scorecard_reads_are_in_a_realistic_range(full_la, year_end_extracts):
    """Shares near the reference's (not exact): timeliness, repeats, health, care leavers."""
    frames = year_end_extracts[2023]
    leavers = frames["care_leavers"].filter(pl.col("age").is_between(19, 21) & (pl.col("in_touch") != "Died"))
    suitable = (leavers["accommodation_suitability"] == "Suitable").sum() / leavers.height
    in_education_or_work = leavers["activity_status"].str.contains("^[FP]").sum() / leavers.height
    assert 0.8 <= suitable <= 0.98
    assert 0.3 <= in_education_or_work <= 0.6
    plans = frames["child_protection"].filter(pl.col("cpp_start_date") >= date(2023, 1, 1))
    assert 0.08 <= (plans["previous_cpps"] >= 1).mean() <= 0.3
    assert (frames["care_leavers"]["in_touch"] == "Died").sum() <= 10
