"""Library measures 43-55, from List 1 (contacts): the contact rate, the share of contacts
followed by a referral of the same child within 30 days, and the share of contacts from each
of DfE's source groups (the groups DfE publishes for referrals)."""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.annex_lists import codes_in_group
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.dimensions import GENDER_AND_ETHNICITY
from csc_scorecard.measures.event_shares import CodedShare, coded_shares
from csc_scorecard.measures.followed_by import followed_within
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, events_counted

REFERRAL_WITHIN_DAYS = 30


@measure(
    id="contacts_rate",
    number=43,
    label="Contacts received (annual rate per 10,000 children)",
    phrase="rate of contacts per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="contacts",
    kind="flow",
    reads=("contact_source",),
    dated_by="contact_date",
    breakdowns=(*GENDER_AND_ETHNICITY, "contact_source"),
    benchmark=False,
    edge_cases="contacts, not children: a child contacted twice counts twice; a blank source still counts",
)
def contacts_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: contacts (rows) with `Date of Contact` in the window, per 10,000 children,
    annualised. Contacts, not children: a child contacted twice counts twice."""
    return events_counted(data.current["contacts"], "contact_date", ["contact_date", "contact_source"], cells)


@measure(
    id="contacts_to_referral_30d_pct",
    number=44,
    label="Contacts followed by a referral of the same child within 30 days (%)",
    unit="pct",
    polarity="neutral",
    source="contacts",
    kind="flow",
    dated_by="contact_date",
    breakdowns=GENDER_AND_ETHNICITY,
    benchmark=False,
    also_reads={"referrals": ("referral_date",)},
    edge_cases="""same-day referral counts; day 30 counts, day 31 does not; a referral dated after
        `E` (known to a later extract) does not count at `E`, so a past figure does not change; both
        lists must be loaded and cover the window ("no List 3 ..." otherwise). Contacts in the last
        30 days before `E` have had less time: the latest month reads low""",
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


# Measures 45-55, one a source group: id, number, what follows "contacts" in the title and the
# phrase, the group's codes, the numerator in the definition (after 45's "As 45; numerator:"),
# edge cases; 54 says its subject its own way in the title, 55 is low-is-good.
_INDIVIDUAL_DEFINITION = """Denominator: contacts (rows) with `Date of Contact` in the window and a
    `Contact Source`; numerator: a source of the individual group, codes 1A-1D and 1 (family member,
    acquaintance, self, other; which not recorded). A blank source is left out (counted); 10
    (Unknown) stays in the denominator. The same denominator for measures 45-55."""
_SOURCE_GROUPS = (
    ("contacts_individual_pct", 45, "from individuals", codes_in_group("source", "1"), None,
     """blank source: left out, counted (same for 45-55); `10` (Unknown) stays in the denominator.
     The groups are DfE's referral-source groups, so 45-55 add up to 100%"""),
    ("contacts_schools_pct", 46, "from schools", ("2A",), "source code 2A (Schools), as measure 26",
     "`2B` is measure 47 (as 26 for referrals)"),
    ("contacts_education_pct", 47, "from education services", ("2B",),
     "source code 2B (Education services, other than schools)", "as 45"),
    ("contacts_health_pct", 48, "from health services", codes_in_group("source", "3"),
     "a source of the health group, codes 3A-3F and 3 (which not recorded)", "as 45"),
    ("contacts_housing_pct", 49, "from housing", codes_in_group("source", "4"), "source code 4 (Housing)", "as 45"),
    ("contacts_la_services_pct", 50, "from local authority services", codes_in_group("source", "5"),
     "a source of the LA services group, codes 5A-5D (social care, other internal, external, early help)", "as 45"),
    ("contacts_police_pct", 51, "from the police", codes_in_group("source", "6"), "source code 6 (Police)", "as 45"),
    ("contacts_legal_agency_pct", 52, "from other legal agencies", codes_in_group("source", "7"),
     "source code 7 (Other legal agency: courts, probation, youth offending, prison, immigration)", "as 45"),
    ("contacts_other_pct", 53, "from other sources", codes_in_group("source", "8"), "source code 8 (Other)", "as 45"),
    ("contacts_anonymous_pct", 54, "made anonymously", codes_in_group("source", "9"), "source code 9 (Anonymous)",
     "as 45"),
    ("contacts_unknown_source_pct", 55, "whose source is unknown", codes_in_group("source", "10"),
     "source code 10 (Unknown). A recording gap, so low is good", "a recording gap: low is good"),
)
_OWN_TITLES = {"contacts_anonymous_pct": "Anonymous contacts (%)"}

coded_shares(
    "contacts",
    "contact_date",
    [
        CodedShare(
            id, number, _OWN_TITLES.get(id, f"Contacts {subject} (%)"), f"percentage of contacts {subject}",
            "contact_source", codes,
            _INDIVIDUAL_DEFINITION if numerator is None else f"As 45; numerator: {numerator}.", edge_cases,
            {"polarity": "low"} if id == "contacts_unknown_source_pct" else {},
        )
        for id, number, subject, codes, numerator, edge_cases in _SOURCE_GROUPS
    ],
    polarity="neutral",
    breakdowns=GENDER_AND_ETHNICITY,
    benchmark=False,
)
