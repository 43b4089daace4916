"""Data-quality issues: one record per problem, naming its place, shared by every stage.

An issue never carries more than the one cell value it is about, so the data-quality report can
be shown to the analyst who loaded the file; it is never written to a log.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # wrong: a file-level error refuses the file, a row-level one loses a value
    WARNING = "warning"  # loaded, but a value was not understood or looks wrong


class Scope(str, Enum):
    """What an issue is about, which decides whether an error refuses the file.

    FILE: the file as a whole (unreadable, no list found, a required column missing, a list on
    two sheets, a header that could mean two columns): an error refuses the file.
    ROW: one row's cell (blank, unreadable or impossible value, duplicate row): the row is kept,
    with that cell null, and the error is an item of the data-quality report. `--strict`
    refuses for these too.
    """

    FILE = "file"
    ROW = "row"


@dataclass(frozen=True)
class Issue:
    severity: Severity
    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # 1-based spreadsheet row, as Excel shows it
    column: str | None = None  # the header as written in the file
    value: str | None = None
    expected: str | None = None
    scope: Scope = Scope.FILE

    def __post_init__(self) -> None:
        # A NUL character (possible in a workbook's text, invisible in Excel) is shown as \x00:
        # visible in a report, and storable in PostgreSQL, which refuses NUL in text.
        for name in ("message", "sheet", "column", "value", "expected"):
            text = getattr(self, name)
            if text and "\x00" in text:
                object.__setattr__(self, name, text.replace("\x00", "\\x00"))

    @property
    def place(self) -> str:
        """`file, sheet 'List 3', row 12, column 'Date of referral'` with what is known."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.severity.value}: {self.place + ': ' if self.place else ''}{self.message}"
        if self.value is not None:
            text += f" (found {self.value!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return text

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["scope"] = self.scope.value
        return data


def refuses(issues: list[Issue], strict: bool = False) -> bool:
    """Must a file with these issues be refused? When it has a file-level error; with
    `strict`, when it has any error (the all-or-nothing rule of `--strict`)."""
    return any(i.severity is Severity.ERROR and (strict or i.scope is Scope.FILE) for i in issues)


class UserError(Exception):
    """A mistake the user can fix (bad file, bad option): printed as one clear message, exit 1."""
