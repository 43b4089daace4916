"""Every public sample workbook loads through the real `scorecard load`, with what it reports.

The row counts were counted by hand: each workbook was opened with python-calamine in a scratch
script that printed every row of every sheet, the data rows below each header row were
counted, and rows with the same key (annex-a.md section 7; `key` in the YAML schema) were
counted once, as the loader keeps only the last of them. Working for the dirty TT1 file is
written beside its figures.
"""

from pathlib import Path

import pytest

from cli_run import scorecard
from store_sql import query

pytestmark = pytest.mark.usefixtures("store_database")  # on SQLite and on PostgreSQL (tests/conftest.py)

SAMPLES = Path(__file__).parents[1] / "data" / "annex_a_samples"

# The three liia-tools workbooks of the same made-up children: one header row per sheet, then
# List 1: 5 rows, 2: 5, 3: 6, 4: 5, 5: 5, 6: 5, 7: 7, 8: 5, 9: 6, 10: 5, 11: 5; no key repeats.
LIIA_ROWS = {
    "contacts": 5, "early_help": 5, "referrals": 6, "assessments": 5, "s47_icpc": 5,
    "children_in_need": 5, "child_protection": 7, "children_in_care": 5, "care_leavers": 6,
    "adoption": 5, "adopters": 5,
}

# TT1 (dirty): data rows in the sheet, minus the rows whose key repeats an earlier row.
TT1_ROWS = {
    # rows 2-9 (8): rows 7 and 9 repeat row 2's child 9212044, 16/09/2020, q) 6 (row 8 has
    # source t) 9, a new key; row 3's blank child id is never merged): 8 - 2 = 6
    "contacts": 6,
    # rows 2-9 (8): row 7 repeats row 2 (612306, 16/09/2020), row 9 row 8 (612306, 17/06/2020)
    "early_help": 6,
    # rows 2-10 (9): rows 8 and 10 repeat row 2 (6537810, 16/09/2020, s) 8); row 9 is 17/09
    "referrals": 7,
    # rows 2-9 (8): rows 7 and 9 repeat row 2 (10692868, 16/05/2019); row 8 is 17/05
    "assessments": 6,
    # rows 2-9 (8): rows 7 and 9 repeat row 2 (11641472, 16/09/2020); row 8 is 17/09
    "s47_icpc": 6,
    # rows 2-9 (8): rows 7 and 9 repeat row 2 (12598894, 09/06/2010); row 8 is 10/06
    "children_in_need": 6,
    # rows 2-11 (10): rows 9 and 11 repeat row 2 (10721552, 23/11/2020); row 10 is 24/11
    "child_protection": 8,
    # rows 2-9 (8): rows 7 and 9 repeat row 2 (1761444, 06/08/2009); row 8 is 07/08
    "children_in_care": 6,
    # rows 2-9 (8): rows 8 and 9 repeat row 2's child 7961370 (List 9's key is the child)
    "care_leavers": 6,
    # rows 2-7 (6), six different children / adopters
    "adoption": 6,
    "adopters": 6,
}

# Ofsted's template example: one contact in List_1, the other ten lists headers only.
TEMPLATE_ROWS = {name: 0 for name in LIIA_ROWS} | {"contacts": 1}

SAMPLE_REPORTS = {
    # file: (rows per list, (severity, sheet, row, column) of each error)
    "liia-tools_Annex_A_sample.xlsx": (LIIA_ROWS, []),
    "liia-tools-pipeline_Annex_A_2024_Jan_sample.xlsx": (LIIA_ROWS, []),
    "liia-tools_Annex_A_pivot_headers.xlsx": (LIIA_ROWS, []),
    # the blank child id of List 1 row 3 is the one error in a column a measure reads; the
    # date of birth 17.5 (List 3 row 3) and age 'Bob' (List 4 row 5) are in columns none reads
    "liia-tools-pipeline_TT1_dirty_Annex_A_Jan_2022.xlsx": (TT1_ROWS, [("error", "List 1", 3, "Child Unique ID")]),
    "cscdp_ofsted_template_example-01.xlsx": (TEMPLATE_ROWS, []),
}


def stored_report(store: Path) -> tuple[dict[str, int], list[tuple], dict[str, int]]:
    rows = dict(query(store, "SELECT list_name, rows FROM extract_lists"))
    errors = query(store, 'SELECT severity, sheet, "row", "column" FROM load_issues WHERE severity = \'error\' ORDER BY sheet, "row"')
    severities = dict(query(store, "SELECT severity, count(*) FROM load_issues GROUP BY severity"))
    return rows, errors, severities


@pytest.mark.parametrize("name", list(SAMPLE_REPORTS))
def test_sample_loads_with_its_lists_rows_and_errors(tmp_path, name):
    expected_rows, expected_errors = SAMPLE_REPORTS[name]
    store = tmp_path / "store"
    result = scorecard("load", SAMPLES / name, "--as-at", "2024-12-31", "--la", "999", store=store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{name}: loaded as the extract at 2024-12-31 (LA 999)" in result.stdout
    rows, errors, _ = stored_report(store)
    assert rows == expected_rows
    assert errors == expected_errors
    assert f"  {len(expected_errors)} error(s)" in result.stdout


def test_ofsted_template_names_its_other_sheets_as_not_lists(tmp_path):
    store = tmp_path / "store"
    result = scorecard("load", SAMPLES / "cscdp_ofsted_template_example-01.xlsx", "--as-at", "2024-12-31",
                       store=store)
    assert result.returncode == 0, result.stdout + result.stderr
    for sheet in ("Front_Sheet", "FAQ_and_changes", "Guidance", "Codes_used"):
        assert f"sheet '{sheet}': not a list, ignored" in result.stdout
    # 8 warnings: those 4 sheets, and List_9 is the 13-column list of 2019, 4 columns short
    # (UASC, Allocated Personal Advisor, Latest Pathway Plan Review Date, Latest Date of Contact)
    assert "0 error(s), 8 warning(s)" in result.stdout
    assert stored_report(store)[2] == {"warning": 8}


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_generated_ofsted_template_loads(tmp_path, suffix):
    # tests/ofsted_template.py: front, FAQ, guidance and code sheets, then List_1 .. List_11
    # with a title row above each header row; one referral, the other lists headers only
    from ofsted_template import SCHEMA, list_row, write_template

    path = write_template(tmp_path / f"template{suffix}", {"referrals": [list_row(SCHEMA.lists["referrals"], "R1")]})
    store = tmp_path / "store"
    result = scorecard("load", path, "--as-at", "2024-12-31", store=store)
    assert result.returncode == 0, result.stdout + result.stderr
    rows, errors, severities = stored_report(store)
    assert rows == {name: 0 for name in LIIA_ROWS} | {"referrals": 1}
    assert errors == []
    assert severities == {"warning": 4}  # the four sheets that are not lists
