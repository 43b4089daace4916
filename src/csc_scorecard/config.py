"""The scorecard configuration (`scorecard.yaml`): read, validated with pydantic, errors that name the field.

The project ships a default (`data/scorecard.yaml`) that reproduces the reference scorecard; an
LA copies and edits it (spec/scorecard.md, "Configuration").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from csc_scorecard import yaml_text
from csc_scorecard.issues import UserError

DEFAULT_CONFIG = Path(__file__).parent / "data" / "scorecard.yaml"
# The second shipped layout: every library measure, a section per Annex A list (the demo builds it too).
FULL_LAYOUT = Path(__file__).parent / "data" / "layouts" / "annex-a-full.yaml"


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
    protective_marking: str = "OFFICIAL-SENSITIVE"  # every output built for the LA's own use
    publication_marking: str = "OFFICIAL"  # a `--publication` output (small numbers suppressed)
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
    polarity: Literal["high", "low", "neutral"] | None = None  # default: the measure's declared polarity
    decimals: int = Field(ge=0, le=3)
    amber_margin: float = Field(default=0.05, ge=0)  # fraction of the target
    benchmark: BenchmarkRef | None = None

    @model_validator(mode="after")
    def _declared_polarity(self) -> RowConfig:
        """A row that gives no polarity takes its measure's declared one (unknown ids: see _check_ids)."""
        from csc_scorecard.measures.registry import MEASURES

        if self.polarity is None:
            self.polarity = next((m.polarity for m in MEASURES if m.id == self.id), None)
        return self


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
    """Parse and validate a config file; any problem is a UserError naming the file, line and field."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such config file") from None
    try:
        data = yaml_text.safe_load(text)
        tree = yaml_text.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise UserError(f"{path}:{where}: not valid YAML ({getattr(error, 'problem', error)})") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a YAML mapping with local_authority, sections, ...")
    try:
        config = ScorecardConfig.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise UserError(
            f"{path}: line {_line_of(tree, first['loc'])}: {field}: {first['msg']} ({len(error.errors())} problem(s) in all)"
        ) from None
    _check_ids(path, tree, config)
    return config


def _check_ids(path: Path, tree, config: ScorecardConfig) -> None:
    """Every row names a declared measure, once; a benchmark names a measure with a published counterpart in the row's own unit."""
    from csc_scorecard.measures.registry import benchmarked, get, measure_ids

    known = measure_ids()
    seen: set[str] = set()
    for s, section in enumerate(config.sections):
        for r, row in enumerate(section.rows):
            where = ("sections", s, "rows", r)
            if row.id not in known:
                raise UserError(f"{path}: line {_line_of(tree, where + ('id',))}: unknown indicator id {row.id!r} (one of {', '.join(sorted(known))})")
            if row.id in seen:
                raise UserError(f"{path}: line {_line_of(tree, where + ('id',))}: indicator {row.id!r} appears twice")
            seen.add(row.id)
            spec = get(row.id)
            if row.benchmark is None:
                continue
            line = _line_of(tree, where + ("benchmark", "measure"))
            if row.benchmark.measure not in benchmarked():
                raise UserError(f"{path}: line {line}: unknown benchmark measure {row.benchmark.measure!r}")
            published = get(row.benchmark.measure)
            if published.unit != spec.unit:
                raise UserError(
                    f"{path}: line {line}: benchmark {published.id!r} is a {published.unit}, "
                    f"but indicator {row.id!r} is a {spec.unit}"
                )


def _line_of(node, loc) -> int | str:
    """The 1-based line of the YAML node at a pydantic location path (best effort)."""
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node.start_mark.line + 1 if node is not None else "?"


@lru_cache(maxsize=1)
def default_config() -> ScorecardConfig:
    return read_config(DEFAULT_CONFIG)
