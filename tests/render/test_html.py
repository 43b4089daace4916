"""The HTML report: one self-contained file in the reference layout, printing exactly what the model says."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from csc_scorecard.render.html import render_html
from csc_scorecard.scorecard.model import Column

from .expected import EXPECTED_RAG, REFERENCE_LA, SECTION_ROW_NUMBERS
from .html_tree import HtmlTree, text
from .sample import NO_REGIONAL, sample_scorecard

SYNTHETIC = "Synthetic demonstration data: every LA figure is made up"


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(sample_scorecard())


@pytest.fixture(scope="module")
def tree(html) -> HtmlTree:
    return HtmlTree(html)


def row_cell(tree: HtmlTree, number: int, column: str):
    (row,) = [r for r in tree.all("tr.indicator-row") if text(r.find("{*}td")) == str(number)]
    return next(td for td in row.iter() if td.get("data-column") == column)


def test_the_file_refers_to_nothing_outside_itself(html):
    # No attribute that loads anything, no CSS url()/@import; the only "http" is the SVG
    # namespace name, which is an identifier and never fetched.
    assert not re.search(r"\b(src|href|srcset|action|poster)\s*=", html)
    assert "url(" not in html and "@import" not in html
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {"http://www.w3.org/2000/svg"}
    assert "default-src 'none'" in html  # and the browser is told to refuse anything else


def test_three_sections_with_the_23_rows_in_order(tree):
    sections = tree.all("section.scorecard-section")
    assert len(sections) == 3
    for section, numbers in zip(sections, SECTION_ROW_NUMBERS, strict=True):
        printed = [text(tr.find("{*}td")) for tr in section.iter() if tr.get("class") == "indicator-row"]
        assert printed == [str(n) for n in numbers]


def test_header_text_and_footnotes_of_the_reference(tree):
    assert text(tree.one("h1")) == "Data as at end of December 2023"
    preamble = tree.texts("p.preamble")
    assert len(preamble) == 3
    assert preamble[2] == "The scorecard also shows the direction of travel and comparisons made to published statistics (2022-23)"
    assert tree.texts("footer.footnotes p")[:2] == [
        "* rolling 12 months data. All others figures are taken from the ChAT 12 months ago",
        "** snapshot at end of December 2023",
    ]


def test_column_headings_with_the_grouped_published_heading(tree):
    first_section = tree.all("section.scorecard-section")[0]
    headings = [text(th) for th in first_section.iter() if th.tag.endswith("th") and th.get("scope") in ("col", "colgroup")]
    assert headings == [
        "No", "Indicator", "Trend (13 months)", "SPC", "LA rolling 12m (Jan23 - Dec23)", "LA rolling 6m (Jul23 - Dec23)",
        "Direction of travel", "Target", "Low/High is good", "RIG Q2 Sefton", "RIG Q2 NW",
        "Latest published statistics (2022-23)", "Compared to mid-50% LA", "Analysis",
        "LA", "SN", "NW", "Eng",
    ]
    grouped = [th for th in first_section.iter() if th.get("scope") == "colgroup"]
    assert [th.get("colspan") for th in grouped] == ["4"]


def test_la_figures_and_arrows_are_the_reference_figures(tree):
    for number, (earlier, later, arrow) in REFERENCE_LA.items():
        columns = ("rolling_12m", "rolling_6m") if number <= 7 else ("period_year_ago", "period_to_date")
        # A RAG label may follow the figure in the headline cell: the figure comes first.
        assert text(row_cell(tree, number, columns[0])).split(" ")[0] == earlier.split(" ")[0]
        assert text(row_cell(tree, number, columns[1])).startswith(later)
        assert text(row_cell(tree, number, "direction")).startswith(arrow)


def test_target_polarity_regional_published_and_band_of_row_2(tree):
    # Reference row 2: target 22, Low, RIG 27.2% / 22.5%, published 27 24 22 22, Higher.
    assert text(row_cell(tree, 2, "target")) == "22"
    assert text(row_cell(tree, 2, "polarity")) == "Low"
    assert [text(row_cell(tree, 2, c)) for c in ("regional_la", "regional_region")] == ["27.2%", "22.5%"]
    published = [text(row_cell(tree, 2, f"published_{p}")) for p in ("la", "sn", "region", "england")]
    assert published == ["27", "24", "22", "22"]
    assert text(row_cell(tree, 2, "band")) == "Higher"
    assert text(row_cell(tree, 1, "polarity")) == "-"  # neutral
    assert text(row_cell(tree, 19, "published_la")) == "<1%"


def test_rag_is_a_text_label_on_the_coloured_headline_cell(tree):
    for number in range(1, 24):
        headline = row_cell(tree, number, "rolling_12m" if number <= 5 else "rolling_6m" if number <= 7 else "period_to_date")
        labels = [text(span) for span in headline.iter() if (span.get("class") or "").startswith("rag ")]
        if number in EXPECTED_RAG:
            assert labels == [EXPECTED_RAG[number]]
            assert f"rag-cell-{EXPECTED_RAG[number].lower()}" in headline.get("class")
        else:
            assert labels == []
            assert "rag-cell" not in headline.get("class")


def test_rag_goes_by_the_target_when_the_model_names_no_headline():
    scorecard = sample_scorecard()
    section = scorecard.sections[0]
    rows = (replace(section.rows[1], headline_column=None),) + section.rows[2:]
    scorecard = replace(scorecard, sections=(replace(section, rows=rows),))
    tree = HtmlTree(render_html(scorecard))
    assert text(row_cell(tree, 2, "target")) == "22 Red"


def test_absent_cells_show_a_dash_with_their_reason(tree):
    cell = row_cell(tree, 6, "regional_la")
    assert text(cell) == "-"
    assert cell.get("title") == NO_REGIONAL


def test_counts_and_period_behind_a_figure_are_its_tooltip(tree):
    # Row 2's rolling 12 months: 887 re-referrals of 3,452 referrals in Jan-Dec 2023.
    assert row_cell(tree, 2, "rolling_12m").get("title") == "887 / 3,452, 1 January 2023 to 31 December 2023"


def test_edited_analysis_names_its_author_and_time(tree):
    assert text(row_cell(tree, 4, "analysis")).endswith("Edited by A. Analyst on 8 January 2024, 10:15")
    assert "Edited by" not in text(row_cell(tree, 3, "analysis"))


def test_rows_needing_review_are_flagged_for_analysts(tree):
    flagged = {int(text(tr.find("{*}td"))) for tr in tree.all("tr.indicator-row")
               if tr.find(".//{*}p[@class='needs-review']") is not None}
    assert flagged == {12, 16}
    assert text(tree.all("p.needs-review")[0]) == (
        "Needs review: the figure changed by more than 50%: check the data before publishing"
    )


def test_a_sparkline_with_a_title_on_every_row(tree):
    titles = [text(t) for t in tree.all("td.trend svg title")]
    assert len(titles) == 23
    assert titles[0] == ("Referrals received (annual rate per 10,000 of children)*: trend at 13 month ends, "
                         "Dec 2022 to Dec 2023")
    # Row 6 (agency social workers) has values at 2 of the 13 month ends only.
    assert titles[5].endswith("(no value at 11 of them)")


def test_synthetic_banner_on_each_section_and_protective_marking(tree):
    assert tree.texts(".synthetic-banner") == [SYNTHETIC] * 3
    assert tree.texts(".marking") == ["OFFICIAL-SENSITIVE"]
    assert tree.texts(".marking-footer") == ["OFFICIAL-SENSITIVE"]


def test_real_data_has_no_synthetic_banner():
    html = render_html(sample_scorecard(synthetic=False, protective_marking="OFFICIAL"))
    assert SYNTHETIC not in html
    assert HtmlTree(html).texts(".marking") == ["OFFICIAL"]


def test_sign_off_line_says_who_and_when(tree):
    assert tree.texts("span.sign-off") == ["Signed off by Head of Service on 10 January 2024, 14:30 (version 1)"]


def test_an_unsigned_scorecard_says_it_is_a_draft():
    tree = HtmlTree(render_html(sample_scorecard(sign_off=None)))
    assert tree.texts("span.draft") == ["Draft: not signed off."]
    assert tree.all(".sign-off") == []


def test_text_from_the_model_is_escaped():
    scorecard = sample_scorecard()
    section = scorecard.sections[0]
    hostile = replace(section.rows[0], label='<script>alert("x")</script> & <b>co</b>')
    scorecard = replace(scorecard, sections=(replace(section, rows=(hostile,)),))
    html = render_html(scorecard)
    assert "<script>" not in html and "<b>co</b>" not in html
    assert "&lt;script&gt;" in html


def test_an_unknown_column_kind_is_an_error_not_a_blank_column():
    scorecard = sample_scorecard()
    section = scorecard.sections[0]
    odd = replace(section, columns=section.columns + (Column("sparkle", "Sparkle"),))
    with pytest.raises(ValueError, match="sparkle"):
        render_html(replace(scorecard, sections=(odd,)))
