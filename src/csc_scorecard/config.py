"""The scorecard configuration (`scorecard.yaml`): read, validated with pydantic, errors that name the field.

The project ships a default (`data/scorecard.yaml`) that reproduces the reference scorecard; an
LA copies and edits it (spec/scorecard.md, "Configuration").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from csc_scorecard.issues import UserError

DEFAULT_CONFIG = Path(__file__).parent / "data" / "scorecard.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LocalAuthority(_Strict):
    name: str
    old_la_code: str = Field(pattern=r"^\d{3}$")
    new_la_code: str | None = None
    region: str | None = None


class BenchmarkChoice(_Strict):
    release: str = "2023"
    sn_list: str = "2021"


class Publication(_Strict):
    protective_marking: str = "OFFICIAL-SENSITIVE"
    suppress_below: int = 6


ColumnKind = Literal[
    "rolling_12m",  # LA value over the 12 months to the as-at date
    "rolling_6m",  # LA value over the 6 months to the as-at date, annualised for rates
    "period_year_ago",  # the 6-month period to the as-at date less 12 months
    "period_to_date",  # the 6-month period to the as-at date
    "direction",
    "target",
    "polarity",
    "regional",  # regional quarterly figures (LA and region), from the regional CSV input
    "published",  # published LA / SN / region / England
    "band",  # compared to the mid-50% of LAs
    "analysis",
]


class BenchmarkRef(_Strict):
    measure: str
    year: int


class Footnote(_Strict):
    marker: str
    text: str


class RowConfig(_Strict):
    id: str
    label: str
    target: float | None = None
    polarity: Literal["high", "low", "neutral"]
    decimals: int = Field(ge=0, le=3)
    amber_margin: float = Field(default=0.05, ge=0)  # fraction of the target
    benchmark: BenchmarkRef | None = None


class Section(_Strict):
    title: str
    columns: list[ColumnKind]
    rows: list[RowConfig]


class ScorecardConfig(_Strict):
    local_authority: LocalAuthority
    benchmarks: BenchmarkChoice = BenchmarkChoice()
    publication: Publication = Publication()
    heading: str = "Data as at end of {as_at_month}"
    preamble: list[str] = []
    footnotes: list[Footnote] = []
    sections: list[Section] = []


def read_config(path: Path) -> ScorecardConfig:
    """Parse and validate a config file; any problem is a UserError naming the file and field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: no such config file") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise UserError(f"{path}:{where}: not valid YAML ({getattr(error, 'problem', error)})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a YAML mapping with local_authority, sections, ...")
    try:
        return ScorecardConfig.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path}: {field}: {first['msg']} ({len(error.errors())} problem(s) in all)") from None


@lru_cache(maxsize=1)
def default_config() -> ScorecardConfig:
    return read_config(DEFAULT_CONFIG)
