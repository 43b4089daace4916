"""Children's journeys through social care, simulated one generation of referrals at a time.

A referral that is not NFA opens a case (a CIN episode, starting on the referral date). Each
case takes one path: closed after its assessment (A), a child in need plan (B), child
protection (C: a section 47 enquiry, an initial conference and usually a plan) or care (D).
From the path follow the case's dates: assessment start and authorisation (in England and
Wales working days), enquiry, conference, plan, entry to care and exit, and the closure of the
episode. When a case closes, the child may be referred again: those re-referrals are the next
generation, simulated the same way, until no child comes back before the end of the history.
Every step is a numpy operation over all cases of a generation, never a loop over children.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from csc_scorecard.synth import params
from csc_scorecard.synth.days import NO_DATE, WorkingDays, add_years, completed_years, day_number, split_ymd
from csc_scorecard.synth.people import Children, lognormal_days, pick, random_days


@dataclass
class CaseHistory:
    """All referrals and cases of the simulation, as parallel numpy arrays.

    A case's arrays: child, referral_date, path, need, closure, closure_reason; its assessment
    (assessment_start, assessment_authorised, child_seen); enquiry and conference (s47,
    s47_start, s47_outcome, icpc, plan); plan (cp_start, cp_end, initial_category,
    latest_category, category_changed, epo); care (cla_start, cla_end, cla_reason, route,
    entry_kind, remand) and adoption milestones (adoption_decision, placement_order, matching,
    placed_for_adoption, ffa, adoption_reversal, reversal_reason). Days are day numbers,
    NO_DATE where the event never happened.
    """

    referrals: dict[str, np.ndarray]  # child, date, source, nfa, case (-1 when NFA)
    cases: dict[str, np.ndarray]


def day_weights(first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """Every day of [first, last] and its relative demand (weekday, month, trend; mean about 1)."""
    days = np.arange(first, last + 1, dtype="int64")
    weekday = np.array(params.WEEKDAY_WEIGHTS)
    month = np.array(params.MONTH_WEIGHTS)
    _, month_number, _ = split_ymd(days)
    trend = _knots(days, params.REFERRAL_TREND)
    weights = weekday[(days + 3) % 7] / weekday.mean() * month[month_number - 1] / month.mean() * trend
    return days, weights


def _knots(days: np.ndarray, knots) -> np.ndarray:
    x = np.array([day_number(knot) for knot, _ in knots], dtype=float)
    y = np.array([value for _, value in knots], dtype=float)
    return np.interp(days, x, y)


def sample_days(rng: np.random.Generator, days: np.ndarray, weights: np.ndarray, per_year: float) -> np.ndarray:
    """A Poisson number of event days at `per_year` events in a typical year, spread by `weights`."""
    count = rng.poisson(per_year / 365.25 * weights.sum())
    return np.sort(days[rng.choice(len(days), size=count, p=weights / weights.sum())])


def simulate_cases(rng: np.random.Generator, children: Children, origin: date, end: date,
                   scale: float, working_days: WorkingDays) -> CaseHistory:
    """Referrals and cases from `origin` to `end`, first referrals then re-referral generations."""
    first, last = day_number(origin), day_number(end)
    days, weights = day_weights(first, last)
    dates = sample_days(rng, days, weights, params.NEW_CHILD_REFERRALS_PER_YEAR * scale)
    kids = children.add(rng, dates)
    keep = dates <= children.column("birthday_18")[kids] - 30
    kids, dates = kids[keep], dates[keep]
    escalated = np.zeros(children.count, dtype=bool)
    referral_parts, case_parts = [], []
    case_offset = 0
    while len(kids):
        order = np.argsort(dates, kind="stable")
        kids, dates = kids[order], dates[order]
        referrals, cases, next_kids, next_dates = _generation(rng, kids, dates, children, escalated,
                                                              working_days, last)
        referrals["case"] = np.where(referrals["case"] >= 0, referrals["case"] + case_offset, -1)
        case_offset += len(cases["child"])
        referral_parts.append(referrals)
        case_parts.append(cases)
        kids, dates = next_kids, next_dates
    return CaseHistory(
        referrals={key: np.concatenate([part[key] for part in referral_parts]) for key in referral_parts[0]},
        cases={key: np.concatenate([part[key] for part in case_parts]) for key in case_parts[0]},
    )


def _age_band(age: np.ndarray, unborn: np.ndarray) -> np.ndarray:
    band = np.select([age < 1, age < 5, age < 10, age < 16], ["0", "1-4", "5-9", "10-15"], "16-17").astype(object)
    return np.where(unborn, "unborn", band)


def _paths(rng: np.random.Generator, age: np.ndarray, unborn: np.ndarray, escalated: np.ndarray,
           uasc: np.ndarray) -> np.ndarray:
    size = len(age)
    names = np.array(list(params.PATH_BASE), dtype=object)
    weights = np.tile(np.array(list(params.PATH_BASE.values())), (size, 1))
    band = _age_band(age, unborn)
    for key, (c_mult, d_mult) in params.PATH_AGE_MULTIPLIERS.items():
        rows = band == key
        weights[rows, 2] *= c_mult
        weights[rows, 3] *= d_mult
    weights[escalated, 2:] *= params.PATH_AFTER_ESCALATION
    weights[age >= 17.5, 1:] = 0.0  # close to 18: assessed, then closed
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    path = names[(rng.random((size, 1)) > cumulative).sum(axis=1).clip(0, 3)]
    return np.where(uasc, "D", path)


def _generation(rng, kids, dates, children: Children, escalated, working_days: WorkingDays, last: int):
    size = len(kids)
    birth = children.column("birth")[kids]
    birthday_18 = children.column("birthday_18")[kids]
    uasc = children.column("uasc")[kids]
    disabled = children.column("disability")[kids] == "Yes"
    unborn = birth > dates
    age = np.where(unborn, 0.0, (dates - birth) / 365.25)

    source = pick(rng, params.SOURCE, size)
    source = np.where(uasc, "5C", source)
    nfa = (rng.random(size) < params.REFERRAL_NFA_SHARE) & ~uasc
    case_rows = np.flatnonzero(~nfa)
    case_index = np.full(size, -1, dtype="int64")
    case_index[case_rows] = np.arange(len(case_rows))
    referrals = {"child": kids, "date": dates, "source": source, "nfa": nfa, "case": case_index}

    c = {key: v[case_rows] for key, v in
         {"child": kids, "referral_date": dates, "birth": birth, "birthday_18": birthday_18, "uasc": uasc,
          "disabled": disabled, "unborn": unborn, "age": age}.items()}
    n = len(case_rows)
    path = _paths(rng, c["age"], c["unborn"], escalated[c["child"]], c["uasc"])
    cases = _case_dates(rng, c, path, working_days)
    cases["child"] = c["child"]
    cases["referral_date"] = c["referral_date"]
    cases["path"] = path
    need = np.empty(n, dtype=object)
    for key, weights in params.NEED_BY_PATH.items():
        rows = path == key
        need[rows] = pick(rng, weights, int(rows.sum()))
    need = np.where(c["disabled"] & (rng.random(n) < params.DISABLED_NEED_N2_SHARE), "N2", need)
    cases["need"] = np.where(c["uasc"], "N8", need)

    escalated[c["child"][cases["plan"] | (cases["cla_start"] < NO_DATE)]] = True

    # who comes back: re-referred after the case closed (NFA: after the referral)
    route = cases["route"]
    group = np.where(path == "A", "A", np.where(path == "B", "B", "C")).astype(object)
    group = np.where(cases["cla_start"] < NO_DATE, np.where(route == "home", "home", "none"), group)
    group = np.where(np.isin(cases["cla_reason"], ["E9", "E14"]), "custody", group)
    share = np.array([params.RE_REFERRAL_SHARE.get(g, 0.0) for g in group])
    all_kids = np.concatenate([kids[nfa], c["child"]])
    all_last = np.concatenate([dates[nfa], cases["closure"]])
    all_share = np.concatenate([np.full(int(nfa.sum()), params.RE_REFERRAL_SHARE["NFA"]), share])
    count = len(all_kids)
    soon = rng.random(count) < params.RE_REFERRAL_SOON
    gap = np.where(soon, 7 + rng.exponential(params.RE_REFERRAL_SOON_MEAN_DAYS, count),
                   rng.uniform(365, 1460, count)).astype("int64")
    next_date = all_last + gap
    back = ((rng.random(count) < all_share) & (all_last <= last) & (next_date <= last)
            & (next_date <= children.column("birthday_18")[all_kids] - 30))
    return referrals, cases, all_kids[back], next_date[back]


def _case_dates(rng, c: dict[str, np.ndarray], path: np.ndarray, working_days: WorkingDays) -> dict[str, np.ndarray]:
    n = len(path)
    referral, birth, birthday_18 = c["referral_date"], c["birth"], c["birthday_18"]
    out: dict[str, np.ndarray] = {}

    # assessment
    start = referral + np.minimum(rng.geometric(0.45, n) - 1, 10)
    speed = _knots(start, params.ASSESSMENT_SPEED)
    length = np.clip(np.round(rng.lognormal(np.log(params.ASSESSMENT_MEDIAN_WORKING_DAYS * speed),
                                            params.ASSESSMENT_SPREAD)), 1, 160).astype("int64")
    authorised = np.minimum(working_days.add(start, length), np.maximum(birthday_18 - 1, start))
    error = rng.random(n) < params.ASSESSMENT_ERROR_SHARE
    authorised = np.where(error, start - random_days(rng, 1, 30, n), authorised)
    out["assessment_start"], out["assessment_authorised"] = start, authorised
    out["child_seen"] = pick(rng, params.CHILD_SEEN, n)

    # section 47 and initial conference
    share = np.array([params.S47_SHARE_BY_PATH[p] for p in path])
    s47 = rng.random(n) < share
    s47_start = np.where(s47, start + random_days(rng, 0, 6, n), NO_DATE)
    conference = path == "C"
    within = rng.random(n) < params.ICPC_WITHIN_15_SHARE
    icpc_days = np.where(within, random_days(rng, 5, 15, n), random_days(rng, 16, 35, n))
    icpc = np.where(conference, working_days.add(np.where(s47, s47_start, start), icpc_days), NO_DATE)
    icpc_error = conference & (rng.random(n) < params.ICPC_ERROR_SHARE)
    icpc = np.where(icpc_error, s47_start - random_days(rng, 1, 15, n), icpc)
    out["s47"], out["s47_start"], out["icpc"] = s47, s47_start, icpc
    out["s47_outcome"] = np.where(conference, icpc, np.where(s47, s47_start + random_days(rng, 5, 35, n), NO_DATE))

    # child protection plan
    plan = conference & (rng.random(n) < params.ICPC_PLAN_SHARE) & (icpc < birthday_18 - 30)
    plan_days = np.clip(lognormal_days(rng, params.CP_PLAN_MEDIAN_DAYS, params.CP_PLAN_SPREAD, n), 20, 2000)
    cp_start = np.where(plan, icpc, NO_DATE)
    cp_end = np.where(plan, np.minimum(icpc + plan_days, birthday_18 - 1), NO_DATE)
    to_care = plan & (rng.random(n) < params.CP_TO_CARE_SHARE)
    care_from_plan = cp_start + random_days(rng, 14, np.maximum(15, np.minimum(plan_days, 400)), n)
    category = pick(rng, params.ABUSE_CATEGORY, n)
    changed = plan & (rng.random(n) < params.CP_LATEST_CATEGORY_CHANGES)
    out["plan"] = plan
    out["initial_category"] = np.where(plan, category, None)
    out["latest_category"] = np.where(changed, pick(rng, params.ABUSE_CATEGORY, n), out["initial_category"])
    # the change is recorded at a review conference (the first comes 3 months into the plan)
    out["category_changed"] = np.where(changed, cp_start + 91 + 182 * rng.integers(0, 3, n), NO_DATE)
    out["epo"] = np.where(plan & (rng.random(n) < params.CP_EPO_SHARE), cp_start - random_days(rng, 0, 14, n), NO_DATE)

    # looked after
    emergency = rng.random(n) < params.EMERGENCY_ENTRY_SHARE
    delay = np.where(emergency, random_days(rng, 0, 7, n), random_days(rng, 20, 270, n))
    cla_start = np.where(path == "D", referral + delay, np.where(to_care, care_from_plan, NO_DATE))
    cla_start = np.where(cla_start < NO_DATE, np.maximum(cla_start, birth), NO_DATE)
    too_old = (cla_start < NO_DATE) & (cla_start >= birthday_18 - 14)
    cla_start = np.where(too_old, NO_DATE, cla_start)
    in_care = cla_start < NO_DATE
    cp_end = np.where(to_care & in_care, np.minimum(cp_end, cla_start), cp_end)
    out["cp_start"], out["cp_end"] = cp_start, cp_end
    exit_ = care_exit(rng, cla_start, birth, birthday_18, c["uasc"])
    for key, value in exit_.items():
        out[key] = value
    out["entry_kind"] = np.where(in_care, np.where((path == "D") & emergency, "emergency", "planned"), None)
    out["cla_start"] = cla_start

    # closure of the episode: at the assessment (A), after a child in need plan (B, and conferences
    # without a plan), after the plan and any step-down (C), or after care (D)
    cin_plan = _mixture_days(rng, params.CIN_PLAN_DAYS, n)
    enquiry_done = np.where(out["s47_outcome"] < NO_DATE, out["s47_outcome"], authorised)
    closure = np.where(path == "A", authorised, np.maximum(authorised, enquiry_done) + cin_plan)
    reason = np.where(path == "A", np.where(rng.random(n) < 0.7, "RC8", "RC9"),
                      pick(rng, {"RC7": 88, "RC5": 6, "RC3": 4, "RC4": 2}, n)).astype(object)
    after_plan = np.where(rng.random(n) < params.STEP_DOWN_AFTER_PLAN, random_days(rng, 30, 270, n), 0)
    closure = np.where(plan & ~in_care, np.maximum(authorised, cp_end) + after_plan, closure)
    reason = np.where(plan & ~in_care, np.where(rng.random(n) < 0.9, "RC7", "RC5"), reason)
    cla_end, cla_reason = out["cla_end"], out["cla_reason"]
    care_reason = np.select(
        [np.isin(cla_reason, ["E11", "E12"]), np.isin(cla_reason, ["E45", "E46", "E47", "E48"]),
         cla_reason == "E41", cla_reason == "E2", cla_reason == "E3", cla_reason == "E7"],
        ["RC1", "RC4", "RC3", "RC2", "RC5", "RC6"], "RC7").astype(object)
    home = np.isin(cla_reason, ["E4A", "E4B", "E13"])
    after_care = np.where(home & (rng.random(n) < 0.7), random_days(rng, 30, 270, n), 0)
    closure = np.where(in_care, cla_end + after_care, closure)
    reason = np.where(in_care, care_reason, reason)
    # never after the 18th birthday, never before the assessment started or was authorised
    out["closure"] = np.maximum(np.minimum(closure, birthday_18), np.maximum(start, authorised))
    out["closure_reason"] = reason
    return out


def _mixture_days(rng: np.random.Generator, mixture, size: int) -> np.ndarray:
    shares = np.array([share for share, _, _ in mixture])
    component = rng.choice(len(mixture), size=size, p=shares / shares.sum())
    days = np.zeros(size, dtype="int64")
    for i, (_, median, sigma) in enumerate(mixture):
        days = np.where(component == i, lognormal_days(rng, median, sigma, size), days)
    return days


def care_exit(rng: np.random.Generator, start: np.ndarray, birth: np.ndarray, birthday_18: np.ndarray,
              uasc: np.ndarray) -> dict[str, np.ndarray]:
    """How and when each care episode ends (NO_DATE start: no episode), with adoption milestones."""
    n = len(start)
    in_care = start < NO_DATE
    age = completed_years(birth, np.where(in_care, start, birth))
    band = np.select([age < 1, age < 5, age < 10, age < 14, age < 16], ["0", "1-4", "5-9", "10-13", "14-15"],
                     "16-17").astype(object)
    band = np.where(uasc, "uasc", band)
    route = np.empty(n, dtype=object)
    for key, weights in params.CARE_EXIT_BY_AGE.items():
        rows = band == key
        route[rows] = pick(rng, weights, int(rows.sum()))
    reason = np.empty(n, dtype=object)
    end = np.full(n, NO_DATE, dtype="int64")

    rows = route == "home"
    end = np.where(rows, start + lognormal_days(rng, params.HOME_MEDIAN_DAYS, params.HOME_SPREAD, n), end)
    reason = np.where(rows, pick(rng, params.HOME_REASON, n), reason)
    rows = route == "sgo"
    end = np.where(rows, start + lognormal_days(rng, params.SGO_MEDIAN_DAYS, params.SGO_SPREAD, n), end)
    reason = np.where(rows, pick(rng, params.SGO_REASON, n), reason)
    rows = route == "long"
    end = np.where(rows, birthday_18, end)
    rows = route == "early16"
    end = np.where(rows, np.maximum(start + 30, add_years(birth, 16) + random_days(rng, 0, 700, n)), end)
    reason = np.where(rows, pick(rng, params.EARLY_16_REASON, n), reason)
    rows = route == "other"
    remand = rows & (age >= 12) & (rng.random(n) < params.REMAND_SHARE_OF_TEEN_OTHER)
    other_reason = pick(rng, params.OTHER_REASON, n)
    other_reason = np.where((age < 12) & np.isin(other_reason, ["E9", "E14"]), "E8", other_reason)
    other_reason = np.where(~remand & (other_reason == "E14"), "E8", other_reason)
    other_reason = np.where(remand, "E14", other_reason)
    end = np.where(rows, start + lognormal_days(rng, params.OTHER_MEDIAN_DAYS, params.OTHER_SPREAD, n), end)
    reason = np.where(rows, other_reason, reason)
    rows = route == "uasc_age"
    end = np.where(rows, start + random_days(rng, 10, 120, n), end)
    reason = np.where(rows, "E15", reason)

    # adoption: decision, placement order, matching, placement, order (or a reversed decision)
    adopt = route == "adopt"
    decision = start + random_days(rng, 90, 240, n)
    placement_order = decision + random_days(rng, 30, 150, n)
    matching = placement_order + random_days(rng, 60, 300, n)
    placed = matching + random_days(rng, 7, 42, n)
    order = placed + random_days(rng, 120, 330, n)
    ffa = adopt & (rng.random(n) < params.ADOPTION_FFA_SHARE)
    ffa_date = np.where(ffa, np.minimum(decision + random_days(rng, 0, 20, n), placement_order - 1), NO_DATE)
    reversed_ = adopt & (rng.random(n) < params.ADOPTION_REVERSED_SHARE)
    reversal = np.minimum(decision + random_days(rng, 100, 400, n), matching - 10)
    reversal_reason = pick(rng, params.REVERSAL_REASON, n)
    placement_order = np.where(reversed_ & ((reversal_reason == "RD2") | (placement_order >= reversal)),
                               NO_DATE, placement_order)
    after_reversal_long = rng.random(n) < 0.4
    end = np.where(adopt, np.where(reversed_, np.where(after_reversal_long, birthday_18,
                                                       reversal + random_days(rng, 120, 400, n)), order), end)
    reason = np.where(adopt, np.where(reversed_, np.where(rng.random(n) < 0.5, "E45", "E47"),
                                      pick(rng, params.ADOPTION_REASON, n)), reason)
    route = np.where(reversed_ & after_reversal_long, "long", route)

    # nobody is looked after past their 18th birthday
    at_18 = end >= birthday_18
    end = np.where(at_18, birthday_18, end)
    reason = np.where(at_18 | (route == "long"), pick(rng, params.AGE_18_REASON, n), reason)
    route = np.where(at_18 & ~adopt, "long", route)
    adoption_dates = {
        "adoption_decision": np.where(adopt, decision, NO_DATE),
        "placement_order": np.where(adopt, placement_order, NO_DATE),
        "matching": np.where(adopt & ~reversed_, matching, NO_DATE),
        "placed_for_adoption": np.where(adopt & ~reversed_, placed, NO_DATE),
        "ffa": ffa_date,
        "adoption_reversal": np.where(reversed_, reversal, NO_DATE),
        "reversal_reason": np.where(reversed_, reversal_reason, None),
    }
    # an adoption that would complete after 18 does not happen: such children are not adopted
    too_late = adopt & ~reversed_ & (order >= birthday_18)
    for key in ("matching", "placed_for_adoption"):
        adoption_dates[key] = np.where(too_late, NO_DATE, adoption_dates[key])
    return {
        "cla_end": np.where(in_care, end, NO_DATE),
        "cla_reason": np.where(in_care, reason, None),
        "route": np.where(in_care, route, None),
        "remand": in_care & remand,
        **{key: np.where(in_care, value, NO_DATE if value.dtype != object else None)
           for key, value in adoption_dates.items()},
    }
