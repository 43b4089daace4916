"""The scorecard configuration (`scorecard.yaml`): read, validated with pydantic, errors that name the field.

The project ships a default (`data/scorecard.yaml`) that reproduces the reference scorecard; an
LA copies and edits it (spec/scorecard.md, "Configuration").
"""

from __future__ import annotations

from dataclasses import dataclass
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
    """The published benchmarks of the whole document: a new DfE release is one line here."""

    release: str = Field(default="2023", pattern=r"^\d{4}$")
    sn_list: str = "2021"
    year: int | None = None  # the reporting year shown (2023 = 2022-23); default: the release's own year
    own_values: str | None = None  # a CSV indicator_id,year,area,value, relative to the config file

    @property
    def reporting_year(self) -> int:
        return self.year if self.year is not None else int(self.release)


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
    """A row's override of the document's benchmark: another measure's counterpart, another year."""

    measure: str | None = None  # default: the row's measure's declared counterpart (measures/registry.py)
    year: int | None = None  # default: the document's `benchmarks.year`


@dataclass(frozen=True)
class RowBenchmark:
    """The published counterpart a row shows: a measure of benchmarks.sources and a reporting year."""

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
    benchmark: BenchmarkRef | Literal[False] | None = None  # false: no published columns for this row

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

    def row_benchmark(self, row: RowConfig) -> RowBenchmark | None:
        """The counterpart `row` shows: its override, else its measure's declared counterpart in
        the document's year; None when it has none (or says `benchmark: false`)."""
        from csc_scorecard.measures.registry import get

        if row.benchmark is False:
            return None
        override = row.benchmark or BenchmarkRef()
        measure = override.measure or get(row.id).benchmark
        if measure is None:
            return None
        return RowBenchmark(measure, override.year if override.year is not None else self.benchmarks.reporting_year)

    @property
    def own_values_path(self) -> Path | None:
        """The own benchmark values file the layout names (made absolute by `read_config`)."""
        return Path(self.benchmarks.own_values) if self.benchmarks.own_values else None


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
        problems = _problems(error)
        loc, message = problems[0]
        raise UserError(
            f"{path}: line {_line_of(tree, loc)}: {'.'.join(map(str, loc))}: {message} ({len(problems)} problem(s) in all)"
        ) from None
    if config.benchmarks.own_values:  # relative to the config file, wherever the command runs
        config.benchmarks.own_values = str(path.parent / config.benchmarks.own_values)
    _check_ids(path, tree, config)
    _check_benchmarks(path, tree, config)
    return config


def _problems(error: ValidationError) -> list[tuple[tuple, str]]:
    """pydantic's errors as (location, message), in the file's words: a value that may be one of
    several forms (`benchmark`: a mapping or false) is reported once, as the mapping it most
    likely meant, without pydantic's names for the forms."""
    def form(part) -> bool:
        return isinstance(part, str) and (part[:1].isupper() or part.startswith("literal["))

    found = [e for e in error.errors() if not any(str(p).startswith("literal[") for p in e["loc"])] or error.errors()
    words = {"a valid dictionary or instance of BenchmarkRef": "{measure: ..., year: ...} (either may be left out) or false"}
    return [(tuple(p for p in e["loc"] if not form(p)), _reworded(e["msg"], words)) for e in found]


def _reworded(message: str, words: dict[str, str]) -> str:
    for theirs, ours in words.items():
        message = message.replace(theirs, ours)
    return message


def _check_ids(path: Path, tree, config: ScorecardConfig) -> None:
    """Every row names a declared measure, once."""
    from csc_scorecard.measures.registry import measure_ids

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


def _check_benchmarks(path: Path, tree, config: ScorecardConfig) -> None:
    """The release and every year shown are in the shipped (or imported) data; a row's benchmark
    names a measure with a published counterpart in the row's own unit; the own values file reads."""
    from csc_scorecard.benchmarks.own_values import read_own_values
    from csc_scorecard.benchmarks.shipped import load_release
    from csc_scorecard.measures.registry import benchmarked, get

    document = ("benchmarks",)
    try:
        years = load_release(config.benchmarks.release).years
    except UserError as error:
        raise UserError(f"{path}: line {_line_of(tree, document + ('release',))}: {error}") from None

    def check_year(year: int, where: tuple) -> None:
        if year not in years:
            raise UserError(f"{path}: line {_line_of(tree, where)}: the {config.benchmarks.release} release holds "
                            f"the years {years[0]}-{years[-1]}, not {year}")

    check_year(config.benchmarks.reporting_year, document + ("year" if config.benchmarks.year is not None else "release",))
    for s, section in enumerate(config.sections):
        for r, row in enumerate(section.rows):
            where = ("sections", s, "rows", r, "benchmark")
            if not row.benchmark:
                continue
            shown = config.row_benchmark(row)
            line = _line_of(tree, where + (("measure",) if row.benchmark.measure else ()))
            if shown is None:
                raise UserError(f"{path}: line {line}: indicator {row.id!r} has no published counterpart of its own: "
                                "name one with benchmark: {measure: ...}, or leave benchmark out")
            if shown.measure not in benchmarked():
                raise UserError(f"{path}: line {line}: unknown benchmark measure {shown.measure!r}")
            published, spec = get(shown.measure), get(row.id)
            if published.unit != spec.unit:
                raise UserError(
                    f"{path}: line {line}: benchmark {published.id!r} is a {published.unit}, "
                    f"but indicator {row.id!r} is a {spec.unit}"
                )
            if row.benchmark.year is not None:
                check_year(row.benchmark.year, where + ("year",))
    if config.own_values_path is not None:
        if not config.own_values_path.is_file():
            raise UserError(f"{path}: line {_line_of(tree, document + ('own_values',))}: "
                            f"own values file {config.own_values_path} not found (a path relative to the config file)")
        read_own_values(config.own_values_path)


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


@lru_cache(maxsize=1)
def default_local_authority() -> LocalAuthority:
    """The shipped config's LA alone: what `scorecard load` needs, without checking the layout
    against the measures and the published benchmarks as `default_config` does (issue 12: a
    tenth of a second that a load does not need; the tests check the whole shipped config)."""
    return LocalAuthority.model_validate(yaml_text.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))["local_authority"])


def default_la_code() -> str:
    """The shipped layout's LA code, for a command that needs nothing else of the layout
    (`scorecard series`)."""
    return default_local_authority().old_la_code
