"""Raw cells of every sheet of a spreadsheet file, as text, plus where error and formula cells are.

Reading is fastexcel (calamine underneath): each sheet comes back as one polars frame of
strings in a single pass, which measured faster on a 100,000-row sheet than python-calamine's
`to_python` (that builds a Python object per cell and still needs converting to columns).
fastexcel renders cells as text: a date cell as `2023-01-05 00:00:00`, a number as `9212044`
or `6.138261465` (10 significant digits), TRUE as `true`; `values.py` parses those texts.

Both readers turn a formula error cell (`#N/A`, `#DIV/0!`) into a blank, which would hide it, so
for .xlsx/.xlsm files the error cells are found in the sheet's XML (cells with `t="e"`). In
.xls and .ods files an error cell reads as blank (an error typed as text is still caught).

A program that writes .xlsx files (XlsxWriter, openpyxl, a script) saves a formula without its
result: the reader sees a blank. Those cells are found in the same XML pass (a cell whose `<f>`
has no `<v>`, or an empty one that is not a text result) so the user is told to open and save
the file in Excel, which calculates them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath
from xml.etree import ElementTree

import fastexcel
import polars as pl

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an encrypted .xlsx
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_OFFICE_DOCUMENT = "/officeDocument"

# Cell scanning runs in time proportional to the XML's length, whatever it holds (issue 10: a
# backtracking pattern took 35 s on a crafted 6 KB file). Cells never nest, so each cell's
# content lies between its start tag and the next cell's start: every search below is bounded
# by that span, and each pattern stops at the next `<` or `>` instead of backtracking past it.
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?c(?=[\s/>])")
_TEXT_RESULT = re.compile(rb"\bt=\"str\"")
_CELL_REF = re.compile(rb"\br=\"([A-Z]{1,3})(\d{1,7})\"")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?v>([^<]*)<")
_ROW_END = re.compile(rb"</(?:[A-Za-z_][\w.-]{0,31}:)?row>")
_ERROR_MARKER = re.compile(rb"\bt=\"e\"")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?f(?=[\s/>])")
_TAG_LIMIT = 4096  # a cell's start tag is far shorter; a longer one is not read
_MAX_PENDING = 64 * 1024 * 1024
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?dimension\s+ref=\"[A-Z]{1,3}\d{1,7}(?::[A-Z]{1,3}(\d{1,9}))?\"")
MAX_ROWS = 1_000_000  # rows a sheet may have before it is read (a list of an LA is far smaller)
MAX_ROWS_VARIABLE = "SCORECARD_MAX_ROWS"  # XML with no row end in this much is not a sheet we can scan
_CHUNK = 4 * 1024 * 1024


class UnreadableWorkbook(Exception):
    """The bytes are not a spreadsheet we can open; the message says why, for the user."""


@dataclass(frozen=True)
class RawSheet:
    """One sheet's cells as text.

    `cells` has one pl.String column per sheet column in use, named `c0`, `c1`, ...; its row
    `i` is spreadsheet row `i + 1` (rows above the data are present, all null). Blank cells
    are null or whitespace. `columns[j]` is the 0-based spreadsheet column of `cells` column
    `j` (so a sheet starting in column B has `columns[0] == 1`). `error_cells` maps
    (row index, frame column index) to the error text, e.g. (4, 2) -> `#DIV/0!`;
    `uncalculated_cells` holds the (row index, frame column index) of formulas saved without
    their value (they read as blank).
    """

    name: str
    cells: pl.DataFrame
    columns: tuple[int, ...]
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    uncalculated_cells: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True)
class _MarkedCells:
    """Cells of one sheet part the readers show as blank: errors (with their text), and
    formulas without a saved value. Keys are (0-based row, 0-based spreadsheet column)."""

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    uncalculated: set[tuple[int, int]] = field(default_factory=set)


@dataclass(frozen=True)
class SheetProblem:
    """A sheet that exists but could not be read (chart sheet, damaged part)."""

    name: str
    reason: str


def _why_unreadable(data: bytes) -> str:
    if not data:
        return "the file is empty"
    if data.startswith(_OLE_MAGIC) and _ENCRYPTION_STREAM in data:
        return "the workbook is password-protected: save an unprotected copy and load that"
    if data.startswith(_ZIP_MAGIC):
        return "the workbook is damaged (its contents cannot be unpacked)"
    if data.startswith(_OLE_MAGIC):
        return "the file looks like an old Excel workbook but is damaged"
    return "the file is not an Excel workbook (.xlsx, .xlsm, .xls or .ods)"


def read_sheets(data: bytes, max_rows: int = MAX_ROWS) -> tuple[list[RawSheet], list[SheetProblem]]:
    """Every sheet of the workbook in `data`, in workbook order.

    Raises UnreadableWorkbook when the bytes are not a readable workbook at all (a text file
    renamed .xlsx, a password-protected or corrupt file), or when an .xlsx sheet declares or
    holds more than `max_rows` rows: that is found by streaming its XML before any reader
    builds the sheet in memory (an 8 MB file can hold millions of rows). A single sheet that
    cannot be read is returned as a SheetProblem instead, so the other sheets still load.
    """
    if data.startswith(_OLE_MAGIC) and _ENCRYPTION_STREAM in data:
        raise UnreadableWorkbook(_why_unreadable(data))
    try:
        reader = fastexcel.read_excel(data)
        names = list(reader.sheet_names)
    except Exception as exc:  # fastexcel raises its own error types, or OSError/ValueError
        raise UnreadableWorkbook(_why_unreadable(data)) from exc
    marked_by_sheet = _marked_cells_by_sheet(data, max_rows)
    sheets: list[RawSheet] = []
    problems: list[SheetProblem] = []
    for name in names:
        try:
            sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
            frame = sheet.to_polars()
            absolute = tuple(info.absolute_index for info in sheet.selected_columns)
        except Exception as exc:  # one bad sheet must not stop the others
            problems.append(SheetProblem(name, f"the sheet could not be read ({type(exc).__name__})"))
            continue
        frame = frame.rename({old: f"c{j}" for j, old in enumerate(frame.columns)})
        position = {col: j for j, col in enumerate(absolute)}
        marked = marked_by_sheet.get(name, _MarkedCells())
        frame = _with_rows_up_to(frame, [row for row, col in [*marked.errors, *marked.uncalculated]
                                         if col in position])
        errors = {
            (row, position[col]): text for (row, col), text in marked.errors.items() if col in position
        }
        uncalculated = frozenset(
            (row, position[col]) for row, col in marked.uncalculated if col in position
        )
        sheets.append(RawSheet(name=name, cells=frame, columns=absolute, error_cells=errors,
                               uncalculated_cells=uncalculated))
    return sheets, problems


def _with_rows_up_to(frame: pl.DataFrame, rows: list[int]) -> pl.DataFrame:
    """`frame` with blank rows added so that it reaches every row in `rows`: the readers end a
    sheet at its last cell with a value, before trailing rows of error or formula cells."""
    missing = max(rows, default=-1) + 1 - frame.height
    if missing <= 0:
        return frame
    return pl.concat([frame, pl.DataFrame({c: [None] * missing for c in frame.columns}, schema=frame.schema)])


def _marked_cells_by_sheet(data: bytes, max_rows: int = MAX_ROWS) -> dict[str, _MarkedCells]:
    """sheet name -> its error and uncalculated formula cells, for an .xlsx/.xlsm file.

    Anything else (an .xls, an .ods, an unexpected package layout) gives {}: those cells then
    read as blanks, which is the readers' own behaviour. Raises UnreadableWorkbook for a sheet
    of more than `max_rows` rows.
    """
    if not data.startswith(_ZIP_MAGIC):
        return {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = _sheet_parts(package)
            found = {}
            for name, part in parts.items():
                marked, rows = _scan_marked_cells(package, part, max_rows)
                if rows > max_rows:
                    raise UnreadableWorkbook(
                        f"sheet '{name}' has more than {max_rows:,} rows, the most a list may have "
                        f"({MAX_ROWS_VARIABLE} changes that): nothing was read"
                    )
                found[name] = marked
            return found
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(package: zipfile.ZipFile, rels_path: str) -> dict[str, tuple[str, str]]:
    root = ElementTree.fromstring(package.read(rels_path))
    return {
        rel.get("Id", ""): (rel.get("Type", ""), rel.get("Target", ""))
        for rel in root
        if _local(rel.tag) == "Relationship"
    }


def _resolve(base_dir: str, target: str) -> str:
    return normpath(target.lstrip("/")) if target.startswith("/") else normpath(join(base_dir, target))


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """sheet name -> path of its XML part, following the package's relationships."""
    workbook_path = "xl/workbook.xml"
    for rel_type, target in _relationships(package, "_rels/.rels").values():
        if rel_type.endswith(_OFFICE_DOCUMENT):
            workbook_path = _resolve("", target)
    base = dirname(workbook_path)
    rels = _relationships(package, join(base, "_rels", workbook_path.rsplit("/", 1)[-1] + ".rels"))
    root = ElementTree.fromstring(package.read(workbook_path))
    parts = {}
    for element in root.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        if rel_id in rels:
            parts[element.get("name", "")] = _resolve(base, rels[rel_id][1])
    return parts


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - ord("A") + 1)
    return index - 1


def _place(attributes: bytes) -> tuple[int, int] | None:
    """(0-based row, 0-based column) from a cell's attributes; None without a reference."""
    ref = _CELL_REF.search(attributes)
    return None if ref is None else (int(ref.group(2)) - 1, _column_index(ref.group(1)))


def _scan_marked_cells(package: zipfile.ZipFile, part: str, max_rows: int = MAX_ROWS) -> tuple[_MarkedCells, int]:
    """Error and uncalculated formula cells of one sheet part, and its number of rows, read in
    chunks (a big sheet's XML can be 100 MB). Each chunk is scanned up to its last row end, so
    a cell is never cut in two; a chunk is scanned for cells only when it holds an error or
    formula marker. Stops, returning max_rows + 1, as soon as the sheet declares (its
    `<dimension>`) or holds more rows than `max_rows`.
    """
    found = _MarkedCells()
    pending = b""
    rows = 0
    with package.open(part) as stream:
        first = True
        while True:
            chunk = stream.read(_CHUNK)
            if first:
                first = False
                declared = _DIMENSION.search(chunk[:65536])
                if declared and declared.group(1) and int(declared.group(1)) > max_rows:
                    return found, max_rows + 1
            if chunk:
                count, last_end = _row_ends(chunk)
                rows += count
                if rows > max_rows:
                    return found, max_rows + 1
                if not count:  # no row end in this chunk: read on (bounded)
                    pending += chunk
                    if len(pending) > _MAX_PENDING:
                        return found, rows
                    continue
                complete, pending = pending + chunk[:last_end], chunk[last_end:]
            else:
                complete, pending = pending, b""
            if b't="e"' in complete or b"<f" in complete or b":f" in complete:
                _mark_cells(complete, found)
            if not chunk:
                return found, rows


def _row_ends(chunk: bytes) -> tuple[int, int]:
    """How many row end tags `chunk` holds, and where the last one ends (-1: none). Without a
    namespace prefix (`</x:row>`), the usual case, every row end is the bytes `</row>`, which
    are counted and found without a regex (several times faster on a 100 MB sheet)."""
    if b":row>" not in chunk:
        count = chunk.count(b"</row>")
        return count, (chunk.rfind(b"</row>") + len(b"</row>") if count else -1)
    ends = [m.end() for m in _ROW_END.finditer(chunk)]
    return len(ends), (ends[-1] if ends else -1)


def _mark_cells(xml: bytes, found: _MarkedCells) -> None:
    """Add the error and uncalculated formula cells of `xml` (whole cells) to `found`.

    Only the markers are searched for across the whole text (`t="e"` in a start tag, a `<f>`
    first child); from each, the cell's start tag is found within _TAG_LIMIT bytes before it
    and its content up to the next cell's start, so no byte is looked at more than a bounded
    number of times.
    """
    seen: set[int] = set()
    for marker in _ERROR_MARKER.finditer(xml):
        cell = _cell_around(xml, marker.start(), seen)
        if cell is not None:
            place, attributes, content = cell
            value = _VALUE.search(content)
            found.errors[place] = value.group(1).decode("utf-8", "replace").strip() if value else "#ERROR"
    for formula in _FORMULA_TAG.finditer(xml):
        cell = _cell_around(xml, formula.start(), seen, first_child=True)
        if cell is None:
            continue
        place, attributes, content = cell
        value = _VALUE.search(content)
        calculated = value and (value.group(1).strip() or _TEXT_RESULT.search(attributes))  # "" is a calculated text
        if not calculated and place not in found.errors:
            found.uncalculated.add(place)


def _cell_around(xml: bytes, at: int, seen: set[int], first_child: bool = False):
    """(place, start tag's attributes, content) of the cell whose start tag holds `at` (or, with
    `first_child`, whose first child starts at `at`); None when there is no such whole cell, it
    has no reference, or it was looked at already."""
    before = xml.rfind(b"<", max(0, at - _TAG_LIMIT), at if first_child else at + 1)
    if first_child:
        tag_end = xml.rfind(b">", max(0, at - _TAG_LIMIT), at)
        if before < 0 or tag_end < before or xml[tag_end + 1 : at].strip():
            return None  # the formula is not the cell's first child
    if before < 0 or before in seen or not _CELL_START.match(xml, before):
        return None
    seen.add(before)
    tag_end = xml.find(b">", before, before + _TAG_LIMIT)
    if tag_end < 0:
        return None
    attributes = xml[before:tag_end]
    if b"<" in attributes[1:]:
        return None  # the start tag never closed: the next tag began inside it
    place = _place(attributes)
    if place is None:
        return None
    if attributes.endswith(b"/"):
        return place, attributes, b""
    following = _CELL_START.search(xml, tag_end)
    return place, attributes, xml[tag_end + 1 : following.start() if following else len(xml)]
