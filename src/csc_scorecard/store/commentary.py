"""Analysis text written by analysts: every edit of an indicator's analysis for an LA and month.

Each save is a new row (text, author, time), so the history is every row and the current text
the latest; nothing is overwritten. The scorecard builder shows the current text in place of
the generated sentence and says who edited it and when. A month that is signed off cannot be
edited (the check and the insert are one transaction), and every save is audited with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from csc_scorecard.issues import UserError
from csc_scorecard.store import audit, signoff, tables
from csc_scorecard.store.db import Store

MAX_TEXT_LENGTH = 4000
RESTORED = ""  # the text of an edit that puts the generated analysis back (no edit is current then)


@dataclass(frozen=True)
class AnalysisEdit:
    la_code: str
    as_at: date
    indicator_id: str
    text: str
    author: str
    at: datetime
    figures: dict[str, str] | None = None  # the row's figures as shown when it was saved: column -> display


def save_edit(
    store: Store, la_code: str, as_at: date, indicator_id: str, text: str, author: str, *, client: str | None = None,
    figures: dict[str, str] | None = None,
) -> AnalysisEdit:
    """Save a new version of the analysis text; refused when blank, too long or the month is signed off."""
    text = text.strip().replace("\r\n", "\n")
    if not text:
        raise UserError("the analysis text is empty: write the analysis, or leave the generated text unchanged")
    if len(text) > MAX_TEXT_LENGTH:
        raise UserError(f"the analysis text has {len(text):,} characters: the limit is {MAX_TEXT_LENGTH:,}")
    return _insert(store, la_code, as_at, indicator_id, text, author, "analysis_edit", f"{len(text)} characters", client, figures)


def restore_generated(store: Store, la_code: str, as_at: date, indicator_id: str, author: str, *,
                      client: str | None = None) -> AnalysisEdit:
    """Put the generated analysis back: a new version with no text of its own (kept in the
    history), so the scorecard shows what the writer produces from the figures again."""
    return _insert(store, la_code, as_at, indicator_id, RESTORED, author, "analysis_restore", "generated text restored", client)


def _insert(store: Store, la_code: str, as_at: date, indicator_id: str, text: str, author: str, action: str, detail: str,
            client: str | None, figures: dict[str, str] | None = None) -> AnalysisEdit:
    at = audit.now()
    with store.write_transaction() as conn:  # a sign-off cannot come between the check and the edit
        signed = signoff.current(store, la_code, as_at, conn)
        if signed is not None:
            raise signoff.MonthSignedOff(
                f"the month as at {as_at:%d %B %Y} is signed off (by {signed.signed_by} on "
                f"{signed.signed_at:%d %b %Y %H:%M}): its analysis cannot be changed unless an admin re-opens it"
            )
        conn.execute(
            tables.analysis_edits.insert().values(la_code=la_code, as_at=as_at, indicator_id=indicator_id, text=text, author=author, at=at,
                                                  figures=json.dumps(figures) if figures is not None else None)
        )
        audit.append(store, author, action, f"{signoff.month_target(la_code, as_at)} {indicator_id}", detail, connection=conn,
                     client=client)
    return AnalysisEdit(la_code, as_at, indicator_id, text, author, at, figures)


def current_texts(store: Store, la_code: str, as_at: date) -> dict[str, AnalysisEdit]:
    """The latest edit of each indicator that has one, for the LA and month (none where the
    latest put the generated text back)."""
    latest = {edit.indicator_id: edit for edit in _edits(store, la_code, as_at)}  # oldest first, so the latest wins
    return {indicator: edit for indicator, edit in latest.items() if edit.text != RESTORED}


def history(store: Store, la_code: str, as_at: date, indicator_id: str) -> list[AnalysisEdit]:
    """Every edit of one indicator's analysis for the LA and month, oldest first."""
    return _edits(store, la_code, as_at, indicator_id)


def _edits(store: Store, la_code: str, as_at: date, indicator_id: str | None = None) -> list[AnalysisEdit]:
    table = tables.analysis_edits
    query = sa.select(table).where(table.c.la_code == la_code, table.c.as_at == as_at).order_by(table.c.id)
    if indicator_id is not None:
        query = query.where(table.c.indicator_id == indicator_id)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [AnalysisEdit(r["la_code"], r["as_at"], r["indicator_id"], r["text"], r["author"], r["at"],
                         json.loads(r["figures"]) if r["figures"] else None) for r in rows]
