"""The indicator page's charts. The trend chart: the row's headline series over 24 month ends, with its
target and the published England, statistical-neighbour and region figures as labelled
horizontal lines, drawn server-side (Altair -> Vega-Lite -> `vl_convert.vegalite_to_svg`) to
an inline SVG. The page needs no JavaScript and the browser fetches nothing for it.

Only drawing happens here: the points are the series the measures computed, the lines the
target and benchmark values the scorecard row carries (for a signed month, as signed). Every
line is told apart by a dash pattern and a legend label as well as by colour, and the page
gives the same numbers in a table under the chart. Beside it, the XmR chart of the row's
one-month figures (`row.spc`, NHS England's Making Data Count): each point coloured and shaped
by what it shows, with the mean, process limits, near limits and target.
"""

from __future__ import annotations

from collections.abc import Callable
import re
from dataclasses import dataclass
from datetime import date
from html import escape

import altair as alt
import vl_convert
from markupsafe import Markup

from csc_scorecard.analysis.spc import variation
from csc_scorecard.scorecard.model import Row

# The plot areas: with its axes each chart is about 580 px wide, so two sit side by side from
# a 1280 px screen up, at their natural size or larger. The page scales each to fill its column,
# never below its natural width, so no label is drawn smaller than LABEL_PX (`_labelled_svg`).
WIDTH = 520
XMR_WIDTH = 520  # the XmR chart sits beside the trend
HEIGHT = 280
LABEL_PX = 12  # axis and legend labels
TITLE_PX = 13  # axis titles
SERIES_COLOUR = "#1d4f91"
INK = "#0b0c0c"  # text
GREY = "#505a5f"  # axis lines
# colour and dash pattern of each reference line (all at least 4.5:1 against white)
LINE_STYLES = {
    "target": ("#0b0c0c", [6, 3]),
    "england": ("#a4141c", [2, 2]),
    "sn": ("#00703c", [8, 3, 2, 3]),
    "region": ("#6f3c91", [12, 4]),
}
UNIT_TITLES = {"rate": "Rate per 10,000 children", "pct": "Per cent", "count": "Number", "mean": "Average", "median": "Median"}


@dataclass(frozen=True)
class ReferenceLine:
    """One horizontal line of the chart: what it is, where it sits and the text shown for it."""

    kind: str  # target, england, sn, region
    name: str  # "Target", "England 2022-23", ...
    value: float  # the exact figure the line is drawn at
    shown: str  # the figure as the scorecard shows it


def reporting_year(year: int) -> str:
    """The published reporting year ending 31 March `year`: 2023 -> 2022-23."""
    return f"{year - 1}-{str(year)[2:]}"


def reference_lines(row: Row, region_name: str | None) -> list[ReferenceLine]:
    """The row's target and its published England, SN and region values (those that exist)."""
    lines: list[ReferenceLine] = []
    if row.target is not None:
        lines.append(ReferenceLine("target", "Target", float(row.target), row.target_display))
    benchmark = row.published.benchmark  # set only when the release gives a published counterpart
    if not benchmark:
        return lines
    year = reporting_year(int(benchmark["year"]))
    names = {"england": "England", "sn": "Statistical neighbours", "region": region_name or "Region"}
    shown = {"england": row.published.england, "sn": row.published.sn, "region": row.published.region}
    for kind in ("england", "sn", "region"):
        value = benchmark.get(kind)
        if value is not None:
            lines.append(ReferenceLine(kind, f"{names[kind]} {year}", float(value), shown[kind]))
    return lines


def series_name(la_name: str, window: str) -> str:
    return f"{la_name}, {window}"


def chart_spec(points: list[tuple[date, float | None]], lines: list[ReferenceLine], unit: str, decimals: int,
               series: str) -> dict:
    """The Vega-Lite specification of the chart (a plain dict; deterministic for the same input)."""
    names = [series] + [f"{line.name}: {line.shown}" for line in lines]
    colours = [SERIES_COLOUR] + [LINE_STYLES[line.kind][0] for line in lines]
    dashes = [[1, 0]] + [LINE_STYLES[line.kind][1] for line in lines]
    legend = alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=600, labelFontSize=LABEL_PX, symbolType="stroke", symbolStrokeWidth=2, symbolSize=400)
    colour = alt.Color("line:N", scale=alt.Scale(domain=names, range=colours), legend=legend)
    dash = alt.StrokeDash("line:N", scale=alt.Scale(domain=names, range=dashes), legend=legend)
    value_format = f",.{decimals}f"
    x = alt.X("period_end:T", title="Month end", scale=alt.Scale(type="utc"),
              axis=alt.Axis(format="%b %y", labelAngle=-45, tickCount=12, labelFontSize=LABEL_PX, titleFontSize=TITLE_PX))
    y_axis = alt.Axis(format=",~f", labelFontSize=LABEL_PX, titleFontSize=TITLE_PX)
    series_data = alt.Data(values=[
        {"period_end": end.isoformat(), "value": value, "line": series} for end, value in points
    ])
    trend = alt.Chart(series_data).mark_line(point=alt.OverlayMarkDef(filled=True, size=30), strokeWidth=2).encode(
        x=x,
        y=alt.Y("value:Q", title=UNIT_TITLES.get(unit, "Value"), axis=y_axis, scale=alt.Scale(zero=False)),
        color=colour,
        strokeDash=dash,
        tooltip=[alt.Tooltip("period_end:T", format="%b %Y"), alt.Tooltip("value:Q", format=value_format)],
    )
    layers = [trend]
    if lines:
        rule_data = alt.Data(values=[{"value": line.value, "line": f"{line.name}: {line.shown}"} for line in lines])
        layers.append(alt.Chart(rule_data).mark_rule(strokeWidth=2).encode(y="value:Q", color=colour, strokeDash=dash))
    chart = (
        alt.layer(*layers)
        .properties(width=WIDTH, height=HEIGHT, background="white")
        .configure_axis(labelColor=INK, titleColor=INK, domainColor=GREY, tickColor=GREY)
        .configure_legend(labelColor=INK)
    )
    spec = chart.to_dict()
    # a month with no value is a gap in the line, never a line drawn through a guess
    spec["layer"][0]["mark"]["invalid"] = "break-paths-filter-domains"
    return spec


def description(label: str, points: list[tuple[date, float | None]], lines: list[ReferenceLine], series: str) -> str:
    """What a screen reader hears for the chart (the table under it has every number)."""
    with_values = [(end, value) for end, value in points if value is not None]
    if not points:
        return f"{label}: no trend available."
    text = f"Line chart of {label}, {series}, at {len(points)} month ends from {points[0][0]:%B %Y} to {points[-1][0]:%B %Y}"
    if not with_values:
        text += ": no value could be computed at any of them"
    elif len(with_values) < len(points):
        text += f" (a value at {len(with_values)} of them)"
    text += "."
    if lines:
        text += " Reference lines: " + "; ".join(f"{line.name} {line.shown}" for line in lines) + "."
    return text


def trend_chart_svg(label: str, points: list[tuple[date, float | None]], lines: list[ReferenceLine], unit: str,
                    decimals: int, series: str) -> Markup:
    """The chart as inline SVG markup, labelled for screen readers (role img + aria-label)."""
    return _labelled_svg(chart_spec(points, lines, unit, decimals, series), description(label, points, lines, series))


def _labelled_svg(spec: dict, label: str) -> Markup:
    """A Vega-Lite specification drawn as inline SVG with role img and `label` as its aria-label."""
    svg = vl_convert.vegalite_to_svg(spec)
    if not svg.startswith("<svg "):
        raise ValueError("vl-convert did not return an SVG document")
    natural = _SVG_WIDTH.search(svg[: svg.index(">")])
    if natural is None:
        raise ValueError("vl-convert returned an SVG document without a width")
    label_text = escape(label, quote=True)
    # scaled to fill its column by the page's CSS (viewBox kept), never narrower than drawn
    sizing = f'style="width: 100%; height: auto; min-width: {natural.group(1)}px" '
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label_text}" focusable="false" {sizing}', 1)
    return Markup(svg)


_SVG_WIDTH = re.compile(r'\bwidth="([0-9.]+)"')



# --- the XmR chart (issue #15): the row's SPC, from `row.spc` as the scorecard carries it ---

# Making Data Count's colours for a point, by what it shows, and each point's shape too (so
# colour is never the only difference); common cause is drawn with a dark outline.
POINT_STYLES = {
    "common_cause": ("#a6a6a6", "circle", "Common cause"),
    "improvement": ("#00b0f0", "triangle-up", "Special cause: improvement"),
    "concern": ("#e46c0a", "diamond", "Special cause: concern"),
    "neither": ("#490092", "square", "Special cause: neither"),
}
XMR_LINES = {  # kind: (colour, dash)
    "mean": ("#0b0c0c", [1, 0]),
    "limit": ("#a4141c", [6, 3]),
    "near": ("#505a5f", [2, 3]),
    "target": ("#00703c", [8, 3, 2, 3]),
}


def point_kinds(spc: dict, polarity: str) -> list[str | None]:
    """What each point shows (a POINT_STYLES key; None for a month with no figure): the rule of
    `analysis.spc.variation`, read as if each point were the latest."""
    values = [p["value"] for p in spc["points"]]
    rules = [p["rules"] for p in spc["points"]]
    return [
        None if value is None else variation(values[: i + 1], rules[: i + 1], spc["mean"], polarity)
        for i, value in enumerate(values)
    ]


def xmr_lines(spc: dict, target: float | None, shown: Callable[[float], str]) -> list[tuple[str, str, float]]:
    """(kind, legend name, value) of the chart's horizontal lines: mean, process limits, near
    limits, target."""
    lines = [("mean", f"Mean: {shown(spc['mean'])}", spc["mean"]),
             ("limit", f"Upper process limit: {shown(spc['upper'])}", spc["upper"]),
             ("limit", f"Lower process limit: {shown(spc['lower'])}", spc["lower"]),
             ("near", f"Upper near limit: {shown(spc['near_upper'])}", spc["near_upper"]),
             ("near", f"Lower near limit: {shown(spc['near_lower'])}", spc["near_lower"])]
    if target is not None:
        lines.append(("target", f"Target: {shown(target)}", float(target)))
    return lines


def xmr_chart_spec(spc: dict, polarity: str, target: float | None, unit: str, decimals: int) -> dict:
    """The Vega-Lite specification of the XmR chart of a row's monthly figures."""
    shown = lambda value: f"{value:,.{decimals}f}"  # noqa: E731
    lines = xmr_lines(spc, target, shown)
    kinds = point_kinds(spc, polarity)
    point_names = [name for _, _, name in POINT_STYLES.values()]
    points = alt.Data(values=[
        {"period_end": p["period_end"], "value": p["value"], "shows": POINT_STYLES[kind][2]}
        for p, kind in zip(spc["points"], kinds) if kind is not None
    ])
    x = alt.X("period_end:T", title="Month end (one month's figure)", scale=alt.Scale(type="utc"),
              axis=alt.Axis(format="%b %y", labelAngle=-45, tickCount=12, labelFontSize=LABEL_PX, titleFontSize=TITLE_PX))
    y = alt.Y("value:Q", title=UNIT_TITLES.get(unit, "Value"), scale=alt.Scale(zero=False),
              axis=alt.Axis(format=",~f", labelFontSize=LABEL_PX, titleFontSize=TITLE_PX))
    legend = alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=600, labelFontSize=LABEL_PX,
                        symbolType="stroke", symbolStrokeWidth=2, symbolSize=400)
    line_names = [name for _, name, _ in lines]
    rules = alt.Chart(alt.Data(values=[{"value": v, "line": name} for _, name, v in lines])).mark_rule(strokeWidth=1.5).encode(
        y="value:Q",
        color=alt.Color("line:N", scale=alt.Scale(domain=line_names, range=[XMR_LINES[k][0] for k, _, _ in lines]), legend=legend),
        strokeDash=alt.StrokeDash("line:N", scale=alt.Scale(domain=line_names, range=[XMR_LINES[k][1] for k, _, _ in lines]), legend=legend),
    )
    path = alt.Chart(points).mark_line(color=GREY, strokeWidth=1).encode(x=x, y=y)
    marks = alt.Chart(points).mark_point(filled=True, size=60, stroke=INK, strokeWidth=0.5, opacity=1).encode(
        x=x, y=y,
        fill=alt.Fill("shows:N", scale=alt.Scale(domain=point_names, range=[c for c, _, _ in POINT_STYLES.values()]),
                      legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelFontSize=LABEL_PX)),
        shape=alt.Shape("shows:N", scale=alt.Scale(domain=point_names, range=[s for _, s, _ in POINT_STYLES.values()]),
                        legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelFontSize=LABEL_PX)),
        tooltip=[alt.Tooltip("period_end:T", format="%b %Y"), alt.Tooltip("value:Q", format=f",.{decimals}f"), "shows:N"],
    )
    chart = (
        alt.layer(rules, path, marks)
        .properties(width=XMR_WIDTH, height=HEIGHT, background="white")
        .configure_axis(labelColor=INK, titleColor=INK, domainColor=GREY, tickColor=GREY)
        .configure_legend(labelColor=INK)
    )
    return chart.to_dict()


def xmr_description(label: str, spc: dict, polarity: str, target: float | None, decimals: int) -> str:
    """What a screen reader hears for the XmR chart (the table beside it has every point)."""
    shown = lambda value: f"{value:,.{decimals}f}"  # noqa: E731
    kinds = point_kinds(spc, polarity)
    special = sum(kind not in (None, "common_cause") for kind in kinds)
    lines = "; ".join(name for _, name, _ in xmr_lines(spc, target, shown))
    return (f"XmR chart of {label}, one month's figure at each of {len(kinds)} month ends, "
            f"{special} of them special cause. {lines}.")


def xmr_chart_svg(label: str, spc: dict, polarity: str, target: float | None, unit: str, decimals: int) -> Markup:
    """The XmR chart as inline SVG markup, labelled for screen readers."""
    return _labelled_svg(xmr_chart_spec(spc, polarity, target, unit, decimals),
                         xmr_description(label, spc, polarity, target, decimals))
