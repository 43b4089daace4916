"""Excel and Word show the SPC reading as words in a cell filled with the icon's colour, and every
output states the RAG rule with the amber margin of each row that overrides the default 5%."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn

from csc_scorecard.render import render_all
from csc_scorecard.render.spc_icons import TEXT_ON
from csc_scorecard.scorecard.model import amber_margin_words

from .docx_reading import read_word_rows
from .html_tree import HtmlTree
from .sample import sample_scorecard
from .test_spc_icons import chart
from .xlsx_reading import opened


def with_rows(card, change: dict[int, dict]):
    """`card` with fields of the rows numbered in `change` replaced."""
    return replace(card, sections=tuple(
        replace(section, rows=tuple(replace(row, **change[row.number]) if row.number in change else row for row in section.rows))
        for section in card.sections))


# Row 2: latest 9 above the mean 5, concern, failing the target; row 4: common cause, hit and miss;
# row 9: latest 1 below the mean 5, improvement, passing; row 10: on neither side's polarity, high.
CHARTED = {
    2: {"spc": chart([5, 9], 5, "concern", "fail")},
    4: {"spc": chart([5, 6, 5], 5.3, "common_cause", "hit_and_miss")},
    9: {"spc": chart([5, 1], 5, "improvement", "pass")},
    10: {"spc": chart([5, 9], 5, "neither")},
}
EXPECTED = {  # row: (variation, its fill), (assurance, its fill)
    2: (("Concern (high)", "E46C0A"), ("Fail", "E46C0A")),
    4: (("Common cause", "A6A6A6"), ("Hit and miss", "A6A6A6")),
    9: (("Improvement (low)", "00B0F0"), ("Pass", "00B0F0")),
    10: (("Special cause (high)", "490092"), None),
}
# Rows judged by the RAG (they carry an amber margin): most at 5%, row 9 at 10%, rows 4 and 18 at 2%.
MARGINS = {2: 0.05, 4: 0.02, 9: 0.1, 18: 0.02, 23: 0.05, 12: 0.05}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    card = with_rows(sample_scorecard(), {n: {**CHARTED.get(n, {}), "amber_margin": MARGINS.get(n)}
                                          for n in range(1, 24)})
    return render_all(card, tmp_path_factory.mktemp("spc-cells"), formats=("html", "xlsx", "docx"))


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_text_on_each_spc_colour_has_a_contrast_of_at_least_6_to_1():
    for fill, text in TEXT_ON.items():
        light, dark = sorted((_luminance(fill), _luminance(text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 6, fill


def test_excel_spc_cells(written):
    with opened(written["xlsx"]) as workbook:
        rows = list(workbook["Scorecard"].iter_rows())
    found = {}
    heading = None
    for cells in rows:
        values = [getattr(c, "value", None) for c in cells]
        if values and values[0] == "No":
            heading = values
        elif values and isinstance(values[0], int) and heading:
            variation, assurance = cells[heading.index("SPC variation")], cells[heading.index("SPC assurance")]
            found[values[0]] = tuple(
                None if c.value == "-" else (c.value, c.fill.fgColor.rgb[-6:]) for c in (variation, assurance))
    for number, expected in EXPECTED.items():
        assert found[number] == expected, number
    assert found[1] == (None, None)  # no chart: "-"


def test_word_spc_cell_has_a_shaded_paragraph_each(written):
    rows = read_word_rows(written["docx"])
    document = Document(str(written["docx"]))
    for number, expected in EXPECTED.items():
        assert rows[number].text("SPC") == "\n".join(text for text, _ in filter(None, expected)), number
    # the fills: each paragraph of the cell carries its own shading
    fills = {}
    for table in document.tables:
        if table.rows[0].cells[0].text != "No":
            continue
        column = [c.text for c in table.rows[0].cells].index("SPC")
        for row in table.rows[2:]:
            cell = row.cells[column]
            fills[int(row.cells[0].text)] = [p._p.pPr.find(qn("w:shd")).get(qn("w:fill")).upper()
                                             for p in cell.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:shd")) is not None]
    for number, expected in EXPECTED.items():
        assert fills[number] == [fill for _, fill in filter(None, expected)], number


def test_amber_margin_words_name_every_override():
    card = with_rows(sample_scorecard(), {n: {"amber_margin": MARGINS.get(n)} for n in range(1, 24)})
    # 5% is used by rows 2, 12 and 23 (three rows), 2% by 4 and 18, 10% by 9
    assert amber_margin_words(card.rows) == "5% of the target (rows 4 and 18: 2%; row 9: 10%)"
    assert amber_margin_words([]) == "5% of the target"
    only = with_rows(sample_scorecard(), {n: {"amber_margin": 0.025 if n == 2 else None} for n in range(1, 24)})
    assert amber_margin_words(only.rows) == "2.5% of the target"  # the one margin in use is the rule


def test_every_output_states_the_rule_with_the_overrides(written):
    words = "Amber misses it by no more than 5% of the target (rows 4 and 18: 2%; row 9: 10%); Red misses it by more."
    legend = " ".join(" ".join(HtmlTree(written["html"].read_text(encoding="utf-8")).texts(".legend-rag")).split())
    assert legend.endswith(words)
    assert legend.startswith("RAG (rows with a target and a polarity, judged on the figure as displayed): Green meets")
    rule = with_rows(sample_scorecard(), {n: {"amber_margin": MARGINS.get(n)} for n in range(1, 24)}).rag_rule
    assert legend == rule  # the HTML sets the same words as Excel and Word, with coloured badges
    with opened(written["xlsx"]) as workbook:
        texts = [c.value for row in workbook["Scorecard"].iter_rows() for c in row if isinstance(getattr(c, "value", None), str)]
    assert any(t.startswith("RAG (rows with a target and a polarity") and t.endswith(words) for t in texts)
    paragraphs = [p.text for p in Document(str(written["docx"])).paragraphs]
    assert any(p.startswith("RAG (rows with a target and a polarity") and p.endswith(words) for p in paragraphs)
