"""The inline SVG sparkline: geometry worked out by hand, gaps left as gaps, a title for screen readers."""

from __future__ import annotations

from datetime import date

from csc_scorecard.render.sparkline import sparkline_svg, sparkline_title

D1, D2, D3, D4 = date(2022, 12, 31), date(2023, 1, 31), date(2023, 2, 28), date(2023, 3, 31)


def test_three_points_span_the_box():
    # Box 96 x 22 with 3 padding: x from 3 to 93 (step 45), y from 19 (lowest) to 3 (highest).
    # Values 0, 10, 5: y = 3 + (1 - share) * 16 -> 19, 3, 11.
    svg = str(sparkline_svg(((D1, 0.0), (D2, 10.0), (D3, 5.0)), "Referrals"))
    assert 'points="3.0,19.0 48.0,3.0 93.0,11.0"' in svg
    assert '<circle cx="93.0" cy="11.0" r="2"' in svg  # the latest value is marked


def test_a_missing_month_leaves_a_gap():
    # 4 points, step 30: x 3, 33, 63, 93. Values 1, -, 3, 5 (low 1, high 5): y 19, -, 11, 3.
    svg = str(sparkline_svg(((D1, 1.0), (D2, None), (D3, 3.0), (D4, 5.0)), "CIN"))
    assert svg.count("<polyline") == 1
    assert 'points="63.0,11.0 93.0,3.0"' in svg  # no line is drawn through the missing month
    assert '<circle cx="3.0" cy="19.0" r="1.5"' in svg  # the lone first value is a dot


def test_a_flat_series_sits_in_the_middle():
    svg = str(sparkline_svg(((D1, 7.0), (D2, 7.0)), "Flat"))
    assert 'points="3.0,11.0 93.0,11.0"' in svg


def test_no_values_draws_nothing_but_says_so():
    svg = str(sparkline_svg(((D1, None), (D2, None)), "Agency"))
    assert "<polyline" not in svg and "<circle" not in svg
    assert "<title>Agency: no value at any of the last 2 month ends</title>" in svg


def test_title_names_the_span_and_the_gaps():
    points = ((D1, 1.0), (D2, None), (D3, 2.0))
    assert sparkline_title("Referrals", points) == (
        "Referrals: trend at 3 month ends, Dec 2022 to Feb 2023 (no value at 1 of them)"
    )


def test_the_label_is_escaped_in_the_title():
    svg = str(sparkline_svg(((D1, 1.0),), "<b>A & B</b>"))
    assert "<title>&lt;b&gt;A &amp; B&lt;/b&gt;: trend at 1 month end, Dec 2022 to Dec 2022</title>" in svg
