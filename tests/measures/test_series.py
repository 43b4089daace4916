"""The series frame, its JSON, the registry, and rows and figures coming from one code path."""

from datetime import date

import polars as pl
import pytest
from figure_checks import numerator_of

from csc_scorecard.issues import UserError
from csc_scorecard.measures.registry import MEASURES, get, reference_ids
from csc_scorecard.measures.series import compute_series, measure_rows, series_json

from .extract_builders import POPULATION_10000, TEST_LA, d, extract_set
from .test_two_extracts import _sets

# spec/indicators.md, "The 23 indicators": number, id, unit, polarity, kind
SPEC_TABLE = [
    (1, "referrals_rate", "rate", "neutral", "flow"),
    (2, "rereferrals_pct", "pct", "low", "flow"),
    (3, "assessments_rate", "rate", "neutral", "flow"),
    (4, "assessments_45wd_pct", "pct", "high", "flow"),
    (5, "s47_rate", "rate", "neutral", "flow"),
    (6, "agency_sw_pct", "pct", "low", "manual"),
    (7, "unregulated_placements", "count", "low", "manual"),
    (8, "icpc_rate", "rate", "neutral", "flow"),
    (9, "icpc_15wd_pct", "pct", "high", "flow"),
    (10, "cin_rate", "rate", "neutral", "stock"),
    (11, "cpp_rate", "rate", "neutral", "stock"),
    (12, "cpp_repeat_pct", "pct", "low", "flow"),
    (13, "cpp_ended_2y_pct", "pct", "low", "flow"),
    (14, "cla_rate", "rate", "neutral", "stock"),
    (15, "cla_missing_pct", "pct", "neutral", "attribute"),
    (16, "cla_absent_pct", "pct", "neutral", "attribute"),
    (17, "cla_dental_pct", "pct", "high", "attribute"),
    (18, "cla_health_pct", "pct", "high", "attribute"),
    (19, "cla_ceased_adopted_pct", "pct", "neutral", "flow"),
    (20, "cla_ceased_sgo_pct", "pct", "neutral", "flow"),
    (21, "cla_ceased_16plus_to18_pct", "pct", "high", "flow"),
    (22, "care_leavers_suitable_pct", "pct", "high", "attribute"),
    (23, "care_leavers_eet_pct", "pct", "high", "attribute"),
]


def test_the_registry_is_the_spec_table_in_number_order():
    # the reference 23 first; the library (docs/measures.md) numbered after them
    assert [(m.number, m.id, m.unit, m.polarity, m.kind) for m in MEASURES][:23] == SPEC_TABLE
    assert reference_ids() == tuple(row[1] for row in SPEC_TABLE)
    # the reference 1-23, then the library in blocks (24-42, Lists 1-5 and caseloads from 43, Lists 6-11 from 70)
    numbers = [m.number for m in MEASURES]
    assert numbers[:23] == list(range(1, 24)) and numbers == sorted(set(numbers))
    assert get("cla_rate").source == "children_in_care"
    assert all(m.definition for m in MEASURES)


def test_an_unknown_measure_is_a_user_error():
    with pytest.raises(UserError, match="unknown measure 'nope'"):
        get("nope")


def test_series_json_has_the_shape_of_the_spec():
    es = extract_set(
        [{"extract_id": 1, "la_code": TEST_LA, "as_at": d("2023-12-31"), "period_start": d("2023-01-01")}],
        referrals=[{"child_id": "A", "referral_date": d("2023-11-15")}],
    )
    series = compute_series(es, "referrals_rate", [d("2023-12-31"), d("2023-11-30"), d("2022-12-31")], 1, population=POPULATION_10000)
    assert series_json(series) == [
        {"period_end": "2022-12-31", "value": None, "numerator": None, "denominator": None,
         "reason": "not covered by the loaded extracts"},
        # 1 referral in November: 1 / 10,000 x 10,000 x 12/1 = 12.0
        {"period_end": "2023-11-30", "value": 12.0, "numerator": 1, "denominator": 10_000},
        {"period_end": "2023-12-31", "value": 0.0, "numerator": 0, "denominator": 10_000},
    ]
    with pytest.raises(ValueError):
        series_json(compute_series(es, ["referrals_rate", "s47_rate"], [d("2023-12-31")], 1))


def test_a_zero_denominator_gives_no_value_with_a_reason():
    es = extract_set(referrals=[{"child_id": "A", "referral_date": d("2023-11-15")}])
    row = compute_series(es, "rereferrals_pct", [d("2023-06-30")], 1).row(0, named=True)
    assert (row["value"], row["numerator"], row["denominator"], row["reason"]) == (None, 0, 0, "zero denominator")


def test_a_period_end_that_is_not_a_month_end():
    es = extract_set(referrals=[{"child_id": c, "referral_date": d(day)} for c, day in
                                [("A", "2023-02-15"), ("B", "2023-02-16"), ("C", "2023-03-15"), ("D", "2023-03-16")]])
    row = compute_series(es, "referrals_rate", [d("2023-03-15")], 1, population=POPULATION_10000).row(0, named=True)
    # window 2023-02-16 .. 2023-03-15: B, C
    assert (row["window_start"], row["numerator"]) == (d("2023-02-16"), 2)


def test_drill_through_rows_give_exactly_the_figures():
    both, *_ = _sets(3)
    ends = [date(2023, 6, 30), date(2023, 12, 31)]
    series = compute_series(both, None, ends, [6, 12], population=POPULATION_10000).filter(pl.col("reason").is_null())
    checked = 0
    for row in series.filter(pl.col("number").is_in([6, 7]).not_()).iter_rows(named=True):
        rows = measure_rows(both, row["measure"], row["period_end"], row["months"], row["la_code"])
        assert numerator_of(get(row["measure"]), rows) == row["numerator"], row["measure"]
        if get(row["measure"]).counted_denominator:
            assert rows["in_denominator"].sum() == row["denominator"], row["measure"]
        checked += row["numerator"] > 0
    assert checked >= 30


def test_every_declared_counterpart_is_mapped_in_every_release_and_phrased():
    from csc_scorecard.benchmarks.sources import MEASURES as BENCHMARKED
    from csc_scorecard.benchmarks.sources import RELEASES

    # every reference measure but the two manual ones (6, 7) has a published counterpart of its
    # own id; no library measure (24 on) has one mapped yet
    assert BENCHMARKED == tuple(m.id for m in MEASURES if m.number not in (6, 7) and m.id in reference_ids())
    assert all(set(release.measures) == set(BENCHMARKED) for release in RELEASES.values())
    assert get("referrals_rate").phrase == "rate of referrals per 10,000 children"
    assert all(m.phrase and m.phrase == m.phrase.lower()[:1] + m.phrase[1:] for m in MEASURES)


def test_the_rate_and_percentage_scales_are_the_specs():
    # spec "rate per 10,000": a 6-month flow is doubled (120,000 / 6 = 20,000); a stock is not annualised
    assert get("referrals_rate").scale(6) == (120_000, 6)
    assert get("cla_rate").scale(6) == (10_000, 1)
    assert get("rereferrals_pct").scale(12) == (100, 1)
