"""The analysis paragraph of a scorecard row, written from its facts, the way an analyst writes it.

A phrasebook keyed on the row's facts (STYLE.md: Oflog's automated text): each sentence type is
one small function, and polarity decides the words ("improved" or "worsened"; a neutral
indicator only "rose" or "fell"). Rules that keep every claim true (issue #15):

- Every figure quoted is one the row carries (its cells, its 24-month headline history, its
  published comparators, its target, its SPC chart, its projection) at display precision; the
  label sits beside the text, so the text never repeats it.
- Movements are judged on displayed values (the text never contradicts the figures beside it);
  highest and lowest on exact values, with ties named ("joint highest with March 2022").
- The wording fits the row's kind: a rolling year, a six-month period, a month-end snapshot, an
  attribute of this month's return, or a manual value supplied for a date.
- Our computed figure and the latest published one are named apart.
- A publication text quotes no digit at all (no figure, no date): small numbers stay unseen.

Cases where a sentence would mislead (a very large jump, a figure built on very few children,
no figure at all) are also routed to an analyst (`needs_review`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from csc_scorecard.display import format_half_up, round_half_up

Number = Fraction | Decimal | int
Polarity = Literal["high", "low", "neutral"]
Unit = Literal["rate", "pct", "count", "mean", "median"]
RowKind = Literal["rolling", "period", "manual"]
MeasureKind = Literal["flow", "stock", "attribute", "manual"]

# Above these, a change is more likely a data problem than a trend: an analyst looks first.
LARGE_CHANGE = {"rolling": Fraction(1, 4), "period": Fraction(1, 2), "manual": Fraction(1, 2)}
# Below this many children in the denominator, percentages swing on one child (review note).
FEW_CHILDREN = 10
# The caution printed in the text: a percentage on fewer children than this, or any figure
# counting fewer children than CAUTION_NUMERATOR.
CAUTION_DENOMINATOR = 20
CAUTION_NUMERATOR = 5
# A peak or low point this many month ends before the latest, followed by a move away, is news.
RECENT_TURN_MONTHS = 3


@dataclass(frozen=True)
class Driver:
    """The category that explains at least half of the change in the figure's numerator
    (analysis.drivers.named_driver), as the text names it."""

    title: str  # the dimension as a heading says it: "Category of abuse"
    category: str
    before: int  # its numerator in the comparison period
    after: int  # and in the figure's
    share: float  # its change over the numerator's change (above 1: others moved the other way)


@dataclass(frozen=True)
class Comparators:
    """Published figures at published precision (None when not published or suppressed)."""

    sn: Number | None = None
    region: Number | None = None
    region_name: str = "the region"
    england: Number | None = None
    la_published: Number | None = None
    band: str | None = None  # "Higher", "Lower", "In range"
    year: str | None = None  # the published figures' reporting year, "2022-23"


@dataclass(frozen=True)
class RowFacts:
    unit: Unit
    polarity: Polarity
    decimals: int
    kind: RowKind  # the scorecard column layout: rolling 12 months, 6-month period, manual
    current: Number | None  # headline: rolling 12 months, or the 6-month period to the as-at date
    previous: Number | None = None  # last month's rolling 12 months, or the same period a year ago
    measure_kind: MeasureKind = "flow"
    snapshot: bool = False  # the figure is taken at the period end (stocks, some attributes)
    recent6: Number | None = None  # rolling rows: the 6 months to the as-at date
    numerator: int | None = None  # children behind the headline
    denominator: int | None = None  # children behind a percentage
    history: tuple[tuple[date, Number | None], ...] = ()  # headline at each of the last 24 month ends
    target: Number | None = None
    comparators: Comparators | None = None
    spc: dict | None = None  # analysis.spc.Chart.to_json() of the monthly figures
    projection: dict | None = None  # analysis.projection.Projection.to_json() of the headline
    driver: Driver | None = None  # the named driver of the change (drivers compared as in build._drivers)
    publication: bool = False  # publication output: quote no figure and no date (no digit)
    previous_when: date | None = None  # manual rows: the date each value was supplied for
    current_when: date | None = None

    @property
    def wording(self) -> str:
        """The row's kind as the text words it: rolling, period, snapshot, attribute or manual."""
        if self.kind == "manual" or self.measure_kind == "manual":
            return "manual"
        if self.snapshot:
            return "attribute" if self.measure_kind == "attribute" else "snapshot"
        return self.kind


@dataclass
class Analysis:
    sentences: list[tuple[str, str]] = field(default_factory=list)  # (sentence type, text)
    needs_review: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.sentences)


# --- how figures and dates are quoted -------------------------------------------------------


def _shown(facts: RowFacts, value: Number) -> Decimal:
    return round_half_up(value, facts.decimals)


def _quote(facts: RowFacts, value: Number) -> str:
    text = format_half_up(value, facts.decimals)
    return f"{text}%" if facts.unit == "pct" else text


def _exact(value: Number | float) -> Decimal:
    """A config or published number as the exact decimal it was written as (650.0 -> 650)."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def _plain(value: Number | float) -> str:
    text = f"{_exact(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _published(facts: RowFacts, value: Number | float) -> str:
    return f"{_plain(value)}%" if facts.unit == "pct" else _plain(value)


def _month(day: date) -> str:
    return f"{day:%B %Y}"


def _figure(facts: RowFacts, template: str, value: Number) -> str:
    """`template` with {} as the quoted value, or "" in a publication text."""
    return "" if facts.publication else template.format(_quote(facts, value))


def _better(polarity: Polarity, new: Decimal, old: Decimal) -> bool | None:
    """True if new is better than old, False if worse, None when polarity is neutral or equal."""
    if polarity == "neutral" or new == old:
        return None
    return (new > old) if polarity == "high" else (new < old)


def _moved(facts: RowFacts, now: Decimal, before: Decimal) -> str:
    better = _better(facts.polarity, now, before)
    if better is None:
        return "rose" if now > before else "fell"
    return "improved" if better else "worsened"


# --- the sentences ---------------------------------------------------------------------------


def change_sentence(facts: RowFacts) -> str | None:
    """The headline against its comparison, worded for the row's kind, judged at display precision."""
    if facts.current is None or facts.previous is None:
        return None
    wording = facts.wording
    if wording == "manual":
        return _manual_change(facts)
    now, before = _shown(facts, facts.current), _shown(facts, facts.previous)
    opening, against = {
        "rolling": ("Over the rolling year it", "last month"),
        "period": ("Over six months it", "the same six months a year ago"),
        "snapshot": ("At month end it", "a year earlier"),
        "attribute": ("In this return it", "a year earlier"),
    }[wording]
    if now == before:
        return f"{opening} is unchanged{_figure(facts, ' at {}', facts.current)} from {_since(against)}."
    verb = _moved(facts, now, before)
    if facts.publication:
        return f"{opening} {verb} on {against}."
    return f"{opening} {verb} from {_quote(facts, facts.previous)} {_since(against)} to {_quote(facts, facts.current)}."


def _since(against: str) -> str:
    return {"last month": "last month", "a year earlier": "a year earlier"}.get(against, "a year ago")


def _manual_change(facts: RowFacts) -> str:
    if facts.previous_when is not None and facts.previous_when == facts.current_when:
        if facts.publication:
            return "Only one value has been supplied."
        return f"Only one value has been supplied, {_quote(facts, facts.current)} for {_month(facts.current_when)}."
    now, before = _shown(facts, facts.current), _shown(facts, facts.previous)
    verb = "is unchanged" if now == before else _moved(facts, now, before)
    if facts.publication:
        return f"It {verb} on the previous value supplied."
    if now == before:
        return f"It is unchanged at {_quote(facts, facts.current)} since {_month(facts.previous_when)}."
    return (f"It {verb} from {_quote(facts, facts.previous)} in {_month(facts.previous_when)} "
            f"to {_quote(facts, facts.current)} in {_month(facts.current_when)}.")


def _dates(days: list[date]) -> str:
    return _join([_month(d) for d in days])


def peak_sentence(facts: RowFacts) -> str | None:
    """Where the headline stands in the last 24 month ends, on exact values: at its highest or
    lowest (naming the months it ties with), or just turned from a recent peak or low."""
    known = [(d, Fraction(v)) for d, v in facts.history if v is not None]
    if facts.current is None or len(known) < 3 or known[-1][1] != Fraction(facts.current):
        return None
    *earlier, (_, now) = known
    top, bottom = max(v for _, v in known), min(v for _, v in known)
    if top == bottom:
        return "It has not moved in two years."
    for level, word in ((top, "high"), (bottom, "low")):
        if now == level:
            ties = [d for d, v in earlier if v == level]
            if not ties:
                return f"It is a two-year {word}."
            if facts.publication:
                return f"It is a joint two-year {word}."
            return f"It is a joint two-year {word}, with {_dates(ties)}."
    recent = earlier[-RECENT_TURN_MONTHS:]
    for level, word, turn in ((top, "peak", "fell"), (bottom, "low", "rose")):
        at = [d for d, v in recent if v == level]
        if at and _shown(facts, level) != _shown(facts, now):  # a turn the displayed figures show
            if facts.publication:
                return f"It {turn} after a two-year {word} in recent months."
            return f"It {turn} after a two-year {word} of {_quote(facts, level)} in {_dates(at)}."
    return None


def recent_sentence(facts: RowFacts) -> str | None:
    """The 6-month figure against the 12-month one: a sign of recent progress (rolling rows only)."""
    if facts.kind != "rolling" or facts.current is None or facts.recent6 is None:
        return None
    six, twelve = _shown(facts, facts.recent6), _shown(facts, facts.current)
    if six == twelve:
        return None
    better = _better(facts.polarity, six, twelve)
    how = ("lower" if six < twelve else "higher") if better is None else ("better" if better else "worse")
    return f"The last six months were {how}{_figure(facts, ', at {}', facts.recent6)}."


def _latest_point(spc: dict) -> tuple[int, dict] | None:
    known = [(i, p) for i, p in enumerate(spc["points"]) if p["value"] is not None]
    return known[-1] if known else None


def _run_start(points: list[dict], last: int, same) -> date:
    """The first month of the run ending at `last` in which every step satisfies `same(before, point)`."""
    start = last
    while start > 0 and points[start - 1]["value"] is not None and same(points[start - 1], points[start]):
        start -= 1
    return date.fromisoformat(points[start]["period_end"])


def spc_sentence(facts: RowFacts) -> str | None:
    """The SPC reading of the latest monthly figure in plain words.

    Stocks and attributes are month-end snapshots that count largely the same children month
    after month, so their monthly points are autocorrelated and a special cause is a slow shift
    in level rather than one month's news: they are read as "has stayed above its two-year
    average since May 2023", never "not noise"."""
    spc = facts.spc
    if not spc or spc.get("variation") is None:
        return None
    latest = _latest_point(spc)
    if latest is None:
        return None
    index, point = latest
    level = facts.measure_kind in ("stock", "attribute")
    figures = "Month-end figures" if level else "Monthly figures"
    variation = spc["variation"]
    if variation == "common_cause":
        return f"{'Month-end' if level else 'Monthly'} variation is normal."
    mean, value = spc["mean"], point["value"]
    above = value > mean if value != mean else value > (spc["points"][index - 1]["value"] or mean)
    what = {"improvement": "improvement", "concern": "concern"}.get(variation, "a rise" if above else "a fall")
    rules = point["rules"]
    points = spc["points"]
    if level:
        side = "above" if above else "below"
        if "shift" in rules:
            since = _run_start(points, index, lambda a, b: (a["value"] > mean) == (b["value"] > mean) and a["value"] != mean)
            when = "" if facts.publication else f" since {_month(since)}"
            return f"{figures} have stayed {side} their two-year average{when}{_shift_word(variation)}."
        if "trend" in rules:
            since = _run_start(points, index, lambda a, b: (b["value"] > a["value"]) == above and b["value"] != a["value"])
            when = "" if facts.publication else f" since {_month(since)}"
            return f"{figures} have {'risen' if above else 'fallen'} every month{when}{_shift_word(variation)}."
        better = _shift_word(variation)
        if "beyond_limit" in rules:
            return f"The latest month-end figure is {'above' if above else 'below'} its usual range{better}."
        return f"Month-end figures were near the {'upper' if above else 'lower'} limit twice in three months{better}."
    evidence = (
        f"{'above the upper' if above else 'below the lower'} limit" if "beyond_limit" in rules
        else f"part of a run of {'rises' if above else 'falls'}" if "trend" in rules
        else f"part of a long run {'above' if above else 'below'} average" if "shift" in rules
        else "close to a limit twice in three months"
    )
    return f"The latest month is a signal of {what}, not noise ({evidence})."


def _shift_word(variation: str) -> str:
    return {"improvement": ", for the better", "concern": ", for the worse"}.get(variation, "")


def target_sentence(facts: RowFacts) -> str | None:
    """Position against target at display precision (as the RAG), and where the trend heads.

    A row judged by polarity meets or misses its target, the legend's words for the RAG: "above
    the target" would read as "beating it" on a row where lower is better. A neutral row's
    target is not judged (no RAG), so the text only says which side of it the figure is, in
    words that claim nothing about good or bad: "higher than", "lower than"."""
    if facts.target is None or facts.current is None:
        return None
    now, target = _shown(facts, facts.current), _exact(facts.target)
    named = "the target" if facts.publication else f"the target of {_published(facts, facts.target)}"
    if facts.polarity == "neutral":
        if now == target:
            return f"It is at {named}."
        return f"It is {'higher' if now > target else 'lower'} than {named}."
    if (facts.polarity == "high" and now >= target) or (facts.polarity == "low" and now <= target):
        return f"It meets {named}."
    projection = facts.projection or {}
    status, reaches = projection.get("status"), projection.get("reaches_target")
    trend = ""
    if status == "towards" and reaches and not facts.publication:
        trend = f" and on its six-month trend would reach it by {_month(date.fromisoformat(reaches))}"
    elif status == "towards":
        trend = " and is moving towards it"
    elif status == "away":
        trend = " and is moving away from it"
    elif status == "flat":
        trend = " and is not moving towards it"
    assurance = (facts.spc or {}).get("assurance")
    unless = "; at its usual variation it will keep missing it" if assurance == "fail" else ""
    return f"It misses {named}{trend}{unless}."


def comparison_sentence(facts: RowFacts) -> str | None:
    """This month's figure against the published SN, region and England figures (each at its
    own precision), then the latest published LA figure, named apart, against the middle 50%:
    "Above SN (24%), North West (22%) and England (22%); published 2022-23: 27%, higher than
    the middle 50%." (SN: statistical neighbours, as the published columns head them.)"""
    c = facts.comparators
    if c is None or facts.current is None:
        return None
    groups: dict[str, list[str]] = {"above": [], "below": [], "in line with": []}
    for name, value in (("SN", c.sn), (c.region_name, c.region), ("England", c.england)):
        if value is None:
            continue
        published = _exact(value)
        places = max(0, -published.as_tuple().exponent)
        ours = round_half_up(facts.current, places)
        named = name if facts.publication else f"{name} ({_published(facts, published)})"
        groups["above" if ours > published else "below" if ours < published else "in line with"].append(named)
    ours = ", ".join(f"{word} {_join(names)}" for word, names in groups.items() if names)
    band = _band_clause(facts)
    if not ours and not band:
        return None
    text = f"{ours}; {band}" if ours and band else ours or band
    return f"{text[0].upper()}{text[1:]}."


def _band_clause(facts: RowFacts) -> str:
    c = facts.comparators
    if c is None or c.band is None:
        return ""
    if facts.publication or c.la_published is None:
        middle = "the middle half" if facts.publication else "the middle 50%"
        where = {"Higher": "is higher than", "Lower": "is lower than", "In range": "is within"}[c.band]
        return f"the latest published figure {where} {middle}"
    where = {"Higher": "higher than", "Lower": "lower than", "In range": "within"}[c.band]
    year = f" {c.year}" if c.year else ""
    return f"published{year}: {_published(facts, c.la_published)}, {where} the middle 50%"


def caution_sentence(facts: RowFacts) -> str | None:
    """A caution when the headline counts few children: a percentage on fewer than 20, or fewer than 5."""
    few_counted = facts.numerator is not None and facts.numerator < CAUTION_NUMERATOR
    few_behind = facts.unit == "pct" and facts.denominator is not None and facts.denominator < CAUTION_DENOMINATOR
    if facts.current is None or not (few_counted or few_behind):
        return None
    if facts.publication:
        return "It rests on few children: read it with care."
    if facts.numerator is None:
        return f"It rests on {facts.denominator:,} children: read it with care."
    if facts.unit == "pct" and facts.denominator is not None:
        return f"It rests on {facts.numerator:,} of {facts.denominator:,} children: read it with care."
    return f"It counts {facts.numerator:,} children: read it with care."


def review_reasons(facts: RowFacts) -> list[str]:
    """Why a person should check this row's text before trusting the generated one."""
    reasons = []
    if facts.current is None:
        reasons.append("no figure for this month: explain why")
    if facts.unit == "pct" and facts.denominator is not None and 0 < facts.denominator < FEW_CHILDREN:
        reasons.append(f"the percentage rests on fewer than {FEW_CHILDREN} children")
    if facts.current is not None and facts.previous not in (None, 0):
        change = abs(Fraction(facts.current) - Fraction(facts.previous)) / abs(Fraction(facts.previous))
        if change > LARGE_CHANGE[facts.kind]:
            reasons.append(f"the figure changed by more than {int(LARGE_CHANGE[facts.kind] * 100)}%: check the data before publishing")
    return reasons


def driver_sentence(facts: RowFacts) -> str | None:
    """The category behind most of the change in the figure's numerator, with its two counts.

    Only where that names what moved the figure: a rate or count (a percentage's numerator can
    rise while the percentage falls), a displayed movement, and the category's change in the
    same direction as the figure's. A category that moved by more than the whole change (its
    share above 1: the others together moved the other way) is said to have, not to hold "most
    of" it (130% of a change is not part of it). The drivers compare
    (analysis.drivers.compared_cells) a snapshot and a period with a year earlier, as the change
    sentence does, but a rolling row's last six months with the six before, which the sentence
    then says. A publication quotes no
    count and names no category that carries a digit (an age band)."""
    driver = facts.driver
    if (driver is None or facts.wording == "manual" or facts.unit not in ("rate", "count")
            or facts.current is None or facts.previous is None or driver.share <= Fraction(1, 2)):
        return None
    now, before = _shown(facts, facts.current), _shown(facts, facts.previous)
    if now == before or (now > before) != (driver.after > driver.before):
        return None
    rolling = facts.kind == "rolling" and not facts.snapshot
    named = f"{driver.category} ({driver.title.lower()})"
    change = "six-month change" if rolling else "change"
    if facts.publication and any(ch.isdigit() for ch in named):
        return None
    against = " against the six before" if rolling else ""
    counts = "" if facts.publication else f"{driver.before:,} to {driver.after:,}{against}"
    if driver.share > 1:  # it moved further than the figure did: the others moved back
        rose = driver.after > driver.before
        moved = f"{named} {'rose' if rose else 'fell'} by more than the whole {change}"
        counts = f", from {counts}" if counts else ""
        return f"{moved}{counts}; the others together {'fell' if rose else 'rose'}."
    counts = f": {counts}" if counts else ""
    return f"Most of the {change} is in {named}{counts}."


# In reading order.
SENTENCES = (
    ("change", change_sentence),
    ("peak", peak_sentence),
    ("recent", recent_sentence),
    ("spc", spc_sentence),
    ("driver", driver_sentence),
    ("target", target_sentence),
    ("comparison", comparison_sentence),
    ("caution", caution_sentence),
)


def write_analysis(facts: RowFacts) -> Analysis:
    """Every sentence type that the facts support, in reading order; a publication text has no
    review notes (they are for the analysts)."""
    analysis = Analysis(needs_review=[] if facts.publication else review_reasons(facts))
    for kind, sentence in SENTENCES:
        text = sentence(facts)
        if text:
            analysis.sentences.append((kind, text))
    return analysis


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
