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


StoredView = tuple  # (user name, viewed at, figures JSON text, extract ids JSON text): the row as stored


def stored_view(store: Store, la_code: str, as_at: date, user_name: str) -> StoredView | None:
    """The user's last view of the month as stored, unparsed (None: never). Every save replaces
    the whole row, so an equal tuple is the same view: the web app keys what it worked out from
    a view by it, and reads only this on a page it has seen before."""
    with store.engine.connect() as conn:
        row = conn.execute(_STORED_VIEW, {"la_code": la_code, "as_at": as_at, "user_name": user_name}).first()
    return None if row is None else tuple(row)


_views = tables.month_views
_STORED_VIEW = sa.select(_views.c.user_name, _views.c.viewed_at, _views.c.figures, _views.c.extract_ids).where(
    _views.c.la_code == sa.bindparam("la_code"), _views.c.as_at == sa.bindparam("as_at"),
    _views.c.user_name == sa.bindparam("user_name"))  # built once: it is read on every page (see users.get_user)


def parse_view(stored: StoredView) -> MonthView:
    user_name, viewed_at, figures, extract_ids = stored
    return MonthView(user_name, viewed_at, json.loads(figures), frozenset(json.loads(extract_ids)))


def last_view(store: Store, la_code: str, as_at: date, user_name: str) -> MonthView | None:
    """What `user_name` saw of the month when they last viewed it (None: never)."""
    stored = stored_view(store, la_code, as_at, user_name)
    return None if stored is None else parse_view(stored)


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
