"""The JSON twins of the scorecard and indicator pages: the pages' figures, the pages' login and
role checks, and no child-level data for anyone.

The builder is the hand-made `small_scorecard` (conftest `make_builder`): referrals 3,495 /
54,500 over 12 months, shown 641.3; the store holds one extract whose referrals the test chooses.
"""

import json
import re
import shutil
from dataclasses import replace
from datetime import date

import pytest
from test_web_pages import two_years  # noqa: F401  (a fixture: referrals of C3, C1 and C2 from January 2022)
from web_helpers import CHEAP_HASHER, PASSWORD, Browser, small_scorecard

from csc_scorecard.outputs import build_outputs
from csc_scorecard.render.json_out import scorecard_json_text
from csc_scorecard.scorecard import build
from csc_scorecard.store import signoff
from csc_scorecard.store.users import add_user
from csc_scorecard.web.app import create_app

DEC = date(2023, 12, 31)
PAGE = "/scorecard/2023-12-31"
INDICATOR = "/indicator/referrals_rate?as_at=2023-12-31"
TWIN = "/scorecard/2023-12-31.json"
INDICATOR_TWIN = "/indicator/referrals_rate.json?as_at=2023-12-31"


def page_figures(html: str) -> dict[str, tuple[str, str, str]]:
    """The scorecard page's figure cells: column -> (numerator, denominator, shown)."""
    found = re.findall(r'<td class="figure" data-column="(\w+)" title="([\d,]*\d) / ([\d,]*\d)[^"]*">([^<]+)</td>', html)
    return {column: (numerator, denominator, shown) for column, numerator, denominator, shown in found}


def test_the_scorecard_twin_is_the_pages_figures_and_scorecard_json(as_role, builder):
    analyst = as_role("analyst").client
    response = analyst.get(TWIN)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    twin = response.json()
    assert (twin["as_at"], twin["sign_off"]) == ("2023-12-31", None)
    # the months with an extract of their own (issue 16): the one extract, as at 31 Dec 2023
    assert twin["months"] == ["2023-12-31"]
    cell = twin["scorecard"]["sections"][0]["rows"][0]["cells"][0]
    assert page_figures(analyst.get(PAGE).text) == {"rolling_12m": ("3,495", "54,500", "641.3")}
    assert (cell["column"], cell["numerator"], cell["denominator"], cell["display"]) == ("rolling_12m", 3495, 54500, "641.3")
    assert cell["value"] == 3495 / 54500 * 10000
    # everything else is scorecard.json's, but for the issue's fields named (never its cell value)
    written = json.loads(scorecard_json_text(small_scorecard(DEC)))
    written["data_quality"] = [{"severity": "warning", "message": "List 3 (Referrals): blank date of birth", "file": None,
                                "sheet": "List 3", "row": 4, "column": None, "scope": None}]
    assert twin["scorecard"] == written


def test_review_flags_are_for_analysts_as_on_the_page(as_role, builder):
    assert as_role("analyst").client.get(TWIN).json()["scorecard"]["sections"][0]["rows"][0]["analysis"]["needs_review"] == ["peak"]
    viewer = as_role("viewer").client.get(TWIN).json()
    analysis = viewer["scorecard"]["sections"][0]["rows"][0]["analysis"]
    assert "needs_review" not in analysis and analysis["text"] == "Referrals rose."


def test_an_issues_cell_value_never_reaches_a_twin(as_role, make_builder, monkeypatch):
    make_builder([])
    quoted = {"severity": "warning", "message": "List 3 (Referrals): a date of birth after the referral", "file": "annex_a_2023-12-31.xlsx",
              "sheet": "List 3", "row": 7, "column": "Date of Birth", "value": "C77 born 2030-01-01", "expected": "a date",
              "scope": "row"}
    card = replace(small_scorecard(DEC), data_quality=(quoted,))
    monkeypatch.setattr(build, "build_scorecard", lambda *args, **kwargs: card)
    for role in ("viewer", "admin"):
        client = as_role(role).client
        for url in (TWIN, INDICATOR_TWIN):
            text = client.get(url).text
            assert "C77" not in text and "2030-01-01" not in text
    issues = as_role("viewer").client.get(INDICATOR_TWIN).json()["issues"]
    assert issues == [{"severity": "warning", "message": "List 3 (Referrals): a date of birth after the referral",
                       "file": "annex_a_2023-12-31.xlsx", "sheet": "List 3", "row": 7, "column": "Date of Birth", "scope": "row"}]


def test_a_signed_month_says_who_signed(as_role, store, builder):
    admin = as_role("admin")
    admin.post_form("/signoff/2023-12-31", {}, page=PAGE)
    record = signoff.current(store, "343", DEC)
    assert admin.client.get(TWIN).json()["sign_off"] == {"version": 1, "signed_by": "adam", "signed_at": record.signed_at.isoformat()}


@pytest.mark.parametrize("url", [TWIN, INDICATOR_TWIN])
def test_anonymous_gets_401_not_the_login_page(browser, builder, url):
    response = browser.client.get(url, follow_redirects=False)
    assert response.status_code == 401
    assert response.json() == {"error": "sign in first (POST /login), then send the session cookie"}
    assert browser.client.get(PAGE, follow_redirects=False).status_code == 303  # the page itself still goes to login


def test_unknown_month_or_indicator_is_a_404_naming_what_there_is(as_role, builder):
    viewer = as_role("viewer").client
    response = viewer.get("/scorecard/2021-06-30.json")
    assert response.status_code == 404
    assert response.json()["error"] == "no scorecard as at '2021-06-30': choose one of the months with data"
    assert response.json()["months"][0] == "2023-12-31"
    response = viewer.get("/indicator/referals.json?as_at=2023-12-31")
    assert (response.status_code, response.json()) == (404, {"error": "the scorecard has no indicator 'referals'"})
    assert viewer.get(PAGE).headers["content-type"].startswith("text/html")  # the page's own route is unchanged


def test_the_indicator_twin_is_the_pages_trend_and_lines(as_role, two_years):
    viewer = as_role("viewer").client
    twin = viewer.get(INDICATOR_TWIN).json()
    assert (twin["indicator"], twin["as_at"], twin["trend"]["window"], twin["trend"]["months"]) == (
        "referrals_rate", "2023-12-31", "rolling 12 months", 12)
    points = twin["trend"]["points"]
    assert len(points) == 24
    assert points[0] == {"period_end": "2022-01-31", "period_start": "2021-02-01", "value": None, "numerator": None,
                         "denominator": None, "reason": "not covered by the loaded extracts", "value_date": None, "label": None}
    # counted by hand: C3 (10 Aug 2022) is in windows ending Dec 2022 - Jul 2023; C1 (2 May 2023)
    # in those ending May 2023 onwards; C2 (3 Nov 2023) in those ending Nov and Dec 2023
    assert [p["numerator"] for p in points[11:]] == [1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2]
    # December 2023: C1 and C2 of Sefton's 54,154 children (mid-2023), x 10,000
    assert (points[-1]["period_start"], points[-1]["denominator"], points[-1]["value"]) == ("2023-01-01", 54154, 2 / 54154 * 10000)
    # the same numerators as the page's trend table
    page = viewer.get(INDICATOR).text
    table = page[page.index("<caption>Referrals received (annual rate per 10,000 of children)*: rolling 12 months</caption>"):]
    shown = re.findall(r'<tr><th scope="row">[^<]+</th>\s*<td class="num">[^<]+</td>\s*<td class="num">([^<]+)</td>', table)
    assert shown == ["-" if p["numerator"] is None else f"{p['numerator']:,}" for p in points]
    assert [(line["name"], line["shown"]) for line in twin["reference_lines"]] == [
        ("Target", "650"), ("England 2022-23", "545"), ("Statistical neighbours 2022-23", "630"), ("North West 2022-23", "530")]
    assert twin["row"]["cells"][0]["numerator"] == 3495  # the row as the scorecard shows it (the hand-made builder's)


def test_children_links_are_for_analysts_and_no_twin_lists_a_child(as_role, two_years):
    viewer = as_role("viewer").client.get(INDICATOR_TWIN)
    assert "children" not in viewer.json()
    analyst = as_role("analyst").client.get(INDICATOR_TWIN)
    assert analyst.json()["children"] == {
        "rolling_12m": "/drill/referrals_rate?as_at=2023-12-31&column=rolling_12m",
        "rolling_6m": "/drill/referrals_rate?as_at=2023-12-31&column=rolling_6m",
    }
    for text in (viewer.text, analyst.text, as_role("viewer").client.get(TWIN).text):
        assert not re.search(r'"C\d"', text)


@pytest.mark.sqlite_only  # a copy of the session's synthetic SQLite store
def test_on_real_data_the_twin_is_scorecard_json(synthetic_store, tmp_path):
    """The dashboard over a copy of the synthetic store: the twin's scorecard is what `scorecard
    build --format json` writes for the month, but for the time it was made and the issues' values."""
    store_dir = tmp_path / "store"
    shutil.copytree(synthetic_store, store_dir)
    written = json.loads(build_outputs(DEC, None, "json", tmp_path / "out", False, "343", store_dir)["json"].read_text())
    app = create_app(store_dir, password_hasher=CHEAP_HASHER, failed_login_delay=0, secret_key="a test key that is long enough to sign sessions")
    add_user(app.state.settings.store, "anna", PASSWORD, "analyst", CHEAP_HASHER)
    browser = Browser(app)
    assert browser.login("anna").status_code == 303
    twin = browser.client.get(TWIN).json()["scorecard"]
    assert twin.pop("generated_at") and written.pop("generated_at")
    assert twin.pop("data_quality") == [{k: v for k, v in issue.items() if k not in ("value", "expected")} for issue in written.pop("data_quality")]
    assert twin == written
    indicator = browser.client.get("/indicator/cla_rate.json?as_at=2023-12-31").json()
    row = next(r for s in written["sections"] for r in s["rows"] if r["id"] == "cla_rate")
    assert indicator["row"]["cells"] == row["cells"]
    # the trend's December point is the row's 6-month period to date (a snapshot: the same figure)
    december = indicator["trend"]["points"][-1]
    cell = next(c for c in row["cells"] if c["column"] == "period_to_date")
    assert (december["value"], december["numerator"], december["denominator"]) == (cell["value"], cell["numerator"], cell["denominator"])
