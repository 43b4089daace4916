"""Issue #15: every computed row carries its monthly figures (the same numbers as `scorecard
series MEASURE --months 1`), their SPC chart and the projection of its headline; manual rows
carry none and say why; the JSON round-trips and an older snapshot without them still reads."""

import json
from datetime import date

import pytest

from csc_scorecard.analysis.projection import project
from csc_scorecard.analysis.spc import xmr
from csc_scorecard.outputs import series_output
from csc_scorecard.scorecard import model
from csc_scorecard.scorecard.build import REASON_MANUAL_ANALYSIS

AS_AT = date(2023, 12, 31)


@pytest.fixture(scope="module")
def card(synthetic_card):
    return synthetic_card


def test_monthly_figures_are_the_one_month_series(card, synthetic_store):
    computed = [r for r in card.rows if r.kind != "manual"]
    assert len(computed) == 21
    for row in computed:
        series = json.loads(series_output(row.id, 1, "2022-01", "2023-12", "json", "343", synthetic_store))
        assert [m.to_json() for m in row.monthly] == [
            {k: item[k] for k in ("period_end", "value", "numerator", "denominator")} for item in series
        ], row.id
        assert row.monthly[-1].period_end == AS_AT and len(row.monthly) == 24


def test_spc_is_the_chart_of_the_monthly_figures(card):
    for row in (r for r in card.rows if r.kind != "manual"):
        chart = xmr([(m.period_end, m.value) for m in row.monthly], row.polarity, row.target)
        assert row.spc == chart.to_json(), row.id
        assert row.analysis_reason == chart.reason
        if row.spc is not None:
            assert len(row.spc["points"]) == 24
            assert row.spc["variation"] in ("improvement", "concern", "neither", "common_cause")


def test_projection_of_the_headline(card):
    row = next(r for r in card.rows if r.id == "rereferrals_pct")
    assert row.projection["status"] in ("towards", "away", "met", "flat")
    last6 = [(end, v) for end, v in row.sparkline[-6:]]
    assert row.projection == project(last6, row.target, row.polarity).to_json()


def test_manual_rows_have_no_monthly_analysis_and_say_why(card):
    for row in (r for r in card.rows if r.kind == "manual"):
        assert (row.monthly, row.spc, row.projection) == ((), None, None)
        assert row.to_json()["spc_reason"] == REASON_MANUAL_ANALYSIS


def test_json_round_trip_and_an_older_snapshot(card):
    data = card.to_json()
    row = data["sections"][0]["rows"][1]
    assert set(row) >= {"monthly", "spc", "spc_reason", "projection"}
    assert model.Scorecard.from_json(json.loads(json.dumps(data))).to_json() == data
    for section in data["sections"]:
        for old in section["rows"]:
            for key in ("monthly", "spc", "spc_reason", "projection"):
                del old[key]
    older = model.Scorecard.from_json(data)
    assert all(r.monthly == () and r.spc is None and r.projection is None for r in older.rows)


def test_publication_blanks_small_monthly_figures(synthetic_publication_card):
    published = synthetic_publication_card
    blanked = 0
    for row in (r for r in published.rows if r.kind != "manual"):
        for m in row.monthly:
            assert m.numerator is None or not 0 < m.numerator < 6, row.id
            if row.unit == "pct":
                assert m.denominator is None or not 0 < m.denominator < 6, row.id
        if row.spc:
            for point, m in zip(row.spc["points"], row.monthly):
                blanked += m.value is None and point["value"] is None
                if m.value is None:
                    assert point["value"] is None
    assert blanked
