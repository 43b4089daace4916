"""Builds the project's compact benchmark data from DfE/ONS/LAIT/SN files of one release.

`import_release(files, release, out_dir)` recognises each file (EES table from its columns, the
LAIT parquet, statistical-neighbour lists), takes from each only what `sources.py` maps for the
release, over the last `YEARS_KEPT` reporting years, and writes the files `shipped.py` describes.
It is all or nothing: a file it does not read, a missing column, a missing table or a value
that is neither number nor symbol stops it with a one-line UserError before anything is
written. Run again on the same files it writes the same bytes (rows sorted, no timestamps).

Files given for a release's mapping only (e.g. the 2025 C4 file for the 2023 release) are not
otherwise special: the mapping says which table it needs, the file list says where it is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from csc_scorecard.benchmarks import shipped
from csc_scorecard.benchmarks.compute import english_region
from csc_scorecard.benchmarks.sources import (
    LAIT,
    MEASURES,
    PerPopulation,
    Published,
    ReleaseSources,
    Source,
    Unavailable,
    describe_source,
    sources_for,
)
from csc_scorecard.ingest.neighbours import (
    LIST_TITLES,
    NeighbourList,
    looks_like_neighbour_header,
    merge_neighbour_lists,
    read_neighbour_list,
)
from csc_scorecard.ingest.published import (
    ENGLAND_CODE,
    LEVEL_LA,
    LEVEL_NATIONAL,
    LEVEL_REGIONAL,
    PUBLICATION_BY_KEY,
    EesFile,
    PublishedValue,
    parse_column,
    parse_lait_value,
    read_csv_text,
    read_ees_csv,
    read_lait,
)
from csc_scorecard.issues import UserError

YEARS_KEPT = 3  # the release year and the two before it: what a scorecard compares with
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
POPULATION_AGE_GROUP = "Children aged 0 to 17 years"


@dataclass
class Inputs:
    """The files of one import, recognised."""

    tables: dict[str, EesFile] = field(default_factory=dict)  # publication key -> file
    lait: tuple[Path, pl.DataFrame] | None = None
    neighbour_lists: list[NeighbourList] = field(default_factory=list)
    described: list[dict] = field(default_factory=list)  # manifest entries, one per file

    @property
    def has_statistics(self) -> bool:
        return bool(self.tables) or self.lait is not None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recognise_files(paths: list[Path]) -> Inputs:
    """Read and recognise every file; UserError for one that is none of the known kinds."""
    inputs = Inputs()
    for path in map(Path, paths):
        if not path.is_file():
            raise UserError(f"{path}: no such file")
        suffix = path.suffix.lower()
        entry = {"name": path.name, "sha256": _sha256(path)}
        if suffix == ".parquet":
            frame = read_lait(path)
            if inputs.lait is not None:
                raise UserError(f"{path.name}: a second LAIT file (the first was {inputs.lait[0].name})")
            inputs.lait = (path, frame)
            entry.update(table="LAIT long data set", layout="")
        elif suffix in WORKBOOK_SUFFIXES:
            inputs.neighbour_lists.append(one := read_neighbour_list(path))
            entry.update(table="statistical neighbours", layout=one.list_id)
        elif suffix == ".csv":
            frame = read_csv_text(path)
            if looks_like_neighbour_header(frame.columns):
                inputs.neighbour_lists.append(one := read_neighbour_list(path))
                entry.update(table="statistical neighbours", layout=one.list_id)
            else:
                ees = read_ees_csv(path, frame)
                key = ees.publication.key
                if key in inputs.tables:
                    raise UserError(f"{path.name}: a second {ees.publication.stem} file (the first was {inputs.tables[key].name})")
                inputs.tables[key] = ees
                entry.update(table=ees.publication.stem, layout=ees.vintage)
        else:
            raise UserError(f"{path.name}: not a file this import reads (expected .csv, .parquet or .xlsx)")
        inputs.described.append(entry)
    return inputs


def _check_complete(inputs: Inputs, mapping: ReleaseSources) -> None:
    """Every table the release's mapping needs is among the files (else a one-line error)."""
    needed: dict[str, list[str]] = {}
    for measure, source in mapping.measures.items():
        if isinstance(source, Source):
            needed.setdefault(source.publication, []).append(measure)
            if isinstance(source.value, PerPopulation):
                needed.setdefault("population", []).append(measure)
    for key, measures in needed.items():
        present = inputs.lait is not None if key == LAIT else key in inputs.tables
        if not present:
            what = "the LAIT long data set (bds_long_*.parquet)" if key == LAIT else f"a {PUBLICATION_BY_KEY[key].stem} file"
            raise UserError(f"release {mapping.release} needs {what} for {', '.join(measures)}: none of the files given is one")


def _source_rows(inputs: Inputs, source: Source, measure: str, release: str, years: list[int]) -> tuple[pl.DataFrame, str]:
    """The rows of the source's table for the kept years and its filters: `year, area_code` + values."""
    year_texts = [str(y) for y in years]
    if source.publication == LAIT:
        path, frame = inputs.lait
        file_name = path.name
        rows = frame.filter(pl.col("year").is_in(year_texts))
    else:
        ees = inputs.tables[source.publication]
        file_name = ees.name
        value_columns = _value_columns(source)
        ees.require_columns([c for c, _ in source.filters] + value_columns, f"{measure} of release {release}")
        frame = ees.frame
        english_area = (pl.col("geographic_level") == LEVEL_NATIONAL) | (pl.col("geographic_level") == LEVEL_LA) | (
            (pl.col("geographic_level") == LEVEL_REGIONAL) & pl.col("region_code").str.starts_with("E12")
        )
        rows = frame.filter(pl.col("time_period").is_in(year_texts) & english_area).rename({"time_period": "year"})
    matched = rows
    for column, label in source.filters:
        matched = matched.filter(pl.col(column) == label)
    if matched.is_empty():
        labels = ", ".join(f"{c} = '{v}'" for c, v in source.filters)
        raise UserError(f"{file_name}: no rows with {labels} for {year_texts[0]}-{year_texts[-1]} (needed for {measure} of release {release})")
    duplicated = matched.filter(pl.struct("year", "area_code").is_duplicated())
    if not duplicated.is_empty():
        first = duplicated.row(0, named=True)
        raise UserError(f"{file_name}: more than one row for area {first['area_code']} in {first['year']} (for {measure})")
    return matched, file_name


def _value_columns(source: Source) -> list[str]:
    value = source.value
    if isinstance(value, Published):
        return [value.column]
    if isinstance(value, PerPopulation):
        return [value.count]
    return [*value.numerators, value.denominator]


def _population(inputs: Inputs) -> dict[tuple[int, str], PublishedValue]:
    ees = inputs.tables["population"]
    ees.require_columns(["age_group", "population_estimate"], "rates computed from counts")
    frame = ees.frame.filter((pl.col("age_group") == POPULATION_AGE_GROUP) & pl.col("area_code").is_not_null())
    values = parse_column(frame, "population_estimate", ees.name)
    return {(int(y), code): v for y, code, v in zip(frame["time_period"], frame["area_code"], values)}


def _whole(value: PublishedValue, file_name: str, column: str) -> int:
    if value.value != value.value.to_integral_value():
        raise UserError(f"{file_name}: column '{column}' holds {value.value}, expected a whole count")
    return int(value.value)


def _ratio(numerators: list[PublishedValue], denominator: PublishedValue | None, per: int, file_name: str, columns: list[str]) -> tuple:
    """(value, symbol, numerator, denominator, per) of a computed figure, symbols carried over."""
    for part in numerators:
        if part.value is None:
            return (None, part.symbol or "x", None, None, None)
    if denominator is None or denominator.value is None:
        return (None, (denominator.symbol if denominator else None) or "x", None, None, None)
    top = sum(_whole(p, file_name, c) for p, c in zip(numerators, columns))
    bottom = _whole(denominator, file_name, columns[-1])
    if bottom == 0:
        return (None, "z", None, None, None)
    return (None, None, top, bottom, per)


def _measure_rows(inputs: Inputs, mapping: ReleaseSources, measure: str, source: Source, years: list[int],
                  population: dict[tuple[int, str], PublishedValue]) -> list[tuple]:
    """The values rows of one measure: published figures as published, computed ones as integers."""
    rows, file_name = _source_rows(inputs, source, measure, mapping.release, years)
    value = source.value
    out = []
    if isinstance(value, Published):
        if source.publication == LAIT:
            parsed = []
            for text in rows[value.column].to_list():
                try:
                    parsed.append(parse_lait_value(text))
                except ValueError as error:
                    raise UserError(f"{file_name}: Values of {dict(source.filters)['short_desc']}: {error}") from None
        else:
            parsed = parse_column(rows, value.column, file_name)
        for year, code, cell in zip(rows["year"], rows["area_code"], parsed):
            text = None if cell.value is None else str(cell.value)
            out.append((measure, int(year), code, text, cell.symbol, None, None, None))
        return out
    if isinstance(value, PerPopulation):
        counts = parse_column(rows, value.count, file_name)
        for year, code, count in zip(rows["year"], rows["area_code"], counts):
            people = population.get((mapping.population_mid_year(int(year)), code))
            figure = _ratio([count], people, value.per, file_name, [value.count, "population_estimate"])
            out.append((measure, int(year), code, *figure))
        return out
    numerators = [parse_column(rows, c, file_name) for c in value.numerators]
    denominators = parse_column(rows, value.denominator, file_name)
    for index, (year, code) in enumerate(zip(rows["year"], rows["area_code"])):
        figure = _ratio([n[index] for n in numerators], denominators[index], 100, file_name, [*value.numerators, value.denominator])
        out.append((measure, int(year), code, *figure))
    return out


def _areas(inputs: Inputs) -> list[tuple]:
    """England, the E12 regions and every LA in the files (any year), named as in its latest year.

    Where files of that year disagree on a name, the alphabetically first is kept, so that a
    rebuild is identical.
    """
    latest: dict[str, tuple[int, tuple]] = {}
    for ees in inputs.tables.values():
        columns = ("time_period", "geographic_level", "region_code", "region_name", "old_la_code", "la_name")
        for row in ees.frame.select(columns).unique().iter_rows(named=True):
            level = row["geographic_level"]
            if level == LEVEL_NATIONAL:
                record = (ENGLAND_CODE, "England", shipped.LEVEL_ENGLAND, "")
            elif level == LEVEL_REGIONAL and (row["region_code"] or "").startswith("E12"):
                record = (row["region_code"], row["region_name"], shipped.LEVEL_REGION, row["region_code"])
            elif level == LEVEL_LA and row["old_la_code"]:
                record = (row["old_la_code"], row["la_name"], shipped.LEVEL_LA, english_region(row["region_code"]) or "")
            else:
                continue
            year = int(row["time_period"][:4])
            known = latest.get(record[0])
            if known is None or year > known[0] or (year == known[0] and record < known[1]):
                latest[record[0]] = (year, record)
    return sorted(record for _, record in latest.values())


def build_release(inputs: Inputs, release: str) -> tuple[list[tuple], list[tuple], dict]:
    """(values rows, areas rows, manifest) of one release from recognised inputs."""
    try:
        mapping = sources_for(release)
    except ValueError as error:
        raise UserError(str(error)) from None
    _check_complete(inputs, mapping)
    years = list(range(int(release) - YEARS_KEPT + 1, int(release) + 1))
    population = _population(inputs) if "population" in inputs.tables else {}
    values: list[tuple] = []
    sources: dict[str, dict[str, str]] = {}
    unavailable: dict[str, str] = {}
    for measure in MEASURES:
        source = mapping.measures[measure]
        if isinstance(source, Unavailable):
            unavailable[measure] = source.reason
            continue
        values.extend(_measure_rows(inputs, mapping, measure, source, years, population))
        stem = "" if source.publication == LAIT else inputs.tables[source.publication].publication.stem
        sources[measure] = {
            str(y): describe_source(source, stem, release, mapping.population_mid_year(y) if isinstance(source.value, PerPopulation) else None)
            for y in years
        }
    order = {m: i for i, m in enumerate(MEASURES)}
    values.sort(key=lambda r: (order[r[0]], r[1], r[2]))
    manifest = {
        "release": release,
        "years": years,
        "inputs": sorted(
            (e for e in inputs.described if e["table"] != "statistical neighbours"), key=lambda e: (e["name"], e["sha256"])
        ),
        "sources": sources,
        "unavailable": unavailable,
    }
    return values, _areas(inputs), manifest


def _write_neighbour_lists(inputs: Inputs, out_dir: Path) -> list[str]:
    by_id: dict[str, list[NeighbourList]] = {}
    for one in inputs.neighbour_lists:
        by_id.setdefault(one.list_id, []).append(one)
    merged = {list_id: merge_neighbour_lists(lists) for list_id, lists in sorted(by_id.items())}
    folder = Path(out_dir) / shipped.SN_DIR
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    lines = []
    for list_id, one in merged.items():
        rows = [(code, rank, neighbour) for code in sorted(one.neighbours) for rank, neighbour in enumerate(one.neighbours[code], start=1)]
        shipped.write_csv(folder / f"sn_{list_id}.csv", shipped.SN_COLUMNS, rows)
        names = set(one.files)
        manifest[list_id] = {
            "title": LIST_TITLES.get(list_id, list_id),
            "inputs": sorted(({"name": e["name"], "sha256": e["sha256"]} for e in inputs.described if e["name"] in names), key=lambda e: e["name"]),
        }
        lines.append(f"wrote {shipped.SN_DIR}/sn_{list_id}.csv: {LIST_TITLES.get(list_id, list_id)} list, {len(one.neighbours)} LAs with neighbours")
    shipped.write_json(manifest_path, dict(sorted(manifest.items())))
    return lines


def import_release(files: list[Path], release: str, out_dir: Path | None = None) -> list[str]:
    """Build (or rebuild) the compact data of `release` and any neighbour lists given.

    Returns what was done, one line per step, for the command line to print. Files holding only
    neighbour lists update the lists alone; otherwise the release must be complete.
    """
    out_dir = Path(out_dir) if out_dir is not None else shipped.DATA_DIR
    inputs = recognise_files(files)
    lines = [f"{e['name']}: {e['table']}" + (f" ({e['layout']} layout)" if e.get("layout") else "") for e in inputs.described]
    if inputs.has_statistics:
        values, areas, manifest = build_release(inputs, release)
        folder = shipped.release_dir(out_dir, release)
        shipped.write_csv(folder / shipped.VALUES_FILE, shipped.VALUES_COLUMNS, values)
        shipped.write_csv(folder / shipped.AREAS_FILE, shipped.AREAS_COLUMNS, areas)
        shipped.write_json(folder / shipped.MANIFEST_FILE, manifest)
        lines.append(
            f"wrote {folder.name}/: {len(manifest['sources'])} measures for {manifest['years'][0]}-{manifest['years'][-1]} "
            f"({len(values)} figures, {sum(1 for a in areas if a[2] == shipped.LEVEL_LA)} LAs)"
        )
        for measure, reason in manifest["unavailable"].items():
            lines.append(f"no counterpart for {measure}: {reason}")
    if inputs.neighbour_lists:
        lines.extend(_write_neighbour_lists(inputs, out_dir))
    shipped.forget_loaded()
    return lines
