"""What the scorecard's figures and pages depend on in the store, read as one cheap query each.

Equal results mean nothing they depend on has changed in between, so a value computed from the
store can be kept until the result differs (the web app's page cache, the figures kept between
builds in one process). Extracts never change once loaded: a load (even one superseding
another) adds a new id, a withdrawal fills `withdrawn_at`, and a purge removes the extract's
`extract_lists` rows. Population, manual and regional figures are replaced whole by a load,
with new `loaded_at` times.

- `figures_version`: what the computed figures read (extracts and reference figures), of
  every LA or of one.
- `page_version`: that, and what a page shows beside them (analysis edits, sign-offs and
  re-opens, the LA's own benchmark values).
"""

from __future__ import annotations

import sqlalchemy as sa

from csc_scorecard.store import tables
from csc_scorecard.store.db import Store


def _scalar(expression, table, *where) -> sa.ScalarSelect:
    return sa.select(expression).select_from(table).where(*where).scalar_subquery()


def _figure_parts(la_code: str | None = None) -> list:
    """The parts of `figures_version`: of every LA's figures, or of one LA's (`la_code`)."""
    extracts, lists = tables.extracts, tables.extract_lists
    of_la = () if la_code is None else (extracts.c.la_code == la_code,)
    parts = [
        _scalar(sa.func.max(extracts.c.id), extracts, *of_la),
        # a withdrawal changes what counts: withdrawals are never undone, so their number
        # grows with each, even two in one second (withdrawn_at is kept to the second)
        _scalar(sa.func.count(extracts.c.withdrawn_at), extracts, *of_la),
        # a purge removes an extract's lists
        _scalar(sa.func.count(), lists, *(() if la_code is None else (
            lists.c.extract_id.in_(sa.select(extracts.c.id).where(*of_la)),))),
    ]
    # Population estimates are one table for every LA (a file of them usually covers them all):
    # any load of them counts. Manual and regional figures are loaded per LA.
    parts += [_scalar(sa.func.count(), tables.population), _scalar(sa.func.max(tables.population.c.loaded_at), tables.population)]
    for table in (tables.manual_values, tables.regional_values):
        of_table = () if la_code is None else (table.c.la_code == la_code,)
        parts += [_scalar(sa.func.count(), table, *of_table), _scalar(sa.func.max(table.c.loaded_at), table, *of_table)]
    return parts


FIGURES_QUERY = sa.select(*_figure_parts())
_LA = sa.bindparam("la_code")
LA_FIGURES_QUERY = sa.select(*_figure_parts(_LA))
PAGE_QUERY = sa.select(
    *_figure_parts(),
    _scalar(sa.func.count(), tables.own_benchmarks),  # own benchmark values: assembled, not computed
    _scalar(sa.func.max(tables.own_benchmarks.c.loaded_at), tables.own_benchmarks),
    _scalar(sa.func.max(tables.analysis_edits.c.id), tables.analysis_edits),
    _scalar(sa.func.max(tables.sign_offs.c.id), tables.sign_offs),
    _scalar(sa.func.max(tables.sign_offs.c.reopened_at), tables.sign_offs),
)


def _read(store: Store, query: sa.Select, **parameters) -> tuple:
    with store.engine.connect() as conn:
        return tuple(conn.execute(query, parameters).one())


def figures_version(store: Store, la_code: str | None = None) -> tuple:
    """Changes whenever an extract is loaded, withdrawn or purged, or reference figures loaded;
    given `la_code`, only when that LA's extracts, manual or regional figures, or the population
    estimates change (another LA's load leaves its figures as they were)."""
    if la_code is None:
        return _read(store, FIGURES_QUERY)
    return _read(store, LA_FIGURES_QUERY, la_code=la_code)


def page_version(store: Store) -> tuple:
    """`figures_version`, and also changes with an analysis edit, a sign-off or a re-open."""
    return _read(store, PAGE_QUERY)
