"""At a glance (issue #15 item 6): the first thing every output shows, counted from the rows.

How many rows improved or worsened (the direction of travel judged by polarity: a neutral row
does neither), are red, or show special cause concern or improvement on their SPC chart; then
the rows needing attention, one line each, in this order of reasons: special cause concern,
red and moving away from the target, failing assurance (the target will not be met at the
chart's usual variation). Pure: the same rows give the same summary, so a signed snapshot
shows the summary it was signed with.
"""

from __future__ import annotations

from dataclasses import dataclass

ATTENTION_REASONS = (
    ("special_cause_concern", "special cause concern"),
    ("red_moving_away", "red and moving away from the target"),
    ("fails_assurance", "will not meet the target at its usual variation"),
)


@dataclass(frozen=True)
class Attention:
    number: int
    id: str
    label: str
    reasons: tuple[str, ...]  # keys of ATTENTION_REASONS, in that order

    @property
    def line(self) -> str:
        words = dict(ATTENTION_REASONS)
        return f"{self.number}. {self.label}: {'; '.join(words[r] for r in self.reasons)}."

    def to_json(self) -> dict:
        return {"number": self.number, "id": self.id, "label": self.label, "reasons": list(self.reasons), "line": self.line}


@dataclass(frozen=True)
class Summary:
    rows: int
    improved: int
    worsened: int
    red: int
    special_cause_concern: int
    special_cause_improvement: int
    attention: tuple[Attention, ...]

    @property
    def counts_line(self) -> str:
        return (f"Of {self.rows} indicators, {self.improved} improved and {self.worsened} worsened; "
                f"{self.red} {'is' if self.red == 1 else 'are'} red; "
                f"{self.special_cause_concern} {'shows' if self.special_cause_concern == 1 else 'show'} special cause concern "
                f"and {self.special_cause_improvement} special cause improvement.")

    def to_json(self) -> dict:
        return {
            "rows": self.rows, "improved": self.improved, "worsened": self.worsened, "red": self.red,
            "special_cause_concern": self.special_cause_concern,
            "special_cause_improvement": self.special_cause_improvement,
            "attention": [a.to_json() for a in self.attention],
        }


def movement(row) -> str | None:
    """`improved`, `worsened` or None (no direction, unchanged, or neutral polarity)."""
    if row.direction not in ("up", "down") or row.polarity not in ("high", "low"):
        return None
    return "improved" if (row.direction == "up") == (row.polarity == "high") else "worsened"


def _variation(row) -> str | None:
    return (row.spc or {}).get("variation")


def attention_reasons(row) -> tuple[str, ...]:
    reasons = []
    if _variation(row) == "concern":
        reasons.append("special_cause_concern")
    if row.rag == "red" and (row.projection or {}).get("status") == "away":
        reasons.append("red_moving_away")
    if (row.spc or {}).get("assurance") == "fail":
        reasons.append("fails_assurance")
    return tuple(reasons)


def summarise(rows) -> Summary:
    """The summary of the scorecard's rows (model.Row), attention ordered by first reason then number."""
    rows = list(rows)
    order = [key for key, _ in ATTENTION_REASONS]
    attention = [Attention(r.number, r.id, r.label, reasons) for r in rows if (reasons := attention_reasons(r))]
    attention.sort(key=lambda a: (order.index(a.reasons[0]), a.number))
    return Summary(
        rows=len(rows),
        improved=sum(movement(r) == "improved" for r in rows),
        worsened=sum(movement(r) == "worsened" for r in rows),
        red=sum(r.rag == "red" for r in rows),
        special_cause_concern=sum(_variation(r) == "concern" for r in rows),
        special_cause_improvement=sum(_variation(r) == "improvement" for r in rows),
        attention=tuple(attention),
    )
