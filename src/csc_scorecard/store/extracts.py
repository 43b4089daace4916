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
from typing import Iterable

import polars as pl
import sqlalchemy as sa

from csc_scorecard.ingest.annex_a import AnnexARead
from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.issues import Issue, Scope, Severity, UserError, refuses
from csc_scorecard.store import tables
from csc_scorecard.store.db import Store
from csc_scorecard.store.extract_set import EXTRACTS_SCHEMA, MEASURED_LISTS, ExtractSet

# Lists whose first dated row gives the period start when the user does not (indicators.md).
_FLOW_LISTS = ("referrals", "assessments", "s47_icpc")

CACHE_FOLDER = "cache"  # Parquet copies of loaded extracts' rows (see read_list_rows)

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
    strict: bool = False,
) -> LoadOutcome:
    """Store one read workbook as the extract of `la_code` at `as_at`, all or nothing.

    Refused when `refuses(read.issues, strict)`: a file-level error, or with `strict` any error.
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

    with store.engine.begin() as conn:
        current = conn.execute(
            sa.select(tables.extracts.c.id, tables.extracts.c.as_at, tables.extracts.c.sha256).where(
                tables.extracts.c.la_code == la_code, tables.extracts.c.superseded_by.is_(None)
            )
        ).all()
        same_file = [row for row in current if row.sha256 == read.sha256]
        if same_file:
            row = same_file[0]
            if row.as_at == as_at:
                return LoadOutcome("unchanged", f"{read.file}: already loaded as the extract at {as_at}; nothing to do", row.id, counts=counts, issues=read.issues)
            raise UserError(f"{read.file}: this file is already loaded as the extract at {row.as_at}; it cannot also be the extract at {as_at}")
        replaced = [row.id for row in current if row.as_at == as_at]

        extract_id = conn.execute(
            tables.extracts.insert().values(
                la_code=la_code,
                as_at=as_at,
                period_start=period_start,
                period_start_source=source,
                file_name=read.file,
                sha256=read.sha256,
                loaded_at=datetime.now(timezone.utc).replace(tzinfo=None),
            )
        ).inserted_primary_key[0]
        if replaced:
            conn.execute(tables.extracts.update().where(tables.extracts.c.id.in_(replaced)).values(superseded_by=extract_id))
        for name, listed in read.lists.items():
            _insert_rows(conn, name, extract_id, listed.frame)
            conn.execute(tables.extract_lists.insert().values(extract_id=extract_id, list_name=name, sheet=listed.sheet, rows=listed.frame.height))
        if read.issues:  # warnings and row-level errors: a file-level error refused the file above
            conn.execute(
                tables.load_issues.insert(),
                [
                    {"extract_id": extract_id, "severity": i.severity.value, "message": i.message, "sheet": i.sheet,
                     "row": i.row, "column": i.column, "value": i.value, "expected": i.expected, "scope": i.scope.value}
                    for i in read.issues
                ],
            )
    for name, listed in read.lists.items():
        schema = _list_schema(name)
        frame = listed.frame.with_columns(pl.lit(extract_id).alias("extract_id"))
        _write_cache(store, extract_id, name, frame.select(list(schema)).cast(schema))
    status = "replaced" if replaced else "loaded"
    verb = f"replaced the extract at {as_at}" if replaced else f"loaded as the extract at {as_at}"
    return LoadOutcome(status, f"{read.file}: {verb} (LA {la_code})", extract_id, period_start, source, counts, read.issues)


def _insert_rows(conn: sa.Connection, list_name: str, extract_id: int, frame: pl.DataFrame) -> None:
    """Bulk insert through the driver's executemany: SQLAlchemy's per-row path is ~10x slower here."""
    if frame.height == 0:
        return
    table = tables.list_tables[list_name]
    names = [c.name for c in table.columns if c.name != "extract_id"]
    prepared = frame.select(
        [pl.lit(extract_id).alias("extract_id")]
        + [pl.col(n).dt.to_string("%Y-%m-%d") if frame.schema[n] == pl.Date else pl.col(n) for n in names]
    )
    placeholders = ", ".join("?" for _ in range(len(names) + 1))
    sql = f'INSERT INTO {table.name} (extract_id, {", ".join(names)}) VALUES ({placeholders})'
    conn.exec_driver_sql(sql, prepared.rows())


def extracts_frame(store: Store, la_codes: Iterable[str] | None = None, include_superseded: bool = False) -> pl.DataFrame:
    """The extracts register: one row per extract, newest as-at last."""
    query = sa.select(tables.extracts).order_by(tables.extracts.c.la_code, tables.extracts.c.as_at, tables.extracts.c.id)
    if la_codes is not None:
        query = query.where(tables.extracts.c.la_code.in_(list(la_codes)))
    if not include_superseded:
        query = query.where(tables.extracts.c.superseded_by.is_(None))
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    schema = {
        "id": pl.Int64, "la_code": pl.String, "as_at": pl.Date, "period_start": pl.Date,
        "period_start_source": pl.String, "file_name": pl.String, "sha256": pl.String,
        "loaded_at": pl.Datetime, "superseded_by": pl.Int64,
    }
    return pl.DataFrame([dict(r) for r in rows], schema=schema, orient="row")


def extract_set(store: Store, la_codes: Iterable[str] | None = None, lists: Iterable[str] = MEASURED_LISTS) -> ExtractSet:
    """The current extracts of the given LAs (all when None) and their rows, for the measures."""
    register = extracts_frame(store, la_codes).rename({"id": "extract_id"}).select(list(EXTRACTS_SCHEMA))
    ids = register.get_column("extract_id").to_list()
    frames: dict[str, pl.DataFrame] = {}
    if ids:
        for name in lists:
            frame = read_list_rows(store, name, ids)
            if frame.height:
                frames[name] = frame
    return ExtractSet(extracts=register, lists=frames)


def read_list_rows(store: Store, list_name: str, extract_ids: list[int]) -> pl.DataFrame:
    """All rows of one list for the given extracts, typed as the loader typed them.

    Extracts never change once loaded, so each one's rows are also kept as a Parquet file in
    the store's cache folder, written on first read (or at load): reading them back is about
    20 times faster than converting SQLite rows. The database stays the record; a missing or
    unreadable cache file is simply rebuilt from it.
    """
    frames = []
    missing = []
    for extract_id in extract_ids:
        path = _cache_path(store, extract_id, list_name)
        try:
            frames.append(pl.read_parquet(path))
        except (FileNotFoundError, pl.exceptions.ComputeError, OSError):
            missing.append(extract_id)
    if missing:
        fresh = _read_list_rows_from_database(store, list_name, missing)
        for extract_id in missing:
            _write_cache(store, extract_id, list_name, fresh.filter(pl.col("extract_id") == extract_id))
        frames.append(fresh)
    schema = _list_schema(list_name)
    if not frames:
        return pl.DataFrame(schema=schema)
    return pl.concat([f.select(list(schema)).cast(schema) for f in frames]).sort("extract_id", "source_row")


def _list_schema(list_name: str) -> dict:
    spec = load_schema().lists[list_name]
    return {"extract_id": pl.Int64, "source_row": pl.Int64} | {c.name: _POLARS_TYPES[c.type] for c in spec.columns}


def _cache_path(store: Store, extract_id: int, list_name: str) -> Path:
    return store.path / CACHE_FOLDER / f"extract-{extract_id}-{list_name}.parquet"


def _write_cache(store: Store, extract_id: int, list_name: str, frame: pl.DataFrame) -> None:
    """Write atomically (temporary file, then rename) so a reader never sees half a file."""
    path = _cache_path(store, extract_id, list_name)
    path.parent.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    frame.write_parquet(partial)
    os.replace(partial, path)


def _read_list_rows_from_database(store: Store, list_name: str, extract_ids: list[int]) -> pl.DataFrame:
    spec = load_schema().lists[list_name]
    names = ["extract_id", "source_row"] + [c.name for c in spec.columns]
    types = {"extract_id": pl.Int64, "source_row": pl.Int64}
    types |= {c.name: (pl.String if c.type == "date" else _POLARS_TYPES[c.type]) for c in spec.columns}
    table = tables.list_tables[list_name].name
    marks = ", ".join("?" for _ in extract_ids)
    sql = f'SELECT {", ".join(names)} FROM {table} WHERE extract_id IN ({marks}) ORDER BY extract_id, source_row'
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(sql, tuple(extract_ids)).all()
    frame = pl.DataFrame(rows, schema=types, orient="row")
    dates = [c.name for c in spec.columns if c.type == "date"]
    return frame.with_columns(pl.col(d).str.to_date("%Y-%m-%d") for d in dates)


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


def list_counts(store: Store, extract_id: int) -> dict[str, int]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(tables.extract_lists.c.list_name, tables.extract_lists.c.rows).where(tables.extract_lists.c.extract_id == extract_id)
        ).all()
    return {r.list_name: r.rows for r in rows}


def is_empty(store: Store) -> bool:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(tables.extracts)).scalar_one() == 0
