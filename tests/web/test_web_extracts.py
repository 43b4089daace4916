"""The extracts page: every loaded extract listed (as-at, file, rows, who, when, status); an
admin withdraws one, audited, and the figures and months no longer count it (issue 16)."""

from datetime import date

import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.issues import UserError
from csc_scorecard.store import audit, withdrawals
from csc_scorecard.store.extracts import extracts_frame, load_annex_a

NOV, DEC = date(2023, 11, 30), date(2023, 12, 31)


def load(store, tmp_path, name: str, as_at: date, children: list[str], by: str | None = "anna"):
    folder = tmp_path / name
    folder.mkdir()
    path = write_workbook(folder / "annex_a.xlsx", {"List 3": [REFERRAL_HEADERS, *(referral(c) for c in children)]})
    outcome = load_annex_a(store, read_annex_a(path, as_at), as_at, "343", loaded_by=by)
    assert outcome.status in ("loaded", "replaced")
    return outcome.extract_id


def current_ids(store) -> list[int]:
    return extracts_frame(store, ["343"])["id"].to_list()


def test_withdrawing_the_current_extract_of_a_date_brings_back_the_one_before(store, tmp_path):
    first = load(store, tmp_path, "first", DEC, ["C1"])
    second = load(store, tmp_path, "second", DEC, ["C1", "C2"])
    assert current_ids(store) == [second]
    done = withdrawals.withdraw(store, "343", second, "adam", "wrong export", client="testclient")
    assert done.current_again.id == first and done.extract.status == "withdrawn"
    assert current_ids(store) == [first]
    # withdrawing that one too leaves the date with no extract
    done = withdrawals.withdraw(store, "343", first, "adam", "also wrong")
    assert done.current_again is None
    assert current_ids(store) == []
    events = [(e.action, e.target, e.detail) for e in reversed(audit.read(store, action="withdraw_extract"))]
    assert events == [
        ("withdraw_extract", f"extract {second} annex_a.xlsx", f"as at 2023-12-31: wrong export; extract {first} of that date is current again"),
        ("withdraw_extract", f"extract {first} annex_a.xlsx", "as at 2023-12-31: also wrong; no extract of that date is left"),
    ]
    with pytest.raises(UserError, match="already withdrawn by adam"):
        withdrawals.withdraw(store, "343", first, "adam", "again")
    # a load for that date afterwards is a plain new load, current on its own
    third = load(store, tmp_path, "third", DEC, ["C3"])
    assert current_ids(store) == [third]


def test_withdrawing_a_superseded_extract_changes_no_figure(store, tmp_path):
    first = load(store, tmp_path, "first", DEC, ["C1"])
    second = load(store, tmp_path, "second", DEC, ["C1", "C2"])
    done = withdrawals.withdraw(store, "343", first, "adam", "duplicate")
    assert done.current_again is None and current_ids(store) == [second]
    # and withdrawing the current one now leaves none: the withdrawn one never comes back
    withdrawals.withdraw(store, "343", second, "adam", "wrong")
    assert current_ids(store) == []


def test_a_withdrawal_needs_a_reason(store, tmp_path):
    extract = load(store, tmp_path, "only", DEC, ["C1"])
    with pytest.raises(UserError, match="Give a reason"):
        withdrawals.withdraw(store, "343", extract, "adam", "   ")
    assert current_ids(store) == [extract]


def test_the_page_lists_every_extract_and_only_admins_can_withdraw(as_role, store, tmp_path):
    nov = load(store, tmp_path, "nov", NOV, ["C1"], by=None)
    dec1 = load(store, tmp_path, "dec1", DEC, ["C1", "C2"])
    dec2 = load(store, tmp_path, "dec2", DEC, ["C1", "C2", "C3"])
    assert as_role("viewer").client.get("/extracts").status_code == 403
    page = as_role("analyst").client.get("/extracts").text
    rows = [page.index(f'id="extract-{i}"') for i in (dec2, dec1, nov)]
    assert rows == sorted(rows)  # newest as-at first, then newest load first
    assert ('<td>31 Dec 2023</td><td>annex_a.xlsx</td><td class="num">3</td>\n      <td>anna</td>') in page
    assert ('<td>30 Nov 2023</td><td>annex_a.xlsx</td><td class="num">1</td>\n      <td>not recorded</td>') in page
    assert page.count('<td class="status">Current</td>') == 2
    assert page.count('<td class="status">Superseded by a later load</td>') == 1
    assert "/withdraw" not in page  # analysts see the list, not the button

    admin = as_role("admin")
    assert admin.client.get("/").headers["location"] == "/scorecard/2023-12-31"
    refused = admin.post_form(f"/extracts/{dec2}/withdraw", {"reason": ""}, page="/extracts")
    assert refused.status_code == 400 and "Give a reason" in refused.text
    done = admin.post_form(f"/extracts/{dec2}/withdraw", {"reason": "List 3 cut short"}, page="/extracts")
    assert done.status_code == 200
    assert "The extract loaded before it for that date, annex_a.xlsx, counts again." in done.text
    assert '<a href="/scorecard/2023-12-31">Open the scorecard for December 2023</a>' in done.text
    assert "Withdrawn by adam on " in done.text and ": List 3 cut short</td>" in done.text
    admin.post_form(f"/extracts/{dec1}/withdraw", {"reason": "also wrong"}, page="/extracts")
    # December has no extract left: the dashboard opens on November, and December is gone
    assert admin.client.get("/").headers["location"] == "/scorecard/2023-11-30"
    assert admin.client.get("/scorecard/2023-12-31").status_code == 404


def test_viewers_and_analysts_cannot_withdraw(as_role, store, tmp_path):
    extract = load(store, tmp_path, "only", DEC, ["C1"])
    for role in ("viewer", "analyst"):
        browser = as_role(role)
        response = browser.client.post(f"/extracts/{extract}/withdraw", data={"csrf_token": browser.token("/scorecard/2023-12-31"), "reason": "x"})
        assert response.status_code == 403
    assert current_ids(store) == [extract]
