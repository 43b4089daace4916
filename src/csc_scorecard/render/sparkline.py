"""A row's 13-month trend as a tiny inline SVG line, drawn from the numbers already in the model.

Only geometry happens here (values scaled into a small box); no figure is rounded or shown, so
the picture cannot disagree with the table. A month with no value leaves a gap in the line
rather than a line drawn through a guess. The SVG carries a <title> for screen readers and is
inline, so the HTML and the PDF made from it stay self-contained.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from markupsafe import Markup

WIDTH = 96
HEIGHT = 22
PADDING = 3  # room for the end marker's radius
# Drawing attributes are inline (not CSS classes) so the PDF's SVG renderer draws them too.
LINE_COLOUR = "#1d4f91"
END_COLOUR = "#0b0c0c"


def _month(day: date) -> str:
    return day.strftime("%b %Y")


def sparkline_title(label: str, points: Sequence[tuple[date, float | None]]) -> str:
    """What a screen reader says: the indicator, how many month ends, from when to when, gaps."""
    if not points:
        return f"{label}: no trend available"
    missing = sum(1 for _, value in points if value is None)
    month_ends = f"{len(points)} month end" + ("s" if len(points) != 1 else "")
    text = f"{label}: trend at {month_ends}, {_month(points[0][0])} to {_month(points[-1][0])}"
    if missing == len(points):
        return f"{label}: no value at any of the last {month_ends}"
    if missing:
        text += f" (no value at {missing} of them)"
    return text


def _coordinates(points: Sequence[tuple[date, float | None]]) -> list[tuple[float, float] | None]:
    values = [value for _, value in points if value is not None]
    if not values:
        return [None] * len(points)
    low, high = min(values), max(values)
    inner_width = WIDTH - 2 * PADDING
    inner_height = HEIGHT - 2 * PADDING
    step = inner_width / (len(points) - 1) if len(points) > 1 else 0.0
    result: list[tuple[float, float] | None] = []
    for index, (_, value) in enumerate(points):
        if value is None:
            result.append(None)
            continue
        x = PADDING + index * step if len(points) > 1 else WIDTH / 2
        # A flat series sits in the middle; otherwise the highest value touches the top.
        share = 0.5 if high == low else (value - low) / (high - low)
        y = PADDING + (1 - share) * inner_height
        result.append((x, y))
    return result


def _runs(coordinates: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Consecutive points with values: each run is drawn as its own line, gaps stay gaps."""
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for point in coordinates:
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return runs


def sparkline_svg(points: Sequence[tuple[date, float | None]], label: str) -> Markup:
    """An inline <svg> of the trend, its last value marked with a dot; safe to insert unescaped."""
    coordinates = _coordinates(points)
    shapes = []
    for run in _runs(coordinates):
        if len(run) == 1:
            x, y = run[0]
            shapes.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.5" fill="{LINE_COLOUR}"/>')
        else:
            drawn = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            shapes.append(f'<polyline points="{drawn}" fill="none" stroke="{LINE_COLOUR}" stroke-width="1.3"/>')
    last = next((point for point in reversed(coordinates) if point is not None), None)
    if last is not None:
        shapes.append(f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2" fill="{END_COLOUR}"/>')
    title = escape(sparkline_title(label, points))
    svg = (
        f'<svg class="sparkline" role="img" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{title}</title>{''.join(shapes)}</svg>"
    )
    return Markup(svg)
