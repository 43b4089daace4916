"""What the scorecard and indicator pages show, gathered at one store version for one user: the
month's cached view, the parts rendered once for every user of a role, and the user's own
revised figures, worked out against their last view (`revised_figures.cached_for_page`).

A page read again with nothing changed is then two reads of the store (its version and the
user's stored view of the month, beside the session's user) and a render of what is the user's
own (their name, the CSRF token, the revised figures, the forms their role may use).
Everything else is kept under the store version (`cache.py`), so a load, withdrawal, edit,
sign-off or re-open computes and renders it again; the rendered parts and the users' revised
figures are kept apart from the month's computed figures (`settings.page_parts`), so
many users and pages never push a month's scorecard out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from markupsafe import Markup

from csc_scorecard.store.signoff import SignOffRecord, signed_months
from csc_scorecard.store.signoff import history as signoff_history
from csc_scorecard.store.users import User, role_at_least
from csc_scorecard.web import views
from csc_scorecard.web.months import MonthNotAvailable, cached_indicator, cached_month, cached_months, parse_month
from csc_scorecard.web.pages import fragment
from csc_scorecard.web.revised_figures import RevisedFigures, cached_for_page


@dataclass(frozen=True)
class ScorecardPage:
    view: views.ScorecardView
    body: Markup  # the month picker and the report's tables (the same for every user of a role)
    quality: Markup  # the section listing the data quality of the extracts behind the month (likewise)
    sign_off_history: list[SignOffRecord]
    revised: RevisedFigures | None  # the user's own: figures changed since their analysis or the user's last view
    keep_view: bool  # keep this view as the user's latest (since_viewed.since_viewed)


@dataclass(frozen=True)
class IndicatorPage:
    view: views.IndicatorView
    detail: Markup  # the trend, drivers and data-quality sections (the same for every user of a role)
    revised: RevisedFigures | None  # the user's own (the month's; the page shows its row's)


def signed(settings, version: tuple, only_cached: bool) -> frozenset[date]:
    """The months signed off now."""
    return settings.cache.get(("signed", settings.la_code), lambda: frozenset(signed_months(settings.store, settings.la_code)),
                              version, only_cached=only_cached)


def _indicator_url(month: date):
    return lambda row: f"/indicator/{quote(row.id)}?as_at={month.isoformat()}"


def scorecard_page(settings, version: tuple, only_cached: bool, text: str, user: User
                   ) -> tuple[list[date], date | None, ScorecardPage | None]:
    """(months with data, the month asked for, what its page shows to `user`); the month is None
    when it has no data."""
    months = cached_months(settings, version, only_cached)
    try:
        month = parse_month(text, months)
    except MonthNotAvailable:
        return months, None, None
    view = cached_month(settings, month, version, only_cached)
    analyst = role_at_least(user.role, "analyst")
    body = settings.page_parts.get(
        ("scorecard_body", settings.la_code, month, analyst),
        lambda: fragment(settings.templates, "_scorecard_body.html", scorecard=view.scorecard, show_review=analyst,
                         indicator_url=_indicator_url(month), months=months, as_at=month,
                         signed_months=signed(settings, version, only_cached)),
        version, only_cached=only_cached,
    )
    quality = settings.page_parts.get(
        ("month_quality", settings.la_code, month, analyst),
        lambda: fragment(settings.templates, "_month_quality.html", quality=views.month_quality_summary(view.scorecard),
                         csv_url=f"/quality/{month.isoformat()}.csv" if analyst else None),
        version, only_cached=only_cached,
    )
    history = settings.cache.get(("sign_off_history", settings.la_code, month),
                                 lambda: signoff_history(settings.store, settings.la_code, month), version, only_cached=only_cached)
    revised, keep = cached_for_page(settings, version, only_cached, user, view)
    return months, month, ScorecardPage(view, body, quality, history, revised, keep)


def indicator_page(settings, version: tuple, only_cached: bool, text: str, indicator_id: str, user: User
                   ) -> tuple[list[date], date | None, IndicatorPage | None]:
    """(months with data, the month asked for, what the indicator's page shows to `user`); the
    page is None when the month's scorecard has no such row."""
    months, month, view = cached_indicator(settings, version, only_cached, text, indicator_id)
    if view is None:
        return months, month, None
    analyst = role_at_least(user.role, "analyst")
    detail = settings.page_parts.get(
        ("indicator_detail", settings.la_code, month, indicator_id, analyst),
        lambda: fragment(settings.templates, "_indicator_detail.html", view=view, row=view.row, as_at=month, analyst=analyst,
                         quality_groups=views.issue_groups(view.issues)),
        version, only_cached=only_cached,
    )
    revised, _ = cached_for_page(settings, version, only_cached, user, view.page)
    return months, month, IndicatorPage(view, detail, revised)
