"""Data quality per month on the scorecard page: only the extracts behind the month (as at its
month end or before), grouped by kind with counts, collapsed; the full list as CSV (issue 16)."""

import csv
import io
from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store import audit
from csc_scorecard.store.extracts import load_annex_a

DEC, JAN = date(2023, 12, 31), date(2024, 1, 31)


def load(store, tmp_path, as_at: date, rows: list[list]) -> None:
    path = write_workbook(tmp_path / f"annex_a_{as_at.isoformat()}.xlsx", {"List 3": [REFERRAL_HEADERS, *rows]})
    assert load_annex_a(store, read_annex_a(path, as_at), as_at, "343").status == "loaded"


def test_a_month_shows_the_issues_of_its_own_extracts_only(as_role, store, tmp_path):
    # December: one impossible referral date (row 2); January: that one and two more (rows 4 and 5)
    load(store, tmp_path, DEC, [referral(referred="31/02/2023"), referral("C2", date(2023, 11, 3))])
    load(store, tmp_path, JAN, [referral(referred="31/02/2023"), referral("C2", date(2023, 11, 3)),
                                referral("C3", referred="30/02/2023"), referral("C4", referred="30/02/2023")])
    analyst = as_role("analyst")
    december = analyst.client.get("/scorecard/2023-12-31").text
    section = december[december.index('<section aria-labelledby="month-quality"'):]
    section = section[:section.index("</section>")]
    assert '<details class="quality-groups">' in section  # collapsed: no "open"
    assert "annex_a_2024-01-31.xlsx" not in section
    download = analyst.client.get("/quality/2023-12-31.csv")
    assert download.headers["content-disposition"] == 'attachment; filename="data_quality_2023-12-31.csv"'
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert {r["file"] for r in rows} <= {"annex_a_2023-12-31.xlsx", ""}
    assert [r["row"] for r in rows if r["file"] == "annex_a_2023-12-31.xlsx" and r["severity"] == "error"] == ["2"]
    assert f"{sum(r['severity'] == 'error' for r in rows)} error(s)" in section

    assert analyst.client.get("/scorecard/2024-01-31").status_code == 200
    rows = list(csv.DictReader(io.StringIO(analyst.client.get("/quality/2024-01-31.csv").text)))
    assert sorted(r["row"] for r in rows if r["file"] == "annex_a_2024-01-31.xlsx" and r["severity"] == "error") == ["2", "4", "5"]
    assert [e.action for e in audit.read(store, action="quality_download")] == ["quality_download"] * 2


def test_viewers_get_the_summary_but_not_the_csv(as_role, store, tmp_path):
    load(store, tmp_path, DEC, [referral(referred="31/02/2023")])
    viewer = as_role("viewer")
    page = viewer.client.get("/scorecard/2023-12-31").text
    assert "Data quality of the extracts behind this month" in page
    assert "/quality/2023-12-31.csv" not in page
    assert viewer.client.get("/quality/2023-12-31.csv").status_code == 403
