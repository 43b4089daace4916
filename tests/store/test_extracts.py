"""Loading extracts: all or nothing, the same file twice is a no-op, replacement keeps history."""

from datetime import date

import polars as pl
import pytest

from csc_scorecard.ingest.annex_a import AnnexARead, ListRead
from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.issues import Issue, Severity, UserError
from csc_scorecard.store import extracts as store_extracts
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import extract_set, extracts_frame, load_annex_a, stored_issues

TYPES = {"string": pl.String, "code": pl.String, "date": pl.Date, "integer": pl.Int64, "number": pl.Float64}


def list_frame(name, rows):
    """A list's canonical frame from a few dicts; columns not given are null."""
    spec = load_schema().lists[name]
    schema = {"source_row": pl.Int64} | {c.name: TYPES[c.type] for c in spec.columns}
    filled = [{"source_row": i + 2} | r for i, r in enumerate(rows)]
    return pl.DataFrame(filled, schema=schema, orient="row") if filled else pl.DataFrame(schema=schema)


def workbook(sha, referrals, cla=(), issues=()):
    lists = {"referrals": ListRead("referrals", 3, "List 3", list_frame("referrals", referrals), [])}
    if cla:
        lists["children_in_care"] = ListRead("children_in_care", 8, "List 8", list_frame("children_in_care", cla), [])
    return AnnexARead(file=f"{sha}.xlsx", lists=lists, issues=list(issues), sha256=sha)


REFERRALS = [
    {"child_id": "A1", "referral_date": date(2023, 3, 14), "referral_source": "6", "referrals_last_12m": 0},
    {"child_id": "B2", "referral_date": date(2023, 5, 2), "referral_source": "2A", "referrals_last_12m": 1},
]
CLA = [{"child_id": "C3", "cla_start_date": date(2021, 6, 30), "legal_status": "C2", "missing_episodes_12m": 2}]


def counts(store):
    with store.engine.connect() as conn:
        return {
            t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
            for t in ("extracts", "extract_lists", "load_issues", "list_referrals", "list_children_in_care")
        }


def test_load_stores_rows_and_reads_them_back_typed(tmp_path):
    store = open_store(tmp_path / "s")
    warning = Issue(Severity.WARNING, "unknown code", "a.xlsx", "List 3", 3, "Referral Source", "Z9", "a source code")
    outcome = load_annex_a(store, workbook("a", REFERRALS, CLA, [warning]), date(2023, 12, 31), "343")
    assert outcome.status == "loaded"
    # no period start given: the 1st of the month of the earliest referral (14 March 2023)
    assert outcome.period_start == date(2023, 3, 1)
    assert outcome.counts == {"referrals": 2, "children_in_care": 1}
    got = extract_set(store, ["343"])
    assert got.extracts.select("la_code", "as_at", "period_start").row(0) == ("343", date(2023, 12, 31), date(2023, 3, 1))
    referrals = got.lists["referrals"]
    assert referrals.select("child_id", "referral_date", "referral_source", "referrals_last_12m").rows() == [
        ("A1", date(2023, 3, 14), "6", 0),
        ("B2", date(2023, 5, 2), "2A", 1),
    ]
    assert referrals.schema["referral_date"] == pl.Date
    assert got.lists["children_in_care"].row(0, named=True)["missing_episodes_12m"] == 2
    assert [str(i) for i in stored_issues(store, outcome.extract_id)] == [str(warning)]


def test_given_period_start_is_kept(tmp_path):
    store = open_store(tmp_path / "s")
    outcome = load_annex_a(store, workbook("a", REFERRALS), date(2023, 12, 31), "343", date(2023, 1, 1))
    assert (outcome.period_start, outcome.period_start_source) == (date(2023, 1, 1), "given")


def test_same_file_twice_is_a_no_op_that_says_so(tmp_path):
    store = open_store(tmp_path / "s")
    load_annex_a(store, workbook("a", REFERRALS), date(2023, 12, 31), "343")
    before = counts(store)
    again = load_annex_a(store, workbook("a", REFERRALS), date(2023, 12, 31), "343")
    assert again.status == "unchanged"
    assert "already loaded" in again.message
    assert counts(store) == before


def test_same_file_under_another_as_at_date_is_refused(tmp_path):
    store = open_store(tmp_path / "s")
    load_annex_a(store, workbook("a", REFERRALS), date(2023, 12, 31), "343")
    with pytest.raises(UserError, match="already loaded as the extract at 2023-12-31"):
        load_annex_a(store, workbook("a", REFERRALS), date(2023, 11, 30), "343")


def test_another_file_for_the_same_date_replaces_and_keeps_history(tmp_path):
    store = open_store(tmp_path / "s")
    first = load_annex_a(store, workbook("a", REFERRALS), date(2023, 12, 31), "343")
    second = load_annex_a(store, workbook("b", REFERRALS[:1]), date(2023, 12, 31), "343")
    assert second.status == "replaced"
    history = extracts_frame(store, ["343"], include_superseded=True)
    assert history.select("id", "superseded_by").rows() == [(first.extract_id, second.extract_id), (second.extract_id, None)]
    current = extract_set(store, ["343"])
    assert current.lists["referrals"].height == 1


def test_a_workbook_with_errors_stores_nothing(tmp_path):
    store = open_store(tmp_path / "s")
    load_annex_a(store, workbook("a", REFERRALS), date(2023, 11, 30), "343")
    before = counts(store)
    error = Issue(Severity.ERROR, "a required column is missing", "b.xlsx", "List 3", 1, None, None, "Date of referral")
    outcome = load_annex_a(store, workbook("b", REFERRALS, issues=[error]), date(2023, 12, 31), "343")
    assert outcome.status == "refused"
    assert counts(store) == before


def test_a_failure_half_way_leaves_the_store_exactly_as_before(tmp_path, monkeypatch):
    store = open_store(tmp_path / "s")
    load_annex_a(store, workbook("a", REFERRALS, CLA), date(2023, 11, 30), "343")
    before = counts(store)
    real_insert = store_extracts._insert_rows

    def fail_on_the_second_list(conn, name, extract_id, frame):
        if name == "children_in_care":
            raise OSError("disk full (injected)")
        real_insert(conn, name, extract_id, frame)

    monkeypatch.setattr(store_extracts, "_insert_rows", fail_on_the_second_list)
    # a replacement of the same as-at date: the old extract must not be marked superseded either
    with pytest.raises(OSError, match="injected"):
        load_annex_a(store, workbook("b", REFERRALS, CLA), date(2023, 11, 30), "343")
    assert counts(store) == before
    assert extracts_frame(store, ["343"], include_superseded=True).get_column("superseded_by").to_list() == [None]


def test_cache_files_agree_with_the_database_and_are_rebuilt_when_missing_or_broken(tmp_path):
    store = open_store(tmp_path / "s")
    load_annex_a(store, workbook("a", REFERRALS, CLA), date(2023, 12, 31), "343")
    from_cache = extract_set(store, ["343"]).lists
    cache = tmp_path / "s" / store_extracts.CACHE_FOLDER
    # written at load for the lists in the workbook (and, empty, for other lists once read)
    assert {"extract-1-children_in_care.parquet", "extract-1-referrals.parquet"} <= {p.name for p in cache.iterdir()}
    for path in cache.iterdir():
        path.unlink()
    rebuilt = extract_set(store, ["343"]).lists
    (cache / "extract-1-referrals.parquet").write_bytes(b"not parquet")
    repaired = extract_set(store, ["343"]).lists
    for name in ("referrals", "children_in_care"):
        assert rebuilt[name].equals(from_cache[name])
        assert repaired[name].equals(from_cache[name])


def test_a_nul_character_in_free_text_loads_on_either_database(tmp_path):
    """PostgreSQL cannot store NUL in text (SQLite can): a free-text cell's NUL, which Excel does
    not show and no one types, is dropped from its value, and shown as \\x00 in the issue quoting
    it. (In an identifier it refuses the file: tests/store/test_nul_identifiers.py.)"""
    from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

    from csc_scorecard.ingest.annex_a import read_annex_a

    bad_date = referral("C2")
    bad_date[3] = "2023-1\x001-05x"  # the date of birth column: unreadable, quoted in the issue
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx",
                          {"List 3": [REFERRAL_HEADERS, referral("C1", team="Team\x00 A"), bad_date]})
    store = open_store(tmp_path / "s")
    outcome = load_annex_a(store, read_annex_a(path), date(2023, 12, 31), "343")
    assert outcome.status == "loaded", outcome.message
    referrals = extract_set(store).lists["referrals"]
    assert referrals["child_id"].to_list() == ["C1", "C2"]
    assert referrals["allocated_team"].to_list() == ["Team A", "Team A"]
    [issue] = stored_issues(store, outcome.extract_id)
    assert (issue.row, issue.column, issue.value) == (3, "Date of Birth", "2023-1\\x001-05x")
    store.dispose()
