"""The analysis paragraph of a scorecard row, written from its numbers, the way an analyst writes it.

A phrasebook keyed on how the figures compare (STYLE.md: Oflog's automated text): each sentence
type is one small function of the row's facts, and polarity decides the words ("improved" or
"worsened"; a neutral indicator only "rose" or "fell"). Comparisons are made at display
precision, so the text never contradicts the figures printed beside it. Cases where a sentence
would mislead (a very large jump, a figure built on very few children, no figure at all) are
routed to an analyst (`needs_review`) instead of being given a glib sentence.
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

# Above these, a change is more likely a data problem than a trend: an analyst looks first.
LARGE_CHANGE = {"rolling": Fraction(1, 4), "period": Fraction(1, 2), "manual": Fraction(1, 2)}
# Below this many children in the denominator, percentages swing on one child.
FEW_CHILDREN = 10


@dataclass(frozen=True)
class Comparators:
    """Published figures at published precision (None when not published or suppressed)."""

    sn: Number | None = None
    region: Number | None = None
    region_name: str = "the region"
    england: Number | None = None
    la_published: Number | None = None
    band: str | None = None  # "Higher", "Lower", "In range"


@dataclass(frozen=True)
class RowFacts:
    subject: str  # the measure's declared phrase, e.g. "rate of referrals per 10,000 children"
    unit: Unit
    polarity: Polarity
    decimals: int
    kind: RowKind
    current: Number | None  # headline: rolling 12 months, or the 6-month period to the as-at date
    previous: Number | None = None  # last month's rolling 12 months, or the same period a year ago
    recent6: Number | None = None  # rolling rows: the 6 months to the as-at date
    denominator: int | None = None  # children behind a percentage
    history: tuple[tuple[date, Number | None], ...] = ()  # headline at each of the last 24 month ends
    target: Number | None = None
    comparators: Comparators | None = None
    suppressed: bool = False  # publication output with small numbers: quote no figures
    previous_when: str | None = None  # manual rows: when each value was supplied ("April 2023")
    current_when: str | None = None


@dataclass
class Analysis:
    sentences: list[tuple[str, str]] = field(default_factory=list)  # (sentence type, text)
    needs_review: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.sentences)


def _shown(facts: RowFacts, value: Number) -> Decimal:
    return round_half_up(value, facts.decimals)


def _quote(facts: RowFacts, value: Number) -> str:
    text = format_half_up(value, facts.decimals)
    return f"{text}%" if facts.unit == "pct" else text


def _exact(value: Number | float) -> Decimal:
    """A config or published number as the exact decimal it was written as (650.0 -> 650)."""
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value) if not isinstance(value, Fraction) else Decimal(value.numerator) / Decimal(value.denominator)


def _plain(value: Number | float) -> str:
    text = f"{_exact(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _published(facts: RowFacts, value: Number | float) -> str:
    return f"{_plain(value)}%" if facts.unit == "pct" else _plain(value)


def _better(polarity: Polarity, new: Decimal, old: Decimal) -> bool | None:
    """True if new is better than old, False if worse, None when polarity is neutral or equal."""
    if polarity == "neutral" or new == old:
        return None
    return (new > old) if polarity == "high" else (new < old)


def change_sentence(facts: RowFacts) -> str | None:
    if facts.current is None or facts.previous is None:
        return None
    since = {
        "rolling": "since last month",
        "period": "compared with the same six months a year ago",
        "manual": f"between {facts.previous_when} and {facts.current_when}",
    }[facts.kind]
    subject = f"The rolling 12-month {facts.subject}" if facts.kind == "rolling" else f"The {facts.subject}"
    now, before = _shown(facts, facts.current), _shown(facts, facts.previous)
    figures = "" if facts.suppressed else f" from {_quote(facts, facts.previous)} to {_quote(facts, facts.current)}"
    if now == before:
        at = "" if facts.suppressed else f" at {_quote(facts, facts.current)}"
        return f"{subject} is unchanged{at} {since}."
    better = _better(facts.polarity, now, before)
    if better is None:
        verb = "has risen" if now > before else "has fallen"
    else:
        verb = "has improved" if better else "has worsened"
    return f"{subject} {verb}{figures} {since}."


def peak_sentence(facts: RowFacts) -> str | None:
    """Where the headline stands in the last 24 months: at its highest, its lowest, or below a dated peak."""
    known = [(d, v) for d, v in facts.history if v is not None]
    if facts.current is None or len(known) < 3:
        return None
    shown = [(d, _shown(facts, v), v) for d, v in known]
    now = _shown(facts, facts.current)
    top = max(s for _, s, _ in shown)
    bottom = min(s for _, s, _ in shown)
    if top == bottom:
        return "It has been steady over the last 24 months."

    def first_at(level: Decimal) -> str:
        when, _, value = next(item for item in shown if item[1] == level)  # earliest month at that level
        return f"{when:%B %Y}" if facts.suppressed else f"{_quote(facts, value)}, in {when:%B %Y}"

    if now == top:
        return f"This is the highest point of the last 24 months; the lowest was {first_at(bottom)}."
    if now == bottom:
        return f"This is the lowest point of the last 24 months; the highest was {first_at(top)}."
    return f"It was at its highest in the last 24 months in {first_at(top)}." if facts.suppressed else (
        f"It was at its highest in the last 24 months, {first_at(top)}."
    )


def recent_sentence(facts: RowFacts) -> str | None:
    """The 6-month figure against the 12-month one: a sign of recent progress (rolling rows only)."""
    if facts.kind != "rolling" or facts.current is None or facts.recent6 is None:
        return None
    six, twelve = _shown(facts, facts.recent6), _shown(facts, facts.current)
    quoted = "" if facts.suppressed else f" of {_quote(facts, facts.recent6)}"
    if six == twelve:
        return f"The 6-month figure{quoted} is in line with the 12-month figure."
    position = "below" if six < twelve else "above"
    better = _better(facts.polarity, six, twelve)
    if better is None:
        recent = "lower" if six < twelve else "higher"
        return f"The 6-month figure{quoted} is {position} the 12-month figure: the last six months have been {recent}."
    sign = "a sign of recent improvement" if better else "a sign that recent months have been worse"
    return f"The 6-month figure{quoted} is {position} the 12-month figure, {sign}."


def target_sentence(facts: RowFacts) -> str | None:
    """Position against target, judged at display precision, and whether the trend heads there."""
    if facts.target is None or facts.current is None:
        return None
    now, target = _shown(facts, facts.current), _exact(facts.target)
    quoted = f"the target of {_published(facts, facts.target)}"
    if (facts.polarity == "high" and now >= target) or (facts.polarity == "low" and now <= target):
        return f"It meets {quoted}."
    if now == target:
        return f"It is at {quoted}."
    position = "above" if now > target else "below"
    trend = ""
    if facts.previous is not None:
        gap_now, gap_before = abs(now - target), abs(_shown(facts, facts.previous) - target)
        trend = " and moving towards it" if gap_now < gap_before else " and moving away from it" if gap_now > gap_before else ""
    return f"It is {position} {quoted}{trend}."


def comparison_sentence(facts: RowFacts) -> str | None:
    """The headline against the published SN, region and England figures (each at its own precision)."""
    c = facts.comparators
    if c is None or facts.current is None:
        return None
    groups: dict[str, list[str]] = {"above": [], "below": [], "in line with": []}
    for name, value in (("statistical neighbours", c.sn), (c.region_name, c.region), ("England", c.england)):
        if value is None:
            continue
        published = _exact(value)
        places = max(0, -published.as_tuple().exponent)
        ours = round_half_up(facts.current, places)
        named = name if facts.suppressed else f"{name} ({_published(facts, published)})"
        groups["above" if ours > published else "below" if ours < published else "in line with"].append(named)
    parts = [f"{word} {_join(names)}" for word, names in groups.items() if names]
    if not parts:
        return None
    return f"It is {_join(parts)}."


def band_sentence(facts: RowFacts) -> str | None:
    c = facts.comparators
    if c is None or c.band is None:
        return None
    figure = "" if facts.suppressed or c.la_published is None else f" ({_published(facts, c.la_published)})"
    where = {
        "Higher": "higher than the middle 50% of local authorities",
        "Lower": "lower than the middle 50% of local authorities",
        "In range": "within the middle 50% of local authorities",
    }[c.band]
    return f"The latest published figure{figure} is {where}."


def review_reasons(facts: RowFacts) -> list[str]:
    """Why a person should write this row's text rather than trust the generated one."""
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


SENTENCES = (
    ("change", change_sentence),
    ("peak", peak_sentence),
    ("recent", recent_sentence),
    ("target", target_sentence),
    ("comparison", comparison_sentence),
    ("band", band_sentence),
)


def write_analysis(facts: RowFacts) -> Analysis:
    """Every sentence type that the facts support, in reading order; flagged cases keep only safe ones."""
    analysis = Analysis(needs_review=review_reasons(facts))
    for kind, sentence in SENTENCES:
        if analysis.needs_review and kind in ("change", "recent"):
            continue  # a suspect change gets no glib "has improved"
        text = sentence(facts)
        if text:
            analysis.sentences.append((kind, text))
    return analysis


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
