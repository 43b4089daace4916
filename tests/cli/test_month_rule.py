"""One rule for which months have data: the months the dashboard lists are exactly the months
`scorecard build` accepts without --allow-missing, for an extract on the last day of a month,
on the first day of the next and in mid-month (README, "Which month an extract is the data of")."""

from datetime import date

import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from cli_run import scorecard

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.issues import UserError
from csc_scorecard.outputs import check_extract_in_month
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import load_annex_a
from csc_scorecard.web.views import available_months

DEC, JAN, FEB = date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29)


def store_with_extract_at(folder, as_at: date):
    path = write_workbook(folder / "annex_a.xlsx", {"List 3": [REFERRAL_HEADERS, referral("C1", date(2023, 11, 2))]})
    store = open_store(folder / "store")
    assert load_annex_a(store, read_annex_a(path, as_at), as_at, "343").status == "loaded"
    return store


def accepted(store, month: date) -> bool:
    try:
        check_extract_in_month(store, month, "343")
    except UserError:
        return False
    return True


@pytest.mark.parametrize(("as_at", "month"), [
    (date(2024, 1, 31), JAN),  # the last day of January: January's
    (date(2024, 2, 1), JAN),  # the first day of February: January is complete, February is not
    (date(2024, 1, 13), DEC),  # mid-January: December is the last complete month
])
def test_the_dashboard_and_build_agree_on_the_month_of_an_extract(tmp_path, as_at, month):
    store = store_with_extract_at(tmp_path, as_at)
    assert available_months(store, "343") == [month]
    assert {m: accepted(store, m) for m in (DEC, JAN, FEB)} == {m: m == month for m in (DEC, JAN, FEB)}
    store.dispose()


def test_build_of_a_mid_month_extracts_calendar_month_is_refused_naming_the_month_it_is_data_of(tmp_path):
    store_with_extract_at(tmp_path, date(2024, 1, 13)).dispose()
    result = scorecard("build", "--as-at", "2024-01-31", "--format", "json", "--out", tmp_path / "out", "--la", "343",
                       store=tmp_path / "store")
    assert result.returncode == 1
    assert " ".join(result.stderr.split()) == (
        "error: no extract for LA 343 is the data of January 2024: that needs one as at 31 January 2024, or a later "
        "day before 29 February 2024; the latest loaded extract is as at 2024-01-13 (the data of December 2023); "
        "load January's Annex A, or pass --allow-missing to build from the extracts loaded")
    assert not (tmp_path / "out").exists()
