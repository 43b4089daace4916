"""A partial, damaged or emptied workbook can never silently change a figure (issue 10, item 1).

Presence is per extract and per list: a list an extract does not hold makes the measures on it
"not covered" at that extract's month, never 0. Replacing an extract with a workbook that lacks
one of its lists is refused unless --partial; a measured list whose rows fall by more than half
(or to none) against the extract before is refused unless --accept-drop. Everything runs through
the real command in a fresh process, on workbooks of the project's synthetic LA.

Expected figures are counted here from the synthetic LA's own frames with plain Python (a second
method beside the measures' polars code), using the spec's stock rule.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from types import SimpleNamespace

import polars as pl
import pytest
from store_sql import query

from csc_scorecard.store.extracts import _refusal
from csc_scorecard.synth import extract_at, generate_la, write_workbook

NOV, DEC = date(2023, 11, 30), date(2023, 12, 31)
CARE = "children_in_care"


def scorecard(*args):
    result = subprocess.run([sys.executable, "-m", "csc_scorecard", *map(str, args)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def looked_after_at(frame: pl.DataFrame, day: date) -> int:
    """Distinct children looked after at `day`: started <= day, not ceased by it, no short break."""
    children = set()
    for row in frame.iter_rows(named=True):
        if row["legal_status"] in ("V3", "V4"):
            continue
        if row["cla_start_date"] <= day and (row["cla_ceased_date"] is None or row["cla_ceased_date"] > day):
            children.add(row["child_id"].strip().upper())
    return len(children)


def series(store, measure: str, months: int = 12) -> dict[str, dict]:
    result = scorecard("series", measure, "--months", months, "--from", "2023-11", "--to", "2023-12",
                       "--format", "json", "--la", "343", "--store", store)
    assert result.returncode == 0, result.stdout + result.stderr
    return {item["period_end"]: item for item in json.loads(result.stdout)}


def current_extracts(store) -> list[tuple]:
    return query(store, "SELECT as_at, file_name FROM extracts WHERE superseded_by IS NULL ORDER BY as_at")


@pytest.fixture(scope="module")
def frames():
    la = generate_la(seed=11, start=date(2021, 1, 1), end=date(2023, 12, 31), scale=0.2)
    return {NOV: extract_at(la, NOV), DEC: extract_at(la, DEC)}


@pytest.fixture
def store(tmp_path, frames):
    """A store holding the full November and December extracts."""
    store = tmp_path / "store"
    for day in (NOV, DEC):
        path = write_workbook(frames[day], tmp_path / f"annex_a_{day.isoformat()}.xlsx")
        result = scorecard("load", path, "--la", "343", "--store", store)
        assert result.returncode == 0, result.stdout
    return store


def test_the_full_extracts_give_the_children_counted_by_hand(store, frames):
    cla = series(store, "cla_rate")
    assert cla["2023-11-30"]["numerator"] == looked_after_at(frames[NOV][CARE], NOV)
    assert cla["2023-12-31"]["numerator"] == looked_after_at(frames[DEC][CARE], DEC)
    assert looked_after_at(frames[DEC][CARE], DEC) > 100  # a real figure, not an empty list


def test_replacing_with_a_workbook_lacking_a_list_is_refused_and_changes_nothing(store, frames, tmp_path):
    before = series(store, "cla_rate")
    damaged = {name: frame for name, frame in frames[DEC].items() if name != CARE}
    path = write_workbook(damaged, tmp_path / "damaged" / "annex_a_2023-12-31.xlsx")
    result = scorecard("load", path, "--la", "343", "--store", store)
    assert result.returncode == 1
    assert "not loaded: it has no List 8 (Children in care), which the extract at 2023-12-31 it would replace had" in " ".join(result.stdout.split())
    assert "--partial" in result.stdout
    assert series(store, "cla_rate") == before
    assert [file for _, file in current_extracts(store)] == ["annex_a_2023-11-30.xlsx", "annex_a_2023-12-31.xlsx"]


def test_with_partial_the_missing_list_is_not_covered_at_that_month_never_zero(store, frames, tmp_path):
    damaged = {name: frame for name, frame in frames[DEC].items() if name != CARE}
    path = write_workbook(damaged, tmp_path / "damaged" / "annex_a_2023-12-31.xlsx")
    assert scorecard("load", path, "--la", "343", "--partial", "--store", store).returncode == 0
    reason = "not covered by the loaded extracts: the extract at 2023-12-31 has no List 8 (Children in care)"
    for measure in ("cla_rate", "cla_missing_pct", "cla_dental_pct", "cla_ceased_adopted_pct"):
        december = series(store, measure)["2023-12-31"]
        assert (december["value"], december["reason"]) == (None, reason), measure
    cla = series(store, "cla_rate")
    assert cla["2023-11-30"]["numerator"] == looked_after_at(frames[NOV][CARE], NOV)  # November untouched
    # The lists it does hold are figures as before: 12 months of referrals to December.
    referrals = frames[DEC]["referrals"].filter(pl.col("referral_date") >= date(2023, 1, 1))
    assert series(store, "referrals_rate")["2023-12-31"]["numerator"] == referrals.height


def test_a_new_month_holding_one_list_warns_and_leaves_the_others_not_covered(tmp_path, frames):
    store = tmp_path / "store"
    full_nov = write_workbook(frames[NOV], tmp_path / "annex_a_2023-11-30.xlsx")
    assert scorecard("load", full_nov, "--la", "343", "--store", store).returncode == 0
    only_referrals = write_workbook({"referrals": frames[DEC]["referrals"]}, tmp_path / "list3.xlsx")
    result = scorecard("load", only_referrals, "--as-at", "2023-12-31", "--la", "343", "--store", store)
    assert result.returncode == 0, result.stdout
    text = " ".join(result.stdout.split())
    assert ("this workbook has no List 1 (Contacts), List 2 (Early help), List 4 (Assessments), List 5 (Section 47 enquiries "
            "and ICPCs), List 6 (Children in need), List 7 (Child protection), List 8 (Children in care), List 9 (Care leavers), "
            "List 10 (Adoption), List 11 (Adopters), which the extract at 2023-11-30 had: the figures on them are not covered "
            "at 2023-12-31") in text
    for measure in ("cla_rate", "cpp_rate", "cin_rate"):
        december = series(store, measure)["2023-12-31"]
        assert december["value"] is None and december["reason"].endswith("has no " + {
            "cla_rate": "List 8 (Children in care)", "cpp_rate": "List 7 (Child protection)",
            "cin_rate": "List 6 (Children in need)"}[measure]), december
    assert series(store, "cla_rate")["2023-11-30"]["numerator"] == looked_after_at(frames[NOV][CARE], NOV)


def test_a_headers_only_workbook_is_refused_naming_each_list_and_both_counts(store, frames, tmp_path):
    before = series(store, "cpp_rate")
    empty = {name: frame.clear() for name, frame in frames[DEC].items()}
    path = write_workbook(empty, tmp_path / "empty" / "annex_a_2023-12-31.xlsx")
    result = scorecard("load", path, "--la", "343", "--store", store)
    assert result.returncode == 1
    text = " ".join(result.stdout.split())
    dec = {name: frame.height for name, frame in frames[DEC].items()}
    assert f"List 8 (Children in care): {dec[CARE]:,} rows in the extract at 2023-12-31, 0 in this workbook" in text
    assert f"List 3 (Referrals): {dec['referrals']:,} rows in the extract at 2023-12-31, 0 in this workbook" in text
    # Lists 10 and 11 are measured too (library measures 89-95): a fall to none is refused
    assert f"List 10 (Adoption): {dec['adoption']:,} rows in the extract at 2023-12-31, 0 in this workbook" in text
    assert f"List 11 (Adopters): {dec['adopters']:,} rows in the extract at 2023-12-31, 0 in this workbook" in text
    assert "--accept-drop" in text
    assert series(store, "cpp_rate") == before
    # Told the fall is real, it loads, and zero is then a true zero.
    assert scorecard("load", path, "--la", "343", "--accept-drop", "--store", store).returncode == 0
    december = series(store, "cla_rate")["2023-12-31"]
    assert (december["numerator"], december["value"]) == (0, 0.0)


def test_a_list_falling_by_more_than_half_is_refused_but_not_one_falling_by_less(store, frames, tmp_path):
    care = frames[DEC][CARE]
    kept = care.height // 2 - 1  # fewer than half of the rows: a fall by more than half
    cut = {**frames[DEC], CARE: care.head(kept)}
    path = write_workbook(cut, tmp_path / "cut" / "annex_a_2023-12-31.xlsx")
    result = scorecard("load", path, "--la", "343", "--store", store)
    assert result.returncode == 1
    assert f"List 8 (Children in care): {care.height:,} rows in the extract at 2023-12-31, {kept:,} in this workbook" in " ".join(result.stdout.split())
    # Half of the rows and one more is a fall by less than half: loaded as a replacement.
    fewer = {**frames[DEC], CARE: care.head(care.height // 2 + 1)}
    path = write_workbook(fewer, tmp_path / "fewer" / "annex_a_2023-12-31.xlsx")
    result = scorecard("load", path, "--la", "343", "--store", store)
    assert result.returncode == 0, result.stdout
    assert "replaced the extract at 2023-12-31" in result.stdout
    assert series(store, "cla_rate")["2023-12-31"]["numerator"] == looked_after_at(care.head(care.height // 2 + 1), DEC)


def test_a_new_month_is_compared_with_the_month_before(store, frames, tmp_path):
    """January, with List 7 cut to a fifth, against December (the latest earlier extract)."""
    plans = frames[DEC]["child_protection"]
    january = {**frames[DEC], "child_protection": plans.head(plans.height // 5)}
    path = write_workbook(january, tmp_path / "annex_a_2024-01-31.xlsx")
    result = scorecard("load", path, "--la", "343", "--store", store)
    assert result.returncode == 1
    assert (f"List 7 (Child protection): {plans.height:,} rows in the extract at 2023-12-31, "
            f"{plans.height // 5:,} in this workbook") in " ".join(result.stdout.split())


def test_a_list_held_with_no_rows_counts_zero_rows_not_a_missing_list(tmp_path, frames):
    """One extract whose List 9 sheet is there but empty: care leaver measures have a zero
    denominator (no value, and that reason), not "no List 9 in the loaded extracts"."""
    store = tmp_path / "store"
    workbook = {**frames[DEC], "care_leavers": frames[DEC]["care_leavers"].clear()}
    path = write_workbook(workbook, tmp_path / "annex_a_2023-12-31.xlsx")
    assert scorecard("load", path, "--la", "343", "--store", store).returncode == 0
    december = series(store, "care_leavers_eet_pct")["2023-12-31"]
    assert (december["value"], december["numerator"], december["denominator"], december["reason"]) == (None, 0, 0, "zero denominator")


def test_lists_10_and_11_fall_by_more_than_half_only_from_20_rows():
    # replacing the extract at 31 Dec (period from 1 Jan 2023) with one of the same period: Lists
    # 10 and 11 are compared row for row, like the episode lists (not per day, as Lists 3-5 are)
    previous = SimpleNamespace(as_at=DEC, period_start=date(2023, 1, 1))
    period = (DEC, date(2023, 1, 1))

    def refusal(before, now):
        return _refusal("f.xlsx", now, period, before, previous, True, False, False)

    # 30 adopters to 14: more than half gone, from 20 rows or more: refused
    message, needs = refusal({"adopters": 30}, {"adopters": 14})
    assert needs == "accept_drop" and "List 11 (Adopters): 30 rows in the extract at 2023-12-31, 14 in this workbook" in message
    assert refusal({"adopters": 30}, {"adopters": 15}) is None  # exactly half: not more than half
    assert refusal({"adoption": 12}, {"adoption": 5}) is None  # from fewer than 20: noise
    assert refusal({"adoption": 2}, {"adoption": 0})[1] == "accept_drop"  # to none: always refused
