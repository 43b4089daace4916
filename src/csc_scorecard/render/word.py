"""The scorecard as a Word document (python-docx), laid out like the reference scorecard.

A4 landscape; the lines above the tables as in the Excel sheet (protective marking, synthetic
notice, heading, LA, preamble, sign-off or draft, publication note); then each section as a
real, editable Word table with the Excel sheet's columns (less the sparkline trend, which is a
picture) and two heading rows, the published heading spanning its four sub-headings. Every
figure is the model's display text ("641.3", "c", "-"); the judged headline cell is tinted with
its RAG colour and the RAG label has its own column (a word, never colour alone). The page
header carries the protective marking, "Data as at ..." and the synthetic notice, the footer
the marking and "Page N of M" (Word fields). The SPC reading is words in paragraphs shaded with the
icons' colours; an appendix on its own pages names each row's largest contributors to its change
(as the HTML report's). The renderer computes no figure.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from csc_scorecard.render.excel import (
    RAG_STYLE, SheetColumn, analysis_lines, glance_lines, legend_lines, scorecard_header_lines, sheet_columns, spc_label,
)
from csc_scorecard.render.html import CELL_COLUMNS, DRIVERS_TITLE, SYNTHETIC_NOTICE, drivers_intro, long_datetime
from csc_scorecard.render.spc_icons import TEXT_ON
from csc_scorecard.scorecard.breakdown_tables import compared_labels, largest_contributors, no_contributor_reason
from csc_scorecard.scorecard.model import POLARITY_LABELS, RAG_LABELS, Row, Scorecard, Section

FONT = "Arial"
BODY_SIZE = Pt(7.5)
HEADER_FILL = "DEE0E2"
PAGE_MARGIN = Mm(10)
# Column widths in millimetres by kind; the analysis column takes what is left of the page.
COLUMN_MM = {
    "number": 9, "label": 44, "rolling_12m": 14, "rolling_6m": 14, "period_year_ago": 14, "period_to_date": 14,
    "direction": 12, "target": 12, "rag": 13, "polarity": 12, "regional_la": 13, "regional_region": 13,
    "published": 10, "band": 14, "spc": 17,
}
# The appendix's tables: breakdown, largest contributor, then, now, change, share of change (mm).
DRIVERS_MM = (45, 90, 22, 22, 22, 25)
DRIVERS_HEADINGS = ("Breakdown", "Largest contributor", "Then", "Now", "Change", "Share of change")
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def word_columns(section: Section) -> list[SheetColumn]:
    """The section's table columns: the Excel sheet's, without the sparkline (a picture), and
    its two SPC columns as one (a page is narrower than a sheet)."""
    columns = []
    for column in sheet_columns(section):
        if column.kind == "variation":
            columns.append(SheetColumn("spc", "SPC"))
        elif column.kind not in ("trend", "assurance"):
            columns.append(column)
    return columns


def _shading(fill: str):
    """A background colour element (python-docx has no API for one); `fill` may start with '#'."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.lstrip("#"))
    return shading


def _shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_shading(fill))


def _row_flag(row, name: str) -> None:
    """Set a table row property: w:tblHeader (repeated at the top of each page the table runs
    onto) or w:cantSplit (never split across two pages)."""
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _write(cell, lines: list[str] | str, *, bold: bool = False, align: str = "left", size=BODY_SIZE,
           colour: str | None = None) -> None:
    """Put `lines` in a cell, one paragraph each (the cell's first paragraph is reused)."""
    lines = [lines] if isinstance(lines, str) else lines
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = ALIGN[align]
        paragraph.paragraph_format.space_after = Pt(2) if index < len(lines) - 1 else Pt(0)
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = size
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)


def _write_spc(cell, row: Row) -> None:
    """The SPC variation, then the assurance, each a paragraph shaded in its icon's colour."""
    found = [label for label in (spc_label(row, "variation"), spc_label(row, "assurance")) if label]
    if not found:
        _write(cell, "-", align="center")
        return
    _write(cell, [text for text, _ in found], align="center")
    for paragraph, (_, colour) in zip(cell.paragraphs, found, strict=True):
        paragraph._p.get_or_add_pPr().insert(0, _shading(colour))
        paragraph.runs[0].font.color.rgb = RGBColor.from_string(TEXT_ON[colour].lstrip("#"))


def _figure_text(row: Row, column: SheetColumn) -> tuple[str, str]:
    """What a figure column shows for a row, and its alignment."""
    kind = column.kind
    if kind in CELL_COLUMNS:
        cell = row.cell(kind)
        return ("-" if cell is None else cell.display), "right"
    if kind == "direction":
        return row.arrow, "center"
    if kind == "target":
        return row.target_display, "right"
    if kind == "polarity":
        return POLARITY_LABELS[row.polarity], "center"
    if kind == "published":
        marker = row.published.marker if column.part == "la" and row.published.marker else ""
        return getattr(row.published, column.part) + marker, "right"  # marker: the footnote of own values
    if kind == "band":
        return row.band or "-", "center"
    raise ValueError(f"the Word renderer does not know the column kind {kind!r}")


def _write_row(cells, row: Row, columns: list[SheetColumn]) -> None:
    for cell, column in zip(cells, columns, strict=True):
        kind = column.kind
        if kind == "number":
            _write(cell, str(row.number), align="center")
        elif kind == "label":
            _write(cell, row.label)
        elif kind == "rag":
            _write(cell, RAG_LABELS[row.rag], bold=True, align="center")
            if row.rag:
                label = RAG_STYLE[row.rag]["label"]
                _shade(cell, label["bg_color"])
                cell.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(label["font_color"].lstrip("#"))
        elif kind == "analysis":
            _write(cell, analysis_lines(row))
        elif kind == "spc":
            _write_spc(cell, row)
        else:
            text, align = _figure_text(row, column)
            _write(cell, text, align=align, size=Pt(9) if kind == "direction" else BODY_SIZE)
            if kind == row.headline_column and row.rag:
                _shade(cell, RAG_STYLE[row.rag]["tint"])


def _write_headings(table, columns: list[SheetColumn]) -> None:
    """Two heading rows: a grouped heading merged across its sub-headings, the others merged down."""
    top, bottom = table.rows[0], table.rows[1]
    col = 0
    while col < len(columns):
        column = columns[col]
        if column.subheading is None:
            merged = top.cells[col].merge(bottom.cells[col])
            _write(merged, column.heading, bold=True, align="center")
            col += 1
            continue
        span = 1
        while col + span < len(columns) and columns[col + span].heading == column.heading and columns[col + span].subheading:
            span += 1
        merged = top.cells[col].merge(top.cells[col + span - 1]) if span > 1 else top.cells[col]
        _write(merged, column.heading, bold=True, align="center")
        for offset in range(span):
            _write(bottom.cells[col + offset], columns[col + offset].subheading, bold=True, align="center")
        col += span
    for heading_row in (top, bottom):
        _row_flag(heading_row, "w:tblHeader")
        for tc in heading_row._tr.tc_lst:  # each cell once (a merged cell stands in several columns)
            tc.get_or_add_tcPr().append(_shading(HEADER_FILL))


def _column_widths(columns: list[SheetColumn], page_width_mm: float) -> list[float]:
    fixed = [COLUMN_MM.get(column.kind) for column in columns]
    rest = page_width_mm - sum(width for width in fixed if width)
    open_columns = sum(1 for width in fixed if not width)
    return [width or max(rest / max(open_columns, 1), 20) for width in fixed]


def _write_section_table(document, section: Section, page_width_mm: float, grid) -> None:
    columns = word_columns(section)
    table = document.add_table(rows=2 + len(section.rows), cols=len(columns))
    table.style = grid
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _column_widths(columns, page_width_mm)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the table grid, which LibreOffice follows
    cells = [table_row.cells for table_row in table.rows]  # once: python-docx works them out at each call
    for row_cells in cells:
        for cell, width in zip(row_cells, widths, strict=True):
            cell.width = Mm(width)  # each cell's own width, which Word follows
    for table_row in table.rows[2:]:
        _row_flag(table_row, "w:cantSplit")  # an indicator's row stays on one page
    _write_headings(table, columns)
    for row, row_cells in zip(section.rows, cells[2:], strict=True):  # the headings' merges change rows 0-1 only
        _write_row(row_cells, row, columns)


def _write_drivers_appendix(document, scorecard: Scorecard, grid) -> None:
    """The report's appendix (render/templates/_scorecard_drivers.html.j2): per row with drivers,
    the largest contributor to its change in each breakdown, on pages of its own."""
    listed = [row for row in scorecard.rows if row.drivers]
    if not listed:
        return
    document.add_page_break()
    if scorecard.synthetic:
        _paragraph(document, SYNTHETIC_NOTICE, {"bold": True, "bg_color": "#FFF7BF"})
    _paragraph(document, DRIVERS_TITLE, {"bold": True, "font_size": 11}).paragraph_format.keep_with_next = True
    _paragraph(document, drivers_intro(scorecard), {})
    for row in listed:
        periods = compared_labels(row)
        heading = _paragraph(document, f"{row.number}. {row.label}", {"bold": True})
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.space_before = Pt(8)
        compared = _paragraph(document, f"{periods.get('current', '')} against {periods.get('comparison', '')}", {})
        compared.paragraph_format.keep_with_next = True
        contributors = largest_contributors(row)
        if not contributors:
            _paragraph(document, no_contributor_reason(row), {})
            continue
        table = document.add_table(rows=1 + len(contributors), cols=len(DRIVERS_HEADINGS))
        table.style = grid
        table.autofit = False
        for column, width in zip(table.columns, DRIVERS_MM, strict=True):
            column.width = Mm(width)  # the grid, which LibreOffice follows
        cells = [table_row.cells for table_row in table.rows]  # once: python-docx works them out at each call
        for table_row, row_cells in zip(table.rows, cells, strict=True):
            _row_flag(table_row, "w:cantSplit")
            for cell, width in zip(row_cells, DRIVERS_MM, strict=True):
                cell.width = Mm(width)
        for cell, heading in zip(cells[0], DRIVERS_HEADINGS, strict=True):
            _write(cell, heading, bold=True)
            _shade(cell, HEADER_FILL)
        for row_cells, contributor in zip(cells[1:], contributors, strict=True):
            line = contributor.line
            texts = (contributor.title, line.category, line.comparison_numerator, line.numerator, line.change, line.share)
            for index, (cell, text) in enumerate(zip(row_cells, texts, strict=True)):
                _write(cell, text, align="right" if index >= 2 else "left")
        for row_cells in cells[:-1]:  # a small table stays on one page
            for paragraph in row_cells[0].paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _paragraph(document, text: str, properties: dict):
    """A body paragraph from one of `scorecard_header_lines`' XlsxWriter property sets."""
    paragraph = document.add_paragraph()
    if "bg_color" in properties:  # the synthetic notice: a shaded paragraph
        # Appended first: python-docx puts the alignment and spacing set below after it, in
        # the element order Word requires.
        paragraph._p.get_or_add_pPr().append(_shading(properties["bg_color"]))
    paragraph.alignment = ALIGN[properties.get("align", "left")]
    paragraph.paragraph_format.space_after = Pt(3)
    run = paragraph.add_run(text)
    run.bold = bool(properties.get("bold"))
    run.font.size = Pt(properties.get("font_size", 9))
    return paragraph


def _page_setup(document, scorecard: Scorecard) -> float:
    """A4 landscape with the marking and "Data as at" in the header, the page number in the footer;
    returns the width between the margins in millimetres."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, PAGE_MARGIN)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking = header.add_run(scorecard.protective_marking)
    marking.bold = True
    marking.font.size = Pt(9)
    as_at = section.header.add_paragraph(scorecard.heading)
    as_at.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if scorecard.synthetic:
        notice = section.header.add_paragraph()
        notice.alignment = WD_ALIGN_PARAGRAPH.CENTER
        notice.add_run(SYNTHETIC_NOTICE).bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(scorecard.protective_marking).bold = True
    footer.add_run("    Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    return 297 - 2 * PAGE_MARGIN.mm


def render_docx(scorecard: Scorecard, path: Path | str) -> Path:
    """Write the scorecard Word document to `path` and return the path."""
    path = Path(path)
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(9)
    properties = document.core_properties
    properties.title = f"{scorecard.local_authority.get('name', '')} scorecard: {scorecard.heading}"
    properties.keywords = scorecard.protective_marking
    properties.comments = SYNTHETIC_NOTICE if scorecard.synthetic else ""
    page_width_mm = _page_setup(document, scorecard)
    grid = document.styles["Table Grid"]  # the tables' style, found once (by name, python-docx searches for it each time)

    for text, line_properties in (*scorecard_header_lines(scorecard), *glance_lines(scorecard), *legend_lines(scorecard)):
        _paragraph(document, text, line_properties)
    for index, section in enumerate(scorecard.sections):
        if index:
            document.add_page_break()
            if scorecard.synthetic:
                _paragraph(document, SYNTHETIC_NOTICE, {"bold": True, "bg_color": "#FFF7BF"})
        _paragraph(document, section.title, {"bold": True, "font_size": 11}).paragraph_format.keep_with_next = True
        _write_section_table(document, section, page_width_mm, grid)
    for marker, text in scorecard.footnotes:
        _paragraph(document, f"{marker} {text}", {})
    if scorecard.sign_off:
        sign_off = scorecard.sign_off
        _paragraph(document, f"Signed off by {sign_off.by} on {long_datetime(sign_off.at)} "
                             f"(version {sign_off.version}).", {})
    _write_drivers_appendix(document, scorecard, grid)
    document.save(str(path))
    return path
