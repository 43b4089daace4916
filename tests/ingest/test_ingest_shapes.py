"""Workbook shapes real LAs send: Ofsted's template (with its front, guidance and code sheets,
as .xlsx and .xls), extra sheets that are not lists, lists with no rows, and which blank cells
are row-level errors and which are warnings."""

import tempfile
from datetime import date
from pathlib import Path

import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ofsted_template import DAY, SCHEMA, list_row, write_template

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.ingest.headers import HEADER_PATTERNS
from csc_scorecard.issues import Scope, Severity, refuses

NOT_LISTS = ["Front_Sheet", "FAQ_and_changes", "Guidance", "Codes_used"]


def not_list_sheets(read) -> list[str]:
    return [i.sheet for i in read.issues if i.message.startswith("not a list, ignored")]


# --- Ofsted's template ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_ofsted_template_shaped_workbook_loads(tmp_path, suffix):
    # two referrals, one child protection plan; the other nine lists headers only
    rows = {
        "referrals": [list_row(SCHEMA.lists["referrals"], "R1"), list_row(SCHEMA.lists["referrals"], "R2")],
        "child_protection": [list_row(SCHEMA.lists["child_protection"], "P1")],
    }
    read = read_annex_a(write_template(tmp_path / f"annex_a{suffix}", rows), as_at=date(2024, 12, 31))
    assert not refuses(read.issues, strict=True)  # no error at all
    assert {name: (listed.sheet, listed.frame.height) for name, listed in read.lists.items()} == {
        spec.name: (f"List_{spec.number}", {"referrals": 2, "child_protection": 1}.get(spec.name, 0))
        for spec in SCHEMA.lists.values()
    }
    assert not_list_sheets(read) == NOT_LISTS
    assert [i for i in read.issues if i.sheet not in NOT_LISTS] == []
    referrals = read.lists["referrals"].frame
    # the header row is row 2 (title above): the referrals are rows 3 and 4
    assert referrals["source_row"].to_list() == [3, 4]
    assert referrals["child_id"].to_list() == ["R1", "R2"]
    # source: the code list's first value, `a) 1A: Individual - ...`
    assert (referrals["referral_date"][0], referrals["referral_source"][0], referrals["referrals_last_12m"][0]) == (
        DAY, "1A", 0,
    )
    assert read.lists["child_protection"].frame["cpp_start_date"].to_list() == [DAY]


def test_list_with_a_header_row_and_no_rows_is_present_with_zero_rows(workbook):
    read = read_annex_a(workbook({
        "List 3": [REFERRAL_HEADERS, referral()],
        "List 10": [[c.header for c in SCHEMA.lists["adoption"].columns]],
    }))
    adoption = read.lists["adoption"]
    assert (adoption.sheet, adoption.frame.height, adoption.missing_columns) == ("List 10", 0, [])
    assert adoption.frame.columns == ["source_row", *SCHEMA.lists["adoption"].column_names]
    assert read.issues == []


def test_pivot_table_beside_its_list_is_not_a_list(workbook):
    # a summary of List 3 on its own sheet: before, it could be taken for a second List 3
    pivot = [["Date of referral", "Count of Child Unique ID", "Sum of Number of Referrals in Last 12 Months"],
             [date(2023, 5, 2), 2, 0], ["Grand Total", 2, 0]]
    read = read_annex_a(workbook({"Pivot": pivot, "List 3": [REFERRAL_HEADERS, referral("A"), referral("B")]}))
    assert not refuses(read.issues, strict=True)
    assert (read.lists["referrals"].sheet, read.lists["referrals"].frame.height) == ("List 3", 2)
    assert not_list_sheets(read) == ["Pivot"]


# --- sheets that are not lists never change what is read ----------------------------------

IDENTIFIER_SPELLINGS = {
    text for spec in SCHEMA.lists.values() for text in spec.column(spec.identifier).spellings
}
# headers that are no list's identifier, not even by the identifier's pattern
OTHER_HEADERS = sorted({
    c.header for spec in SCHEMA.lists.values() for c in spec.columns
    if c.header not in IDENTIFIER_SPELLINGS and not HEADER_PATTERNS["child_id"].search(c.header.lower())
})
ANY_HEADER = sorted(IDENTIFIER_SPELLINGS) + OTHER_HEADERS
WORDS = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=20)

# A guidance-like sheet: at most one header a row, anywhere, with prose beside it.
guidance_rows = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from(ANY_HEADER), WORDS).map(
        lambda t: [None] * t[0] + [t[1], t[2]]
    ),
    max_size=12,
)
# A code-sheet-like row: many headers of the lists, but no identifier.
code_rows = st.lists(st.lists(st.sampled_from(OTHER_HEADERS), min_size=1, max_size=15), min_size=1, max_size=3)
extra_sheets = st.lists(st.one_of(guidance_rows, code_rows), min_size=1, max_size=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extra=extra_sheets, before=st.booleans())
def test_extra_sheets_with_header_like_cells_never_change_what_is_read(extra, before):
    lists = {
        "List 3": [REFERRAL_HEADERS, referral("A"), referral("B", referred=date(2023, 6, 1))],
        "List 7": [[c.header for c in SCHEMA.lists["child_protection"].columns],
                   list_row(SCHEMA.lists["child_protection"], "P1")],
    }
    others = {f"Notes {i}": rows for i, rows in enumerate(extra)}
    with tempfile.TemporaryDirectory() as folder:
        alone = read_annex_a(write_workbook(Path(folder) / "alone.xlsx", lists))
        mixed = (others | lists) if before else (lists | others)
        read = read_annex_a(write_workbook(Path(folder) / "alone.xlsx", mixed))
    assert read.lists.keys() == alone.lists.keys()
    for name, listed in alone.lists.items():
        assert read.lists[name].sheet == listed.sheet
        assert read.lists[name].frame.equals(listed.frame)
    # the only new issues name the extra sheets as not lists: warnings about the file
    new = [i for i in read.issues if i.sheet in others]
    assert [(i.severity, i.scope, i.sheet) for i in new] == [(Severity.WARNING, Scope.FILE, s) for s in others]
    assert [i for i in read.issues if i.sheet not in others] == alone.issues


# --- blank cells: row-level errors where a measure reads the column, warnings elsewhere ----


def test_blank_required_date_is_a_row_level_error_and_the_row_is_kept(workbook):
    # `Date of referral` is required (the referral measures read it)
    read = read_annex_a(workbook({"List 3": [REFERRAL_HEADERS, referral("A", referred=None), referral("B")]}))
    [issue] = read.issues
    assert (issue.severity, issue.scope, issue.sheet, issue.row, issue.column, issue.value) == (
        Severity.ERROR, Scope.ROW, "List 3", 2, "Date of referral", None,
    )
    assert issue.file == "annex_a.xlsx"
    assert issue.expected == "a date dd/mm/yyyy"
    assert read.lists["referrals"].frame["referral_date"].to_list() == [None, date(2023, 5, 2)]
    assert not refuses(read.issues)  # the file loads
    assert refuses(read.issues, strict=True)  # --strict refuses it


def test_blank_date_in_a_column_no_measure_reads_is_a_warning(workbook):
    # List 8's `Start date of current legal status` must be filled (blank: false in the
    # schema) but no measure reads it (required: false): a warning, not an error
    spec = SCHEMA.lists["children_in_care"]
    headers = [c.header for c in spec.columns]
    read = read_annex_a(workbook({"List 8": [headers, list_row(spec, "C1", blank=("legal_status_start_date",))]}))
    assert [(i.severity, i.scope, i.row, i.column) for i in read.issues] == [
        (Severity.WARNING, Scope.ROW, 2, "Start date of current legal status"),
    ]
    assert read.lists["children_in_care"].frame["legal_status_start_date"].to_list() == [None]


def test_missing_required_column_stays_a_file_level_error(workbook):
    headers = [h for h in REFERRAL_HEADERS if h != "Number of Referrals in Last 12 Months"]
    row = [v for h, v in zip(REFERRAL_HEADERS, referral()) if h != "Number of Referrals in Last 12 Months"]
    read = read_annex_a(workbook({"List 3": [headers, row]}))
    [issue] = read.issues
    assert (issue.severity, issue.scope, issue.column) == (Severity.ERROR, Scope.FILE, "Number of Referrals in Last 12 Months")
    assert refuses(read.issues)
