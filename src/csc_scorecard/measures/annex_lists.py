"""What the measures need of the Annex A schema: each list's key, column types and headers.

The schema itself (`ingest/annex_a_schema.yaml`, loaded and validated by `ingest.schema`) is
the contract for list names, keys and columns; this module only turns its column types into
polars types, so that a list frame lacking an optional column can be completed with a typed
null column, and names lists the way issues print them.
"""

from __future__ import annotations

import re

import polars as pl

from csc_scorecard.ingest.schema import ListSpec, load_schema

POLARS_TYPES = {
    "string": pl.String,
    "code": pl.String,
    "date": pl.Date,
    "integer": pl.Int64,
    "number": pl.Float64,
}


def list_spec(name: str) -> ListSpec:
    """The schema's list `name` (`referrals`, `children_in_care`, ...)."""
    return load_schema().lists[name]


def sheet_name(spec: ListSpec) -> str:
    """How issues name a list: `List 3`."""
    return f"List {spec.number}"


def header(spec: ListSpec, column: str) -> str:
    """The column's header as Ofsted's template prints it (the name itself if unknown)."""
    return spec.column(column).header if spec.has_column(column) else column


def with_all_columns(name: str, rows: pl.DataFrame, only: tuple[str, ...] | None = None) -> pl.DataFrame:
    """`rows` with every canonical column of list `name` (absent ones as typed nulls), or
    every one of those `only` names."""
    missing = [
        pl.lit(None, POLARS_TYPES[c.type]).alias(c.name) for c in list_spec(name).columns
        if c.name not in rows.columns and (only is None or c.name in only)
    ]
    return rows.with_columns(missing) if missing else rows


def codes_in_group(codelist: str, group: str) -> tuple[str, ...]:
    """The codes of `codelist` in `group`, the number they start with: the referral source
    group "3" (health services) is 3A, 3B, ..., 3F; group "6" (police) is 6 alone."""
    return tuple(c for c in load_schema().codelists[codelist].codes if re.sub(r"\D.*", "", c) == group)
