"""The catalogue of measures: what `scorecard measures` prints, read from the declarations.

One entry per declared measure (the reference 23, then the library), each with its definition
and edge cases, the Annex A list and the columns (as headed in the workbook) it reads, any other
list it reads too, what a row needs to be counted, and its published benchmark: nothing here is
written twice. docs/measures.md is generated from these entries (docs/generate_measures.py).
"""

from __future__ import annotations

import csc_scorecard.measures  # noqa: F401  (registers every measure)
from csc_scorecard.issues import UserError
from csc_scorecard.measures.annex_lists import header, list_spec
from csc_scorecard.measures.registry import MEASURES, MeasureSpec, reference_ids


def catalogue(list_number: int | None = None) -> list[dict]:
    """Every measure (of Annex A list `list_number` only, when given), in number order."""
    chosen = [m for m in sorted(MEASURES, key=lambda m: m.number) if list_number is None or _list_number(m) == list_number]
    if list_number is not None and not chosen:
        raise UserError(f"--list {list_number}: no measure reads List {list_number} (lists 1-11; the library grows)")
    return [_entry(m) for m in chosen]


def _list_number(spec: MeasureSpec) -> int | None:
    return None if spec.source == "manual" else list_spec(spec.source).number


def _entry(spec: MeasureSpec) -> dict:
    manual = spec.source == "manual"
    info = None if manual else list_spec(spec.source)
    return {
        "id": spec.id,
        "number": spec.number,
        "title": spec.label,
        "unit": spec.unit,
        "polarity": spec.polarity,
        "kind": spec.kind,
        "list": None if manual else {"number": info.number, "title": info.title},
        "reads": [] if manual else [header(info, c) for c in spec.reads],
        "needs": [] if manual else [header(info, c) for c in spec.needs],
        "also_reads": [_other_list(name, columns) for name, columns in spec.also_reads],
        "benchmark": spec.benchmark,
        "reference": spec.id in reference_ids(),
        "definition": spec.definition,
        "edge_cases": spec.edge_cases,
    }


def _other_list(name: str, columns: tuple[str, ...]) -> dict:
    """A second list a measure reads (a contact's referral, a referral's CIN episode), as `list`
    and `reads` are given for its own."""
    info = list_spec(name)
    return {"list": {"number": info.number, "title": info.title}, "reads": [header(info, c) for c in columns]}
