"""The Word document: the reference's layout as real, editable tables, read back with python-docx."""

from __future__ import annotations

import zipfile
from dataclasses import replace

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from csc_scorecard.render.html import SYNTHETIC_NOTICE
from csc_scorecard.render.word import render_docx

from .docx_reading import compare_with_json, read_word_rows
from .expected import EXPECTED_RAG, REFERENCE_LA, SECTION_ROW_NUMBERS
from .sample import sample_scorecard
from .test_left_out import LEFT_OUT, with_left_out

PUBLISHED = "Latest published statistics (2022-23)"


@pytest.fixture(scope="module")
def scorecard():
    return sample_scorecard()


@pytest.fixture(scope="module")
def document(outputs):
    return Document(str(outputs["docx"]))


@pytest.fixture(scope="module")
def rows(outputs):
    return read_word_rows(outputs["docx"])


def all_text(document) -> str:
    """The body's paragraphs and every table cell, one line each."""
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def test_a4_landscape(document):
    section = document.sections[0]
    assert len(document.sections) == 1
    assert section.orientation == WD_ORIENT.LANDSCAPE
    # 297 x 210 mm, to the twip Word stores (1 mm = 36,000 EMU).
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def test_three_tables_one_per_section_with_its_rows_in_order(document, rows):
    assert len(document.tables) == 3
    for table, numbers in zip(document.tables, SECTION_ROW_NUMBERS, strict=True):
        assert len(table.rows) == 2 + len(numbers)  # two heading rows
        assert tuple(int(row.cells[0].text) for row in table.rows[2:]) == numbers
    assert sorted(rows) == list(range(1, 24))


def test_heading_rows_are_the_excel_columns_less_the_trend_and_repeat_on_each_page(document):
    table = document.tables[0]
    headings = [cell.text for cell in table.rows[0].cells]
    assert headings == [
        "No", "Indicator", "SPC", "LA rolling 12m (Jan23 - Dec23)", "LA rolling 6m (Jul23 - Dec23)", "Direction of travel",
        "Target", "RAG", "Low/High is good", "RIG Q2 Sefton", "RIG Q2 NW", PUBLISHED, PUBLISHED, PUBLISHED, PUBLISHED,
        "Compared to mid-50% LA", "Analysis",
    ]
    assert [cell.text for cell in table.rows[1].cells][11:15] == ["LA", "SN", "NW", "Eng"]
    # The published heading is one merged cell over its four sub-headings (gridSpan 4).
    spans = [tc.tcPr.find(qn("w:gridSpan")) for tc in table.rows[0]._tr.tc_lst if tc.tcPr is not None]
    assert [int(span.get(qn("w:val"))) for span in spans if span is not None] == [4]
    for table in document.tables:
        for heading_row in table.rows[:2]:
            assert heading_row._tr.trPr.find(qn("w:tblHeader")) is not None


def test_every_displayed_figure_is_the_json_display(scorecard, rows):
    # 23 rows x (4 cells: two LA, two regional + 4 published + target, RAG, arrow, polarity, band, label).
    assert compare_with_json(rows, scorecard.to_json()) == 23 * 14


def test_the_reference_figures_and_arrows(rows):
    for number, (first, second, arrow) in REFERENCE_LA.items():
        texts = rows[number].texts
        assert (texts[3], texts[4], texts[5]) == (first, second, arrow), number  # after No, Indicator, SPC


def test_rag_label_in_its_own_coloured_column_and_the_headline_cell_tinted(rows):
    tints = {"Green": "E3F1EA", "Amber": "FFF7CC", "Red": "F9E1DF"}
    labels = {"Green": "00703C", "Amber": "FFDD00", "Red": "A81B1B"}
    for number, row in rows.items():
        rag = row.text("RAG")
        assert rag == EXPECTED_RAG.get(number, "-"), number
        figure_fills = [fill for fill in row.fills[3:5] if fill]  # the two LA figures, after No, Indicator, SPC
        if rag == "-":
            assert row.fills[row.at("RAG")] is None and figure_fills == []
        else:
            assert row.fills[row.at("RAG")] == labels[rag]
            # Row 6 judges its latest value (rolling 6m column): the other rows their first column.
            headline = 4 if number in (6, 7) or number >= 8 else 3
            assert row.fills[headline] == tints[rag] and figure_fills == [tints[rag]], number


def test_analysis_column_holds_the_text_edit_and_review_notes(scorecard, rows):
    for row in scorecard.rows:
        assert rows[row.number].text("Analysis").split("\n")[0] == row.analysis.text
    assert rows[4].text("Analysis").split("\n")[1] == "(Edited by A. Analyst on 8 January 2024, 10:15)"
    assert rows[12].text("Analysis").endswith(
        "Needs review: the figure changed by more than 50%: check the data before publishing")


def test_left_out_note_under_the_analysis_of_that_row_only(tmp_path):
    rows = read_word_rows(render_docx(with_left_out(LEFT_OUT), tmp_path / "left-out.docx"))
    notes = {n: r.text("Analysis").split("\n")[1:] for n, r in rows.items() if "left out" in r.text("Analysis")}
    assert notes == {4: ["3 records left out of this figure: authorised before it started (2); "
                         "blank Continuous Assessment Start Date (1).", "(Edited by A. Analyst on 8 January 2024, 10:15)"]}


def test_header_has_marking_as_at_and_synthetic_notice_footer_has_page_of_pages(document):
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == [
        "OFFICIAL-SENSITIVE", "Data as at end of December 2023", SYNTHETIC_NOTICE,
    ]
    footer = section.footer.paragraphs[0]
    instructions = [field.get(qn("w:instr")) for field in footer._p.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("OFFICIAL-SENSITIVE") and " of " in footer.text


def test_body_text_preamble_footnotes_sign_off_and_a_notice_per_section(document, scorecard):
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:3] == ["OFFICIAL-SENSITIVE", SYNTHETIC_NOTICE, "Data as at end of December 2023"]
    for text in scorecard.preamble:
        assert text in paragraphs
    assert "* rolling 12 months data. All others figures are taken from the ChAT 12 months ago" in paragraphs
    assert "Signed off by Head of Service on 10 January 2024, 14:30 (version 1)." in paragraphs
    assert paragraphs.count(SYNTHETIC_NOTICE) == 3  # the top, and the start of sections 2 and 3
    for section in scorecard.sections:
        assert section.title in paragraphs


def test_real_data_carries_no_synthetic_notice(tmp_path):
    document = Document(str(render_docx(sample_scorecard(synthetic=False), tmp_path / "real.docx")))
    assert SYNTHETIC_NOTICE not in all_text(document)
    assert [p.text for p in document.sections[0].header.paragraphs] == [
        "OFFICIAL-SENSITIVE", "Data as at end of December 2023"]


def test_a_configured_marking_is_in_the_header_and_footer(tmp_path):
    document = Document(str(render_docx(sample_scorecard(protective_marking="OFFICIAL"), tmp_path / "m.docx")))
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL"
    assert document.sections[0].footer.paragraphs[0].text.startswith("OFFICIAL ")


def test_tables_are_text_with_no_picture(outputs, document):
    with zipfile.ZipFile(outputs["docx"]) as archive:
        assert not [name for name in archive.namelist() if name.startswith("word/media/")]
    assert len(document.inline_shapes) == 0


def test_publication_shows_c_and_no_direction(tmp_path):
    # Rows 13 (3 of 75, 5 of 83 plans) and 19 (1 of 80, 1 of 90 children) rest on 1-5 children.
    card = sample_scorecard(publication=True)
    path = render_docx(card, tmp_path / "publication.docx")
    rows = read_word_rows(path)
    for number in (13, 19):
        assert (rows[number].text("LA Dec22 ChAT"), rows[number].text("LA Dec23 ChAT")) == ("c", "c")
        assert rows[number].text("Direction of travel") == "-"
    assert rows[14].text("LA Dec23 ChAT") == "114"
    assert 'Publication version: figures built on small numbers are shown as "c".' in [
        p.text for p in Document(str(path)).paragraphs]


def test_an_unsigned_scorecard_says_draft(tmp_path):
    document = Document(str(render_docx(replace(sample_scorecard(), sign_off=None), tmp_path / "draft.docx")))
    assert "Draft: not signed off. Generated 5 January 2024, 09:30." in [p.text for p in document.paragraphs]
