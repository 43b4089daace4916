"""Pure parsing of Annex A cells: headers, dates, codes, counts, numbers and child ids.

Each scalar function takes one cell as a spreadsheet reader gives it (None, str, int, float,
bool, date or datetime) and never raises for a bad value: it returns the value, or None with a
reason the data-quality report can show. The `*_column` companions take a polars String series
(the loader reads every cell as text) and parse each distinct value once, so a 100,000-row list
costs one Python call per distinct value, not per row; both paths share one definition.
`parse_columns` does the same for all the columns of a sheet in two queries, and a text met
again in another column or list is not parsed again (`_parsed_once`).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from csc_scorecard.ingest.schema import CodeList

Cell = Any  # None | str | int | float | bool | date | datetime

# Excel's error values as a formula leaves them, or as pasted text.
EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
     "#GETTING_DATA"}
)

# Quote marks vanish ("Child's", "‘Missing’"); every other non-alphanumeric is a separator.
_QUOTES = dict.fromkeys(map(ord, "'\"`´‘’‚‛“”„‟′″"), None)
_NON_WORD = re.compile(r"[\W_]+")

# `a) `, `zz) `, `p1) ` and the less common `a. ` (a dot needs a following space, so that a
# cell such as `e.g.` keeps its letters).
_LETTER_PREFIX = re.compile(r"^\s*[a-z]{1,2}\d?(?:\)\s*|\.\s+)", re.IGNORECASE)
# What separates a code from its label: `E11: Adopted`, `N1 - Abuse`, `PR4 – Private`.
_HEAD_SEPARATOR = re.compile(r"\s*[:\-‐‑‒–—]\s*")

# Excel serial day numbers are accepted from 1 Jan 1920 to 31 Dec 2099: a smaller or larger
# number in a date column is far more likely a count, a code or a yyyymmdd number than a date.
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 in the 1900 date system (after Excel's 1900 bug)
SERIAL_MIN_DATE = date(1920, 1, 1)
SERIAL_MAX_DATE = date(2099, 12, 31)
_SERIAL_MIN = (SERIAL_MIN_DATE - _EXCEL_EPOCH).days  # 7306
_SERIAL_MAX = (SERIAL_MAX_DATE - _EXCEL_EPOCH).days  # 73050

_TIME = r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + r"$")
_DMY_DATE = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})" + _TIME + r"$")
_DMY_NAMED_MONTH = re.compile(r"^(\d{1,2})[\s\-]+([a-z]{3,9})\.?[\s\-]+(\d{4})$", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_WHOLE_NUMBER_TEXT = re.compile(r"^(\d+)\.0*$")
_BOOLEAN_TEXTS = {"true", "false"}  # how the reader renders a TRUE/FALSE cell


# --- text ----------------------------------------------------------------------------------


def _loose(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return " ".join(_NON_WORD.sub(" ", text).split())


def normalise_header(text: Cell) -> str:
    """A header reduced to lower-case words, so spelling variants of one header compare equal.

    - case is ignored: `Date of Referral` == `Date of referral`;
    - quote marks are dropped, straight or curly: `Child’s`, `Child's` and `Childs` are one
      word, `‘Missing’` == `'Missing'` == `Missing`;
    - brackets and other punctuation separate words, so doubled or unbalanced brackets do not
      matter: `(Y/N))` == `(Y/N)` == `Y N`; `Referral NFA?` == `Referral NFA`;
    - non-breaking, repeated, leading and trailing spaces collapse: `Date of Adoption Order `;
    - None or a blank cell gives "" (which matches no header).
    """
    if text is None:
        return ""
    return _loose(str(text))


def spelling_key(text: str) -> str:
    """The form in which code-list spellings are compared: `normalise_header`'s rules.

    `E11: Adopted`, `E11 - Adopted` and `e11 adopted` share one key, as do `N/A` and `N A`.
    """
    return _loose(text)


def _cell_text(cell: Cell) -> str | None:
    """A cell as trimmed text; None when blank. 6.0 -> `6` (a code typed into a number cell).
    A NUL character (`_x0000_` in the file: invisible in Excel, typed by no one, and one that
    PostgreSQL cannot store) is dropped."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float):
        if math.isnan(cell):
            return None
        if cell.is_integer():
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    text = str(cell).replace("\u00a0", " ").replace("\x00", "").strip()
    return text or None


def is_excel_error(cell: Cell) -> bool:
    """True for an Excel error value (`#N/A`, `#DIV/0!` ...), whatever its case or spacing."""
    text = _cell_text(cell) if isinstance(cell, str) else None
    return text is not None and text.upper() in EXCEL_ERRORS


def normalise_child_id(cell: Cell) -> str | None:
    """A child (or adopter, family) identifier as one canonical string; None when blank.

    Trimmed (non-breaking spaces too) and upper-cased (`ab12` == `AB12`). A numeric id stored
    as a number comes back without its decimal part: 9212044.0 and the text `9212044.0` both
    give `9212044`. Leading zeros are kept (`00123` stays `00123`: it is text). A fractional
    number (rare; never a real id) is kept in full, e.g. `12.5`.
    """
    text = _cell_text(cell)
    if text is None:
        return None
    whole = _WHOLE_NUMBER_TEXT.match(text)
    if whole:
        return whole.group(1)
    return text.upper()


def clean_text(cell: Cell) -> str | None:
    """A free-text cell (team, worker, postcode) trimmed, non-breaking spaces made plain."""
    return _cell_text(cell)


# --- dates ---------------------------------------------------------------------------------


def _from_serial(serial: float) -> tuple[date | None, str | None]:
    if not math.isfinite(serial):
        return None, "not a date"
    day = math.floor(serial)  # a fraction is the time of day
    if not _SERIAL_MIN <= day <= _SERIAL_MAX:
        return None, (
            f"the number {serial:g} is not a date (an Excel date number between {_SERIAL_MIN} "
            f"and {_SERIAL_MAX}, {SERIAL_MIN_DATE:%d/%m/%Y} to {SERIAL_MAX_DATE:%d/%m/%Y})"
        )
    return _EXCEL_EPOCH + timedelta(days=day), None


def _make_date(text: str, year: int, month: int, day: int) -> tuple[date | None, str | None]:
    if not 1 <= month <= 12:
        return None, f"{text} is not a real date: there is no month {month}"
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"{text} is not a real date: {date(year, month, 1):%B %Y} has no day {day}"


def parse_date(cell: Cell) -> tuple[date | None, str | None]:
    """(date, None) when the cell holds a date; (None, None) when blank; (None, reason) else.

    Accepted:
    - a Python date, or a datetime (its time of day is dropped), as calamine returns them;
    - an Excel serial day number (1900 date system), as a number or as text such as `45000`
      or `45000.5`: only from 1 Jan 1920 to 31 Dec 2099 (see `_from_serial`), else unreadable;
    - `dd/mm/yyyy`, also `d/m/yyyy`, `dd-mm-yyyy` and `dd.mm.yyyy` (day first, always: the
      format of English files; `03/04/2023` is 3 April);
    - ISO `yyyy-mm-dd`, with an optional time `00:00:00` or `T00:00` (any time is ignored);
    - `5 Jan 2023`, `05-Jan-2023`, `5 January 2023`.
    Not accepted: two-digit years, month-first dates, an impossible date such as `31/02/2023`
    (never moved to 3 March, which is the silent coercion we refuse), TRUE/FALSE (also as the
    text `true`), error values.
    """
    if cell is None:
        return None, None
    if isinstance(cell, bool):
        return None, "a TRUE/FALSE value is not a date"
    if isinstance(cell, datetime):
        return cell.date(), None
    if isinstance(cell, date):
        return cell, None
    if isinstance(cell, int | float):
        return _from_serial(float(cell))
    text = _cell_text(cell)
    if text is None:
        return None, None
    if text.upper() in EXCEL_ERRORS:
        return None, f"the cell holds the Excel error {text.upper()}"
    if text.lower() in _BOOLEAN_TEXTS:
        return None, "a TRUE/FALSE value is not a date"
    if _NUMBER.match(text):
        return _from_serial(float(text))
    if m := _ISO_DATE.match(text):
        return _make_date(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY_DATE.match(text):
        return _make_date(text, int(m[4]), int(m[3]), int(m[1]))
    if (m := _DMY_NAMED_MONTH.match(text)) and m[2].lower() in _MONTHS:
        return _make_date(text, int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    return None, "not a recognised date"


# --- numbers -------------------------------------------------------------------------------


def parse_number(cell: Cell) -> tuple[float | None, str | None]:
    """(number, None); (None, None) when blank; (None, reason) for text, errors, TRUE/FALSE.

    Accepts int, float and numeric text (`6.138`, ` 7 `, `1e3`); NaN and infinity are not
    numbers; thousands separators (`1,234`) are not accepted; nor is TRUE/FALSE or `true`.
    """
    if cell is None:
        return None, None
    if isinstance(cell, bool):
        return None, "a TRUE/FALSE value is not a number"
    if isinstance(cell, int | float):
        value = float(cell)
        return (value, None) if math.isfinite(value) else (None, "not a number")
    text = _cell_text(cell)
    if text is None:
        return None, None
    if text.upper() in EXCEL_ERRORS:
        return None, f"the cell holds the Excel error {text.upper()}"
    if text.lower() in _BOOLEAN_TEXTS:
        return None, "a TRUE/FALSE value is not a number"
    if _NUMBER.match(text):
        return float(text), None
    return None, "not a number"


MAX_COUNT = 1_000_000_000  # far above any real count; keeps every count inside a 64-bit integer


def parse_integer(cell: Cell) -> tuple[int | None, str | None]:
    """(count, None); (None, None) when blank; (None, reason) otherwise.

    A count is a whole number from 0 to MAX_COUNT: `3`, 3.0 and the text `3.0` are 3; `2.5`,
    `-1`, `two`, TRUE, error values and numbers such as 1e20 or 2^63 are unreadable (with a
    reason saying which), never a silent blank or an overflow.
    """
    value, reason = parse_number(cell)
    if value is None:
        return None, (reason and reason.replace("a number", "a whole number"))
    if not value.is_integer():
        return None, "not a whole number"
    if value < 0:
        return None, "a count cannot be negative"
    if value > MAX_COUNT:
        return None, f"out of range: a count cannot be more than {MAX_COUNT:,}"
    return int(value), None


# --- codes ---------------------------------------------------------------------------------


def parse_code(cell: Cell, codelist: CodeList) -> tuple[str | None, bool]:
    """(code, True) when the cell names a value of `codelist`; (None, True) when blank;
    (the trimmed cell text, False) when it names none.

    The code is found wherever the cell carries it, case-insensitively and ignoring stray
    spaces, in this order (the first rule that matches wins):
    1. the whole cell is a known spelling: the code (`E11`, `e11`, `APKN`), the label
       (`Physical abuse`, `Female`), an alias from the YAML (`NFA`, `Y`), code and label
       joined by anything (`N1 - Abuse or Neglect`, `E11: Adopted ...`), or the template form;
    2. the same after removing a letter prefix `a) `, `p1) `, `zz) ` or `a. ` (the letter
       itself is ignored: files disagree on it, e.g. `s) NOBT` vs `t) NOBT`);
    3. the part before the first `:` or dash is a code or alias: `f) U6: Foster placement -
       not FFA`, `e) PR4 - Private provision`, `q) 6: Police`, `1 - Accommodation ...`;
    4. the first word is a code that looks like one (capitals and digits in the YAML):
       `a) E11 Adopted - application unopposed`, `a) WBRI White British`;
    5. only for lists marked `match_within` (suitability): a label or alias inside longer
       text, longest first, so that `unsuitable` and `not suitable` win over `suitable`
       (`Accommodation is not suitable` is Unsuitable). Two different codes found: unknown.
    """
    text = _cell_text(cell)
    if text is None:
        return None, True
    whole = codelist.spellings()
    key = spelling_key(text)
    if key in whole:
        return whole[key], True
    stripped = _LETTER_PREFIX.sub("", text, count=1)
    stripped_key = spelling_key(stripped)
    if stripped_key in whole:
        return whole[stripped_key], True
    parts = _HEAD_SEPARATOR.split(stripped, maxsplit=1)
    if len(parts) == 2:
        head_key = spelling_key(parts[0])
        if head_key in codelist.head_spellings():
            return codelist.head_spellings()[head_key], True
    words = stripped_key.split()
    if words and words[0] in codelist.code_like_spellings():
        return codelist.code_like_spellings()[words[0]], True
    if codelist.match_within:
        code = _code_within(stripped_key, codelist)
        if code is not None:
            return code, True
    return text, False


def _code_within(key: str, codelist: CodeList) -> str | None:
    remaining = f" {key} "
    found = set()
    for phrase, code in codelist.phrases():
        needle = f" {phrase} "
        if needle in remaining:
            found.add(code)
            remaining = remaining.replace(needle, " | ")
    return found.pop() if len(found) == 1 else None


# --- columns (vectorised) ------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnParser:
    """How one column type is parsed: `parse`, a scalar parser of a cell's text, and `dtypes`,
    the polars types of the two parts of its result (value, then reason or known flag).

    `plain` and `fast` are an optional shortcut for the texts most cells hold (`SYN0041624`,
    `2007-04-25 00:00:00`, `3`): a text matching the regex `plain` is parsed by the polars
    expression `fast(column)` instead, which gives exactly `parse`'s value with no reason
    (tests compare them); where `fast` gives null, `parse` decides (`2023-02-30`).
    """

    parse: Callable[[str], tuple[Any, Any]]
    dtypes: tuple[Any, Any]
    plain: str | None = None
    fast: Callable[[pl.Expr], pl.Expr] | None = None


# A workbook repeats the same texts across columns and lists (a date in many date columns, a
# child in many lists): the parsers of texts are pure, so each text is parsed once per process
# (up to this many distinct texts a parser).
_PARSED_TEXTS = 1 << 16


def _parsed_once(parse: Callable[[Cell], tuple[Any, Any]]) -> Callable[[str], tuple[Any, Any]]:
    return functools.lru_cache(maxsize=_PARSED_TEXTS)(parse)


# The shortcuts' texts, each a subset on which the scalar parser's rules reduce to one step:
# - an id of letters and digits only has nothing to trim and no decimal part: upper-cased;
# - printable ASCII text without leading or trailing spaces is already clean;
# - up to 9 digits are a count (0 to 999,999,999, within MAX_COUNT);
# - ISO `yyyy-mm-dd`, as the reader renders a date cell (`2007-04-25 00:00:00`): the date,
#   when it exists (else null, and `parse_date` gives the reason).
_PARSERS = {
    "identifier": ColumnParser(_parsed_once(lambda cell: (normalise_child_id(cell), None)), (pl.String, pl.String),
                               r"^[0-9A-Za-z]+$", lambda text: text.str.to_uppercase()),
    "string": ColumnParser(_parsed_once(lambda cell: (clean_text(cell), None)), (pl.String, pl.String),
                           r"^[!-~](?:[ -~]*[!-~])?$", lambda text: text),
    "integer": ColumnParser(_parsed_once(parse_integer), (pl.Int64, pl.String),
                            r"^[0-9]{1,9}$", lambda text: text.cast(pl.Int64, strict=False)),
    "date": ColumnParser(_parsed_once(parse_date), (pl.Date, pl.String), r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}(?: 00:00:00)?$",
                         lambda text: text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)),
    "number": ColumnParser(_parsed_once(parse_number), (pl.Float64, pl.String)),
}


def column_parser(column_type: str, codelist: CodeList | None = None, identifier: bool = False) -> ColumnParser:
    """The parser of a column of `column_type` (`annex_a_schema.yaml`'s types): a code column
    needs its `codelist`; an identifier (child, adopter, family id) is a string column read
    with `normalise_child_id`, any other string column with `clean_text`."""
    if column_type == "code":
        assert codelist is not None, "a code column is parsed with its code list"
        return ColumnParser(lambda cell: parse_code(cell, codelist), (pl.String, pl.Boolean))
    return _PARSERS["identifier" if column_type == "string" and identifier else column_type]


@dataclass(frozen=True)
class ParsedColumn:
    """One String column parsed: `values` and `seconds` (reasons, or known flags for codes)
    row by row, and `outcomes`, the distinct second parts met beside a shortcut's None."""

    values: pl.Series
    seconds: pl.Series
    outcomes: frozenset


def parse_columns(raw: pl.DataFrame, parsers: Mapping[str, ColumnParser]) -> dict[str, ParsedColumn]:
    """Parse String columns of `raw` (name -> its parser), each distinct value once: one query
    finds every column's distinct values (those its shortcut does not parse), one maps the
    parsed results back to the rows. The Series keep their column's name."""
    if not parsers:
        return {}
    shortcut = {name: _shortcut(pl.col(name), parser) for name, parser in parsers.items()}
    distinct_by_column = raw.select(
        pl.col(name).filter(shortcut[name][0].not_()).drop_nulls().unique().implode() for name in parsers
    ).row(0)
    mapped = []
    outcomes = {}
    for (name, parser), distinct in zip(parsers.items(), distinct_by_column):
        results = [parser.parse(value) for value in distinct]
        parts = list(zip(*results)) or [(), ()]
        old = pl.Series(distinct, dtype=pl.String)
        handled, quick = shortcut[name]
        for part, (dtype, parsed) in enumerate(zip(parser.dtypes, parts)):
            slow = pl.col(name).replace_strict(old, pl.Series(parsed, dtype=dtype), default=None, return_dtype=dtype)
            fast = quick if part == 0 else pl.lit(None, dtype=dtype)
            mapped.append(pl.when(handled).then(fast).otherwise(slow).alias(f"{part}:{name}"))
        outcomes[name] = frozenset(parts[1])
    frame = raw.select(mapped)
    return {
        name: ParsedColumn(frame[f"0:{name}"].rename(name), frame[f"1:{name}"].rename(name), outcomes[name])
        for name in parsers
    }


def _shortcut(text: pl.Expr, parser: ColumnParser) -> tuple[pl.Expr, pl.Expr]:
    """(whether the shortcut parses the cell, its value): false everywhere without one."""
    if parser.fast is None:
        return pl.lit(False), pl.lit(None, dtype=parser.dtypes[0])
    value = parser.fast(text)
    return (text.str.contains(parser.plain) & value.is_not_null()).fill_null(False), value


def _map_distinct(raw: pl.Series, parser: ColumnParser) -> tuple[pl.Series, pl.Series]:
    """Apply a scalar parser to each distinct value of a String series, then map back."""
    parsed = parse_columns(raw.to_frame(), {raw.name: parser})[raw.name]
    return parsed.values, parsed.seconds


def parse_date_column(raw: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(pl.Date values, pl.String reasons) for a String series; see `parse_date`."""
    return _map_distinct(raw, column_parser("date"))


def parse_integer_column(raw: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(pl.Int64 values, pl.String reasons); see `parse_integer`."""
    return _map_distinct(raw, column_parser("integer"))


def parse_code_column(raw: pl.Series, codelist: CodeList) -> tuple[pl.Series, pl.Series]:
    """(pl.String codes or unknown text, pl.Boolean known; null where blank); see `parse_code`."""
    return _map_distinct(raw, column_parser("code", codelist))


def child_id_column(raw: pl.Series) -> pl.Series:
    """`normalise_child_id` over a String series."""
    return _map_distinct(raw, column_parser("string", identifier=True))[0]


def text_column(raw: pl.Series) -> pl.Series:
    """`clean_text` over a String series (null where blank)."""
    return _map_distinct(raw, column_parser("string"))[0]
