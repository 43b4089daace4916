"""Each sentence type of the analysis text, from given numbers; the expected sentences are written out."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import polars as pl

from csc_scorecard.analysis.drivers import drivers, named_driver
from csc_scorecard.measures.breakdown import COUNTS_SCHEMA
from csc_scorecard.scorecard.narrative import (
    Comparators,
    Driver,
    RowFacts,
    caution_sentence,
    change_sentence,
    comparison_sentence,
    driver_sentence,
    peak_sentence,
    recent_sentence,
    spc_sentence,
    target_sentence,
    write_analysis,
)

# The reference scorecard's row 1 (Sefton, December 2023), figures as printed there.
REFERRALS = RowFacts(
    unit="rate",
    polarity="neutral",
    decimals=1,
    kind="rolling",
    current=Decimal("641.3"),
    previous=Decimal("657.0"),
    recent6=Decimal("601.9"),
    history=(
        (date(2022, 10, 31), Decimal("870.4")),
        (date(2022, 11, 30), Decimal("892.0")),
        (date(2022, 12, 31), Decimal("880.2")),
        (date(2023, 11, 30), Decimal("657.0")),
        (date(2023, 12, 31), Decimal("641.3")),
    ),
    target=650.0,
    comparators=Comparators(sn=Decimal("630.2"), region=Decimal("529.6"), region_name="North West",
                            england=Decimal("544.5"), la_published=Decimal("822.6"), band="Higher", year="2022-23"),
)

# A "low is good" percentage: re-referrals (reference row 2).
REREFERRALS = RowFacts(
    unit="pct", polarity="low", decimals=1, kind="rolling",
    current=Decimal("25.7"), previous=Decimal("26.1"), recent6=Decimal("22.8"), target=22.0,
)

E, BEFORE = date(2023, 12, 31), date(2022, 12, 31)  # a period row's two cells, a year apart

MONTH_ENDS = [date(2022, 1, 31), date(2022, 2, 28), date(2022, 3, 31), date(2022, 4, 30)]


def _spc(values, variation, rules_of_latest=(), mean=10.0):
    points = [{"period_end": d.isoformat(), "value": v, "special_cause": False, "rules": []}
              for d, v in zip(MONTH_ENDS, values)]
    points[-1].update(special_cause=bool(rules_of_latest), rules=list(rules_of_latest))
    return {"mean": mean, "lower": 5.0, "upper": 15.0, "near_lower": 7.0, "near_upper": 13.0,
            "points": points, "variation": variation, "assurance": None}


def test_neutral_change_rises_or_falls_without_judgement():
    assert change_sentence(REFERRALS) == "Over the rolling year it fell from 657.0 last month to 641.3."
    risen = replace(REFERRALS, current=Decimal("660.0"))
    assert change_sentence(risen) == "Over the rolling year it rose from 657.0 last month to 660.0."


def test_polarity_decides_improved_or_worsened():
    assert change_sentence(REREFERRALS) == "Over the rolling year it improved from 26.1% last month to 25.7%."
    high_is_good = replace(REREFERRALS, polarity="high")
    assert change_sentence(high_is_good) == "Over the rolling year it worsened from 26.1% last month to 25.7%."


def test_unchanged_when_equal_at_display_precision():
    # 25.74 and 25.66 both display as 25.7
    same = replace(REREFERRALS, current=Fraction(2574, 100), previous=Fraction(2566, 100))
    assert change_sentence(same) == "Over the rolling year it is unchanged at 25.7% from last month."


def test_wording_fits_the_row_kind():
    period = RowFacts(unit="pct", polarity="high", decimals=0, kind="period", current=Fraction(67), previous=Fraction(63))
    assert change_sentence(period) == "Over six months it improved from 63% a year ago to 67%."
    stock = replace(period, unit="rate", polarity="neutral", measure_kind="stock", snapshot=True)
    assert change_sentence(stock) == "At month end it rose from 63 a year earlier to 67."
    attribute = replace(period, measure_kind="attribute", snapshot=True)
    assert change_sentence(attribute) == "In this return it improved from 63% a year earlier to 67%."
    # an attribute over the period (a missing incident in the six months) is a period row
    assert change_sentence(replace(period, measure_kind="attribute")).startswith("Over six months")


def test_a_year_ago_figure_of_zero_still_gets_its_sentence():
    from_zero = RowFacts(unit="pct", polarity="low", decimals=0, kind="period", current=Fraction(3), previous=Fraction(0))
    assert change_sentence(from_zero) == "Over six months it worsened from 0% a year ago to 3%."


def test_manual_rows_name_both_dates_or_say_there_is_one_value():
    agency = RowFacts(unit="pct", polarity="low", decimals=0, kind="manual", measure_kind="manual",
                      current=Decimal("49"), previous=Decimal("50"), target=20.0,
                      previous_when=date(2023, 4, 30), current_when=date(2023, 9, 30))
    assert change_sentence(agency) == "It improved from 50% in April 2023 to 49% in September 2023."
    only = replace(agency, current=Decimal("50"), current_when=date(2023, 4, 30))
    assert change_sentence(only) == "Only one value has been supplied, 50% for April 2023."
    assert change_sentence(replace(only, publication=True)) == "Only one value has been supplied."


def test_highest_and_lowest_on_exact_values_with_ties_named():
    # 1.39 in January, 0.87 now: both show as 1% at 0 decimals, but now is not the highest
    rows = ((date(2022, 1, 31), Fraction(139, 100)), (date(2022, 2, 28), Fraction(1, 2)), (date(2022, 3, 31), Fraction(87, 100)))
    facts = RowFacts(unit="pct", polarity="low", decimals=0, kind="period", current=Fraction(87, 100), history=rows)
    assert peak_sentence(facts) is None
    top = replace(facts, current=Fraction(139, 100), history=(*rows[:2], (date(2022, 3, 31), Fraction(139, 100))))
    assert peak_sentence(top) == "It is a joint two-year high, with January 2022."
    assert peak_sentence(replace(top, publication=True)) == "It is a joint two-year high."
    assert peak_sentence(REFERRALS) == "It is a two-year low."
    flat = replace(REFERRALS, history=tuple((d, Decimal("5.0")) for d, _ in REFERRALS.history), current=Decimal("5.0"))
    assert peak_sentence(flat) == "It has not moved in two years."


def test_a_recent_peak_then_a_fall_is_news():
    # row 11 of the demo: 63.3 in October and November 2023, then a fall in December
    history = ((date(2022, 1, 31), Fraction(63)), (date(2023, 9, 30), Fraction(62)), (date(2023, 10, 31), Fraction(633, 10)),
               (date(2023, 11, 30), Fraction(633, 10)), (date(2023, 12, 31), Fraction(59)))
    facts = RowFacts(unit="rate", polarity="neutral", decimals=1, kind="period", current=Fraction(59), history=history)
    assert peak_sentence(facts) == "It is a two-year low."
    dipped = replace(facts, current=Fraction(625, 10), history=(*history[:4], (date(2023, 12, 31), Fraction(625, 10))))
    assert peak_sentence(dipped) == "It fell after a two-year peak of 63.3 in October 2023 and November 2023."
    # a peak and a low more than three month ends before the latest are not news
    old = replace(dipped, history=((date(2022, 1, 31), Fraction(64)), (date(2022, 2, 28), Fraction(60)), *dipped.history[1:]))
    assert peak_sentence(old) is None


def test_recent_six_months_as_a_sign_of_progress():
    assert recent_sentence(REFERRALS) == "The last six months were lower, at 601.9."
    assert recent_sentence(REREFERRALS) == "The last six months were better, at 22.8%."
    assert recent_sentence(replace(REREFERRALS, recent6=Decimal("27.0"))) == "The last six months were worse, at 27.0%."
    assert recent_sentence(replace(REREFERRALS, recent6=Decimal("25.74"))) is None  # same as the year at 1 dp


def test_spc_reading_in_plain_words():
    flow = replace(REREFERRALS, spc=_spc([10, 11, 9, 10], "common_cause"))
    assert spc_sentence(flow) == "Monthly variation is normal."
    concern = replace(REREFERRALS, spc=_spc([10, 11, 9, 16], "concern", ["beyond_limit"]))
    assert spc_sentence(concern) == "The latest month is a signal of concern, not noise (above the upper limit)."
    improvement = replace(REREFERRALS, spc=_spc([10, 9, 8, 7], "improvement", ["trend"]))
    assert spc_sentence(improvement) == "The latest month is a signal of improvement, not noise (part of a run of falls)."
    neutral = replace(REFERRALS, spc=_spc([12, 12, 12, 12], "neither", ["shift"]))
    assert spc_sentence(neutral) == "The latest month is a signal of a rise, not noise (part of a long run above average)."
    assert spc_sentence(replace(REREFERRALS, spc=None)) is None


def test_snapshots_are_read_as_a_shift_in_level():
    # month-end figures of a stock: 9 (January) below the mean of 10, then three above it
    stock = replace(REFERRALS, measure_kind="stock", snapshot=True, spc=_spc([9, 11, 12, 11], "neither", ["shift"]))
    assert spc_sentence(stock) == "Month-end figures have stayed above their two-year average since February 2022."
    worse = replace(REREFERRALS, measure_kind="attribute", snapshot=True, spc=_spc([9, 11, 12, 11], "concern", ["shift"]))
    assert spc_sentence(worse) == "Month-end figures have stayed above their two-year average since February 2022, for the worse."
    assert spc_sentence(replace(worse, publication=True)) == "Month-end figures have stayed above their two-year average, for the worse."
    rising = replace(worse, spc=_spc([12, 8, 9, 11], "concern", ["trend"]))
    assert spc_sentence(rising) == "Month-end figures have risen every month since February 2022, for the worse."
    jump = replace(worse, spc=_spc([10, 10, 10, 3], "improvement", ["beyond_limit"]))
    assert spc_sentence(jump) == "The latest month-end figure is below its usual range, for the better."
    assert spc_sentence(replace(worse, spc=_spc([10, 11, 9, 10], "common_cause"))) == "Month-end variation is normal."


def test_target_position_and_projection():
    # a row judged by polarity meets or misses its target (the RAG legend's words), never
    # "above the target", which reads as beating it where lower is better
    towards = replace(REREFERRALS, projection={"slope_per_month": -0.5, "status": "towards", "reaches_target": "2024-06-30"})
    assert target_sentence(towards) == "It misses the target of 22% and on its six-month trend would reach it by June 2024."
    assert target_sentence(replace(towards, publication=True)) == "It misses the target and is moving towards it."
    away = replace(REREFERRALS, projection={"slope_per_month": 0.1, "status": "away", "reaches_target": None},
                   spc={"assurance": "fail"})
    assert target_sentence(away) == (
        "It misses the target of 22% and is moving away from it; at its usual variation it will keep missing it."
    )
    assert target_sentence(replace(REREFERRALS, current=Decimal("22.0"))) == "It meets the target of 22%."
    # high is good: 70.8% against 84%, its trend flat (the demo's row 4 at 31 Dec 2023)
    timely = RowFacts(unit="pct", polarity="high", decimals=1, kind="rolling", current=Decimal("70.8"), target=84.0,
                      projection={"slope_per_month": 0.0, "status": "flat", "reaches_target": None})
    assert target_sentence(timely) == "It misses the target of 84% and is not moving towards it."
    assert target_sentence(replace(timely, current=Decimal("84.0"))) == "It meets the target of 84%."


def test_a_neutral_rows_target_is_placed_not_judged():
    # reference row 1: 641.3 per 10,000 against a target of 650, no good direction (no RAG):
    # which side of the target it is, in words that say nothing of good or bad
    assert target_sentence(REFERRALS) == "It is lower than the target of 650."
    assert target_sentence(replace(REFERRALS, current=Decimal("800.7"))) == "It is higher than the target of 650."
    # judged at display precision, as the figure beside it: 649.96 shows 650.0
    assert target_sentence(replace(REFERRALS, current=Decimal("649.96"))) == "It is at the target of 650."
    assert target_sentence(replace(REFERRALS, current=Decimal("800.7"), publication=True)) == "It is higher than the target."


def test_computed_and_published_figures_are_named_apart():
    assert comparison_sentence(REFERRALS) == (
        "Above SN (630.2), North West (529.6) and England (544.5); published 2022-23: 822.6, higher than the middle 50%."
    )
    # published at whole numbers: 25.7 rounds to 26 for the comparison with 24, 26 and 27
    mixed = replace(REREFERRALS, comparators=Comparators(sn=Decimal("24"), region=Decimal("26"),
                                                         region_name="North West", england=Decimal("27")))
    assert comparison_sentence(mixed) == (
        "Above SN (24%), below England (27%), in line with North West (26%)."
    )
    band_only = replace(REREFERRALS, comparators=Comparators(band="In range", la_published=Decimal("10"), year="2021-22"))
    assert comparison_sentence(band_only) == "Published 2021-22: 10%, within the middle 50%."
    assert comparison_sentence(replace(REFERRALS, publication=True)) == (
        "Above SN, North West and England; the latest published figure is higher than the middle half."
    )


def test_caution_when_few_children():
    # reference row 19: 3 of 112 children adopted
    adopted = RowFacts(unit="pct", polarity="high", decimals=0, kind="period", current=Fraction(300, 112),
                       numerator=3, denominator=112)
    assert caution_sentence(adopted) == "It rests on 3 of 112 children: read it with care."
    assert caution_sentence(replace(adopted, numerator=5)) is None
    assert caution_sentence(replace(adopted, numerator=12, denominator=19)) == "It rests on 12 of 19 children: read it with care."
    assert caution_sentence(replace(adopted, numerator=12, denominator=20)) is None
    rate = RowFacts(unit="rate", polarity="low", decimals=1, kind="rolling", current=Fraction(4), numerator=4, denominator=54500)
    assert caution_sentence(rate) == "It counts 4 children: read it with care."
    assert caution_sentence(replace(adopted, publication=True)) == "It rests on few children: read it with care."


def test_whole_paragraph_in_reading_order():
    analysis = write_analysis(replace(REFERRALS, spc=_spc([10, 11, 9, 10], "common_cause")))
    assert [kind for kind, _ in analysis.sentences] == ["change", "peak", "recent", "spc", "target", "comparison"]
    assert analysis.needs_review == []


def test_large_jump_goes_to_an_analyst_and_keeps_its_true_change_sentence():
    # 400 -> 641.3 is a rise of 60%, over the 25% a month that a rolling figure plausibly moves
    analysis = write_analysis(replace(REFERRALS, previous=Decimal("400.0")))
    assert analysis.needs_review == ["the figure changed by more than 25%: check the data before publishing"]
    assert analysis.sentences[0] == ("change", "Over the rolling year it rose from 400.0 last month to 641.3.")


def test_few_children_and_missing_figure_are_flagged():
    few = replace(REREFERRALS, denominator=7)
    assert write_analysis(few).needs_review == ["the percentage rests on fewer than 10 children"]
    none = replace(REREFERRALS, current=None)
    assert write_analysis(none).needs_review == ["no figure for this month: explain why"]


def test_publication_text_has_no_digit_and_no_review_note():
    facts = replace(REFERRALS, publication=True, numerator=3, previous=Decimal("400.0"),
                    spc=_spc([10, 11, 9, 16], "neither", ["beyond_limit"]))
    analysis = write_analysis(facts)
    assert analysis.text == (
        "Over the rolling year it rose on last month. It is a two-year low. The last six months were lower. "
        "The latest month is a signal of a rise, not noise (above the upper limit). It is lower than the target. "
        "Above SN, North West and England; the latest published figure is higher than the middle half. "
        "It rests on few children: read it with care."
    )
    assert analysis.needs_review == []


def test_caution_on_an_average_names_the_children_not_the_days():
    # A1 (a mean of days) over 3 children adopted (1,254 days in all): the builder passes the
    # children averaged as the numerator (`build._counted`: an average's own numerator is days)
    # and no denominator; 3 children is fewer than 5 -> a caution naming 3 children, not 1,254
    a1 = RowFacts(unit="mean", polarity="low", decimals=0, kind="period", current=Fraction(1254, 3), numerator=3)
    assert caution_sentence(a1) == "It counts 3 children: read it with care."
    assert caution_sentence(replace(a1, numerator=5)) is None


# --- the driver sentence (issue #15 items 3 and 5) --------------------------------------------


def _driven(**changes) -> RowFacts:
    # the demo's row 11 at 31 Dec 2023: 56 -> 59 per 10,000; emotional abuse 94 -> 123 of a net +16
    base = dict(unit="rate", polarity="low", decimals=0, kind="period", current=Fraction(59), previous=Fraction(56),
                measure_kind="stock", snapshot=True,
                driver=Driver(title="Category of abuse", category="Emotional abuse", before=94, after=123, share=29 / 16))
    return RowFacts(**{**base, **changes})


def test_the_driver_is_named_with_its_two_counts():
    # Neglect 100 -> 118 of a net rise of 20 children: 90% of it
    most = _driven(driver=Driver(title="Category of abuse", category="Neglect", before=100, after=118, share=0.9))
    assert driver_sentence(most) == "Most of the change is in Neglect (category of abuse): 100 to 118."
    # a rolling row's drivers compare its last six months with the six before (not last month)
    rolling = replace(most, kind="rolling", measure_kind="flow", snapshot=False)
    assert driver_sentence(rolling) == (
        "Most of the six-month change is in Neglect (category of abuse): 100 to 118 against the six before.")
    assert driver_sentence(replace(most, publication=True)) == "Most of the change is in Neglect (category of abuse)."


def test_a_driver_that_moved_more_than_the_whole_change_is_not_said_to_hold_most_of_it():
    # the demo's row 11: emotional abuse 94 -> 123 (+29) of a net +16: the other categories
    # together fell by 13; "most of the change" (or "181% of it") would not be true
    assert driver_sentence(_driven()) == (
        "Emotional abuse (category of abuse) rose by more than the whole change, from 94 to 123; the others together fell.")
    rolling = _driven(kind="rolling", measure_kind="flow", snapshot=False)
    assert driver_sentence(rolling) == (
        "Emotional abuse (category of abuse) rose by more than the whole six-month change, from 94 to 123 "
        "against the six before; the others together fell.")
    assert driver_sentence(_driven(publication=True)) == (
        "Emotional abuse (category of abuse) rose by more than the whole change; the others together fell.")
    # a fall: the figure 59 -> 50, neglect 80 -> 60 (-20) of a net -15
    fall = _driven(current=Fraction(50), driver=Driver(title="Category of abuse", category="Neglect", before=80, after=60,
                                                      share=20 / 15))
    assert driver_sentence(fall) == (
        "Neglect (category of abuse) fell by more than the whole change, from 80 to 60; the others together rose.")
    # exactly all of it (the others' changes cancel out) is still "most"
    whole = Driver(title="Category of abuse", category="Neglect", before=100, after=116, share=1.0)
    assert driver_sentence(_driven(driver=whole)) == "Most of the change is in Neglect (category of abuse): 100 to 116."


def test_the_driver_sentence_from_hand_made_counts():
    # Team A 10 -> 23 (+13), Team B 10 -> 7 (-3): 20 -> 30 children, +10; Team A's share 13/10
    found = drivers(pl.DataFrame(
        [(E, 6, "allocated_team", "Team A", 23, 0), (E, 6, "allocated_team", "Team B", 7, 0),
         (BEFORE, 6, "allocated_team", "Team A", 10, 0), (BEFORE, 6, "allocated_team", "Team B", 10, 0)],
        schema=COUNTS_SCHEMA, orient="row"), (E, 6), (BEFORE, 6), rate=False, dimensions=["allocated_team"])
    named = named_driver(found)
    facts = RowFacts(unit="count", polarity="neutral", decimals=0, kind="period", current=30, previous=20,
                     driver=Driver(title="Allocated team", category=named.category, before=named.comparison_numerator,
                                   after=named.numerator, share=named.share_of_change))
    assert driver_sentence(facts) == (
        "Team A (allocated team) rose by more than the whole change, from 10 to 23; the others together fell.")
    # Team B 10 -> 9 instead: +12 of +13, most of it
    found = drivers(pl.DataFrame(
        [(E, 6, "allocated_team", "Team A", 22, 0), (E, 6, "allocated_team", "Team B", 9, 0),
         (BEFORE, 6, "allocated_team", "Team A", 10, 0), (BEFORE, 6, "allocated_team", "Team B", 8, 0)],
        schema=COUNTS_SCHEMA, orient="row"), (E, 6), (BEFORE, 6), rate=False, dimensions=["allocated_team"])
    named = named_driver(found)
    facts = replace(facts, current=31, previous=18, driver=Driver(
        title="Allocated team", category=named.category, before=named.comparison_numerator, after=named.numerator,
        share=named.share_of_change))
    assert driver_sentence(facts) == "Most of the change is in Team A (allocated team): 10 to 22."


def test_no_driver_sentence_where_it_would_not_explain_the_figure():
    assert driver_sentence(_driven(driver=None)) is None
    # a percentage's numerator can rise while the percentage falls
    assert driver_sentence(_driven(unit="pct")) is None
    # the figure is unchanged at display precision (59.4 and 59.2 both show 59)
    assert driver_sentence(_driven(current=Fraction(594, 10), previous=Fraction(592, 10))) is None
    # the figure fell while the category rose
    assert driver_sentence(_driven(current=Fraction(50))) is None
    # exactly half is not "most"
    half = Driver(title="Category of abuse", category="Neglect", before=10, after=18, share=0.5)
    assert driver_sentence(_driven(driver=half)) is None


def test_a_publication_quotes_no_count_and_no_age_band():
    neglect = Driver(title="Category of abuse", category="Neglect", before=100, after=118, share=0.9)
    assert driver_sentence(_driven(publication=True, driver=neglect)) == "Most of the change is in Neglect (category of abuse)."
    aged = Driver(title="Age band", category="10-15", before=40, after=61, share=0.9)
    assert driver_sentence(_driven(publication=True, driver=aged)) is None
    assert driver_sentence(_driven(driver=aged)) == "Most of the change is in 10-15 (age band): 40 to 61."
