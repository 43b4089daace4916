"""A month built by `scorecard build` opens in the dashboard without its figures computed again:
the command kept them in the store's cache folder, and the app reads them there."""

from __future__ import annotations

import json
from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from cli_run import scorecard

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store.extracts import load_annex_a

DEC = date(2023, 12, 31)


def _referrals(data: dict) -> int:
    row = next(r for s in data["sections"] for r in s["rows"] if r["id"] == "referrals_rate")
    return next(c["numerator"] for c in row["cells"] if c["column"] == "rolling_12m")


def test_a_month_the_command_built_opens_without_computing_it_again(app, store, as_role, tmp_path, counted):
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx",
                          {"List 3": [REFERRAL_HEADERS, referral("C1", date(2023, 5, 2)), referral("C2", date(2023, 6, 9))]})
    assert load_annex_a(store, read_annex_a(path, DEC), DEC, "343", date(2023, 1, 1)).status == "loaded"
    built = scorecard("build", "--as-at", "2023-12-31", "--out", tmp_path / "out", "--format", "json", store=store.path)
    assert built.returncode == 0, built.stderr
    response = as_role("viewer").client.get("/scorecard/2023-12-31.json")
    assert response.status_code == 200
    assert counted == []  # read from the command's entry, not computed
    # two children referred in the 12 months to December 2023, on the page as in the command's output
    assert _referrals(response.json()["scorecard"]) == _referrals(json.loads((tmp_path / "out" / "scorecard.json").read_text())) == 2
