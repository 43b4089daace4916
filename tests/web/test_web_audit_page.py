"""The audit log page: filters by user, action and London date range; actions in words; times in
Europe/London (GMT in winter, BST in summer) (issue 16)."""

from datetime import datetime

import re

from csc_scorecard.store import audit


def add_event(store, monkeypatch, at: datetime, user: str, action: str, target: str) -> None:
    """An entry at a chosen UTC time: the log is append-only, so it is written with the clock patched."""
    with monkeypatch.context() as patch:
        patch.setattr(audit, "now", lambda: at)
        audit.append(store, user, action, target, client="testclient")


def rows(html: str) -> list[list[str]]:
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [re.findall(r"<td>([^<]*)</td>", row) for row in body.split("<tr>")[1:]]


def test_filters_readable_actions_and_london_times(as_role, store, monkeypatch):
    admin = as_role("admin")  # its login is an event of now
    add_event(store, monkeypatch, datetime(2024, 1, 15, 23, 30), "anna", "upload", "annex_a_2024-01-15.xlsx")  # 23:30 GMT
    add_event(store, monkeypatch, datetime(2024, 7, 1, 23, 30), "anna", "drill_view", "343 2024-06-30 cin_rate rolling_12m")  # 00:30 BST on 2 July
    add_event(store, monkeypatch, datetime(2024, 7, 2, 9, 0), "adam", "sign_off", "343 2024-06-30")  # 10:00 BST
    page = admin.client.get("/audit?user_name=anna").text
    assert [r[:4] for r in rows(page)] == [
        ["02 Jul 2024 00:30 BST", "anna", "Children viewed (drill-through)", "343 2024-06-30 cin_rate rolling_12m"],
        ["15 Jan 2024 23:30 GMT", "anna", "Upload", "annex_a_2024-01-15.xlsx"],
    ]
    # a London day: 2 July is 1 July 23:00 to 2 July 23:00 UTC
    page = admin.client.get("/audit?date_from=2024-07-02&date_to=2024-07-02").text
    assert [r[2] for r in rows(page)] == ["Month signed off", "Children viewed (drill-through)"]
    page = admin.client.get("/audit?action=sign_off").text
    assert [r[1] for r in rows(page)] == ["adam"]
    assert '<option value="sign_off" selected>Month signed off</option>' in page
    assert "When (London time)" in page
    refused = admin.client.get("/audit?date_from=July")
    assert refused.status_code == 400 and "is not a date: expected YYYY-MM-DD" in refused.text


def test_no_event_matches(as_role):
    page = as_role("admin").client.get("/audit?user_name=nobody").text
    assert "No events match these filters." in page
