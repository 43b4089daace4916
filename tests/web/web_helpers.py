"""Helpers for the dashboard tests: users of each role, a client that logs in through the real
login form as a browser does, and a small hand-made Scorecard.

Passwords are hashed with argon2's cheapest parameters here so the tests stay fast; the app
verifies with the parameters stored in each hash, exactly as in production.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from csc_scorecard.scorecard.model import AnalysisText, Cell, Column, Published, Row, Scorecard, Section

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery"
USERS = {"vera": "viewer", "anna": "analyst", "adam": "admin"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    return CSRF.search(html).group(1)


class Browser:
    """A TestClient that keeps the session cookie and reads CSRF tokens from pages, as a browser does."""

    def __init__(self, app, client: tuple[str, int] = ("testclient", 50000)) -> None:
        self.client = TestClient(app, follow_redirects=False, client=client)
        self.app = app

    def token(self, page: str = "/login") -> str:
        return csrf_from(self.client.get(page).text)

    def login(self, name: str, password: str = PASSWORD, next_url: str = "/"):
        token = self.token("/login")
        return self.client.post("/login", data={"csrf_token": token, "name": name, "password": password, "next": next_url})

    def post_form(self, url: str, data: dict, page: str = "/upload"):
        """POST `data` with the CSRF token of the session (read from `page`)."""
        return self.client.post(url, data={"csrf_token": self.token(page), **data})


UPLOAD_TOKEN = re.compile(r'name="upload" value="([^"]+)"')
CONFIRM_BOX = re.compile(r'name="(confirm_[a-z_]+)" value="yes" required')


def confirm_upload(client, check_page: str, tick: tuple[str, ...] | None = None):
    """Step 2 of an upload: POST the check page's confirm form, ticking the boxes named in
    `tick` (None: every box the page asks for, as a user who is sure would)."""
    boxes = CONFIRM_BOX.findall(check_page) if tick is None else list(tick)
    data = {"csrf_token": csrf_from(check_page), "upload": UPLOAD_TOKEN.search(check_page).group(1)}
    return client.post("/upload/confirm", data={**data, **{box: "yes" for box in boxes}})


def small_scorecard(as_at: date, analysis: str = "Referrals rose.") -> Scorecard:
    """One section, one row, values chosen by hand (referrals rate 641.28... = 3495 / 54500 x 10,000)."""
    cells = (
        Cell("rolling_12m", 3495 / 54500 * 10000, "641.3", 3495, 54500, date(2023, 1, 1), as_at),
        Cell("rolling_6m", None, "-", None, None, date(2023, 7, 1), as_at, reason="not covered by the loaded extracts"),
    )
    row = Row(
        id="referrals_rate", number=1, label="Referrals received (annual rate per 10,000 of children)*", unit="rate",
        polarity="neutral", decimals=1, kind="rolling", target=650.0, target_display="650", cells=cells,
        direction="up", rag="green",
        published=Published("823", "630", "530", "545", {"measure": "referrals_rate", "year": 2023, "la": 822.6, "sn": 630.2, "region": 529.6, "england": 544.5}, None),
        band="Higher", analysis=AnalysisText(analysis, "Referrals rose.", needs_review=("peak",)),
        sparkline=((date(2023, 11, 30), 630.25), (as_at, 3495 / 54500 * 10000)),
        definition="Flow: referrals with Date of referral in the window.",
    )
    return Scorecard(
        as_at=as_at,
        local_authority={"name": "Sefton", "old_la_code": "343", "new_la_code": "E08000014", "region": "North West"},
        heading=f"Data as at end of {as_at:%B %Y}",
        preamble=("Rolling figures.",),
        footnotes=(("*", "rolling 12 months"), ("**", "snapshot at end of month")),
        published_heading="Latest published statistics (2022-23)",
        sections=(Section("The top seven indicators", (Column("rolling_12m", "LA rolling 12m (Jan23 - Dec23)"), Column("rolling_6m", "LA rolling 6m (Jul23 - Dec23)"), Column("analysis", "Analysis")), (row,)),),
        synthetic=False,
        publication=False,
        protective_marking="OFFICIAL-SENSITIVE",
        generated_at=datetime(2024, 1, 5, 9, 30, 15),
        data_quality=({"severity": "warning", "message": "List 3 (Referrals): blank date of birth", "sheet": "List 3", "row": 4},),
        extracts=({"file": "annex_a_2023-12-31.xlsx", "as_at": as_at.isoformat(), "period_start": "2023-01-01"},),
    )
