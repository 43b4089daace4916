"""Own benchmark values (issue 11, part 3): the reference's rows 3 and 21, which DfE does not
publish in the tables we ship, take the LA's own figures, loaded (`scorecard load`) or named in
the layout, and every output shows them with their source and no band.

Hand-worked: 556.5 rounds half up to 557 and 667.4 to 667 (published columns show whole
numbers); the symbol c shows as c. Row numbers are the reference's: 3 (assessments per 10,000)
and 21 (left care aged 16+ and stayed until 18).
"""

import json
import os
import shutil
import zipfile
from datetime import date, datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook
from render.docx_reading import compare_with_json, read_word_rows

from cli_run import scorecard
from csc_scorecard.config import DEFAULT_CONFIG, read_config
from csc_scorecard.issues import UserError
from csc_scorecard.loading import store_reference_file
from csc_scorecard.scorecard.build import build_scorecard
from csc_scorecard.store.db import open_store
from csc_scorecard.store.reference import own_benchmarks

AS_AT = date(2023, 12, 31)
OWN = (
    "indicator_id,year,area,value\n"
    "# reference row 3: no C2 file is shipped\n"
    "assessments_rate,2023,la,919\n"
    "assessments_rate,2023,sn,667.4\n"
    "assessments_rate,2023,region,597\n"
    "assessments_rate,2023,england,556.5\n"
    "cla_ceased_16plus_to18_pct,2023,la,100\n"
    "cla_ceased_16plus_to18_pct,2023,sn,91\n"
    "cla_ceased_16plus_to18_pct,2023,region,c\n"
    "cla_ceased_16plus_to18_pct,2023,england,79\n"
)
NOT_DFE = "(not DfE's published tables: no comparison with the mid-50% of LAs)"


@pytest.fixture
def store_copy(synthetic_store, tmp_path):
    """The session's synthetic store copied, so that loads here change no other test's store."""
    return shutil.copytree(synthetic_store, tmp_path / "store")


def _today_texts() -> set[str]:
    """How the source names the day of a load made now (UTC; either side of midnight)."""
    now = datetime.now(timezone.utc)
    return {f"{d.day} {d:%b %Y}" for d in (now - timedelta(minutes=10), now + timedelta(minutes=10))}


def _rows(card_json: dict) -> dict:
    return {row["id"]: row for section in card_json["sections"] for row in section["rows"]}


def test_load_then_build_shows_own_values_with_their_source_in_every_output(store_copy, tmp_path):
    own = tmp_path / "own.csv"
    own.write_text(OWN)
    loaded = scorecard("load", own, "--la", "343", store=store_copy)
    assert loaded.returncode == 0, loaded.stderr
    assert "own benchmark values (CSV)" in loaded.stdout
    assert "loaded 8 own benchmark values for LA 343" in " ".join(loaded.stdout.split())

    out = tmp_path / "out"
    built = scorecard("build", "--as-at", "2023-12-31", "--format", "json,html,xlsx,docx", "--out", out, "--la", "343",
                      store=store_copy)
    assert built.returncode == 0, built.stderr
    card = json.loads(next(out.glob("*.json")).read_text())
    rows = _rows(card)
    assessments, stayed = rows["assessments_rate"], rows["cla_ceased_16plus_to18_pct"]
    assert assessments["published"] == {"la": "919", "sn": "667", "region": "597", "england": "557", "reason": None,
                                        "marker": "\u2020"}
    assert stayed["published"] == {"la": "100", "sn": "91", "region": "c", "england": "79", "reason": None,
                                   "marker": "\u2020"}
    assert (assessments["benchmarks"]["la"], assessments["benchmarks"]["england"], assessments["benchmarks"]["sn"]) == (919, 556.5, 667.4)
    assert assessments["band"] is None and stayed["band"] is None
    source = assessments["benchmarks"]["source"]
    assert source in {f"own values: own.csv, loaded {day}" for day in _today_texts()}
    assert stayed["benchmarks"]["source"] == source
    assert card["footnotes"][-1] == {"marker": "\u2020", "text": f"Published statistics of rows 3 and 21: {source} {NOT_DFE}"}
    # the published rows keep DfE's figures: Sefton's referral rate 2022-23 is 822.6 (c1 2023)
    assert rows["referrals_rate"]["published"]["la"] == "823" and rows["referrals_rate"]["published"]["marker"] is None

    html = next(out.glob("*.html")).read_text()
    assert f'title="{source}">919<sup class="own-values">\u2020</sup></td>' in html
    assert f'title="{source}">557</td>' in html
    assert compare_with_json(read_word_rows(next(out.glob("*.docx"))), card) == 23 * 14  # every Word cell is the JSON's
    with zipfile.ZipFile(next(out.glob("*.docx"))) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert "919\u2020" in document and f"Published statistics of rows 3 and 21: {source}" in document
    sheet = load_workbook(next(out.glob("*.xlsx"))).worksheets[0]
    comments = {cell.comment.text for row in sheet.iter_rows() for cell in row if cell.comment}
    assert f"\u2020 {source}" in comments
    assert any(f"Published statistics of rows 3 and 21: {source}" in str(cell.value)
               for row in sheet.iter_rows() for cell in row if cell.value)


def test_the_newest_load_wins_for_its_measures_and_years_only(store_copy, tmp_path):
    first, second = tmp_path / "own.csv", tmp_path / "newer.csv"
    first.write_text(OWN)
    second.write_text("indicator_id,year,area,value\nassessments_rate,2023,la,900\n")
    store = open_store(store_copy, create=False)
    try:
        store_reference_file(store, first, "own_benchmarks", "343")
        store_reference_file(store, second, "own_benchmarks", "343")
        assert own_benchmarks(store, "343").filter(indicator_id="assessments_rate").select("area", "value", "file_name").rows() == [
            ("la", "900", "newer.csv")]  # no row mixes two files: own.csv's sn, region and England went with it
        rows = _rows(build_scorecard(store, AS_AT, None, "343").to_json())
    finally:
        store.dispose()
    assessments, stayed = rows["assessments_rate"]["published"], rows["cla_ceased_16plus_to18_pct"]["published"]
    assert (assessments["la"], assessments["sn"], assessments["england"], assessments["marker"]) == ("900", "-", "-", "\u2020")
    assert (stayed["la"], stayed["marker"]) == ("100", "\u2020\u2020")  # still own.csv's: a second source, a second marker
    assert rows["assessments_rate"]["benchmarks"]["source"].startswith("own values: newer.csv, loaded ")


def test_a_bad_file_is_refused_whole_naming_file_row_and_column(store_copy, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(OWN.replace("cla_ceased_16plus_to18_pct,2023,england,79", "cla_ceased_16plus_to18_pct,2023,england,79%"))
    result = scorecard("load", bad, "--la", "343", store=store_copy)
    assert result.returncode == 1
    message = "bad.csv, row 10, column 'value': '79%' is not a number or a published symbol (c, x, z, ...)"
    assert message in " ".join((result.stdout + result.stderr).split())
    checked = scorecard("validate", bad)  # `validate` checks as `load` does, storing nothing
    assert checked.returncode == 1 and message in " ".join(checked.stderr.split())
    good = tmp_path / "own.csv"
    good.write_text(OWN)
    checked = scorecard("validate", good)
    assert checked.returncode == 0 and "8 own benchmark values, no problems" in checked.stdout
    store = open_store(store_copy, create=False)
    try:
        assert own_benchmarks(store, "343").is_empty()
    finally:
        store.dispose()


def _layout_naming(folder, file_name: str):
    """The reference layout, copied into `folder`, naming an own values file beside it."""
    folder.mkdir(exist_ok=True)
    text = DEFAULT_CONFIG.read_text().replace('benchmarks: {release: "2023", sn_list: "2021"}',
                                              f'benchmarks: {{release: "2023", sn_list: "2021", own_values: {file_name}}}')
    path = folder / "scorecard.yaml"
    path.write_text(text)
    return path


def _saved(path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def test_a_file_named_in_the_layout_relative_to_it_and_the_newer_source_wins(store_copy, tmp_path, monkeypatch):
    layout = _layout_naming(tmp_path / "layout", "mine.csv")
    mine = layout.parent / "mine.csv"
    mine.write_text("indicator_id,year,area,value\nassessments_rate,2023,la,919\ncla_ceased_16plus_to18_pct,2023,la,99.5\n")
    _saved(mine, datetime(2024, 1, 15, 9, 30))
    monkeypatch.chdir(tmp_path)  # the path is the layout's folder's, not the working folder's
    config = read_config(layout)
    store = open_store(store_copy, create=False)
    try:
        rows = _rows(build_scorecard(store, AS_AT, config, "343").to_json())
        assert rows["assessments_rate"]["published"]["la"] == "919"
        assert rows["cla_ceased_16plus_to18_pct"]["published"]["la"] == "100"  # 99.5 half up
        assert rows["assessments_rate"]["benchmarks"]["source"] == "own values: mine.csv, saved 15 Jan 2024"
        # a load today is newer than the file saved in January 2024: it wins for its measure and year
        loaded = tmp_path / "loaded.csv"
        loaded.write_text("indicator_id,year,area,value\nassessments_rate,2023,la,800\n")
        store_reference_file(store, loaded, "own_benchmarks", "343")
        rows = _rows(build_scorecard(store, AS_AT, config, "343").to_json())
        assert (rows["assessments_rate"]["published"]["la"], rows["cla_ceased_16plus_to18_pct"]["published"]["la"]) == ("800", "100")
        # the file saved again later than the load wins back
        _saved(mine, datetime.now() + timedelta(days=2))
        rows = _rows(build_scorecard(store, AS_AT, config, "343").to_json())
        assert rows["assessments_rate"]["published"]["la"] == "919"
    finally:
        store.dispose()


def test_the_layout_names_a_missing_or_bad_own_values_file_with_its_line(tmp_path):
    layout = _layout_naming(tmp_path / "layout", "absent.csv")
    line = DEFAULT_CONFIG.read_text().splitlines().index('benchmarks: {release: "2023", sn_list: "2021"}') + 1
    with pytest.raises(UserError) as caught:
        read_config(layout)
    assert str(caught.value).startswith(f"{layout}: line {line}: own values file {layout.parent / 'absent.csv'} not found")
    (layout.parent / "absent.csv").write_text("indicator_id,year,area,value\nassessments_rate,2023,wales,1\n")
    with pytest.raises(UserError) as caught:
        read_config(layout)
    assert str(caught.value) == "absent.csv, row 2, column 'area': 'wales' is not one of la, sn, region, england"


def test_the_document_year_gives_the_cells_every_row_once_named(synthetic_card, synthetic_store, tmp_path):
    """The reference layout before the year was set once named `benchmark: {measure: ID, year:
    2023}` on each of its 21 benchmarked rows (2022 for the CLA row): written out that way, it
    builds the same published cells, bands and benchmarks as the shipped layout."""
    lines = []
    for line in DEFAULT_CONFIG.read_text().splitlines():
        if line.strip().startswith("- {id: ") and "agency_sw_pct" not in line and "unregulated_placements" not in line:
            measure = line.split("{id: ")[1].split(",")[0]
            line = line.replace(", benchmark: {year: 2022}}", "}")
            year = 2022 if measure == "cla_rate" else 2023
            line = line[:-1] + f", benchmark: {{measure: {measure}, year: {year}}}}}"
        lines.append(line)
    explicit = tmp_path / "explicit.yaml"
    explicit.write_text("\n".join(lines) + "\n")
    assert sum(line.strip().startswith("- {id: ") and "benchmark: {measure:" in line for line in lines) == 21
    store = open_store(synthetic_store, create=False)
    try:
        named = build_scorecard(store, AS_AT, read_config(explicit), "343")
    finally:
        store.dispose()
    shipped = {r.id: (r.published, r.band) for r in synthetic_card.rows}
    assert {r.id: (r.published, r.band) for r in named.rows} == shipped
    # spec/benchmarks.md, section 2: Sefton 2022-23 referrals 822.6 / SN 630.2 / NW 529.6 / England
    # 544.5 (Higher); CLA per 10,000 2021-22 from the 2023 release 112 / 90.2 / 97 / 70
    referrals, looked_after = shipped["referrals_rate"], shipped["cla_rate"]
    assert (referrals[0].la, referrals[0].sn, referrals[0].region, referrals[0].england, referrals[1]) == ("823", "630", "530", "545", "Higher")
    assert (looked_after[0].la, looked_after[0].sn, looked_after[0].region, looked_after[0].england) == ("112", "90", "97", "70")
    assert (looked_after[0].benchmark["year"], referrals[0].benchmark["year"]) == (2022, 2023)


def test_a_load_that_fails_part_way_leaves_the_values_before_it(tmp_path):
    """One transaction: the delete of the measure's stored values and the inserts commit together
    or not at all (here the second insert breaks the table's key)."""
    import polars as pl
    import sqlalchemy as sa

    from csc_scorecard.ingest.own_benchmarks import OWN_BENCHMARK_SCHEMA
    from csc_scorecard.store.reference import save_own_benchmarks

    store = open_store(tmp_path / "store")
    try:
        first = pl.DataFrame([("assessments_rate", 2023, "la", "919", None)], schema=OWN_BENCHMARK_SCHEMA, orient="row")
        assert save_own_benchmarks(store, first, "343", "own.csv") == 1
        twice = pl.DataFrame([("assessments_rate", 2023, "la", "900", None)] * 2, schema=OWN_BENCHMARK_SCHEMA, orient="row")
        with pytest.raises(sa.exc.IntegrityError):
            save_own_benchmarks(store, twice, "343", "broken.csv")
        assert own_benchmarks(store, "343").select("value", "file_name").rows() == [("919", "own.csv")]
    finally:
        store.dispose()
