"""The 23 measures of spec/indicators.md and the library (docs/measures.md), their combination
of extracts, windows and series.

Importing the package registers every measure (`registry.MEASURES`, in number order); the
entry points are `series.compute_series`, `series.measure_rows` and `combine.combine`.
"""

from csc_scorecard.measures import (  # noqa: F401  (each module registers its measures)
    assessments,
    care_leavers,
    child_protection,
    children_in_need,
    library,
    looked_after,
    manual,
    referrals,
)
