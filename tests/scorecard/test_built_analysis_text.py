"""The analysis text of a scorecard built through the real path (issue #15): every number it
quotes is a figure of its row's JSON, its wording fits the row's kind, and the publication
version quotes no digit, carries no review note and hides only sparkline points on 1-5 children."""

import pytest
from figures_in_text import figures_not_in_row

from csc_scorecard.measures.registry import get


@pytest.fixture(scope="module")
def card(synthetic_card):
    return synthetic_card


@pytest.fixture(scope="module")
def published(synthetic_publication_card):
    return synthetic_publication_card


def test_every_number_in_the_text_is_a_figure_of_the_row(card):
    for row in card.rows:
        assert row.analysis.text, row.id
        assert figures_not_in_row(row.analysis.text, row.to_json()) == [], (row.id, row.analysis.text)


def test_the_checker_finds_a_figure_the_row_does_not_carry(card):
    row = next(r for r in card.rows if r.id == "referrals_rate").to_json()
    assert figures_not_in_row("It fell to 99999.9 in March 2019; the published 2015-16 figure is higher.", row) == [
        "March 2019", "2015-16", "99999.9"]


def test_wording_fits_the_row_kind(card):
    openings = {"flow": ("Over the rolling year", "Over six months"), "stock": ("At month end",),
                "attribute": ("In this return", "Over six months"), "manual": ("It ", "Only one value")}
    for row in card.rows:
        spec = get(row.id)
        assert row.analysis.text.startswith(openings[spec.kind]), (row.id, row.analysis.text)
        if spec.snapshot:
            assert "six months" not in row.analysis.text.split(".")[0], row.id


def test_publication_text_has_no_digit_and_no_review_note(published):
    for row in published.rows:
        assert not any(ch.isdigit() for ch in row.analysis.text), (row.id, row.analysis.text)
        assert row.analysis.needs_review == ()
    assert published.protective_marking == "OFFICIAL"


def test_publication_hides_only_sparkline_points_on_small_numbers(card, published):
    kept = hidden = 0
    for ours, public in zip(card.rows, published.rows):
        for (end, value), (_, shown) in zip(ours.sparkline, public.sparkline):
            if shown is None and value is not None:
                hidden += 1
            elif value is not None:
                assert shown == value
                kept += 1
    assert kept > 0 and hidden < kept
