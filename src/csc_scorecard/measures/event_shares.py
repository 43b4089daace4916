"""Percentage measures of events by a coded column: of the events of a flow list dated in the
window, the share whose coded column holds one of some codes (referrals from the police, contacts
from schools, assessments in which the child was seen, conferences that led to a plan).

One function computes them all and one call declares a list's family of them, so that what such a
measure reads, needs and counts is written once; each share says only what is its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import Member, measure_family
from csc_scorecard.measures.rows import code_is, events_counted


@dataclass(frozen=True)
class CodedShare:
    """One measure: the share of the events whose `column` is one of `codes`."""

    id: str
    number: int
    label: str
    phrase: str | None  # None: the title as a noun phrase (registry.measure)
    column: str
    codes: tuple[str, ...]
    definition: str
    edge_cases: str
    own: dict = field(default_factory=dict)  # facts it declares otherwise than its family (its polarity)


def share_coded(
    data: CombinedExtracts, cells: pl.DataFrame, *, source: str, dated_by: str, column: str, codes: tuple[str, ...]
) -> pl.DataFrame:
    """Events of the list `source` with their `dated_by` date in the window (the denominator), in
    the numerator where their `column` is one of `codes` (case-insensitively)."""
    return events_counted(data.current[source], dated_by, [dated_by, column], cells, code_is(column, *codes))


def coded_shares(source: str, dated_by: str, shares: Iterable[CodedShare], **shared) -> None:
    """Declare each share as a flow percentage of `source`'s events dated by `dated_by`: it reads
    and needs that date and its column (a row blank in either is left out, counted), with the
    facts `shared` by the family (polarity, breakdowns, benchmark) and its own."""
    measure_family(
        share_coded,
        [
            Member(
                s.id, s.number, s.label, s.phrase, s.definition, s.edge_cases,
                {"source": source, "dated_by": dated_by, "column": s.column, "codes": s.codes},
                {"needs": (s.column,), **s.own},
            )
            for s in shares
        ],
        unit="pct", source=source, kind="flow", dated_by=dated_by, **shared,
    )
