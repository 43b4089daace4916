"""Cell parsing: headers, dates, codes, counts, numbers, child ids (scalar and by column)."""

from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.ingest.values import (
    SERIAL_MAX_DATE,
    SERIAL_MIN_DATE,
    child_id_column,
    is_excel_error,
    normalise_child_id,
    normalise_header,
    parse_code,
    parse_code_column,
    parse_date,
    parse_date_column,
    parse_integer,
    parse_integer_column,
    parse_number,
    text_column,
)

CODELISTS = load_schema().codelists


# --- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "template"),
    [
        ("Date of Referral", "Date of referral"),  # case (2024 sample)
        ("Date of Adoption Order ", "Date of Adoption Order"),  # trailing space (List 10)
        ("Date  of\u00a0referral", "Date of referral"),  # repeated and non-breaking spaces
        (
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        ),  # doubled bracket (List 8 in both samples)
        ("Age of Child (Years", "Age of Child (Years)"),  # unbalanced bracket
        (
            "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months",
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        ),  # curly quotes
        ("Child\u2019s Legal Status", "Child's Legal Status"),  # curly apostrophe
        ("Childs Legal Status", "Child's Legal Status"),  # apostrophe left out
        ("Referral NFA", "Referral NFA?"),  # punctuation
        ("Date of Last IRO Visit/Contact to the Child", "Date of Last IRO Visit / Contact to the Child"),
    ],
)
def test_header_variants_normalise_to_the_template(variant, template):
    assert normalise_header(variant) == normalise_header(template)


def test_normalised_header_is_lower_case_words():
    assert normalise_header("  Age of Child (Years) ") == "age of child years"
    assert normalise_header("Referral NFA?") == "referral nfa"


def test_blank_header_normalises_to_empty():
    assert normalise_header(None) == ""
    assert normalise_header(" \u00a0 ") == ""


def test_different_headers_stay_different():
    assert normalise_header("Date of Contact") != normalise_header("Latest Date of Contact")


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2023, 1, 5), date(2023, 1, 5)),
        (datetime(2023, 1, 5, 13, 30), date(2023, 1, 5)),  # time of day dropped
        # Excel serials: 44927 is 1 Jan 2023 (45000 - 44927 = 73 days: 31 Jan + 28 Feb = 59,
        # so 1 Mar is 44986 and 15 Mar is 45000).
        (44927, date(2023, 1, 1)),
        (45000, date(2023, 3, 15)),
        (45000.0, date(2023, 3, 15)),
        (45000.75, date(2023, 3, 15)),  # 18:00 on that day
        ("45000", date(2023, 3, 15)),  # a number cell rendered as text by the reader
        ("05/01/2023", date(2023, 1, 5)),  # day first: 5 January
        ("5/1/2023", date(2023, 1, 5)),
        ("05-01-2023", date(2023, 1, 5)),
        ("05.01.2023", date(2023, 1, 5)),
        ("05/01/2023 00:00:00", date(2023, 1, 5)),
        ("2023-01-05", date(2023, 1, 5)),
        ("2023-01-05 00:00:00", date(2023, 1, 5)),  # how fastexcel renders a date cell
        ("2023-01-05T00:00", date(2023, 1, 5)),
        ("\u00a0 05/01/2023 ", date(2023, 1, 5)),
        ("29/02/2024", date(2024, 2, 29)),  # 2024 is a leap year
        ("5 Jan 2023", date(2023, 1, 5)),
        ("05-Jan-2023", date(2023, 1, 5)),
        ("5 January 2023", date(2023, 1, 5)),
    ],
)
def test_parse_date_reads(cell, expected):
    assert parse_date(cell) == (expected, None)


@pytest.mark.parametrize("cell", [None, "", "   ", "\u00a0"])
def test_parse_date_blank_is_none_without_reason(cell):
    assert parse_date(cell) == (None, None)


@pytest.mark.parametrize(
    ("cell", "reason_part"),
    [
        ("31/02/2023", "February 2023 has no day 31"),  # never moved to 3 March
        ("2023-02-29", "February 2023 has no day 29"),  # 2023 is not a leap year
        ("31/04/2023", "April 2023 has no day 31"),
        ("13/13/2023", "no month 13"),
        ("01/13/2023", "no month 13"),  # month first is not accepted
        ("05/01/23", "not a recognised date"),  # two-digit year
        ("05/01-2023", "not a recognised date"),  # mixed separators
        ("unknown", "not a recognised date"),
        ("#N/A", "Excel error #N/A"),
        (True, "TRUE/FALSE"),
        ("true", "TRUE/FALSE"),  # a TRUE cell as the reader renders it
        (12, "not a date"),  # a count in a date column, not 12 Jan 1900
        (20230105, "not a date"),  # yyyymmdd typed as a number
        ("7305", "not a date"),  # 31 Dec 1919, one day before the accepted serials
        (73051, "not a date"),  # 1 Jan 2100
        (float("nan"), "not a date"),
    ],
)
def test_parse_date_unreadable_gives_reason(cell, reason_part):
    value, reason = parse_date(cell)
    assert value is None
    assert reason_part in reason


def test_parse_date_serial_limits():
    # 7306 days after 30 Dec 1899 is 1 Jan 1920; 73050 is 31 Dec 2099.
    assert parse_date(7306) == (date(1920, 1, 1), None)
    assert parse_date(73050) == (date(2099, 12, 31), None)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_any_date_written_dd_mm_yyyy_or_iso_parses_back(day):
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year:04d}") == (day, None)
    assert parse_date(f"{day.day}/{day.month}/{day.year:04d}") == (day, None)
    assert parse_date(day.isoformat()) == (day, None)
    assert parse_date(f"{day.isoformat()} 00:00:00") == (day, None)


@given(
    st.dates(min_value=SERIAL_MIN_DATE, max_value=SERIAL_MAX_DATE),
    st.floats(min_value=0, max_value=0.999, allow_nan=False),
)
def test_any_date_written_as_excel_serial_parses_back(day, time_of_day):
    serial = (day - date(1899, 12, 30)).days  # Excel's 1900 system counts from 30 Dec 1899
    assert parse_date(serial) == (day, None)
    assert parse_date(float(serial) + time_of_day) == (day, None)
    assert parse_date(str(serial)) == (day, None)


def test_parse_date_column_maps_each_row():
    raw = pl.Series("d", ["05/01/2023", None, "31/02/2023", "05/01/2023", "2023-01-06 00:00:00"])
    values, reasons = parse_date_column(raw)
    assert values.dtype == pl.Date
    assert values.to_list() == [date(2023, 1, 5), None, None, date(2023, 1, 5), date(2023, 1, 6)]
    assert reasons.to_list() == [
        None, None, "31/02/2023 is not a real date: February 2023 has no day 31", None, None,
    ]


# --- counts and numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(3, 3), (0, 0), (3.0, 3), ("3", 3), (" 3.0 ", 3), ("+4", 4), ("1e2", 100)],
)
def test_parse_integer_reads_whole_numbers(cell, expected):
    assert parse_integer(cell) == (expected, None)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2.5", "not a whole number"),
        (2.5, "not a whole number"),
        (-1, "a count cannot be negative"),
        ("two", "not a whole number"),
        ("1,234", "not a whole number"),
        (True, "a TRUE/FALSE value is not a whole number"),
        ("false", "a TRUE/FALSE value is not a whole number"),
        ("#DIV/0!", "the cell holds the Excel error #DIV/0!"),
    ],
)
def test_parse_integer_unreadable(cell, reason):
    assert parse_integer(cell) == (None, reason)


def test_parse_integer_blank():
    assert parse_integer(None) == (None, None)
    assert parse_integer("  ") == (None, None)


def test_parse_integer_column():
    values, reasons = parse_integer_column(pl.Series(["2", None, "x", "2"]))
    assert values.dtype == pl.Int64
    assert values.to_list() == [2, None, None, 2]
    assert reasons.to_list() == [None, None, "not a whole number", None]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(6.138261464750171, 6.138261464750171), ("6.138", 6.138), (7, 7.0), (" .5 ", 0.5), ("-2", -2.0)],
)
def test_parse_number_reads(cell, expected):
    assert parse_number(cell) == (expected, None)


@pytest.mark.parametrize("cell", ["abc", "nan", "inf", float("inf"), "6,1"])
def test_parse_number_unreadable(cell):
    assert parse_number(cell) == (None, "not a number")


# --- identifiers and text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (9212044.0, "9212044"),  # numeric id as calamine returns it
        ("9212044.0", "9212044"),
        (9212044, "9212044"),
        (" ab12\u00a0", "AB12"),
        ("00123", "00123"),  # text id: leading zeros are part of it
        (12.5, "12.5"),
        (None, None),
        ("   ", None),
    ],
)
def test_normalise_child_id(cell, expected):
    assert normalise_child_id(cell) == expected


def test_child_id_column_and_text_column():
    assert child_id_column(pl.Series(["9212044", " x1 ", None])).to_list() == ["9212044", "X1", None]
    # the sample's worker names use a non-breaking space between names
    assert text_column(pl.Series(["Dustin\u00a0Hazlett", "  ", None])).to_list() == ["Dustin Hazlett", None, None]


@pytest.mark.parametrize("cell", ["#N/A", " #n/a ", "#DIV/0!", "#REF!", "#VALUE!"])
def test_excel_error_values_are_recognised(cell):
    assert is_excel_error(cell)


@pytest.mark.parametrize("cell", ["N/A", "#", None, 3])
def test_other_values_are_not_excel_errors(cell):
    assert not is_excel_error(cell)


# --- codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codelist", "cell", "code"),
    [
        ("reason_ceased", "a) E11: Adopted - application unopposed", "E11"),
        ("reason_ceased", "E11", "E11"),
        ("reason_ceased", "E11 - Adopted", "E11"),
        ("reason_ceased", "e11", "E11"),
        ("reason_ceased", "a) E11 Adopted - application unopposed", "E11"),  # code as first word
        ("reason_ceased", "k) E47: Special Guardianship Orders - relative/friend", "E47"),
        ("reason_ceased", "E43", "E43"),  # a 903 code without a template letter
        ("placement_type", "f) U6: Foster placement - not FFA", "U6"),
        ("placement_type", "zz) T4: Temporary accommodation of seven days or less", "T4"),
        ("placement_type", "Z11", "Z11"),
        ("placement_provider", "e) PR4 - Private provision", "PR4"),
        ("placement_provider", "e) PR4 \u2013 Private provision", "PR4"),  # en dash
        ("source", "q) 6: Police", "6"),
        ("source", "p1) 5D: LA services - early help", "5D"),
        ("source", "b) 1B: Individual", "1B"),  # label shortened in the sample
        ("source", 6.0, "6"),  # a code typed into a number cell
        ("source", "10", "10"),
        ("ethnicity", "k) APKN", "APKN"),
        ("ethnicity", "s) NOBT", "NOBT"),  # letter differs from the YAML's t): ignored
        ("ethnicity", "a) WBRI White British", "WBRI"),
        ("ethnicity", "Pakistani", "APKN"),
        ("need", "N1 - Abuse or Neglect", "N1"),
        ("need", "N1", "N1"),
        ("need", "Family in acute stress", "N4"),
        ("abuse", "Physical abuse", "PHY"),  # label only (List 7 of the samples)
        ("abuse", "b) Physical abuse", "PHY"),
        ("abuse", "NEG", "NEG"),
        ("gender", "Female", "Female"),
        ("gender", "b) Female", "Female"),
        ("gender", "  b)   Female  ", "Female"),
        ("gender", "c) Not stated/recorded", "Not stated"),
        ("gender", "F", "Female"),  # alias
        ("yes_no", "No", "No"),
        ("yes_no", "b) No", "No"),
        ("yes_no", "a) Yes", "Yes"),
        ("yes_no", "A) YES", "Yes"),
        ("yes_no", "a. Yes", "Yes"),
        ("yes_no", "1 - Yes", "Yes"),
        ("yes_no", "NFA", "Yes"),  # Referral NFA? alias
        ("yes_no", "No further action", "Yes"),
        ("yes_no", "true", "Yes"),  # a TRUE cell as the reader renders it
        ("yes_no", True, "Yes"),
        ("closure_reason", "RC1 - Adopted", "RC1"),
        ("legal_status", "E1: Placement order", "E1"),
        ("legal_status", "C2: FCO", "C2"),
        ("activity", "G5: Not in education, employment or training - other", "G5"),
        ("accommodation_type", "Y: Other accommodation", "Y"),
        ("adoption_reversal_reason", "RD2", "RD2"),
        ("left_adoption_reason", 1.0, "1"),
        ("in_touch", "a) Yes", "Yes"),
        ("in_touch", "Refu", "Refu"),
        ("in_touch", "d) Refu", "Refu"),
        ("in_touch", "NREQ", "NREQ"),
        ("in_touch", "rhom", "Rhom"),
        ("in_touch", "Died", "Died"),
        ("case_status", "c) Child in need plan", "Child in need plan"),
        ("permanence", "f) Long-term fostering", "Long-term fostering"),
        ("eligibility", "b) Former relevant child", "Former relevant"),
        ("placement_location", "Out of area", "Out"),
    ],
)
def test_parse_code_finds_the_code(codelist, cell, code):
    assert parse_code(cell, CODELISTS[codelist]) == (code, True)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("a) Suitable", "Suitable"),
        ("Suitable", "Suitable"),
        ("b) Unsuitable", "Unsuitable"),
        ("Unsuitable", "Unsuitable"),  # contains "suitable": the longer word wins
        ("unsuitable", "Unsuitable"),
        ("Not suitable", "Unsuitable"),
        ("Accommodation is considered unsuitable", "Unsuitable"),
        ("Accommodation is considered suitable", "Suitable"),
        ("1 - Accommodation is considered Suitable", "Suitable"),
        ("Accommodation is considered suitable [1]", "Suitable"),
        ("Accommodation is considered unsuitable [2]", "Unsuitable"),
        ("Accommodation is not suitable", "Unsuitable"),  # found within the text
        ("The accommodation is considered to be suitable", "Suitable"),
        ("1", "Suitable"),
        ("2", "Unsuitable"),
        ("Y", "Suitable"),
        ("N", "Unsuitable"),
        ("Yes", "Suitable"),
        ("No", "Unsuitable"),
    ],
)
def test_suitability_unsuitable_wins_over_suitable(cell, code):
    assert parse_code(cell, CODELISTS["suitability"]) == (code, True)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        # a word naming one source: its CIN code (annex-a.md section 3, Source list)
        ("School", "2A"),
        ("SCHOOL", "2A"),
        ("Schools", "2A"),
        ("Education", "2B"),
        ("GP", "3A"),
        ("Health visitor", "3B"),
        ("School nurse", "3C"),
        ("A&E", "3E"),
        ("Housing", "4"),
        ("Social care", "5A"),
        ("Early help", "5D"),
        ("Police", "6"),
        ("POLICE", "6"),  # the contact in Ofsted's template example
        ("Court", "7"),
        ("Probation", "7"),
        ("Family", "1A"),
        ("Self", "1C"),
        ("Anonymous", "9"),
        ("Other", "8"),
        ("Unknown", "10"),
        # a word naming only a group (Ofsted's 'Grouped' column): the group's number
        ("Health", "3"),
        ("Health services", "3"),
        ("Individual", "1"),
        ("LA", "5"),
        ("Local authority", "5"),
        # the template's own cells keep their precise code
        ("a) 1A: Individual", "1A"),
        ("g) 3A: Health services", "3A"),
        ("e) 2A: Schools", "2A"),
    ],
)
def test_source_written_as_a_word_maps_to_its_source(cell, code):
    assert parse_code(cell, CODELISTS["source"]) == (code, True)


@pytest.mark.parametrize(
    ("codelist", "cell"),
    [
        ("need", "PSRMEM - Support with memory and cognition"),  # List 6 of the samples
        ("yes_no", "CS Assessment Updated"),  # List 4 of the samples
        ("yes_no", "n/a"),
        ("yes_no", "No (not seen)"),
        ("suitability", "Suitable / unsuitable"),  # both: cannot tell
        ("placement_type", "U9"),
        ("source", "z) 99: Martians"),
    ],
)
def test_parse_code_unknown_returns_text(codelist, cell):
    assert parse_code(f"  {cell} ", CODELISTS[codelist]) == (cell, False)


def test_parse_code_blank():
    assert parse_code(None, CODELISTS["gender"]) == (None, True)
    assert parse_code("  ", CODELISTS["gender"]) == (None, True)


def test_parse_code_column():
    raw = pl.Series("g", ["b) Female", None, "Female", "Martian", "b) Female"])
    codes, known = parse_code_column(raw, CODELISTS["gender"])
    assert codes.to_list() == ["Female", None, "Female", "Martian", "Female"]
    assert known.to_list() == [True, None, True, False, True]


_ALL_VALUES = [(name, value) for name, cl in CODELISTS.items() for value in cl.values]
_SPACES = st.text(alphabet=[" ", "\u00a0"], max_size=3)


@given(
    st.sampled_from(_ALL_VALUES),
    st.booleans(),
    _SPACES,
    _SPACES,
    st.sampled_from([str, str.upper, str.lower]),
)
def test_every_rendered_value_parses_back_to_its_code(named_value, keep_letter, before, after, case):
    name, value = named_value
    codelist = CODELISTS[name]
    text = codelist.render(value)
    if not keep_letter and value.letter and "{letter}" in codelist.format:
        prefix = f"{value.letter}) "
        assert text.startswith(prefix)
        text = text[len(prefix):]
    assert parse_code(before + case(text) + after, codelist) == (value.code, True)

