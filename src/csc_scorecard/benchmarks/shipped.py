"""The project's compact benchmark data: its files, how they are written and how they are read.

Layout under `data/benchmarks/` (built by `importer.py`, read by `table.py`; nothing else):
- `release_<R>/values.csv`: `measure, year, area_code, value, symbol, numerator, denominator, per`,
  one row per measure, reporting year and area (England E92000001, an E12 region, or an LA's
  3-digit code). A published figure is in `value` as published; a computed one is
  `numerator / denominator x per` (kept as integers so it is exact); `symbol` holds a GSS symbol
  instead of a number (a computed figure takes the symbol of its count, `z` for a zero
  denominator and `x` for a missing population);
- `release_<R>/areas.csv`: `area_code, name, level, region_code` (level england, region or la;
  an LA's region is its English region, London for Inner/Outer London boroughs);
- `release_<R>/manifest.json`: the release, the years kept, the input files (name, table,
  layout, sha256), each measure's `source` text per year and why a measure has none;
- `sn_lists/sn_<L>.csv`: `old_la_code, sn_rank, sn_old_la_code`, and `sn_lists/manifest.json`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from csc_scorecard.benchmarks.compute import sorted_exactly
from csc_scorecard.ingest.published import missing_reason
from csc_scorecard.issues import UserError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "benchmarks"
VALUES_FILE, AREAS_FILE, MANIFEST_FILE = "values.csv", "areas.csv", "manifest.json"
SN_DIR = "sn_lists"
VALUES_COLUMNS = ("measure", "year", "area_code", "value", "symbol", "numerator", "denominator", "per")
AREAS_COLUMNS = ("area_code", "name", "level", "region_code")
SN_COLUMNS = ("old_la_code", "sn_rank", "sn_old_la_code")
LEVEL_ENGLAND, LEVEL_REGION, LEVEL_LA = "england", "region", "la"


@dataclass(frozen=True)
class Figure:
    """One benchmark figure: published (Decimal), computed (Fraction), or a symbol."""

    value: Decimal | Fraction | None
    symbol: str | None = None

    @property
    def reason(self) -> str | None:
        return missing_reason(self.value, self.symbol)

    @property
    def exact(self) -> Fraction | None:
        return None if self.value is None else Fraction(self.value)


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str
    region_code: str | None


@dataclass
class ReleaseData:
    release: str
    years: tuple[int, ...]
    figures: Mapping[tuple[str, int], dict[str, Figure]]  # (measure, year) -> area_code -> figure
    areas: dict[str, Area]
    sources: dict[str, dict[int, str]]  # measure -> year -> source text
    unavailable: dict[str, str]  # measure -> why the release has no counterpart
    _la_values: dict[tuple[str, int], list[Fraction]] = field(default_factory=dict, repr=False)

    def la_values(self, measure: str, year: int) -> list[Fraction]:
        """Every LA's numeric value for one measure and year, sorted (the quartiles' population).

        LAs are the 3-digit codes: England and the regions are excluded, as in LAIT (LA Number
        < 970); an LA with a symbol is left out, City of London and Isles of Scilly count when numeric.
        """
        key = (measure, year)
        if key not in self._la_values:
            by_area = self.figures.get(key, {})
            self._la_values[key] = sorted_exactly(f.exact for code, f in by_area.items() if code.isdigit() and f.exact is not None)
        return self._la_values[key]


def release_dir(data_dir: Path, release: str) -> Path:
    return Path(data_dir) / f"release_{release}"


def available_releases(data_dir: Path = DATA_DIR) -> list[str]:
    return sorted(p.name.removeprefix("release_") for p in Path(data_dir).glob("release_*") if (p / VALUES_FILE).exists())


def available_sn_lists(data_dir: Path = DATA_DIR) -> list[str]:
    return sorted(p.stem.removeprefix("sn_") for p in (Path(data_dir) / SN_DIR).glob("sn_*.csv"))


def write_csv(path: Path, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """A small CSV written the same way every time (sorted by the caller, "\\n" line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if cell is None else cell for cell in row] for row in rows)


def write_json(path: Path, content: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2, sort_keys=False, ensure_ascii=False) + "\n", encoding="utf-8")


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    return [dict(zip(columns, row)) for row in _read_rows(path, columns)]


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[list[str]]:
    """The rows of a CSV whose header is `columns`, as lists in that order."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        if tuple(next(reader, ())) != columns:
            raise UserError(f"{path}: not benchmark data of this version (expected columns {', '.join(columns)})")
        return [row for row in reader if row]  # as DictReader, a blank line is no row


_MEASURE, _YEAR, _AREA, _VALUE, _SYMBOL, _NUMERATOR, _DENOMINATOR, _PER = range(len(VALUES_COLUMNS))


def _figure(row: list[str]) -> Figure:
    if row[_SYMBOL]:
        return Figure(None, row[_SYMBOL])
    if row[_NUMERATOR]:
        return Figure(Fraction(int(row[_NUMERATOR]) * int(row[_PER]), int(row[_DENOMINATOR])))
    if row[_VALUE]:
        return Figure(Decimal(row[_VALUE]))
    return Figure(None)


class _Figures(Mapping):
    """(measure, year) -> area_code -> Figure, each measure and year's figures made from its
    rows when first asked for: a scorecard reads about 20 of a release's 57, so most of the
    9,000 rows' numbers are never parsed (a command's start-up)."""

    def __init__(self, rows: dict[tuple[str, int], list[list[str]]]):
        self._rows = rows
        self._made: dict[tuple[str, int], dict[str, Figure]] = {}

    def __getitem__(self, key: tuple[str, int]) -> dict[str, Figure]:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = {row[_AREA]: _figure(row) for row in self._rows[key]}
        return made

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def load_release(release: str, data_dir: Path = DATA_DIR) -> ReleaseData:
    """The compact data of one release; UserError naming the releases there are if absent."""
    return _load_release(str(release), Path(data_dir))


@lru_cache(maxsize=8)  # one entry per release and folder, however the caller spells them
def _load_release(release: str, data_dir: Path) -> ReleaseData:
    folder = release_dir(data_dir, release)
    if not (folder / VALUES_FILE).exists():
        known = ", ".join(available_releases(data_dir)) or "none"
        raise UserError(f"no benchmark data for release {release!r} (available: {known}; build it with `scorecard benchmarks import`)")
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    rows: dict[tuple[str, int], list[list[str]]] = {}
    for row in _read_rows(folder / VALUES_FILE, VALUES_COLUMNS):
        rows.setdefault((row[_MEASURE], int(row[_YEAR])), []).append(row)
    areas = {
        row["area_code"]: Area(row["area_code"], row["name"], row["level"], row["region_code"] or None)
        for row in _read_csv(folder / AREAS_FILE, AREAS_COLUMNS)
    }
    sources = {m: {int(y): text for y, text in by_year.items()} for m, by_year in manifest["sources"].items()}
    return ReleaseData(release, tuple(manifest["years"]), _Figures(rows), areas, sources, dict(manifest["unavailable"]))


def forget_loaded() -> None:
    """Read the releases and lists again at their next use (after `benchmarks import` rewrote them)."""
    _load_release.cache_clear()
    load_sn_list.cache_clear()


@lru_cache(maxsize=8)
def load_sn_list(list_id: str, data_dir: Path = DATA_DIR) -> dict[str, tuple[str, ...]]:
    """One statistical-neighbour model: LA code -> neighbour codes in rank order."""
    path = Path(data_dir) / SN_DIR / f"sn_{list_id}.csv"
    if not path.exists():
        known = ", ".join(available_sn_lists(data_dir)) or "none"
        raise UserError(f"no statistical-neighbour list {list_id!r} (available: {known})")
    ranked: dict[str, list[tuple[int, str]]] = {}
    for row in _read_csv(path, SN_COLUMNS):
        ranked.setdefault(row["old_la_code"], []).append((int(row["sn_rank"]), row["sn_old_la_code"]))
    return {code: tuple(c for _, c in sorted(pairs)) for code, pairs in ranked.items()}
