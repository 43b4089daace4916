"""Property tests (Hypothesis) of the series over random small data."""

from datetime import date, timedelta

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_scorecard.dates import month_end, window_start
from csc_scorecard.measures.registry import MEASURES
from csc_scorecard.measures.series import compute_series
from csc_scorecard.measures.windows import events_in_windows, open_at_period_ends, window_grid

from .extract_builders import POPULATION_10000, TEST_LA, extract_set

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONTH_ENDS_2023 = [month_end(date(2023, m, 1)) for m in range(1, 13)]
child_ids = st.sampled_from(["A", "B", "C", "D", "E", "F", " a", "b "])
days = st.dates(min_value=date(2021, 6, 1), max_value=date(2023, 12, 31))
gaps = st.integers(min_value=0, max_value=400)


@st.composite
def referrals(draw):
    return [
        {"child_id": child, "referral_date": when, "referral_source": source, "referrals_last_12m": last12}
        for child, when, source, last12 in draw(
            st.lists(st.tuples(child_ids, days, st.sampled_from(["1A", "2A"]), st.integers(0, 2)), max_size=40)
        )
    ]


@st.composite
def assessments(draw):
    rows = []
    for child, start, gap in draw(st.lists(st.tuples(child_ids, days, st.none() | st.integers(-5, 90)), max_size=30)):
        done = None if gap is None else start + timedelta(days=gap)
        rows.append({"child_id": child, "assessment_start_date": start,
                     "assessment_authorised_date": done if done and done <= date(2023, 12, 31) else None})
    return rows


@st.composite
def episodes(draw, start_col, end_col, extra=None):
    rows = []
    for child, start, gap in draw(st.lists(st.tuples(child_ids, days, st.none() | gaps), max_size=30)):
        end = None if gap is None else start + timedelta(days=gap)
        row = {"child_id": child, start_col: start, end_col: end if end and end <= date(2023, 12, 31) else None}
        if extra is not None:
            row.update(draw(extra))
        rows.append(row)
    return rows


looked_after_extra = st.fixed_dictionaries({
    "legal_status": st.sampled_from(["C2", "V3", "V4", "E1"]),
    "reason_ceased": st.sampled_from(["E11", "E12", "E45", "E4A", None]),
    "date_of_birth": st.none() | st.dates(min_value=date(2003, 1, 1), max_value=date(2022, 1, 1)),
    "missing_episodes_12m": st.integers(0, 2),
    "absent_episodes_12m": st.integers(0, 2),
    "last_health_assessment_date": st.none() | days,
    "last_dental_check_date": st.none() | days,
})


@SETTINGS
@given(referrals(), assessments())
def test_a_12_month_flow_is_the_sum_of_its_monthly_counts(referral_rows, assessment_rows):
    es = extract_set(referrals=referral_rows, assessments=assessment_rows)
    flows = ["referrals_rate", "rereferrals_pct", "assessments_rate", "assessments_45wd_pct"]
    series = compute_series(es, flows, MONTH_ENDS_2023, [1, 12], population=POPULATION_10000)
    for measure in flows:
        monthly = series.filter((pl.col("measure") == measure) & (pl.col("months") == 1))
        year = series.filter((pl.col("measure") == measure) & (pl.col("months") == 12) & (pl.col("period_end") == date(2023, 12, 31)))
        assert year["numerator"].item() == monthly["numerator"].sum()
        if measure.endswith("_pct"):
            assert year["denominator"].item() == monthly["denominator"].sum()


@SETTINGS
@given(referrals(), st.integers(min_value=1, max_value=200_000))
def test_a_6_month_rate_is_twice_the_count_over_the_population_times_10000(referral_rows, population):
    es = extract_set(referrals=referral_rows)
    override = POPULATION_10000.with_columns(pl.lit(population).alias("population"))
    series = compute_series(es, "referrals_rate", MONTH_ENDS_2023, 6, population=override)
    for row in series.iter_rows(named=True):
        assert row["denominator"] == population
        assert row["value"] == 2 * row["numerator"] * 10_000 / population


@SETTINGS
@given(
    episodes("cin_start_date", "cin_closure_date"),
    episodes("cpp_start_date", "cpp_end_date"),
    episodes("cla_start_date", "cla_ceased_date", looked_after_extra),
)
def test_stocks_never_exceed_the_children_loaded(cin, cpp, cla):
    es = extract_set(children_in_need=cin, child_protection=cpp, children_in_care=cla)
    loaded = {
        "cin_rate": len({r["child_id"].strip().upper() for r in cin}),
        "cpp_rate": len({r["child_id"].strip().upper() for r in cpp}),
        "cla_rate": len({r["child_id"].strip().upper() for r in cla}),
    }
    series = compute_series(es, list(loaded), MONTH_ENDS_2023, 12, population=POPULATION_10000)
    for row in series.iter_rows(named=True):
        assert 0 <= row["numerator"] <= loaded[row["measure"]]


@SETTINGS
@given(
    referrals(),
    assessments(),
    episodes("cpp_start_date", "cpp_end_date", st.fixed_dictionaries({"previous_cpps": st.integers(0, 2)})),
    episodes("cla_start_date", "cla_ceased_date", looked_after_extra),
)
def test_percentages_lie_between_0_and_100(referral_rows, assessment_rows, cpp, cla):
    es = extract_set(referrals=referral_rows, assessments=assessment_rows, child_protection=cpp, children_in_care=cla)
    percentages = [m.id for m in MEASURES if m.unit == "pct" and m.kind != "manual" and m.source != "care_leavers"]
    series = compute_series(es, percentages, MONTH_ENDS_2023[-3:], [1, 6, 12], population=POPULATION_10000)
    values = series.filter(pl.col("value").is_not_null())
    assert values.filter((pl.col("value") < 0) | (pl.col("value") > 100)).is_empty()
    assert values.filter(pl.col("numerator") > pl.col("denominator")).is_empty()
    assert series.filter(pl.col("value").is_null())["reason"].null_count() == 0


# ---- the window joins against a brute-force check ----

any_day = st.dates(min_value=date(2022, 1, 1), max_value=date(2023, 12, 31))


@SETTINGS
@given(
    st.lists(st.tuples(st.sampled_from(["998", TEST_LA]), st.none() | any_day), max_size=40),
    st.lists(any_day, min_size=1, max_size=6),
    st.lists(st.integers(1, 13), min_size=1, max_size=3),
)
def test_events_in_windows_matches_checking_every_pair(events, period_ends, months):
    frame = pl.DataFrame(
        {"la_code": [e[0] for e in events], "day": [e[1] for e in events], "n": list(range(len(events)))},
        schema={"la_code": pl.String, "day": pl.Date, "n": pl.Int64},
    )
    grid = window_grid(["998", TEST_LA, "997"], period_ends, months)
    got = sorted(events_in_windows(frame, "day", grid).select("la_code", "period_end", "months", "n").rows())
    expected = sorted(
        (cell["la_code"], cell["period_end"], cell["months"], n)
        for cell in grid.iter_rows(named=True)
        for n, (la, day) in enumerate(events)
        if la == cell["la_code"] and day is not None and window_start(cell["period_end"], cell["months"]) <= day <= cell["period_end"]
    )
    assert got == expected


@SETTINGS
@given(
    st.lists(st.tuples(st.sampled_from(["998", TEST_LA]), st.none() | any_day, st.none() | any_day), max_size=40),
    st.lists(any_day, min_size=1, max_size=6),
)
def test_open_at_period_ends_matches_checking_every_pair(episodes_, period_ends):
    frame = pl.DataFrame(
        {"la_code": [e[0] for e in episodes_], "start": [e[1] for e in episodes_], "end": [e[2] for e in episodes_],
         "n": list(range(len(episodes_)))},
        schema={"la_code": pl.String, "start": pl.Date, "end": pl.Date, "n": pl.Int64},
    )
    points = window_grid(["998", TEST_LA], period_ends, [1]).select("la_code", "period_end")
    got = sorted(open_at_period_ends(frame, "start", "end", points).select("la_code", "period_end", "n").rows())
    expected = sorted(
        (point["la_code"], point["period_end"], n)
        for point in points.iter_rows(named=True)
        for n, (la, start, end) in enumerate(episodes_)
        if la == point["la_code"]
        and (start is None or start <= point["period_end"])
        and (end is None or end > point["period_end"])
    )
    assert got == expected
