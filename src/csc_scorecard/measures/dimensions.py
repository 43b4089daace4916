"""The dimensions a figure can be broken down by, and the category each Annex A row falls in.

One table (`DIMENSIONS`): the list column a dimension reads, its title, and how a cell becomes
a category. A measure's declaration names the columns it can be broken down by
(`registry.MeasureSpec.breakdowns`, by default every column of its list that is here), and
`measures.breakdown` counts its rows per category with `category_expr`. Every row falls in
exactly one category of every dimension (a blank is "Not recorded", a code outside the code
list is shown as written), so the categories' counts always add up to the figure's.

Groupings follow the DfE's published tables: ethnicity by the major groups of the CIN and
SSDA903 statistics (Chinese is in "Other ethnic group"), placement type by the groups of the
children-looked-after statistics, source by the CIN census's source groups (1 individual, 2
education, 3 health, ...). Age is in whole years at the date that puts the row in the figure
(a flow's event date, else the period end: `measures.breakdown`), banded by `age_band_expr`:
children 0-4, 5-9, 10-15, 16-17; care leavers by year of age (17 to 21).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from csc_scorecard.ingest.schema import load_schema

NOT_RECORDED = "Not recorded"
CARE_LEAVERS = "care_leavers"
AGE_COLUMN = "date_of_birth"  # the column the age band is worked out from
# What the measures of a list with no allocated team (Lists 1, 2, 10 and 11) break down by.
GENDER_AND_ETHNICITY = ("gender", "ethnicity")


@dataclass(frozen=True)
class Dimension:
    name: str  # the JSON `dimension`
    title: str  # as a table heading says it
    codelist: str | None  # the code list whose labels name the categories (None: the value as written)
    by_default: bool = True  # False: only a measure that names it is broken down by it


# Per list column: the dimension it gives. Order: the order tables and JSON show them in.
DIMENSIONS: dict[str, Dimension] = {
    "allocated_team": Dimension("allocated_team", "Allocated team", None),
    "contact_source": Dimension("source", "Contact source", "source"),
    "referral_source": Dimension("source", "Referral source", "source"),
    AGE_COLUMN: Dimension("age_band", "Age band", None),
    "gender": Dimension("gender", "Gender", "gender"),
    "ethnicity": Dimension("ethnicity_group", "Ethnicity group", "ethnicity"),
    "disability": Dimension("disability", "Disability", "yes_no"),
    "primary_need": Dimension("need", "Category of need", "need"),
    "category_of_need": Dimension("need", "Category of need", "need"),
    "latest_abuse_category": Dimension("abuse", "Category of abuse", "abuse"),
    "legal_status": Dimension("legal_status", "Legal status", "legal_status"),
    # List 6's status is the newest extract's, not the status at E: only a measure reading each
    # month's own extract (measure 70) names it, else a year-ago figure would split by today's status
    "case_status": Dimension("case_status", "Case status", None, by_default=False),
    "placement_type": Dimension("placement_type", "Placement type", "placement_type"),
}
BREAKDOWN_COLUMNS = tuple(DIMENSIONS)

# DfE major ethnic groups, by the code's first letter (CHNE and OOTH: "Other ethnic group").
ETHNICITY_GROUPS = {
    "W": "White",
    "M": "Mixed or Multiple ethnic groups",
    "A": "Asian or Asian British",
    "B": "Black, African, Caribbean or Black British",
    "C": "Other ethnic group",
    "O": "Other ethnic group",
    "REFU": "Refused or information not yet obtained",
    "NOBT": "Refused or information not yet obtained",
    "UNKNOWN": NOT_RECORDED,
}

# Children-looked-after statistics' placement groups, by code.
PLACEMENT_GROUPS = {
    **{f"U{i}": "Foster placements" for i in range(1, 7)},
    **{f"A{i}": "Placed for adoption" for i in range(3, 7)},
    "P1": "Placed with parents or other person with parental responsibility",
    "P2": "Other placements in the community",
    "P3": "Other placements in the community",
    "H5": "Secure homes, children's homes and semi-independent living",
    "K1": "Secure homes, children's homes and semi-independent living",
    "K2": "Secure homes, children's homes and semi-independent living",
    "K3": "Secure homes, children's homes and semi-independent living",
    **{code: "Other residential settings" for code in ("R1", "R2", "R3", "R5")},
    "S1": "Residential schools",
    **{code: "Other placements" for code in ("Z1", "Z11", "Z12", "Z13", "Z14", "T0", "T1", "T2", "T3", "T4")},
}

# CIN census source groups: the number a source code starts with.
SOURCE_GROUPS = {
    "1": "Individual", "2": "Education", "3": "Health services", "4": "Housing", "5": "LA services",
    "6": "Police", "7": "Other legal agency", "8": "Other", "9": "Anonymous", "10": "Unknown",
}

CHILD_AGE_BANDS = ((0, 4, "0-4"), (5, 9, "5-9"), (10, 15, "10-15"), (16, 17, "16-17"))
CARE_LEAVER_AGES = (17, 18, 19, 20, 21)


def dimension_of(column: str) -> Dimension:
    return DIMENSIONS[column]


def dimension_names(spec) -> list[str]:
    """The dimensions of a measure's declared breakdowns (`MeasureSpec.breakdowns`), in declaration order."""
    return list(dict.fromkeys(DIMENSIONS[c].name for c in spec.breakdowns))


def columns_of_list(list_columns: tuple[str, ...]) -> tuple[str, ...]:
    """The breakdown columns a list carries that break a figure down by default, in `DIMENSIONS` order."""
    return tuple(c for c in BREAKDOWN_COLUMNS if c in list_columns and DIMENSIONS[c].by_default)


def category_expr(column: str) -> pl.Expr:
    """The category of each row for the dimension of `column` (never null); not age, which
    depends on the date it is taken at (`age_band_expr`)."""
    if column == AGE_COLUMN:
        raise ValueError("an age band depends on the date the age is taken at: use age_band_expr")
    cell = pl.col(column)
    value = cell.cast(pl.String).str.strip_chars()
    value = pl.when(value == "").then(None).otherwise(value)
    if column == "ethnicity":
        code = value.str.to_uppercase()
        named = pl.coalesce(_mapped(code, ETHNICITY_GROUPS, None), _mapped(code.str.slice(0, 1), ETHNICITY_GROUPS, value))
    elif column == "placement_type":
        named = _mapped(value.str.to_uppercase(), PLACEMENT_GROUPS, value)
    elif column in ("contact_source", "referral_source"):
        named = _mapped(value.str.extract(r"^(\d+)", 1), SOURCE_GROUPS, value)
    elif DIMENSIONS[column].codelist is not None:
        named = _mapped(value, code_labels(DIMENSIONS[column].codelist, with_code=column in _SHOWN_WITH_CODE), value)
    else:
        named = value
    return named.fill_null(pl.lit(NOT_RECORDED))


_SHOWN_WITH_CODE = ("primary_need", "category_of_need", "legal_status")


def code_labels(codelist: str, with_code: bool) -> dict[str, str]:
    """{code: label} of a code list ("N1: Abuse or neglect" with `with_code`)."""
    codes = load_schema().codelists[codelist]
    return {c: (f"{c}: {codes.value(c).label}" if with_code else codes.value(c).label) for c in codes.codes}


def age_band_expr(age: pl.Expr, list_name: str) -> pl.Expr:
    """A child's band (0-4, 5-9, 10-15, 16-17; "Unborn" below 0, "18 or over"); a care
    leaver's year of age (17 to 21; "Under 17", "22 or over"). Null age: "Not recorded"."""
    if list_name == CARE_LEAVERS:
        first, last = CARE_LEAVER_AGES[0], CARE_LEAVER_AGES[-1]
        band = (
            pl.when(age < first).then(pl.lit(f"Under {first}"))
            .when(age > last).then(pl.lit(f"{last + 1} or over"))
            .otherwise(age.cast(pl.String))
        )
    else:
        band = pl.when(age < 0).then(pl.lit("Unborn"))
        for low, high, name in CHILD_AGE_BANDS:
            band = band.when(age.is_between(low, high)).then(pl.lit(name))
        band = band.otherwise(pl.lit(f"{CHILD_AGE_BANDS[-1][1] + 1} or over"))
    return pl.when(age.is_null()).then(pl.lit(NOT_RECORDED)).otherwise(band)


def category_order(dimension: str, categories: list[str]) -> list[str]:
    """Categories in reading order: age bands by age, others alphabetically; "Not recorded" last."""
    def key(category: str) -> tuple:
        if category == NOT_RECORDED:
            return (2, 0, category)
        if dimension == "age_band":
            found = re.search(r"\d+", category)
            start = -1 if category == "Unborn" else int(found.group()) if found else 999
            return (0, start if not category.startswith("Under") else -1, category)
        return (1, 0, category.lower())
    return sorted(categories, key=key)


def _mapped(key: pl.Expr, mapping: dict[str, str], fallback: pl.Expr | None) -> pl.Expr:
    """`mapping[key]`, else `fallback`: the value as written (a code outside the code list stays visible)."""
    mapped = key.replace_strict(list(mapping), list(mapping.values()), default=None, return_dtype=pl.String)
    return mapped if fallback is None else pl.coalesce(mapped, fallback)
