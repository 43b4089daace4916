"""The HTML report opened in Debian's Chromium: everything visible, no error, no request but itself."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import sync_playwright

from csc_scorecard.render.html import render_html

from .expected import EXPECTED_RAG, REFERENCE_LA, SECTION_ROW_NUMBERS
from .sample import sample_scorecard

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    """One browser for the module: the page, every URL it requested and every console error."""
    path = tmp_path_factory.mktemp("html") / "scorecard.html"
    path.write_text(render_html(sample_scorecard()), encoding="utf-8")
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri(), wait_until="load")
        yield {"page": page, "url": path.as_uri(), "requests": requests, "errors": errors}
        browser.close()


def test_the_only_request_is_the_page_itself(opened):
    opened["page"].wait_for_load_state("networkidle")
    assert opened["requests"] == [opened["url"]]


def test_no_console_error(opened):
    assert opened["errors"] == []


def test_all_23_rows_are_visible_in_three_sections(opened):
    page = opened["page"]
    sections = page.locator("section.scorecard-section")
    assert sections.count() == 3
    for index, numbers in enumerate(SECTION_ROW_NUMBERS):
        rows = sections.nth(index).locator("tr.indicator-row")
        assert rows.locator("td.number").all_inner_texts() == [str(n) for n in numbers]
        for row in rows.all():
            assert row.is_visible()


def test_arrows_are_shown_as_in_the_reference(opened):
    arrows = opened["page"].locator("tr.indicator-row td.direction span[aria-hidden=true]").all_inner_texts()
    assert arrows == [REFERENCE_LA[n][2] for n in range(1, 24)]


def _luminance(css_colour: str) -> float:
    """WCAG relative luminance of an "rgb(r, g, b)" colour."""
    channels = [int(v) / 255 for v in re.findall(r"\d+", css_colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_rag_labels_are_visible_text_with_enough_contrast(opened):
    badges = opened["page"].locator("tr.indicator-row span.rag")
    labels = badges.all_inner_texts()
    assert labels == [EXPECTED_RAG[n] for n in sorted(EXPECTED_RAG)]
    backgrounds = set()
    for badge in badges.all():
        assert badge.is_visible()
        colours = badge.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        lighter, darker = sorted((_luminance(c) for c in colours), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5  # WCAG AA for normal text
        backgrounds.add(colours[1])
    assert len(backgrounds) == 3  # red, amber and green look different as well as reading differently


def test_every_row_has_a_drawn_sparkline(opened):
    sparklines = opened["page"].locator("tr.indicator-row td.trend svg")
    assert sparklines.count() == 23
    for sparkline in sparklines.all():
        box = sparkline.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0


def test_the_synthetic_banner_is_visible_with_each_section(opened):
    banners = opened["page"].locator(".synthetic-banner")
    assert banners.count() == 3
    assert all(banner.is_visible() for banner in banners.all())


def test_the_report_fits_a_1280_pixel_screen_without_horizontal_scrolling(opened):
    page = opened["page"]
    page.set_viewport_size({"width": 1280, "height": 800})
    try:
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], widths
        right = page.evaluate("() => Math.max(...[...document.querySelectorAll('td.analysis')].map(e => e.getBoundingClientRect().right))")
        assert right <= 1280
    finally:
        page.set_viewport_size({"width": 1600, "height": 1000})
