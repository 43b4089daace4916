"""Publication mode: each renderer prints what the model says for a suppressed cell ("c", direction "-")."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from csc_scorecard.render.excel import render_xlsx
from csc_scorecard.render.html import render_html
from csc_scorecard.render.json_out import render_json

from .html_tree import HtmlTree, text
from .sample import sample_scorecard
from .xlsx_reading import read_scorecard_rows

# Rows 13 (3 of 75 and 5 of 83 plans) and 19 (1 of 80 and 1 of 90 children) rest on 1-5 children.
SUPPRESSED_ROWS = (13, 19)


@pytest.fixture(scope="module")
def scorecard():
    return sample_scorecard(publication=True)


def test_html_shows_c_and_no_direction(scorecard):
    tree = HtmlTree(render_html(scorecard))
    for tr in tree.all("tr.indicator-row"):
        number = int(text(tr.find("{*}td")))
        cells = {td.get("data-column"): td for td in tr.iter() if td.get("data-column")}
        if number in SUPPRESSED_ROWS:
            assert text(cells["period_year_ago"]) == "c" and text(cells["period_to_date"]) == "c"
            assert text(cells["direction"]).startswith("-")
            # The tooltip gives the reason, never the small counts.
            assert cells["period_to_date"].get("title") == "fewer than 6 children"
        else:
            assert "c" not in {text(td) for td in cells.values()}
    assert tree.texts(".publication-note") == ['Publication version: figures built on small numbers are shown as "c".']


def test_html_tooltips_hold_no_counts_in_publication_mode(scorecard):
    tree = HtmlTree(render_html(scorecard))
    titles = [td.get("title") for td in tree.all("td.figure") if td.get("title")]
    assert not any("/" in title for title in titles)


def test_excel_writes_c_as_text_never_the_number(scorecard, tmp_path):
    rows = read_scorecard_rows(render_xlsx(scorecard, tmp_path / "publication.xlsx"))
    for number in SUPPRESSED_ROWS:
        row = rows[number]
        assert row.values[row.at("LA Dec22 ChAT")] == "c"
        assert row.values[row.at("LA Dec23 ChAT")] == "c"
        assert row.values[row.at("Direction of travel")] == "-"
    row14 = rows[14]
    assert row14.values[row14.at("LA Dec23 ChAT")] == pytest.approx(611 * 10_000 / 53_832)  # not suppressed


def test_json_marks_the_cells_suppressed(scorecard, tmp_path):
    data = json.loads(render_json(scorecard, tmp_path / "publication.json").read_text(encoding="utf-8"))
    rows = {row["number"]: row for section in data["sections"] for row in section["rows"]}
    assert data["publication"] is True
    for number in SUPPRESSED_ROWS:
        la_cells = rows[number]["cells"][:2]
        assert [(c["display"], c["suppressed"]) for c in la_cells] == [("c", True), ("c", True)]
        assert rows[number]["direction"] is None


def test_html_publication_prints_no_review_note():
    card = sample_scorecard(publication=True)
    first = card.sections[0]
    flagged = replace(first.rows[0], analysis=replace(first.rows[0].analysis, needs_review=("check the data",)))
    card = replace(card, sections=(replace(first, rows=(flagged, *first.rows[1:])), *card.sections[1:]))
    assert HtmlTree(render_html(card)).all(".needs-review") == []
    # the sample flags two rows of its own: three notes once the publication flag is off
    assert len(HtmlTree(render_html(replace(card, publication=False))).all(".needs-review")) == 3
