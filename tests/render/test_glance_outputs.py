"""At a glance is the first section of every output: HTML (and so the PDF and the dashboard),
Excel, Word and JSON, with the counts and the rows needing attention."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from docx import Document

from csc_scorecard.render.excel import render_xlsx
from csc_scorecard.render.html import render_html
from csc_scorecard.render.json_out import render_json
from csc_scorecard.render.word import render_docx

from .html_tree import HtmlTree
from .sample import sample_scorecard
from .xlsx_reading import read_sheets

# The sample: improved = low and down (rows 2, 6, 7) + high and up (4, 17, 18) = 6; worsened =
# high and down (9, 21, 22, 23) + low and up (12, 13) = 6; red: 2, 4, 6, 7. Here row 2 is also
# special cause concern and moving away from its target, row 9 special cause improvement.
COUNTS = "Of 23 indicators, 6 improved and 6 worsened; 4 are red; 1 shows special cause concern and 1 special cause improvement."


@pytest.fixture(scope="module")
def scorecard():
    card = sample_scorecard()
    points = [{"period_end": "2023-11-30", "value": 20.0}, {"period_end": "2023-12-31", "value": 30.0}]
    concern = {"mean": 25.0, "points": points, "variation": "concern", "assurance": "hit_and_miss"}
    sections = []
    for section in card.sections:
        rows = tuple(
            replace(r, spc=concern, projection={"slope_per_month": 0.1, "status": "away", "reaches_target": None}) if r.number == 2
            else replace(r, spc={"mean": 25.0, "points": points, "variation": "improvement", "assurance": None}) if r.number == 9
            else r
            for r in section.rows
        )
        sections.append(replace(section, rows=rows))
    return replace(card, sections=tuple(sections))


def attention_line(scorecard) -> str:
    label = next(r.label for r in scorecard.rows if r.number == 2)
    return f"2. {label}: special cause concern; red and moving away from the target."


def test_html_first_section(scorecard):
    tree = HtmlTree(render_html(scorecard))
    sections = tree.all("section")
    assert sections[0].get("class") == "at-a-glance"
    assert tree.texts(".glance-counts li") == [
        "6 improved", "6 worsened", "4 red", "1 special cause concern", "1 special cause improvement"]
    assert tree.texts(".glance-attention li") == [attention_line(scorecard)]


def test_excel_and_word_put_it_before_the_first_section(scorecard, tmp_path):
    first_title = scorecard.sections[0].title
    cells = [row[0] for row in read_sheets(render_xlsx(scorecard, tmp_path / "s.xlsx"))["Scorecard"] if row and row[0]]
    paragraphs = [p.text for p in Document(str(render_docx(scorecard, tmp_path / "s.docx"))).paragraphs]
    for lines in (cells, paragraphs):
        start = lines.index("At a glance")
        assert lines[start:start + 4] == ["At a glance", COUNTS, "Needing attention:", attention_line(scorecard)]
        assert start + 4 <= lines.index(first_title)


def test_json_top_level_summary(scorecard, tmp_path):
    data = json.loads(render_json(scorecard, tmp_path / "s.json").read_text(encoding="utf-8"))
    summary = data["summary"]
    assert {k: summary[k] for k in ("rows", "improved", "worsened", "red", "special_cause_concern", "special_cause_improvement")} == {
        "rows": 23, "improved": 6, "worsened": 6, "red": 4, "special_cause_concern": 1, "special_cause_improvement": 1}
    assert [(a["number"], a["reasons"]) for a in summary["attention"]] == [(2, ["special_cause_concern", "red_moving_away"])]
