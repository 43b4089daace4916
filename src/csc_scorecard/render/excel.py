"""The scorecard as an Excel workbook an analyst can compute with (XlsxWriter).

Sheets: "Scorecard" laid out like the report, "Monthly series" (the points of every row's
sparkline), "Definitions" and "Data quality". Figures are written as numbers, unrounded (to the
16 significant digits XlsxWriter writes; Excel itself keeps 15), with a
number format that shows them exactly as the report prints them (the format is read off the
model's display text: its decimals, a thousands separator, a literal suffix such as "%" or
" (Apr23)"), so the sheet looks like the report while formulas see the full value. A cell with
no value, or suppressed for publication, is written as its display text ("-", "c") and never as
its number. Text is always written as text, never as a formula.

A number cell cannot also hold a word, so the RAG label has its own column next to the target
(coloured by conditional formats on the label, so an edited label recolours), and the judged
headline cell gets the same colour as a fill. XlsxWriter output must not be re-saved by another
library (openpyxl drops sparklines); tests read it back read-only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from csc_scorecard.render.html import CELL_COLUMNS, DEFAULT_PUBLISHED_SUBHEADINGS, SYNTHETIC_NOTICE, long_datetime
from csc_scorecard.scorecard.model import POLARITY_LABELS, RAG_LABELS, Row, Scorecard, Section

SCORECARD_SHEET = "Scorecard"
SERIES_SHEET = "Monthly series"
DEFINITIONS_SHEET = "Definitions"
QUALITY_SHEET = "Data quality"
DATA_QUALITY_COLUMNS = ("severity", "file", "sheet", "row", "column", "message")
# A publication output counts issues per kind and names no file or row (scorecard/quality.py).
PUBLICATION_QUALITY_COLUMNS = ("severity", "sheet", "column", "message", "count")
NO_ISSUES_NOTE = "No data-quality issues were recorded for the extracts behind these figures."

# A displayed number: digits (maybe with thousands commas), optional decimals, then any suffix.
DISPLAYED_NUMBER = re.compile(r"^(-?\d{1,3}(?:,\d{3})+|-?\d+)(?:\.(\d+))?(.*)$", re.DOTALL)
PUBLISHED_PARTS = ("la", "sn", "region", "england")  # Published attribute = benchmark key

RAG_STYLE = {  # label colours: text contrast of at least 4.5:1; cell tints for the headline
    "green": {"label": {"bg_color": "#00703C", "font_color": "#FFFFFF"}, "tint": "#E3F1EA"},
    "amber": {"label": {"bg_color": "#FFDD00", "font_color": "#0B0C0C"}, "tint": "#FFF7CC"},
    "red": {"label": {"bg_color": "#A81B1B", "font_color": "#FFFFFF"}, "tint": "#F9E1DF"},
}
COLUMN_WIDTHS = {
    "number": 5, "label": 44, "trend": 16, "rolling_12m": 14, "rolling_6m": 14, "period_year_ago": 12,
    "period_to_date": 12, "direction": 10, "target": 8, "rag": 8, "polarity": 9, "regional_la": 10,
    "regional_region": 10, "published": 7, "band": 12, "analysis": 90,
}


def number_format(display: str) -> str | None:
    """The Excel number format that shows a value as `display` shows it; None if it is not a number.

    "641.3" -> "0.0", "25.7%" -> '0.0"%"' (a literal sign: values are already percentages),
    "50 (Apr23)" -> '0" (Apr23)"', "3,495" -> "#,##0"; "-", "c" and "<0.5" -> None.
    """
    match = DISPLAYED_NUMBER.match(display.strip())
    if match is None:
        return None
    whole, decimals, suffix = match.groups()
    pattern = "#,##0" if "," in whole else "0"
    if decimals:
        pattern += "." + "0" * len(decimals)
    if suffix:
        pattern += '"' + suffix.replace('"', "") + '"'
    return pattern


@dataclass(frozen=True)
class SheetColumn:
    """One column of the Scorecard sheet for a section: what it shows and its heading(s)."""

    kind: str  # number, label, trend, a cell kind, direction, target, rag, polarity, published, band, analysis
    heading: str
    subheading: str | None = None  # under a grouped heading (the published columns)
    part: str | None = None  # which published figure: la, sn, region, england


def sheet_columns(section: Section) -> list[SheetColumn]:
    """The section's columns as laid out in the sheet: the model's, with trend and RAG added."""
    columns = [SheetColumn("number", "No"), SheetColumn("label", "Indicator"), SheetColumn("trend", "Trend (13 months)")]
    for column in section.columns:
        if column.kind == "published":
            subheadings = column.subheadings or DEFAULT_PUBLISHED_SUBHEADINGS
            for part, subheading in zip(PUBLISHED_PARTS, subheadings, strict=True):
                columns.append(SheetColumn("published", column.heading, subheading, part))
        elif column.kind in CELL_COLUMNS or column.kind in ("direction", "polarity", "band", "analysis"):
            columns.append(SheetColumn(column.kind, column.heading))
        elif column.kind == "target":
            columns.append(SheetColumn("target", column.heading))
            columns.append(SheetColumn("rag", "RAG"))
        else:
            raise ValueError(f"the Excel renderer does not know the column kind {column.kind!r}")
    return columns


class Styles:
    """XlsxWriter formats made once each and shared (a workbook has a limit on distinct formats)."""

    BASE = {"font_name": "Arial", "font_size": 9, "valign": "top", "text_wrap": True}

    def __init__(self, workbook: xlsxwriter.Workbook):
        self._workbook = workbook
        self._made: dict[tuple, object] = {}

    def get(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self._made:
            self._made[key] = self._workbook.add_format({**self.BASE, **properties})
        return self._made[key]

    def cell(self, num_format: str | None = None, fill: str | None = None, **extra):
        properties = {"border": 1, "border_color": "#6F777B", **extra}
        if num_format:
            properties["num_format"] = num_format
        if fill:
            properties["bg_color"] = fill
        return self.get(**properties)


def _write_figure(sheet, row: int, col: int, value, display: str, styles: Styles, fill: str | None, hidden: bool):
    """A figure as a number with its display format, or as its display text when absent or hidden."""
    num_format = None if hidden or value is None else number_format(display)
    if num_format is None:
        sheet.write_string(row, col, display, styles.cell(fill=fill, align="right"))
    else:
        sheet.write_number(row, col, value, styles.cell(num_format, fill, align="right"))


def analysis_lines(row: Row) -> list[str]:
    """The analysis cell's paragraphs (Excel and Word): the text, what the figure left out, who
    edited it, and what needs review."""
    analysis = row.analysis
    lines = [analysis.text]
    if row.left_out_note:
        lines.append(row.left_out_note)
    if analysis.edited:
        when = f" on {long_datetime(analysis.edited_at)}" if analysis.edited_at else ""
        lines.append(f"(Edited by {analysis.author or 'an analyst'}{when})")
    if analysis.needs_review:
        lines.append("Needs review: " + "; ".join(analysis.needs_review))
    return lines


def _analysis_text(row: Row) -> str:
    return "\n".join(analysis_lines(row))


def _write_row(sheet, sheet_row: int, row: Row, columns: list[SheetColumn], series_row: int, series_width: int,
               styles: Styles) -> None:
    tint = RAG_STYLE[row.rag]["tint"] if row.rag else None
    for col, column in enumerate(columns):
        kind = column.kind
        if kind == "number":
            sheet.write_number(sheet_row, col, row.number, styles.cell(align="center"))
        elif kind == "label":
            sheet.write_string(sheet_row, col, row.label, styles.cell())
        elif kind == "trend":
            sheet.write_blank(sheet_row, col, None, styles.cell())
            if series_width:
                first = xl_rowcol_to_cell(series_row, 2)
                last = xl_rowcol_to_cell(series_row, 1 + series_width)
                sheet.add_sparkline(sheet_row, col, {
                    "range": f"'{SERIES_SHEET}'!{first}:{last}", "markers": True, "last_point": True,
                    "empty_cells": "gaps", "series_color": "#1D4F91",
                })
        elif kind in CELL_COLUMNS:
            cell = row.cell(kind)
            if cell is None:
                sheet.write_string(sheet_row, col, "-", styles.cell(align="right"))
            else:
                fill = tint if row.headline_column == kind else None
                _write_figure(sheet, sheet_row, col, cell.value, cell.display, styles, fill, cell.suppressed)
        elif kind == "direction":
            sheet.write_string(sheet_row, col, row.arrow, styles.cell(align="center", font_size=11))
        elif kind == "target":
            _write_figure(sheet, sheet_row, col, row.target, row.target_display, styles, None, False)
        elif kind == "rag":
            sheet.write_string(sheet_row, col, RAG_LABELS[row.rag], styles.cell(align="center", bold=True))
        elif kind == "polarity":
            sheet.write_string(sheet_row, col, POLARITY_LABELS[row.polarity], styles.cell(align="center"))
        elif kind == "published":
            display = getattr(row.published, column.part)
            benchmark = row.published.benchmark or {}
            value = benchmark.get(column.part)
            _write_figure(sheet, sheet_row, col, value, display, styles, None, False)
            if row.published.marker and column.part == "la":  # own values: the footnote's marker and source
                sheet.write_comment(sheet_row, col, f"{row.published.marker} {benchmark.get('source')}")
        elif kind == "band":
            sheet.write_string(sheet_row, col, row.band or "-", styles.cell(align="center"))
        elif kind == "analysis":
            sheet.write_string(sheet_row, col, _analysis_text(row), styles.cell())


def _write_headers(sheet, sheet_row: int, columns: list[SheetColumn], styles: Styles) -> int:
    """Two heading rows: grouped headings merged across their sub-headings, others merged down."""
    header = styles.cell(bold=True, align="center", valign="vcenter", fill="#DEE0E2")
    col = 0
    while col < len(columns):
        column = columns[col]
        if column.subheading is None:
            sheet.merge_range(sheet_row, col, sheet_row + 1, col, column.heading, header)
            col += 1
            continue
        span = 1
        while col + span < len(columns) and columns[col + span].heading == column.heading and columns[col + span].subheading:
            span += 1
        if span > 1:
            sheet.merge_range(sheet_row, col, sheet_row, col + span - 1, column.heading, header)
        else:
            sheet.write_string(sheet_row, col, column.heading, header)
        for offset in range(span):
            sheet.write_string(sheet_row + 1, col + offset, columns[col + offset].subheading, header)
        col += span
    return sheet_row + 2


def _month_ends(scorecard: Scorecard) -> list[date]:
    return sorted({day for row in scorecard.rows for day, _ in row.sparkline})


def _series_rows(scorecard: Scorecard) -> dict[str, int]:
    """Where each row's points are on the monthly series sheet (0-based sheet row)."""
    return {row.id: index for index, row in enumerate(scorecard.rows, start=1)}


def _write_series(sheet, scorecard: Scorecard, styles: Styles) -> None:
    """One row per indicator: id, label, then its value at each month end (blank when none)."""
    months = _month_ends(scorecard)
    head = styles.get(bold=True, bg_color="#DEE0E2", border=1)
    sheet.write_string(0, 0, "id", head)
    sheet.write_string(0, 1, "label", head)
    for offset, month_end in enumerate(months):
        sheet.write_datetime(0, 2 + offset, month_end, styles.get(bold=True, bg_color="#DEE0E2", border=1,
                                                                  num_format="yyyy-mm-dd"))
    rows_at = _series_rows(scorecard)
    for row in scorecard.rows:
        index = rows_at[row.id]
        sheet.write_string(index, 0, row.id)
        sheet.write_string(index, 1, row.label)
        values = dict(row.sparkline)
        decimals_format = "0" + ("." + "0" * row.decimals if row.decimals else "")
        for offset, month_end in enumerate(months):
            value = values.get(month_end)
            if value is not None:
                sheet.write_number(index, 2 + offset, value, styles.get(num_format=decimals_format))
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 1 + max(len(months), 1), 11)
    sheet.freeze_panes(1, 2)


def _text_block(sheet, sheet_row: int, text: str, style, last_col: int) -> int:
    sheet.merge_range(sheet_row, 0, sheet_row, last_col, text, style)
    return sheet_row + 1


def scorecard_header_lines(scorecard: Scorecard) -> Iterator[tuple[str, dict]]:
    """The lines above the tables (Excel and Word), each with its XlsxWriter format properties."""
    yield scorecard.protective_marking, {"bold": True, "font_size": 11, "align": "center"}
    if scorecard.synthetic:
        yield SYNTHETIC_NOTICE, {"bold": True, "bg_color": "#FFF7BF", "border": 2, "border_color": "#594D00"}
    yield scorecard.heading, {"bold": True, "font_size": 14}
    yield scorecard.local_authority.get("name", ""), {"bold": True}
    for paragraph in scorecard.preamble:
        yield paragraph, {}
    if scorecard.sign_off:
        sign_off = scorecard.sign_off
        yield (f"Signed off by {sign_off.by} on {long_datetime(sign_off.at)} (version {sign_off.version}). "
               f"Generated {long_datetime(scorecard.generated_at)}."), {"bold": True}
    else:
        yield f"Draft: not signed off. Generated {long_datetime(scorecard.generated_at)}.", {"bold": True}
    if scorecard.publication:
        yield 'Publication version: figures built on small numbers are shown as "c".', {"bold": True}


def glance_lines(scorecard: Scorecard) -> Iterator[tuple[str, dict]]:
    """At a glance (Excel and Word, after the header lines): the counts, then one line for each
    row needing attention."""
    summary = scorecard.summary
    yield "At a glance", {"bold": True, "font_size": 11}
    yield summary.counts_line, {}
    if summary.attention:
        yield "Needing attention:", {"bold": True}
        for item in summary.attention:
            yield item.line, {}
    else:
        yield "No indicator needs attention (special cause concern, red and moving away, or failing assurance).", {}


def _header_text(text: str) -> str:
    """Text for an Excel page header/footer, where "&" starts a control code."""
    return text.replace("&", "&&")


def _write_scorecard_sheet(workbook, sheet, scorecard: Scorecard, styles: Styles) -> None:
    series_rows = _series_rows(scorecard)
    series_width = len(_month_ends(scorecard))
    layouts = [sheet_columns(section) for section in scorecard.sections]
    width = max((len(columns) for columns in layouts), default=3)
    last_col = width - 1

    sheet_row = 0
    for text, properties in scorecard_header_lines(scorecard):
        sheet_row = _text_block(sheet, sheet_row, text, styles.get(**properties), last_col)
    sheet_row += 1
    for text, properties in glance_lines(scorecard):
        sheet_row = _text_block(sheet, sheet_row, text, styles.get(**properties), last_col)
    sheet_row += 1

    widths: dict[int, float] = {}
    for section, columns in zip(scorecard.sections, layouts, strict=True):
        sheet_row = _text_block(sheet, sheet_row, section.title, styles.get(bold=True, font_size=11), last_col)
        sheet_row = _write_headers(sheet, sheet_row, columns, styles)
        rag_col = next((i for i, c in enumerate(columns) if c.kind == "rag"), None)
        first_data_row = sheet_row
        for row in section.rows:
            _write_row(sheet, sheet_row, row, columns, series_rows[row.id], series_width, styles)
            sheet.set_row(sheet_row, 60)
            sheet_row += 1
        if rag_col is not None and section.rows:
            for rag, style in RAG_STYLE.items():
                sheet.conditional_format(first_data_row, rag_col, sheet_row - 1, rag_col, {
                    "type": "cell", "criteria": "==", "value": f'"{RAG_LABELS[rag]}"',
                    "format": workbook.add_format({**style["label"], "bold": True}),
                })
        for col, column in enumerate(columns):
            widths[col] = max(widths.get(col, 0), COLUMN_WIDTHS.get(column.kind, 10))
        sheet_row += 1

    for marker, text in scorecard.footnotes:
        sheet_row = _text_block(sheet, sheet_row, f"{marker} {text}", styles.get(), last_col)

    for col, column_width in widths.items():
        sheet.set_column(col, col, column_width)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.3, right=0.3, top=0.6, bottom=0.6)
    marking = _header_text(scorecard.protective_marking)
    sheet.set_header(f"&L{_header_text(scorecard.heading)}&C&B{marking}"
                     + (f"&R{_header_text(SYNTHETIC_NOTICE)}" if scorecard.synthetic else ""))
    sheet.set_footer(f"&C&B{marking}&RPage &P of &N")
    sheet.activate()


def _write_definitions(sheet, scorecard: Scorecard, styles: Styles) -> None:
    head = styles.get(bold=True, bg_color="#DEE0E2", border=1)
    for col, title in enumerate(("id", "number", "label", "unit", "polarity", "definition")):
        sheet.write_string(0, col, title, head)
    for index, row in enumerate(scorecard.rows, start=1):
        sheet.write_string(index, 0, row.id, styles.get())
        sheet.write_number(index, 1, row.number, styles.get())
        sheet.write_string(index, 2, row.label, styles.get())
        sheet.write_string(index, 3, row.unit, styles.get())
        sheet.write_string(index, 4, row.polarity, styles.get())
        sheet.write_string(index, 5, row.definition, styles.get())
    for col, column_width in enumerate((28, 8, 60, 8, 9, 100)):
        sheet.set_column(col, col, column_width)
    sheet.freeze_panes(1, 0)


def _write_data_quality(sheet, scorecard: Scorecard, styles: Styles) -> None:
    """The issues behind the figures: place and message only (never the cell value itself)."""
    head = styles.get(bold=True, bg_color="#DEE0E2", border=1)
    columns = PUBLICATION_QUALITY_COLUMNS if scorecard.publication else DATA_QUALITY_COLUMNS
    for col, title in enumerate(columns):
        sheet.write_string(0, col, title, head)
    for index, issue in enumerate(scorecard.data_quality, start=1):
        for col, key in enumerate(columns):
            value = issue.get(key)
            if value is None:
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(index, col, value, styles.get())
            else:
                sheet.write_string(index, col, str(value), styles.get())
    if not scorecard.data_quality:
        sheet.write_string(1, 0, NO_ISSUES_NOTE, styles.get(text_wrap=False))
    widths = (9, 14, 28, 90, 7) if scorecard.publication else (9, 28, 14, 7, 28, 90)
    for col, column_width in enumerate(widths):
        sheet.set_column(col, col, column_width)
    sheet.freeze_panes(1, 0)


def render_xlsx(scorecard: Scorecard, path: Path | str) -> Path:
    """Write the scorecard workbook to `path` and return the path."""
    path = Path(path)
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
    workbook.set_properties({
        "title": f"{scorecard.local_authority.get('name', '')} scorecard: {scorecard.heading}",
        "comments": SYNTHETIC_NOTICE if scorecard.synthetic else "",
        "keywords": scorecard.protective_marking,
    })
    styles = Styles(workbook)
    sheets = [workbook.add_worksheet(name) for name in (SCORECARD_SHEET, SERIES_SHEET, DEFINITIONS_SHEET, QUALITY_SHEET)]
    _write_scorecard_sheet(workbook, sheets[0], scorecard, styles)
    _write_series(sheets[1], scorecard, styles)
    _write_definitions(sheets[2], scorecard, styles)
    _write_data_quality(sheets[3], scorecard, styles)
    workbook.close()
    return path
