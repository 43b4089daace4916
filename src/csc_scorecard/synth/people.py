"""Fictional people and places: children's attributes, staff and team names, postcodes, ids.

Everything here is visibly made up: child ids are `SYN` + digits, staff surnames are invented
place-like words, postcodes use the non-geographic `ZZ` area. Draws are vectorised and come
from the generator's one seeded numpy Generator, so a seed fixes every name.
"""

from __future__ import annotations

import numpy as np

from csc_scorecard.synth import params
from csc_scorecard.synth.days import add_years

FIRST_NAMES = (
    "Alex", "Amira", "Ben", "Callum", "Chloe", "Dan", "Elif", "Erin", "Faye", "Gareth", "Hana",
    "Imran", "Jade", "Kieran", "Lena", "Marcus", "Nadia", "Owen", "Priya", "Quinn", "Rosa",
    "Sam", "Tariq", "Una", "Vik", "Wendy", "Yusuf", "Zoe",
)
INVENTED_SURNAMES = (
    "Ashbrook", "Bramblewick", "Cindervale", "Dunmarrow", "Elderholt", "Fernwhistle", "Glimmerby",
    "Hollowmere", "Ivyreach", "Juniperly", "Kestlewood", "Larkspindle", "Mistlebury", "Nettlecombe",
    "Oakenshaw", "Pebblestone", "Quillfeather", "Rookhaven", "Sorrelby", "Thistlemoor", "Umberfield",
    "Vellichor", "Wrenthorpe", "Yarrowdale",
)
EARLY_HELP_ORGANISATIONS = (
    "Early Help Locality 1", "Early Help Locality 2", "Early Help Locality 3", "Family Hub North",
    "Family Hub South", "Brightwater Primary School", "Kestlewood Academy", "Meadowmere High School",
    "Oakenshaw Children's Centre", "Youth Support Service",
)

TEAM_KINDS = {
    "front_door": ("Front Door Team", 1, 12),  # (name, how many teams, workers per team)
    "assessment": ("Assessment Team", 4, 8),
    "safeguarding": ("Safeguarding Team", 5, 8),
    "disability": ("Children with Disabilities Team", 1, 8),
    "in_care": ("Children in Care Team", 3, 8),
    "leaving_care": ("Leaving Care Team", 1, 10),
}


def pick(rng: np.random.Generator, weights: dict, size: int) -> np.ndarray:
    """`size` keys of `weights`, drawn with probability proportional to their weights."""
    keys = np.array(list(weights.keys()), dtype=object)
    probabilities = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=size, p=probabilities / probabilities.sum())]


def random_days(rng: np.random.Generator, low: int | np.ndarray, high: int | np.ndarray, size: int) -> np.ndarray:
    """Whole days uniformly in [low, high] (inclusive)."""
    low = np.asarray(low, dtype="int64")
    high = np.maximum(np.asarray(high, dtype="int64"), low)
    return low + np.floor(rng.random(size) * (high - low + 1)).astype("int64")


def lognormal_days(rng: np.random.Generator, median: float, sigma: float, size: int) -> np.ndarray:
    return np.maximum(1, np.round(rng.lognormal(np.log(median), sigma, size))).astype("int64")


class Staff:
    """Team names and the fictional workers in each team, scaled with the LA."""

    def __init__(self, rng: np.random.Generator, scale: float) -> None:
        grow = max(1, int(np.ceil(scale)))
        self.teams: dict[str, np.ndarray] = {}
        self.workers: dict[str, np.ndarray] = {}
        for kind, (name, count, per_team) in TEAM_KINDS.items():
            teams = count * grow if count > 1 else count
            team_names = [name] if teams == 1 else [f"{name} {i}" for i in range(1, teams + 1)]
            size = per_team * teams * (1 if count > 1 else grow)
            self.teams[kind] = np.array(team_names, dtype=object)
            self.workers[kind] = person_names(rng, size)
        self.personal_advisers = person_names(rng, 10 * grow)

    def assign(self, rng: np.random.Generator, kind: str, size: int) -> tuple[np.ndarray, np.ndarray]:
        """A team and one of its workers for each of `size` pieces of work."""
        teams, workers = self.teams[kind], self.workers[kind]
        team_index = rng.integers(0, len(teams), size)
        per_team = len(workers) // len(teams)
        worker_index = team_index * per_team + rng.integers(0, per_team, size)
        return teams[team_index], workers[worker_index]


def person_names(rng: np.random.Generator, size: int) -> np.ndarray:
    """Distinct fictional names (first name + invented surname)."""
    pairs = [f"{first} {last}" for first in FIRST_NAMES for last in INVENTED_SURNAMES]
    chosen = rng.choice(len(pairs), size=min(size, len(pairs)), replace=False)
    names = np.array(pairs, dtype=object)[chosen]
    return np.resize(names, size)


def postcodes(rng: np.random.Generator, size: int) -> np.ndarray:
    """Postcode-shaped but not real: the non-geographic `ZZ` area, e.g. `ZZ47 3XB`."""
    letters = np.array(list("ABDEFGHJLNPQRSTUWXYZ"), dtype=object)
    district = rng.integers(10, 100, size).astype(str).astype(object)
    sector = rng.integers(0, 10, size).astype(str).astype(object)
    unit = letters[rng.integers(0, len(letters), size)] + letters[rng.integers(0, len(letters), size)]
    return "ZZ" + district + " " + sector + unit


def home_urns(rng: np.random.Generator, size: int) -> np.ndarray:
    """Ofsted-URN-shaped references for children's homes, from an unused `SC9` range."""
    return "SC9" + np.char.zfill(rng.integers(0, 100_000, size).astype(str), 5).astype(object)


class Children:
    """The growing register of children: attributes drawn when a child first appears."""

    def __init__(self) -> None:
        self._parts: list[dict[str, np.ndarray]] = []
        self.count = 0
        self._cache: dict[str, np.ndarray] | None = None

    def add(self, rng: np.random.Generator, first_seen: np.ndarray, uasc_allowed: bool = True,
            ages: np.ndarray | None = None) -> np.ndarray:
        """New children first seen on `first_seen`; returns their indices in the register.

        Ages follow AGE_AT_FIRST_REFERRAL unless given (completed years); a share are unborn.
        """
        size = len(first_seen)
        if ages is None:
            ages = pick(rng, params.AGE_AT_FIRST_REFERRAL, size).astype("int64")
        age_days = np.floor((ages + rng.random(size)) * 365.25).astype("int64")
        birth = first_seen - age_days
        unborn = rng.random(size) < params.UNBORN_SHARE
        birth = np.where(unborn, first_seen + random_days(rng, 14, 160, size), birth)
        gender = pick(rng, params.GENDER, size)
        gender = np.where(unborn & (rng.random(size) < 0.6), "Not stated", gender)
        ethnicity = pick(rng, params.ETHNICITY, size)
        disability = pick(rng, params.DISABILITY, size)
        uasc = uasc_allowed & ~unborn & (ages >= 15) & (rng.random(size) < params.UASC_SHARE_OF_NEW_TEENS)
        gender = np.where(uasc & (rng.random(size) < 0.92), "Male", gender)
        ethnicity = np.where(uasc, pick(rng, params.UASC_ETHNICITY, size), ethnicity)
        disability = np.where(uasc, "No", disability)
        self._parts.append(
            {
                "birth": birth,
                "gender": gender,
                "ethnicity": ethnicity,
                "disability": disability,
                "uasc": uasc,
                "plans_elsewhere": pick(rng, params.PLANS_ELSEWHERE, size).astype("int64"),
            }
        )
        self._cache = None
        index = np.arange(self.count, self.count + size)
        self.count += size
        return index

    def column(self, name: str) -> np.ndarray:
        if self._cache is None:
            self._cache = {key: np.concatenate([part[key] for part in self._parts]) for key in self._parts[0]}
            self._cache["birthday_18"] = add_years(self._cache["birth"], 18)
        return self._cache[name]


def child_ids(index: np.ndarray) -> np.ndarray:
    """`SYN` + seven digits: unmistakably synthetic."""
    return "SYN" + np.char.zfill((np.asarray(index) + 1).astype(str), 7).astype(object)
