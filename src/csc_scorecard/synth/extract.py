"""Cut an Annex A extract from the synthetic LA's true history, as the LA would have produced it at E.

Scope follows Ofsted's lists over a period `S..E`: with `months=n`, `S` is the 1st of the month
`n - 1` months before E's month (E = 2023-12-31, n = 12: S = 2023-01-01); with `months=None` the
extract is "long": `S` is the history's `start`.

| list | rows |
|---|---|
| 1 contacts, 3 referrals | dated in `S..E` |
| 2 early help | started in the period, completed in it, or open at E |
| 4 assessments | started or authorised in the period, or open at E |
| 5 s47 and ICPC | enquiries started in the period, open at E, or with their conference in the period |
| 6, 7, 8 episodes | open at E, or closed in the period |
| 9 care leavers | entitled at E (left care aged 16+, aged 21 or under, not looked after again) |
| 10 adoption | decisions in the period, adoptions or reversals in it, and decisions still open at E |
| 11 adopters | in the adoption process at some time in the period |

Values are as known at E: no date after E appears (an episode ending later is open, a child
born later has no date of birth yet), ages are completed years at E, the latest legal status,
placement, review, visit and check on or before E, care leavers' circumstances at E. Counts:

- `Number of Referrals in Last 12 Months`, `Number of Section 47 Enquiries / ICPCs in the last
  12 months`: the child's other referrals / enquiries / conferences dated in the 12 months
  before the row's own date (on or after that date minus 12 months, before it), as the SSD
  defines the referral count; they do not depend on E.
- List 8 `... in the last 12 months`: within the episode, from W = (E - 12 months) + 1 day to
  E: placements lived in at some time in W..E (a move on day W counts both), and missing or
  absent episodes dated in W..E. The return-interview answers are those of the last missing
  episode in W..E (blank if none).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import polars as pl

from csc_scorecard.synth.layout import AnnexList, load_layout
from csc_scorecard.synth.truth import SyntheticLA

_POLARS_TYPES = {"string": pl.String, "code": pl.String, "date": pl.Date, "integer": pl.Int64, "number": pl.Float64}


def period_start(as_at: date, months: int | None, history_start: date) -> date:
    """First day of the extract's period (see the module docstring)."""
    if months is None:
        return history_start
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    index = as_at.year * 12 + as_at.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def shift_months(day: date, months: int) -> date:
    """The same day of month `months` later (negative: earlier), clipped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def extract_at(la: SyntheticLA, as_at: date, months: int | None = 12) -> dict[str, pl.DataFrame]:
    """The eleven Annex A lists as at `as_at`, canonical columns in schema order, keyed by list name."""
    if not la.start <= as_at <= la.end:
        raise ValueError(f"as-at date {as_at} is outside the synthetic history {la.start}..{la.end}")
    cut = _Cut(la, as_at, period_start(as_at, months, la.start))
    layout = load_layout()
    builders = {
        "contacts": cut.contacts, "early_help": cut.early_help, "referrals": cut.referrals,
        "assessments": cut.assessments, "s47_icpc": cut.enquiries, "children_in_need": cut.children_in_need,
        "child_protection": cut.child_protection, "children_in_care": cut.children_in_care,
        "care_leavers": cut.care_leavers, "adoption": cut.adoption, "adopters": cut.adopters,
    }
    return {annex.name: _conform(builders[annex.name](), annex) for annex in layout.lists}


def _conform(frame: pl.DataFrame, annex: AnnexList) -> pl.DataFrame:
    return frame.select([pl.col(c.name).cast(_POLARS_TYPES[c.type]) for c in annex.columns])


def _days(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.Int32)


def last_scheduled(first: str, every: str | int, upto: pl.Expr) -> pl.Expr:
    """The last of the days `first + k * every` (k >= 0) on or before `upto` (null if none)."""
    start = _days(pl.col(first))
    step = pl.col(every).cast(pl.Int32) if isinstance(every, str) else pl.lit(every, dtype=pl.Int32)
    elapsed = _days(upto) - start
    return pl.when(elapsed >= 0).then((start + (elapsed // step) * step).cast(pl.Date)).otherwise(None)


def age_at(birth: pl.Expr, at: date) -> pl.Expr:
    """Completed years at `at` (a 29 February birthday falls on 28 February in other years)."""
    month, day = birth.dt.month(), birth.dt.day()
    day = pl.when((month == 2) & (day == 29) & (not calendar.isleap(at.year))).then(28).otherwise(day)
    before = (pl.lit(at.month) < month) | ((pl.lit(at.month) == month) & (pl.lit(at.day) < day))
    return (pl.lit(at.year) - birth.dt.year() - before.cast(pl.Int32)).cast(pl.Float64)


class _Cut:
    """One extract's lists; each method returns a frame holding at least its list's columns."""

    def __init__(self, la: SyntheticLA, as_at: date, start: date) -> None:
        self.la, self.E, self.S = la, as_at, start
        self.window_start = shift_months(as_at, -12) + timedelta(days=1)
        born = pl.col("date_of_birth") <= as_at
        self.people = la["children"].select(
            "child_id", "gender", "ethnicity", "disability", "uasc",
            pl.when(born).then(pl.col("date_of_birth")).alias("date_of_birth"),
            pl.when(born).then(age_at(pl.col("date_of_birth"), as_at)).alias("age"),
        )

    def _known(self, column: str) -> pl.Expr:
        """The date if it is on or before E, else null (not yet happened)."""
        return pl.when(pl.col(column) <= self.E).then(pl.col(column)).otherwise(None).alias(column)

    def _in_period(self, column: str) -> pl.Expr:
        return pl.col(column).is_between(self.S, self.E)

    def _with_people(self, frame: pl.DataFrame, *keys: str) -> pl.DataFrame:
        return frame.join(self.people, on="child_id", how="left").sort(*keys, "child_id", maintain_order=True)

    def contacts(self) -> pl.DataFrame:
        rows = self.la["contacts"].filter(self._in_period("contact_date"))
        return self._with_people(rows, "contact_date", "contact_source")

    def early_help(self) -> pl.DataFrame:
        start, done = pl.col("eh_assessment_start_date"), pl.col("eh_assessment_completion_date")
        rows = self.la["early_help"].filter((start <= self.E) & ((start >= self.S) | done.is_null() | (done >= self.S)))
        return self._with_people(rows.with_columns(self._known("eh_assessment_completion_date")),
                                 "eh_assessment_start_date")

    def referrals(self) -> pl.DataFrame:
        rows = self.la["referrals"].filter(self._in_period("referral_date"))
        return self._with_people(rows, "referral_date", "referral_source")

    def assessments(self) -> pl.DataFrame:
        start, done = pl.col("assessment_start_date"), pl.col("assessment_authorised_date")
        rows = self.la["assessments"].filter(
            (start <= self.E) & ((start >= self.S) | (done >= self.S) | done.is_null()))
        rows = rows.with_columns(self._known("assessment_authorised_date")).with_columns(
            pl.when(pl.col("assessment_authorised_date").is_not_null()).then(pl.col("requires_support"))
            .alias("requires_support"))
        return self._with_people(rows, "assessment_start_date")

    def enquiries(self) -> pl.DataFrame:
        start, outcome, icpc = pl.col("s47_start_date"), pl.col("s47_outcome_date"), pl.col("icpc_date")
        rows = self.la["s47_icpc"].filter(
            (start <= self.E) & ((start >= self.S) | (outcome > self.E) | icpc.is_between(self.S, self.E)))
        known = outcome <= self.E
        held = icpc <= self.E
        rows = rows.with_columns(
            pl.when(known).then(pl.when(icpc.is_null()).then(pl.lit("Yes")).otherwise(pl.lit("No")))
            .alias("icpc_unnecessary"),
            pl.when(held).then(icpc).alias("icpc_date"),
            pl.when(held).then(pl.col("icpc_resulted_in_plan")).alias("icpc_resulted_in_plan"),
        )
        return self._with_people(rows, "s47_start_date")

    def children_in_need(self) -> pl.DataFrame:
        E = self.E
        start, closure = pl.col("cin_start_date"), pl.col("cin_closure_date")
        rows = self.la["children_in_need"].filter((start <= E) & (closure.is_null() | (closure >= self.S)))

        def open_at(first: str, last: str) -> pl.Expr:
            return (pl.col(first) <= E) & (pl.col(last).is_null() | (pl.col(last) > E))

        closed = closure <= E
        status = (
            pl.when(closed).then(pl.lit("Closed episode"))
            .when(open_at("case_care_start_date", "case_care_end_date")).then(pl.lit("Looked after child"))
            .when(open_at("case_plan_start_date", "case_plan_end_date")).then(pl.lit("Child Protection plan"))
            .when(pl.col("initial_assessment_authorised_date").is_null()
                  | (pl.col("initial_assessment_authorised_date") > E)).then(pl.lit("Open assessment"))
            .otherwise(pl.lit("Child in need plan"))
        )
        rows = rows.with_columns(
            status.alias("case_status"),
            last_scheduled("seen_first", "seen_every", pl.min_horizontal(pl.lit(E), closure)).alias("last_seen_date"),
            pl.when(closed).then(pl.col("closure_reason")).alias("closure_reason"),
            self._known("cin_closure_date"),
        )
        return self._with_people(rows, "cin_start_date")

    def child_protection(self) -> pl.DataFrame:
        E = self.E
        start, end = pl.col("cpp_start_date"), pl.col("cpp_end_date")
        rows = self.la["child_protection"].filter((start <= E) & (end.is_null() | (end >= self.S)))
        upto = pl.min_horizontal(pl.lit(E), end)
        visit = last_scheduled("visit_first", "visit_every", upto)
        rows = rows.with_columns(
            pl.when(pl.col("latest_category_date") <= upto).then(pl.col("latest_abuse_category"))
            .otherwise(pl.col("initial_abuse_category")).alias("latest_abuse_category"),
            visit.alias("last_statutory_visit_date"),
            pl.when(visit.is_not_null()).then(pl.col("seen_alone")).alias("seen_alone"),
            last_scheduled("review_first", 182, upto).alias("latest_review_date"),
            pl.when(pl.col("epo_date").is_between(shift_months(E, -6) + timedelta(days=1), E))
            .then(pl.lit("Yes")).otherwise(pl.lit("No")).alias("epo_last_6m"),
            self._known("cpp_end_date"),
        )
        return self._with_people(rows, "cpp_start_date")

    def children_in_care(self) -> pl.DataFrame:
        E, W = self.E, self.window_start
        key = ["child_id", "cla_start_date"]
        start, ceased = pl.col("cla_start_date"), pl.col("cla_ceased_date")
        rows = self.la["children_in_care"].filter((start <= E) & (ceased.is_null() | (ceased >= self.S)))
        statuses = (self.la["legal_statuses"].filter(pl.col("legal_status_start_date") <= E)
                    .sort(*key, "legal_status_start_date", maintain_order=True)
                    .unique(subset=key, keep="last", maintain_order=True))
        placements = self.la["placements"].filter(pl.col("placement_start_date") <= E)
        latest_placement = (placements.sort(*key, "placement_start_date", maintain_order=True)
                            .unique(subset=key, keep="last", maintain_order=True)
                            .drop("placement_end_date"))
        lived_in = (placements.filter(pl.col("placement_end_date").is_null() | (pl.col("placement_end_date") >= W))
                    .group_by(key).len("placements_last_12m"))
        events = self.la["missing_episodes"].filter(pl.col("missing_date").is_between(W, E))
        counts = events.group_by(key).agg(
            (pl.col("missing_kind") == "missing").sum().cast(pl.Int64).alias("missing_episodes_12m"),
            (pl.col("missing_kind") == "absent").sum().cast(pl.Int64).alias("absent_episodes_12m"),
        )
        last_missing = (events.filter(pl.col("missing_kind") == "missing")
                        .sort(*key, "missing_date", maintain_order=True)
                        .unique(subset=key, keep="last", maintain_order=True)
                        .select(*key, "return_interview_offered", "return_interview_accepted"))
        upto = pl.min_horizontal(pl.lit(E), ceased)
        elapsed = _days(upto) - _days(pl.col("review_first"))
        review = (
            pl.when(elapsed < 0).then(None)
            .when(elapsed < 91).then(pl.col("review_first"))
            .otherwise((_days(pl.col("review_first")) + 91 + ((elapsed - 91) // 182) * 182).cast(pl.Date))
        )
        rows = (
            rows.join(statuses, on=key, how="left")
            .join(latest_placement, on=key, how="left")
            .join(lived_in, on=key, how="left")
            .join(counts, on=key, how="left")
            .join(last_missing, on=key, how="left")
            .with_columns(
                review.alias("latest_review_date"),
                last_scheduled("visit_first", "visit_every", upto).alias("last_sw_visit_date"),
                last_scheduled("iro_first", "iro_every", upto).alias("last_iro_contact_date"),
                last_scheduled("health_first", "health_every", upto).alias("last_health_assessment_date"),
                last_scheduled("dental_first", "dental_every", upto).alias("last_dental_check_date"),
                pl.when(pl.col("permanence_plan_date") <= upto).then(pl.col("permanence_plan"))
                .alias("permanence_plan"),
                pl.when(ceased <= E).then(pl.col("reason_ceased")).alias("reason_ceased"),
                self._known("cla_ceased_date"),
                pl.col("placements_last_12m").fill_null(0),
                pl.col("missing_episodes_12m").fill_null(0),
                pl.col("absent_episodes_12m").fill_null(0),
            )
        )
        return self._with_people(rows, "cla_start_date")

    def care_leavers(self) -> pl.DataFrame:
        E = self.E
        key = ["child_id", "left_care_date"]
        leavers = (self.la["care_leavers"].filter(pl.col("left_care_date") <= E)
                   .sort(*key, maintain_order=True).unique(subset="child_id", keep="last", maintain_order=True))
        in_care = self.la["children_in_care"].filter(
            (pl.col("cla_start_date") <= E) & (pl.col("cla_ceased_date").is_null() | (pl.col("cla_ceased_date") > E))
        ).select("child_id").unique()
        status = (self.la["care_leaver_statuses"].filter(pl.col("status_date") <= E)
                  .sort(*key, "status_date", maintain_order=True).unique(subset=key, keep="last", maintain_order=True))
        rows = (
            leavers.join(in_care, on="child_id", how="anti")
            .join(status, on=key, how="left")
            .join(self.people, on="child_id", how="inner")
            .filter(pl.col("age") <= 21)
        )
        in_touch_upto = pl.when(pl.col("in_touch") == "Yes").then(pl.lit(E)).otherwise(pl.col("status_date"))
        rows = rows.with_columns(
            pl.when(pl.col("qualifying")).then(pl.lit("Qualifying"))
            .when(pl.col("age") < 18).then(pl.lit("Relevant"))
            .otherwise(pl.lit("Former relevant")).alias("eligibility"),
            last_scheduled("pathway_first", 182, pl.lit(E)).alias("pathway_review_date"),
            last_scheduled("contact_first", "contact_every", in_touch_upto).alias("latest_contact_date"),
        )
        return rows.sort("child_id", maintain_order=True)

    def adoption(self) -> pl.DataFrame:
        E, S = self.E, self.S
        decision, order, reversal = (pl.col("adoption_decision_date"), pl.col("adoption_order_date"),
                                     pl.col("adoption_reversal_date"))
        still_open = (order.is_null() | (order > E)) & (reversal.is_null() | (reversal > E))
        rows = self.la["adoption"].filter(
            (decision <= E) & ((decision >= S) | order.is_between(S, E) | reversal.is_between(S, E) | still_open))
        dated = ["placement_order_date", "matching_date", "placed_for_adoption_date", "adoption_order_date",
                 "adoption_reversal_date", "ffa_placement_date"]
        rows = rows.with_columns(
            pl.when(pl.col("matching_date") <= E).then(pl.col("family_id")).alias("family_id"),
            pl.when(reversal <= E).then(pl.col("adoption_reversal_reason")).alias("adoption_reversal_reason"),
            *[self._known(column) for column in dated],
        )
        return self._with_people(rows, "adoption_decision_date")

    def adopters(self) -> pl.DataFrame:
        E = self.E
        terminal = pl.coalesce("adoption_order_date", "left_process_date")
        rows = self.la["adopters"].filter((pl.col("enquiry_date") <= E) & (terminal.is_null() | (terminal >= self.S)))
        dated = ["stage1_start_date", "stage1_end_date", "stage2_start_date", "stage2_end_date",
                 "application_submitted_date", "application_approved_date", "matched_date", "placed_date",
                 "adoption_order_date", "left_process_date"]
        rows = rows.with_columns(
            pl.when(pl.col("placed_date") <= E).then(pl.col("children_placed")).alias("children_placed"),
            pl.when(pl.col("left_process_date") <= E).then(pl.col("left_process_reason")).alias("left_process_reason"),
            *[self._known(column) for column in dated],
        )
        return rows.sort("enquiry_date", "adopter_id", maintain_order=True)
