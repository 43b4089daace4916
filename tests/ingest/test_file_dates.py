"""The as-at date suggested from an upload's file name (ingest/file_dates.py)."""

from datetime import date

import pytest

from csc_scorecard.ingest.file_dates import as_at_in_file_name


@pytest.mark.parametrize(
    ("name", "as_at", "whole"),
    [
        ("annex_a_2023-12-31.xlsx", date(2023, 12, 31), True),  # the demo's and `synth`'s names
        ("annex_a_2024-01-13.xlsx", date(2024, 1, 13), True),  # not a month end: taken as it is
        ("liia-tools-pipeline_Annex_A_2024_Jan_sample.xlsx", date(2024, 1, 31), False),
        ("liia-tools-pipeline_TT1_dirty_Annex_A_Jan_2022.xlsx", date(2022, 1, 31), False),
        ("Annex A February 2024.xlsx", date(2024, 2, 29), False),  # a leap year's month end
        ("AnnexA 31.01.2024.xlsx", date(2024, 1, 31), True),  # day first, as written in England
        ("annex_a_20231130.xlsx", date(2023, 11, 30), True),
        ("Annex_A_2023_09.xlsx", date(2023, 9, 30), False),
        ("annex_a_Sept2023.xls", date(2023, 9, 30), False),
    ],
)
def test_dates_read_from_names_as_las_write_them(name, as_at, whole):
    found = as_at_in_file_name(name)
    assert found is not None
    assert (found.as_at, found.whole_date) == (as_at, whole)


@pytest.mark.parametrize(
    "name",
    [
        "liia-tools_Annex_A_sample.xlsx",  # no date at all
        "cscdp_ofsted_template_example-01.xlsx",  # a number that is not a year
        "annex_a_2023-02-30.xlsx",  # no such day, and no other date in the name
        "Annex_A_Mayor_2023x.xlsx",  # "May" inside a word is not a month
        "annex_a_v12345678.xlsx",  # eight digits that are not a date
    ],
)
def test_names_without_a_date_suggest_none(name):
    assert as_at_in_file_name(name) is None
