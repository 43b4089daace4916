"""What each dashboard user last saw of a month (issue 16): the figures as shown and the extracts
that were current, so that a figure restated since (a newer extract, a withdrawal, other inputs)
can be marked with the value the user saw, the value now and what was loaded in between.

One row per LA, month and user, replaced at each save. It holds figures as shown (the same
text the page showed everyone), never child-level data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from csc_scorecard.store import audit, tables
from csc_scorecard.store.db import Store


@dataclass(frozen=True)
class MonthView:
    user_name: str
    viewed_at: datetime
    figures: dict[str, dict[str, str]]  # indicator id -> column -> the figure as shown
    extract_ids: frozenset[int]  # the LA's current extracts at the view


def last_view(store: Store, la_code: str, as_at: date, user_name: str) -> MonthView | None:
    """What `user_name` saw of the month when they last viewed it (None: never)."""
    table = tables.month_views
    query = sa.select(table).where(table.c.la_code == la_code, table.c.as_at == as_at, table.c.user_name == user_name)
    with store.engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    if row is None:
        return None
    return MonthView(row["user_name"], row["viewed_at"], json.loads(row["figures"]), frozenset(json.loads(row["extract_ids"])))


def save_view(store: Store, la_code: str, as_at: date, user_name: str, figures: dict[str, dict[str, str]],
              extract_ids: set[int] | frozenset[int]) -> MonthView:
    """Keep what the user sees of the month now, in place of what they saw before."""
    table = tables.month_views
    viewed = MonthView(user_name, audit.now(), figures, frozenset(extract_ids))
    try:
        with store.engine.begin() as conn:
            conn.execute(table.delete().where(table.c.la_code == la_code, table.c.as_at == as_at, table.c.user_name == user_name))
            conn.execute(table.insert().values(la_code=la_code, as_at=as_at, user_name=user_name, viewed_at=viewed.viewed_at,
                                               figures=json.dumps(figures, sort_keys=True),
                                               extract_ids=json.dumps(sorted(extract_ids))))
    except sa.exc.IntegrityError:  # the same user's other tab saved its view at the same moment: that one stands
        pass
    return viewed


def reference_files_loaded_since(store: Store, la_code: str, since: datetime) -> list[str]:
    """The population, manual and regional files loaded after `since` (they change figures too)."""
    found: set[str] = set()
    with store.engine.connect() as conn:
        for table in (tables.population, tables.manual_values, tables.regional_values):
            query = sa.select(table.c.file_name).distinct().where(table.c.loaded_at > since)
            if "la_code" in table.c:
                query = query.where(table.c.la_code == la_code)
            found.update(conn.execute(query).scalars())
    return sorted(found)
