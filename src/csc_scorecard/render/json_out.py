"""The scorecard as JSON (spec/scorecard.md): the model's `to_json`, unrounded, for other tools and tests.

Written as UTF-8 with its arrows and "<" as they are (ensure_ascii off), indented for people
reading a diff. Dates that reach the output inside free-form fields (an extract's entry, an
issue) are written as ISO text rather than refused.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from csc_scorecard.scorecard.model import Scorecard


def iso_default(value):
    """json.dumps' `default`: dates as ISO text; anything else is a bug, not data to guess at."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def scorecard_json_text(scorecard: Scorecard) -> str:
    return json.dumps(scorecard.to_json(), indent=2, ensure_ascii=False, default=iso_default) + "\n"


def render_json(scorecard: Scorecard, path: Path | str) -> Path:
    """Write `scorecard.to_json()` to `path` and return the path."""
    path = Path(path)
    path.write_text(scorecard_json_text(scorecard), encoding="utf-8")
    return path
