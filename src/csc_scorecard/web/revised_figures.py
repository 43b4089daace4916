"""The revised figures of a month not signed off (issue 16): each figure that changed since its
analysis was written or since the user last viewed the month, listed once, with the value then
(for each of the two, when both apply), the value now and the load that changed it
(`scorecard/revision_cause.py`). The scorecard page and the sign-off screen list them, and the
scorecard's tables outline them; the indicator page marks its own row's.

A figure changed since the user's view stays listed until they mark the changes as seen; one
changed since its analysis was written, until the analysis is saved again (or the figure
moves back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from csc_scorecard.scorecard.revision_cause import Cause, Change, causes
from csc_scorecard.store import month_views
from csc_scorecard.store.users import User
from csc_scorecard.web import views
from csc_scorecard.web.since_viewed import compared_with, kept_for_last_view, since_viewed

ANALYSIS, VIEW = "analysis", "view"
_CSS_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class Before:
    """The figure as shown when its analysis was written, or when the user last viewed the month."""

    basis: str  # ANALYSIS or VIEW
    value: str
    at: datetime
    author: str | None  # who wrote the analysis (ANALYSIS)
    cause: Cause  # what changed it since


@dataclass(frozen=True)
class RevisedFigure:
    indicator_id: str
    label: str
    column: str
    now: str
    befores: tuple[Before, ...]  # the analysis first, then the view

    def before(self, basis: str) -> Before | None:
        return next((b for b in self.befores if b.basis == basis), None)

    @property
    def changed_by(self) -> list[str]:
        """What changed it, in words: once when the same since the analysis and the last view,
        else each with what it changed it since."""
        texts = list(dict.fromkeys(b.cause.text for b in self.befores))
        if len(texts) == 1:
            return texts
        return [f"{_SINCE[b.basis]}: {b.cause.text}" for b in self.befores]

    @property
    def was(self) -> str:
        """The value(s) then, as the scorecard's cell shows them: "was 70.8%"."""
        values = list(dict.fromkeys(b.value for b in self.befores))
        if len(values) == 1:
            return f"was {values[0]}"
        return "was " + ", ".join(f"{b.value} {_WHEN[b.basis]}" for b in self.befores)


_WHEN = {ANALYSIS: "in the analysis", VIEW: "when you last viewed"}
_SINCE = {ANALYSIS: "since the analysis", VIEW: "since your last view"}


@dataclass(frozen=True)
class RevisedFigures:
    figures: list[RevisedFigure]  # in the scorecard's row and column order
    viewed_at: datetime | None  # the user's last view, when a figure changed since

    @property
    def since_view(self) -> bool:
        return any(f.before(VIEW) for f in self.figures)

    @property
    def since_analysis(self) -> bool:
        return any(f.before(ANALYSIS) for f in self.figures)

    def of_row(self, indicator_id: str) -> dict[str, RevisedFigure]:
        """The row's revised figures by column."""
        return {f.column: f for f in self.figures if f.indicator_id == indicator_id}


def revised_figures(settings, view: views.ScorecardView, since_view: views.ChangesSinceViewed | None
                    ) -> RevisedFigures | None:
    """The month's revised figures (None when none is, or the month is signed off): those of
    `since_view` (`web/since_viewed.since_viewed`) and those moved since their analysis was written."""
    if view.sign_off is not None:
        return None
    scorecard = view.scorecard
    asked: list[tuple[str, Change, str | None]] = [  # (basis, change, author)
        (ANALYSIS, Change(r.indicator_id, column, then, now, r.written_at), r.author)
        for r in views.revisions(settings.store, settings.la_code, scorecard) for column, then, now in r.changes
    ]
    if since_view is not None:
        asked += [(VIEW, Change(c.indicator_id, c.column, c.seen, c.now, since_view.viewed_at, since_view.extract_ids), None)
                  for c in since_view.changes]
    if not asked:
        return None
    found = causes(settings.store, settings.config, settings.la_code, scorecard.as_at, [change for _, change, _ in asked],
                   lambda since: month_views.reference_files_loaded_since(settings.store, settings.la_code, since))
    befores: dict[tuple[str, str], list[Before]] = {}
    for basis, change, author in asked:
        befores.setdefault((change.indicator_id, change.column), []).append(
            Before(basis, change.before, change.since, author, found[change]))
    figures = [
        RevisedFigure(row.id, row.label, cell.column, cell.display, tuple(befores[(row.id, cell.column)]))
        for row in scorecard.rows for cell in row.cells if (row.id, cell.column) in befores
    ]
    return RevisedFigures(figures, since_view.viewed_at if since_view is not None else None)


def for_page(settings, user: User, view: views.ScorecardView) -> tuple[RevisedFigures | None, bool]:
    """(the month's revised figures for `user`, whether to keep this view as their latest:
    `since_viewed.since_viewed`), in one call so that a page makes one hop to a worker thread."""
    since_view, keep = since_viewed(settings, user, view)
    return revised_figures(settings, view, since_view), keep


def cached_for_page(settings, version: tuple, only_cached: bool, user: User, view: views.ScorecardView
                    ) -> tuple[RevisedFigures | None, bool]:
    """`for_page` of `view` (the month at store `version`), kept under the user's stored last view
    and the version (`since_viewed.kept_for_last_view`): worked out again after a load, edit,
    sign-off or re-open, or a new view of the user's; NotCached when `only_cached` and not kept."""
    if view.sign_off is not None:
        return None, False

    def work(seen):
        since_view, keep = compared_with(settings, view, seen)
        return revised_figures(settings, view, since_view), keep

    return kept_for_last_view(settings, version, only_cached, user, view.scorecard.as_at, "revised_figures", work)


def highlight_css(revised: RevisedFigures | None) -> Markup:
    """CSS outlining each revised cell of the scorecard table (row ids and column names from the
    configuration, checked to hold only letters, digits, _ and -: anything else is left out)."""
    if revised is None:
        return Markup("")
    selectors = sorted({f'#indicator-{f.indicator_id} td[data-column="{f.column}"]' for f in revised.figures
                        if _CSS_SAFE.match(f.indicator_id) and _CSS_SAFE.match(f.column)})
    if not selectors:
        return Markup("")
    return Markup(",\n".join(selectors) + " { outline: 3px solid #a4141c; outline-offset: -3px; }")
