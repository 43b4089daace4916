"""Projection to target: where the headline (rolling) series is heading, from the least-squares
slope over its last PROJECTION_MONTHS month ends.

- slope: ordinary least squares of value on month index (0, 1, ...) over the non-null points
  of the last 6 month ends (a missing month keeps its index); at least MIN_POINTS points.
- status against a target, for polarity `high` or `low`:
  `met` when the latest value is already on the good side of the target or on it (the RAG
  rule: >= for high, <= for low); else `flat` for a zero slope, `towards` when the slope moves
  towards the target, `away` when it moves away.
- reaches_target (only when `towards`): the first month end after the latest at which the
  fitted line reaches the target, if within HORIZON_MONTHS months; else None.
- Without a target, or for a neutral polarity, there is a slope but no status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from csc_scorecard.dates import months_back

PROJECTION_MONTHS = 6
HORIZON_MONTHS = 24
MIN_POINTS = 3


@dataclass(frozen=True)
class Projection:
    slope_per_month: float | None
    status: str | None  # towards, away, met, flat; None without a target or polarity
    reaches_target: date | None

    def to_json(self) -> dict:
        return {
            "slope_per_month": self.slope_per_month,
            "status": self.status,
            "reaches_target": self.reaches_target.isoformat() if self.reaches_target else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> Projection:
        when = data.get("reaches_target")
        return cls(data.get("slope_per_month"), data.get("status"), date.fromisoformat(when) if when else None)


def least_squares(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """(slope, intercept) of y on x, or None with fewer than two distinct x."""
    n = len(points)
    if n < 2:
        return None
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    return slope, mean_y - slope * mean_x


def _meets(value: float, target: float, polarity: str) -> bool:
    return value >= target if polarity == "high" else value <= target


def project(history: list[tuple[date, float | None]], target: float | None, polarity: str) -> Projection:
    """The projection of a headline series (month ends oldest first, the last one the as-at)."""
    recent = history[-PROJECTION_MONTHS:]
    points = [(i, float(v)) for i, (_, v) in enumerate(recent) if v is not None]
    fit = least_squares(points) if len(points) >= MIN_POINTS else None
    if fit is None:
        return Projection(None, None, None)
    slope, intercept = fit
    if target is None or polarity not in ("high", "low"):
        return Projection(slope, None, None)
    latest = points[-1][1]
    if _meets(latest, target, polarity):
        return Projection(slope, "met", None)
    if slope == 0:
        return Projection(slope, "flat", None)
    if (slope > 0) != (polarity == "high"):
        return Projection(slope, "away", None)
    last_index, last_end = len(recent) - 1, recent[-1][0]
    for k in range(1, HORIZON_MONTHS + 1):
        if _meets(intercept + slope * (last_index + k), target, polarity):
            return Projection(slope, "towards", months_back(last_end, -k))
    return Projection(slope, "towards", None)
