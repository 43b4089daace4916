"""A hand-built scorecard like the reference (Sefton, December 2023) for the renderer tests.

The figures are the reference scorecard's (spec/000_178bbe641db9b051.txt). Counts and
populations were chosen so that each value is exactly numerator / denominator (x 10,000, and
x 2 for a 6-month annualised rate) and rounds half up to the reference's printed figure:
current population 53,832, a year earlier 53,705. Two targets the reference leaves blank are
added so that every RAG colour appears: ICPCs within 15 working days (target 85, 89% is Green)
and annual health assessments (target 95, 94% is within 5% of it: Amber).

`sample_scorecard(publication=True)` applies small-number suppression the way the builder does:
cells built on 1-5 children show "c" and their row's direction is none (rows 13 and 19).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from fractions import Fraction

from csc_scorecard.scorecard.model import (
    AnalysisText,
    Cell,
    Column,
    Published,
    Row,
    Scorecard,
    Section,
    SignOff,
)

AS_AT = date(2023, 12, 31)
POPULATION = 53_832
POPULATION_YEAR_AGO = 53_705
MONTH_ENDS = (
    date(2022, 12, 31), date(2023, 1, 31), date(2023, 2, 28), date(2023, 3, 31), date(2023, 4, 30),
    date(2023, 5, 31), date(2023, 6, 30), date(2023, 7, 31), date(2023, 8, 31), date(2023, 9, 30),
    date(2023, 10, 31), date(2023, 11, 30), date(2023, 12, 31),
)
WINDOWS = {
    "rolling_12m": (date(2023, 1, 1), date(2023, 12, 31)),
    "rolling_6m": (date(2023, 7, 1), date(2023, 12, 31)),
    "period_year_ago": (date(2022, 7, 1), date(2022, 12, 31)),
    "period_to_date": (date(2023, 7, 1), date(2023, 12, 31)),
    "regional_la": (date(2023, 7, 1), date(2023, 9, 30)),
    "regional_region": (date(2023, 7, 1), date(2023, 9, 30)),
}
NO_REGIONAL = "no regional figure for this indicator"
NO_PUBLISHED = "no published counterpart for this indicator"
SUPPRESS_BELOW = 6

SECTION_1_COLUMNS = (
    Column("rolling_12m", "LA rolling 12m (Jan23 - Dec23)"),
    Column("rolling_6m", "LA rolling 6m (Jul23 - Dec23)"),
)
PERIOD_COLUMNS = (
    Column("period_year_ago", "LA Dec22 ChAT"),
    Column("period_to_date", "LA Dec23 ChAT"),
)
COMMON_COLUMNS = (
    Column("direction", "Direction of travel"),
    Column("target", "Target"),
    Column("polarity", "Low/High is good"),
    Column("regional_la", "RIG Q2 Sefton"),
    Column("regional_region", "RIG Q2 NW"),
    Column("published", "Latest published statistics (2022-23)", ("LA", "SN", "NW", "Eng")),
    Column("band", "Compared to mid-50% LA"),
    Column("analysis", "Analysis"),
)


def rate(count: int, population: int, annualise: int = 1) -> float:
    """A rate per 10,000 children (x 2 for a 6-month window shown as an annual rate)."""
    return float(Fraction(count * 10_000 * annualise, population))


def pct(numerator: int, denominator: int) -> float:
    return float(Fraction(100 * numerator, denominator))


def la_cell(column: str, value: float | None, display: str, numerator=None, denominator=None, reason=None) -> Cell:
    start, end = WINDOWS[column]
    return Cell(column, value, display, numerator, denominator, start, end, reason)


def regional(la: tuple[float, str] | None, region: tuple[float, str] | None) -> tuple[Cell, Cell]:
    """The two regional quarterly cells (RIG Q2), or "-" with the reason when there are none."""
    cells = []
    for column, figure in (("regional_la", la), ("regional_region", region)):
        if figure is None:
            cells.append(la_cell(column, None, "-", reason=NO_REGIONAL))
        else:
            cells.append(la_cell(column, figure[0], figure[1]))
    return tuple(cells)


def published(la, sn, region, england, values, band, la_symbol=None, measure="", year=2023, reason=None) -> Published:
    """The displayed published columns and the benchmark object behind them (spec/scorecard.md)."""
    la_value, sn_value, region_value, england_value, q1, q3 = values
    benchmark = {
        "measure": measure, "year": year, "release": "2023", "la": la_value, "la_symbol": la_symbol,
        "sn": sn_value, "sn_count": 10 if sn_value is not None else 0, "region": region_value,
        "england": england_value, "q1": q1, "q3": q3, "band": band,
        "source": "sample benchmark (hand-made for the renderer tests)",
    }
    return Published(la, sn, region, england, benchmark, reason)


def trend(start: float, end: float, gaps: tuple[int, ...] = ()) -> tuple[tuple[date, float | None], ...]:
    """13 month-end points from `start` to `end` with a gentle wobble; `gaps` are months without a value."""
    wobble = (0.0, 0.02, -0.01, 0.015, 0.03, -0.02, 0.01, 0.0, -0.015, 0.02, 0.01, -0.005, 0.0)
    points = []
    for index, month_end in enumerate(MONTH_ENDS):
        value = start + (end - start) * index / 12
        value *= 1 + wobble[index]
        points.append((month_end, None if index in gaps else value))
    points[-1] = (MONTH_ENDS[-1], end)
    return tuple(points)


def analysis(text: str, needs_review: tuple[str, ...] = ()) -> AnalysisText:
    return AnalysisText(text=text, generated=text, needs_review=needs_review)


def _row(number, id, label, unit, polarity, decimals, kind, target, cells, direction, rag, pub, band, text,
         sparkline, headline_column, definition=None) -> Row:
    target_display = "-" if target is None else f"{target}"
    return Row(
        id=id, number=number, label=label, unit=unit, polarity=polarity, decimals=decimals, kind=kind,
        target=None if target is None else float(target), target_display=target_display, cells=cells,
        direction=direction, rag=rag, published=pub, band=band,
        analysis=text if isinstance(text, AnalysisText) else analysis(text), sparkline=sparkline,
        definition=definition or f"Definition of {id} (spec/indicators.md).", headline_column=headline_column,
    )


def section_1_rows() -> tuple[Row, ...]:
    r12, r6 = "rolling_12m", "rolling_6m"
    edited = AnalysisText(
        text="The rolling 12 month rate of assessments completed within 45 days has slightly increased from last "
        "month, from 66.1% to 67%. However, monthly analysis has shown vast improvement in the last three "
        "months. This is reflected in the rolling 6 month figure. Sefton has the lowest completion rate of "
        "all 24 local authorities in North West.",
        generated="The percentage of assessments completed within 45 working days has improved from 66.1% to 67.0% "
        "since last month. The latest published figure (74) is lower than most local authorities.",
        edited=True,
        author="A. Analyst",
        edited_at=datetime(2024, 1, 8, 10, 15),
    )
    return (
        _row(1, "referrals_rate", "Referrals received (annual rate per 10,000 of children)*", "rate", "neutral", 1,
             "rolling", 650,
             (la_cell(r12, rate(3452, POPULATION), "641.3", 3452, POPULATION),
              la_cell(r6, rate(1620, POPULATION, 2), "601.9", 1620, POPULATION),
              *regional((706.7, "706.7"), (507.0, "507"))),
             "down", None,
             published("823", "630", "530", "545", (822.6, 630.2, 529.6, 544.5, 449.4, 690.5), "Higher",
                       measure="referrals_rate"),
             "Higher",
             "The rate of referrals per 10k children (rolling 12 months) has fallen from 657 to 641.3 since last "
             "month. This rate was at its peak at 892 referrals per 10k in November 2022. Rolling 6 months rate of "
             "601.9 shows the magnitude of change in last 6 months. Both rates are below target and below stat "
             "neighbour group, but still above NW and England.",
             trend(812.4, rate(3452, POPULATION)), r12),
        _row(2, "rereferrals_pct", "Referrals to social care that were within 12 months of a previous referral (%)*",
             "pct", "low", 1, "rolling", 22,
             (la_cell(r12, pct(887, 3452), "25.7%", 887, 3452),
              la_cell(r6, pct(369, 1620), "22.8%", 369, 1620),
              *regional((27.2, "27.2%"), (22.5, "22.5%"))),
             "down", "red",
             published("27", "24", "22", "22", (27.1, 23.8, 22.1, 21.6, 17.9, 25.3), "Higher", measure="rereferrals_pct"),
             "Higher",
             "Re-referral rate in rolling 12 months has fallen from 26.1% to 25.7% this month. Compared to 22.8% of "
             "re-referrals in the last six months, this highlights the progress being made and the rate is slowly "
             "moving to the target of 22%. Although progress has been made, the current 12 month rate of 25.7% is "
             "above benchmarking groups.",
             trend(27.9, pct(887, 3452)), r12),
        _row(3, "assessments_rate", "Assessments completed (annual rate per 10,000 of children)*", "rate", "neutral", 1,
             "rolling", 730,
             (la_cell(r12, rate(4415, POPULATION), "820.1", 4415, POPULATION),
              la_cell(r6, rate(2063, POPULATION, 2), "766.5", 2063, POPULATION),
              *regional((855.0, "855"), (833.0, "833"))),
             "down", None,
             published("919", "667", "597", "557", (918.7, 666.9, 597.4, 557.2, 436.0, 640.1), "Higher",
                       measure="assessments_rate"),
             "Higher",
             "The rate of assessments is on a downward trajectory since June 2023 and has fallen from last month "
             "from 847.1 to Dec 820.1. The 6 month figure (766.5) shows that greater progress towards the target of "
             "730 has recently been made. Despite the continued fall in rate, Sefton still has a higher rate "
             "compared to the benchmarking group.",
             trend(902.0, rate(4415, POPULATION)), r12),
        _row(4, "assessments_45wd_pct", "Assessments completed within 45 working days (%)*", "pct", "high", 1, "rolling",
             84,
             (la_cell(r12, pct(2958, 4415), "67.0%", 2958, 4415),
              la_cell(r6, pct(1549, 2063), "75.1%", 1549, 2063),
              *regional((59.0, "59.0%"), (79.6, "79.6%"))),
             "up", "red",
             published("74", "84", "79", "82", (73.9, 84.2, 79.1, 81.9, 76.4, 90.2), "Lower",
                       measure="assessments_45wd_pct"),
             "Lower", edited, trend(61.5, pct(2958, 4415)), r12),
        _row(5, "s47_rate", "Children subject to section 47 enquiries (annual rate per 10,000 of children)*", "rate",
             "neutral", 1, "rolling", 250,
             (la_cell(r12, rate(1520, POPULATION), "282.4", 1520, POPULATION),
              la_cell(r6, rate(670, POPULATION, 2), "248.9", 670, POPULATION),
              *regional((312.6, "312.6"), (200.7, "200.7"))),
             "down", None,
             published("378", "222", "210", "192", (378.4, 222.3, 210.2, 191.7, 143.8, 240.9), "Higher",
                       measure="s47_rate"),
             "Higher",
             "Direction of travel for the rate of s47 enquiries continue in the desired direction - the 6 month rate "
             "of 248.9 emphasising the progress being made in recent months. If this is sustained, then this would "
             "be inline with the target of 250, but would still place Sefton in the higher range when compared to "
             "benchmarking neighbours.",
             trend(330.5, rate(1520, POPULATION)), r12),
        _row(6, "agency_sw_pct", "Percentage of agency social workers (%) in workforce**", "pct", "low", 0, "manual", 20,
             (Cell(r12, 50.0, "50 (Apr23)", period_end=date(2023, 4, 30)),
              Cell(r6, 49.0, "49 (Sep23)", period_end=date(2023, 9, 30)),
              *regional(None, None)),
             "down", "red", Published(reason=NO_PUBLISHED), None,
             "Target is to reduce the percentage of agency staff from 50% to 20% and September's figure of 49% shows "
             "very slight progress has been made.",
             tuple((d, {date(2023, 4, 30): 50.0, date(2023, 9, 30): 49.0}.get(d)) for d in MONTH_ENDS), r6),
        _row(7, "unregulated_placements", "Number of children cared for in unregulated and unregistered placements**",
             "count", "low", 0, "manual", 19,
             (Cell(r12, 36.0, "36 (Dec22)", period_end=date(2022, 12, 31)),
              Cell(r6, 30.0, "30 (Dec23)", period_end=date(2023, 12, 31)),
              *regional(None, None)),
             "down", "red", Published(reason=NO_PUBLISHED), None,
             "The target of children cared for in unregulated placements is to reduce the number by 50%. The number "
             "in April 2023 was 38 and steady progress has been made in five months as the number is currently 30, "
             "moving towards the target of 19 children.",
             tuple((d, {date(2022, 12, 31): 36.0, date(2023, 4, 30): 38.0, date(2023, 9, 30): 33.0,
                        date(2023, 12, 31): 30.0}.get(d)) for d in MONTH_ENDS), r6),
    )


def period_row(number, id, label, unit, polarity, decimals, target, year_ago, to_date, direction, rag, regional_cells,
               pub, band, text) -> Row:
    """A row of sections 2-3: (value, display, numerator, denominator) a year ago and to date."""
    ya_value, ya_display, ya_num, ya_den = year_ago
    td_value, td_display, td_num, td_den = to_date
    cells = (
        la_cell("period_year_ago", ya_value, ya_display, ya_num, ya_den),
        la_cell("period_to_date", td_value, td_display, td_num, td_den),
        *regional_cells,
    )
    return _row(number, id, label, unit, polarity, decimals, "period", target, cells, direction, rag, pub, band, text,
                trend(ya_value, td_value), "period_to_date")


def section_2_rows() -> tuple[Row, ...]:
    p, p0 = POPULATION, POPULATION_YEAR_AGO
    no_regional = regional(None, None)
    return (
        period_row(8, "icpc_rate", "Children subject of an initial child protection conference (annual rate per 10,000 "
                   "of children)", "rate", "neutral", 0, None,
                   (rate(198, p0, 2), "74", 198, p0), (rate(174, p, 2), "65", 174, p), "down", None,
                   regional((78.5, "78.5"), (65.8, "65.8")),
                   published("99", "72", "69", "63", (98.8, 71.6, 69.2, 63.4, 46.0, 80.3), "Higher", measure="icpc_rate"),
                   "Higher",
                   "The rate per 10,000 children has fallen based on 6 months data a year ago compared to a snapshot taken "
                   "at the end of December 2023. If progress was sustained, this would result in a rate below with "
                   "statistical neighbours and North West."),
        period_row(9, "icpc_15wd_pct", "Initial Child Protection Conferences held within 15 working days of the start "
                   "of the section 47 enquiry (%)", "pct", "high", 0, 85,
                   (pct(186, 198), "94%", 186, 198), (pct(155, 174), "89%", 155, 174), "down", "green",
                   regional((84.0, "84%"), (79.3, "79.3%")),
                   published("91", "80", "80", "78", (91.2, 80.1, 79.8, 78.3, 71.0, 88.6), "Higher",
                             measure="icpc_15wd_pct"),
                   "Higher",
                   "Although the ICPC timeliness rate has fallen in recent months, the current rate for rolling 6 months "
                   "is still above benchmarking neighbours. Monthly analysis shows improved performance in the last three "
                   "months after a dip in completion rates during the summer."),
        period_row(10, "cin_rate", "Children in need (snapshot rate per 10,000 children)", "rate", "neutral", 1, None,
                   (rate(2910, p0), "541.8", 2910, p0), (rate(2457, p), "456.4", 2457, p), "down", None,
                   regional((438.8, "438.8"), (365.5, "365.5")),
                   published("517", "390", "387", "343", (516.9, 390.4, 386.8, 342.7, 290.5, 420.6), "Higher",
                             measure="cin_rate"),
                   "Higher",
                   "The rate of children in need has fallen compared to 12 months ago, which ties in with the fall in "
                   "referrals into social care. Current rate is significantly lower than at the end of 2023, but higher "
                   "than benchmarking group."),
        period_row(11, "cpp_rate", "Children who are the subject of a child protection plan (snapshot rate per 10,000 "
                   "children)", "rate", "neutral", 0, None,
                   (rate(347, p0), "65", 347, p0), (rate(289, p), "54", 289, p), "down", None,
                   regional((59.1, "59.1"), (50.2, "50.2")),
                   published("63", "50", "49", "43", (63.3, 50.1, 49.2, 43.2, 33.9, 53.8), "Higher", measure="cpp_rate"),
                   "Higher",
                   "Rate of CP children have continued to fall since August 2022, where the rate was 78. The current rate "
                   "would mean Sefton to be slightly above statistical neighbours and above North West."),
        period_row(12, "cpp_repeat_pct", "Children who became the subject of a CP plan for a second or subsequent time "
                   "(%)", "pct", "low", 0, None,
                   (pct(26, 160), "16%", 26, 160), (pct(35, 140), "25%", 35, 140), "up", None,
                   regional((18.4, "18.4%"), (10.9, "10.9%")),
                   published("18", "23", "24", "24", (18.2, 22.9, 23.6, 23.6, 19.1, 27.4), "Lower",
                             measure="cpp_repeat_pct"),
                   "Lower",
                   analysis("Rolling 12 months data shows Sefton has a lower rate of repeat CP compared to benchmarking "
                            "group. Monthly analysis shows a higher rate in the last four months compared to the start "
                            "of the year, resulting six month rate now inline with group.",
                            ("the figure changed by more than 50%: check the data before publishing",))),
        period_row(13, "cpp_ended_2y_pct", "Children who ceased to be on a CP plan whose plan lasted 2 years or more "
                   "(%)", "pct", "low", 0, None,
                   (pct(3, 75), "4", 3, 75), (pct(5, 83), "6", 5, 83), "up", None,
                   no_regional,
                   published("4", "4", "5", "4", (3.9, 4.2, 4.6, 3.7, 2.4, 5.1), "In range", measure="cpp_ended_2y_pct"),
                   "In range",
                   "The percentage of children who ceased to be on a CP plan for 2 years or more has always been low, "
                   "however an increase recently has pushed the rate marginally above benchmarking groups."),
        period_row(14, "cla_rate", "Children who are looked after (snapshot rate per 10,000 children) *published stats "
                   "from 2021-22", "rate", "neutral", 0, None,
                   (rate(599, p0), "112", 599, p0), (rate(611, p), "114", 611, p), "up", None,
                   regional((117.0, "117"), (97.2, "97.2")),
                   published("113", "90", "97", "70", (113.0, 90.1, 97.0, 70.0, 55.0, 99.0), "Higher",
                             measure="cla_rate", year=2022),
                   "Higher",
                   "The number of looked after children continues to fluctuate in the range of 606-626 this reporting "
                   "year. The rate per 10k is higher than statistical neighbours and national. Recent North West "
                   "analysis shows Sefton to be 7th highest in the group."),
        period_row(15, "cla_missing_pct", "Children looked after who had a missing incident in the period (%)", "pct",
                   "neutral", 0, None,
                   (pct(77, 700), "11", 77, 700), (pct(69, 690), "10", 69, 690), "down", None, no_regional,
                   published("10", "12", "12", "11", (10.2, 11.8, 12.1, 11.0, 8.0, 14.0), "In range",
                             measure="cla_missing_pct"),
                   "In range", "Rate remains static over 12 month period and inline with statistical neighbours and "
                   "national."),
        period_row(16, "cla_absent_pct", "Children looked after who were away without authorisation in the period (%)",
                   "pct", "neutral", 0, None,
                   (pct(7, 700), "1%", 7, 700), (pct(14, 690), "2%", 14, 690), "up", None, no_regional,
                   published("1", "3", "2", "2", (1.1, 2.6, 2.3, 2.1, 1.4, 3.0), "Lower", measure="cla_absent_pct"),
                   "Lower",
                   analysis("Rate remains static over 12 month period and low compared with statistical neighbours and "
                            "national.",
                            ("the figure changed by more than 50%: check the data before publishing",))),
        period_row(17, "cla_dental_pct", "Children looked after who had their teeth checked by a dentist in the last 12 "
                   "months (%)", "pct", "high", 0, None,
                   (pct(265, 420), "63%", 265, 420), (pct(288, 430), "67%", 288, 430), "up", None, no_regional,
                   published("87", "74", "77", "76", (86.9, 74.0, 76.8, 75.7, 66.0, 84.0), "Higher",
                             measure="cla_dental_pct"),
                   "Higher",
                   "Percentage rate has increased since this time last year, but is currently below benchmarking "
                   "groups. However, this rate usually increases throughout the year and is expected to be inline with "
                   "benchmarking group."),
        period_row(18, "cla_health_pct", "Children looked after who had their annual health assessment (%)", "pct",
                   "high", 0, 95,
                   (pct(382, 420), "91%", 382, 420), (pct(404, 430), "94%", 404, 430), "up", "amber", no_regional,
                   published("98", "90", "92", "89", (97.6, 90.2, 91.8, 89.1, 86.0, 95.0), "Higher",
                             measure="cla_health_pct"),
                   "Higher", "Percentage rate has increased since this time last year. In range with benchmarking groups."),
    )


def section_3_rows() -> tuple[Row, ...]:
    no_regional = regional(None, None)
    return (
        period_row(19, "cla_ceased_adopted_pct", "Children who ceased to be looked after in the period who were "
                   "adopted (%)", "pct", "neutral", 0, None,
                   (pct(1, 80), "1%", 1, 80), (pct(1, 90), "1%", 1, 90), "same", None, no_regional,
                   published("<1%", "10", "9", "9", (None, 10.3, 9.1, 8.9, 6.0, 12.0), "In range", la_symbol="k",
                             measure="cla_ceased_adopted_pct"),
                   "In range", "Adoption rate remains stable. but is very low compared to benchmarking groups."),
        period_row(20, "cla_ceased_sgo_pct", "Children who ceased to be looked after in the period due to a Special "
                   "Guardianship Order (%)", "pct", "neutral", 0, None,
                   (pct(24, 80), "30%", 24, 80), (pct(21, 90), "23%", 21, 90), "down", None, no_regional,
                   published("21", "-", "15", "12", (21.0, None, 15.2, 12.4, 9.0, 15.0), "Higher",
                             measure="cla_ceased_sgo_pct",
                             reason="SN: no statistical neighbour published a value for this year"),
                   "Higher",
                   "Percentage rate has fallen since the same period last year - however, if the current rate of 21% is "
                   "sustained, then this is line with last year's figure and above benchmarking group."),
        period_row(21, "cla_ceased_16plus_to18_pct", "Children leaving care over the age of 16 who remained looked "
                   "after until their 18th birthday (%)", "pct", "high", 0, None,
                   (pct(23, 25), "92%", 23, 25), (pct(20, 27), "74%", 20, 27), "down", None, no_regional,
                   published("100", "91", "81", "79", (100.0, 91.0, 81.3, 79.1, 70.0, 90.0), "Higher",
                             measure="cla_ceased_16plus_to18_pct"),
                   "Higher",
                   "Percentage rate has fallen since the same period last year and is currently below benchmarking "
                   "groups."),
        period_row(22, "care_leavers_suitable_pct", "Care leavers aged 19-21 in suitable accommodation (%) - Latest "
                   "snapshot **", "pct", "high", 0, None,
                   (pct(235, 250), "94%", 235, 250), (pct(234, 260), "90%", 234, 260), "down", None, no_regional,
                   published("91", "88", "90", "88", (91.0, 88.2, 89.7, 88.0, 85.0, 93.0), "In range",
                             measure="care_leavers_suitable_pct"),
                   "In range",
                   "The rate of care leavers aged 19-21 in suitable accommodation has slightly fallen compared to same "
                   "period last year. However, the current rate is line with benchmarking group."),
        period_row(23, "care_leavers_eet_pct", "Care leavers aged 19-21 in education, employment, or training (%) - "
                   "Latest snapshot **", "pct", "high", 0, None,
                   (pct(125, 250), "50%", 125, 250), (pct(112, 260), "43%", 112, 260), "down", None, no_regional,
                   published("47", "53", "54", "56", (47.0, 53.1, 54.2, 55.8, 50.0, 60.0), "Lower",
                             measure="care_leavers_eet_pct"),
                   "Lower",
                   "Similar to care leavers in suitable accommodation, those in employment, education or training (EET) "
                   "has fallen when comparing to the same period 12 months ago. This rate is slightly below when "
                   "comparing to benchmarking group."),
    )


def suppress(row: Row) -> Row:
    """Publication mode as the builder applies it: cells on 1-5 children show "c", direction none."""
    cells = []
    hidden = False
    for cell in row.cells:
        small = any(n is not None and 0 < n < SUPPRESS_BELOW for n in (cell.numerator, cell.denominator))
        if small:
            hidden = True
            cells.append(replace(cell, display="c", suppressed=True, reason="fewer than 6 children"))
        else:
            cells.append(cell)
    if not hidden:
        return row
    text = "Figures are not shown because they rest on very few children."
    blank_trend = tuple((month_end, None) for month_end, _ in row.sparkline)
    return replace(row, cells=tuple(cells), direction=None, sparkline=blank_trend,
                   analysis=AnalysisText(text=text, generated=text))


def sample_scorecard(**overrides) -> Scorecard:
    """The reference scorecard as a model; keyword arguments replace fields of `Scorecard`."""
    publication = overrides.get("publication", False)
    sections = (
        Section("The top seven indicators: measures monitored in the DfE Commissioner's report",
                SECTION_1_COLUMNS + COMMON_COLUMNS, section_1_rows()),
        Section("Indicators 8-18: the latest six months against the same six months a year ago",
                PERIOD_COLUMNS + COMMON_COLUMNS, section_2_rows()),
        Section("Indicators 19-23: leaving care and care leavers", PERIOD_COLUMNS + COMMON_COLUMNS, section_3_rows()),
    )
    if publication:
        sections = tuple(replace(s, rows=tuple(suppress(r) for r in s.rows)) for s in sections)
    scorecard = Scorecard(
        as_at=AS_AT,
        local_authority={"name": "Sefton", "old_la_code": "343", "new_la_code": "E08000014", "region": "North West"},
        heading="Data as at end of December 2023",
        preamble=(
            "The top seven indicators are measures being monitored in the DfE Commissioner's report and where "
            "possible, a rolling 12 month figure is used to show recent progress.",
            "Indicators 8-23 compares the latest 6 month data from December 2023 to 6 month data 12 months ago, as "
            "taken from the ChAT report.",
            "The scorecard also shows the direction of travel and comparisons made to published statistics (2022-23)",
        ),
        footnotes=(
            ("*", "rolling 12 months data. All others figures are taken from the ChAT 12 months ago"),
            ("**", "snapshot at end of December 2023"),
        ),
        published_heading="Latest published statistics (2022-23)",
        sections=sections,
        synthetic=True,
        publication=publication,
        protective_marking="OFFICIAL-SENSITIVE",
        generated_at=datetime(2024, 1, 5, 9, 30),
        data_quality=(
            {"severity": "warning", "message": "date could not be read", "file": "annex_a_2023-12-31.xlsx",
             "sheet": "List 3", "row": 12, "column": "Date of referral", "value": None, "expected": "a date"},
            {"severity": "warning", "message": "unknown code in Reason episode ceased",
             "file": "annex_a_2023-12-31.xlsx", "sheet": "List 8", "row": 40, "column": "Reason episode ceased",
             "value": None, "expected": "a code of the CLA reason list"},
        ),
        sign_off=SignOff(by="Head of Service", at=datetime(2024, 1, 10, 14, 30), version=1),
        extracts=({"file": "annex_a_2023-12-31.xlsx", "as_at": "2023-12-31", "period_start": "2022-01-01"},),
    )
    return replace(scorecard, **overrides)
