"""The computed scorecard as plain data: what every renderer (HTML, PDF, Excel, JSON, web) reads.

Renderers never compute a figure: every value, display text, arrow, colour and sentence is
decided here or in the modules that build it (`scorecard/build.py`), so the same numbers appear
in every output. `to_json` is the JSON output of spec/scorecard.md; it carries every field, so
`from_json` rebuilds the same scorecard (a signed month is shown exactly as it was signed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from csc_scorecard.scorecard import glance

Direction = Literal["up", "down", "same"]
Rag = Literal["green", "amber", "red"]

ARROWS = {"up": "↑", "down": "↓", "same": "↔", None: "-"}
RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red", None: "-"}
POLARITY_LABELS = {"high": "High", "low": "Low", "neutral": "-"}

# The LA columns a section may show, in the order of spec/scorecard.md.
LA_COLUMNS = ("rolling_12m", "rolling_6m", "period_year_ago", "period_to_date")


@dataclass(frozen=True)
class Cell:
    """One figure of the LA (or a regional quarterly figure), unrounded, with what it is built on."""

    column: str  # rolling_12m, rolling_6m, period_year_ago, period_to_date, regional_la, regional_region
    value: float | None  # unrounded; None when absent
    display: str  # as printed: "641.3", "25.7%", "50 (Apr23)", "-", "c"
    numerator: int | None = None
    denominator: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    reason: str | None = None  # why the value is absent, or why it is shown as "c"
    suppressed: bool = False  # publication output: a small number shown as "c"
    # Rows the measure left out of this figure, by reason ("blank Date of Birth": 2): rows with a
    # blank column it needs or a data error it applies (measures/counted.py). Empty when none.
    excluded: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "column": self.column,
            "value": self.value,
            "display": self.display,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "period": {
                "start": self.period_start.isoformat() if self.period_start else None,
                "end": self.period_end.isoformat() if self.period_end else None,
            },
            "reason": self.reason,
            "suppressed": self.suppressed,
            **({"excluded": dict(self.excluded)} if self.excluded else {}),
        }

    @classmethod
    def from_json(cls, data: dict) -> Cell:
        return cls(
            column=data["column"],
            value=data["value"],
            display=data["display"],
            numerator=data["numerator"],
            denominator=data["denominator"],
            period_start=_date(data["period"]["start"]),
            period_end=_date(data["period"]["end"]),
            reason=data["reason"],
            suppressed=data["suppressed"],
            excluded=dict(data.get("excluded", {})),
        )


@dataclass(frozen=True)
class Published:
    """The published columns as displayed (LA, SN, region, England), and the benchmark behind them."""

    la: str = "-"
    sn: str = "-"
    region: str = "-"
    england: str = "-"
    benchmark: dict | None = None  # one entry of `scorecard benchmarks --format json`
    reason: str | None = None  # why there is no benchmark
    # the footnote marker of own values (not DfE's tables): the footnote names their source
    marker: str | None = None

    def to_json(self) -> dict:
        """The displayed texts; the benchmark itself is the row's `benchmarks`."""
        return {"la": self.la, "sn": self.sn, "region": self.region, "england": self.england, "reason": self.reason,
                "marker": self.marker}

    @classmethod
    def from_json(cls, data: dict, benchmark: dict | None) -> Published:
        return cls(data["la"], data["sn"], data["region"], data["england"], benchmark, data["reason"], data.get("marker"))


@dataclass(frozen=True)
class AnalysisText:
    text: str
    generated: str  # what the rule-based writer produced (kept when an analyst edits)
    edited: bool = False
    author: str | None = None
    edited_at: datetime | None = None
    needs_review: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "generated": self.generated,
            "edited": self.edited,
            "author": self.author,
            "edited_at": self.edited_at.isoformat() if self.edited_at else None,
            "needs_review": list(self.needs_review),
        }

    @classmethod
    def from_json(cls, data: dict) -> AnalysisText:
        return cls(
            text=data["text"],
            generated=data["generated"],
            edited=data["edited"],
            author=data["author"],
            edited_at=_datetime(data["edited_at"]),
            needs_review=tuple(data["needs_review"]),
        )


@dataclass(frozen=True)
class MonthlyFigure:
    """A row's figure over the one month ending `period_end` (rates annualised x12)."""

    period_end: date
    value: float | None
    numerator: int | None
    denominator: int | None

    def to_json(self) -> dict:
        return {"period_end": self.period_end.isoformat(), "value": self.value,
                "numerator": self.numerator, "denominator": self.denominator}

    @classmethod
    def from_json(cls, data: dict) -> MonthlyFigure:
        return cls(date.fromisoformat(data["period_end"]), data["value"], data["numerator"], data["denominator"])


@dataclass(frozen=True)
class Row:
    id: str
    number: int
    label: str  # as printed, with its footnote markers
    unit: str  # rate, pct, count
    polarity: str  # high, low, neutral
    decimals: int
    kind: str  # rolling, period, manual
    target: float | None
    target_display: str
    cells: tuple[Cell, ...]  # in the section's column order; regional cells last
    direction: Direction | None
    rag: Rag | None
    published: Published
    band: str | None  # Higher, Lower, In range
    analysis: AnalysisText
    sparkline: tuple[tuple[date, float | None], ...]  # the headline at the last 13 month ends
    definition: str
    # The headline at the last 24 month ends, oldest first (the figures the analysis text
    # quotes a peak or low from); empty for manual rows and rows of older snapshots.
    history: tuple[tuple[date, float | None], ...] = ()
    # The column kind of the headline value that the target and RAG judge (rolling_12m in
    # section 1, period_to_date in sections 2-3, the latest value of a manual row), so that a
    # renderer colours that cell without knowing the rules. None: renderers show the RAG by
    # the target instead.
    headline_column: str | None = None
    # Issue #15 analysis, computed in scorecard/build.py from csc_scorecard.analysis; rows of
    # a snapshot signed before it have none (from_json reads them as empty / None).
    monthly: tuple[MonthlyFigure, ...] = ()  # the one-month figure at the 24 month ends to E, oldest first
    spc: dict | None = None  # analysis.spc.Chart.to_json(): mean, limits, points, variation, assurance
    projection: dict | None = None  # analysis.projection.Projection.to_json()
    analysis_reason: str | None = None  # why spc (or monthly and projection) is absent
    # analysis.drivers.Driver.to_json() per category of every dimension, and the two periods
    # compared ({"current": {"start", "end"}, "comparison": {...}}); none for manual rows
    drivers: tuple[dict, ...] = ()
    drivers_compared: dict | None = None

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]

    @property
    def left_out_note(self) -> str | None:
        """What the headline figure (else the row's last LA figure) left out and why, as every
        renderer prints it under the analysis: "3 records left out of this figure: authorised
        before it started (2); blank Date of Birth (1)." None when nothing was left out."""
        cell = self.cell(self.headline_column) if self.headline_column else None
        if cell is None:
            cell = next((c for c in reversed(self.cells) if c.column in LA_COLUMNS), None)
        if cell is None or not cell.excluded:
            return None
        total = sum(cell.excluded.values())
        reasons = "; ".join(f"{reason} ({rows:,})" for reason, rows in sorted(cell.excluded.items()))
        return f"{total:,} record{'s' if total != 1 else ''} left out of this figure: {reasons}."

    def cell(self, column: str) -> Cell | None:
        return next((c for c in self.cells if c.column == column), None)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "number": self.number,
            "label": self.label,
            "unit": self.unit,
            "polarity": self.polarity,
            "decimals": self.decimals,
            "kind": self.kind,
            "headline_column": self.headline_column,
            "target": self.target,
            "target_display": self.target_display,
            "cells": [c.to_json() for c in self.cells],
            "direction": self.direction,
            "rag": self.rag,
            "benchmarks": self.published.benchmark,
            "published": self.published.to_json(),
            "band": self.band,
            "analysis": self.analysis.to_json(),
            "sparkline": [{"period_end": d.isoformat(), "value": v} for d, v in self.sparkline],
            "history": [{"period_end": d.isoformat(), "value": v} for d, v in self.history],
            "definition": self.definition,
            "monthly": [m.to_json() for m in self.monthly],
            "spc": self.spc,
            "spc_reason": self.analysis_reason,
            "projection": self.projection,
            "drivers": [dict(d) for d in self.drivers],
            "drivers_compared": self.drivers_compared,
        }

    @classmethod
    def from_json(cls, data: dict) -> Row:
        return cls(
            id=data["id"],
            number=data["number"],
            label=data["label"],
            unit=data["unit"],
            polarity=data["polarity"],
            decimals=data["decimals"],
            kind=data["kind"],
            headline_column=data.get("headline_column"),
            target=data["target"],
            target_display=data["target_display"],
            cells=tuple(Cell.from_json(c) for c in data["cells"]),
            direction=data["direction"],
            rag=data["rag"],
            published=Published.from_json(data["published"], data["benchmarks"]),
            band=data["band"],
            analysis=AnalysisText.from_json(data["analysis"]),
            sparkline=tuple((date.fromisoformat(p["period_end"]), p["value"]) for p in data["sparkline"]),
            definition=data["definition"],
            history=tuple((date.fromisoformat(p["period_end"]), p["value"]) for p in data.get("history") or ()),
            monthly=tuple(MonthlyFigure.from_json(m) for m in data.get("monthly") or ()),
            spc=data.get("spc"),
            projection=data.get("projection"),
            analysis_reason=data.get("spc_reason"),
            drivers=tuple(data.get("drivers") or ()),
            drivers_compared=data.get("drivers_compared"),
        )


@dataclass(frozen=True)
class Column:
    kind: str  # a config column kind, or regional_la / regional_region
    heading: str  # "LA rolling 12m (Jan23 - Dec23)", "LA Dec23 ChAT", "RIG Q2 Sefton"
    # Headings under a grouped column: the published column's ("LA", "SN", "NW", "Eng"), the
    # region's short name being the config's. Empty for a single column.
    subheadings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    columns: tuple[Column, ...]  # the column kinds of the config, regional expanded to its two headings
    rows: tuple[Row, ...]

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "columns": [{"kind": c.kind, "heading": c.heading, "subheadings": list(c.subheadings)} for c in self.columns],
            "rows": [r.to_json() for r in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict) -> Section:
        return cls(
            title=data["title"],
            columns=tuple(Column(c["kind"], c["heading"], tuple(c.get("subheadings", ()))) for c in data["columns"]),
            rows=tuple(Row.from_json(r) for r in data["rows"]),
        )


@dataclass(frozen=True)
class SignOff:
    by: str
    at: datetime
    version: int

    def to_json(self) -> dict:
        return {"by": self.by, "at": self.at.isoformat(timespec="seconds"), "version": self.version}

    @classmethod
    def from_json(cls, data: dict) -> SignOff:
        return cls(data["by"], datetime.fromisoformat(data["at"]), data["version"])


@dataclass(frozen=True)
class Scorecard:
    as_at: date
    local_authority: dict  # name, old_la_code, new_la_code, region
    heading: str  # "Data as at end of December 2023"
    preamble: tuple[str, ...]
    footnotes: tuple[tuple[str, str], ...]  # (marker, text)
    published_heading: str  # "Latest published statistics (2022-23)"
    sections: tuple[Section, ...]
    synthetic: bool  # every LA figure is synthetic demonstration data
    publication: bool  # small-number suppression applied
    protective_marking: str
    generated_at: datetime
    data_quality: tuple[dict, ...] = ()  # issues of the extracts behind the figures (Issue.to_dict())
    sign_off: SignOff | None = None
    extracts: tuple[dict, ...] = field(default_factory=tuple)  # the extracts used: file, as_at, period_start

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    @property
    def summary(self) -> glance.Summary:
        """At a glance: the counts and the rows needing attention (computed from the rows)."""
        return glance.summarise(self.rows)

    def to_json(self) -> dict:
        return {
            "as_at": self.as_at.isoformat(),
            "local_authority": self.local_authority,
            "heading": self.heading,
            "preamble": list(self.preamble),
            "footnotes": [{"marker": marker, "text": text} for marker, text in self.footnotes],
            "published_heading": self.published_heading,
            "synthetic": self.synthetic,
            "publication": self.publication,
            "protective_marking": self.protective_marking,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "sign_off": self.sign_off.to_json() if self.sign_off else None,
            "extracts": list(self.extracts),
            "data_quality": list(self.data_quality),
            "summary": self.summary.to_json(),
            "sections": [s.to_json() for s in self.sections],
        }

    @classmethod
    def from_json(cls, data: dict) -> Scorecard:
        """The scorecard `to_json` wrote (times keep whole seconds, as `to_json` writes them)."""
        return cls(
            as_at=date.fromisoformat(data["as_at"]),
            local_authority=data["local_authority"],
            heading=data["heading"],
            preamble=tuple(data["preamble"]),
            footnotes=tuple((f["marker"], f["text"]) for f in data["footnotes"]),
            published_heading=data["published_heading"],
            sections=tuple(Section.from_json(s) for s in data["sections"]),
            synthetic=data["synthetic"],
            publication=data["publication"],
            protective_marking=data["protective_marking"],
            generated_at=datetime.fromisoformat(data["generated_at"]),
            data_quality=tuple(data["data_quality"]),
            sign_off=SignOff.from_json(data["sign_off"]) if data["sign_off"] else None,
            extracts=tuple(data["extracts"]),
        )


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _datetime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
