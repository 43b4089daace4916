"""What the scorecard's figures and pages depend on in the store, read as one cheap query each.

Equal results mean nothing they depend on has changed in between, so a value computed from the
store can be kept until the result differs (the web app's page cache, the figures kept between
builds in one process). Extracts never change once loaded: a load (even one superseding
another) adds a new id, a withdrawal fills `withdrawn_at`, and a purge removes the extract's
`extract_lists` rows. Population, manual and regional figures are replaced whole by a load,
with new `loaded_at` times.

- `figures_version`: what the computed figures read (extracts and reference figures).
- `page_version`: that, and what a page shows beside them (analysis edits, sign-offs and
  re-opens, the LA's own benchmark values).
"""

from __future__ import annotations

import sqlalchemy as sa

from csc_scorecard.store import tables
from csc_scorecard.store.db import Store


def _scalar(expression, table) -> sa.ScalarSelect:
    return sa.select(expression).select_from(table).scalar_subquery()


def _figure_parts() -> list:
    parts = [
        _scalar(sa.func.max(tables.extracts.c.id), tables.extracts),
        # a withdrawal changes what counts: withdrawals are never undone, so their number
        # grows with each, even two in one second (withdrawn_at is kept to the second)
        _scalar(sa.func.count(tables.extracts.c.withdrawn_at), tables.extracts),
        _scalar(sa.func.count(), tables.extract_lists),  # a purge removes an extract's lists
    ]
    for table in (tables.population, tables.manual_values, tables.regional_values):
        parts += [_scalar(sa.func.count(), table), _scalar(sa.func.max(table.c.loaded_at), table)]
    return parts


FIGURES_QUERY = sa.select(*_figure_parts())
PAGE_QUERY = sa.select(
    *_figure_parts(),
    _scalar(sa.func.count(), tables.own_benchmarks),  # own benchmark values: assembled, not computed
    _scalar(sa.func.max(tables.own_benchmarks.c.loaded_at), tables.own_benchmarks),
    _scalar(sa.func.max(tables.analysis_edits.c.id), tables.analysis_edits),
    _scalar(sa.func.max(tables.sign_offs.c.id), tables.sign_offs),
    _scalar(sa.func.max(tables.sign_offs.c.reopened_at), tables.sign_offs),
)


def _read(store: Store, query: sa.Select) -> tuple:
    with store.engine.connect() as conn:
        return tuple(conn.execute(query).one())


def figures_version(store: Store) -> tuple:
    """Changes whenever an extract is loaded, withdrawn or purged, or reference figures loaded."""
    return _read(store, FIGURES_QUERY)


def page_version(store: Store) -> tuple:
    """`figures_version`, and also changes with an analysis edit, a sign-off or a re-open."""
    return _read(store, PAGE_QUERY)
