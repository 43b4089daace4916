"""A NUL character in an identifier or key cell refuses the file (on SQLite and PostgreSQL).

A NUL (`_x0000_` in the file) is invisible in Excel and typed by no one; PostgreSQL cannot store
it, so a free-text cell loses it (tests/store/test_extracts.py). In a child's id that would make
`C\\x001` the child `C1` and merge two children's rows, and in a key date the row would take
another row's key: the load is refused instead, naming file, sheet, row and column.
"""

from __future__ import annotations

from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from cli_run import scorecard
from store_sql import query

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.issues import Scope, Severity
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import load_annex_a

DEC = date(2023, 12, 31)
MESSAGE = ("a NUL character (invisible in Excel) in an identifier: the row cannot be told apart from others safely; "
           "correct the cell in the source system and export the file again")
EXPECTED = "an identifier of visible characters only"


def test_a_nul_in_a_child_id_refuses_the_file_and_stores_nothing(tmp_path):
    # row 2: C1; row 3: C<NUL>1, which without its NUL would be C1 as well
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx",
                          {"List 3": [REFERRAL_HEADERS, referral("C1"), referral("C\x001", date(2023, 6, 1))]})
    read = read_annex_a(path, DEC)
    refusing = [i for i in read.issues if i.severity is Severity.ERROR and i.scope is Scope.FILE]
    assert [(i.file, i.sheet, i.row, i.column, i.value, i.message, i.expected) for i in refusing] == [
        ("annex_a_2023-12-31.xlsx", "List 3", 3, "Child Unique ID", "C\\x001", MESSAGE, EXPECTED)]
    store = open_store(tmp_path / "store")
    outcome = load_annex_a(store, read, DEC, "343")
    assert outcome.status == "refused"
    assert query(tmp_path / "store", "SELECT count(*) FROM extracts") == [(0,)]
    store.dispose()


def test_a_nul_in_another_key_column_refuses_the_file(tmp_path):
    # List 3's key is child id, date of referral and source: a NUL in the source (a code) of row 2
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx",
                          {"List 3": [REFERRAL_HEADERS, referral("C1", source="q) 6: Pol\x00ice"), referral("C2")]})
    refusing = [i for i in read_annex_a(path, DEC).issues if i.scope is Scope.FILE and i.severity is Severity.ERROR]
    assert [(i.sheet, i.row, i.column, i.value) for i in refusing] == [("List 3", 2, "Referral Source", "q) 6: Pol\\x00ice")]


def test_the_command_line_says_where_the_nul_is_and_exits_1(tmp_path):
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx",
                          {"List 3": [REFERRAL_HEADERS, referral("C2"), referral("C\x001")]})
    result = scorecard("load", path, "--la", "343", store=tmp_path / "store")
    assert result.returncode == 1
    said = " ".join((result.stdout + result.stderr).split())
    assert ("error: annex_a_2023-12-31.xlsx, sheet 'List 3', row 3, column 'Child Unique ID': " + MESSAGE
            + " (found 'C\\\\x001'; expected " + EXPECTED + ")") in said
    assert "annex_a_2023-12-31.xlsx: not loaded, the errors below must be fixed first" in said
    assert query(tmp_path / "store", "SELECT count(*) FROM extracts") == [(0,)]
