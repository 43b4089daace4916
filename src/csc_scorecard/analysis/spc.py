"""Statistical process control of a measure's monthly figures: NHS England's "Making Data Count"
XmR chart and its special-cause rules, as NHSRplotthedots implements them.

One small pure function per rule, each returning one flag per point. Run on the one-month
figures, never on rolling figures (a rolling figure shares 11 of its 12 months with its
neighbour, so its points are not independent).

- mean: of the non-null points; moving ranges |x(i) - x(i-1)| of two adjacent points;
  limits mean +/- 2.66 x mean moving range; near limits mean +/- (2/3 x 2.66) x mean moving
  range. No screening of large moving ranges, no clamping of limits at 0 or 100.
- Null points (a month with no figure) are never special cause. They are left out of the
  mean, and a null breaks everything that needs neighbours: no moving range is taken across
  it, and a trend, a shift or a two-in-three window cannot span it.
- "Beyond a limit" is strictly outside it (a point on a limit is inside). A point on the mean
  belongs to neither side: it breaks a shift and cannot sit in a two-in-three window.
- At least MIN_POINTS non-null points are needed (else no SPC, with the reason), and at least
  one moving range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MIN_POINTS = 12
LIMIT_FACTOR = 2.66
NEAR_FACTOR = 2 / 3 * 2.66
RUN_LENGTH = 7  # points in a trend or a shift

Values = list[float | None]


@dataclass(frozen=True)
class Limits:
    mean: float
    lower: float
    upper: float
    near_lower: float
    near_upper: float


def moving_ranges(values: Values) -> list[float]:
    """|x(i) - x(i-1)| for every pair of adjacent non-null points (a null breaks the pair)."""
    return [
        abs(b - a) for a, b in zip(values, values[1:]) if a is not None and b is not None
    ]


def limits(values: Values) -> Limits | None:
    """The XmR limits, or None with fewer than two adjacent non-null points."""
    points = [v for v in values if v is not None]
    ranges = moving_ranges(values)
    if not points or not ranges:
        return None
    mean = sum(points) / len(points)
    mr = sum(ranges) / len(ranges)
    return Limits(
        mean=mean, lower=mean - LIMIT_FACTOR * mr, upper=mean + LIMIT_FACTOR * mr,
        near_lower=mean - NEAR_FACTOR * mr, near_upper=mean + NEAR_FACTOR * mr,
    )


def beyond_limit(values: Values, lim: Limits) -> list[bool]:
    """A point strictly above the upper or strictly below the lower limit."""
    return [v is not None and (v > lim.upper or v < lim.lower) for v in values]


def _side(value: float | None, mean: float) -> int:
    if value is None or value == mean:
        return 0
    return 1 if value > mean else -1


def _mark_runs(steps: list[int], length: int) -> list[bool]:
    """Flags of the positions inside runs of at least `length` equal non-zero steps."""
    flags = [False] * len(steps)
    start = 0
    for i in range(1, len(steps) + 1):
        if i == len(steps) or steps[i] != steps[start] or steps[i] == 0:
            if steps[start] != 0 and i - start >= length:
                for j in range(start, i):
                    flags[j] = True
            start = i
    return flags


def trend(values: Values, length: int = RUN_LENGTH) -> list[bool]:
    """Every point of a run of `length` consecutive points each strictly above (or each
    strictly below) the one before; an equal step or a null breaks the run."""
    n = len(values)
    flags = [False] * n
    # step i: the direction from point i to point i + 1; a run of k points has k - 1 steps
    steps = [
        0 if a is None or b is None or a == b else (1 if b > a else -1)
        for a, b in zip(values, values[1:])
    ]
    in_run = _mark_runs(steps, length - 1)
    for i, marked in enumerate(in_run):
        if marked:
            flags[i] = flags[i + 1] = True
    return flags


def shift(values: Values, mean: float, length: int = RUN_LENGTH) -> list[bool]:
    """Every point of a run of `length` consecutive points on one side of the mean; a point on
    the mean or a null breaks the run."""
    return _mark_runs([_side(v, mean) for v in values], length)


def _warning_side(value: float | None, lim: Limits) -> int:
    """+1 / -1 for a point in the upper / lower warning zone (beyond a near limit, inside the limits)."""
    if value is None:
        return 0
    if lim.near_upper < value <= lim.upper:
        return 1
    if lim.lower <= value < lim.near_lower:
        return -1
    return 0


def two_of_three(values: Values, lim: Limits) -> list[bool]:
    """A point in the warning zone that lies in a window of 3 consecutive points, all on one
    side of the mean (none null, none on the mean), with at least 2 of them in the warning
    zone on that side."""
    n = len(values)
    flags = [False] * n
    for i in range(n - 2):
        window = values[i:i + 3]
        sides = {_side(v, lim.mean) for v in window}
        if len(sides) != 1 or 0 in sides:
            continue
        side = sides.pop()
        zone = [_warning_side(v, lim) == side for v in window]
        if sum(zone) >= 2:
            for j, in_zone in enumerate(zone):
                if in_zone:
                    flags[i + j] = True
    return flags


RULES = ("beyond_limit", "trend", "shift", "two_of_three")


def point_rules(values: Values, lim: Limits) -> list[list[str]]:
    """For each point the rules that make it special cause (empty: common cause)."""
    flags = {
        "beyond_limit": beyond_limit(values, lim),
        "trend": trend(values),
        "shift": shift(values, lim.mean),
        "two_of_three": two_of_three(values, lim),
    }
    return [[rule for rule in RULES if flags[rule][i]] for i in range(len(values))]


def variation(values: Values, rules: list[list[str]], mean: float, polarity: str) -> str | None:
    """The variation of the latest non-null point: `improvement` or `concern` (by polarity and
    the point's side of the mean; a special-cause point on the mean takes its trend's
    direction), `neither` for neutral polarity, else `common_cause`. None with no point."""
    latest = max((i for i, v in enumerate(values) if v is not None), default=None)
    if latest is None:
        return None
    if not rules[latest]:
        return "common_cause"
    if polarity not in ("high", "low"):
        return "neither"
    side = _side(values[latest], mean)
    if side == 0:  # only a trend flags a point on the mean
        before = values[latest - 1] if latest > 0 else None
        side = 1 if before is not None and values[latest] > before else -1
    good = 1 if polarity == "high" else -1
    return "improvement" if side == good else "concern"


def assurance(lim: Limits, target: float | None, polarity: str) -> str | None:
    """`pass` if both limits are strictly on the good side of the target, `fail` if both are
    strictly on the bad side, else `hit_and_miss`; None without a target or a polarity."""
    if target is None or polarity not in ("high", "low"):
        return None
    good = 1 if polarity == "high" else -1
    lower_side = (lim.lower > target) - (lim.lower < target)
    upper_side = (lim.upper > target) - (lim.upper < target)
    if lower_side == upper_side == good:
        return "pass"
    if lower_side == upper_side == -good:
        return "fail"
    return "hit_and_miss"


@dataclass(frozen=True)
class Chart:
    limits: Limits | None
    points: tuple[tuple[date, float | None, tuple[str, ...]], ...]  # period end, value, rules
    variation: str | None
    assurance: str | None
    reason: str | None = None  # why there is no chart

    def to_json(self) -> dict | None:
        """The `spc` entry of a scorecard row: null when there is no chart (see `no_spc_reason`)."""
        if self.limits is None:
            return None
        return {
            "mean": self.limits.mean, "lower": self.limits.lower, "upper": self.limits.upper,
            "near_lower": self.limits.near_lower, "near_upper": self.limits.near_upper,
            "points": [
                {"period_end": end.isoformat(), "value": value, "special_cause": bool(rules), "rules": list(rules)}
                for end, value, rules in self.points
            ],
            "variation": self.variation,
            "assurance": self.assurance,
        }


def xmr(points: list[tuple[date, float | None]], polarity: str, target: float | None) -> Chart:
    """The XmR chart of monthly points (oldest first), or a Chart without limits and its reason."""
    values = [v for _, v in points]
    count = sum(v is not None for v in values)
    if count < MIN_POINTS:
        return Chart(None, (), None, None, reason=f"{count} monthly figures, at least {MIN_POINTS} needed")
    lim = limits(values)
    if lim is None:
        return Chart(None, (), None, None, reason="no two consecutive monthly figures")
    rules = point_rules(values, lim)
    return Chart(
        limits=lim,
        points=tuple((end, v, tuple(r)) for (end, v), r in zip(points, rules)),
        variation=variation(values, rules, lim.mean, polarity),
        assurance=assurance(lim, target, polarity),
    )
