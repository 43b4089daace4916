"""The front door and early help: contacts (List 1) and early help assessments (List 2).

Every referral was a contact first (the same day or a few days before, from the same source);
most contacts never become referrals. Contacts about children the LA already knows are drawn
from the register; the rest are children seen for the first time. Early help assessments
follow some cases closed to early help (RC9) and otherwise come to children new to the LA.
Generated only from the first day any extract can show.
"""

from __future__ import annotations

import numpy as np

from csc_scorecard.synth import params
from csc_scorecard.synth.cases import day_weights, sample_days
from csc_scorecard.synth.days import NO_DATE
from csc_scorecard.synth.people import EARLY_HELP_ORGANISATIONS, Children, pick, random_days


def contacts(rng: np.random.Generator, children: Children, referrals: dict[str, np.ndarray], first: int,
             last: int) -> dict[str, np.ndarray]:
    shown = referrals["date"] >= first
    referral_kids = referrals["child"][shown]
    lag = np.where(rng.random(len(referral_kids)) < 0.7, 0,
                   np.where(rng.random(len(referral_kids)) < 0.5, 1, random_days(rng, 2, 7, len(referral_kids))))
    referral_contacts = np.maximum(referrals["date"][shown] - lag, first)

    days, weights = day_weights(first, last)
    referrals_per_year = len(referral_kids) / (weights.sum() / 365.25)
    per_year = referrals_per_year * params.EXTRA_CONTACTS_PER_REFERRAL
    extra_days = sample_days(rng, days, weights, per_year)
    known = rng.random(len(extra_days)) < params.CONTACTS_ABOUT_KNOWN_CHILDREN
    known_kids = rng.integers(0, children.count, int(known.sum()))
    birth = children.column("birth")[known_kids]
    birthday_18 = children.column("birthday_18")[known_kids]
    fits = (birth <= extra_days[known]) & (extra_days[known] < birthday_18)
    new_kids = children.add(rng, extra_days[~known], uasc_allowed=False)
    child = np.concatenate([referral_kids, known_kids[fits], new_kids])
    day = np.concatenate([referral_contacts, extra_days[known][fits], extra_days[~known]])
    source = np.concatenate([referrals["source"][shown], pick(rng, params.SOURCE, int(fits.sum()) + len(new_kids))])
    return {"child": child, "contact_date": day, "contact_source": source}


def early_help(rng: np.random.Generator, children: Children, cases: dict[str, np.ndarray], first: int,
               last: int, scale: float) -> dict[str, np.ndarray]:
    step_down = (cases["closure_reason"] == "RC9") & (cases["closure"] >= first) & (cases["closure"] < last)
    from_cases = np.flatnonzero(step_down & (rng.random(len(step_down)) < 0.6))
    case_kids = cases["child"][from_cases]
    case_start = cases["closure"][from_cases] + random_days(rng, 0, 30, len(from_cases))
    fits = (case_start <= last) & (case_start < children.column("birthday_18")[case_kids])
    case_kids, case_start = case_kids[fits], case_start[fits]

    days, weights = day_weights(first, last)
    others = params.EARLY_HELP_ASSESSMENTS_PER_YEAR * scale * (1 - params.EARLY_HELP_FROM_STEP_DOWN)
    new_start = sample_days(rng, days, weights, others)
    new_kids = children.add(rng, new_start, uasc_allowed=False)
    child = np.concatenate([case_kids, new_kids])
    start = np.concatenate([case_start, new_start])
    size = len(child)
    completion = start + random_days(rng, 10, 90, size)
    completion = np.where(rng.random(size) < 0.06, NO_DATE, completion)  # never completed
    organisations = np.array(EARLY_HELP_ORGANISATIONS, dtype=object)
    organisation = organisations[rng.integers(0, len(organisations), size)]
    return {
        "child": child,
        "eh_assessment_start_date": start,
        "eh_assessment_completion_date": completion,
        "eh_organisation": organisation,
    }
