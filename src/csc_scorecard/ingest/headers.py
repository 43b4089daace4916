"""Which Annex A list a sheet holds, where its header row is, and which column is which.

A sheet is identified by its headers, never by its name (`List 3`, `List_3` and `Referrals`
are all the referrals list when a `Date of referral` header is there; `annex-a.md` section 7).
A header row must hold, in one row, the list's identifier header (`Child Unique ID`; List 11
its adopter identifier), one of the list's signatures and at least `MIN_OTHER_HEADERS` more of
its headers: a guidance sheet (one field name per row, beside its guidance text), a code-list
sheet (the coded fields' names across one row, with no child id) or a pivot table (`Count of
Child Unique ID` is a summary, not the identifier) are then not lists, whatever headers they
quote.

Headers are compared after `normalise_header` with any pivot-table prefix (`Sum of`, `Count
of` ...) removed, first exactly against each column's template header and aliases from the
YAML; a header left over is then tried against the liia-style patterns below (only for columns
not already found). Signatures use exact matches only: a pattern such as `date ... contact`
also matches List 9's `Latest Date of Contact`, which must not make a care-leavers sheet look
like List 1.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from csc_scorecard.ingest.schema import AnnexASchema, ListSpec
from csc_scorecard.ingest.values import normalise_header
from csc_scorecard.issues import Issue, Severity

HEADER_SEARCH_ROWS = 10  # the header row is looked for in the first 10 rows of a sheet
# Besides its identifier, a header row holds at least this many of the list's headers (the
# signature among them); every real list has at least four.
MIN_OTHER_HEADERS = 2
# Headers copied out of an Excel pivot table carry the summary's name: `Sum of Number of
# Previous Child Protection Plans`. Compared in `normalise_header` form (lower case).
PIVOT_PREFIXES = ("sum of", "count of", "average of", "min of", "max of")

# Fallback patterns (annex-a.md section 2, "Header regexes used by liia"), matched with
# re.search against the normalised header (lower case, punctuation replaced by spaces), keyed
# by canonical column name. Word boundaries replace liia's `.*age.*`, which also matched
# "Date Stage 1 started".
HEADER_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "child_id": r"\bchild\b.*\b(id|identifier)\b|\b(id|identifier)\b.*\bchild\b",
        "date_of_birth": r"\bdate\b.*\bbirth\b",
        "age": r"\bage\b",
        "contact_date": r"\bdate\b.*\bcontact\b",
        "contact_source": r"\bcontact\b.*\bsource\b",
        "referral_date": r"\bdate of\b.*\breferral\b",
        "referral_source": r"\breferral\b.*\bsource\b",
        "requires_support": r"\bwas the child assessed\b.*\bsocial care support\b",
        "epo_last_6m": r"\bsubject to emergency protection order\b",
        "uasc": r"\bunaccompanied asylum seeking child\b",
        "category_of_need": r"\bchild.*\bcategory of need\b",
        "subsequent_period": r"\bsecond or subsequent\b.*\bof being a looked after child\b",
        "legal_status": r"\bchild.*\blegal status\b",
        "missing_episodes_12m": r"\bnumber of episodes the child has been\b.*\bmissing\b.*"
        r"\bfrom their placement in the last 12 months\b",
        "absent_episodes_12m": r"\bnumber of episodes the child has been\b.*\babsent\b.*"
        r"\bfrom their placement in the last 12 months\b",
    }.items()
}


@dataclass(frozen=True)
class SheetLayout:
    """A sheet identified as `spec`, with its header row and column positions.

    `header_row` is the 0-based row index of the headers. `positions` maps each canonical
    column found to its 0-based position among the sheet's columns; `headers` to the header
    text as written in the file (trimmed). `issues` are about the headers (no file or sheet
    filled in yet): duplicates, ambiguous and unrecognised headers.
    """

    spec: ListSpec
    header_row: int
    positions: dict[str, int]
    headers: dict[str, str]
    issues: list[Issue] = field(default_factory=list)


def header_key(cell: str | None) -> str:
    """`normalise_header(cell)` without a pivot-table prefix: `Sum of Age` -> `age`.

    A cell that is only the prefix (`Count of`) keeps it.
    """
    key = normalise_header(cell)
    for prefix in PIVOT_PREFIXES:
        if key.startswith(prefix + " "):
            return key[len(prefix) + 1:]
    return key


@functools.cache
def _exact_spellings(spec: ListSpec) -> dict[str, str]:
    """normalised header or alias -> canonical column name, for one list."""
    return {normalise_header(text): c.name for c in spec.columns for text in c.spellings}


def _exact_matches(cells: list[str | None], spec: ListSpec) -> set[str]:
    table = _exact_spellings(spec)
    return {table[key] for key in map(header_key, cells) if key in table}


def is_header_row(found: set[str], spec: ListSpec) -> bool:
    """Do the columns `found` (exact matches in one row) make a header row of `spec`?

    Its identifier, a whole signature, and `MIN_OTHER_HEADERS` or more other columns.
    """
    return (
        spec.identifier in found
        and any(set(signature) <= found for signature in spec.signatures)
        and len(found - {spec.identifier}) >= MIN_OTHER_HEADERS
    )


def _has_identifier(cells: list[str | None], spec: ListSpec) -> bool:
    """Does a cell name the list's identifier: one of its spellings, or a spelling only its
    pattern knows (`LA Child ID`; the other headers of a header row must be exact)?

    Not with a pivot-table prefix: `Count of Child Unique ID` heads a pivot table that counts
    children, not a list of them.
    """
    spellings = _exact_spellings(spec)
    pattern = HEADER_PATTERNS.get(spec.identifier)
    for cell in cells:
        key = normalise_header(cell)
        if not key or header_key(cell) != key:
            continue
        if spellings.get(key) == spec.identifier or (pattern is not None and pattern.search(key)):
            return True
    return False


def _best_list(cells: list[str | None], schema: AnnexASchema) -> ListSpec | None:
    """The list this row is a header row of; with several, the one matching most headers."""
    candidates = []
    for spec in schema.lists.values():
        found = _exact_matches(cells, spec) - {spec.identifier}
        if _has_identifier(cells, spec):
            found.add(spec.identifier)
        if is_header_row(found, spec):
            candidates.append((len(found), -spec.number, spec))
    return max(candidates, key=lambda c: c[:2])[2] if candidates else None


def identify_sheet(rows: list[list[str | None]], schema: AnnexASchema) -> SheetLayout | None:
    """The layout of a sheet given its first rows (cells as text), or None if no list fits.

    The header row is the first of the first `HEADER_SEARCH_ROWS` rows that `is_header_row`
    of some list (headers matched exactly, after `header_key`).
    """
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        spec = _best_list(cells, schema)
        if spec is not None:
            return map_headers(cells, spec, index)
    return None


def map_headers(cells: list[str | None], spec: ListSpec, header_row: int) -> SheetLayout:
    """Map one header row onto `spec`'s columns (exact spellings first, then patterns).

    - two headers meaning one column: the first (leftmost) is used, a warning names the other;
    - a header that matches the patterns of two columns: an error (we cannot guess);
    - a non-blank header that is no column of the list: a warning, the column is ignored.
    """
    exact = _exact_spellings(spec)
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    issues: list[Issue] = []
    excel_row = header_row + 1
    leftovers: list[tuple[int, str]] = []

    def take(name: str, position: int, text: str) -> None:
        if name in positions:
            issues.append(
                Issue(
                    Severity.WARNING,
                    f"this header repeats column {spec.column(name).header!r} (already read from "
                    f"the column headed {headers[name]!r}): ignored",
                    row=excel_row,
                    column=text,
                )
            )
            return
        positions[name] = position
        headers[name] = text

    for position, cell in enumerate(cells):
        text = (cell or "").strip()
        key = header_key(text)
        if not key:
            continue
        if key in exact:
            take(exact[key], position, text)
        else:
            leftovers.append((position, text))

    for position, text in leftovers:
        key = header_key(text)
        matches = [
            name
            for name, pattern in HEADER_PATTERNS.items()
            if spec.has_column(name) and name not in positions and pattern.search(key)
        ]
        if len(matches) == 1:
            take(matches[0], position, text)
        elif len(matches) > 1:
            names = " and ".join(repr(spec.column(n).header) for n in matches)
            issues.append(
                Issue(
                    Severity.ERROR,
                    f"this header could mean {names}: rename it to the Annex A header",
                    row=excel_row,
                    column=text,
                )
            )
        else:
            issues.append(
                Issue(
                    Severity.WARNING,
                    f"not a column of list {spec.number} ({spec.title}): ignored",
                    row=excel_row,
                    column=text,
                )
            )
    return SheetLayout(spec, header_row, positions, headers, issues)
