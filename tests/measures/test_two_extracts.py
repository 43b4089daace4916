"""Two extracts of one truth agree with the newer extract alone where it covers the period.

A small random truth (seeded, so the test is repeatable) of one LA from 2021-07-01 to
2023-12-31 is cut into extracts the way Annex A lists rows: flow lists by their dates in the
extract's period (an assessment or s47 enquiry also when still open at the as-at date),
episode lists when open at the as-at date or ended within the period, dates after the as-at
date blanked. Counts the files carry (`Number of Referrals in Last 12 Months`, `Number of
Previous Child Protection Plans`) are computed from the whole truth, as a case-management
system would.
"""

import random
from datetime import date, timedelta

import polars as pl
import pytest

from csc_scorecard.dates import month_end, shift_months
from csc_scorecard.measures.registry import MEASURES
from csc_scorecard.measures.series import REASON_NOT_COVERED, compute_series

from .extract_builders import POPULATION_10000, TEST_LA, extract_set

TRUTH_START = date(2021, 7, 1)
TRUTH_END = date(2023, 12, 31)
COMPARED = ["value", "numerator", "denominator", "reason"]
# The lists the truth below has (no contacts or early help): the measures reading only these.
TRUTH_LISTS = {"referrals", "assessments", "s47_icpc", "children_in_need", "child_protection", "children_in_care", "care_leavers"}
ON_TRUTH = [m for m in MEASURES if set(m.lists) <= TRUTH_LISTS]
NOT_ATTRIBUTE = [m.id for m in ON_TRUTH if m.kind not in ("attribute", "manual")]
ATTRIBUTE = [m.id for m in ON_TRUTH if m.kind == "attribute"]


def _day(rng: random.Random, first: date = TRUTH_START, last: date = TRUTH_END) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _maybe_after(rng: random.Random, start: date, most_days: int, open_chance: float) -> date | None:
    end = start + timedelta(days=rng.randrange(most_days))
    return None if rng.random() < open_chance or end > TRUTH_END else end


def make_truth(seed: int, children: int = 120) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    truth: dict[str, list[dict]] = {name: [] for name in TRUTH_LISTS}
    for n in range(children):
        child = f"C{n:03d}"
        dob = _day(rng, date(2003, 1, 1), date(2021, 1, 1))
        referral_dates = sorted({_day(rng) for _ in range(rng.randrange(4))})
        for when in referral_dates:
            earlier = [r for r in referral_dates if shift_months(when, -12) <= r < when]
            truth["referrals"].append({"child_id": child, "referral_date": when, "referral_source": "1A", "referrals_last_12m": len(earlier)})
            if rng.random() < 0.7:
                start = when + timedelta(days=rng.randrange(5))
                if start <= TRUTH_END:
                    truth["assessments"].append({"child_id": child, "assessment_start_date": start,
                                                 "assessment_authorised_date": _maybe_after(rng, start, 90, 0.1)})
            if rng.random() < 0.3:
                start = when + timedelta(days=rng.randrange(10))
                if start <= TRUTH_END:
                    truth["s47_icpc"].append({"child_id": child, "s47_start_date": start,
                                              "icpc_date": _maybe_after(rng, start, 30, 0.4)})
        if rng.random() < 0.5:
            start = _day(rng)
            truth["children_in_need"].append({"child_id": child, "cin_start_date": start,
                                              "cin_closure_date": _maybe_after(rng, start, 400, 0.4)})
        plan_start = _day(rng, date(2020, 1, 1))
        for previous in range(rng.randrange(3)):
            end = _maybe_after(rng, plan_start, 900, 0.3)
            truth["child_protection"].append({"child_id": child, "cpp_start_date": plan_start, "cpp_end_date": end,
                                              "previous_cpps": previous})
            if end is None or end + timedelta(days=30) > TRUTH_END:
                break
            plan_start = end + timedelta(days=1 + rng.randrange(200))
            if plan_start > TRUTH_END:
                break
        care_start = _day(rng, date(2019, 1, 1))
        for _ in range(rng.randrange(3)):
            ceased = _maybe_after(rng, care_start, 800, 0.4)
            truth["children_in_care"].append({
                "child_id": child, "cla_start_date": care_start, "cla_ceased_date": ceased, "date_of_birth": dob,
                "legal_status": rng.choice(["C2", "C2", "V2", "V3", "E1"]),
                "reason_ceased": rng.choice(["E11", "E12", "E45", "E4A", "E13"]) if ceased else None,
                "missing_episodes_12m": rng.randrange(2), "absent_episodes_12m": rng.randrange(2),
                "last_health_assessment_date": _day(rng, date(2021, 1, 1)),
                "last_dental_check_date": _day(rng, date(2021, 1, 1)),
            })
            if ceased is None or ceased + timedelta(days=30) > TRUTH_END:
                break
            care_start = ceased + timedelta(days=1 + rng.randrange(100))
            if care_start > TRUTH_END:
                break
        if rng.random() < 0.3:
            truth["care_leavers"].append({"child_id": child, "date_of_birth": _day(rng, date(2001, 1, 1), date(2005, 12, 31)),
                                          "in_touch": "Yes", "accommodation_suitability": rng.choice(["Suitable", "Unsuitable"]),
                                          "activity_status": rng.choice(["F1", "G5"])})
    return truth


def _blank_after(value: date | None, as_at: date) -> date | None:
    return None if value is None or value > as_at else value


def cut(truth: dict[str, list[dict]], extract_id: int, as_at: date, period_start: date) -> dict[str, list[dict]]:
    """The lists an extract as at `as_at` with period start `period_start` would carry."""
    def within(day):
        return day is not None and period_start <= day <= as_at

    def episode_listed(start, end):
        return start <= as_at and (end is None or end >= period_start)

    out: dict[str, list[dict]] = {name: [] for name in truth}
    for row in truth["referrals"]:
        if within(row["referral_date"]):
            out["referrals"].append(row)
    for row in truth["assessments"]:
        start, done = row["assessment_start_date"], row["assessment_authorised_date"]
        if within(done) or (start <= as_at and (done is None or done > as_at)):
            out["assessments"].append({**row, "assessment_authorised_date": _blank_after(done, as_at)})
    for row in truth["s47_icpc"]:
        start, icpc = row["s47_start_date"], row["icpc_date"]
        if within(start) or within(icpc) or (start <= as_at and (icpc is None or icpc > as_at)):
            out["s47_icpc"].append({**row, "icpc_date": _blank_after(icpc, as_at)})
    for name, start_col, end_col in (
        ("children_in_need", "cin_start_date", "cin_closure_date"),
        ("child_protection", "cpp_start_date", "cpp_end_date"),
        ("children_in_care", "cla_start_date", "cla_ceased_date"),
    ):
        for row in truth[name]:
            if episode_listed(row[start_col], row[end_col]):
                blanked = {k: _blank_after(v, as_at) if k.endswith("_date") and k != "date_of_birth" else v for k, v in row.items()}
                out[name].append(blanked)
    out["care_leavers"] = list(truth["care_leavers"])
    return {name: [{**row, "extract_id": extract_id} for row in rows] for name, rows in out.items()}


def _extract(extract_id, as_at, period_start):
    return {"extract_id": extract_id, "la_code": TEST_LA, "as_at": as_at, "period_start": period_start}


OLDER = (1, date(2022, 12, 31), date(2022, 1, 1))
NEWER = (2, date(2023, 12, 31), date(2022, 7, 1))
MONTH_ENDS_2022 = [month_end(date(2022, m, 1)) for m in range(1, 13)]
ALL_MONTH_ENDS = [month_end(date(y, m, 1)) for y in (2022, 2023) for m in range(1, 13)]


def _sets(seed):
    truth = make_truth(seed)
    older, newer = cut(truth, *OLDER), cut(truth, *NEWER)
    both = extract_set([_extract(*OLDER), _extract(*NEWER)], **{n: older[n] + newer[n] for n in truth})
    newer_alone = extract_set([_extract(*NEWER)], **newer)
    older_alone = extract_set([_extract(*OLDER)], **older)
    whole = extract_set([_extract(2, TRUTH_END, TRUTH_START)], **cut(truth, 2, TRUTH_END, TRUTH_START))
    return both, newer_alone, older_alone, whole


def _series(es, measures, month_ends):
    return compute_series(es, measures, month_ends, [1, 3, 6, 12], population=POPULATION_10000)


@pytest.mark.parametrize("seed", [1, 2])
def test_two_extracts_match_the_newer_alone_for_2022_month_ends_it_covers(seed):
    both, newer_alone, _, _ = _sets(seed)
    expected = _series(newer_alone, NOT_ATTRIBUTE, MONTH_ENDS_2022).filter(
        pl.col("reason").fill_null("") != REASON_NOT_COVERED
    )
    got = _series(both, NOT_ATTRIBUTE, MONTH_ENDS_2022)
    joined = expected.join(got, on=["la_code", "measure", "months", "period_end"], suffix="_both")
    # Jul-Dec 2022 cells: stocks (x 6 month ends x 4 window lengths) and flows whose window
    # starts on or after 2022-07-01 (6 one-month, 4 three-month, 1 six-month windows); a flow
    # that also needs the 12 months before its window (s47_repeat_12m_pct) is not covered then.
    stocks = len([m for m in ON_TRUTH if m.kind == "stock"])
    flows = len([m for m in ON_TRUTH if m.kind == "flow" and not m.looks_back])
    assert joined.height == expected.height == stocks * 6 * 4 + flows * (6 + 4 + 1)
    for column in COMPARED:
        assert joined[column].to_list() == joined[f"{column}_both"].to_list(), column
    assert joined["numerator"].sum() > 200  # the comparison is not of empty figures


@pytest.mark.parametrize("seed", [1, 2])
def test_two_extracts_match_the_whole_truth_wherever_they_cover(seed):
    both, _, _, whole = _sets(seed)
    got = _series(both, NOT_ATTRIBUTE, ALL_MONTH_ENDS).filter(pl.col("reason").fill_null("") != REASON_NOT_COVERED)
    expected = _series(whole, NOT_ATTRIBUTE, ALL_MONTH_ENDS)
    joined = got.join(expected, on=["la_code", "measure", "months", "period_end"], suffix="_whole")
    assert joined.height == got.height > 0
    for column in COMPARED:
        assert joined[column].to_list() == joined[f"{column}_whole"].to_list(), column


def test_attribute_measures_answer_from_each_extract_for_its_own_month():
    both, newer_alone, older_alone, _ = _sets(1)
    at_2022 = _series(both, ATTRIBUTE, [date(2022, 12, 31)])
    assert at_2022.select(COMPARED).rows() == _series(older_alone, ATTRIBUTE, [date(2022, 12, 31)]).select(COMPARED).rows()
    at_2023 = _series(both, ATTRIBUTE, [date(2023, 12, 31)])
    assert at_2023.select(COMPARED).rows() == _series(newer_alone, ATTRIBUTE, [date(2023, 12, 31)]).select(COMPARED).rows()
    assert at_2022["denominator"].sum() > 0 and at_2023["denominator"].sum() > 0
