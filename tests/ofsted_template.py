"""Workbooks shaped like Ofsted's own Annex A template, as .xlsx (XlsxWriter) or .xls (xlwt).

The template as distributed (cscdp_ofsted_template_example-01.xlsx in tests/data) has, in this
order: `Front_Sheet` (prose), `FAQ_and_changes` (a table of questions), `Guidance` (list title,
field name and guidance text, one field a row), `Codes_used` (the coded fields' names across
row 1, their codes below), then `List_1` .. `List_11`, each with a title row (`List 1:
Contacts`) above its header row. Only the shape is copied here, with our own text.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import xlwt
from annex_a_builders import filled_cells, write_workbook

from csc_scorecard.ingest.schema import ListSpec, load_schema

SCHEMA = load_schema()
DAY = date(2023, 6, 1)  # every date of a row made by `list_row`


def list_row(spec: ListSpec, person: str, blank: tuple[str, ...] = ()) -> list:
    """One data row of `spec` in schema column order: `person` as the identifier, DAY in every
    date column, 0 in counts, 8 as an age, each code column's first code as the template
    prints it, "X" in other text; None (blank) in the columns named in `blank`."""
    row = []
    for column in spec.columns:
        if column.name in blank:
            row.append(None)
        elif column.name == spec.identifier:
            row.append(person)
        elif column.type == "date":
            row.append(DAY)
        elif column.type == "integer":
            row.append(0)
        elif column.type == "number":
            row.append(8)
        elif column.type == "code":
            codelist = SCHEMA.codelist_for(column)
            row.append(codelist.render(codelist.values[0]))
        else:
            row.append("X")
    return row


def template_sheets(rows: dict[str, list[list]]) -> dict[str, list[list]]:
    """Sheet name -> rows of the whole template workbook; `rows` maps a list name to its data
    rows (a list not named is there with its header row only, as in the template)."""
    sheets: dict[str, list[list]] = {
        "Front_Sheet": [
            ["Annex A - Child level data"], ["Lists 1 - 11"], [],
            ["These lists cover all children referred to or receiving a children's social care service."],
            ["What are the child level lists used for?"],
        ],
        "FAQ_and_changes": [
            ["List", "Date", "Question", "Response"],
            ["List 3", "01/08/2019", "Which referrals count in 'Number of Referrals in Last 12 Months'?",
             "Those that started within 12 months."],
        ],
    }
    guidance = [["Update: August 2019"], ["List Number/Title", "Field Heading", "Detailed Guidance"]]
    for spec in SCHEMA.lists.values():
        for index, column in enumerate(spec.columns):
            title = f"List {spec.number}: {spec.title}\n\nA child may appear more than once." if index == 0 else None
            guidance.append([title, column.header, f"Provide the {column.header.lower()} for each row."])
    sheets["Guidance"] = guidance
    coded = {}  # header -> the codes it takes, first list that has it
    for spec in SCHEMA.lists.values():
        for column in spec.columns:
            if column.type == "code" and column.header not in coded:
                coded[column.header] = [SCHEMA.codelist_for(column).render(v) for v in SCHEMA.codelist_for(column).values]
    headers = list(coded)
    depth = max(len(codes) for codes in coded.values())
    sheets["Codes_used"] = [headers, ["Preferred code"] * len(headers)] + [
        [codes[i] if i < len(codes) else None for codes in coded.values()] for i in range(depth)
    ]
    for spec in SCHEMA.lists.values():
        title = [f"List {spec.number}: {spec.title}"] + [None] * (len(spec.columns) - 1)
        sheets[f"List_{spec.number}"] = [title, [c.header for c in spec.columns], *rows.get(spec.name, [])]
    return sheets


def write_template(path: Path, rows: dict[str, list[list]]) -> Path:
    """The template-shaped workbook at `path`: .xls when its suffix says so, else .xlsx."""
    sheets = template_sheets(rows)
    if path.suffix.lower() != ".xls":
        return write_workbook(path, sheets)
    book = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, sheet_rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, c, cell in filled_cells(sheet_rows):
            sheet.write(r, c, cell, date_style if isinstance(cell, datetime) else xlwt.Style.default_style)
    book.save(str(path))
    return path
