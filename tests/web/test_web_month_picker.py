"""The month picker lists only months with an extract of their own, marks the signed-off ones,
and viewers open the latest signed-off month (issue 16)."""

from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store.extracts import load_annex_a


def load(store, tmp_path, as_at: date, children: list[tuple[str, date]]) -> None:
    folder = tmp_path / as_at.isoformat()
    folder.mkdir()
    path = write_workbook(folder / "annex_a.xlsx", {"List 3": [REFERRAL_HEADERS, *(referral(c, d) for c, d in children)]})
    assert load_annex_a(store, read_annex_a(path, as_at), as_at, "343").status == "loaded"


def options(html: str) -> list[str]:
    picker = html[html.index('<select id="month"'):html.index("</select>")]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in picker.split("<option")[1:]]


def test_only_months_with_an_extract_are_listed_and_signed_ones_marked(as_role, store, tmp_path):
    # the first extract's referrals go back to May (its period start): May to September have no extract
    load(store, tmp_path, date(2023, 10, 31), [("C1", date(2023, 5, 2))])
    load(store, tmp_path, date(2023, 11, 30), [("C1", date(2023, 5, 2)), ("C2", date(2023, 11, 3))])
    load(store, tmp_path, date(2024, 1, 15), [("C1", date(2023, 5, 2)), ("C3", date(2024, 1, 2))])  # mid-month: December's data
    analyst, viewer, admin = as_role("analyst"), as_role("viewer"), as_role("admin")
    page = analyst.client.get("/scorecard/2023-11-30").text
    assert options(page) == ["December 2023", "November 2023", "October 2023"]
    assert analyst.client.get("/scorecard/2023-09-30").status_code == 404
    # nothing signed: everyone opens the latest month
    assert viewer.client.get("/").headers["location"] == "/scorecard/2023-12-31"

    assert admin.post_form("/signoff/2023-11-30", {}, page="/scorecard/2023-11-30").status_code == 303
    page = viewer.client.get("/scorecard/2023-10-31").text
    assert options(page) == ["December 2023", "November 2023 (signed off)", "October 2023"]
    assert viewer.client.get("/").headers["location"] == "/scorecard/2023-11-30"  # the latest signed month
    assert analyst.client.get("/").headers["location"] == "/scorecard/2023-12-31"  # analysts work on the newest
    assert admin.client.get("/").headers["location"] == "/scorecard/2023-12-31"
