"""The true history: deterministic for a seed, and coherent when checked by plain Python."""

from collections import defaultdict
from datetime import date

import polars as pl
import pytest

from csc_scorecard.synth import generate_la

from .helpers import months_before


def test_same_seed_same_history_different_seed_different_history(small_la):
    again = generate_la(seed=7, start=date(2022, 1, 1), end=date(2023, 12, 31), scale=0.2)
    assert list(again.tables) == list(small_la.tables)
    for name, frame in small_la.tables.items():
        assert frame.equals(again.tables[name]), name
    other = generate_la(seed=8, start=date(2022, 1, 1), end=date(2023, 12, 31), scale=0.2)
    assert not other["referrals"].equals(small_la["referrals"])
    assert not other["children_in_care"].equals(small_la["children_in_care"])


def test_generate_refuses_an_empty_history_or_scale():
    with pytest.raises(ValueError):
        generate_la(start=date(2023, 1, 1), end=date(2023, 1, 1))
    with pytest.raises(ValueError):
        generate_la(scale=0)


def test_ids_and_names_are_visibly_synthetic(small_la):
    assert small_la["children"]["child_id"].str.contains(r"^SYN\d{7}$").all()
    postcodes = small_la["placements"]["placement_postcode"]
    assert postcodes.str.contains(r"^ZZ\d{2} \d[A-Z]{2}$").all()
    assert small_la["adopters"]["family_id"].str.contains(r"^[1-9]\d{7}$").all()


def test_referral_counts_match_a_plain_count_of_earlier_referrals(small_la):
    referrals = small_la["referrals"]
    by_child = defaultdict(list)
    for child, day in referrals.select("child_id", "referral_date").iter_rows():
        by_child[child].append(day)
    checked = 0
    for child, day, count in referrals.filter(pl.col("referral_date") >= date(2022, 1, 1)).select(
            "child_id", "referral_date", "referrals_last_12m").iter_rows():
        earliest = months_before(day, 12)
        assert count == sum(1 for other in by_child[child] if earliest <= other < day), (child, day)
        checked += 1
    assert checked > 1000
    assert referrals.filter(pl.col("referrals_last_12m") >= 1).height > 100  # re-referrals exist


def test_enquiry_and_conference_counts_match_a_plain_count(small_la):
    enquiries = small_la["s47_icpc"]
    starts, conferences = defaultdict(list), defaultdict(list)
    for child, start, icpc in enquiries.select("child_id", "s47_start_date", "icpc_date").iter_rows():
        starts[child].append(start)
        if icpc is not None:
            conferences[child].append(icpc)
    for child, start, s47s, icpcs in enquiries.filter(pl.col("s47_start_date") >= date(2022, 1, 1)).select(
            "child_id", "s47_start_date", "s47_last_12m", "icpcs_last_12m").iter_rows():
        earliest = months_before(start, 12)
        assert s47s == sum(1 for d in starts[child] if earliest <= d < start)
        assert icpcs == sum(1 for d in conferences[child] if earliest <= d < start)


def test_no_episode_ends_before_it_starts(small_la):
    checks = [
        ("children_in_need", "cin_start_date", "cin_closure_date"),
        ("child_protection", "cpp_start_date", "cpp_end_date"),
        ("children_in_care", "cla_start_date", "cla_ceased_date"),
        ("placements", "placement_start_date", "placement_end_date"),
        ("early_help", "eh_assessment_start_date", "eh_assessment_completion_date"),
    ]
    for table, start, end in checks:
        backwards = [row for row in small_la[table].select(start, end).iter_rows()
                     if row[1] is not None and row[1] < row[0]]
        assert backwards == [], table


def test_only_the_counted_data_errors_put_an_outcome_before_its_start(full_la):
    # deliberate errors (documented in truth.py): an assessment authorised before it started and
    # a conference dated before its enquiry; every other row is in order
    assessments = [r for r in full_la["assessments"].select("assessment_start_date", "assessment_authorised_date")
                   .iter_rows() if r[1] is not None and r[1] < r[0]]
    conferences = [r for r in full_la["s47_icpc"].select("s47_start_date", "icpc_date").iter_rows()
                   if r[1] is not None and r[1] < r[0]]
    assert len(assessments) == full_la.data_errors["assessment_authorised_before_start"]
    assert len(conferences) == full_la.data_errors["icpc_before_s47_start"]
    # rare: a few per thousand conferences, about one per thousand assessments
    assert 0 < len(conferences) < 0.01 * full_la["s47_icpc"]["icpc_date"].count()
    assert 0 < len(assessments) < 0.003 * full_la["assessments"].height


def test_each_plan_follows_a_conference_that_decided_on_it(small_la):
    decided = {(child, day) for child, day in small_la["s47_icpc"].filter(pl.col("icpc_resulted_in_plan") == "Yes")
               .select("child_id", "icpc_date").iter_rows()}
    plans = small_la["child_protection"].filter(pl.col("cpp_start_date") >= date(2022, 1, 1))
    assert plans.height > 50
    for child, start in plans.select("child_id", "cpp_start_date").iter_rows():
        assert (child, start) in decided


def test_episodes_of_a_child_never_overlap(small_la):
    for table, start, end in (("children_in_need", "cin_start_date", "cin_closure_date"),
                              ("child_protection", "cpp_start_date", "cpp_end_date"),
                              ("children_in_care", "cla_start_date", "cla_ceased_date")):
        spans = defaultdict(list)
        for child, first, last in small_la[table].select("child_id", start, end).iter_rows():
            spans[child].append((first, last or date.max))
        for child, child_spans in spans.items():
            child_spans.sort()
            for (_, previous_end), (next_start, _) in zip(child_spans, child_spans[1:]):
                assert previous_end <= next_start, (table, child)


def test_children_on_plans_or_in_care_have_an_open_cin_episode(small_la):
    cin = defaultdict(list)
    for child, start, end in small_la["children_in_need"].select("child_id", "cin_start_date",
                                                                 "cin_closure_date").iter_rows():
        cin[child].append((start, end or date.max))
    errors = {child for child, start, icpc in small_la["s47_icpc"].select("child_id", "s47_start_date", "icpc_date")
              .iter_rows() if icpc is not None and icpc < start}
    for as_at in (date(2022, 6, 30), date(2023, 3, 31), date(2023, 12, 31)):
        in_cin = {child for child, spans in cin.items() if any(s <= as_at < e for s, e in spans)}
        on_plan = {child for child, s, e in small_la["child_protection"].select(
            "child_id", "cpp_start_date", "cpp_end_date").iter_rows() if s <= as_at and (e is None or e > as_at)}
        in_care = {child for child, s, e in small_la["children_in_care"].select(
            "child_id", "cla_start_date", "cla_ceased_date").iter_rows() if s <= as_at and (e is None or e > as_at)}
        assert on_plan - errors <= in_cin
        assert in_care <= in_cin


def test_the_history_holds_every_kind_of_event_the_measures_read(full_la):
    care = full_la["children_in_care"]
    reasons = set(care["reason_ceased"].drop_nulls())
    assert {"E11", "E12", "E41", "E45", "E46", "E47", "E48", "E4A", "E17", "E5", "E2", "E3"} <= reasons
    statuses = set(full_la["legal_statuses"]["legal_status"])
    assert {"C1", "C2", "V2", "V3", "V4", "E1", "L1", "L2", "J1"} <= statuses
    assert (full_la["child_protection"]["previous_cpps"] >= 1).any()
    assert (care["subsequent_period"] == "Yes").any()
    leaver_status = full_la["care_leaver_statuses"]
    assert {"Yes", "No", "Died", "Refu", "NREQ", "Rhom"} <= set(leaver_status["in_touch"])
    activities = set(leaver_status["activity_status"].drop_nulls())
    assert any(a.startswith("F") for a in activities) and any(a.startswith("P") for a in activities)
    assert any(a.startswith("G") for a in activities)
    kinds = set(full_la["missing_episodes"]["missing_kind"])
    assert kinds == {"missing", "absent"}
    assert full_la["adoption"]["adoption_reversal_date"].is_not_null().any()
    assert full_la["adoption"]["adoption_order_date"].is_not_null().any()
