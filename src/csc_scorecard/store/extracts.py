"""Extracts in the store: register and load one Annex A workbook in a single transaction, and read back.

Rules (spec/indicators.md, "Inputs and how extracts combine"): an extract is identified by its
LA and as-at date; the same file loaded again is a no-op that says so; a different file for an
as-at date already loaded replaces it (the earlier one stays, marked superseded); a file already
loaded under another as-at date is refused. A load writes everything or nothing: the rows, and
every issue of the read (warnings and row-level errors) as the extract's data-quality report.
A file-level error refuses the file; so does any error with `strict`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from datetime import date, datetime, timezone
from fractions import Fraction
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import polars as pl
import sqlalchemy as sa

from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.issues import Issue, Scope, Severity, UserError, refuses
from csc_scorecard.store import tables
from csc_scorecard.store.db import PRIVATE_FILE, PRIVATE_FOLDER, Store
from csc_scorecard.store.extract_set import EXTRACTS_SCHEMA, MEASURED_LISTS, PRESENCE_SCHEMA, ExtractSet

if TYPE_CHECKING:  # the reader (fastexcel, XML) loads only where a workbook is read, not for every command
    from csc_scorecard.ingest.annex_a import AnnexARead

# Lists whose first dated row gives the period start when the user does not (indicators.md).
_FLOW_LISTS = ("referrals", "assessments", "s47_icpc")
# Lists whose rows are the events of the extract's period (Annex A: the 6 months before it):
# their counts are compared per day of each extract's period. Early help also lists the
# current assessments that started earlier, so it does not date a period (`infer_period_start`).
_PERIOD_LISTS = ("contacts", "early_help", *_FLOW_LISTS)

DROP_FLOOR = 20  # rows expected below which a fall by half is not refused (see _refusal)

CACHE_FOLDER = "cache"  # Parquet copies of loaded extracts' rows (see read_list_rows)

# An extract counts while it is neither superseded by a later load at its date nor withdrawn.
CURRENT = sa.and_(tables.extracts.c.superseded_by.is_(None), tables.extracts.c.withdrawn_at.is_(None))

_POLARS_TYPES = {"string": pl.String, "code": pl.String, "date": pl.Date, "integer": pl.Int64, "number": pl.Float64}


@dataclass
class LoadOutcome:
    status: str  # "loaded", "replaced", "unchanged" or "refused"
    message: str
    extract_id: int | None = None
    period_start: date | None = None
    period_start_source: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    needs: str | None = None  # a refusal the user may override: "partial" or "accept_drop"


def infer_period_start(read: AnnexARead, as_at: date) -> tuple[date, str]:
    """The 1st of the month of the earliest referral (else assessment, s47) on or before as-at."""
    for name in _FLOW_LISTS:
        listed = read.lists.get(name)
        if listed is None:
            continue
        date_column = load_schema().lists[name].defining_date
        dates = listed.frame.get_column(date_column).drop_nulls()
        dates = dates.filter(dates <= as_at)
        if dates.len():
            earliest = dates.min()
            title = load_schema().lists[name].title
            return earliest.replace(day=1), f"inferred: month of the earliest date in List {listed.number} ({title})"
    return as_at, "inferred: no flow list, so the extract covers its as-at date only"


def load_annex_a(
    store: Store,
    read: AnnexARead,
    as_at: date,
    la_code: str,
    period_start: date | None = None,
    *,
    partial: bool = False,
    accept_drop: bool = False,
    strict: bool = False,
    loaded_by: str | None = None,
) -> LoadOutcome:
    """Store one read workbook as the extract of `la_code` at `as_at`, all or nothing.

    Refused when `refuses(read.issues, strict)`: a file-level error, or with `strict` any error.
    The whole decision is taken inside one transaction that holds the store's write lock, so
    two loads at once run one after the other and never leave two current extracts for a month.
    Refused (nothing stored) unless told otherwise: a workbook that lacks a list the extract it
    replaces had (`partial`), and one in which a measured list's rows fall by more than half
    against the extract before it (`accept_drop`); see `_refusal`.
    """
    counts = {name: listed.frame.height for name, listed in read.lists.items()}
    if refuses(read.issues, strict):
        return LoadOutcome("refused", f"{read.file}: not loaded, the errors below must be fixed first", counts=counts, issues=read.issues)
    if period_start is None:
        period_start, source = infer_period_start(read, as_at)
    else:
        source = "given"
    if period_start > as_at:
        raise UserError(f"{read.file}: the period start {period_start} is after the as-at date {as_at}")

    issues = list(read.issues)
    try:
        with store.write_transaction() as conn:
            current = _current_extracts(conn, la_code)
            same_file = [row for row in current if row.sha256 == read.sha256]
            if same_file:
                row = same_file[0]
                if not _list_counts(conn, row.id):
                    raise UserError(
                        f"{read.file}: this file was loaded as the extract at {row.as_at} and its child-level rows "
                        "have since been purged (scorecard purge); it is not loaded again"
                    )
                if row.as_at == as_at:
                    return LoadOutcome("unchanged", f"{read.file}: already loaded as the extract at {as_at}; nothing to do", row.id, counts=counts, issues=read.issues)
                raise UserError(f"{read.file}: this file is already loaded as the extract at {row.as_at}; it cannot also be the extract at {as_at}")
            replaced, previous = _replaced_and_previous(current, as_at)
            if previous is not None:
                before = _list_counts(conn, previous.id)
                refusal = _refusal(read.file, counts, (as_at, period_start), before, previous, bool(replaced), partial, accept_drop)
                if refusal:
                    message, needs = refusal
                    return LoadOutcome("refused", message, counts=counts, issues=read.issues, needs=needs)
                issues += _missing_list_warnings(read.file, counts, before, previous.as_at, as_at)
            extract_id = _insert_extract(conn, read, la_code, as_at, period_start, source, [row.id for row in replaced], loaded_by)
            for name, listed in read.lists.items():
                _insert_rows(conn, name, extract_id, listed.frame)
                conn.execute(tables.extract_lists.insert().values(extract_id=extract_id, list_name=name, sheet=listed.sheet, rows=listed.frame.height))
            if issues:  # warnings and row-level errors: a file-level error refused the file above
                conn.execute(
                    tables.load_issues.insert(),
                    [
                        {"extract_id": extract_id, "severity": i.severity.value, "message": i.message, "sheet": i.sheet,
                         "row": i.row, "column": i.column, "value": i.value, "expected": i.expected, "scope": i.scope.value}
                        for i in issues
                    ],
                )
    except sa.exc.IntegrityError:
        # Only reachable if something bypassed the write lock: the database's own index decides.
        raise UserError(
            f"{read.file}: another extract at {as_at} for LA {la_code} was stored while this one was loading; "
            "nothing of this file was stored: load it again to replace that one"
        ) from None
    for name, listed in read.lists.items():
        schema = list_schema(name)
        frame = listed.frame.with_columns(pl.lit(extract_id).alias("extract_id"))
        _write_cache(store, extract_id, name, frame.select(list(schema)).cast(schema))
    status = "replaced" if replaced else "loaded"
    verb = f"replaced the extract at {as_at}" if replaced else f"loaded as the extract at {as_at}"
    return LoadOutcome(status, f"{read.file}: {verb} (LA {la_code})", extract_id, period_start, source, counts, issues)


def _current_extracts(conn: sa.Connection, la_code: str) -> list:
    """The LA's current extracts (neither superseded nor withdrawn), oldest as-at first."""
    return conn.execute(
        sa.select(tables.extracts.c.id, tables.extracts.c.as_at, tables.extracts.c.period_start, tables.extracts.c.sha256,
                  tables.extracts.c.file_name, tables.extracts.c.loaded_at)
        .where(tables.extracts.c.la_code == la_code, CURRENT)
        .order_by(tables.extracts.c.as_at, tables.extracts.c.id)
    ).all()


def _replaced_and_previous(current: list, as_at: date) -> tuple[list, object | None]:
    """The current extracts at `as_at` (which a load at that date replaces) and the extract a
    load is compared with: the one replaced, else the latest earlier one (None: the first)."""
    replaced = [row for row in current if row.as_at == as_at]
    earlier = [row for row in current if row.as_at < as_at]
    return replaced, (replaced[-1] if replaced else (earlier[-1] if earlier else None))


@dataclass(frozen=True)
class LoadChecks:
    """What a load would be compared with and which confirmations it would need, before it runs."""

    previous_id: int | None
    previous_as_at: date | None
    previous_file: str | None
    replaces: bool  # an extract at the same as-at date is current and would be superseded
    replaced_ids: tuple[int, ...]
    previous_counts: dict[str, int]
    needs: dict[str, str]  # "partial" / "accept_drop" -> the refusal's message, when it would be refused
    same_file_as_at: date | None  # this very file is already current at that date


def load_checks(store: Store, read: AnnexARead, as_at: date, la_code: str, period_start: date) -> LoadChecks:
    """The checks `load_annex_a` makes before it stores anything, made without storing (for the
    dashboard's comparison and confirm step): each refusal the user may override, separately."""
    counts = {name: listed.frame.height for name, listed in read.lists.items()}
    with store.engine.connect() as conn:
        current = _current_extracts(conn, la_code)
        same = next((row.as_at for row in current if row.sha256 == read.sha256), None)
        replaced, previous = _replaced_and_previous(current, as_at)
        before = _list_counts(conn, previous.id) if previous is not None else {}
    needs = {}
    if previous is not None:
        for need, (partial, accept_drop) in {"partial": (False, True), "accept_drop": (True, False)}.items():
            refusal = _refusal(read.file, counts, (as_at, period_start), before, previous, bool(replaced), partial, accept_drop)
            if refusal and refusal[1] == need:
                needs[need] = refusal[0]
    return LoadChecks(
        previous.id if previous else None, previous.as_at if previous else None, previous.file_name if previous else None,
        bool(replaced), tuple(row.id for row in replaced), before, needs, same,
    )


def _insert_extract(conn: sa.Connection, read: AnnexARead, la_code: str, as_at: date, period_start: date, source: str,
                    replaced: list[int], loaded_by: str | None) -> int:
    """The new extract's register row, superseding `replaced`. The old rows leave "current"
    before the new one enters it (the unique index allows one current extract a month); within
    the transaction, so no reader sees the month without one."""
    if replaced:
        conn.execute(tables.extracts.update().where(tables.extracts.c.id.in_(replaced)).values(superseded_by=tables.extracts.c.id))
    extract_id = conn.execute(
        tables.extracts.insert().values(
            la_code=la_code,
            as_at=as_at,
            period_start=period_start,
            period_start_source=source,
            file_name=read.file,
            sha256=read.sha256,
            loaded_at=datetime.now(timezone.utc).replace(tzinfo=None),
            loaded_by=loaded_by,
        )
    ).inserted_primary_key[0]
    if replaced:
        conn.execute(tables.extracts.update().where(tables.extracts.c.id.in_(replaced)).values(superseded_by=extract_id))
    return extract_id


def _refusal(
    file: str,
    counts: dict[str, int],
    period: tuple[date, date],
    before: dict[str, int],
    previous,
    replacing: bool,
    partial: bool,
    accept_drop: bool,
) -> tuple[str, str] | None:
    """Why this load must not go ahead without the user's word, and which word (the option
    that overrides it: "partial" or "accept_drop"), or None.

    - Replacing an extract with a workbook that lacks a list the replaced one had would make
      that list's figures disappear for the month: refused unless `partial`.
    - A measured list whose rows fall by more than half against the extract before (the one
      replaced, else the latest earlier one), or to none, is far more often a damaged or
      filtered export than a real change: refused unless `accept_drop`. Lists 1-5 (events of
      the period) are compared per day of each extract's period, since a shorter period lists fewer rows.
      A fall by half from fewer than DROP_FLOOR rows is ordinary noise and is not refused; a
      fall to none always is.
    """
    as_at, period_start = period
    if replacing and not partial:
        lacking = [name for name in before if name not in counts]
        if lacking:
            return (
                f"{file}: not loaded: it has no {_list_names(lacking)}, which the extract at {as_at} it would replace had. "
                "Nothing was stored. If the workbook is partial on purpose, load it again as partial "
                "(--partial on the command line): the figures on those lists then show as not covered for this month",
                "partial",
            )
    if accept_drop:
        return None
    schema = load_schema()
    falls = []
    for name in MEASURED_LISTS:
        was, now = before.get(name, 0), counts.get(name)
        if now is None or was == 0:
            continue
        expected = Fraction(was)
        if name in _PERIOD_LISTS:
            expected = Fraction(was * ((as_at - period_start).days + 1), (previous.as_at - previous.period_start).days + 1)
        if now == 0 or (expected >= DROP_FLOOR and now < expected / 2):
            spec = schema.lists[name]
            text = f"List {spec.number} ({spec.title}): {was:,} rows in the extract at {previous.as_at}, {now:,} in this workbook"
            if name in _PERIOD_LISTS:
                text += f" (periods from {previous.period_start} and {period_start})"
            falls.append(text)
    if falls:
        return (
            f"{file}: not loaded: rows fell by more than half: {'; '.join(falls)}. Nothing was stored. "
            "Check that the export is complete; if the fall is real, load it again accepting the fall "
            "(--accept-drop on the command line)",
            "accept_drop",
        )
    return None


def _missing_list_warnings(file: str, counts: dict[str, int], before: dict[str, int], previous_as_at: date, as_at: date) -> list[Issue]:
    """A warning per list the extract before had and this workbook lacks (when not refused)."""
    lacking = [name for name in before if name not in counts]
    if not lacking:
        return []
    return [
        Issue(
            Severity.WARNING,
            f"this workbook has no {_list_names(lacking)}, which the extract at {previous_as_at} had: "
            f"the figures on {'it' if len(lacking) == 1 else 'them'} are not covered at {as_at}",
            file=file,
        )
    ]


def _list_names(names: list[str]) -> str:
    schema = load_schema()
    ordered = sorted(names, key=lambda n: schema.lists[n].number)
    return ", ".join(f"List {schema.lists[n].number} ({schema.lists[n].title})" for n in ordered)


def _list_counts(conn: sa.Connection, extract_id: int) -> dict[str, int]:
    rows = conn.execute(
        sa.select(tables.extract_lists.c.list_name, tables.extract_lists.c.rows).where(tables.extract_lists.c.extract_id == extract_id)
    ).all()
    return {r.list_name: r.rows for r in rows}


def _insert_rows(conn: sa.Connection, list_name: str, extract_id: int, frame: pl.DataFrame) -> None:
    """Bulk insert through the driver, bypassing SQLAlchemy's per-row path (~10x slower here):
    sqlite3's executemany (dates as the ISO text SQLAlchemy stores them as), or PostgreSQL's COPY."""
    if frame.height == 0:
        return
    table = tables.list_tables[list_name]
    names = [c.name for c in table.columns if c.name != "extract_id"]
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in ["extract_id", *names])
    if conn.dialect.name == "postgresql":
        prepared = frame.select([pl.lit(extract_id).alias("extract_id"), *names])
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
            for row in prepared.iter_rows():
                copy.write_row(row)
        return
    prepared = frame.select(
        [pl.lit(extract_id).alias("extract_id")]
        + [pl.col(n).dt.to_string("%Y-%m-%d") if frame.schema[n] == pl.Date else pl.col(n) for n in names]
    )
    placeholders = ", ".join("?" for _ in range(len(names) + 1))
    conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({placeholders})", prepared.rows())


def extracts_frame(store: Store, la_codes: Iterable[str] | None = None, include_superseded: bool = False) -> pl.DataFrame:
    """The extracts register: one row per extract, newest as-at last."""
    query = sa.select(tables.extracts).order_by(tables.extracts.c.la_code, tables.extracts.c.as_at, tables.extracts.c.id)
    if la_codes is not None:
        query = query.where(tables.extracts.c.la_code.in_(list(la_codes)))
    if not include_superseded:
        query = query.where(CURRENT)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    schema = {
        "id": pl.Int64, "la_code": pl.String, "as_at": pl.Date, "period_start": pl.Date,
        "period_start_source": pl.String, "file_name": pl.String, "sha256": pl.String,
        "loaded_at": pl.Datetime, "superseded_by": pl.Int64, "loaded_by": pl.String, "withdrawn_at": pl.Datetime, "withdrawn_by": pl.String,
        "withdrawn_reason": pl.String,
    }
    return pl.DataFrame([dict(r) for r in rows], schema=schema, orient="row")


def extract_set(store: Store, la_codes: Iterable[str] | None = None, lists: Iterable[str] = MEASURED_LISTS,
                columns: dict[str, tuple[str, ...]] | None = None, on_demand: bool = False,
                extract_ids: Iterable[int] | None = None) -> ExtractSet:
    """The current extracts of the given LAs (all when None), which lists each held, and the
    rows of those lists, for the measures. A list some extract held with no rows is handed over
    empty, so the measures count zero rows rather than "no list". `columns`: per list, the
    columns to read (`measures.columns.columns_to_read`; every column when None).
    `on_demand`: each list is read when asked for and not kept (`ListsOnDemand`), for one pass
    over the lists that needs one list's rows at a time in memory (`combine`). `extract_ids`:
    these extracts instead, current or not (the set as it stood at an earlier time: extracts
    never change)."""
    register = extracts_frame(store, la_codes, include_superseded=extract_ids is not None)
    if extract_ids is not None:
        register = register.filter(pl.col("id").is_in(list(extract_ids)))
    register = register.rename({"id": "extract_id"}).select(list(EXTRACTS_SCHEMA))
    presence = list_presence(store, register.get_column("extract_id").to_list())
    holders = {name: presence.filter(pl.col("list_name") == name)["extract_id"].to_list() for name in lists}
    frames = ListsOnDemand(store, {name: ids for name, ids in holders.items() if ids}, columns)
    read = None if columns is None else {name: columns[name] for name in frames}
    return ExtractSet(extracts=register, lists=frames if on_demand else dict(frames), presence=presence, columns=read)


class ListsOnDemand(Mapping[str, pl.DataFrame]):
    """An ExtractSet's `lists` that reads a list's rows (`read_list_rows`) each time it is asked
    for one, keeping none: the lists held by some extract (`holders`: list -> extract ids)."""

    def __init__(self, store: Store, holders: dict[str, list[int]], columns: dict[str, tuple[str, ...]] | None):
        self._store, self._holders, self._columns = store, holders, columns

    def __getitem__(self, name: str) -> pl.DataFrame:
        return read_list_rows(self._store, name, self._holders[name], None if self._columns is None else self._columns[name])

    def __contains__(self, name: object) -> bool:
        return name in self._holders

    def __iter__(self) -> Iterator[str]:
        return iter(self._holders)

    def __len__(self) -> int:
        return len(self._holders)


def list_presence(store: Store, extract_ids: list[int]) -> pl.DataFrame:
    """`extract_id, list_name` for every list each of the given extracts held (with or without rows)."""
    if not extract_ids:
        return pl.DataFrame(schema=PRESENCE_SCHEMA)
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(tables.extract_lists.c.extract_id, tables.extract_lists.c.list_name).where(
                tables.extract_lists.c.extract_id.in_(extract_ids)
            )
        ).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=PRESENCE_SCHEMA, orient="row")


def read_list_rows(store: Store, list_name: str, extract_ids: list[int],
                   columns: tuple[str, ...] | None = None) -> pl.DataFrame:
    """All rows of one list for the given extracts, typed as the loader typed them, ordered by
    extract and source row: `extract_id`, `source_row` and the list's columns (those of
    `columns` alone, when given).

    Extracts never change once loaded, so each one's rows are also kept as a Parquet file in
    the store's cache folder, written on first read (or at load): reading them back is about
    20 times faster than converting SQLite rows. The database stays the record; a missing or
    unreadable cache file is simply rebuilt from it.
    """
    schema = list_schema(list_name)
    if columns is not None:
        unknown = [c for c in columns if c not in schema]
        if unknown:
            raise ValueError(f"list {list_name} has no column {', '.join(unknown)}")
        schema = {c: t for c, t in schema.items() if c in ("extract_id", "source_row") or c in columns}
    frames, missing = _read_cached(store, list_name, sorted(extract_ids), list(schema))
    if missing:
        fresh = _read_list_rows_from_database(store, list_name, missing)
        for extract_id in missing:
            _write_cache(store, extract_id, list_name, fresh.filter(pl.col("extract_id") == extract_id))
        frames.append(fresh)
    if not frames:
        return pl.DataFrame(schema=schema)
    rows = pl.concat([f.select(list(schema)).cast(schema) for f in frames])
    # each file holds one extract's rows in order: read in extract order, they need no sort
    position = pl.col("extract_id") * (1 << 32) + pl.col("source_row")
    if rows.height > 1 and not rows.select((position.diff().drop_nulls() >= 0).all()).item():
        rows = rows.sort("extract_id", "source_row")
    return rows


def _read_cached(store: Store, list_name: str, extract_ids: list[int], columns: list[str]
                 ) -> tuple[list[pl.DataFrame], list[int]]:
    """The cached rows (`columns` of them) of the extracts that have a readable cache file, in
    the order of `extract_ids`, and the ids of those that have none. All files are read in one
    call (polars reads them in parallel, about twice as fast as one by one); when that fails
    (a damaged file), one by one, to find which."""
    paths = {extract_id: _cache_path(store, extract_id, list_name) for extract_id in extract_ids}
    present = [extract_id for extract_id, path in paths.items() if path.exists()]
    missing = sorted(set(extract_ids) - set(present))
    if not present:
        return [], missing
    try:
        return [pl.read_parquet([paths[extract_id] for extract_id in present], columns=columns)], missing
    except (pl.exceptions.PolarsError, OSError):
        pass
    frames = []
    for extract_id in present:
        try:
            frames.append(pl.read_parquet(paths[extract_id], columns=columns))
        except (FileNotFoundError, pl.exceptions.ComputeError, pl.exceptions.ColumnNotFoundError, OSError):
            missing.append(extract_id)
    return frames, missing


def list_schema(list_name: str) -> dict:
    spec = load_schema().lists[list_name]
    return {"extract_id": pl.Int64, "source_row": pl.Int64} | {c.name: _POLARS_TYPES[c.type] for c in spec.columns}


def _cache_path(store: Store, extract_id: int, list_name: str) -> Path:
    return store.path / CACHE_FOLDER / f"extract-{extract_id}-{list_name}.parquet"


def drop_cache(store: Store, extract_id: int) -> None:
    """Delete the cached rows of one extract (every list), e.g. once its rows are purged."""
    for list_name in load_schema().lists:
        _cache_path(store, extract_id, list_name).unlink(missing_ok=True)


def _write_cache(store: Store, extract_id: int, list_name: str, frame: pl.DataFrame) -> None:
    """Write atomically (temporary file, then rename) so a reader never sees half a file;
    private to this user, like the database (child-level rows)."""
    path = _cache_path(store, extract_id, list_name)
    path.parent.mkdir(exist_ok=True, mode=PRIVATE_FOLDER)
    partial = path.with_suffix(".partial")
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_FILE))
    frame.write_parquet(partial)
    os.replace(partial, path)


def _read_list_rows_from_database(store: Store, list_name: str, extract_ids: list[int]) -> pl.DataFrame:
    """The rows as the driver gives them: SQLite's dates are read as their ISO text and parsed
    here (SQLAlchemy's own date conversion is far slower); PostgreSQL's come as dates."""
    spec = load_schema().lists[list_name]
    table = tables.list_tables[list_name]
    sqlite = store.engine.dialect.name == "sqlite"
    dates = [c.name for c in spec.columns if c.type == "date"]
    columns = [table.c.extract_id, table.c.source_row] + [
        sa.type_coerce(table.c[c.name], sa.Text) if sqlite and c.name in dates else table.c[c.name] for c in spec.columns
    ]
    query = sa.select(*columns).where(table.c.extract_id.in_(extract_ids)).order_by(table.c.extract_id, table.c.source_row)
    types = {"extract_id": pl.Int64, "source_row": pl.Int64}
    types |= {c.name: (pl.String if sqlite and c.type == "date" else _POLARS_TYPES[c.type]) for c in spec.columns}
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pl.DataFrame(rows, schema=types, orient="row")
    return frame.with_columns(pl.col(d).str.to_date("%Y-%m-%d") for d in dates) if sqlite else frame


def stored_issues(store: Store, extract_id: int) -> list[Issue]:
    """The issues recorded when an extract was loaded (its data-quality report)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(tables.load_issues, tables.extracts.c.file_name)
            .join(tables.extracts, tables.extracts.c.id == tables.load_issues.c.extract_id)
            .where(tables.load_issues.c.extract_id == extract_id)
        ).mappings().all()
    return [
        Issue(Severity(r["severity"]), r["message"], r["file_name"], r["sheet"], r["row"], r["column"], r["value"], r["expected"],
              Scope(r["scope"]))
        for r in rows
    ]


def is_empty(store: Store) -> bool:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(tables.extracts)).scalar_one() == 0
