"""What the store hands to the measures: the current extracts of one or more LAs and their rows.

The store owns persistence; the measures own how extracts combine (spec/indicators.md). This
plain value is the only thing that passes between them, so measures can be tested on frames
built by hand without a store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

# The Annex A lists the measures read (spec/indicators.md): what the store hands over by default.
MEASURED_LISTS = (
    "contacts",
    "early_help",
    "referrals",
    "assessments",
    "s47_icpc",
    "children_in_need",
    "child_protection",
    "children_in_care",
    "care_leavers",
    "adoption",
    "adopters",
)

PRESENCE_SCHEMA = {"extract_id": pl.Int64, "list_name": pl.String}

EXTRACTS_SCHEMA = {
    "extract_id": pl.Int64,
    "la_code": pl.String,  # DfE 3-digit code, e.g. "343"
    "as_at": pl.Date,
    "period_start": pl.Date,  # first day the flow lists (3, 4, 5) are complete from
}


@dataclass
class ExtractSet:
    """Current (not superseded) extracts and, per Annex A list, all their rows.

    `extracts` has the columns of EXTRACTS_SCHEMA, one row per extract.
    `lists` maps a list name of `ingest/annex_a_schema.yaml` (`referrals`, `children_in_care`,
    ...) to a frame with `extract_id`, `source_row` and that list's canonical columns (dates as
    pl.Date, integers as pl.Int64, codes as their code string). A list held by some extract is
    in the mapping even with no rows; a list absent from every extract is absent from it.
    `presence` (`extract_id, list_name`) says which extract held which list: a list missing
    from one extract is not the same as a list with no rows in it (spec: "a list missing from
    an extract is not covered, never zero"). None, for sets built by hand, means every extract
    held every list in `lists`.
    A list's rows may also be a LazyFrame (a scan of a file, as the national bench passes),
    read when the list is combined: a national set then never holds every list's rows at once.
    `columns`, when the store read only some columns of a list (`measures.columns`), names
    them per list: combining completes a list to its canonical columns (a set built by hand
    may leave out optional ones, which count as blank) only up to these, so that a column not
    read is missing rather than blank.
    """

    extracts: pl.DataFrame
    lists: Mapping[str, pl.DataFrame | pl.LazyFrame] = field(default_factory=dict)
    presence: pl.DataFrame | None = None
    columns: dict[str, tuple[str, ...]] | None = None

    def with_la(self) -> dict[str, pl.DataFrame]:
        """Each list's rows joined to their extract's la_code, as_at and period_start."""
        return {
            name: rows.join(self.extracts, on="extract_id", how="inner")
            for name, rows in self.lists.items()
        }
