"""Library measures (docs/measures.md) are not in the default layout, and a config that adds one
gets a row for it built from the same series as `scorecard series`."""

import json
from datetime import date

from csc_scorecard.config import RowConfig, default_config
from csc_scorecard.measures.registry import MEASURES, reference_ids
from csc_scorecard.outputs import series_output
from csc_scorecard.scorecard.build import build_scorecard
from csc_scorecard.store.db import open_store

LIBRARY = {m.id for m in MEASURES if m.id not in reference_ids()}


def test_the_default_layout_shows_the_reference_23_only():
    ids = [row.id for section in default_config().sections for row in section.rows]
    assert len(ids) == 23 and not set(ids) & LIBRARY


def test_a_config_row_for_a_library_measure_shows_its_figure(synthetic_store):
    config = default_config().model_copy(deep=True)  # the default is shared (cached): never change it
    # section 2 (6-month periods): the share of children looked after in foster placements at E
    config.sections[1].rows.append(RowConfig(id="cla_foster_pct", label="Children in foster placements (%)", decimals=0))
    store = open_store(synthetic_store, create=False)
    try:
        scorecard = build_scorecard(store, date(2023, 12, 31), config, "343")
    finally:
        store.dispose()
    row = next(r for r in scorecard.sections[1].rows if r.id == "cla_foster_pct")
    december = json.loads(series_output("cla_foster_pct", 6, "2023-12", "2023-12", "json", "343", synthetic_store))[0]
    period_to_date = next(c for c in row.cells if c.column == "period_to_date")
    assert (period_to_date.numerator, period_to_date.denominator) == (december["numerator"], december["denominator"])
    assert period_to_date.display.rstrip("%").isdigit()  # a whole percentage, as the row asks
    # no published counterpart is mapped for a library measure: its published columns say so
    assert (row.number, row.polarity, row.published.la, row.published.benchmark) == (40, "neutral", "-", None)


def test_an_average_row_shows_the_exact_mean_and_is_suppressed_on_few_children(synthetic_store):
    # A1 (measure 89, a mean of days) in section 2: the 6-month period to Dec 2023
    config = default_config().model_copy(deep=True)
    config.sections[1].rows.append(RowConfig(id="adoption_a1_days", label="A1 (days)", decimals=0))
    store = open_store(synthetic_store, create=False)
    try:
        internal = build_scorecard(store, date(2023, 12, 31), config, "343")
        published = build_scorecard(store, date(2023, 12, 31), config, "343", publication=True)
    finally:
        store.dispose()
    december = json.loads(series_output("adoption_a1_days", 6, "2023-12", "2023-12", "json", "343", synthetic_store))[0]
    cell = next(c for c in next(r for r in internal.sections[1].rows if r.id == "adoption_a1_days").cells
                if c.column == "period_to_date")
    # the synthetic LA adopted one child in Jul-Dec 2023: the mean is that child's days, no "%"
    assert (cell.numerator, cell.denominator) == (december["numerator"], december["denominator"]) == (december["numerator"], 1)
    assert cell.display == str(december["numerator"])
    # in a publication output an average over 1 to 5 children is suppressed, as a percentage is
    hidden = next(c for c in next(r for r in published.sections[1].rows if r.id == "adoption_a1_days").cells
                  if c.column == "period_to_date")
    assert hidden.display == "c"
