"""The dashboard's layout in Debian's Chromium (issue 16), with axe on each page (no violation of
impact "serious" or "critical"):

- at 1366x768 the scorecard's and the drill-through's column headers stay in view while their
  rows scroll under them;
- the indicator page's charts fill their column (no fixed 696 px), side by side, and no label
  is drawn smaller than 12 px at the size shown, at 1280, 1366 and 1920 px;
- at 1920x1080 the pages use the width: nothing stops at 1,440 px.
"""

from __future__ import annotations

import pytest
from browser_helpers import live_app, no_blocking_violation, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]  # serves a copy of the synthetic SQLite store

SCORECARD = "/scorecard/2023-12-31"
INDICATOR = "/indicator/referrals_rate?as_at=2023-12-31"  # a trend and an XmR chart
DRILL = "/drill/referrals_rate?as_at=2023-12-31&column=rolling_12m"


@pytest.fixture(scope="module")
def served(synthetic_store, tmp_path_factory):
    with live_app(synthetic_store, tmp_path_factory.mktemp("layout")) as app:
        yield app


def header_after_scrolling_into(page, table_selector: str, rows_down: int) -> dict:
    """Scroll the window so that the table's `rows_down`-th body row is at the top of the
    screen; then where the table, its header and that row are (viewport px)."""
    return page.evaluate(
        """([selector, n]) => {
            const table = document.querySelector(selector);
            const row = table.tBodies[0].rows[n];
            window.scrollTo(0, window.scrollY + row.getBoundingClientRect().top);
            const box = el => el.getBoundingClientRect();
            return {table: box(table).top, head: box(table.tHead).top, headBottom: box(table.tHead).bottom,
                    row: box(row).top, rowBottom: box(row).bottom};
        }""",
        [table_selector, rows_down],
    )


def test_column_headers_stay_in_view_at_1366(served, open_page, axe):
    page = open_page(1366, 768)
    sign_in(page, served.url, "anna", SCORECARD)
    no_blocking_violation(axe, page)
    seen = header_after_scrolling_into(page, ".scorecard-table", 5)
    assert seen["table"] < 0  # the table's top has scrolled away
    assert seen["head"] == 0  # its header has not: it sits at the top of the screen
    assert seen["row"] < seen["headBottom"]  # over the row that scrolled under it

    page.goto(served.url + DRILL)
    no_blocking_violation(axe, page)
    seen = header_after_scrolling_into(page, "table.drill", 30)
    assert seen["table"] < 0 and seen["head"] == 0 and seen["row"] < seen["headBottom"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # the drill-through still fits


def chart_sizes(page) -> list[dict]:
    """Each chart's width, its figure's width, its top, and its smallest text as drawn: the
    text's font size times the scale of the SVG (shown width over the width it was drawn at)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.charts figure svg')].map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize));
            return {width: svg.getBoundingClientRect().width, figure: svg.closest('figure').getBoundingClientRect().width,
                    top: svg.getBoundingClientRect().top, drawn: svg.viewBox.baseVal.width,
                    smallest: Math.min(...sizes) * scale, texts: sizes.length};
        })"""
    )


@pytest.mark.parametrize("width, height", [(1280, 800), (1366, 768), (1920, 1080)])
def test_charts_fill_their_column_with_labels_of_12_px_or_more(served, open_page, axe, width, height):
    page = open_page(width, height)
    sign_in(page, served.url, "anna", INDICATOR)
    charts = chart_sizes(page)
    assert len(charts) == 2  # the trend and the XmR chart
    main = page.evaluate("(() => { const m = document.querySelector('.charts').getBoundingClientRect(); return m.width; })()")
    for chart in charts:
        assert chart["texts"] > 10
        assert chart["smallest"] >= 12
        assert abs(chart["width"] - chart["figure"]) < 1  # it fills its figure
        assert chart["width"] >= chart["drawn"]  # never shrunk below the size it was drawn at
    assert charts[0]["top"] == charts[1]["top"]  # side by side
    # the two charts and the 16 px gap between them take the whole row
    assert abs(charts[0]["figure"] + charts[1]["figure"] + 16 - main) < 1
    no_blocking_violation(axe, page)


def test_pages_use_the_width_at_1920(served, open_page, axe):
    page = open_page(1920, 1080)
    sign_in(page, served.url, "anna", SCORECARD)
    layout = page.evaluate(
        """() => {
            const viewport = document.documentElement.clientWidth;
            const main = document.querySelector('main').getBoundingClientRect();
            const table = document.querySelector('.scorecard-table').getBoundingClientRect();
            return {viewport, mainLeft: main.left, mainRight: main.right, tableLeft: table.left, tableRight: table.right};
        }"""
    )
    assert layout["viewport"] > 1440
    assert layout["mainLeft"] == 0 and layout["mainRight"] == layout["viewport"]  # main spans the window
    # the table spans main less its 16 px padding each side
    assert layout["tableLeft"] == 16 and layout["tableRight"] == layout["viewport"] - 16
    no_blocking_violation(axe, page)
