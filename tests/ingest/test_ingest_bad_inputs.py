"""Workbooks with problems: each is reported with its severity and place, never raised."""

import hashlib
from datetime import date

from annex_a_builders import REFERRAL_HEADERS, FormulaError, Uncalculated, referral, write_workbook

from csc_scorecard.ingest.annex_a import MAX_ROWS_LISTED, read_annex_a
from csc_scorecard.issues import Scope, Severity, refuses

COL = {header: i for i, header in enumerate(REFERRAL_HEADERS)}


def places(read, severity=None):
    """(severity, sheet, row, column, value) of each issue, optionally of one severity."""
    return [
        (i.severity, i.sheet, i.row, i.column, i.value)
        for i in read.issues
        if severity is None or i.severity is severity
    ]


def with_cell(row: list, header: str, value) -> list:
    row = list(row)
    row[COL[header]] = value
    return row


# --- files that are not readable workbooks -------------------------------------------------


def test_text_file_renamed_xlsx(tmp_path):
    path = tmp_path / "referrals.xlsx"
    path.write_text("Child Unique ID,Date of referral\n1,05/01/2023\n")
    read = read_annex_a(path)
    assert places(read) == [(Severity.ERROR, None, None, None, None)]
    assert read.issues[0].file == "referrals.xlsx"
    assert "not an Excel workbook" in read.issues[0].message
    assert read.lists == {}
    assert read.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_password_protected_workbook(tmp_path):
    # An encrypted .xlsx is an OLE compound file holding an `EncryptionInfo` stream (its name
    # is stored in UTF-16); this is the start of such a file, enough to be recognised.
    path = tmp_path / "protected.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptionInfo".encode("utf-16-le"))
    read = read_annex_a(path)
    assert places(read) == [(Severity.ERROR, None, None, None, None)]
    assert "password-protected" in read.issues[0].message


def test_corrupt_workbook(tmp_path, workbook):
    good = workbook({"List 3": [REFERRAL_HEADERS, referral()]})
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[:2000])  # a zip cut short
    read = read_annex_a(path)
    assert places(read) == [(Severity.ERROR, None, None, None, None)]


def test_missing_file_is_an_error_not_an_exception(tmp_path):
    read = read_annex_a(tmp_path / "nowhere.xlsx")
    assert places(read) == [(Severity.ERROR, None, None, None, None)]
    assert read.sha256 == ""


def test_empty_workbook(workbook):
    read = read_annex_a(workbook({"Sheet1": []}))
    assert places(read) == [
        (Severity.WARNING, "Sheet1", None, None, None),
        (Severity.ERROR, None, None, None, None),
    ]
    assert "the sheet is empty" in read.issues[0].message
    assert "no Annex A list found" in read.issues[1].message


def test_unknown_sheet_next_to_a_list_is_a_warning(workbook):
    read = read_annex_a(workbook({"Notes": [["Prepared by", "MASH"]], "Referrals": [REFERRAL_HEADERS, referral()]}))
    assert places(read) == [(Severity.WARNING, "Notes", None, None, None)]
    assert read.lists["referrals"].sheet == "Referrals"


# --- structure -----------------------------------------------------------------------------


def test_missing_required_column_is_an_error(workbook):
    headers = [h for h in REFERRAL_HEADERS if h != "Number of Referrals in Last 12 Months"]
    row = [v for h, v in zip(REFERRAL_HEADERS, referral()) if h != "Number of Referrals in Last 12 Months"]
    read = read_annex_a(workbook({"List 3": [headers, row]}))
    assert places(read) == [(Severity.ERROR, "List 3", 1, "Number of Referrals in Last 12 Months", None)]
    listed = read.lists["referrals"]
    assert listed.missing_columns == ["referrals_last_12m"]
    assert listed.frame["referrals_last_12m"].to_list() == [None]


def test_missing_optional_column_is_a_warning(workbook):
    headers = [h for h in REFERRAL_HEADERS if h != "Allocated Worker"]
    read = read_annex_a(workbook({"List 3": [headers, referral()[:-1]]}))
    assert places(read) == [(Severity.WARNING, "List 3", 1, "Allocated Worker", None)]
    assert not refuses(read.issues, strict=True)  # no error at all


def test_same_list_on_two_sheets_is_an_error(workbook):
    read = read_annex_a(workbook({"List 3": [REFERRAL_HEADERS, referral()],
                                  "List 3 (2)": [REFERRAL_HEADERS, referral()]}))
    assert places(read) == [(Severity.ERROR, "List 3 (2)", None, None, None)]


def test_header_below_titles_and_data_from_column_b(workbook):
    # Title in A1, headers in row 4 from column B, data from row 5, a blank row 6.
    sheet = [
        ["Annex A List 3"],
        [],
        [],
        [None] + REFERRAL_HEADERS,
        [None] + referral(child="A"),
        [],
        [None] + with_cell(referral(child="B"), "Number of Referrals in Last 12 Months", FormulaError("=1/0", "#DIV/0!")),
    ]
    read = read_annex_a(workbook({"Referrals": sheet}))
    frame = read.lists["referrals"].frame
    assert frame["source_row"].to_list() == [5, 7]  # the blank row 6 is skipped
    assert frame["child_id"].to_list() == ["A", "B"]
    assert places(read) == [
        (Severity.ERROR, "Referrals", 7, "Number of Referrals in Last 12 Months", "#DIV/0!"),
    ]


# --- cells ---------------------------------------------------------------------------------


def test_impossible_date_as_text_in_a_required_column(workbook):
    rows = [REFERRAL_HEADERS, referral(child="A"), referral(child="B", referred="31/02/2023")]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == [(Severity.ERROR, "List 3", 3, "Date of referral", "31/02/2023")]
    assert "February 2023 has no day 31" in read.issues[0].message
    assert read.lists["referrals"].frame["referral_date"].to_list() == [date(2023, 5, 2), None]


def test_unreadable_date_in_an_optional_column_is_a_warning(workbook):
    rows = [REFERRAL_HEADERS, referral(born="unknown")]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == [(Severity.WARNING, "List 3", 2, "Date of Birth", "unknown")]
    assert read.lists["referrals"].frame["date_of_birth"].to_list() == [None]


def test_dates_in_other_forms_are_read(workbook):
    rows = [
        REFERRAL_HEADERS,
        referral(child="A", referred="02/05/2023"),
        referral(child="B", referred="2023-05-03"),
        referral(child="C", referred=45050),  # Excel serial without a date format: 3 May 2023
    ]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == []
    # 45000 is 15 Mar 2023; 45050 is 50 days on: +16 is 31 Mar, +30 more 30 Apr, +4 more 4 May.
    assert read.lists["referrals"].frame["referral_date"].to_list() == [
        date(2023, 5, 2), date(2023, 5, 3), date(2023, 5, 4),
    ]


def test_blank_date_in_a_column_that_must_have_one(workbook):
    read = read_annex_a(workbook({"List 3": [REFERRAL_HEADERS, referral(referred=None)]}))
    assert places(read) == [(Severity.ERROR, "List 3", 2, "Date of referral", None)]


def test_non_numeric_count_in_a_required_column(workbook):
    rows = [REFERRAL_HEADERS, referral(prior="two")]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == [(Severity.ERROR, "List 3", 2, "Number of Referrals in Last 12 Months", "two")]


def test_unknown_code_is_one_warning_per_value(workbook):
    rows = [
        REFERRAL_HEADERS,
        referral(child="A", source="z) 99: Martians"),
        referral(child="B"),
        referral(child="C", source="z) 99: Martians"),
    ]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == [(Severity.WARNING, "List 3", 2, "Referral Source", "z) 99: Martians")]
    assert "2 rows" in read.issues[0].message
    assert read.lists["referrals"].frame["referral_source"].to_list() == ["z) 99: Martians", "6", "z) 99: Martians"]


def test_sources_written_as_words_are_read_not_reported(workbook):
    rows = [REFERRAL_HEADERS, referral(child="A", source="School"), referral(child="B", source="Health"),
            referral(child="C", source="Police")]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == []
    # School is 2A; Health names only the group, kept as its number 3; Police is 6
    assert read.lists["referrals"].frame["referral_source"].to_list() == ["2A", "3", "6"]


def test_formula_error_cells(workbook):
    rows = [
        REFERRAL_HEADERS,
        with_cell(referral(child="A"), "Allocated Team", FormulaError("=NA()", "#N/A")),
        with_cell(referral(child="B"), "Number of Referrals in Last 12 Months", FormulaError("=1/0", "#DIV/0!")),
        with_cell(referral(child="C"), "Allocated Worker", "#REF!"),  # an error pasted as text
    ]
    read = read_annex_a(workbook({"List 3": rows}))
    assert sorted(places(read), key=lambda p: p[2]) == [
        (Severity.WARNING, "List 3", 2, "Allocated Team", "#N/A"),
        (Severity.ERROR, "List 3", 3, "Number of Referrals in Last 12 Months", "#DIV/0!"),
        (Severity.WARNING, "List 3", 4, "Allocated Worker", "#REF!"),
    ]
    frame = read.lists["referrals"].frame
    assert frame["allocated_team"].to_list() == [None, "Team A", "Team A"]
    assert frame["referrals_last_12m"].to_list() == [0, None, 0]
    assert frame["allocated_worker"].to_list() == ["Worker A", "Worker A", None]


def test_formula_without_its_value_says_what_it_is_and_how_to_fix_it(workbook):
    # A script wrote the formulas but no results: the readers see blank cells. Row 2's
    # referral date (required) is an error in that row, row 3's team (no measure reads it) a
    # warning; row 4's calculated formula (=1+1, saved with its result 2) is read as 2.
    rows = [
        REFERRAL_HEADERS,
        with_cell(referral(child="A"), "Date of referral", Uncalculated("=DATE(2023,5,2)")),
        with_cell(referral(child="B"), "Allocated Team", Uncalculated('=\"Team \"&\"A\"')),
        with_cell(referral(child="C"), "Number of Referrals in Last 12 Months", FormulaError("=1+1", 2)),
    ]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == [
        (Severity.ERROR, "List 3", 2, "Date of referral", None),
        (Severity.WARNING, "List 3", 3, "Allocated Team", None),
    ]
    assert [i.scope for i in read.issues] == [Scope.ROW, Scope.ROW]
    assert read.issues[0].message == (
        "a formula saved without its value (the file was written by a program, not saved by "
        "Excel), read as blank: open the file in Excel and save it, so that the values are "
        "calculated, then load it again"
    )
    assert read.issues[0].expected == "a date dd/mm/yyyy"
    frame = read.lists["referrals"].frame
    assert frame["referral_date"].to_list() == [None, date(2023, 5, 2), date(2023, 5, 2)]
    assert frame["allocated_team"].to_list() == ["Team A", None, "Team A"]
    assert frame["referrals_last_12m"].to_list() == [0, 0, 2]


def test_row_of_uncalculated_formulas_only_is_kept(workbook):
    # every cell of row 2 a formula without a value: not a blank row to skip
    row = [Uncalculated("=1") for _ in REFERRAL_HEADERS]
    read = read_annex_a(workbook({"List 3": [REFERRAL_HEADERS, row, referral(child="B")]}))
    assert read.lists["referrals"].frame["source_row"].to_list() == [2, 3]
    # 11 cells, 11 issues, all in row 2: errors in the three required columns (child id,
    # referral date, count), warnings in the 8 others
    assert {i.row for i in read.issues} == {2}
    assert sorted(i.column for i in read.issues if i.severity is Severity.ERROR) == [
        "Child Unique ID", "Date of referral", "Number of Referrals in Last 12 Months",
    ]
    assert len(read.issues) == 11
    # as the last row of the sheet too (the readers end the sheet at its last value)
    read = read_annex_a(workbook({"List 3": [REFERRAL_HEADERS, referral(child="B"), row]}, name="last.xlsx"))
    assert read.lists["referrals"].frame["source_row"].to_list() == [2, 3]
    assert {i.row for i in read.issues} == {3}


def test_blank_code_in_a_column_that_should_be_filled_warns(workbook):
    read = read_annex_a(workbook({"List 3": [REFERRAL_HEADERS, referral(source=None)]}))
    assert places(read) == [(Severity.WARNING, "List 3", 2, "Referral Source", None)]


# --- implausible dates ---------------------------------------------------------------------


def test_date_after_as_at(workbook):
    rows = [REFERRAL_HEADERS, referral(child="A", referred=date(2023, 12, 31)),
            referral(child="B", referred=date(2024, 1, 1))]
    read = read_annex_a(workbook({"List 3": rows}), as_at=date(2023, 12, 31))
    assert places(read) == [(Severity.WARNING, "List 3", 3, "Date of referral", "01/01/2024")]
    assert "after the extract's as-at date 31/12/2023" in read.issues[0].message
    # the row is kept: measures leave it out (indicators.md), the loader only reports it
    assert read.lists["referrals"].frame.height == 2


def test_date_in_the_future_without_as_at(workbook):
    read = read_annex_a(workbook({"List 3": [REFERRAL_HEADERS, referral(referred=date(2099, 1, 1))]}))
    assert places(read) == [(Severity.WARNING, "List 3", 2, "Date of referral", "01/01/2099")]
    assert "in the future" in read.issues[0].message


def test_pre_birth_referral_is_expected_but_not_earlier_than_a_pregnancy(workbook):
    # born 01/06/2023: a referral on 02/05/2023 (30 days before) is ordinary pre-birth work;
    # one on 01/08/2022 is 304 days before birth, more than the 280 days of a pregnancy
    rows = [
        REFERRAL_HEADERS,
        referral(child="A", born=date(2023, 6, 1), referred=date(2023, 5, 2)),
        referral(child="B", born=date(2023, 6, 1), referred=date(2022, 8, 1)),
    ]
    read = read_annex_a(workbook({"List 3": rows}), as_at=date(2023, 12, 31))
    assert places(read) == [(Severity.WARNING, "List 3", 3, "Date of referral", "01/08/2022")]
    assert "more than 280 days (a pregnancy) before the child's date of birth" in read.issues[0].message


def test_placeholder_date(workbook):
    read = read_annex_a(workbook({"List 3": [REFERRAL_HEADERS, referral(born="01/01/1900")]}))
    assert places(read) == [(Severity.WARNING, "List 3", 2, "Date of Birth", "01/01/1900")]


# --- duplicates and identifiers ------------------------------------------------------------


def test_duplicate_key_keeps_the_last_row(workbook):
    rows = [
        REFERRAL_HEADERS,
        referral(child="A", team="First"),
        referral(child="B"),
        referral(child=" a ", team="Last"),  # same child once trimmed and upper-cased
    ]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == [(Severity.WARNING, "List 3", 4, None, None)]
    assert "rows 2 and 4" in read.issues[0].message
    frame = read.lists["referrals"].frame
    assert frame["source_row"].to_list() == [3, 4]
    assert frame["child_id"].to_list() == ["B", "A"]
    assert frame["allocated_team"].to_list() == ["Team A", "Last"]


def test_same_child_and_date_with_another_source_is_not_a_duplicate(workbook):
    rows = [REFERRAL_HEADERS, referral(child="A"), referral(child="A", source="e) 2A: Schools")]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == []
    assert read.lists["referrals"].frame.height == 2


def test_rows_without_child_id_are_never_merged(workbook):
    # the child id is read by every measure: a blank one is a row-level error, the row kept
    rows = [REFERRAL_HEADERS, referral(child=None), referral(child=None)]
    read = read_annex_a(workbook({"List 3": rows}))
    assert places(read) == [
        (Severity.ERROR, "List 3", 2, "Child Unique ID", None),
        (Severity.ERROR, "List 3", 3, "Child Unique ID", None),
    ]
    assert [i.scope for i in read.issues] == [Scope.ROW, Scope.ROW]
    assert read.lists["referrals"].frame.height == 2


def test_numeric_child_ids_lose_the_decimal_part(workbook):
    read = read_annex_a(workbook({"List 3": [REFERRAL_HEADERS, referral(child=9212044)]}))
    assert read.lists["referrals"].frame["child_id"].to_list() == ["9212044"]


# --- volume --------------------------------------------------------------------------------


def test_many_problems_are_listed_up_to_a_limit(workbook):
    count = MAX_ROWS_LISTED + 5
    rows = [REFERRAL_HEADERS] + [referral(child=f"C{i}", born="unknown") for i in range(count)]
    read = read_annex_a(workbook({"List 3": rows}))
    assert len(read.issues) == MAX_ROWS_LISTED + 1
    assert [i.row for i in read.issues[:MAX_ROWS_LISTED]] == list(range(2, MAX_ROWS_LISTED + 2))
    summary = read.issues[-1]
    assert (summary.severity, summary.row, summary.column) == (Severity.WARNING, None, "Date of Birth")
    assert "5 more rows" in summary.message


def test_a_100000_row_list_loads(tmp_path):
    rows = [["Child Unique ID", "Date of referral", "Referral Source", "Number of Referrals in Last 12 Months"]]
    start = date(2022, 1, 1)
    rows += [[f"C{i}", start.toordinal() - date(1899, 12, 30).toordinal() + i % 365, "q) 6: Police", i % 3]
             for i in range(100_000)]
    path = write_workbook(tmp_path / "big.xlsx", {"List 3": rows}, constant_memory=True)
    read = read_annex_a(path, as_at=date(2023, 12, 31))
    assert not refuses(read.issues, strict=True)  # no error at all
    frame = read.lists["referrals"].frame
    assert frame.height == 100_000
    assert frame["source_row"][-1] == 100_001
    # row i (0-based) is dated start + (i mod 365) days: the last, i = 99999, is 99999 mod 365
    # = 354 days after 1 Jan 2022, which is 21 Dec 2022.
    last = frame.row(-1, named=True)
    assert (last["child_id"], last["referral_date"], last["referral_source"], last["referrals_last_12m"]) == (
        "C99999", date(2022, 12, 21), "6", 0,
    )
    assert frame["referrals_last_12m"].sum() == 99_999  # 33,333 ones + 33,333 twos
