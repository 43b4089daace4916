"""Generated series: every claim the analysis text makes about them is true (issue #15).

Hypothesis draws a headline history (exact fractions on a coarse grid, so exact ties and
display-precision ties both happen), a comparison, a monthly series charted by the real XmR
module, counts of children and a target; the test then reads the text back and checks each
claim against the series worked out here: direction words, highest/lowest and their ties,
a turn after a recent peak or low, the six months against the year, the target and the
projection, the SPC wording, the caution, and that every number quoted
is a figure of the row's JSON (the checker of figures_in_text).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from csc_scorecard.analysis.projection import project
from csc_scorecard.analysis.spc import xmr
from csc_scorecard.dates import months_back
from csc_scorecard.scorecard.narrative import RowFacts, write_analysis

from figures_in_text import MONTH_YEAR, MONTHS, figures_not_in_row

AS_AT = date(2023, 12, 31)
ENDS = [months_back(AS_AT, k) for k in range(23, -1, -1)]
KINDS = [("rolling", "flow", False), ("period", "flow", False), ("period", "stock", True), ("period", "attribute", True)]


def shown(value: Fraction, places: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@st.composite
def row_facts(draw):
    kind, measure_kind, snapshot = draw(st.sampled_from(KINDS))
    unit = draw(st.sampled_from(["pct", "rate"]))
    values = draw(st.lists(st.integers(0, 40), min_size=24, max_size=24))
    holes = draw(st.sets(st.integers(0, 22), max_size=4))
    history = tuple((end, None if i in holes else Fraction(v, 4)) for i, (end, v) in enumerate(zip(ENDS, values)))
    current = history[-1][1]
    previous = Fraction(draw(st.integers(0, 40)), 4)
    monthly = [(end, float(v)) for end, v in zip(ENDS, draw(st.lists(st.integers(0, 20), min_size=24, max_size=24)))]
    polarity = draw(st.sampled_from(["high", "low", "neutral"]))
    target = draw(st.one_of(st.none(), st.integers(0, 10).map(float)))
    numerator = draw(st.integers(0, 30))
    return RowFacts(
        unit=unit, polarity=polarity, decimals=draw(st.sampled_from([0, 1])), kind=kind,
        measure_kind=measure_kind, snapshot=snapshot, current=current, previous=previous,
        recent6=Fraction(draw(st.integers(0, 40)), 4) if kind == "rolling" else None,
        numerator=numerator, denominator=numerator + draw(st.integers(0, 40)) if unit == "pct" else 54500,
        history=history, target=target,
        spc=xmr(monthly, polarity, target).to_json(),
        projection=project([(d, None if v is None else float(v)) for d, v in history], target, polarity).to_json(),
        publication=draw(st.booleans()),
    )


def row_json(facts: RowFacts) -> dict:
    """The row as Row.to_json() would carry these facts (the fields the checker reads)."""
    def cell(value, column):
        return {"column": column, "value": None if value is None else float(value), "display": "-",
                "numerator": facts.numerator, "denominator": facts.denominator, "period": {"start": None, "end": None}}
    return {
        "decimals": facts.decimals,
        "cells": [cell(facts.previous, "previous"), cell(facts.current, "headline"), cell(facts.recent6, "rolling_6m")],
        "history": [{"period_end": d.isoformat(), "value": None if v is None else float(v)} for d, v in facts.history],
        "sparkline": [],
        "spc": facts.spc,
        "published": {"la": "-", "sn": "-", "region": "-", "england": "-"},
        "target_display": "-" if facts.target is None else f"{Decimal(str(facts.target)).normalize():f}",
        "projection": facts.projection,
        "benchmarks": None,
    }


def months_named(text: str) -> list[date]:
    return [next(d for d in ENDS if (d.year, d.month) == (int(y), MONTHS.index(m) + 1)) for m, y in MONTH_YEAR.findall(text)]


def check_change(facts: RowFacts, text: str) -> None:
    now, before = shown(facts.current, facts.decimals), shown(facts.previous, facts.decimals)
    if now == before:
        assert "unchanged" in text
        return
    if facts.polarity == "neutral":
        expected = "rose" if now > before else "fell"
    else:
        expected = "improved" if (now > before) == (facts.polarity == "high") else "worsened"
    assert f" {expected} " in text
    if not facts.publication:
        assert text.endswith(f" to {now}{'%' if facts.unit == 'pct' else ''}.")


def check_peak(facts: RowFacts, text: str | None) -> None:
    known = [(d, v) for d, v in facts.history if v is not None]
    top, bottom = max(v for _, v in known), min(v for _, v in known)
    earlier = known[:-1]
    if top == bottom:
        assert text == "It has not moved in two years."
        return
    for level, word in ((top, "high"), (bottom, "low")):
        ties = [d for d, v in earlier if v == level]
        if facts.current == level:
            assert text is not None and f"two-year {word}" in text
            assert ("joint" in text) == bool(ties)
            if not facts.publication:
                assert months_named(text) == ties
            return
    if text is None:
        return
    turn = re.match(r"It (fell|rose) after a two-year (peak|low)", text)
    assert turn, text
    level = top if turn[2] == "peak" else bottom
    assert (turn[1] == "fell") == (turn[2] == "peak")
    assert shown(level, facts.decimals) != shown(facts.current, facts.decimals)
    if not facts.publication:
        at = months_named(text)
        assert at and all(dict(known)[d] == level for d in at)
        assert all(d in [e for e, _ in earlier[-3:]] for d in at)
        assert re.search(r" of ([\d.]+)%? in ", text)[1] == str(shown(level, facts.decimals))


def check_spc(facts: RowFacts, text: str | None) -> None:
    variation = facts.spc["variation"] if facts.spc else None
    if variation is None:
        assert text is None
        return
    level = facts.measure_kind in ("stock", "attribute")
    if variation == "common_cause":
        assert text == ("Month-end variation is normal." if level else "Monthly variation is normal.")
    elif level:
        words = {"improvement": ", for the better.", "concern": ", for the worse."}
        assert text.endswith(words[variation]) if variation in words else not text.endswith(tuple(words.values()))
    else:
        latest = [p for p in facts.spc["points"] if p["value"] is not None][-1]
        what = {"improvement": "improvement", "concern": "concern"}.get(
            variation, "a rise" if latest["value"] > facts.spc["mean"] else "a fall")
        if latest["value"] != facts.spc["mean"]:
            assert text.startswith(f"The latest month is a signal of {what}, not noise")


def check_recent(facts: RowFacts, text: str | None) -> None:
    if facts.recent6 is None:
        assert text is None
        return
    six, twelve = shown(facts.recent6, facts.decimals), shown(facts.current, facts.decimals)
    if six == twelve:
        assert text is None
        return
    if facts.polarity == "neutral":
        word = "lower" if six < twelve else "higher"
    else:
        word = "better" if (six > twelve) == (facts.polarity == "high") else "worse"
    assert text.startswith(f"The last six months were {word}")


def check_target(facts: RowFacts, text: str | None) -> None:
    if facts.target is None:
        assert text is None
        return
    now, target = shown(facts.current, facts.decimals), Decimal(str(facts.target))
    if facts.polarity == "neutral":  # placed, never judged: no "meets", "misses", "above" or "below"
        side = "at" if now == target else "higher than" if now > target else "lower than"
        assert text.startswith(f"It is {side} the target") and "moving" not in text and "missing" not in text
    elif (facts.polarity == "high" and now >= target) or (facts.polarity == "low" and now <= target):
        assert text.startswith("It meets the target")
    else:
        assert text.startswith("It misses the target")
        status = facts.projection["status"]
        assert ("moving away" in text) == (status == "away")
        assert ("and is moving towards it" in text or "would reach it" in text) == (status == "towards")
        assert ("not moving towards it" in text) == (status == "flat")
        assert ("keep missing it" in text) == (facts.spc is not None and facts.spc["assurance"] == "fail")


def check_caution(facts: RowFacts, text: str | None) -> None:
    few = facts.numerator < 5 or (facts.unit == "pct" and facts.denominator < 20)
    assert (text is not None) == few
    if text and not facts.publication:
        expected = f"{facts.numerator} of {facts.denominator}" if facts.unit == "pct" else f"counts {facts.numerator} children"
        assert expected in text


@settings(max_examples=300, deadline=None)
@given(row_facts())
def test_every_claim_is_true_of_the_series(facts):
    analysis = write_analysis(facts)
    by_kind = dict(analysis.sentences)
    check_change(facts, by_kind["change"])
    check_peak(facts, by_kind.get("peak"))
    check_recent(facts, by_kind.get("recent"))
    check_spc(facts, by_kind.get("spc"))
    check_target(facts, by_kind.get("target"))
    check_caution(facts, by_kind.get("caution"))
    if facts.publication:
        assert not any(ch.isdigit() for ch in analysis.text), analysis.text
        assert analysis.needs_review == []
    else:
        assert figures_not_in_row(analysis.text, row_json(facts)) == [], analysis.text
