"""A signed scorecard is stored as its JSON and shown from it: to_json -> from_json -> to_json
loses nothing."""

import json
from dataclasses import replace
from datetime import date, datetime

from web_helpers import small_scorecard

from csc_scorecard.scorecard.model import AnalysisText, Scorecard, SignOff


def test_round_trip_through_json_text_is_identical():
    original = small_scorecard(date(2023, 12, 31))
    data = original.to_json()
    rebuilt = Scorecard.from_json(json.loads(json.dumps(data)))
    assert rebuilt == original
    assert rebuilt.to_json() == data


def test_round_trip_keeps_an_edited_analysis_and_the_sign_off():
    base = small_scorecard(date(2023, 12, 31))
    row = base.sections[0].rows[0]
    edited = AnalysisText("Referrals rose after the MASH change.", "Referrals rose.", True, "anna", datetime(2024, 1, 6, 10, 15, 30, 250000))
    section = replace(base.sections[0], rows=(replace(row, analysis=edited),))
    signed = replace(base, sections=(section,), sign_off=SignOff("adam", datetime(2024, 1, 8, 16, 0, 5), 2))
    data = signed.to_json()
    assert data["sign_off"] == {"by": "adam", "at": "2024-01-08T16:00:05", "version": 2}
    assert data["sections"][0]["rows"][0]["analysis"]["edited_at"] == "2024-01-06T10:15:30.250000"
    rebuilt = Scorecard.from_json(json.loads(json.dumps(data)))
    assert rebuilt == signed
    assert rebuilt.to_json() == data


def test_json_carries_what_the_page_shows():
    data = small_scorecard(date(2023, 12, 31)).to_json()
    row = data["sections"][0]["rows"][0]
    assert row["published"] == {"la": "823", "sn": "630", "region": "530", "england": "545", "reason": None, "marker": None}
    assert (row["kind"], row["target_display"]) == ("rolling", "650")
    assert data["footnotes"] == [{"marker": "*", "text": "rolling 12 months"}, {"marker": "**", "text": "snapshot at end of month"}]
    assert data["published_heading"] == "Latest published statistics (2022-23)"
