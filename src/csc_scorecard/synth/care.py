"""Life in care: the detail of each looked-after episode, care leavers, adoption and adopters.

Given the episodes the case simulation produced (start, end, reason, route), this adds what
Annex A List 8-11 report: legal statuses over time, the placements and their moves, missing and
absent episodes, the regular events (reviews, visits, health and dental checks) as schedules,
short-break episodes of disabled children, care leavers' changing circumstances, adoption
milestones and the adopters' journey. Every table is built with array operations.

A schedule is a first day and an interval: the events fall on `first + k * every` (k >= 0) while
the episode lasts, so the last one on or before any date is one division away.
"""

from __future__ import annotations

import numpy as np

from csc_scorecard.synth import params
from csc_scorecard.synth.days import NO_DATE, add_years, completed_years
from csc_scorecard.synth.people import Staff, home_urns, pick, postcodes, random_days


def short_break_episodes(rng: np.random.Generator, cases: dict[str, np.ndarray], disabled: np.ndarray,
                         keep_from: int, last: int) -> dict[str, np.ndarray]:
    """Short breaks for some disabled children with a long CIN plan: V3 stays or V4 agreements."""
    open_long = ((cases["path"] == "B") & (cases["need"] == "N2") & disabled
                 & (np.minimum(cases["closure"], last) - cases["assessment_authorised"] > 180)
                 & (np.minimum(cases["closure"], last) >= keep_from))
    chosen = np.flatnonzero(open_long & (rng.random(len(open_long)) < params.SHORT_BREAK_SHARE_OF_DISABLED_CIN))
    first = cases["assessment_authorised"][chosen] + random_days(rng, 20, 90, len(chosen))
    stop = np.minimum(cases["closure"][chosen], last + 366)
    v3 = rng.random(len(chosen)) < 0.5
    every = np.where(v3, random_days(rng, 26, 35, len(chosen)), 365)
    count = np.maximum(0, (stop - first) // every)
    case = np.repeat(chosen, count)
    k = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    start = np.repeat(first, count) + k * np.repeat(every, count)
    is_v3 = np.repeat(v3, count)
    length = np.where(is_v3, random_days(rng, 1, 3, len(case)), 364)
    end = np.minimum(start + length, np.repeat(stop, count))
    keep = (end >= keep_from) & (end > start)
    return {
        "case": case[keep],
        "start": start[keep],
        "end": end[keep],
        "legal_status": np.where(is_v3[keep], "V3", "V4").astype(object),
    }


def placements(rng: np.random.Generator, episodes: dict[str, np.ndarray], last: int, la_name: str
               ) -> dict[str, np.ndarray]:
    """Every placement of every episode: the first on the day care starts, then moves."""
    n = len(episodes["start"])
    start, end, birth = episodes["start"], episodes["end"], episodes["birth"]
    short = episodes["short_break"]
    span_end = np.minimum(end, last)
    years = np.maximum(0, span_end - start) / 365.25
    age = completed_years(birth, start)
    band = np.select([age <= 10, age <= 15], ["0-10", "11-15"], "16-17").astype(object)
    rate = np.array([params.PLACEMENT_MOVES_PER_YEAR[b] for b in band])
    moves = np.where(short, 0, np.minimum(rng.poisson(rate * years + 0.3), 20))
    adopt_from = np.minimum(episodes["ffa"], episodes["placed_for_adoption"])
    episode = np.repeat(np.arange(n), moves)
    low = np.repeat(start + 1, moves)
    high = np.repeat(np.minimum(span_end, adopt_from - 1), moves)
    move_day = low + np.floor(rng.random(len(episode)) * np.maximum(0, high - low)).astype("int64")
    valid = high > low
    episode, move_day = episode[valid], move_day[valid]
    kind = np.full(len(episode), "move", dtype=object)
    # the first placement, then the adoption-route placements
    ffa = episodes["ffa"] < NO_DATE
    placed = episodes["placed_for_adoption"] < NO_DATE
    episode = np.concatenate([np.arange(n), np.flatnonzero(ffa), np.flatnonzero(placed), episode])
    move_day = np.concatenate([start, episodes["ffa"][ffa], episodes["placed_for_adoption"][placed], move_day])
    kind = np.concatenate([np.full(n, "first", dtype=object), np.full(int(ffa.sum()), "ffa", dtype=object),
                           np.full(int(placed.sum()), "adoption", dtype=object), kind])
    order = np.lexsort((move_day, episode))
    episode, move_day, kind = episode[order], move_day[order], kind[order]
    distinct = np.ones(len(episode), dtype=bool)
    distinct[1:] = (episode[1:] != episode[:-1]) | (move_day[1:] != move_day[:-1])
    episode, move_day, kind = episode[distinct], move_day[distinct], kind[distinct]
    count = len(episode)

    placement_age = completed_years(birth[episode], move_day)
    placement_band = np.select([placement_age <= 10, placement_age <= 15], ["0-10", "11-15"], "16-17").astype(object)
    placement_type = np.empty(count, dtype=object)
    for key, weights in params.PLACEMENT_TYPE_BY_AGE.items():
        rows = placement_band == key
        placement_type[rows] = pick(rng, weights, int(rows.sum()))
    placement_type = np.where(short[episode], np.where(rng.random(count) < 0.6, "U6", "K2"), placement_type)
    placement_type = np.where(episodes["remand"][episode] & (kind == "first"),
                              pick(rng, {"K1": 30, "U6": 40, "K2": 30}, count), placement_type)
    with_order = episodes["placement_order"][episode] < NO_DATE
    from_foster_carer = ffa[episode]
    adoptive = np.where(with_order, np.where(from_foster_carer, "A5", "A6"), np.where(from_foster_carer, "A3", "A4"))
    placement_type = np.where(kind == "adoption", adoptive, placement_type)
    placement_type = np.where(kind == "ffa", "U5", placement_type)
    provider = np.empty(count, dtype=object)
    for key, weights in params.PROVIDER_BY_TYPE.items():
        rows = placement_type == key
        provider[rows] = pick(rng, weights, int(rows.sum()))
    urn = np.where(np.isin(placement_type, list(params.HOMES_WITH_URN)), home_urns(rng, count), None)
    out_share = np.array([params.OUT_OF_AREA_SHARE.get(t, params.OUT_OF_AREA_DEFAULT) for t in placement_type])
    out = (rng.random(count) < out_share) & (placement_type != "P1")
    area = np.where(out, pick(rng, params.OTHER_PLACEMENT_AREAS, count), la_name)
    area = np.where(out & (rng.random(count) < params.CONFIDENTIAL_PLACEMENT_SHARE), "CON", area)
    ends = np.append(move_day[1:], NO_DATE)
    ends = np.where(np.append(episode[1:] != episode[:-1], True), end[episode], ends)
    return {
        "episode": episode,
        "start": move_day,
        "end": ends,
        "placement_type": placement_type,
        "placement_provider": provider,
        "placement_postcode": postcodes(rng, count),
        "placement_urn": urn,
        "placement_location": np.where(out, "Out", "In").astype(object),
        "placement_la": area,
    }


def legal_statuses(rng: np.random.Generator, episodes: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each episode's legal statuses in time order (interim order, then full order, ...)."""
    n = len(episodes["start"])
    start, end = episodes["start"], episodes["end"]
    first = np.where(episodes["entry_kind"] == "emergency", pick(rng, params.INITIAL_LEGAL_STATUS["emergency"], n),
                     pick(rng, params.INITIAL_LEGAL_STATUS["planned"], n))
    first = np.where(episodes["uasc"], "V2", first)
    first = np.where(episodes["remand"], "J1", first)
    first = np.where(episodes["short_break"], episodes["short_break_status"], first)
    protection = np.isin(first, ["L1", "L2"])
    second = np.where(protection, np.where(rng.random(n) < 0.7, "C1", "V2"),
                      np.where(first == "C1", "C2", np.where((first == "V2") & (rng.random(n) < 0.15), "C1", None)))
    second_day = np.where(protection, start + random_days(rng, 1, 8, n),
                          np.where(first == "C1", start + random_days(rng, 150, 300, n),
                                   start + random_days(rng, 30, 200, n)))
    third = np.where((second == "C1") & ~(first == "C1"), "C2", None)
    third_day = second_day + random_days(rng, 150, 300, n)
    placement_order = episodes["placement_order"]
    # a placement order replaces the care order: no full care order is dated after it
    second = np.where((second == "C2") & (second_day >= placement_order), None, second)
    third = np.where((third == "C2") & (third_day >= placement_order), None, third)
    fourth = np.where(placement_order < NO_DATE, "E1", None)
    episode = np.concatenate([np.arange(n)] * 4)
    day = np.concatenate([start, second_day, third_day, placement_order])
    code = np.concatenate([first, second, third, fourth])
    keep = (code != None) & (day < np.concatenate([end] * 4)) & (day >= np.concatenate([start] * 4))  # noqa: E711
    episode, day, code = episode[keep], day[keep], code[keep]
    order = np.lexsort((day, episode))  # stable: of two statuses on one day, the later one wins
    episode, day, code = episode[order], day[order], code[order]
    last_of_day = np.append((episode[1:] != episode[:-1]) | (day[1:] != day[:-1]), True)
    return {"episode": episode[last_of_day], "start": day[last_of_day], "legal_status": code[last_of_day]}


def missing_episodes(rng: np.random.Generator, episodes: dict[str, np.ndarray], keep_from: int, last: int
                     ) -> dict[str, np.ndarray]:
    """Missing and absent episodes from `keep_from` (earlier ones are never reported)."""
    n = len(episodes["start"])
    low = np.maximum(episodes["start"], keep_from)
    high = np.minimum(episodes["end"], last)
    years = np.maximum(0, high - low) / 365.25
    age = completed_years(episodes["birth"], low)
    prone_share = np.where(age >= 11, params.MISSING_PRONE_SHARE["11+"],
                           np.where(age >= 5, params.MISSING_PRONE_SHARE["5-10"], 0.0))
    prone_share = np.where(episodes["short_break"], 0.0, prone_share)
    missing_rate = np.where(rng.random(n) < prone_share, params.MISSING_PER_YEAR_PRONE, 0.02 * (age >= 5))
    absent_rate = np.where((age >= 11) & (rng.random(n) < params.ABSENT_PRONE_SHARE_11_PLUS),
                           params.ABSENT_PER_YEAR_PRONE, 0.005 * (age >= 5))
    absent_rate = np.where(episodes["short_break"], 0.0, absent_rate)
    parts = []
    for kind, rate in (("missing", missing_rate), ("absent", absent_rate)):
        count = rng.poisson(rate * years)
        episode = np.repeat(np.arange(n), count)
        spread = np.repeat(high - low + 1, count)
        day = np.repeat(low, count) + np.floor(rng.random(len(episode)) * spread).astype("int64")
        parts.append((episode, day, np.full(len(episode), kind, dtype=object)))
    episode = np.concatenate([p[0] for p in parts])
    day = np.concatenate([p[1] for p in parts])
    kind = np.concatenate([p[2] for p in parts])
    order = np.lexsort((day, episode))
    episode, day, kind = episode[order], day[order], kind[order]
    count = len(episode)
    offered = np.where(kind == "missing", pick(rng, params.RETURN_INTERVIEW_OFFERED, count), None)
    accepted = np.where(offered == "Yes", pick(rng, params.RETURN_INTERVIEW_ACCEPTED, count),
                        np.where(offered == "No", "No", np.where(offered == "Unknown", "Unknown", None)))
    return {"episode": episode, "date": day, "kind": kind, "return_interview_offered": offered,
            "return_interview_accepted": accepted}


def schedules(rng: np.random.Generator, start: np.ndarray, birth: np.ndarray, short_break: np.ndarray
              ) -> dict[str, np.ndarray]:
    """First day and interval of each episode's reviews, visits and health and dental checks."""
    n = len(start)
    under_5 = completed_years(birth, start) < 5
    on_time = rng.random(n) < params.HEALTH_ON_TIME_SHARE
    health_every = np.where(under_5, np.where(on_time, random_days(rng, 150, 182, n), random_days(rng, 190, 260, n)),
                            np.where(on_time, random_days(rng, 300, 365, n), random_days(rng, 370, 520, n)))
    health_first = start + random_days(rng, 10, 60, n)
    health_first = np.where(rng.random(n) < 0.02, NO_DATE, health_first)  # never assessed (refused)
    dental_on_time = rng.random(n) < params.DENTAL_ON_TIME_SHARE
    dental_every = np.where(dental_on_time, random_days(rng, 150, 365, n), random_days(rng, 380, 600, n))
    dental_first = start + random_days(rng, 20, 200, n)
    dental_first = np.where(rng.random(n) < params.DENTAL_NEVER_SHARE, NO_DATE, dental_first)
    none = np.where(short_break, NO_DATE, 0)  # short-break stays have none of these
    return {
        "review_first": np.maximum(start + 28 + random_days(rng, -3, 7, n), none),
        "visit_first": np.maximum(start + random_days(rng, 1, 7, n), none),
        "visit_every": random_days(rng, 35, 42, n),
        "iro_first": np.maximum(start + random_days(rng, 20, 40, n), none),
        "iro_every": random_days(rng, 80, 100, n),
        "health_first": np.maximum(health_first, none),
        "health_every": health_every,
        "dental_first": np.maximum(dental_first, none),
        "dental_every": dental_every,
    }


def care_leavers(rng: np.random.Generator, episodes: dict[str, np.ndarray], keep_from: int, last: int,
                 staff: Staff) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Young people entitled to leaving-care support, and their circumstances over time.

    Entitled: left care (not a short break) aged 16 or over, except by adoption, death, a return
    home to parents (E4A, E4B), transfer to another LA, moving abroad or an age assessment finding
    them adults. Care of at least 13
    weeks makes them relevant (under 18) or former relevant (18+); shorter care, or a special
    guardianship order, makes them qualifying care leavers. One row per leaving: an extract
    shows a young person's latest leaving on or before its date.
    """
    end, birth = episodes["end"], episodes["birth"]
    ended = (end < NO_DATE) & ~episodes["short_break"]
    age_at_leaving = completed_years(birth, np.where(ended, end, birth))
    excluded = np.isin(episodes["reason"], ["E2", "E3", "E4A", "E4B", "E11", "E12", "E15", "E16"])
    entitled = ended & (age_at_leaving >= 16) & ~excluded & (add_years(birth, 22) > keep_from) & (end <= last)
    rows = np.flatnonzero(entitled)
    rows = rows[np.lexsort((end[rows], episodes["child"][rows]))]
    count = len(rows)
    special_guardianship = np.isin(episodes["reason"][rows], ["E45", "E46", "E47", "E48"])
    qualifying = ((end[rows] - episodes["start"][rows]) < 91) | special_guardianship
    team, worker = staff.assign(rng, "leaving_care", count)
    adviser = staff.personal_advisers[rng.integers(0, len(staff.personal_advisers), count)]
    leavers = {
        "child": episodes["child"][rows],
        "left_care_date": end[rows],
        "qualifying": qualifying,
        "allocated_team": team,
        "allocated_worker": worker,
        "personal_advisor": np.where(rng.random(count) < 0.05, None, adviser),
        "pathway_first": end[rows] + random_days(rng, 0, 60, count),
        "contact_first": end[rows] + random_days(rng, 0, 20, count),
        "contact_every": random_days(rng, 30, 75, count),
    }
    # circumstances: recorded when they leave care, then every few months until 22
    until = np.minimum(add_years(birth[rows], 22), last + 1)
    changes = np.maximum(1, (until - end[rows]) // 160 + 1)
    leaver = np.repeat(np.arange(count), changes)
    step = np.arange(changes.sum()) - np.repeat(np.cumsum(changes) - changes, changes)
    jitter = np.floor(rng.random(len(leaver)) * 80).astype("int64") * (step > 0)
    day = np.repeat(end[rows], changes) + step * 120 + jitter
    keep = (day < np.repeat(until, changes)) | (step == 0)
    leaver, step, day = leaver[keep], step[keep], day[keep]
    size = len(leaver)
    in_touch = pick(rng, params.IN_TOUCH, size)
    dies = rng.random(count) < params.CARE_LEAVER_DEATH_SHARE
    death_step = np.where(dies, rng.integers(1, np.maximum(2, changes), count), 10**6)
    died = step == death_step[leaver]
    after_death = step > death_step[leaver]
    in_touch = np.where(died, "Died", in_touch)
    age = completed_years(birth[rows][leaver], day)
    accommodation = pick(rng, params.ACCOMMODATION, size)
    lost = np.isin(in_touch, ["No", "Refu"])
    accommodation = np.where(lost & (rng.random(size) < 0.5), "R", accommodation)
    accommodation = np.where(age < 18, np.where(rng.random(size) < 0.5, "D", accommodation), accommodation)
    unsuitable_share = np.array([params.UNSUITABLE_SHARE.get(a, params.UNSUITABLE_SHARE_DEFAULT)
                                 for a in accommodation])
    suitability = np.where(rng.random(size) < unsuitable_share, "Unsuitable", "Suitable").astype(object)
    suitability = np.where(accommodation == "R", None, suitability)
    activity = np.where(age < 19, pick(rng, params.ACTIVITY_UNDER_19, size), pick(rng, params.ACTIVITY_19_PLUS, size))
    activity = np.where(lost & (rng.random(size) < 0.5), None, activity)
    gone = died
    statuses = {
        "leaver": leaver[~after_death],
        "date": day[~after_death],
        "in_touch": in_touch[~after_death],
        "accommodation_type": np.where(gone, None, accommodation)[~after_death],
        "accommodation_suitability": np.where(gone, None, suitability)[~after_death],
        "activity_status": np.where(gone, None, activity)[~after_death],
    }
    return leavers, statuses


def adopters(rng: np.random.Generator, matched: dict[str, np.ndarray], first: int, last: int,
             scale: float) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Adopter families and their members: one family per matched child, plus families never matched.

    Returns the adopters table (one row per individual) and each matched child's family id.
    """
    matches = len(matched["matching"])
    unmatched = rng.poisson(params.UNREGISTERED_ADOPTER_FAMILIES_PER_MATCH * max(matches, 4 * scale))
    families = matches + unmatched
    family_id = (90_000_000 + rng.choice(9_000_000, size=families, replace=False) + 1).astype(str).astype(object)
    # matched families: dates back from the match
    approved = matched["matching"] - random_days(rng, 20, 200, matches)
    enquiry_m = approved - random_days(rng, 220, 330, matches)
    # unmatched families: enquiries spread over the history
    enquiry_u = random_days(rng, first, last, unmatched)
    enquiry = np.concatenate([enquiry_m, enquiry_u])
    stage1_start = enquiry + random_days(rng, 14, 60, families)
    stage1_end = stage1_start + random_days(rng, 45, 75, families)
    stage2_start = stage1_end + random_days(rng, 0, 30, families)
    stage2_end = stage2_start + random_days(rng, 100, 140, families)
    is_matched = np.arange(families) < matches
    approved_padded = np.concatenate([approved, np.zeros(unmatched, dtype="int64")])
    stage2_end = np.where(is_matched, np.maximum(approved_padded, stage2_start + 30), stage2_end)
    approved_all = stage2_end
    outcome = np.where(is_matched, "matched", pick(rng, {"stage1": 35, "stage2": 20, "approved": 45}, families))
    left = np.select(
        [outcome == "stage1", outcome == "stage2", outcome == "approved"],
        [stage1_start + random_days(rng, 10, 50, families), stage2_start + random_days(rng, 10, 90, families),
         approved_all + random_days(rng, 200, 700, families)],
        NO_DATE,
    )
    left_reason = np.where(outcome == "stage1", pick(rng, {"1": 70, "2": 20, "3": 10}, families),
                           np.where(outcome == "stage2", pick(rng, {"1": 50, "2": 20, "3": 30}, families),
                                    np.where(outcome == "approved", pick(rng, {"1": 60, "2": 40}, families), None)))
    stage1_end = np.where(outcome == "stage1", NO_DATE, stage1_end)
    stage2_start = np.where(outcome == "stage1", NO_DATE, stage2_start)
    stage2_end = np.where(np.isin(outcome, ["stage1", "stage2"]), NO_DATE, stage2_end)
    approved_all = np.where(np.isin(outcome, ["stage1", "stage2"]), NO_DATE, approved_all)
    matched_day = np.concatenate([matched["matching"], np.full(unmatched, NO_DATE)])
    placed_day = np.concatenate([matched["placed_for_adoption"], np.full(unmatched, NO_DATE)])
    order_day = np.concatenate([matched["adoption_order"], np.full(unmatched, NO_DATE)])
    ffa = np.concatenate([matched["ffa"] < NO_DATE, np.zeros(unmatched, dtype=bool)])
    # one or two adopters per family
    size = np.where(rng.random(families) < 0.8, 2, 1)
    family = np.repeat(np.arange(families), size)
    member = np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size)
    people = len(family)
    couple_kind = pick(rng, {"MF": 80, "FF": 10, "MM": 10}, families)[family]
    gender = np.where(np.repeat(size, size) == 1, np.where(rng.random(people) < 0.8, "Female", "Male"),
                      np.where(couple_kind == "MF", np.where(member == 0, "Female", "Male"),
                               np.where(couple_kind == "FF", "Female", "Male")))
    table = {
        "adopter_id": ("SYNA" + np.char.zfill((rng.permutation(people) + 1).astype(str), 6)).astype(object),
        "family_id": family_id[family],
        "gender": gender.astype(object),
        "ethnicity": pick(rng, params.ETHNICITY, people),
        "disability": pick(rng, {"No": 95, "Yes": 4, "Unknown": 1}, people),
        "fostering_for_adoption": np.where(ffa[family], "Yes", "No").astype(object),
        "enquiry_date": enquiry[family],
        "stage1_start_date": stage1_start[family],
        "stage1_end_date": stage1_end[family],
        "stage2_start_date": stage2_start[family],
        "stage2_end_date": stage2_end[family],
        "application_submitted_date": stage2_start[family],
        "application_approved_date": approved_all[family],
        "matched_date": matched_day[family],
        "placed_date": placed_day[family],
        "children_placed": np.where(placed_day[family] < NO_DATE, 1, 0),
        "adoption_order_date": order_day[family],
        "left_process_date": left[family],
        "left_process_reason": left_reason[family],
    }
    return table, family_id[:matches]
