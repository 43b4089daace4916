"""Assembling the scorecard from given series: display, direction, RAG, manual rows, suppression, headings.

The series frames are written by hand (numerators and denominators chosen here), and each
expected display value is worked out in a comment.
"""

from datetime import date, datetime

import polars as pl
import pytest

from csc_scorecard.config import default_config
from csc_scorecard.measures.registry import get
from csc_scorecard.measures.series import SERIES_SCHEMA
from csc_scorecard.scorecard.build import Inputs, assemble

E = date(2023, 12, 31)
YEAR_AGO = date(2022, 12, 31)
LAST_MONTH = date(2023, 11, 30)


def entry(measure, months, period_end, numerator=None, denominator=None, value=None, reason=None, value_date=None, label=None):
    spec = get(measure)
    if value is None and numerator is not None and reason is None:
        if spec.unit == "pct":
            value = 100 * numerator / denominator
        else:
            value = numerator / denominator * 10000 * (12 if spec.snapshot else 12 / months)
    return {
        "la_code": "343", "measure": measure, "number": spec.number, "months": months, "period_end": period_end,
        "window_start": None, "value": value, "numerator": numerator, "denominator": denominator,
        "reason": reason if value is None else None, "value_date": value_date, "label": label,
    }


SERIES = pl.DataFrame(
    [
        # referrals: 3495 / 54500 x 10,000 = 641.284... -> 641.3
        entry("referrals_rate", 12, E, 3495, 54500),
        # 6 months annualised: 1640 / 54500 x 10,000 x 2 = 601.834... -> 601.8
        entry("referrals_rate", 6, E, 1640, 54500),
        # last month: 3581 / 54500 x 10,000 = 657.064... -> 657.1; down to 641.3
        entry("referrals_rate", 12, LAST_MONTH, 3581, 54500),
        # re-referrals: 898 / 3495 = 25.693...% -> 25.7%; target 22, low is good, amber to 23.1 -> red
        entry("rereferrals_pct", 12, E, 898, 3495),
        entry("rereferrals_pct", 12, LAST_MONTH, 930, 3581),  # 25.970...% -> 26.0%: down
        # ICPCs, 6 months: 200 / 53435 x 10,000 x 2 = 74.857... -> 75; 177 / 54154 x 20,000 = 65.369... -> 65
        entry("icpc_rate", 6, YEAR_AGO, 200, 53435),
        entry("icpc_rate", 6, E, 177, 54154),
        # CLA is a snapshot, not annualised: 617 / 54154 x 10,000 = 113.934... -> 114
        entry("cla_rate", 6, E, 617, 54154),
        entry("cla_rate", 6, YEAR_AGO, 594, 53435),  # 111.163... -> 111: up
        # away without authorisation: 5 of 600 = 0.83% -> 1%; 8 of 610 = 1.31% -> 1%: same (↔)
        entry("cla_absent_pct", 6, YEAR_AGO, 5, 600),
        entry("cla_absent_pct", 6, E, 8, 610),
        # a percentage with a zero denominator has no value
        entry("cla_ceased_adopted_pct", 6, E, 0, 0, reason="zero denominator"),
        # manual: agency social workers 50% in April 2023, 49% in September 2023; nothing before
        entry("agency_sw_pct", 12, date(2023, 4, 30), value=50.0, value_date=date(2023, 4, 30)),
        entry("agency_sw_pct", 12, E, value=49.0, value_date=date(2023, 9, 30)),
        entry("agency_sw_pct", 12, YEAR_AGO, reason="no value supplied on or before this date"),
    ],
    schema=SERIES_SCHEMA,
    orient="row",
)


@pytest.fixture
def card():
    return assemble(default_config(), E, Inputs(series=SERIES, la_code="343"), now=datetime(2024, 1, 5, 9, 0))


def row(scorecard, measure):
    return next(r for r in scorecard.rows if r.id == measure)


def test_headings_come_from_the_as_at_date(card):
    headings = [c.heading for c in card.sections[0].columns]
    assert headings[:2] == ["LA rolling 12m (Jan23 - Dec23)", "LA rolling 6m (Jul23 - Dec23)"]
    assert [c.heading for c in card.sections[1].columns][:2] == ["LA Dec22 ChAT", "LA Dec23 ChAT"]
    assert card.heading == "Data as at end of December 2023"
    assert card.published_heading == "Latest published statistics (2022-23)"
    assert card.footnotes[1] == ("**", "snapshot at end of December 2023")


def test_rolling_rate_row(card):
    referrals = row(card, "referrals_rate")
    assert [c.display for c in referrals.cells[:2]] == ["641.3", "601.8"]
    assert (referrals.cells[0].numerator, referrals.cells[0].denominator) == (3495, 54500)
    assert referrals.direction == "down" and referrals.arrow == "↓"
    assert referrals.rag is None  # neutral: the target is shown without colour
    assert referrals.target_display == "650"
    # the published columns: Sefton 2022-23 referrals 822.6 / SN 630.2 / NW 529.6 / England 544.5 (whole numbers)
    assert (referrals.published.la, referrals.published.sn, referrals.published.region, referrals.published.england) == (
        "823", "630", "530", "545",
    )
    assert referrals.band == "Higher"
    # no peak sentence (two month ends known), no SPC (no monthly figures); 641 against the
    # published whole numbers 630, 530 and 545: above all three
    assert referrals.analysis.text == (
        "Over the rolling year it fell from 657.1 last month to 641.3. The last six months were lower, at 601.8. "
        "It is lower than the target of 650. Above SN (630), North West (530) and England (545); "
        "published 2022-23: 823, higher than the middle 50%."
    )


def test_percentage_row_with_rag(card):
    rereferrals = row(card, "rereferrals_pct")
    assert rereferrals.cells[0].display == "25.7%"
    assert rereferrals.direction == "down"
    assert rereferrals.rag == "red"


def test_period_rows_compare_a_year_ago(card):
    icpc = row(card, "icpc_rate")
    assert [c.display for c in icpc.cells[:2]] == ["75", "65"]
    assert icpc.direction == "down"
    cla = row(card, "cla_rate")
    assert [c.display for c in cla.cells[:2]] == ["111", "114"]
    assert cla.direction == "up"


def test_same_when_displayed_equal(card):
    absent = row(card, "cla_absent_pct")
    assert [c.display for c in absent.cells[:2]] == ["1%", "1%"]
    assert absent.direction == "same" and absent.arrow == "↔"


def test_absent_value_shows_dash_with_reason(card):
    adopted = row(card, "cla_ceased_adopted_pct")
    assert adopted.cells[1].display == "-"
    assert adopted.cells[1].reason == "zero denominator"
    assert adopted.direction is None and adopted.arrow == "-"


def test_manual_row_shows_values_with_their_months(card):
    agency = row(card, "agency_sw_pct")
    # nothing on or before Dec 2022, so the first column is the earliest value on record
    assert [c.display for c in agency.cells[:2]] == ["50 (Apr23)", "49 (Sep23)"]
    assert agency.direction == "down"
    assert agency.rag == "red"  # 49 against a target of 20, low is good


def test_publication_suppresses_small_numbers_and_their_direction():
    card = assemble(default_config(), E, Inputs(series=SERIES, la_code="343"), publication=True)
    absent = row(card, "cla_absent_pct")
    # 5 children a year ago: shown as c, and no direction
    assert [c.display for c in absent.cells[:2]] == ["c", "1%"]
    assert absent.cells[0].suppressed and absent.cells[0].numerator is None
    assert absent.direction is None
    # no digit in any analysis, no review note, the publication marking (config default)
    assert all(not any(ch.isdigit() for ch in r.analysis.text) for r in card.rows)
    assert all(r.analysis.needs_review == () for r in card.rows)
    assert card.protective_marking == "OFFICIAL"
    # large numbers are shown, and so is their sparkline point
    referrals = row(card, "referrals_rate")
    assert referrals.cells[0].display == "641.3"
    assert dict(referrals.sparkline)[E] == pytest.approx(3495 / 54500 * 10000)
    # the sparkline hides the point resting on 5 children (a year ago), not the one on 8
    assert dict(absent.sparkline)[YEAR_AGO] is None
    assert dict(absent.sparkline)[E] == pytest.approx(100 * 8 / 610)


def test_publication_marking_comes_from_the_config():
    config = default_config()
    config = config.model_copy(update={"publication": config.publication.model_copy(update={"publication_marking": "OFFICIAL-PUBLIC"})})
    assert assemble(config, E, Inputs(series=SERIES, la_code="343"), publication=True).protective_marking == "OFFICIAL-PUBLIC"
    assert assemble(config, E, Inputs(series=SERIES, la_code="343")).protective_marking == "OFFICIAL-SENSITIVE"


def test_json_has_the_spec_shape(card):
    data = card.to_json()
    assert set(data) >= {"as_at", "local_authority", "sections"}
    first = data["sections"][0]["rows"][0]
    assert set(first) >= {"id", "number", "label", "unit", "polarity", "target", "cells", "direction", "rag", "benchmarks", "band", "analysis"}
    assert first["cells"][0]["value"] == pytest.approx(3495 / 54500 * 10000)
    assert first["benchmarks"]["measure"] == "referrals_rate"
    assert [len(s["rows"]) for s in data["sections"]] == [7, 11, 5]


def test_manual_row_analysis_names_both_dates(card):
    agency = row(card, "agency_sw_pct")
    assert agency.analysis.text.startswith("It improved from 50% in April 2023 to 49% in September 2023.")
    assert agency.headline_column == "rolling_6m"  # the second LA column holds the latest value


REGIONAL = pl.DataFrame(
    [
        ("RIG", date(2023, 6, 30), "Q1", "la", "referrals_rate", 690.0),
        ("RIG", date(2023, 9, 30), "Q2", "la", "referrals_rate", 706.7),
        ("RIG", date(2023, 9, 30), "Q2", "region", "referrals_rate", 507.0),
        ("RIG", date(2023, 9, 30), "Q2", "la", "rereferrals_pct", 27.2),
        ("RIG", date(2024, 3, 31), "Q4", "la", "referrals_rate", 1.0),  # after the as-at date: not used
    ],
    schema={"source": pl.String, "period_end": pl.Date, "period_label": pl.String, "area": pl.String,
            "indicator_id": pl.String, "value": pl.Float64},
    orient="row",
)


def test_regional_columns_use_the_latest_period_on_or_before_the_as_at_date():
    card = assemble(default_config(), E, Inputs(series=SERIES, la_code="343", regional=REGIONAL))
    headings = [c.heading for c in card.sections[0].columns if c.kind.startswith("regional")]
    assert headings == ["RIG Q2 Sefton", "RIG Q2 NW"]
    referrals = row(card, "referrals_rate")
    assert [referrals.cell("regional_la").display, referrals.cell("regional_region").display] == ["706.7", "507"]
    rereferrals = row(card, "rereferrals_pct")
    assert [rereferrals.cell("regional_la").display, rereferrals.cell("regional_region").display] == ["27.2%", "-"]
    published = next(c for c in card.sections[0].columns if c.kind == "published")
    assert published.subheadings == ("LA", "SN", "NW", "Eng")


def test_a_cell_carries_the_rows_its_measure_left_out_except_in_a_publication():
    left_out = {**entry("cpp_rate", 6, E, 300, 54154), "excluded": [{"reason": "blank Child Protection Plan Start Date", "rows": 2}]}
    series = pl.concat([SERIES, pl.DataFrame([left_out], schema=SERIES_SCHEMA, orient="row")])
    inputs = Inputs(series=series, la_code="343")
    cpp = row(assemble(default_config(), E, inputs), "cpp_rate")
    assert cpp.cell("period_to_date").excluded == {"blank Child Protection Plan Start Date": 2}
    assert cpp.cell("period_to_date").to_json()["excluded"] == {"blank Child Protection Plan Start Date": 2}
    assert "excluded" not in cpp.cell("period_year_ago").to_json()  # none: the JSON says nothing
    published = row(assemble(default_config(), E, inputs, publication=True), "cpp_rate")
    assert published.cell("period_to_date").excluded == {}


def _counts(rows):
    from csc_scorecard.measures.breakdown import COUNTS_SCHEMA

    return pl.DataFrame([(end, 6, dim, cat, num, den) for end, dim, cat, num, den in rows], schema=COUNTS_SCHEMA, orient="row")


# Re-referrals over Jul-Dec 2023 against Jan-Jun 2023 (a rolling row), by team:
# Team A 40 of 100 -> 30 of 90 (-10), Team B 3 of 20 -> 4 of 25 (+1); the figure 43 -> 34, change -9
REREFERRAL_TEAMS = {"rereferrals_pct": _counts([
    (date(2023, 6, 30), "allocated_team", "Team A", 40, 100), (date(2023, 6, 30), "allocated_team", "Team B", 3, 20),
    (E, "allocated_team", "Team A", 30, 90), (E, "allocated_team", "Team B", 4, 25),
])}


# the two 6-month figures the drivers compare: 34 of 115 (Jul-Dec 2023), 43 of 120 (Jan-Jun 2023)
WITH_HALVES = pl.concat([SERIES, pl.DataFrame(
    [entry("rereferrals_pct", 6, E, 34, 115), entry("rereferrals_pct", 6, date(2023, 6, 30), 43, 120)],
    schema=SERIES_SCHEMA, orient="row")])


def test_a_row_carries_its_drivers_and_the_periods_they_compare():
    card = assemble(default_config(), E, Inputs(series=WITH_HALVES, la_code="343", breakdowns=REREFERRAL_TEAMS))
    rereferrals = row(card, "rereferrals_pct")
    assert rereferrals.drivers_compared == {
        "current": {"start": "2023-07-01", "end": "2023-12-31"},
        "comparison": {"start": "2023-01-01", "end": "2023-06-30"},
    }
    assert rereferrals.drivers == (
        {"dimension": "allocated_team", "category": "Team A", "numerator": 30, "comparison_numerator": 40,
         "denominator": 90, "comparison_denominator": 100, "share_of_change": -10 / -9, "suppressed": False},
        {"dimension": "allocated_team", "category": "Team B", "numerator": 4, "comparison_numerator": 3,
         "denominator": 25, "comparison_denominator": 20, "share_of_change": 1 / -9, "suppressed": False},
    )
    # no counts for the other rows, and a manual row has no children to break down
    assert row(card, "referrals_rate").drivers == () and row(card, "agency_sw_pct").drivers_compared is None
    # the JSON carries them and reads back the same
    data = card.to_json()
    first = data["sections"][0]["rows"][1]
    assert first["drivers"][0]["share_of_change"] == -10 / -9
    assert type(card).from_json(data).rows[1].drivers == rereferrals.drivers


def test_a_publication_hides_small_breakdown_counts():
    card = assemble(default_config(), E, Inputs(series=WITH_HALVES, la_code="343", breakdowns=REREFERRAL_TEAMS),
                    publication=True)
    # Team B's 4 and 3 are small, and each alone in its column: Team A's 30 and 40 go with them
    assert [(d["numerator"], d["comparison_numerator"], d["denominator"], d["share_of_change"])
            for d in row(card, "rereferrals_pct").drivers] == [(None, None, 90, None), (None, None, 25, None)]


def test_no_drivers_when_the_comparison_cannot_be_computed():
    # the same counts, but the series has no figure for Jan-Jun 2023 (not covered)
    series = pl.concat([SERIES, pl.DataFrame(
        [entry("rereferrals_pct", 6, E, 34, 115),
         entry("rereferrals_pct", 6, date(2023, 6, 30), reason="not covered by the loaded extracts")],
        schema=SERIES_SCHEMA, orient="row")])
    card = assemble(default_config(), E, Inputs(series=series, la_code="343", breakdowns=REREFERRAL_TEAMS))
    assert (row(card, "rereferrals_pct").drivers, row(card, "rereferrals_pct").drivers_compared) == ((), None)
