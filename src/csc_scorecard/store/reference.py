"""Reference inputs in the store: population estimates, manual indicator values, regional figures
and own benchmark values loaded by the user.

A population file loaded here takes precedence over the shipped ONS estimates for the same LA
and mid-year (spec/indicators.md, "population"); a manual value replaces the one for the same
LA, indicator and date. Each load is one transaction.
"""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import sqlalchemy as sa

from csc_scorecard.store import tables
from csc_scorecard.store.db import Store


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def save_population(store: Store, frame: pl.DataFrame, file_name: str) -> int:
    """Upsert population rows (`new_la_code, old_la_code, la_name, time_period, population`)."""
    rows = [r | {"file_name": file_name, "loaded_at": _now()} for r in frame.to_dicts()]
    with store.write_transaction() as conn:
        for row in rows:
            conn.execute(
                tables.population.delete().where(
                    tables.population.c.old_la_code == row["old_la_code"], tables.population.c.time_period == row["time_period"]
                )
            )
        if rows:
            conn.execute(tables.population.insert(), rows)
    return len(rows)


def population_overrides(store: Store) -> pl.DataFrame | None:
    """The user-loaded population rows, or None when there are none (the shipped estimates apply)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                tables.population.c.new_la_code, tables.population.c.old_la_code, tables.population.c.la_name,
                tables.population.c.time_period, tables.population.c.population,
            )
        ).mappings().all()
    if not rows:
        return None
    schema = {"new_la_code": pl.String, "old_la_code": pl.String, "la_name": pl.String, "time_period": pl.Int64, "population": pl.Int64}
    return pl.DataFrame([dict(r) for r in rows], schema=schema, orient="row")


def save_manual_values(store: Store, frame: pl.DataFrame, la_code: str, file_name: str) -> int:
    """Upsert manual indicator values (`indicator_id, period_end, value, label`) for one LA."""
    rows = [r | {"la_code": la_code, "file_name": file_name, "loaded_at": _now()} for r in frame.to_dicts()]
    with store.write_transaction() as conn:
        for row in rows:
            conn.execute(
                tables.manual_values.delete().where(
                    tables.manual_values.c.la_code == la_code,
                    tables.manual_values.c.indicator_id == row["indicator_id"],
                    tables.manual_values.c.period_end == row["period_end"],
                )
            )
        if rows:
            conn.execute(tables.manual_values.insert(), rows)
    return len(rows)


def manual_values(store: Store, la_code: str | None = None) -> pl.DataFrame:
    """Manual values with their `la_code`, as the measures read them."""
    query = sa.select(
        tables.manual_values.c.la_code, tables.manual_values.c.indicator_id, tables.manual_values.c.period_end,
        tables.manual_values.c.value, tables.manual_values.c.label,
    ).order_by(tables.manual_values.c.la_code, tables.manual_values.c.indicator_id, tables.manual_values.c.period_end)
    if la_code is not None:
        query = query.where(tables.manual_values.c.la_code == la_code)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    schema = {"la_code": pl.String, "indicator_id": pl.String, "period_end": pl.Date, "value": pl.Float64, "label": pl.String}
    return pl.DataFrame([dict(r) for r in rows], schema=schema, orient="row")


def save_regional_values(store: Store, frame: pl.DataFrame, la_code: str, file_name: str) -> int:
    """Upsert regional quarterly figures for one LA."""
    rows = [r | {"la_code": la_code, "file_name": file_name, "loaded_at": _now()} for r in frame.to_dicts()]
    table = tables.regional_values
    with store.write_transaction() as conn:
        for row in rows:
            conn.execute(
                table.delete().where(
                    table.c.la_code == la_code, table.c.source == row["source"], table.c.period_end == row["period_end"],
                    table.c.area == row["area"], table.c.indicator_id == row["indicator_id"],
                )
            )
        if rows:
            conn.execute(table.insert(), rows)
    return len(rows)


def regional_values(store: Store, la_code: str) -> pl.DataFrame:
    """The LA's regional figures: source, period_end, period_label, area, indicator_id, value."""
    table = tables.regional_values
    query = sa.select(table.c.source, table.c.period_end, table.c.period_label, table.c.area, table.c.indicator_id, table.c.value).where(
        table.c.la_code == la_code
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    schema = {"source": pl.String, "period_end": pl.Date, "period_label": pl.String, "area": pl.String, "indicator_id": pl.String, "value": pl.Float64}
    return pl.DataFrame([dict(r) for r in rows], schema=schema, orient="row")


def save_own_benchmarks(store: Store, frame: pl.DataFrame, la_code: str, file_name: str) -> int:
    """Store an LA's own benchmark values (`ingest.own_benchmarks`) in one transaction: each
    measure and year the file gives replaces every area stored for it (the newest load wins and
    no row mixes two files); other measures and years are kept."""
    table = tables.own_benchmarks
    loaded_at = _now().replace(microsecond=0)
    rows = [r | {"la_code": la_code, "file_name": file_name, "loaded_at": loaded_at} for r in frame.to_dicts()]
    with store.write_transaction() as conn:
        for indicator_id, year in {(r["indicator_id"], r["year"]) for r in rows}:
            conn.execute(table.delete().where(table.c.la_code == la_code, table.c.indicator_id == indicator_id,
                                              table.c.year == year))
        if rows:
            conn.execute(table.insert(), rows)
    return len(rows)


def own_benchmarks(store: Store, la_code: str) -> pl.DataFrame:
    """The LA's own benchmark values: indicator_id, year, area, value (exact text), symbol, file_name, dated."""
    table = tables.own_benchmarks
    query = sa.select(table.c.indicator_id, table.c.year, table.c.area, table.c.value, table.c.symbol,
                      table.c.file_name, table.c.loaded_at.label("dated")).where(table.c.la_code == la_code)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    schema = {"indicator_id": pl.String, "year": pl.Int64, "area": pl.String, "value": pl.String, "symbol": pl.String,
              "file_name": pl.String, "dated": pl.Datetime("us")}
    return pl.DataFrame([dict(r) for r in rows], schema=schema, orient="row")
