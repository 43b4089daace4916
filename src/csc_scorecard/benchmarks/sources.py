"""Where each scorecard measure's published counterpart comes from, per release (data, not ifs).

This is spec/benchmarks.md "Source of each benchmark" as a table: for every release, each
measure names its table, the rows (filters) and how the value is obtained:
- `Published(column)`: the figure as DfE published it;
- `PerPopulation(count)`: a count divided by the ONS 0-17 population the release used, x 10,000,
  for releases that publish counts without rates;
- `Percentage(numerators, denominator)`: a percentage of published counts.
A measure mapped to `Unavailable(reason)` has no counterpart in the shipped data (a user may
supply their own values, see `own_values.py`).

A release not listed here (DfE's next one) is imported with the newest mapping before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from csc_scorecard.measures.registry import benchmarked

# The measures that have a published counterpart, in number order: those whose declaration
# (measures/registry.py) says so; RELEASES maps each of them for every release.
MEASURES: tuple[str, ...] = benchmarked()

LAIT = "lait"  # the LAIT long data set, read as a table of its own


@dataclass(frozen=True)
class Published:
    column: str


@dataclass(frozen=True)
class PerPopulation:
    count: str
    per: int = 10_000


@dataclass(frozen=True)
class Percentage:
    numerators: tuple[str, ...]
    denominator: str


@dataclass(frozen=True)
class Source:
    publication: str  # a key of ingest.published.PUBLICATION_BY_KEY, or LAIT
    filters: tuple[tuple[str, str], ...]  # (column, value) pairs every row must match
    value: Published | PerPopulation | Percentage
    file_release: str | None = None  # when the file comes from another release than the one mapped

    @property
    def computed(self) -> bool:
        return not isinstance(self.value, Published)


@dataclass(frozen=True)
class Unavailable:
    reason: str


@dataclass(frozen=True)
class ReleaseSources:
    release: str
    latest_population_mid_year: int  # ONS mid-year the release's newest rates used
    measures: dict[str, Source | Unavailable]

    def population_mid_year(self, year: int) -> int:
        """The ONS mid-year behind rates for reporting year `year` (ending 31 March `year`).

        Normally the mid-year before (year - 1), but never newer than the release had: the CIN
        2023 release used mid-2021 for 2021-22 and 2022-23 (benchmarks.md, vintage facts).
        """
        return min(year - 1, self.latest_population_mid_year)


def _f(**filters: str) -> tuple[tuple[str, str], ...]:
    return tuple(filters.items())


_C1_2023 = _f(Category="Referrals and Re-referrals")
_C4 = _f(category="Section 47s and Initial Child Protection Conferences")
_ICPC_15WD = Percentage(("Duration_0-10_days", "Duration_11-15_days"), "ICPC")
_NO_C2 = Unavailable("no C2 (assessments) file is published in a form the project has; add your own values")
_NO_ROW21 = Unavailable("no published LA figure for care leavers aged 16+ who stayed until 18; add your own values")
_LAIT_45WD = Source(LAIT, _f(short_desc="Continue_Assess_Comp"), Published("values"))
_LAIT_CPP_2Y = Source(LAIT, _f(short_desc="CPPlans2yrs"), Published("values"))

RELEASES: dict[str, ReleaseSources] = {
    "2023": ReleaseSources(
        release="2023",
        latest_population_mid_year=2021,
        measures={
            "referrals_rate": Source("c1", _C1_2023, Published("Referrals_rate")),
            "rereferrals_pct": Source("c1", _C1_2023, Published("Re_referrals_percent")),
            "assessments_rate": _NO_C2,
            "assessments_45wd_pct": _LAIT_45WD,
            # No 2023 C4 file: the 2025 release's rows for 2022-23, over the 2023 release's population.
            "s47_rate": Source("c4", _C4, PerPopulation("Section47"), file_release="2025"),
            "icpc_rate": Source("c4", _C4, PerPopulation("ICPC"), file_release="2025"),
            "icpc_15wd_pct": Source("c4", _C4, _ICPC_15WD, file_release="2025"),
            "cin_rate": Source("b1", _f(category="Children in Need"), Published("At31_episodes_rate")),
            "cpp_rate": Source("d5", _f(category="Child Protection Plans by length of time"), PerPopulation("CPP_At31")),
            "cpp_repeat_pct": Source("d3", _f(category="Child Protection Plans which are a second or subsequent plan"), Published("CPP_subsequent_percent")),
            "cpp_ended_2y_pct": _LAIT_CPP_2Y,
            # This vintage's header is shifted: `population_count` holds the category label.
            "cla_rate": Source("cla_number", _f(population_count="Children looked after at 31 March each year"), Published("rate_per_10000")),
            "cla_missing_pct": Source("cla_missing", _f(CLA_group="Percentage of children who had a missing incident during the year"), Published("number")),
            "cla_absent_pct": Source("cla_missing", _f(CLA_group="Percentage of children who were away from placement without authorisation during the year"), Published("number")),
            "cla_dental_pct": Source("cla_health", _f(cla_group="Health assessments: Children looked after all ages", characteristic="Had their teeth checked by a dentist"), Published("percentage")),
            "cla_health_pct": Source("cla_health", _f(cla_group="Health assessments: Children looked after all ages", characteristic="Had their annual health assessment"), Published("percentage")),
            "cla_ceased_adopted_pct": Source("cla_ceased", _f(cla_group="Reason episode ceased", characteristic="Adopted"), Published("percentage")),
            "cla_ceased_sgo_pct": Source("cla_ceased", _f(cla_group="Reason episode ceased", characteristic="Special guardianship orders"), Published("percentage")),
            "cla_ceased_16plus_to18_pct": _NO_ROW21,
            "care_leavers_suitable_pct": Source("care_leavers_accommodation", _f(age="19 to 21 years", accommodation_suitability="Accommodation considered suitable"), Published("percentage")),
            "care_leavers_eet_pct": Source("care_leavers_activity", _f(age="Aged 19 to 21", activity="Total in education, employment or training"), Published("percentage")),
        },
    ),
    "2025": ReleaseSources(
        release="2025",
        latest_population_mid_year=2024,
        measures={
            "referrals_rate": Source("c1", _f(category="Referrals and Re-referrals"), PerPopulation("referral_count")),
            "rereferrals_pct": Source("c1", _f(category="Referrals and Re-referrals"), Published("rereferral_percent")),
            "assessments_rate": _NO_C2,
            "assessments_45wd_pct": _LAIT_45WD,
            "s47_rate": Source("c4", _C4, PerPopulation("Section47")),
            "icpc_rate": Source("c4", _C4, PerPopulation("ICPC")),
            "icpc_15wd_pct": Source("c4", _C4, _ICPC_15WD),
            "cin_rate": Source("b1", _f(category="Children in Need"), PerPopulation("At31_episodes")),
            "cpp_rate": Source("d5", _f(category="Child Protection Plans by length of time"), PerPopulation("CPP_At31")),
            "cpp_repeat_pct": Source("d3", _f(category="Child Protection Plans which are a second or subsequent plan"), Published("CPP_subsequent_percent")),
            "cpp_ended_2y_pct": _LAIT_CPP_2Y,
            "cla_rate": Source("cla_number", _f(population_type="Children looked after on 31 March each year"), Published("rate_per_10000")),
            "cla_missing_pct": Unavailable("the 2025 release's missing/away file is not in the shipped data"),
            "cla_absent_pct": Unavailable("the 2025 release's missing/away file is not in the shipped data"),
            "cla_dental_pct": Source("cla_health", _f(characteristic="Health assessments: Children looked after all ages", breakdown="Had their teeth checked by a dentist"), Published("children_percent")),
            "cla_health_pct": Source("cla_health", _f(characteristic="Health assessments: Children looked after all ages", breakdown="Had their annual health assessment"), Published("children_percent")),
            "cla_ceased_adopted_pct": Unavailable("the 2025 release's children-ceased file is not in the shipped data"),
            "cla_ceased_sgo_pct": Unavailable("the 2025 release's children-ceased file is not in the shipped data"),
            "cla_ceased_16plus_to18_pct": _NO_ROW21,
            "care_leavers_suitable_pct": Source("care_leavers_accommodation", _f(care_leaver_age="19 to 21 years", breakdown="Accommodation considered suitable"), Published("care_leaver_percent")),
            "care_leavers_eet_pct": Source("care_leavers_activity", _f(care_leaver_age="19 to 21 years", breakdown="Total in education, employment or training"), Published("care_leaver_percent")),
        },
    ),
}


def sources_for(release: str) -> ReleaseSources:
    """The mapping of `release`; a newer release than any listed uses the newest one before it.

    Raises ValueError for a release that is not a 4-digit year or is older than every mapping.
    """
    if release in RELEASES:
        return RELEASES[release]
    if not (release.isdigit() and len(release) == 4):
        raise ValueError(f"release {release!r} is not a year such as 2023")
    earlier = [r for r in RELEASES if r < release]
    if not earlier:
        raise ValueError(f"release {release} is older than every release this tool maps ({', '.join(RELEASES)})")
    base = RELEASES[max(earlier)]
    return ReleaseSources(release, int(release) - 1, dict(base.measures))


def describe_source(source: Source, publication_stem: str, release: str, population_mid_year: int | None) -> str:
    """The `source` text of a benchmark: the file, and how a computed value was computed."""
    if source.publication == LAIT:
        return f"LAIT {dict(source.filters)['short_desc']}"
    name = publication_stem
    if source.file_release and source.file_release != release:
        name += f" ({source.file_release} release)"
    value = source.value
    if isinstance(value, PerPopulation):
        return f"{name}: {value.count} / ONS mid-{population_mid_year} population aged 0-17 x {value.per:,}"
    if isinstance(value, Percentage):
        return f"{name}: ({' + '.join(value.numerators)}) / {value.denominator} x 100"
    return name
