"""The months the dashboard has and each month's views, from the app's cache, as every route
looks them up (the scorecard and indicator pages, their JSON twins, the analysis editor): one
place, so a page and its twin always agree on which months exist and what a month shows."""

from __future__ import annotations

from datetime import date

from starlette.concurrency import run_in_threadpool

from csc_scorecard.web import views
from csc_scorecard.web.cache import NotCached


class MonthNotAvailable(Exception):
    pass


def parse_month(text: str | None, months: list[date]) -> date:
    """The month asked for (latest when not given); MonthNotAvailable when it has no data."""
    if not text:
        if not months:
            raise MonthNotAvailable()
        return months[0]
    try:
        asked = date.fromisoformat(text)
    except ValueError:
        raise MonthNotAvailable() from None
    if asked not in months:
        raise MonthNotAvailable()
    return asked


def cached_months(settings, version: tuple, only_cached: bool) -> list[date]:
    """The months with data, newest first (`views.available_months`), from the app's cache."""
    return settings.cache.get(("months", settings.la_code), lambda: views.available_months(settings.store, settings.la_code),
                              version, only_cached=only_cached)


def cached_month(settings, month: date, version: tuple, only_cached: bool) -> views.ScorecardView:
    """The month's view (as signed, or built now) from the app's cache."""
    return settings.cache.get(
        ("scorecard", settings.la_code, month),
        lambda: views.scorecard_view(settings.store, settings.config, settings.la_code, month),
        version,
        only_cached=only_cached,
    )


def cached_indicator(settings, version: tuple, only_cached: bool, text: str, indicator_id: str):
    """(months with data, the month, the indicator's view or None)."""
    months = cached_months(settings, version, only_cached)
    try:
        month = parse_month(text, months)
    except MonthNotAvailable:
        return months, None, None
    view = settings.cache.get(
        ("indicator", settings.la_code, month, indicator_id),
        lambda: views.indicator_view(cached_month(settings, month, version, only_cached), settings.store, settings.la_code, indicator_id),
        version,
        only_cached=only_cached,
    )
    return months, month, view


async def from_cache(settings, function, *args):
    """`function(settings, version, only_cached, *args)` at one store version: on the event loop
    when all it needs is kept (the usual case: no thread hand-over), else in a worker thread,
    where it computes what is missing (a cold build takes about a second)."""
    version = settings.cache.version()
    try:
        return function(settings, version, True, *args)
    except NotCached:
        return await run_in_threadpool(function, settings, version, False, *args)


def configured_ids(config) -> set[str]:
    """The ids of the indicators the scorecard shows: the only ones a page or twin answers for."""
    return {row.id for section in config.sections for row in section.rows}
