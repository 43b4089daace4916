"""`scorecard load` and `validate` as a user runs them: exit codes, messages naming the place, no traceback."""

from datetime import date

import pytest
from annex_a_builders import REFERRAL_HEADERS, FormulaError, referral, write_workbook
from cli_run import scorecard
from store_sql import query

pytestmark = pytest.mark.usefixtures("store_database")  # on SQLite and on PostgreSQL (tests/conftest.py)


def store_counts(store):
    [counts] = query(store, "SELECT (SELECT count(*) FROM extracts), (SELECT count(*) FROM list_referrals)")
    return counts


@pytest.fixture
def loaded_store(tmp_path):
    """A store already holding one good extract, to prove that failed loads leave it unchanged."""
    store = tmp_path / "store"
    good = write_workbook(tmp_path / "annex_a_2023-11-30.xlsx", {"List 3": [REFERRAL_HEADERS, referral(), referral("C2")]})
    result = scorecard("load", good, "--la", "343", store=store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert store_counts(store) == (1, 2)
    return store


def test_good_workbook_loads_and_prints_counts(loaded_store, tmp_path):
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral("C9", date(2023, 12, 1))]})
    result = scorecard("load", path, store=loaded_store)
    assert result.returncode == 0
    assert "Annex A workbook" in result.stdout
    assert "loaded as the extract at 2023-12-31 (LA 343)" in result.stdout
    assert "period start 2023-12-01 (inferred: month of the earliest date in List 3 (Referrals))" in result.stdout
    assert store_counts(loaded_store) == (2, 3)


def test_same_file_twice_says_so(loaded_store, tmp_path):
    again = scorecard("load", tmp_path / "annex_a_2023-11-30.xlsx", store=loaded_store)
    assert again.returncode == 0
    assert "already loaded as the extract at 2023-11-30; nothing to do" in again.stdout
    assert store_counts(loaded_store) == (1, 2)


def write_bad_workbook(path, case):
    """A workbook with one problem: file-level (the first three) or in row 2 (the others)."""
    if case == "text_renamed":
        path.write_text("Child Unique ID,Date of referral\nC1,01/02/2023\n")
    elif case == "empty":
        write_workbook(path, {"Sheet1": []})
    elif case == "missing_required":
        headers = REFERRAL_HEADERS[:8] + REFERRAL_HEADERS[9:]
        row = referral()
        write_workbook(path, {"List 3": [headers, row[:8] + row[9:]]})
    elif case == "impossible_date":
        write_workbook(path, {"List 3": [REFERRAL_HEADERS, referral(referred="31/02/2023")]})
    elif case == "formula_error":
        write_workbook(path, {"List 3": [REFERRAL_HEADERS, referral(referred=FormulaError("=1/0", "#DIV/0!"))]})
    elif case == "blank_required_date":
        write_workbook(path, {"List 3": [REFERRAL_HEADERS, referral(referred=None)]})
    return path


@pytest.mark.parametrize(
    "case, expected",
    [
        ("text_renamed", "not.xlsx"),
        ("empty", "no Annex A list"),
        ("missing_required", "Number of Referrals in Last 12 Months"),
    ],
)
def test_file_level_error_exits_1_names_the_place_and_leaves_the_store_unchanged(loaded_store, tmp_path, case, expected):
    path = write_bad_workbook(tmp_path / "not.xlsx", case)
    result = scorecard("load", path, "--as-at", "2023-12-31", store=loaded_store)
    assert result.returncode == 1
    assert expected in result.stdout + result.stderr
    assert "error" in (result.stdout + result.stderr).lower()
    assert store_counts(loaded_store) == (1, 2)


ROW_ERRORS = ["impossible_date", "formula_error", "blank_required_date"]


@pytest.mark.parametrize("case", ROW_ERRORS)
def test_row_level_error_loads_the_row_without_the_value_and_reports_it(loaded_store, tmp_path, case):
    path = write_bad_workbook(tmp_path / "bad.xlsx", case)
    result = scorecard("load", path, "--as-at", "2023-12-31", store=loaded_store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "loaded as the extract at 2023-12-31" in result.stdout
    assert "1 error(s) (1 in rows, kept with the cell blank unless --strict)" in result.stdout
    assert "error: bad.xlsx, sheet 'List 3', row 2, column 'Date of referral'" in result.stdout
    assert store_counts(loaded_store) == (2, 3)  # the row is stored, its referral date null
    assert query(
        loaded_store,
        "SELECT r.child_id, r.referral_date FROM list_referrals r JOIN extracts e ON e.id = r.extract_id"
        " WHERE e.as_at = '2023-12-31'",
    ) == [("C1", None)]
    # the error is in the extract's data-quality report, with its place
    assert query(
        loaded_store,
        "SELECT severity, scope, sheet, \"row\", \"column\" FROM load_issues i JOIN extracts e ON e.id = i.extract_id"
        " WHERE e.as_at = '2023-12-31'",
    ) == [("error", "row", "List 3", 2, "Date of referral")]


@pytest.mark.parametrize("case", ROW_ERRORS)
def test_strict_refuses_a_row_level_error_and_leaves_the_store_unchanged(loaded_store, tmp_path, case):
    path = write_bad_workbook(tmp_path / "bad.xlsx", case)
    result = scorecard("load", path, "--as-at", "2023-12-31", "--strict", store=loaded_store)
    assert result.returncode == 1
    assert "bad.xlsx: not loaded, the errors below must be fixed first" in result.stdout
    assert "row 2, column 'Date of referral'" in result.stdout
    assert store_counts(loaded_store) == (1, 2)


def test_unknown_code_is_a_warning_and_the_file_loads(loaded_store, tmp_path):
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral(source="zz) 99: Carrier pigeon")]})
    result = scorecard("load", path, store=loaded_store)
    assert result.returncode == 0
    assert "warning" in result.stdout
    assert "row 2, column 'Referral Source'" in result.stdout
    assert store_counts(loaded_store) == (2, 3)


def test_workbook_without_as_at_date_is_a_clear_error(tmp_path):
    path = write_workbook(tmp_path / "december.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    result = scorecard("load", path, store=tmp_path / "store")
    assert result.returncode == 1
    assert "needs its as-at date: give --as-at YYYY-MM-DD" in result.stderr


def test_bad_as_at_option_is_a_clear_error(tmp_path):
    path = write_workbook(tmp_path / "annex_a.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    result = scorecard("load", path, "--as-at", "31/12/2023", store=tmp_path / "store")
    assert result.returncode == 1
    assert "--as-at '31/12/2023' is not a date: expected YYYY-MM-DD" in result.stderr


def test_flag_wins_over_file_name_with_a_warning(tmp_path):
    path = write_workbook(tmp_path / "annex_a_2023-11-30.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    result = scorecard("load", path, "--as-at", "2023-12-31", store=tmp_path / "store")
    assert result.returncode == 0
    assert "the file name says 2023-11-30 but --as-at 2023-12-31 was given: using 2023-12-31" in result.stdout


def test_validate_exits_1_only_for_what_load_would_refuse(tmp_path):
    row_error = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral(referred="31/02/2023")]})
    result = scorecard("validate", row_error)
    assert result.returncode == 0
    assert "row 2, column 'Date of referral'" in result.stdout
    assert "load would take this file" in result.stdout
    strict = scorecard("validate", row_error, "--strict")
    assert strict.returncode == 1
    assert "load would refuse this file" in strict.stdout
    missing = write_bad_workbook(tmp_path / "missing_2023-12-31.xlsx", "missing_required")
    assert scorecard("validate", missing).returncode == 1
    good = write_workbook(tmp_path / "good_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    assert scorecard("validate", good, "--strict").returncode == 0


def test_a_100000_row_list_loads(tmp_path):
    rows = [REFERRAL_HEADERS] + [referral(f"C{i}", date(2023, 1 + i % 12, 1 + i % 28)) for i in range(100_000)]
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": rows}, constant_memory=True)
    result = scorecard("load", path, store=tmp_path / "store")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "100,000" in result.stdout


def test_population_and_manual_csvs_load_into_the_store(tmp_path):
    population = tmp_path / "population.csv"
    population.write_text("new_la_code,old_la_code,la_name,time_period,population\nE08000014,343,Sefton,2023,54321\n")
    manual = tmp_path / "manual.csv"
    manual.write_text("indicator_id,period_end,value,label\nagency_sw_pct,2023-04-30,50,\nunregulated_placements,2023-12-31,30,\n")
    result = scorecard("load", population, manual, "--la", "343", store=tmp_path / "store")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "population estimates (CSV)" in result.stdout and "loaded 1 population estimates" in result.stdout
    assert "loaded 2 manual indicator values for LA 343" in result.stdout
    assert query(tmp_path / "store", "SELECT old_la_code, time_period, population FROM population") == [("343", 2023, 54321)]
    assert query(tmp_path / "store", "SELECT la_code, indicator_id, period_end, value FROM manual_values ORDER BY period_end") == [
        ("343", "agency_sw_pct", "2023-04-30", 50.0),
        ("343", "unregulated_placements", "2023-12-31", 30.0),
    ]


def test_bad_manual_csv_is_one_clear_line(tmp_path):
    manual = tmp_path / "manual.csv"
    manual.write_text("indicator_id,period_end,value,label\nagency_sw_pct,30/04/2023,50,\n")
    result = scorecard("load", manual, store=tmp_path / "store")
    assert result.returncode == 1
    assert "manual.csv" in result.stderr and "row 2" in result.stderr


def test_regional_csv_loads_and_bad_area_is_one_line(tmp_path):
    regional = tmp_path / "regional.csv"
    regional.write_text("source,period_end,period_label,area,indicator_id,value\nRIG,2023-09-30,Q2,la,referrals_rate,706.7\nRIG,2023-09-30,Q2,region,referrals_rate,507\n")
    result = scorecard("load", regional, "--la", "343", store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    assert "loaded 2 regional figures for LA 343" in result.stdout
    bad = tmp_path / "bad_regional.csv"
    bad.write_text("source,period_end,period_label,area,indicator_id,value\nRIG,2023-09-30,Q2,county,referrals_rate,706.7\n")
    result = scorecard("load", bad, store=tmp_path / "store")
    assert result.returncode == 1
    assert "bad_regional.csv, row 2, column 'area': 'county' is not la or region" in result.stderr
