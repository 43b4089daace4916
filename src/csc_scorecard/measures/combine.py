"""Turns the loaded extracts of each LA into the one set of rows the measures count.

Rules (spec/indicators.md, "Inputs and how extracts combine", "Conventions"):

- Child ids are trimmed and upper-cased. Within one extract, rows of a list with the same key
  (annex_a_schema.yaml; a List 6 row with a blank start keys on child and closure date) are one
  row: the last in the file; the others are reported.
- A row with a date the measures read that is after its extract's as-at date is left out of
  every measure and reported. (Date of birth is not checked: pre-birth child protection plans
  carry an expected date of birth.)
- Across extracts, per LA and key, the row of the newest extract wins. A flow-list row (Lists
  1-5) of an older extract whose key no newer extract lists is dropped when its defining date
  (contact date; early help assessment start; referral date; authorisation date, else start
  date; s47 start date) lies in some newer extract's period, since that extract would have had
  to list it. An episode (Lists 6, 7, 8)
  open at its extract's as-at date that no newer extract lists gets `stock_end` = that as-at
  date + 1 day: it counts in stocks up to and including the as-at date of the extract that
  listed it, and not after. Its real end date is untouched, so it creates no ceasing. Lists 10
  and 11 (adoption, adopters) combine as flow lists, dated by the adoption order (else the
  decision) and the approval (else the enquiry); a row of theirs that no newer extract lists
  gets `stock_end` = its as-at date + 1 day, so that their stocks (children waiting with a
  placement order, adopters waiting for a match) count it up to that date only.
- List 11 has no child: its rows are identified by `Individual adopter identifier`, carried in
  `child_id` so that every list has the one identity column the measures read.
- Contradictory dates (early help or assessment completed before started, ICPC before the
  s47 start, plan ended or care ceased before it started, CIN closed before it started) set `date_error`; the measures
  declaring `registry.DATE_ORDER` leave such rows out. They are reported once, from the
  combined rows, naming those measures.
- Coverage: per LA and list, the union of the `period_start..as_at` intervals of the extracts
  that held the list.
- Attribute measures read one extract's own rows (`by_extract`), chosen per LA and month by
  `attribute_extract_for_cells` among the extracts that held the list.

Presence is per extract and per list (`ExtractSet.presence`): an extract that held a list with
no rows had none to list; an extract that did not hold a list says nothing about it. It does
not cover that list's windows, it supersedes no row of it and closes no episode of it, so a
workbook missing a sheet makes the measures on that list "not covered", never zero.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from csc_scorecard.issues import Issue, Severity
from csc_scorecard.ingest.schema import ListSpec
from csc_scorecard.measures.annex_lists import header, list_spec, sheet_name, with_all_columns
from csc_scorecard.measures.by_child import child_runs, max_before_in_child, may_repeat
from csc_scorecard.measures.registry import blank_effects, date_error_effects
from csc_scorecard.store.extract_set import EXTRACTS_SCHEMA, MEASURED_LISTS, ExtractSet

# Episode lists: (start, end) columns.
EPISODES = {
    "children_in_need": ("cin_start_date", "cin_closure_date"),
    "child_protection": ("cpp_start_date", "cpp_end_date"),
    "children_in_care": ("cla_start_date", "cla_ceased_date"),
}

# Lists without episodes whose stocks still end where the extract listing a row is the last
# to list it (see the module docstring): their stocks take the earlier of this and their own end.
LISTED_STOCKS = ("adoption", "adopters")

# The column that identifies a row's person where a list has no Child Unique ID.
IDENTITY = {"adopters": "adopter_id"}

# The start column of each list's stocks: where a stock measure's left-out row is placed (`counted`).
STOCK_STARTS = {
    **{name: columns[0] for name, columns in EPISODES.items()},
    "adoption": "adoption_decision_date",
    "adopters": "enquiry_date",
}

# The dates the measures read, checked against the extract's as-at date.
MEASURED_DATES = {
    "contacts": ("contact_date",),
    "early_help": ("eh_assessment_start_date", "eh_assessment_completion_date"),
    "referrals": ("referral_date",),
    "assessments": ("assessment_start_date", "assessment_authorised_date"),
    "s47_icpc": ("s47_start_date", "icpc_date"),
    "children_in_need": ("cin_start_date", "cin_closure_date", "last_seen_date"),
    "child_protection": ("cpp_start_date", "cpp_end_date", "last_statutory_visit_date", "latest_review_date"),
    "children_in_care": (
        "cla_start_date",
        "cla_ceased_date",
        "last_health_assessment_date",
        "last_dental_check_date",
        "latest_review_date",
        "last_sw_visit_date",
        "last_iro_contact_date",
        "placement_start_date",
    ),
    "care_leavers": ("pathway_review_date",),
    "adoption": (
        "entered_care_date",
        "adoption_decision_date",
        "placement_order_date",
        "matching_date",
        "placed_for_adoption_date",
        "adoption_order_date",
        "adoption_reversal_date",
        "ffa_placement_date",
    ),
    "adopters": ("enquiry_date", "application_approved_date", "matched_date", "left_process_date"),
}

# Contradictory dates: list -> (earlier column, later column, what is wrong). The measures that
# leave such rows out are those declaring registry.DATE_ORDER.
DATE_ERRORS = {
    "early_help": ("eh_assessment_start_date", "eh_assessment_completion_date", "completed before it started"),
    "assessments": ("assessment_start_date", "assessment_authorised_date", "authorised before it started"),
    "s47_icpc": ("s47_start_date", "icpc_date", "ICPC dated before its section 47 enquiry started"),
    "child_protection": ("cpp_start_date", "cpp_end_date", "plan ended before it started"),
    "children_in_care": ("cla_start_date", "cla_ceased_date", "ceased to be looked after before it started"),
    "children_in_need": ("cin_start_date", "cin_closure_date", "closed before it started"),
    "adoption": ("entered_care_date", "placed_for_adoption_date", "placed for adoption before entering care"),
    "adopters": ("enquiry_date", "application_approved_date", "approved before the enquiry was received"),
}

_EXTRACT_COLUMNS = ["la_code", "as_at", "period_start"]


@dataclass
class CombinedExtracts:
    """The measures' view of an ExtractSet.

    `current[list]`: combined rows (`la_code, extract_id, as_at, source_row`, the list's
    canonical columns, `date_error` where the list has one, `stock_end` for episode lists).
    `by_extract[list]`: each extract's own cleaned rows (same columns, no `stock_end`), of the
    lists asked for (`combine`'s `own_rows`).
    `holding[list]`: the extracts (EXTRACTS_SCHEMA) that held the list.
    `coverage[list]`: `la_code, covered_from, covered_to`, merged intervals of those extracts.
    """

    extracts: pl.DataFrame
    current: dict[str, pl.DataFrame]
    by_extract: dict[str, pl.DataFrame]
    holding: dict[str, pl.DataFrame]
    coverage: dict[str, pl.DataFrame]
    issues: list[Issue] = field(default_factory=list)

    def has_list(self, name: str) -> bool:
        return name in self.current


def combine(extract_set: ExtractSet, own_rows: Collection[str] | None = None, report: bool = True) -> CombinedExtracts:
    """Combine every LA's extracts per the spec; see the module docstring for the rules.

    Written for many LAs at once: each step touches only the rows it can change (duplicated
    keys, LAs with more than one extract, children with more than one episode), so that one
    extract per LA, the national case, costs little more than reading the rows, and frames
    that need no change share their columns instead of copying them. Each list of the set is
    taken once, in turn, and its rows as read are not kept: a set that reads its lists on
    demand (`store.extracts.extract_set`, or LazyFrame scans as the national bench passes)
    holds one list's rows at a time.

    `own_rows`: the lists whose rows per extract (`by_extract`) are kept, those an attribute
    measure will read (`registry.lists_read_per_extract`); every list's when None. `report`
    False leaves `issues` empty and skips the checks that only report (for figures alone:
    `compute_series` given an ExtractSet); the rows are the same either way.
    """
    extracts = extract_set.extracts.select(
        [pl.col(c).cast(t) for c, t in EXTRACTS_SCHEMA.items()]
    ).sort("la_code", "as_at", "extract_id")
    issues: list[Issue] = []
    current: dict[str, pl.DataFrame] = {}
    by_extract: dict[str, pl.DataFrame] = {}
    holding: dict[str, pl.DataFrame] = {}
    coverage: dict[str, pl.DataFrame] = {}
    for name in MEASURED_LISTS:
        if name not in extract_set.lists:
            continue
        held = _extracts_holding(extract_set, extracts, name)
        holding[name] = held
        coverage[name] = coverage_intervals(held)
        newer = _newer_periods(held)
        info = list_spec(name)
        read = None if extract_set.columns is None else extract_set.columns.get(name)
        listed = extract_set.lists[name]
        listed = listed.collect() if isinstance(listed, pl.LazyFrame) else listed
        clean = _clean(info, listed, held, issues if report else None, read)
        if own_rows is None or name in own_rows:
            by_extract[name] = clean.drop("_order")
        rows = _newest_per_key(info, clean, newer).drop("_order")
        if info.defining_date:
            rows = _drop_rows_newer_would_list(rows, _defining_date(info), newer)
        if name in EPISODES or name in LISTED_STOCKS:
            rows = _with_stock_end(rows, EPISODES[name][1] if name in EPISODES else None, newer)
        current[name] = rows
        if report:
            _report_combined(info, rows, issues)
    return CombinedExtracts(
        extracts=extracts,
        current=current,
        by_extract=by_extract,
        holding=holding,
        coverage=coverage,
        issues=issues,
    )


def columns_combined(name: str) -> tuple[str, ...]:
    """The columns of list `name` that combining reads (besides `extract_id` and `source_row`):
    the person, the key, the dates checked against the as-at date, those a rule compares, the
    defining dates, the episode's end, and the date of birth where a blank one is reported."""
    info = list_spec(name)
    columns = [IDENTITY.get(name, "child_id"), *info.key, *MEASURED_DATES[name], *DATE_ERRORS.get(name, ())[:2],
               *(c for c in (info.defining_date, info.defining_date_else) if c), *EPISODES.get(name, ())]
    if blank_effects(name, "date_of_birth"):
        columns.append("date_of_birth")
    return tuple(dict.fromkeys(columns))


def _extracts_holding(extract_set: ExtractSet, extracts: pl.DataFrame, name: str) -> pl.DataFrame:
    """`extracts` (sorted) narrowed to those that held list `name`."""
    if extract_set.presence is None:
        return extracts
    ids = extract_set.presence.filter(pl.col("list_name") == name)["extract_id"]
    return extracts.filter(pl.col("extract_id").is_in(ids.implode()))


# ---- cleaning one list of every extract ----


def _key_columns(info: ListSpec) -> list[str]:
    identity = IDENTITY.get(info.name)
    key = ["child_id" if c == identity else c for c in info.key]  # the identity as cleaned
    if info.name == "children_in_need":
        key.append("_blank_start_closure")
    return key


def _in_extract_order(rows: pl.DataFrame, extracts: pl.DataFrame) -> pl.DataFrame:
    """Rows of known extracts with their extract's la_code, as_at and period_start, ordered by
    extract (LA, as-at date, id, as `extracts` is sorted) then source row. Rows come in runs of
    one extract: each run's extract is looked up once and its columns gathered from `extracts`
    (a few times cheaper than looking every row's extract up)."""
    import numpy as np  # (here: a build that keeps its figures never loads numpy)
    ids = extracts["extract_id"]
    runs = rows.select(pl.col("extract_id").rle()).unnest("extract_id")
    run_order = runs["value"].replace_strict(ids, pl.int_range(ids.len(), eager=True), default=-1,
                                             return_dtype=pl.Int64).fill_null(-1).to_numpy()
    order = np.repeat(run_order, runs["len"].to_numpy())
    if (run_order < 0).any():
        rows, order = rows.filter(pl.Series(order >= 0)), order[order >= 0]
    at = pl.Series("_order", order)
    rows = rows.with_columns(at, *[extracts[c].gather(at).alias(c) for c in _EXTRACT_COLUMNS])
    position = pl.col("_order").cast(pl.Int64) * (1 << 32) + pl.col("source_row")
    if not rows.select((position.diff() >= 0).all()).item():
        rows = rows.sort("_order", "source_row")
    return rows


def _clean(info: ListSpec, rows: pl.DataFrame, extracts: pl.DataFrame, issues: list[Issue] | None,
           read: tuple[str, ...] | None = None) -> pl.DataFrame:
    rows = with_all_columns(info.name, rows, read).drop([c for c in _EXTRACT_COLUMNS if c in rows.columns])
    identity = IDENTITY.get(info.name, "child_id")
    rows = _in_extract_order(rows, extracts).with_columns(
        pl.col(identity).cast(pl.String).str.strip_chars().str.to_uppercase().replace("", None).alias("child_id")
    )
    if info.name == "children_in_need":
        rows = rows.with_columns(
            pl.when(pl.col("cin_start_date").is_null()).then(pl.col("cin_closure_date")).alias("_blank_start_closure")
        )
    removed = rows["child_id"].is_null()
    _add_issues(
        issues, info, rows.filter(removed), identity, f"row has no {header(info, identity)}; left out of every measure"
    )

    # Duplicated keys: only rows whose key may repeat are grouped.
    key = ["extract_id", *_key_columns(info)]
    indexed = rows.with_row_index("_row")
    candidates = indexed.filter(may_repeat(rows, key), pl.col("child_id").is_not_null())
    duplicates = candidates.filter(pl.col("source_row") != pl.col("source_row").max().over(key))
    _add_issues(
        issues, info, duplicates, info.key[-1],
        "another row of this extract has the same key; the last one in the file is used",
    )
    removed = removed.scatter(duplicates["_row"], True) if duplicates.height else removed
    for column in MEASURED_DATES[info.name]:
        late = ~removed & rows.select((pl.col(column) > pl.col("as_at")).fill_null(False)).to_series()
        _add_issues(
            issues, info, rows.filter(late), column, "date is after the extract's as-at date; row left out of every measure"
        )
        removed = removed | late
    if removed.any():
        rows = rows.filter(~removed)
    if info.name in DATE_ERRORS:
        earlier, later, _ = DATE_ERRORS[info.name]
        rows = rows.with_columns((pl.col(later) < pl.col(earlier)).fill_null(False).alias("date_error"))
    return rows


# ---- across extracts ----


def _newer_periods(extracts: pl.DataFrame) -> pl.DataFrame:
    """Per extract, the merged periods of the same LA's newer extracts: `extract_id, start, end`."""
    pairs = (
        extracts.select("extract_id", "la_code", "as_at")
        .join(
            extracts.select("la_code", pl.col("as_at").alias("newer_as_at"), pl.col("period_start").alias("newer_start")),
            on="la_code",
        )
        .filter(pl.col("newer_as_at") > pl.col("as_at"))
    )
    return merge_intervals(pairs, ["extract_id"], "newer_start", "newer_as_at").rename(
        {"newer_start": "start", "newer_as_at": "end"}
    )


def _newest_per_key(info: ListSpec, clean: pl.DataFrame, newer: pl.DataFrame) -> pl.DataFrame:
    """Per LA and key, the row of the newest extract: the key's last row, as `clean` is in
    extract order (LA, as-at date, id). An LA with one extract has each key once (`_clean`
    kept one row per key), so the same rule keeps all its rows; with none, nothing is dropped."""
    if newer.is_empty():
        return clean
    return clean.filter(pl.struct("la_code", *_key_columns(info)).is_last_distinct())


def _defining_date(info: ListSpec) -> pl.Expr:
    """A flow list's date that decides whether a newer extract would have had to list a row
    (annex_a_schema.yaml's `defining_date`, else `defining_date_else`)."""
    return pl.coalesce([c for c in (info.defining_date, info.defining_date_else) if c])


def _drop_rows_newer_would_list(rows: pl.DataFrame, defining_date: pl.Expr, newer: pl.DataFrame) -> pl.DataFrame:
    if newer.is_empty():
        return rows
    rows = rows.with_row_index("_row")
    dropped = (
        rows.filter(pl.col("extract_id").is_in(newer["extract_id"].unique().implode()))
        .select("_row", "extract_id", defining_date.alias("_defining"))
        .join(newer, on="extract_id")
        .filter(pl.col("_defining").is_between(pl.col("start"), pl.col("end")))
        .select("_row")
        .unique()
    )
    if dropped.height:
        rows = rows.filter(~pl.col("_row").is_in(dropped["_row"].implode()))
    return rows.drop("_row")


def _with_stock_end(rows: pl.DataFrame, end_column: str | None, newer: pl.DataFrame) -> pl.DataFrame:
    """`stock_end`: the episode's end, else (no end, and a newer extract does not list it) its
    extract's as-at date + 1 day; for a list without an end column (LISTED_STOCKS) only the latter."""
    has_newer = pl.col("extract_id").is_in(newer["extract_id"].unique().implode())
    end = pl.lit(None, pl.Date) if end_column is None else pl.col(end_column)
    stock_end = pl.when(end.is_null() & has_newer).then(pl.col("as_at").dt.offset_by("1d")).otherwise(end)
    return rows.with_columns(stock_end.alias("stock_end"))


def merge_intervals(frame: pl.DataFrame, by: list[str], start: str, end: str) -> pl.DataFrame:
    """The union of inclusive date intervals per group, as disjoint intervals (`by, start, end`).

    Intervals that touch (one ends the day before the next starts) are merged.
    """
    if frame.is_empty():
        return frame.select(*by, start, end)
    ordered = frame.select(*by, start, end).sort(*by, start)
    reach = pl.col(end).cum_max().shift(1).over(by)
    new_block = reach.is_null() | (pl.col(start) > reach.dt.offset_by("1d"))
    blocks = ordered.with_columns(new_block.cast(pl.Int64).cum_sum().over(by).alias("_block"))
    return (
        blocks.group_by(*by, "_block")
        .agg(pl.col(start).min(), pl.col(end).max())
        .drop("_block")
        .sort(*by, start)
    )


def coverage_intervals(extracts: pl.DataFrame) -> pl.DataFrame:
    """Per LA, the dates covered by some extract's period (`la_code, covered_from, covered_to`)."""
    merged = merge_intervals(extracts, ["la_code"], "period_start", "as_at")
    return merged.rename({"period_start": "covered_from", "as_at": "covered_to"})


def covered(grid: pl.DataFrame, coverage: pl.DataFrame, *, snapshot: bool) -> pl.Series:
    """For each grid row, is it covered? A window `window_start..period_end` must lie inside one
    merged interval; a snapshot needs only `period_end` inside one."""
    first = pl.col("period_end") if snapshot else pl.col("window_start")
    hits = (
        grid.select("la_code", "period_end", "window_start")
        .with_row_index("_cell")
        .join(coverage, on="la_code")
        .filter((pl.col("covered_from") <= first) & (pl.col("covered_to") >= pl.col("period_end")))
        .select("_cell")
        .unique()
        .with_columns(pl.lit(True).alias("_hit"))
    )
    flags = grid.with_row_index("_cell").join(hits, on="_cell", how="left").sort("_cell")
    return flags["_hit"].fill_null(False).alias("covered")


def month_index(column: str) -> pl.Expr:
    """A date column's calendar month as one number (year x 12 + month): equal within a month."""
    return pl.col(column).dt.year() * 12 + pl.col(column).dt.month()


def attribute_extract_for_cells(grid: pl.DataFrame, extracts: pl.DataFrame) -> pl.DataFrame:
    """`grid` with `extract_id`: the LA's newest extract whose as-at date is in the period end's
    calendar month (null when there is none)."""
    candidates = (
        extracts.select("extract_id", "la_code", "as_at")
        .with_columns(month_index("as_at").alias("_month"))
        .sort("as_at", "extract_id")
        .unique(subset=["la_code", "_month"], keep="last")
        .drop("as_at")
    )
    return (
        grid.with_columns(month_index("period_end").alias("_month"))
        .join(candidates, on=["la_code", "_month"], how="left", maintain_order="left")
        .drop("_month")
    )


# ---- reporting ----


def _report_combined(info: ListSpec, rows: pl.DataFrame, issues: list[Issue]) -> None:
    if info.name in DATE_ERRORS:
        earlier, later, problem = DATE_ERRORS[info.name]
        _add_issues(
            issues, info, rows.filter(pl.col("date_error")), later,
            f"{problem}; left out of {date_error_effects(info.name)}",
        )
    if blank_effects(info.name, "date_of_birth"):
        _add_issues(
            issues, info, rows.filter(pl.col("date_of_birth").is_null()), "date_of_birth",
            f"blank date of birth; {blank_effects(info.name, 'date_of_birth')}",
        )
    if info.name == "children_in_need":
        _add_issues(
            issues, info, rows.filter(pl.col("cin_start_date").is_null()), "cin_start_date",
            "blank CIN start date; counted as open at every date up to its closure",
        )
        forever = date(9999, 12, 31)
        open_until = pl.col("stock_end").fill_null(forever).to_physical()
        earlier_open_until = max_before_in_child(open_until).cast(pl.Int32).cast(pl.Date)
        order = ["cin_start_date", "as_at", "extract_id", "source_row"]
        overlapping = (
            child_runs(rows.select("la_code", "child_id", "stock_end", *order), ["la_code", "child_id"], order)
            .with_columns(earlier_open_until.alias("_earlier_open_until"))
            .filter(
                pl.col("_earlier_open_until").is_not_null()
                & (pl.col("cin_start_date").is_null() | (pl.col("cin_start_date") < pl.col("_earlier_open_until")))
            )
            .sort("la_code", "child_id", *order, nulls_last=False)
        )
        _add_issues(
            issues, info, overlapping, "cin_start_date",
            "a second CIN episode open at the same time as another of the same child; the child is counted once",
        )


def _add_issues(issues: list[Issue] | None, info: ListSpec, rows: pl.DataFrame, column: str, message: str) -> None:
    """One warning per row of `rows`, naming the extract, list, row and the one cell concerned
    (none when not reporting: `issues` None)."""
    if issues is None or rows.is_empty():
        return
    for as_at, source_row, value in rows.select("as_at", "source_row", column).iter_rows():
        issues.append(
            Issue(
                severity=Severity.WARNING,
                message=f"extract as at {as_at.isoformat()}, {sheet_name(info)} ({info.title}): {message}",
                sheet=sheet_name(info),
                row=source_row,
                column=header(info, column),
                value=None if value is None or column == "child_id" else str(value),
            )
        )
