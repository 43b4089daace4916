"""A List 11 measure of the library (95, adopters waiting over 3 months) through the real path:
a workbook with an Adopters sheet read and loaded, a config row naming the measure, and the
dashboard's drill-through listing the households counted (docs/measures.md)."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from markupsafe import escape

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.measures.catalogue import catalogue
from csc_scorecard.store.extracts import load_annex_a

DEC = date(2023, 12, 31)
ROW = '      - {id: adopters_waiting_3m_pct, label: "Approved adopter households waiting over 3 months (%)", decimals: 0}\n'


@pytest.fixture
def app(make_app, tmp_path):
    """The dashboard with the shipped layout plus a row for measure 95 in its last section."""
    shipped = resources.files("csc_scorecard") / "data" / "scorecard.yaml"
    config = tmp_path / "scorecard.yaml"
    config.write_text(shipped.read_text().rstrip("\n") + "\n" + ROW)
    return make_app(config_path=config)


def adopter(adopter_id, family, enquiry, approved, matched=None):
    row = {"adopter_id": adopter_id, "family_id": family, "gender": "b) Female", "ethnicity": "a) WBRI",
           "disability": "b) No", "fostering_for_adoption": "b) No", "enquiry_date": enquiry,
           "application_approved_date": approved, "matched_date": matched}
    return [row.get(column.name) for column in load_schema().lists["adopters"].columns]


def test_drill_through_of_an_adopters_measure_lists_the_households_waiting(as_role, store, tmp_path):
    headers = [column.header for column in load_schema().lists["adopters"].columns]
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {
        "List 3": [REFERRAL_HEADERS, referral()],
        "List 11": [
            headers,
            adopter("P1", "F1", date(2023, 1, 10), date(2023, 6, 10)),  # a couple, waiting since June: over 3 months
            adopter("P2", "F1", date(2023, 1, 10), date(2023, 6, 10)),
            adopter("P3", None, date(2023, 2, 1), date(2023, 10, 1)),  # waiting since 1 Oct: 3 months on 1 Jan
            adopter("P4", "F2", date(2022, 11, 1), date(2023, 3, 1), date(2023, 5, 1)),  # matched: not waiting
        ],
    })
    outcome = load_annex_a(store, read_annex_a(path, DEC), DEC, "343", date(2023, 1, 1))
    assert outcome.status == "loaded" and outcome.counts["adopters"] == 4, outcome.message
    page = as_role("analyst").client.get("/drill/adopters_waiting_3m_pct?as_at=2023-12-31&column=period_to_date")
    assert page.status_code == 200, page.text
    # waiting at 31 Dec: household F1 (P1 and P2, once) and P3; over 3 months: F1
    assert "1 in the numerator, 2 in the denominator" in " ".join(page.text.split())
    assert "<td>F1</td>" in page.text and "<td>P3</td>" in page.text
    assert "<td>P1</td>" not in page.text and "<td>F2</td>" not in page.text


def test_the_indicator_page_shows_the_catalogues_definition(as_role, store, tmp_path):
    # a real build (no stand-in builder): the page's definition is the catalogue's (docs/measures.md)
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    assert load_annex_a(store, read_annex_a(path, DEC), DEC, "343", date(2023, 1, 1)).status == "loaded"
    for measure_id in ("referrals_rate", "adopters_waiting_3m_pct"):
        definition = next(e["definition"] for e in catalogue() if e["id"] == measure_id)
        page = as_role("viewer").client.get(f"/indicator/{measure_id}?as_at=2023-12-31")
        assert page.status_code == 200, page.text
        assert f"<p>{escape(definition)}</p>" in page.text
