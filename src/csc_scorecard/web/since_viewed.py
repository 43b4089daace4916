"""Revisions since a user last viewed a month (issue 16). Opening a month not signed off
compares its figures with those the user saw last time (`store/month_views.py`): the figures
that moved are listed with those revised since their analysis was written (`web/revised_figures.py`),
until the user marks them as seen (`routes/seen.py`). A view with nothing new is kept as the
user's latest after the page is sent, so a store busy with a load never delays or fails a page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TypeVar

import sqlalchemy as sa
from starlette.background import BackgroundTask

from csc_scorecard.store import month_views
from csc_scorecard.store.users import User
from csc_scorecard.web import views

log = logging.getLogger("csc_scorecard.web.since_viewed")
T = TypeVar("T")


def since_viewed(settings, user: User, view: views.ScorecardView) -> tuple[views.ChangesSinceViewed | None, bool]:
    """(the figures changed since the user last viewed the month, whether to keep this view as
    their latest): nothing for a signed month; a view with no change is kept only when it
    records something new (other extracts current, or a reference file loaded since), so that
    reading a month again and again writes nothing: the kept view would name the same extracts
    and files as the one stored."""
    if view.sign_off is not None:
        return None, False
    return compared_with(settings, view, month_views.last_view(settings.store, settings.la_code, view.scorecard.as_at, user.name))


def kept_for_last_view(settings, version: tuple, only_cached: bool, user: User, month: date, name: str,
                       work: Callable[[month_views.MonthView | None], T]) -> T:
    """`work(the user's last view of the month, or None)`, kept in the app's cache of page parts:
    the user's stored view is read on every request (one row by its key, unparsed), and what
    was worked out from it is kept under that row and the store `version`, so a page read again
    with nothing changed works out nothing. A new view of the user's (a save, "mark as seen")
    is another row, and a load, edit, sign-off or re-open another version: either is worked out
    anew. NotCached when `only_cached` and it is not kept."""
    stored = month_views.stored_view(settings.store, settings.la_code, month, user.name)
    return settings.page_parts.get(
        (name, settings.la_code, month, user.name, stored),
        lambda: work(None if stored is None else month_views.parse_view(stored)),
        version,
        only_cached=only_cached,
    )


def compared_with(settings, view: views.ScorecardView, seen: month_views.MonthView | None
                  ) -> tuple[views.ChangesSinceViewed | None, bool]:
    """`since_viewed` of an open month against `seen`, the user's last view (None: never)."""
    if seen is None:
        return None, True
    changes = views.changes_since_viewed(view.scorecard, seen)
    if changes is not None:
        return changes, False
    return None, _records_something_new(settings, seen)


def _records_something_new(settings, seen: month_views.MonthView) -> bool:
    return (views.current_extract_ids(settings.store, settings.la_code) != seen.extract_ids
            or bool(month_views.reference_files_loaded_since(settings.store, settings.la_code, seen.viewed_at)))


def keep_view_later(settings, user: User, view: views.ScorecardView) -> BackgroundTask:
    """Save the view after the response is sent (the extracts current as the page is made); a
    store busy with a load only skips it."""
    extract_ids = views.current_extract_ids(settings.store, settings.la_code)
    return BackgroundTask(_keep_view_quietly, settings, user.name, view, extract_ids)


def _keep_view_quietly(settings, user_name: str, view: views.ScorecardView, extract_ids: frozenset[int]) -> None:
    try:
        keep_view(settings, user_name, view, extract_ids)
    except sa.exc.OperationalError as error:  # e.g. the store is locked by a long load: the next view saves it
        log.warning("a month view was not kept (%s)", type(error).__name__)


def keep_view(settings, user_name: str, view: views.ScorecardView, extract_ids: frozenset[int] | None = None) -> None:
    """Keep the month's figures as `view` shows them, and the extracts current (now, if not given)."""
    if extract_ids is None:
        extract_ids = views.current_extract_ids(settings.store, settings.la_code)
    month_views.save_view(settings.store, settings.la_code, view.scorecard.as_at, user_name,
                          views.month_figures(view.scorecard), extract_ids)
