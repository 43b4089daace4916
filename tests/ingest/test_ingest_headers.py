"""Telling lists apart by their headers, finding the header row, mapping headers to columns."""

import pytest

from csc_scorecard.ingest.headers import identify_sheet
from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.issues import Severity

SCHEMA = load_schema()
C5 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]


def headers_of(name: str) -> list[str]:
    return [c.header for c in SCHEMA.lists[name].columns]


@pytest.mark.parametrize("name", list(SCHEMA.lists))
def test_each_template_header_row_is_its_own_list(name):
    layout = identify_sheet([headers_of(name)], SCHEMA)
    assert layout.spec.name == name
    assert layout.header_row == 0
    assert set(layout.positions) == set(SCHEMA.lists[name].column_names)
    assert layout.issues == []


@pytest.mark.parametrize(
    ("headers", "name"),
    [
        (C5 + ["Date of Contact", "Contact Source"], "contacts"),
        (C5 + ["Assessment start date", "Organisation completing assessment"], "early_help"),
        (C5 + ["Date of Referral"], "referrals"),
        (C5 + ["Does the Child have a Disability", "Continuous Assessment Start Date"], "assessments"),
        (C5 + ["Does the Child have a Disability",
               "Strategy discussion initiating Section 47 Enquiry Start Date"], "s47_icpc"),
        (C5 + ["CIN Start Date"], "children_in_need"),
        (C5 + ["Primary Need Code", "Case Status"], "children_in_need"),  # second signature
        (C5 + ["Child Protection Plan Start Date"], "child_protection"),
        (C5 + ["Date Started to be Looked After"], "children_in_care"),
        (C5 + ["Eligibility Category"], "care_leavers"),
        (C5 + ["Activity Status"], "care_leavers"),
        (["Child Unique ID", "Gender", "Date of Decision that Child Should be Placed for Adoption"], "adoption"),
        (["Individual adopter identifier", "Gender", "Date enquiry received"], "adopters"),
    ],
)
def test_signature_headers_identify_the_list(headers, name):
    assert identify_sheet([headers], SCHEMA).spec.name == name


@pytest.mark.parametrize(
    "headers",
    [
        # the identifier and the signature, but only one more header of the list: too few
        ["Child Unique ID", "Date of referral"],
        ["Individual adopter identifier", "Date enquiry received"],
        # every header of List 3 but its identifier (a code sheet quotes the coded fields)
        headers_of("referrals")[1:],
        # identifier and other headers, but no signature of any list
        C5 + ["Allocated Team", "Allocated Worker"],
    ],
)
def test_a_row_without_identifier_signature_and_two_more_headers_is_not_a_header_row(headers):
    assert identify_sheet([headers], SCHEMA) is None


def test_guidance_sheet_with_one_field_name_per_row_is_not_a_list():
    # Ofsted's template's `Guidance` sheet: list title, field name and guidance text per row.
    rows = [["Update: August 2019"], ["List Number/Title", "Field Heading", "Detailed Guidance"]]
    rows += [[None, header, f"Guidance on {header}"] for header in headers_of("contacts")]
    assert identify_sheet(rows, SCHEMA) is None


def test_pivot_table_counting_children_is_not_a_list():
    # a pivot table of List 3 in tabular form: the child id is counted, not listed
    headers = ["Date of referral", "Referral Source", "Count of Child Unique ID",
               "Sum of Number of Referrals in Last 12 Months", "Average of Age"]
    assert identify_sheet([headers], SCHEMA) is None


def test_identifier_may_be_a_spelling_only_its_pattern_knows():
    layout = identify_sheet([["LA Child ID", "Gender", "Ethnicity", "Date of referral"]], SCHEMA)
    assert (layout.spec.name, layout.positions["child_id"]) == ("referrals", 0)


@pytest.mark.parametrize("prefix", ["Sum of", "Count of", "Average of", "Min of", "Max of", "SUM OF", "sum of"])
def test_pivot_table_prefixes_are_ignored(prefix):
    # List 7 copied out of a pivot table: `Sum of Number of Previous Child Protection Plans`
    headers = C5 + ["Child Protection Plan Start Date", f"{prefix} Number of Previous Child Protection Plans",
                    f"{prefix} Age"]
    layout = identify_sheet([headers], SCHEMA)
    assert layout.spec.name == "child_protection"
    assert layout.positions["previous_cpps"] == 6
    assert layout.headers["previous_cpps"] == f"{prefix} Number of Previous Child Protection Plans"
    # `Age` (column 4) was read first: the pivot-style copy repeats it and is ignored
    assert layout.positions["age"] == 4
    assert [(i.severity, i.column) for i in layout.issues] == [(Severity.WARNING, f"{prefix} Age")]


def test_primary_need_alone_is_not_enough_for_list_6():
    assert identify_sheet([C5 + ["Primary Need Code"]], SCHEMA) is None


def test_latest_date_of_contact_does_not_make_care_leavers_a_contacts_list():
    # `date ... contact` is List 1's fallback pattern; signatures use exact headers only.
    assert identify_sheet([C5 + ["Latest Date of Contact", "LA in Touch"]], SCHEMA) is None


def test_header_row_found_below_title_rows():
    rows = [["Annex A - List 3 Referrals"], [None, None], C5 + ["Date of referral"], ["1", "a) Male"]]
    layout = identify_sheet(rows, SCHEMA)
    assert (layout.spec.name, layout.header_row) == ("referrals", 2)


def test_header_row_must_be_within_the_first_ten_rows():
    title_rows = [[f"note {i}"] for i in range(10)]
    assert identify_sheet(title_rows + [C5 + ["Date of referral"]], SCHEMA) is None
    assert identify_sheet(title_rows[:9] + [C5 + ["Date of referral"]], SCHEMA).header_row == 9


def test_positions_and_headers_as_written():
    layout = identify_sheet([[None, " Child Unique ID ", "DOB", "Date of Referral"]], SCHEMA)
    assert layout.positions == {"child_id": 1, "date_of_birth": 2, "referral_date": 3}
    assert layout.headers == {"child_id": "Child Unique ID", "date_of_birth": "DOB", "referral_date": "Date of Referral"}


def test_pattern_fallback_maps_unlisted_spellings():
    layout = identify_sheet(
        [["LA Child ID", "Child Date of Birth", "Age at referral", "Date of referral",
          "Source of referral (referral source)", "Gender"]],
        SCHEMA,
    )
    assert layout.positions == {
        "child_id": 0, "date_of_birth": 1, "age": 2, "referral_date": 3, "referral_source": 4,
        "gender": 5,
    }
    assert layout.issues == []


def test_header_matching_two_columns_is_an_error():
    headers = C5 + [
        "Date Started to be Looked After",
        "Number of Episodes the Child has been Missing or Absent from their Placement in the last 12 months",
    ]
    layout = identify_sheet([headers], SCHEMA)
    assert [(i.severity, i.row, i.column) for i in layout.issues] == [(Severity.ERROR, 1, headers[-1])]
    assert "missing_episodes_12m" not in layout.positions
    assert "absent_episodes_12m" not in layout.positions


def test_repeated_column_keeps_the_first_and_warns():
    layout = identify_sheet([C5 + ["Date of referral", "Age of Child (Years)"]], SCHEMA)
    assert layout.positions["age"] == 4
    assert [(i.severity, i.row, i.column) for i in layout.issues] == [(Severity.WARNING, 1, "Age of Child (Years)")]


def test_unrecognised_header_warns():
    layout = identify_sheet([C5 + ["Date of referral", "Notes"]], SCHEMA)
    assert [(i.severity, i.row, i.column) for i in layout.issues] == [(Severity.WARNING, 1, "Notes")]
    assert "not a column of list 3 (Referrals)" in layout.issues[0].message
