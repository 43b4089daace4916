"""The synthetic LA's true history, from which every extract is cut: `generate_la`.

The history is simulated from 22 years before `start` (so that children in care from birth,
and care leavers up to 21, are already there on the first day) to `end`, then kept from
`history_start` (two years before `start`, so that the "last 12 months" counts of the first
extracts are complete). It is held as canonical frames: one per Annex A list that has a true
row per item (referrals, assessments, enquiries, CIN episodes, plans, care episodes, care
leavers, adoption decisions, adopters), using the schema's column names and code values, plus
the histories that change what an extract shows at its date (legal statuses, placements,
missing episodes, care leavers' circumstances). Columns that are not in the schema are the
truth's own: links, the dates an outcome became known, and schedules of regular events
(`*_first` day and `*_every` days, see `care.py`). Nothing here depends on an extract date.

Deliberate data errors (an assessment authorised before it started, a conference dated before
its enquiry) are rare, counted in `SyntheticLA.data_errors` and left in, as real data has them.

Tables (`SyntheticLA.tables`), with the columns they have beyond the schema's:

- children: one row per child: gender, ethnicity, date_of_birth, disability, uasc.
- contacts, early_help, referrals, assessments: one row per event, schema columns only.
- s47_icpc: one row per enquiry; s47_outcome_date (when its outcome was known).
- children_in_need: one row per CIN episode; initial_assessment_authorised_date, the dates of
  the case's plan and care (case_plan_*, case_care_*), seen_first / seen_every.
- child_protection: one row per plan; latest_category_date, epo_date, visit_first /
  visit_every, review_first, seen_alone (at visits).
- children_in_care: one row per care episode; permanence_plan_date, short_break, and the
  review, visit, IRO, health and dental schedules.
- legal_statuses, placements, missing_episodes: changes and events within an episode, keyed
  like List 8 by child_id and cla_start_date; placement_end_date, missing_date, missing_kind.
- care_leavers: one row per leaving care aged 16+ with an entitlement; left_care_date,
  qualifying, pathway_first, contact_first / contact_every.
- care_leaver_statuses: a care leaver's circumstances from status_date on.
- adoption, adopters: one row per decision / adopter, schema columns only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from csc_scorecard.synth import params
from csc_scorecard.synth.care import (
    adopters,
    care_leavers,
    legal_statuses,
    missing_episodes,
    placements,
    schedules,
    short_break_episodes,
)
from csc_scorecard.synth.cases import simulate_cases
from csc_scorecard.synth.contacts import contacts, early_help
from csc_scorecard.synth.days import NO_DATE, WorkingDays, add_months, day_number, days_to_series, from_day_number
from csc_scorecard.synth.people import Children, Staff, child_ids, pick, random_days


@dataclass(frozen=True)
class SyntheticLA:
    """A fictional LA's true history (frames keyed by table name) and how it was made."""

    seed: int
    start: date
    end: date
    scale: float
    la_name: str
    history_start: date  # flows are complete from here; extracts may look back to it
    tables: dict[str, pl.DataFrame]
    data_errors: dict[str, int]

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]


def generate_la(seed: int = 1, start: date = date(2020, 1, 1), end: date = date(2023, 12, 31),
                scale: float = 1.0, *, la_name: str = "Sefton") -> SyntheticLA:
    """Simulate a fictional LA (volumes of the reference LA times `scale`); same seed, same LA."""
    if end <= start:
        raise ValueError(f"end {end} must be after start {start}")
    if not scale > 0:
        raise ValueError(f"scale must be positive, not {scale}")
    rng = np.random.default_rng(seed)
    origin = date(start.year - params.SIMULATION_YEARS_BEFORE_START, start.month, 1)
    history_start = date(start.year - params.CONTEXT_YEARS_BEFORE_START, start.month, 1)
    first, last = day_number(history_start), day_number(end)
    working_days = WorkingDays(origin.year, end.year + 3)
    children = Children()
    history = simulate_cases(rng, children, origin, end, scale, working_days)
    staff = Staff(rng, scale)
    cases = history.cases

    case_team, case_worker = _case_staff(rng, staff, cases)
    assess_team, assess_worker = staff.assign(rng, "assessment", len(cases["child"]))
    assess_team = np.where(cases["path"] == "A", assess_team, case_team)
    assess_worker = np.where(cases["path"] == "A", assess_worker, case_worker)
    extra = _open_case_work(rng, cases, working_days, last)

    episodes = _care_episodes(rng, cases, children, first, last, staff, case_team, case_worker)
    leavers, leaver_statuses = care_leavers(rng, episodes, first, last, staff)
    shown = (episodes["end"] >= first)
    shown_episodes = {key: value[shown] for key, value in episodes.items()}
    episode_placements = placements(rng, shown_episodes, last, la_name)
    episode_statuses = legal_statuses(rng, shown_episodes)
    episode_missing = missing_episodes(rng, shown_episodes, first, last)
    adoption, adopter_table = _adoption(rng, shown_episodes, first, last, scale)

    contact_table = contacts(rng, children, history.referrals, first, last)
    early_help_table = early_help(rng, children, cases, first, last, scale)

    tables: dict[str, pl.DataFrame] = {}
    tables["referrals"] = _referrals(rng, history.referrals, first, staff)
    tables["assessments"] = _assessments(cases, extra, first, assess_team, assess_worker, case_team, case_worker)
    tables["s47_icpc"] = _enquiries(cases, extra, first, assess_team, assess_worker, case_team, case_worker)
    tables["children_in_need"] = _cin_episodes(rng, cases, first, case_team, case_worker)
    tables["child_protection"] = _plans(rng, cases, first, case_team, case_worker,
                                        children.column("plans_elsewhere"))
    tables["children_in_care"] = _care_frame(rng, shown_episodes)
    tables["legal_statuses"] = _by_episode(shown_episodes, episode_statuses, {"start": "legal_status_start_date"})
    tables["placements"] = _by_episode(shown_episodes, episode_placements,
                                       {"start": "placement_start_date", "end": "placement_end_date"})
    tables["missing_episodes"] = _by_episode(shown_episodes, episode_missing,
                                             {"date": "missing_date", "kind": "missing_kind"})
    leaver_child = child_ids(leavers.pop("child"))
    tables["care_leavers"] = _frame({"child_id": leaver_child, **leavers})
    leaver = leaver_statuses.pop("leaver")
    tables["care_leaver_statuses"] = _frame({
        "child_id": leaver_child[leaver],
        "left_care_date": leavers["left_care_date"][leaver],
        "status_date": leaver_statuses.pop("date"),
        **leaver_statuses,
    })
    tables["adoption"] = adoption
    tables["adopters"] = adopter_table
    tables["contacts"] = (
        _frame({"child_id": child_ids(contact_table.pop("child")), **contact_table})
        .unique(subset=["child_id", "contact_date", "contact_source"], keep="first", maintain_order=True)
        .sort("contact_date", "child_id", "contact_source", maintain_order=True)
    )
    tables["early_help"] = (
        _frame({"child_id": child_ids(early_help_table.pop("child")), **early_help_table})
        .unique(subset=["child_id", "eh_assessment_start_date"], keep="first", maintain_order=True)
        .sort("eh_assessment_start_date", "child_id", maintain_order=True)
    )
    tables["children"] = _children(children, tables)
    ordered = {name: tables[name] for name in TABLE_ORDER}
    return SyntheticLA(seed=seed, start=start, end=end, scale=scale, la_name=la_name, history_start=history_start,
                       tables=ordered, data_errors=_data_errors(ordered))


def _data_errors(tables: dict[str, pl.DataFrame]) -> dict[str, int]:
    """How many of the deliberate data errors the kept history holds, by kind."""
    assessments, enquiries = tables["assessments"], tables["s47_icpc"]
    return {
        "assessment_authorised_before_start": assessments.filter(
            pl.col("assessment_authorised_date") < pl.col("assessment_start_date")).height,
        "icpc_before_s47_start": enquiries.filter(pl.col("icpc_date") < pl.col("s47_start_date")).height,
    }


TABLE_ORDER = (
    "children", "contacts", "early_help", "referrals", "assessments", "s47_icpc", "children_in_need",
    "child_protection", "children_in_care", "legal_statuses", "placements", "missing_episodes",
    "care_leavers", "care_leaver_statuses", "adoption", "adopters",
)


def _frame(columns: dict[str, np.ndarray]) -> pl.DataFrame:
    """Numpy columns to a frame: `date_*`, `*_date`, `*_first` columns are day numbers (NO_DATE: null)."""
    series = []
    for name, values in columns.items():
        values = np.asarray(values)
        if name.endswith(("_date", "_first")) or name.startswith("date_"):
            series.append(days_to_series(name, values))
        elif values.dtype == object:
            series.append(pl.Series(name, values.tolist(), dtype=pl.String))
        elif values.dtype == bool:
            series.append(pl.Series(name, values, dtype=pl.Boolean))
        else:
            series.append(pl.Series(name, values.astype("int64"), dtype=pl.Int64))
    return pl.DataFrame(series)


def _case_staff(rng, staff: Staff, cases: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The team holding each case: assessment, safeguarding, disability or children in care."""
    path = cases["path"]
    kind = np.where(path == "A", "assessment",
                    np.where(cases["cla_start"] < NO_DATE, "in_care", "safeguarding")).astype(object)
    kind = np.where((kind == "safeguarding") & (cases["need"] == "N2"), "disability", kind)
    team = np.empty(len(kind), dtype=object)
    worker = np.empty(len(kind), dtype=object)
    for name in ("assessment", "safeguarding", "disability", "in_care"):
        rows = kind == name
        team[rows], worker[rows] = staff.assign(rng, name, int(rows.sum()))
    return team, worker


def _open_case_work(rng, cases: dict[str, np.ndarray], working_days: WorkingDays, last: int) -> dict:
    """Assessments and enquiries while a case is already open (after its first assessment)."""
    open_from = cases["assessment_authorised"] + 30
    open_to = np.minimum(cases["closure"], last + 365) - 10
    years = np.where((cases["path"] != "A") & (open_to > open_from), (open_to - open_from) / 365.25, 0.0)
    out = {}
    for name, rate in (("assessment", params.REASSESSMENTS_PER_OPEN_CASE_YEAR),
                       ("s47", params.EXTRA_S47_PER_OPEN_CASE_YEAR)):
        count = rng.poisson(rate * years)
        case = np.repeat(np.arange(len(years)), count)
        start = open_from[case] + np.floor(rng.random(len(case)) * (open_to - open_from)[case]).astype("int64")
        if name == "assessment":
            length = np.clip(np.round(rng.lognormal(np.log(params.ASSESSMENT_MEDIAN_WORKING_DAYS * 0.9),
                                                    params.ASSESSMENT_SPREAD, len(case))), 1, 160).astype("int64")
            end = np.minimum(working_days.add(start, length), np.maximum(cases["closure"][case], start))
        else:
            end = start + random_days(rng, 5, 35, len(case))
        out[name] = {"case": case, "start": start, "end": end}
    return out


def _referrals(rng, referrals: dict[str, np.ndarray], first: int, staff: Staff) -> pl.DataFrame:
    counts = _prior_counts(referrals["child"], referrals["date"], referrals["child"], referrals["date"])
    shown = referrals["date"] >= first
    team, worker = staff.assign(rng, "front_door", int(shown.sum()))
    frame = _frame({
        "child_id": child_ids(referrals["child"][shown]),
        "referral_date": referrals["date"][shown],
        "referral_source": referrals["source"][shown],
        "referral_nfa": np.where(referrals["nfa"][shown], "Yes", "No").astype(object),
        "referrals_last_12m": counts[shown],
        "allocated_team": team,
        "allocated_worker": worker,
    })
    return frame.sort("referral_date", "child_id", maintain_order=True)


def _prior_counts(child: np.ndarray, day: np.ndarray, other_child: np.ndarray, other_day: np.ndarray) -> np.ndarray:
    """For each (child, day): the child's other events dated in [day - 12 months, day)."""
    rows = pl.DataFrame({"row": np.arange(len(child)), "child": child, "day": day})
    others = pl.DataFrame({"child": other_child, "other": other_day})
    window_start = add_months(day, -12)
    rows = rows.with_columns(pl.Series("from", window_start))
    counted = (
        rows.join(others, on="child")
        .filter((pl.col("other") >= pl.col("from")) & (pl.col("other") < pl.col("day")))
        .group_by("row")
        .len()
    )
    result = np.zeros(len(child), dtype="int64")
    result[counted["row"].to_numpy()] = counted["len"].to_numpy()
    return result


def _assessments(cases, extra, first, assess_team, assess_worker, case_team, case_worker) -> pl.DataFrame:
    again = extra["assessment"]
    case = np.concatenate([np.arange(len(cases["child"])), again["case"]])
    start = np.concatenate([cases["assessment_start"], again["start"]])
    authorised = np.concatenate([cases["assessment_authorised"], again["end"]])
    initial = np.arange(len(case)) < len(cases["child"])
    keep = _first_of_key(cases["child"][case], start)
    case, start, authorised, initial = case[keep], start[keep], authorised[keep], initial[keep]
    shown = (start >= first) | (authorised >= first)
    seen = np.concatenate([cases["child_seen"], np.full(len(again["case"]), "Yes", dtype=object)])[keep]
    support = np.where(initial & (cases["path"][case] == "A"), "No", "Yes").astype(object)
    frame = _frame({
        "child_id": child_ids(cases["child"][case][shown]),
        "assessment_start_date": start[shown],
        "child_seen": seen[shown],
        "assessment_authorised_date": authorised[shown],
        "requires_support": support[shown],
        "allocated_team": np.where(initial, assess_team[case], case_team[case])[shown],
        "allocated_worker": np.where(initial, assess_worker[case], case_worker[case])[shown],
    })
    return frame.sort("assessment_start_date", "child_id", maintain_order=True)


def _enquiries(cases, extra, first, assess_team, assess_worker, case_team, case_worker) -> pl.DataFrame:
    again = extra["s47"]
    with_s47 = np.flatnonzero(cases["s47"])
    case = np.concatenate([with_s47, again["case"]])
    initial = np.arange(len(case)) < len(with_s47)
    start = np.concatenate([cases["s47_start"][with_s47], again["start"]])
    outcome = np.concatenate([cases["s47_outcome"][with_s47], again["end"]])
    icpc = np.concatenate([cases["icpc"][with_s47], np.full(len(again["case"]), NO_DATE)])
    plan = np.concatenate([cases["plan"][with_s47], np.zeros(len(again["case"]), dtype=bool)])
    # one enquiry per child and start date (the list's key): a repeat on the same day is dropped
    first_of_key = _first_of_key(cases["child"][case], start)
    case, initial, start, outcome, icpc, plan = (v[first_of_key] for v in (case, initial, start, outcome, icpc, plan))
    child = cases["child"][case]
    held = icpc < NO_DATE
    s47_counts = _prior_counts(child, start, child, start)
    icpc_counts = _prior_counts(child, start, child[held], icpc[held])
    shown = (start >= first) | (outcome >= first) | ((icpc >= first) & held)
    frame = _frame({
        "child_id": child_ids(child[shown]),
        "s47_start_date": start[shown],
        "s47_outcome_date": outcome[shown],  # when the enquiry's outcome was known
        "icpc_date": icpc[shown],
        "icpc_resulted_in_plan": np.where(held, np.where(plan, "Yes", "No"), None)[shown],
        "s47_last_12m": s47_counts[shown],
        "icpcs_last_12m": icpc_counts[shown],
        "allocated_team": np.where(initial, assess_team[case], case_team[case])[shown],
        "allocated_worker": np.where(initial, assess_worker[case], case_worker[case])[shown],
    })
    return frame.sort("s47_start_date", "child_id", maintain_order=True)


def _first_of_key(child: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Indices of the first row of each (child, day), in the original order."""
    keys = pl.DataFrame({"child": child, "day": day}).with_row_index("row")
    return keys.unique(subset=["child", "day"], keep="first", maintain_order=True)["row"].to_numpy()


def _cin_episodes(rng, cases, first, case_team, case_worker) -> pl.DataFrame:
    shown = cases["closure"] >= first
    n = int(shown.sum())
    start = cases["referral_date"][shown]
    return _frame({
        "child_id": child_ids(cases["child"][shown]),
        "cin_start_date": start,
        "primary_need": cases["need"][shown],
        "cin_closure_date": cases["closure"][shown],
        "closure_reason": cases["closure_reason"][shown],
        "allocated_team": case_team[shown],
        "allocated_worker": case_worker[shown],
        "initial_assessment_authorised_date": cases["assessment_authorised"][shown],
        "case_plan_start_date": cases["cp_start"][shown],
        "case_plan_end_date": cases["cp_end"][shown],
        "case_care_start_date": cases["cla_start"][shown],
        "case_care_end_date": cases["cla_end"][shown],
        "seen_first": start + random_days(rng, 1, 10, n),
        "seen_every": random_days(rng, 20, 60, n),
    }).sort("cin_start_date", "child_id", maintain_order=True)


def _plans(rng, cases, first, case_team, case_worker, plans_elsewhere: np.ndarray) -> pl.DataFrame:
    """Plans with the number before each: the child's earlier plans here and any elsewhere."""
    with_plan = np.flatnonzero(cases["plan"])
    child, start = cases["child"][with_plan], cases["cp_start"][with_plan]
    earlier_here = (
        pl.DataFrame({"row": np.arange(len(child)), "child": child, "start": start})
        .with_columns(pl.col("start").rank("ordinal").over("child").cast(pl.Int64).alias("rank") - 1)
        .sort("row", maintain_order=True)["rank"].to_numpy()
    )
    previous = earlier_here + plans_elsewhere[child]
    shown = cases["cp_end"][with_plan] >= first
    rows = with_plan[shown]
    n = len(rows)
    start = cases["cp_start"][rows]
    return _frame({
        "child_id": child_ids(cases["child"][rows]),
        "cpp_start_date": start,
        "initial_abuse_category": cases["initial_category"][rows],
        "latest_abuse_category": cases["latest_category"][rows],
        "latest_category_date": np.where(cases["category_changed"][rows] < NO_DATE, cases["category_changed"][rows],
                                         start),
        "cpp_end_date": cases["cp_end"][rows],
        "epo_date": cases["epo"][rows],
        "previous_cpps": previous[shown],
        "allocated_team": case_team[rows],
        "allocated_worker": case_worker[rows],
        "visit_first": start + random_days(rng, 1, 10, n),
        "visit_every": random_days(rng, 10, 20, n),
        "review_first": start + random_days(rng, 86, 96, n),
        "seen_alone": pick(rng, {"Yes": 80, "No": 18, "Unknown": 2}, n),
    }).sort("cpp_start_date", "child_id", maintain_order=True)


def _care_episodes(rng, cases, children: Children, first: int, last: int, staff: Staff,
                   case_team, case_worker) -> dict[str, np.ndarray]:
    """Every care episode of the simulation (cases that entered care, and short breaks)."""
    in_care = np.flatnonzero(cases["cla_start"] < NO_DATE)
    breaks = short_break_episodes(rng, cases, children.column("disability")[cases["child"]] == "Yes", first, last)
    case = np.concatenate([in_care, breaks["case"]])
    size, regular = len(case), len(in_care)
    short = np.arange(size) >= regular
    child = cases["child"][case]

    def from_cases(key: str, filler) -> np.ndarray:
        return np.concatenate([cases[key][in_care], np.full(size - regular, filler, dtype=cases[key].dtype)])

    episodes = {
        "child": child,
        "case": case,
        "start": np.concatenate([cases["cla_start"][in_care], breaks["start"]]),
        "end": np.concatenate([cases["cla_end"][in_care], breaks["end"]]),
        "reason": np.concatenate([cases["cla_reason"][in_care], np.full(size - regular, "E8", dtype=object)]),
        "route": from_cases("route", None),
        "entry_kind": from_cases("entry_kind", "planned"),
        "remand": from_cases("remand", False),
        "short_break": short,
        "short_break_status": np.concatenate([np.full(regular, None, dtype=object), breaks["legal_status"]]),
        "birth": children.column("birth")[child],
        "uasc": children.column("uasc")[child],
        "need": cases["need"][case],
    }
    for key in ("adoption_decision", "placement_order", "matching", "placed_for_adoption", "ffa",
                "adoption_reversal"):
        episodes[key] = from_cases(key, NO_DATE)
    episodes["reversal_reason"] = from_cases("reversal_reason", None)
    # a second or subsequent period of care within 12 months: the child's previous episode ended
    # in the 12 months before this one started
    order = np.lexsort((episodes["start"], child))
    previous_end = np.full(size, NO_DATE, dtype="int64")
    same_child = child[order][1:] == child[order][:-1]
    previous_end[order[1:][same_child]] = episodes["end"][order[:-1][same_child]]
    episodes["subsequent_period"] = np.where(
        (previous_end < NO_DATE) & (previous_end >= add_months(episodes["start"], -12)), "Yes", "No").astype(object)
    team, worker = staff.assign(rng, "disability", size)
    episodes["team"] = np.where(short, team, case_team[case])
    episodes["worker"] = np.where(short, worker, case_worker[case])
    return episodes


def _care_frame(rng, episodes: dict[str, np.ndarray]) -> pl.DataFrame:
    n = len(episodes["start"])
    plan = np.array([params.PERMANENCE_BY_ROUTE.get(r, "Other") if r is not None else None
                     for r in episodes["route"]], dtype=object)
    plan = np.where((plan == "Long-term fostering") & (rng.random(n) < 0.12), "Long-term residential", plan)
    plan = np.where(episodes["remand"], "Other", plan)
    plan = np.where(episodes["short_break"], None, plan)
    return _frame({
        "child_id": child_ids(episodes["child"]),
        "cla_start_date": episodes["start"],
        "category_of_need": episodes["need"],
        "subsequent_period": episodes["subsequent_period"],
        "cla_ceased_date": episodes["end"],
        "reason_ceased": episodes["reason"],
        "permanence_plan": plan,
        "permanence_plan_date": episodes["start"] + random_days(rng, 90, 130, n),
        "allocated_team": episodes["team"],
        "allocated_worker": episodes["worker"],
        "short_break": episodes["short_break"],
        **schedules(rng, episodes["start"], episodes["birth"], episodes["short_break"]),
    })


def _by_episode(episodes: dict[str, np.ndarray], table: dict[str, np.ndarray], rename: dict[str, str]) -> pl.DataFrame:
    """A per-episode history keyed like List 8: child and the episode's start date."""
    episode = table["episode"]
    columns = {"child_id": child_ids(episodes["child"][episode]), "cla_start_date": episodes["start"][episode]}
    for key, value in table.items():
        if key != "episode":
            columns[rename.get(key, key)] = value
    return _frame(columns)


def _adoption(rng, episodes: dict[str, np.ndarray], first: int, last: int, scale: float
              ) -> tuple[pl.DataFrame, pl.DataFrame]:
    decided = np.flatnonzero(episodes["adoption_decision"] < NO_DATE)
    adopted = np.isin(episodes["reason"][decided], ["E11", "E12"])
    order_day = np.where(adopted, episodes["end"][decided], NO_DATE)
    matched = episodes["matching"][decided] < NO_DATE
    matched_rows = decided[matched]
    adopter_table, family_of_matched = adopters(
        rng,
        {
            "matching": episodes["matching"][matched_rows],
            "placed_for_adoption": episodes["placed_for_adoption"][matched_rows],
            "adoption_order": order_day[matched],
            "ffa": episodes["ffa"][matched_rows],
        },
        first, last, scale,
    )
    family = np.full(len(decided), None, dtype=object)
    family[np.flatnonzero(matched)] = family_of_matched
    adoption = _frame({
        "child_id": child_ids(episodes["child"][decided]),
        "family_id": family,
        "entered_care_date": episodes["start"][decided],
        "adoption_decision_date": episodes["adoption_decision"][decided],
        "placement_order_date": episodes["placement_order"][decided],
        "matching_date": episodes["matching"][decided],
        "placed_for_adoption_date": episodes["placed_for_adoption"][decided],
        "adoption_order_date": order_day,
        "adoption_reversal_date": episodes["adoption_reversal"][decided],
        "adoption_reversal_reason": episodes["reversal_reason"][decided],
        "ffa_placement_date": episodes["ffa"][decided],
    }).sort("adoption_decision_date", "child_id", maintain_order=True)
    adopter_frame = _frame(adopter_table)
    terminal = pl.coalesce("adoption_order_date", "left_process_date")
    adopter_frame = adopter_frame.filter(
        (pl.col("enquiry_date") <= from_day_number(last))
        & (terminal.is_null() | (terminal >= from_day_number(first)))
    ).sort("enquiry_date", "adopter_id", maintain_order=True)
    return adoption, adopter_frame


def _children(children: Children, tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Attributes of every child named in any table."""
    named = pl.concat([tables[name].select("child_id") for name in tables if "child_id" in tables[name].columns])
    index = np.sort(named.unique()["child_id"].str.slice(3).cast(pl.Int64).to_numpy() - 1)
    return _frame({
        "child_id": child_ids(index),
        "gender": children.column("gender")[index],
        "ethnicity": children.column("ethnicity")[index],
        "date_of_birth": children.column("birth")[index],
        "disability": children.column("disability")[index],
        "uasc": np.where(children.column("uasc")[index], "Yes", "No").astype(object),
    })
