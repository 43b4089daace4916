"""The data-quality report as a publication output may carry it: counts, never places or values.

The internal report names each record's sheet, row and cell value so an analyst can fix it. A
document for publication must hold no child-level value (issue 10), so there the issues are
counted per kind (severity, list, column, message) instead, and a count of 1 to 5 is shown as
"c" like any small number of a publication output (spec/indicators.md, small-number suppression).
"""

from __future__ import annotations

from collections import Counter

SUPPRESSED = "c"


def publication_quality(issues: list[dict] | tuple[dict, ...]) -> tuple[dict, ...]:
    """One row per kind of issue with its `count` (an int, or "c" for 1-5): no file, row or value."""
    kinds = Counter((i.get("severity"), i.get("sheet"), i.get("column"), i.get("message")) for i in issues)
    return tuple(
        {"severity": severity, "sheet": sheet, "column": column, "message": message,
         "count": SUPPRESSED if count <= 5 else count}
        for (severity, sheet, column, message), count in kinds.items()
    )
