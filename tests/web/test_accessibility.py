"""Accessibility of the scorecard and indicator pages: axe-core (bundled with
axe-playwright-python, injected into the page: nothing is fetched) run in Debian's Chromium
against the real app finds no violation of impact "serious" or "critical"."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import BLOCKING, live_app, signed_in_page

# The browser serves a copy of the session's synthetic SQLite store: the pages are the same on
# PostgreSQL, whose dashboard is tested through the HTTP client (the other tests here).
pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

PAGES = [
    ("anna", "/scorecard/2023-12-31"),  # analyst: review flags shown (a viewer's page is the same less those)
    ("adam", "/scorecard/2023-12-31"),  # admin: the sign-off form
    ("anna", "/indicator/referrals_rate?as_at=2023-12-31"),  # section 1: rolling 12 months, target and benchmarks
    ("anna", "/indicator/cin_rate?as_at=2023-12-31"),  # a period row of a stock: snapshots
    ("vera", "/indicator/agency_sw_pct?as_at=2023-12-31"),  # a manual row, no benchmark
]


@pytest.fixture(scope="module")
def served(synthetic_store, tmp_path_factory):
    with live_app(synthetic_store, tmp_path_factory.mktemp("a11y")) as app:
        yield app


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("user, path", PAGES)
def test_no_serious_or_critical_violation(chromium, served, axe, user, path):
    with signed_in_page(chromium, served.url, user, path, 1400, 1000) as page:
        results = axe.run(page)
    assert results.response["testEngine"]["name"] == "axe-core"
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], results.generate_report()
