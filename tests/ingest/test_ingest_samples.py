"""The two public liia-tools sample workbooks load without an error, with the right values.

Expected values were read by eye from the workbooks (opened in a spreadsheet program); see
tests/data/annex_a_samples/README.md for their source.
"""

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.issues import Severity

SAMPLES = Path(__file__).parent.parent / "data" / "annex_a_samples"
OLD = SAMPLES / "liia-tools_Annex_A_sample.xlsx"  # 13-column List 9 (2020-2022)
NEW = SAMPLES / "liia-tools-pipeline_Annex_A_2024_Jan_sample.xlsx"  # 17-column List 9

# Data rows per sheet (each sheet: one header row, then these many rows).
ROWS = {
    "contacts": 5, "early_help": 5, "referrals": 6, "assessments": 5, "s47_icpc": 5,
    "children_in_need": 5, "child_protection": 7, "children_in_care": 5, "care_leavers": 6,
    "adoption": 5, "adopters": 5,
}


@pytest.fixture(scope="module", params=[OLD, NEW], ids=["liia-tools", "liia-tools-pipeline"])
def sample(request):
    return read_annex_a(request.param, as_at=date(2021, 3, 31))


def test_loads_without_error(sample):
    assert [str(i) for i in sample.issues if i.severity is Severity.ERROR] == []


def test_every_list_with_its_row_count(sample):
    assert {name: listed.frame.height for name, listed in sample.lists.items()} == ROWS
    assert {name: listed.sheet for name, listed in sample.lists.items()} == {
        name: f"List {n}" for n, name in enumerate(ROWS, start=1)
    }


def test_file_name_and_hash(sample):
    path = OLD if sample.file == OLD.name else NEW
    assert sample.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_frames_have_source_row_then_schema_columns_typed(sample):
    frame = sample.lists["referrals"].frame
    assert frame.columns[:2] == ["source_row", "child_id"]
    assert frame.schema["source_row"] == pl.Int64
    assert frame.schema["referral_date"] == pl.Date
    assert frame.schema["referrals_last_12m"] == pl.Int64
    assert frame.schema["age"] == pl.Float64
    assert frame.schema["referral_source"] == pl.String


def test_first_referral(sample):
    # List 3, row 2: 6537810 | a) Male | a) WBRI | 18/07/2004 | 16.66 | 16/09/2020 | s) 8: Other |
    # No | 0 | Multi Agency Safeguarding Hub | Dustin Hazlett (a non-breaking space in the name)
    first = sample.lists["referrals"].frame.row(0, named=True)
    assert first["source_row"] == 2
    assert first["child_id"] == "6537810"  # stored as the number 6537810.0
    assert (first["gender"], first["ethnicity"]) == ("Male", "WBRI")
    assert first["date_of_birth"] == date(2004, 7, 18)
    assert first["referral_date"] == date(2020, 9, 16)
    assert first["referral_source"] == "8"
    assert first["referral_nfa"] == "No"
    assert first["referrals_last_12m"] == 0
    assert first["allocated_team"] == "Multi Agency Safeguarding Hub"
    assert first["allocated_worker"] == "Dustin Hazlett"


def test_referral_sources_and_counts(sample):
    frame = sample.lists["referrals"].frame
    # sources down the sheet: s) 8, j) 3D, q) 6, e) 2A, q) 6, q) 6; counts 0, 2, 1, 0, 2, 0
    assert frame["referral_source"].to_list() == ["8", "3D", "6", "2A", "6", "6"]
    assert frame["referrals_last_12m"].to_list() == [0, 2, 1, 0, 2, 0]


def test_first_contact_values(sample):
    # List 1, row 2: 9212044 | Female (no prefix) | a) WBRI | 25/01/2015 | 6.138261464750171 |
    # 16/09/2020 | q) 6: Police
    first = sample.lists["contacts"].frame.row(0, named=True)
    assert (first["child_id"], first["gender"], first["ethnicity"]) == ("9212044", "Female", "WBRI")
    # the reader renders numbers with 10 significant digits: 6.138261465
    assert first["age"] == pytest.approx(6.138261464750171, abs=1e-9)
    assert (first["contact_date"], first["contact_source"]) == (date(2020, 9, 16), "6")
    # row 3 has a blank date of birth (allowed)
    assert sample.lists["contacts"].frame["date_of_birth"][1] is None


def test_children_in_care_codes(sample):
    frame = sample.lists["children_in_care"].frame
    first = frame.row(0, named=True)
    # List 8, row 2: E1: Placement order | f) U6: Foster placement - not FFA |
    # e) PR4 - Private provision | N1 - Abuse or Neglect | health 27/05/2020 | dental 17/01/2020
    assert (first["legal_status"], first["placement_type"], first["placement_provider"]) == ("E1", "U6", "PR4")
    assert first["category_of_need"] == "N1"
    assert (first["last_health_assessment_date"], first["last_dental_check_date"]) == (
        date(2020, 5, 27), date(2020, 1, 17),
    )
    assert (first["missing_episodes_12m"], first["absent_episodes_12m"]) == (0, 0)
    # the header with the doubled bracket still maps: row 2 says b) No
    assert first["uasc"] == "No"
    last = frame.row(4, named=True)  # row 6: ceased 22/09/2020, k) E47: ...
    assert (last["cla_ceased_date"], last["reason_ceased"]) == (date(2020, 9, 22), "E47")
    assert last["placement_type"] == "H5"


def test_child_protection_label_only_categories(sample):
    frame = sample.lists["child_protection"].frame
    # rows 2-4 Physical abuse, rows 5-8 Emotional abuse
    assert frame["initial_abuse_category"].to_list() == ["PHY"] * 3 + ["EMO"] * 4
    assert frame["previous_cpps"].to_list() == [0, 1, 1, 0, 0, 0, 0]


def test_care_leavers(sample):
    frame = sample.lists["care_leavers"].frame
    first = frame.row(0, named=True)
    # row 2: b) Former relevant child | a) Yes | Y: Other accommodation | a) Suitable | F1: ...
    assert (first["eligibility"], first["in_touch"]) == ("Former relevant", "Yes")
    assert (first["accommodation_type"], first["accommodation_suitability"], first["activity_status"]) == (
        "Y", "Suitable", "F1",
    )
    assert frame["activity_status"].to_list() == ["F1", "F2", "G5", None, "F3", "F3"]


def test_list_9_versions(sample):
    missing = sample.lists["care_leavers"].missing_columns
    if sample.file == OLD.name:  # the 13-column 2020-2022 list is valid, four columns short
        assert missing == ["uasc", "personal_advisor", "pathway_review_date", "latest_contact_date"]
        warned = [i.column for i in sample.issues if i.sheet == "List 9" and "column missing" in i.message]
        assert warned == [
            "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
            "Allocated Personal Advisor", "Latest Pathway Plan Review Date", "Latest Date of Contact",
        ]
    else:
        assert missing == []


def test_adoption_and_adopters(sample):
    adoption = sample.lists["adoption"].frame.row(2, named=True)
    # List 10, row 4: 13782635 | family 4836911 | ... | reversal 12/10/2014 | RD2
    assert (adoption["child_id"], adoption["family_id"]) == ("13782635", "4836911")
    assert (adoption["adoption_reversal_date"], adoption["adoption_reversal_reason"]) == (date(2014, 10, 12), "RD2")
    # `Date of Adoption Order ` (trailing space) maps: row 2's order date 31/08/2009
    assert sample.lists["adoption"].frame["adoption_order_date"][0] == date(2009, 8, 31)
    adopters = sample.lists["adopters"].frame
    # List 11, row 5 left the process with reason 1 (typed as the number 1)
    assert adopters["left_process_reason"].to_list() == [None, None, None, "1", None]
    assert adopters["children_placed"].to_list() == [1, 2, 1, 1, 3]


def test_known_quirks_are_warnings_in_place(sample):
    places = {(i.severity, i.sheet, i.row, i.column, i.value) for i in sample.issues}
    # #N/A error cells in List 6's team and worker, rows 2-6
    for row in range(2, 7):
        assert (Severity.WARNING, "List 6", row, "Allocated Team", "#N/A") in places
        assert (Severity.WARNING, "List 6", row, "Allocated Worker", "#N/A") in places
    # non-standard values: reported once, at their first row, kept as written
    assert (Severity.WARNING, "List 6", 2, "Primary Need Code", "PSRMEM - Support with memory and cognition") in places
    support = "Was the child assessed as requiring LA children's social care support?"
    assert (Severity.WARNING, "List 4", 2, support, "CS Assessment Updated") in places
    assert sample.lists["assessments"].frame["requires_support"].to_list() == ["CS Assessment Updated"] * 5
    # List 8 row 4 has a blank ethnicity
    assert (Severity.WARNING, "List 8", 4, "Ethnicity", None) in places


def test_pivot_table_headers_read_as_their_columns():
    # The pivot-headers workbook is the liia-tools sample with three headers copied out of a
    # pivot table: List 5 `Sum of Number of Section 47 Enquiries in the last 12 months` and
    # `Sum of Number of ICPCs in the last 12 months`, List 7 `Sum of Number of Previous Child
    # Protection Plans`. Its values are the sample's: List 7 rows 2-8 hold 0, 1, 1, 0, 0, 0, 0.
    read = read_annex_a(SAMPLES / "liia-tools_Annex_A_pivot_headers.xlsx", as_at=date(2021, 3, 31))
    assert [str(i) for i in read.issues if i.severity is Severity.ERROR] == []
    cp = read.lists["child_protection"]
    assert cp.missing_columns == []
    assert cp.frame["previous_cpps"].to_list() == [0, 1, 1, 0, 0, 0, 0]
    assert read.lists["s47_icpc"].missing_columns == []
    old = read_annex_a(OLD, as_at=date(2021, 3, 31))
    assert read.lists["s47_icpc"].frame.equals(old.lists["s47_icpc"].frame)
