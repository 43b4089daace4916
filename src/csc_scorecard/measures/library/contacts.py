"""Library measures 43-55, from List 1 (contacts): the contact rate, the share of contacts
followed by a referral of the same child within 30 days, and the share of contacts from each
of DfE's source groups (the groups DfE publishes for referrals)."""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.annex_lists import codes_in_group
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.followed_by import followed_within
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, code_is, events_counted, shape_rows
from csc_scorecard.measures.windows import in_windows

REFERRAL_WITHIN_DAYS = 30

# The lists 1 and 2 carry no allocated team: they break down by the two columns they have.
CONTACT_BREAKDOWNS = ("gender", "ethnicity", "contact_source")


@measure(
    id="contacts_rate",
    number=43,
    label="Contacts received (annual rate per 10,000 children)",
    phrase="rate of contacts per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="contacts",
    kind="flow",
    reads=("contact_date", "contact_source"),
    needs=("contact_date",),
    dated_by="contact_date",
    breakdowns=CONTACT_BREAKDOWNS,
    benchmark=False,
)
def contacts_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: contacts (rows) with `Date of Contact` in the window, per 10,000 children,
    annualised. Contacts, not children: a child contacted twice counts twice."""
    contacts = data.current["contacts"].select(*SOURCE_COLUMNS, "contact_date", "contact_source")
    return shape_rows(in_windows(contacts, "contact_date", cells), pl.lit(True), pl.lit(False), ["contact_date", "contact_source"])


@measure(
    id="contacts_to_referral_30d_pct",
    number=44,
    label="Contacts followed by a referral of the same child within 30 days (%)",
    phrase="percentage of contacts followed by a referral of the same child within 30 days",
    unit="pct",
    polarity="neutral",
    source="contacts",
    kind="flow",
    reads=("contact_date",),
    needs=("contact_date",),
    dated_by="contact_date",
    breakdowns=CONTACT_BREAKDOWNS[:2],
    benchmark=False,
    also_reads={"referrals": ("referral_date",)},
)
def contacts_to_referral_30d_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: contacts (rows) with `Date of Contact` in the window; numerator: those with a
    referral (List 3) of the same child dated on or after the contact and at most 30 calendar
    days after it (contact + 30 days included), and on or before E (a referral a later extract
    records after E does not count at E). Both lists must cover the window. Contacts late in
    the window have had less than 30 days to lead to a referral: the latest month reads low."""
    contacts = data.current["contacts"].select(*SOURCE_COLUMNS, "contact_date")
    deadline = pl.col("contact_date").dt.offset_by(f"{REFERRAL_WITHIN_DAYS}d")
    return followed_within(
        contacts, "contact_date", data.current["referrals"], "referral_date", deadline, "referral_within_30_days", cells
    )


def _from_sources(data: CombinedExtracts, cells: pl.DataFrame, codes: tuple[str, ...]) -> pl.DataFrame:
    """Contacts dated in the window, in the numerator where their source is one of `codes`."""
    return events_counted(
        data.current["contacts"], "contact_date", ["contact_date", "contact_source"], cells, code_is("contact_source", *codes)
    )


_SOURCE_SHARE = {
    "unit": "pct",
    "polarity": "neutral",
    "source": "contacts",
    "kind": "flow",
    "reads": ("contact_date", "contact_source"),
    "needs": ("contact_date", "contact_source"),
    "dated_by": "contact_date",
    "breakdowns": CONTACT_BREAKDOWNS[:2],
    "benchmark": False,
}


@measure(id="contacts_individual_pct", number=45, label="Contacts from individuals (%)",
         phrase="percentage of contacts from individuals", **_SOURCE_SHARE)
def contacts_individual_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: contacts (rows) with `Date of Contact` in the window and a `Contact Source`;
    numerator: a source of the individual group, codes 1A-1D and 1 (family member, acquaintance,
    self, other; which not recorded). A blank source is left out (counted); 10 (Unknown) stays
    in the denominator. The same denominator for measures 45-55."""
    return _from_sources(data, cells, codes_in_group("source", "1"))


@measure(id="contacts_schools_pct", number=46, label="Contacts from schools (%)",
         phrase="percentage of contacts from schools", **_SOURCE_SHARE)
def contacts_schools_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: source code 2A (Schools), as measure 26."""
    return _from_sources(data, cells, ("2A",))


@measure(id="contacts_education_pct", number=47, label="Contacts from education services (%)",
         phrase="percentage of contacts from education services", **_SOURCE_SHARE)
def contacts_education_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: source code 2B (Education services, other than schools)."""
    return _from_sources(data, cells, ("2B",))


@measure(id="contacts_health_pct", number=48, label="Contacts from health services (%)",
         phrase="percentage of contacts from health services", **_SOURCE_SHARE)
def contacts_health_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: a source of the health group, codes 3A-3F and 3 (which not recorded)."""
    return _from_sources(data, cells, codes_in_group("source", "3"))


@measure(id="contacts_housing_pct", number=49, label="Contacts from housing (%)",
         phrase="percentage of contacts from housing", **_SOURCE_SHARE)
def contacts_housing_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: source code 4 (Housing)."""
    return _from_sources(data, cells, codes_in_group("source", "4"))


@measure(id="contacts_la_services_pct", number=50, label="Contacts from local authority services (%)",
         phrase="percentage of contacts from local authority services", **_SOURCE_SHARE)
def contacts_la_services_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: a source of the LA services group, codes 5A-5D (social care, other
    internal, external, early help)."""
    return _from_sources(data, cells, codes_in_group("source", "5"))


@measure(id="contacts_police_pct", number=51, label="Contacts from the police (%)",
         phrase="percentage of contacts from the police", **_SOURCE_SHARE)
def contacts_police_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: source code 6 (Police)."""
    return _from_sources(data, cells, codes_in_group("source", "6"))


@measure(id="contacts_legal_agency_pct", number=52, label="Contacts from other legal agencies (%)",
         phrase="percentage of contacts from other legal agencies", **_SOURCE_SHARE)
def contacts_legal_agency_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: source code 7 (Other legal agency: courts, probation, youth offending,
    prison, immigration)."""
    return _from_sources(data, cells, codes_in_group("source", "7"))


@measure(id="contacts_other_pct", number=53, label="Contacts from other sources (%)",
         phrase="percentage of contacts from other sources", **_SOURCE_SHARE)
def contacts_other_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: source code 8 (Other)."""
    return _from_sources(data, cells, codes_in_group("source", "8"))


@measure(id="contacts_anonymous_pct", number=54, label="Anonymous contacts (%)",
         phrase="percentage of contacts made anonymously", **_SOURCE_SHARE)
def contacts_anonymous_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: source code 9 (Anonymous)."""
    return _from_sources(data, cells, codes_in_group("source", "9"))


@measure(id="contacts_unknown_source_pct", number=55, label="Contacts whose source is unknown (%)",
         phrase="percentage of contacts whose source is unknown", **{**_SOURCE_SHARE, "polarity": "low"})
def contacts_unknown_source_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 45; numerator: source code 10 (Unknown). A recording gap, so low is good."""
    return _from_sources(data, cells, codes_in_group("source", "10"))
