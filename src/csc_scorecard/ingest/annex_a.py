"""Read an Ofsted Annex A workbook into one typed polars frame per list, plus its issues.

`read_annex_a` is the loader's single entry point. It finds each list by its headers
(`headers.py`), reads every cell as text (`workbook.py`), parses each sheet's cells over
distinct values (`values.py`), and reports each problem with its place: file, sheet, row (as
Excel numbers it) and the header as written in the file. Each check first counts its problem
in one query for the whole sheet; only a column with some is searched row by row. It never
raises for a problem in the user's file. Each issue has a scope (`issues.Scope`):
- file-level ERROR, which refuses the file: it cannot be read, no list is found in it, a list
  lacks a required column (one a measure reads), one list is on two sheets, a header could mean
  two columns;
- row-level ERROR, which does not: a blank (where the column must be filled), unreadable or
  impossible value, an Excel error value, or a formula without its value, in a required column.
  The row is kept with that cell null; `--strict` refuses these too;
- WARNING: the same in a column no measure reads, unknown codes, implausible dates, duplicate
  rows, sheets that are not lists (front sheet, guidance, code lists, pivot tables).

Rules (`annex-a.md`, `indicators.md` conventions):
- fully blank rows are skipped; every other row is kept, with `source_row` (its Excel row);
- a cell that cannot be read becomes null and is reported; an unknown code is kept as written
  (trimmed) and reported once per distinct value and column, with its first row and count;
- a sheet with a list's header row and no data rows is that list, with zero rows;
- rows of one list with the same key (`ListSpec.key`) are one row: the last in the file wins
  and a warning names the rows. A key whose child id is blank is never merged. In List 6 a
  blank `CIN Start Date` keys on the closure date instead (annex-a.md section 7);
- per-row problems are listed one by one up to `MAX_ROWS_LISTED` per column and kind, then
  counted in one more issue, so a 100,000-row mistake gives a readable report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import polars as pl

from csc_scorecard.ingest.headers import HEADER_SEARCH_ROWS, SheetLayout, identify_sheet
from csc_scorecard.ingest.schema import AnnexASchema, ColumnSpec, ListSpec, load_schema
from csc_scorecard.ingest.values import EXCEL_ERRORS, ColumnParser, ParsedColumn, column_parser, parse_columns
from csc_scorecard.ingest.workbook import MAX_ROWS, MAX_ROWS_VARIABLE, RawSheet, UnreadableWorkbook, read_sheets
from csc_scorecard.environment import number_setting
from csc_scorecard.issues import Issue, Scope, Severity

# Lists where work can begin before a child is born (pre-birth referrals, assessments, s47
# enquiries, plans): a date up to a pregnancy before the date of birth is expected there.
PRE_BIRTH_WORK_LISTS = frozenset({"contacts", "early_help", "referrals", "assessments", "s47_icpc",
                                  "children_in_need", "child_protection"})
PREGNANCY_DAYS = 280

MAX_ROWS_LISTED = 25
EARLIEST_PLAUSIBLE_DATE = date(1920, 1, 1)  # earlier dates are placeholders (01/01/1900)
IDENTIFIER_COLUMNS = frozenset({"child_id", "adopter_id", "family_id"})
# A blank key date falls back to another date of the row (annex-a.md section 7, List 6).
KEY_DATE_FALLBACKS = {"cin_start_date": "cin_closure_date"}

# What a cell of each type should hold, as the data-quality report says it (None: anything).
EXPECTED = {
    "string": None,
    "code": None,
    "date": "a date dd/mm/yyyy",
    "integer": "a whole number, 0 or more",
    "number": "a number",
}

POLARS_TYPES = {
    "string": pl.String,
    "date": pl.Date,
    "integer": pl.Int64,
    "number": pl.Float64,
    "code": pl.String,
}


@dataclass
class ListRead:
    """One list as read: `frame` has `source_row` then every canonical column, schema order."""

    name: str
    number: int
    sheet: str
    frame: pl.DataFrame
    missing_columns: list[str]  # canonical names of columns the sheet lacks


@dataclass
class AnnexARead:
    """A whole workbook: `file` is the file name, `sha256` the hash of its bytes."""

    file: str
    lists: dict[str, ListRead]
    issues: list[Issue]
    sha256: str


def _max_rows_setting() -> int:
    return int(number_setting(MAX_ROWS_VARIABLE, MAX_ROWS, lowest=1, highest=1_000_000_000, whole=True))


def read_annex_a(path: str | Path, as_at: date | None = None, max_rows: int | None = None,
                 on_list: Callable[[ListRead, str], None] | None = None) -> AnnexARead:
    """Read the Annex A workbook at `path`.

    `as_at` is the date the extract describes: a date after it is implausible (a warning);
    without it, a date after today is. A sheet of more than `max_rows` rows (default
    $SCORECARD_MAX_ROWS, else workbook.MAX_ROWS) refuses the file before it is read.
    `on_list(list, title)` is told as each list is read (progress).
    """
    path = Path(path)
    report = _Report(path.name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add(Severity.ERROR, f"the file cannot be opened ({exc.strerror or exc})")
        return AnnexARead(path.name, {}, report.issues, "")
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        sheets, problems = read_sheets(data, max_rows if max_rows is not None else _max_rows_setting())
    except UnreadableWorkbook as exc:
        report.add(Severity.ERROR, str(exc))
        return AnnexARead(path.name, {}, report.issues, sha256)
    for problem in problems:
        report.add(Severity.WARNING, f"{problem.reason}: ignored", sheet=problem.name)

    schema = load_schema()
    lists: dict[str, ListRead] = {}
    for sheet in sheets:
        layout = identify_sheet(list(sheet.cells.head(HEADER_SEARCH_ROWS).iter_rows()), schema)
        if layout is None:
            why = "the sheet is empty" if _is_empty(sheet) else (
                "no row in its first 10 holds a list's header row: 'Child Unique ID' (List 11: "
                "'Individual adopter identifier') with the list's other headers"
            )
            report.add(Severity.WARNING, f"not a list, ignored ({why})", sheet=sheet.name)
            continue
        spec = layout.spec
        if spec.name in lists:
            report.add(
                Severity.ERROR,
                f"list {spec.number} ({spec.title}) again, already read from sheet "
                f"'{lists[spec.name].sheet}': keep one sheet per list",
                sheet=sheet.name,
            )
            continue
        lists[spec.name] = _ListReader(schema, sheet, layout, as_at, report).read()
        if on_list is not None:
            on_list(lists[spec.name], spec.title)
    if not lists and not problems:
        report.add(
            Severity.ERROR,
            "no Annex A list found in the workbook: each list needs its header row ('Child "
            "Unique ID' and the list's other headers, e.g. 'Date of referral', in one row) "
            "within the first 10 rows of a sheet",
        )
    elif not lists:
        report.add(Severity.ERROR, "no Annex A list could be read from the workbook")
    return AnnexARead(path.name, lists, report.issues, sha256)


def _is_empty(sheet: RawSheet) -> bool:
    if sheet.error_cells:
        return False
    if sheet.cells.width == 0 or sheet.cells.height == 0:
        return True
    filled = pl.any_horizontal(pl.all().str.strip_chars().fill_null("") != "")
    return not sheet.cells.select(filled.any()).item()


@dataclass(frozen=True)
class _CellProblems:
    """How many cells of one column hold each kind of problem `_typed_column` reports."""

    errors: int
    uncalculated: int
    blanks: int  # counted only where the column must be filled
    nuls: int  # counted only in identifier and key columns


def _blank_cells(text: pl.Expr, error: pl.Expr, uncalculated: pl.Expr) -> pl.Expr:
    """A cell with no value: empty or spaces, and neither an error value nor a formula."""
    return (text.is_null() | (text.str.strip_chars() == "")) & error.is_null() & uncalculated.not_()


class _Report:
    """Collects issues for one file; lists per-row problems up to MAX_ROWS_LISTED."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[Issue] = []

    def add(self, severity: Severity, message: str, **place: object) -> None:
        self.issues.append(Issue(severity, message, file=self.file, **place))  # type: ignore[arg-type]

    def cells(
        self,
        severity: Severity,
        message: str,
        hits: pl.DataFrame,
        *,
        sheet: str,
        column: str,
        expected: str | None = None,
        scope: Scope = Scope.ROW,
    ) -> None:
        """One issue per row of `hits` (columns row, value and optionally reason): row-level
        unless `scope` says the problem refuses the file."""
        for hit in hits.head(MAX_ROWS_LISTED).iter_rows(named=True):
            reason = hit.get("reason")
            self.add(severity, f"{message}: {reason}" if reason else message, sheet=sheet,
                     row=hit["row"], column=column, value=hit["value"], expected=expected,
                     scope=scope)
        if hits.height > MAX_ROWS_LISTED:
            self.add(severity, f"{message}: {hits.height - MAX_ROWS_LISTED} more rows of this "
                     f"column have this problem (the first {MAX_ROWS_LISTED} are listed)",
                     sheet=sheet, column=column, expected=expected, scope=scope)


class _ListReader:
    """Turns one identified sheet into a typed ListRead, reporting as it goes."""

    def __init__(self, schema: AnnexASchema, sheet: RawSheet, layout: SheetLayout,
                 as_at: date | None, report: _Report) -> None:
        self.schema = schema
        self.sheet = sheet
        self.layout = layout
        self.spec: ListSpec = layout.spec
        self.as_at = as_at
        self.report = report

    def read(self) -> ListRead:
        spec, layout, sheet = self.spec, self.layout, self.sheet.name
        for issue in layout.issues:
            self.report.issues.append(replace(issue, file=self.report.file, sheet=sheet))
        missing = [c for c in spec.columns if c.name not in layout.positions]
        for column in missing:
            if column.required:
                self.report.add(Severity.ERROR, "required column missing: the scorecard's measures "
                                "read it", sheet=sheet, row=layout.header_row + 1, column=column.header)
            else:
                self.report.add(Severity.WARNING, "column missing: its values are treated as "
                                "blank", sheet=sheet, row=layout.header_row + 1, column=column.header)

        raw = self._raw_rows()
        present = [c for c in spec.columns if c.name in layout.positions]
        parsed = parse_columns(raw, {f"text:{c.name}": self._parser(c) for c in present})
        problems = self._cell_problem_counts(raw, present)
        columns: dict[str, pl.Series] = {"source_row": raw["source_row"]}
        for column in spec.columns:
            if column.name in layout.positions:
                columns[column.name] = self._typed_column(column, raw, parsed[f"text:{column.name}"],
                                                          problems[column.name])
            else:
                columns[column.name] = pl.Series(column.name, [None] * raw.height,
                                                 dtype=POLARS_TYPES[column.type])
        frame = pl.DataFrame(columns)
        self._check_dates(frame)
        frame = self._drop_duplicate_keys(frame)
        return ListRead(spec.name, spec.number, sheet, frame, [c.name for c in missing])

    # -- rows and cells ---------------------------------------------------------------------

    def _raw_rows(self) -> pl.DataFrame:
        """Data rows below the header: `source_row`, then per mapped column its text and error.

        A row is skipped when every cell of the sheet is blank and none holds an error value.
        """
        cells = self.sheet.cells
        first = self.layout.header_row + 1
        data = cells.slice(first)
        height = data.height
        errors_by_position: dict[int, list[str | None]] = {}
        uncalculated_by_position: dict[int, list[bool]] = {}
        rows_with_errors = set()
        for (row, position), text in self.sheet.error_cells.items():
            if row >= first:
                errors_by_position.setdefault(position, [None] * height)[row - first] = text
                rows_with_errors.add(row - first)
        for row, position in self.sheet.uncalculated_cells:
            if row >= first:
                uncalculated_by_position.setdefault(position, [False] * height)[row - first] = True
                rows_with_errors.add(row - first)

        # An error value typed as text starts with `#`: only a column holding one is searched.
        positions = self.layout.positions
        with_hash = data.select(pl.col(f"c{p}").str.contains("#", literal=True).any().alias(str(p))
                                for p in set(positions.values())).row(0, named=True) if positions else {}
        selected = {"source_row": pl.int_range(first + 1, first + 1 + height, dtype=pl.Int64)}
        for name, position in positions.items():
            text = pl.col(f"c{position}")
            cell_error = (
                pl.lit(pl.Series(errors_by_position[position], dtype=pl.String))
                if position in errors_by_position
                else pl.lit(None, dtype=pl.String)
            )
            typed_error = (
                pl.when(text.str.strip_chars().str.to_uppercase().is_in(list(EXCEL_ERRORS)))
                .then(text.str.strip_chars().str.to_uppercase())
                if with_hash[str(position)]
                else pl.lit(None, dtype=pl.String)
            )
            error = pl.coalesce(cell_error, typed_error)
            selected[f"text:{name}"] = pl.when(error.is_null()).then(text)
            selected[f"error:{name}"] = error
            selected[f"uncalculated:{name}"] = (
                pl.lit(pl.Series(uncalculated_by_position[position], dtype=pl.Boolean))
                if position in uncalculated_by_position
                else pl.lit(False)
            )
        if data.width:
            filled = pl.any_horizontal(pl.all().str.strip_chars().fill_null("") != "")
            has_error = pl.int_range(0, height, eager=True).is_in(sorted(rows_with_errors))
            keep = data.select(filled).to_series() | has_error
        else:
            keep = pl.Series([False] * height, dtype=pl.Boolean)
        return data.select(**selected).filter(keep)

    def _parser(self, column: ColumnSpec) -> ColumnParser:
        codelist = self.schema.codelist_for(column) if column.type == "code" else None
        return column_parser(column.type, codelist, identifier=column.name in IDENTIFIER_COLUMNS)

    def _is_identity(self, column: ColumnSpec) -> bool:
        return column.name in IDENTIFIER_COLUMNS or column.name in self.spec.key

    def _cell_problem_counts(self, raw: pl.DataFrame, present: list[ColumnSpec]) -> dict[str, _CellProblems]:
        """Per column, how many cells hold an error value, an uncalculated formula, a blank
        where the column must be filled, a NUL in an identifier: all columns in one query, so
        that `_typed_column` looks for the rows only where there are some."""
        if not present:
            return {}
        counts = []
        for column in present:
            text, error, uncalculated = (pl.col(f"{part}:{column.name}") for part in ("text", "error", "uncalculated"))
            counts += [
                error.is_not_null().sum(),
                uncalculated.sum(),
                _blank_cells(text, error, uncalculated).sum() if not column.blank else pl.lit(0),
                text.str.contains("\x00", literal=True).sum() if self._is_identity(column) else pl.lit(0),
            ]
        row = raw.select(count.alias(str(i)) for i, count in enumerate(counts)).row(0)
        return {column.name: _CellProblems(*row[4 * i: 4 * i + 4]) for i, column in enumerate(present)}

    def _typed_column(self, column: ColumnSpec, raw: pl.DataFrame, parsed: ParsedColumn,
                      problems: _CellProblems) -> pl.Series:
        """The column parsed to its type; reports blank, error and unreadable cells.

        A problem in a required column (one a measure reads) is a row-level ERROR, elsewhere a
        WARNING; either way the row is kept with the cell null.
        """
        header = self.layout.headers[column.name]
        text = raw[f"text:{column.name}"].rename(column.name)
        error = raw[f"error:{column.name}"]
        uncalculated = raw[f"uncalculated:{column.name}"]
        rows = raw["source_row"]
        place = {"sheet": self.sheet.name, "column": header}
        severity = Severity.ERROR if column.required else Severity.WARNING
        expected = EXPECTED[column.type]
        no_value = pl.Series([None] * len(rows), dtype=pl.String)

        if problems.errors:
            error_hits = pl.DataFrame({"row": rows, "value": error}).filter(pl.col("value").is_not_null())
            self.report.cells(severity, "the cell holds an Excel error value, read as blank",
                              error_hits, **place)

        if problems.uncalculated:
            formula_hits = pl.DataFrame({"row": rows, "value": no_value}).filter(uncalculated)
            self.report.cells(severity, "a formula saved without its value (the file was written "
                              "by a program, not saved by Excel), read as blank: open the file in "
                              "Excel and save it, so that the values are calculated, then load it "
                              "again", formula_hits, expected=expected, **place)

        if problems.blanks:
            blank = pl.DataFrame({"text": text, "error": error, "uncalculated": uncalculated}).select(
                _blank_cells(pl.col("text"), pl.col("error"), pl.col("uncalculated"))).to_series()
            hits = pl.DataFrame({"row": rows, "value": no_value}).filter(blank)
            message = ("blank cell in a column the scorecard's measures read: the row is kept "
                       "without this value" if column.required
                       else "blank cell in a column that should be filled")
            self.report.cells(severity, message, hits, expected=expected, **place)

        if problems.nuls:
            self._refuse_nul_in_identity(text, rows, place)
        values = parsed.values.rename(column.name)
        if column.type == "string":
            return values
        if column.type == "code":
            if False in parsed.outcomes:
                self._report_unknown_codes(column, rows, values, parsed.seconds, header)
            return values
        if parsed.outcomes - {None}:
            hits = pl.DataFrame({"row": rows, "value": text.str.strip_chars(), "reason": parsed.seconds})
            hits = hits.filter(pl.col("reason").is_not_null())
            kind = {"date": "unreadable date", "integer": "unreadable count",
                    "number": "unreadable number"}[column.type]
            self.report.cells(severity, f"{kind}, read as blank", hits, expected=expected, **place)
        return values

    def _refuse_nul_in_identity(self, text: pl.Series, rows: pl.Series, place: dict) -> None:
        """A NUL character in an identifier or key cell refuses the file. Elsewhere a NUL is
        dropped (`values._cell_text`: PostgreSQL cannot store it); here dropping it would make
        `C\\x001` the child `C1`, merging two children's rows, so the file must be corrected."""
        hits = pl.DataFrame({"row": rows, "value": text}).filter(pl.col("value").str.contains("\x00", literal=True))
        if hits.height:
            self.report.cells(Severity.ERROR, "a NUL character (invisible in Excel) in an identifier: "
                              "the row cannot be told apart from others safely; correct the cell in the "
                              "source system and export the file again", hits,
                              expected="an identifier of visible characters only", scope=Scope.FILE, **place)

    def _report_unknown_codes(self, column: ColumnSpec, rows: pl.Series, codes: pl.Series,
                              known: pl.Series, header: str) -> None:
        unknown = pl.DataFrame({"row": rows, "value": codes, "known": known}).filter(
            pl.col("known").not_()
        )
        if not unknown.height:
            return
        codelist = self.schema.codelist_for(column)
        examples = ", ".join(repr(codelist.render(v)) for v in codelist.values[:3])
        expected = f"a value of the {codelist.name} code list, e.g. {examples}"
        groups = unknown.group_by("value", maintain_order=True).agg(
            pl.col("row").first().alias("row"), pl.len().alias("count")
        )
        for group in groups.head(MAX_ROWS_LISTED).iter_rows(named=True):
            count = group["count"]
            rows_text = "this row only" if count == 1 else f"{count} rows, the first listed here"
            self.report.add(Severity.WARNING, f"unknown value, kept as written ({rows_text})",
                            sheet=self.sheet.name, row=group["row"], column=header,
                            value=group["value"], expected=expected, scope=Scope.ROW)
        if groups.height > MAX_ROWS_LISTED:
            self.report.add(Severity.WARNING, f"{groups.height - MAX_ROWS_LISTED} more unknown "
                            f"values in this column (the first {MAX_ROWS_LISTED} are listed)",
                            sheet=self.sheet.name, column=header, expected=expected, scope=Scope.ROW)

    # -- whole-row checks -------------------------------------------------------------------

    def _check_dates(self, frame: pl.DataFrame) -> None:
        """Warn about dates after the as-at date (or today), before 1920, or before birth."""
        latest = self.as_at or date.today()
        after = (f"date after the extract's as-at date {latest:%d/%m/%Y}" if self.as_at
                 else f"date in the future (after today, {latest:%d/%m/%Y})")
        has_birth = "date_of_birth" in self.layout.positions
        found: list[tuple[ColumnSpec, pl.Expr, str]] = []  # every check, then one query counts each's rows
        for column in self.spec.columns:
            if column.type != "date" or column.name not in self.layout.positions:
                continue
            value = pl.col(column.name)
            checks = [
                (value > latest, after),
                (value < EARLIEST_PLAUSIBLE_DATE,
                 f"date before {EARLIEST_PLAUSIBLE_DATE:%d/%m/%Y}: a placeholder, not a real date?"),
            ]
            if has_birth and column.name != "date_of_birth":
                if self.spec.name in PRE_BIRTH_WORK_LISTS:
                    # work with an unborn child starts in pregnancy: only earlier dates are odd
                    earliest = pl.col("date_of_birth") - pl.duration(days=PREGNANCY_DAYS)
                    checks.append((value < earliest, f"date more than {PREGNANCY_DAYS} days (a pregnancy) "
                                   "before the child's date of birth in this row"))
                else:
                    checks.append((value < pl.col("date_of_birth"), "date before the child's date of birth in this row"))
            for condition, message in checks:
                found.append((column, condition, message))
        counts = frame.select(condition.sum().alias(str(i)) for i, (_, condition, _) in enumerate(found)).row(0) if found else ()
        for (column, condition, message), count in zip(found, counts):
            if not count:
                continue
            value = pl.col(column.name)
            hits = frame.filter(condition).select(
                pl.col("source_row").alias("row"),
                value.dt.strftime("%d/%m/%Y").alias("value"),
            )
            self.report.cells(Severity.WARNING, message, hits, sheet=self.sheet.name,
                              column=self.layout.headers[column.name])

    def _drop_duplicate_keys(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Keep the last row of each key; warn naming the rows. Blank identities never merge."""
        key = list(self.spec.key)
        parts = [pl.col(name) for name in key]
        for name, fallback in KEY_DATE_FALLBACKS.items():
            if name in key and self.spec.has_column(fallback):
                parts.append(
                    pl.when(pl.col(name).is_null()).then(pl.col(fallback)).alias(f"{name}:blank")
                )
        identity = pl.col(key[0]).is_not_null()
        if not frame.select((identity & pl.struct(parts).is_duplicated()).any()).item():
            return frame
        keyed = frame.with_columns(pl.struct(parts).alias("__key"))
        duplicated = keyed.filter(identity & pl.col("__key").is_duplicated())
        groups = duplicated.group_by("__key", maintain_order=True).agg(pl.col("source_row"))
        headers = ", ".join(
            self.layout.headers.get(n, self.spec.column(n).header) for n in key
        )
        for group in groups.head(MAX_ROWS_LISTED).iter_rows(named=True):
            rows = group["source_row"]
            self.report.add(
                Severity.WARNING,
                f"rows {', '.join(map(str, rows[:-1]))} and {rows[-1]} have the same {headers}: "
                f"they are one {self.spec.title.lower()} row, and only the last (row {rows[-1]}) "
                "is kept",
                sheet=self.sheet.name, row=rows[-1], scope=Scope.ROW,
            )
        if groups.height > MAX_ROWS_LISTED:
            self.report.add(Severity.WARNING, f"{groups.height - MAX_ROWS_LISTED} more groups of "
                            "rows with the same key (only the last row of each is kept)",
                            sheet=self.sheet.name, scope=Scope.ROW)
        drop = identity & pl.col("__key").is_duplicated() & pl.col("__key").is_last_distinct().not_()
        return keyed.filter(drop.not_()).drop("__key")
