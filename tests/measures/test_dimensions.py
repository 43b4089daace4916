"""The category each Annex A value falls in: DfE groups, code labels, blanks and unknown codes."""

import polars as pl
import pytest

from csc_scorecard.measures.dimensions import age_band_expr, category_expr, columns_of_list
from csc_scorecard.measures.registry import get


def categories(column: str, values: list) -> list[str]:
    return pl.DataFrame({column: values}, schema={column: pl.String}).select(category_expr(column)).to_series().to_list()


def test_ethnicity_by_dfe_major_group():
    assert categories("ethnicity", ["WBRI", "wirt", "MWBA", "APKN", "BCRB", "CHNE", "OOTH", "REFU", "NOBT", "UNKNOWN", None, " ", "XYZ"]) == [
        "White", "White", "Mixed or Multiple ethnic groups", "Asian or Asian British",
        "Black, African, Caribbean or Black British", "Other ethnic group", "Other ethnic group",
        "Refused or information not yet obtained", "Refused or information not yet obtained",
        "Not recorded", "Not recorded", "Not recorded", "XYZ",  # a code outside the list stays visible
    ]


def test_source_by_cin_census_group_including_a_group_only_code():
    assert categories("referral_source", ["1A", "2B", "3", "3E", "5D", "6", "10", None]) == [
        "Individual", "Education", "Health services", "Health services", "LA services", "Police", "Unknown", "Not recorded",
    ]


def test_placement_type_by_dfe_group_and_legal_status_and_need_with_their_code():
    assert categories("placement_type", ["U1", "A5", "P1", "P2", "K2", "R1", "S1", "Z11", "T2", "Q9"]) == [
        "Foster placements", "Placed for adoption", "Placed with parents or other person with parental responsibility",
        "Other placements in the community", "Secure homes, children's homes and semi-independent living",
        "Other residential settings", "Residential schools", "Other placements", "Other placements", "Q9",
    ]
    assert categories("legal_status", ["E1", None]) == ["E1: Placement order granted", "Not recorded"]
    assert categories("primary_need", ["N4"]) == ["N4: Family in acute stress"]
    assert categories("latest_abuse_category", ["NEG", "MUL"]) == ["Neglect", "Multiple/not recommended"]


def test_gender_disability_and_team_as_recorded():
    assert categories("gender", ["Male", "Not stated", None]) == ["Male", "Not stated/recorded", "Not recorded"]
    assert categories("disability", ["Yes", "Unknown"]) == ["Yes", "Unknown"]
    assert categories("allocated_team", [" Team A ", ""]) == ["Team A", "Not recorded"]


@pytest.mark.parametrize("list_name, age, expected", [
    ("referrals", -1, "Unborn"),  # an expected date of birth after the date
    ("referrals", 0, "0-4"), ("referrals", 4, "0-4"), ("referrals", 5, "5-9"), ("referrals", 9, "5-9"),
    ("referrals", 10, "10-15"), ("referrals", 15, "10-15"), ("referrals", 16, "16-17"), ("referrals", 17, "16-17"),
    ("referrals", 18, "18 or over"), ("referrals", None, "Not recorded"),
    ("care_leavers", 16, "Under 17"), ("care_leavers", 17, "17"), ("care_leavers", 19, "19"),
    ("care_leavers", 21, "21"), ("care_leavers", 22, "22 or over"), ("care_leavers", None, "Not recorded"),
])
def test_age_bands(list_name, age, expected):
    frame = pl.DataFrame({"age": [age]}, schema={"age": pl.Int64})
    assert frame.select(age_band_expr(pl.col("age"), list_name)).item() == expected


def test_a_measure_is_broken_down_by_every_dimension_its_list_carries():
    assert get("referrals_rate").breakdowns == ("allocated_team", "referral_source", "date_of_birth", "gender", "ethnicity")
    assert get("cla_rate").breakdowns == (
        "allocated_team", "date_of_birth", "gender", "ethnicity", "disability", "category_of_need", "legal_status",
        "placement_type")
    assert columns_of_list(("latest_abuse_category", "gender")) == ("gender", "latest_abuse_category")
    assert get("agency_sw_pct").breakdowns == ()
