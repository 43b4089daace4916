"""Cutting extracts: Ofsted's scope per list, values as known at the as-at date, stable keys."""

from collections import defaultdict
from datetime import date, timedelta

import polars as pl
import pytest

from csc_scorecard.synth import extract_at, period_start
from csc_scorecard.synth.layout import load_layout

from .helpers import completed_years, window_first_day
from .reference_reader import list_columns, schema

TYPES = {"string": pl.String, "code": pl.String, "date": pl.Date, "integer": pl.Int64, "number": pl.Float64}


def test_period_start_is_the_first_of_the_month_n_minus_1_months_back():
    assert period_start(date(2023, 12, 31), 12, date(2020, 1, 1)) == date(2023, 1, 1)
    assert period_start(date(2023, 6, 30), 6, date(2020, 1, 1)) == date(2023, 1, 1)
    assert period_start(date(2023, 12, 15), 12, date(2020, 1, 1)) == date(2023, 1, 1)
    assert period_start(date(2023, 2, 28), 1, date(2020, 1, 1)) == date(2023, 2, 1)
    assert period_start(date(2023, 12, 31), None, date(2020, 1, 1)) == date(2020, 1, 1)


def test_every_list_has_exactly_the_schema_columns_and_types(small_la):
    frames = extract_at(small_la, date(2023, 12, 31))
    layout = load_layout()
    assert list(frames) == [annex.name for annex in layout.lists]
    for annex in layout.lists:
        frame = frames[annex.name]
        assert frame.columns == [c.name for c in annex.columns], annex.name
        assert frame.dtypes == [TYPES[c.type] for c in annex.columns], annex.name
        assert frame.height > 0, annex.name


def test_extract_outside_the_history_is_refused(small_la):
    with pytest.raises(ValueError):
        extract_at(small_la, date(2021, 12, 31))
    with pytest.raises(ValueError):
        extract_at(small_la, date(2024, 1, 31))


def _month_with_referrals_either_side_of_its_period_start(la):
    days = set(la["referrals"]["referral_date"])
    for month in range(1, 13):
        as_at = date(2023, month + 1, 1) - timedelta(days=1) if month < 12 else date(2023, 12, 31)
        start = period_start(as_at, 12, la.start)
        if start in days and start - timedelta(days=1) in days:
            return as_at, start
    raise AssertionError("no month with referrals on both days")


def test_referral_on_the_period_start_is_in_and_the_day_before_is_out(small_la):
    as_at, start = _month_with_referrals_either_side_of_its_period_start(small_la)
    listed = set(extract_at(small_la, as_at)["referrals"]["referral_date"])
    assert start in listed
    assert start - timedelta(days=1) not in listed
    assert max(listed) <= as_at


def test_flow_lists_hold_exactly_the_rows_dated_in_the_period(small_la):
    as_at, start = date(2023, 9, 30), date(2022, 10, 1)
    frames = extract_at(small_la, as_at)
    for name, column in (("referrals", "referral_date"), ("contacts", "contact_date")):
        expected = sorted(r for r in small_la[name].select("child_id", column).iter_rows() if start <= r[1] <= as_at)
        assert sorted(frames[name].select("child_id", column).iter_rows()) == expected, name


def test_episode_lists_hold_open_episodes_and_those_closed_in_the_period(small_la):
    as_at, start = date(2023, 6, 30), date(2022, 7, 1)
    frames = extract_at(small_la, as_at)
    for name, begin, end in (("children_in_need", "cin_start_date", "cin_closure_date"),
                             ("child_protection", "cpp_start_date", "cpp_end_date"),
                             ("children_in_care", "cla_start_date", "cla_ceased_date")):
        expected = sorted((child, s) for child, s, e in small_la[name].select("child_id", begin, end).iter_rows()
                          if s <= as_at and (e is None or e >= start))
        assert sorted(frames[name].select("child_id", begin).iter_rows()) == expected, name


def test_an_episode_that_ends_after_the_as_at_date_is_open_in_that_extract(small_la):
    as_at = date(2023, 3, 31)
    later = small_la["children_in_care"].filter(
        (pl.col("cla_start_date") <= as_at) & (pl.col("cla_ceased_date") > as_at)).row(0, named=True)
    row = extract_at(small_la, as_at)["children_in_care"].filter(
        (pl.col("child_id") == later["child_id"]) & (pl.col("cla_start_date") == later["cla_start_date"]))
    assert row.height == 1
    assert row["cla_ceased_date"][0] is None
    assert row["reason_ceased"][0] is None
    closed = extract_at(small_la, small_la.end)["children_in_care"].filter(
        (pl.col("child_id") == later["child_id"]) & (pl.col("cla_start_date") == later["cla_start_date"]))
    assert closed["cla_ceased_date"][0] == later["cla_ceased_date"]


def test_no_date_after_the_as_at_date_appears_anywhere(small_la):
    as_at = date(2023, 4, 30)
    for name, frame in extract_at(small_la, as_at).items():
        for column, dtype in frame.schema.items():
            if dtype == pl.Date:
                latest = frame[column].max()
                assert latest is None or latest <= as_at, (name, column)


def test_ages_are_completed_years_at_the_as_at_date(small_la):
    as_at = date(2023, 2, 28)
    referrals = extract_at(small_la, as_at)["referrals"]
    for born, age in referrals.select("date_of_birth", "age").iter_rows():
        if born is None:
            assert age is None
        else:
            assert age == completed_years(born, as_at)
    assert referrals["date_of_birth"].null_count() > 0  # unborn children referred before birth


def test_long_extract_reaches_back_to_the_start_of_the_history(small_la):
    frames = extract_at(small_la, date(2023, 12, 31), months=None)
    assert frames["referrals"]["referral_date"].min() == min(
        d for d in small_la["referrals"]["referral_date"] if d >= small_la.start)
    assert frames["referrals"].height > extract_at(small_la, date(2023, 12, 31))["referrals"].height


def test_list_8_counts_match_a_plain_walk_through_the_episode_histories(small_la):
    as_at = date(2023, 10, 31)
    first = window_first_day(as_at)
    placements, events = defaultdict(list), defaultdict(list)
    for child, start, p_start, p_end in small_la["placements"].select(
            "child_id", "cla_start_date", "placement_start_date", "placement_end_date").iter_rows():
        placements[(child, start)].append((p_start, p_end))
    for child, start, day, kind in small_la["missing_episodes"].select(
            "child_id", "cla_start_date", "missing_date", "missing_kind").iter_rows():
        events[(child, start)].append((day, kind))
    care = extract_at(small_la, as_at)["children_in_care"]
    for child, start, moves, missing, absent in care.select(
            "child_id", "cla_start_date", "placements_last_12m", "missing_episodes_12m",
            "absent_episodes_12m").iter_rows():
        key = (child, start)
        assert moves == sum(1 for s, e in placements[key] if s <= as_at and (e is None or e >= first))
        assert moves >= 1
        assert missing == sum(1 for d, k in events[key] if k == "missing" and first <= d <= as_at)
        assert absent == sum(1 for d, k in events[key] if k == "absent" and first <= d <= as_at)
    assert care["missing_episodes_12m"].sum() > 0


def test_health_and_dental_dates_are_the_last_scheduled_check_on_or_before_the_date(small_la):
    as_at = date(2023, 11, 30)
    truth = {(r["child_id"], r["cla_start_date"]): r for r in small_la["children_in_care"].iter_rows(named=True)}
    care = extract_at(small_la, as_at)["children_in_care"]
    for child, start, health, dental in care.select(
            "child_id", "cla_start_date", "last_health_assessment_date", "last_dental_check_date").iter_rows():
        episode = truth[(child, start)]
        until = min(as_at, episode["cla_ceased_date"] or date.max)
        for first, every, shown in ((episode["health_first"], episode["health_every"], health),
                                    (episode["dental_first"], episode["dental_every"], dental)):
            last, day = None, first
            while day is not None and day <= until:
                last, day = day, day + timedelta(days=every)
            assert shown == last


def test_latest_legal_status_and_placement_are_those_in_force_at_the_date(small_la):
    as_at = date(2023, 5, 31)
    statuses, placements = defaultdict(list), defaultdict(list)
    for child, start, since, code in small_la["legal_statuses"].iter_rows():
        statuses[(child, start)].append((since, code))
    for row in small_la["placements"].iter_rows(named=True):
        key = (row["child_id"], row["cla_start_date"])
        placements[key].append((row["placement_start_date"], row["placement_type"]))
    care = extract_at(small_la, as_at)["children_in_care"]
    for child, start, since, code, p_start, p_type in care.select(
            "child_id", "cla_start_date", "legal_status_start_date", "legal_status", "placement_start_date",
            "placement_type").iter_rows():
        assert (since, code) == max(s for s in statuses[(child, start)] if s[0] <= as_at)
        assert (p_start, p_type) == max(p for p in placements[(child, start)] if p[0] <= as_at)


def test_case_status_agrees_with_plans_and_care_at_the_date(small_la):
    as_at = date(2023, 12, 31)
    frames = extract_at(small_la, as_at)
    cin = frames["children_in_need"]
    looked_after = set(cin.filter(pl.col("case_status") == "Looked after child")["child_id"])
    in_care = set(frames["children_in_care"].filter(
        pl.col("cla_ceased_date").is_null() & ~pl.col("legal_status").is_in(["V3", "V4"]))["child_id"])
    assert looked_after == in_care
    on_plan = set(frames["child_protection"].filter(pl.col("cpp_end_date").is_null())["child_id"])
    assert set(cin.filter(pl.col("case_status") == "Child Protection plan")["child_id"]) == on_plan - in_care
    closed = cin.filter(pl.col("case_status") == "Closed episode")
    assert closed["cin_closure_date"].is_not_null().all()
    assert cin.filter(pl.col("case_status") != "Closed episode")["cin_closure_date"].is_null().all()
    assert set(cin["case_status"]) == {"Looked after child", "Child Protection plan", "Child in need plan",
                                       "Open assessment", "Closed episode"}


def test_care_leavers_are_aged_16_to_21_and_not_in_care(small_la):
    as_at = date(2023, 12, 31)
    frames = extract_at(small_la, as_at)
    leavers = frames["care_leavers"]
    assert leavers["age"].min() >= 16 and leavers["age"].max() <= 21
    assert leavers["child_id"].n_unique() == leavers.height
    in_care = set(frames["children_in_care"].filter(pl.col("cla_ceased_date").is_null())["child_id"])
    assert not (set(leavers["child_id"]) & in_care)
    assert set(leavers.filter(pl.col("age") < 18)["eligibility"]) <= {"Relevant", "Qualifying"}
    assert set(leavers.filter(pl.col("age") >= 18)["eligibility"]) <= {"Former relevant", "Qualifying"}


def test_episode_keys_never_change_between_extracts(small_la):
    earlier, later = date(2023, 3, 31), date(2023, 9, 30)
    first, second = extract_at(small_la, earlier), extract_at(small_la, later)
    for name, begin, end in (("children_in_need", "cin_start_date", "cin_closure_date"),
                             ("child_protection", "cpp_start_date", "cpp_end_date"),
                             ("children_in_care", "cla_start_date", "cla_ceased_date")):
        still_listed = {(child, start) for child, start, ended in second[name].select("child_id", begin, end)
                        .iter_rows()}
        open_before = {(child, start) for child, start, ended in first[name].select("child_id", begin, end)
                       .iter_rows() if ended is None}
        truth_end = {(c, s): e for c, s, e in small_la[name].select("child_id", begin, end).iter_rows()}
        must_stay = {key for key in open_before if truth_end[key] is None or truth_end[key] >= date(2022, 10, 1)}
        assert must_stay <= still_listed, name


def test_enquiry_outcomes_appear_only_once_known(small_la):
    as_at = date(2023, 6, 30)
    truth = {(c, s): (o, i) for c, s, o, i in small_la["s47_icpc"].select(
        "child_id", "s47_start_date", "s47_outcome_date", "icpc_date").iter_rows()}
    for child, start, unnecessary, icpc in extract_at(small_la, as_at)["s47_icpc"].select(
            "child_id", "s47_start_date", "icpc_unnecessary", "icpc_date").iter_rows():
        outcome, true_icpc = truth[(child, start)]
        if outcome > as_at:
            assert unnecessary is None
        else:
            assert unnecessary == ("No" if true_icpc is not None else "Yes")
        assert icpc == (true_icpc if true_icpc is not None and true_icpc <= as_at else None)


def test_columns_the_schema_says_are_never_blank_are_filled(small_la):
    never_blank = {name: [c["name"] for c in columns if c.get("blank") is False]
                   for name, columns in list_columns(schema()).items()}
    for as_at in (date(2022, 12, 31), date(2023, 12, 31)):
        for name, frame in extract_at(small_la, as_at).items():
            for column in never_blank[name]:
                assert frame[column].null_count() == 0, (as_at, name, column)
