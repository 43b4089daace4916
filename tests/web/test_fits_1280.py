"""The dashboard fits a 1280-pixel laptop screen (issue #15 item 8): at 1280x800 in Debian's
Chromium, the scorecard page and the indicator pages scroll only down, never sideways, and no
element reaches past the right edge (the analysis column is not cut off behind a scrollbar)."""

from __future__ import annotations

import pytest
from browser_helpers import live_app, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

HEIGHT = 800
# 1280 px, and 1263 px: the same screen less a classic 17 px scrollbar (Windows), which headless
# Chromium's overlay scrollbars do not take from the page.
WIDTHS = (1280, 1263)
PAGES = [
    ("anna", "/scorecard/2023-12-31"),  # analyst: the widest version (review notes, links)
    ("vera", "/scorecard/2023-12-31"),  # viewer
    ("anna", "/indicator/referrals_rate?as_at=2023-12-31"),  # trend, XmR chart, breakdown tables
    ("anna", "/indicator/cpp_rate?as_at=2023-12-31"),  # a snapshot row with its category of abuse table
    ("anna", "/indicator/agency_sw_pct?as_at=2023-12-31"),  # a manual row
]
# The widest element's right edge and the page's scroll width, in CSS pixels.
MEASURE = """() => {
  const root = document.documentElement;
  let right = 0, widest = "";
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > right) { right = box.right; widest = element.tagName + "." + element.className; }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, right: Math.ceil(right), widest: widest};
}"""


@pytest.fixture(scope="module")
def served(synthetic_store, tmp_path_factory):
    with live_app(synthetic_store, tmp_path_factory.mktemp("fits")) as app:
        yield app


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("user, path", PAGES)
def test_no_horizontal_scroll_at_1280(chromium, served, user, path, width):
    with signed_in_page(chromium, served.url, user, path, width, HEIGHT) as page:
        measured = page.evaluate(MEASURE)
    assert measured["clientWidth"] == width
    assert measured["scrollWidth"] <= measured["clientWidth"], measured
    assert measured["right"] <= measured["clientWidth"], measured
