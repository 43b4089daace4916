"""The scorecard page in the report's layout, the indicator page (chart, reference lines, trend
table), drill-through on the builder's window rule, and the page cache.

The builder is the hand-made `small_scorecard` (conftest `make_builder`); the store holds one
extract as at 31 Dec 2023 whose referrals the test chooses, so trends and children are real.
"""

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from web_helpers import small_scorecard

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.measures.registry import get
from csc_scorecard.scorecard.build import cell_window
from csc_scorecard.scorecard.explore import headline_window
from csc_scorecard.store import signoff
from csc_scorecard.store.extracts import load_annex_a
from csc_scorecard.web import views

DEC = date(2023, 12, 31)
PAGE = "/scorecard/2023-12-31"
INDICATOR = "/indicator/referrals_rate?as_at=2023-12-31"


@pytest.fixture
def two_years(make_builder):
    """Referrals of C3 (10 Aug 2022), C1 (2 May 2023) and C2 (3 Nov 2023) in an extract whose
    period starts 1 Jan 2022, so windows from January 2022 are covered."""
    return make_builder(
        [referral("C3", date(2022, 8, 10)), referral(), referral("C2", date(2023, 11, 3))], period_start=date(2022, 1, 1)
    )


def test_scorecard_page_is_the_reports_layout_with_links_and_a_month_picker(as_role, builder):
    page = as_role("analyst").client.get(PAGE).text
    assert '<table class="scorecard-table">' in page
    assert '<h1 class="as-at">Data as at end of December 2023</h1>' in page
    assert '<th scope="row" class="label"><a href="/indicator/referrals_rate?as_at=2023-12-31">Referrals received (annual rate per 10,000 of children)*</a></th>' in page
    # small_scorecard: 3,495 / 54,500 over 1 Jan - 31 Dec 2023, shown 641.3
    assert '<td class="figure" data-column="rolling_12m" title="3,495 / 54,500, 1 January 2023 to 31 December 2023">641.3</td>' in page
    assert '<span class="draft">Draft: not signed off.</span>' in page
    # at a glance comes first, before the first table
    assert page.index('<h2 id="at-a-glance-title">At a glance</h2>') < page.index('<table class="scorecard-table">')
    # the month picker: a GET form over the months with an extract of their own (issue 16): the
    # extract as at December lists referrals back to May, but May to November have none of theirs
    assert '<form method="get" action="/scorecard" class="month-picker">' in page
    options = re.findall(r'<option value="([\d-]+)"( selected)?>', page)
    assert options == [("2023-12-31", " selected")]


def test_review_flags_are_shown_to_analysts_only(as_role, builder):
    flag = '<p class="needs-review" role="note"><strong>Needs review:</strong> peak</p>'
    assert flag in as_role("analyst").client.get(PAGE).text
    assert flag in as_role("admin").client.get(PAGE).text
    viewer_page = as_role("viewer").client.get(PAGE).text
    assert flag not in viewer_page and "Referrals rose." in viewer_page


def test_a_signed_month_says_who_signed_and_when_in_the_reports_header(as_role, store, builder):
    admin = as_role("admin")
    admin.post_form("/signoff/2023-12-31", {}, page=PAGE)
    record = signoff.current(store, "343", DEC)
    page = admin.client.get(PAGE).text
    when = f"{record.signed_at.day} {record.signed_at:%B %Y, %H:%M}"
    assert f'<span class="sign-off">Signed off by adam on {when} (version 1)</span>.' in page
    assert "Draft: not signed off." not in page


def test_indicator_page_charts_the_trend_with_the_target_and_published_lines(as_role, two_years):
    page = as_role("viewer").client.get(INDICATOR).text
    assert "<h2 id=\"trend\">Trend: rolling 12 months, 24 month ends</h2>" in page
    chart = re.search(r'<figure class="trend-chart">\s*(<svg .*?</svg>)', page, re.S).group(1)
    # rolling 12 months at 24 month ends, Jan 2022 - Dec 2023; covered from Dec 2022 (period start 1 Jan 2022): 13 values
    assert chart.startswith(
        '<svg role="img" aria-label="Line chart of Referrals received (annual rate per 10,000 of children)*, Sefton, '
        "rolling 12 months, at 24 month ends from January 2022 to December 2023 (a value at 13 of them). "
        'Reference lines: Target 650; England 2022-23 545; Statistical neighbours 2022-23 630; North West 2022-23 530."'
    )
    for legend in ("Target: 650", "England 2022-23: 545", "Statistical neighbours 2022-23: 630", "North West 2022-23: 530"):
        assert f">{legend}</text>" in chart
    assert "<script" not in page and "<image" not in chart
    lines = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td></tr>', page)
    assert lines == [("Target", "650"), ("England 2022-23", "545"), ("Statistical neighbours 2022-23", "630"),
                     ("North West 2022-23", "530")]


def test_indicator_trend_table_has_the_numerator_and_window_of_every_month_end(as_role, two_years):
    page = as_role("viewer").client.get(INDICATOR).text
    table = page[page.index("<caption>Referrals received (annual rate per 10,000 of children)*: rolling 12 months</caption>"):]
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th>\s*<td class="num">[^<]+</td>\s*<td class="num">([^<]+)</td><td class="num">[^<]+</td>\s*<td>([^<]+)</td>',
        table,
    )
    assert len(rows) == 24
    assert rows[0] == ("31 Jan 2022", "-", "01 Feb 2021 to 31 Jan 2022")  # before the period start: not covered
    # counted by hand: C3 (10 Aug 2022) is in windows ending Dec 2022 - Jul 2023; C1 (2 May 2023)
    # in those ending May 2023 onwards; C2 (3 Nov 2023) in those ending Nov and Dec 2023
    numerators = [numerator for _, numerator, _ in rows[11:]]
    assert numerators == ["1", "1", "1", "1", "1", "2", "2", "2", "1", "1", "1", "2", "2"]
    assert rows[-1] == ("31 Dec 2023", "2", "01 Jan 2023 to 31 Dec 2023")


def test_indicator_page_keeps_figures_definition_quality_and_analysis(as_role, builder):
    page = as_role("analyst").client.get(INDICATOR).text
    assert "<p>Flow: referrals with Date of referral in the window.</p>" in page
    assert '<td class="num">3,495</td>\n        <td class="num">54,500</td>\n        <td>01 Jan 2023 to 31 Dec 2023</td>' in page
    assert ("<tr><td>warning</td><td>List 3</td><td></td><td>List 3 (Referrals): blank date of birth</td>\n"
            '        <td class="num">1</td><td>4</td></tr>') in page
    assert '<textarea id="analysis-text" name="text"' in page


@pytest.mark.parametrize(
    "measure, kind, expected",
    [
        ("referrals_rate", "rolling", (12, "rolling 12 months")),  # section 1: a flow over 12 months
        ("icpc_rate", "period", (6, "6 months to each month end")),  # sections 2-3: 6-month periods
        ("cin_rate", "period", (6, "snapshot at each month end")),  # a stock
        ("agency_sw_pct", "manual", (12, "value supplied on or before each month end")),
    ],
)
def test_the_trend_is_the_rows_headline_series(measure, kind, expected):
    row = replace(small_scorecard(DEC).rows[0], id=measure, kind=kind)
    assert headline_window(row.kind, get(measure).snapshot) == expected


def test_cell_window_is_the_builders_rule():
    assert views.cell_window is cell_window  # one rule: the drill-through pages use the builder's
    assert cell_window("rolling_12m", DEC) == (DEC, 12)
    assert cell_window("rolling_6m", DEC) == (DEC, 6)
    assert cell_window("period_to_date", DEC) == (DEC, 6)
    assert cell_window("period_year_ago", DEC) == (date(2022, 12, 31), 6)
    with pytest.raises(ValueError, match="'band' is not an LA column"):
        cell_window("band", DEC)


@pytest.mark.parametrize(
    "column, window, children",
    [
        ("period_year_ago", "6 months to 31 Dec 2022", ["C3"]),  # Jul - Dec 2022
        ("period_to_date", "6 months to 31 Dec 2023", ["C2"]),  # Jul - Dec 2023
        ("rolling_12m", "12 months to 31 Dec 2023", ["C1", "C2"]),  # Jan - Dec 2023
    ],
)
def test_drill_through_lists_the_children_of_the_builders_window(as_role, two_years, column, window, children):
    page = as_role("analyst").client.get(f"/drill/referrals_rate?as_at=2023-12-31&column={column}").text
    assert window in page
    assert re.findall(r"<td>(C\d)</td>", page) == children


def test_a_second_request_is_served_from_the_cache(as_role, builder):
    viewer = as_role("viewer")
    viewer.client.get(PAGE)
    viewer.client.get(PAGE)
    viewer.client.get(INDICATOR)
    assert builder["calls"] == 1


def test_an_analysis_edit_shows_at_once(as_role, builder):
    analyst = as_role("analyst")
    analyst.client.get(PAGE)
    builder["analysis"] = "Referrals rose after the MASH change."  # what the builder says once the edit is stored
    response = analyst.post_form("/analysis/referrals_rate", {"as_at": "2023-12-31", "text": "Referrals rose after the MASH change."}, page=INDICATOR)
    assert response.status_code == 303
    assert "Referrals rose after the MASH change." in analyst.client.get(PAGE).text
    assert builder["calls"] == 2


def test_a_load_beside_the_app_shows_at_once(as_role, store, builder, tmp_path):
    viewer = as_role("viewer")
    viewer.client.get(PAGE)
    builder["analysis"] = "Referrals fell."
    path = write_workbook(tmp_path / "later.xlsx", {"List 3": [REFERRAL_HEADERS, referral("C9", date(2023, 11, 30))]})
    assert load_annex_a(store, read_annex_a(path, date(2023, 11, 30)), date(2023, 11, 30), "343").status == "loaded"
    assert "Referrals fell." in viewer.client.get(PAGE).text
    assert builder["calls"] == 2


def test_sign_off_and_reopen_each_change_what_is_shown(as_role, builder):
    admin = as_role("admin")
    admin.client.get(PAGE)
    admin.post_form("/signoff/2023-12-31", {}, page=PAGE)  # builds the snapshot once: call 2
    builder["analysis"] = "Referrals fell."
    assert "Referrals rose." in admin.client.get(PAGE).text
    admin.post_form("/signoff/2023-12-31/reopen", {"reason": "CIN list corrected"}, page=PAGE)
    page = admin.client.get(PAGE).text
    assert "Referrals fell." in page and "Draft: not signed off." in page
    assert builder["calls"] == 3


def test_the_indicator_page_lists_what_each_figure_left_out(as_role, store, tmp_path):
    """One of 30 assessments authorised before it started: the 45-working-day figures say so."""
    headers = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
               "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"]
    rows = []
    for n in range(30):
        start = date(2023, 1, 2) + timedelta(days=10 * n)
        rows.append([f"A{n}", "a) Male", "a) WBRI", date(2015, 1, 1), 8, start, start - timedelta(days=3) if n == 7 else start + timedelta(days=20)])
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 4": [headers, *rows]})
    outcome = load_annex_a(store, read_annex_a(path), date(2023, 12, 31), "343", date(2023, 1, 1))
    assert outcome.status == "loaded"
    page = as_role("viewer").client.get("/indicator/assessments_45wd_pct?as_at=2023-12-31")
    assert page.status_code == 200
    # start 2023-03-13 (n = 7), authorised 2023-03-10: in the 12 months to December, and in no 6-month window to December
    assert page.text.count("Left out: authorised before it started (1)") == 1
