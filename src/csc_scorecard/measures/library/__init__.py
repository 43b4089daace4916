"""The library measures (docs/measures.md, "Library measures"): numbered from 24, in the
registry like the reference 23 (series, drill-through, config rows) but not in the default
scorecard layout. One module per Annex A list, or pair of lists, each measure one declared
function whose docstring is its definition."""

from csc_scorecard.measures.library import (  # noqa: F401  (each module registers its measures)
    adopters,
    adoption,
    assessments,
    care_leavers,
    caseloads,
    child_protection,
    child_protection_practice,
    children_in_need,
    contacts,
    early_help,
    looked_after,
    referrals,
    section_47,
)
