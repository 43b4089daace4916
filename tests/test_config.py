"""The scorecard config: the shipped default reads; mistakes name the field."""

import pytest

from csc_scorecard.config import default_config, default_la_code, default_local_authority, read_config
from csc_scorecard.issues import UserError


def test_default_config_is_sefton():
    config = default_config()
    assert (config.local_authority.name, config.local_authority.old_la_code) == ("Sefton", "343")
    assert (config.benchmarks.release, config.benchmarks.sn_list) == ("2023", "2021")


def test_the_loads_default_la_is_the_shipped_configs():
    """`scorecard load` reads the LA alone (start-up, issue 12): the same as the whole config's."""
    la = default_local_authority()
    assert (la.name, la.old_la_code, la.new_la_code, la.region) == ("Sefton", "343", "E08000014", "North West")
    assert la == default_config().local_authority


def test_the_default_la_code_read_alone_is_the_validated_layouts():
    # `scorecard series` reads the code without validating the layout: Sefton's, as the layout says
    assert default_la_code() == "343" == default_config().local_authority.old_la_code


def test_unknown_key_names_the_field(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text("local_authority: {name: X, old_la_code: '123', colour: red}\n")
    with pytest.raises(UserError, match=r"local_authority\.colour: Extra inputs are not permitted"):
        read_config(path)


def test_bad_la_code_names_the_field(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text("local_authority: {name: X, old_la_code: '12'}\n")
    with pytest.raises(UserError, match=r"local_authority\.old_la_code"):
        read_config(path)


def test_broken_yaml_names_the_line(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text("local_authority:\n  name: [unclosed\n")
    with pytest.raises(UserError, match=r"line \d+"):
        read_config(path)


def test_default_config_has_the_reference_rows_in_order():
    # the reference scorecard: 23 rows in sections of 7, 11 and 5; targets on rows 1-7
    config = default_config()
    rows = [row for section in config.sections for row in section.rows]
    assert [len(s.rows) for s in config.sections] == [7, 11, 5]
    assert [r.target for r in rows[:7]] == [650, 22, 730, 84, 250, 20, 19]
    assert all(r.target is None for r in rows[7:])
    assert rows[0].label == "Referrals received (annual rate per 10,000 of children)*"
    assert rows[22].label == "Care leavers aged 19-21 in education, employment, or training (%) - Latest snapshot **"
    # "Low/High is good" column of the reference, row by row ("-" is neutral)
    assert "".join({"high": "H", "low": "L", "neutral": "-"}[r.polarity] for r in rows) == "-L-H-LL" + "-H--LL---HH" + "--HHH"


def _rows(tmp_path, *rows: str, benchmarks: str | None = None):
    """A config file of one section with `rows` (YAML flow mappings), from line 6 on; with
    `benchmarks` on line 2, the rows from line 7 on."""
    path = tmp_path / "scorecard.yaml"
    path.write_text(
        "local_authority: {name: X, old_la_code: '123'}\n"
        + (f"benchmarks: {benchmarks}\n" if benchmarks else "")
        + "sections:\n"
        "  - title: One\n"
        "    columns: [rolling_12m]\n"
        "    rows:\n" + "".join(f"      - {row}\n" for row in rows)
    )
    return path


def test_unknown_indicator_id_names_the_line(tmp_path):
    path = _rows(
        tmp_path,
        "{id: referrals_rate, label: R, polarity: neutral, decimals: 1}",
        "{id: referals_rate, label: R, polarity: neutral, decimals: 1}",
    )
    with pytest.raises(UserError, match=r"scorecard.yaml: line 7: unknown indicator id 'referals_rate'"):
        read_config(path)


def test_wrong_type_names_the_line(tmp_path):
    path = tmp_path / "scorecard.yaml"
    path.write_text(
        "local_authority: {name: X, old_la_code: '123'}\n"
        "sections:\n"
        "  - title: One\n"
        "    columns: [rolling_12m, sideways]\n"
        "    rows: []\n"
    )
    with pytest.raises(UserError, match=r"line 4: sections\.0\.columns\.1: Input should be"):
        read_config(path)


def test_a_row_without_a_polarity_takes_its_measures_declared_one(tmp_path):
    rows = read_config(_rows(tmp_path, "{id: rereferrals_pct, label: R, decimals: 1}")).sections[0].rows
    assert rows[0].polarity == "low"  # measure 2: low is good
    given = read_config(_rows(tmp_path, "{id: rereferrals_pct, label: R, polarity: high, decimals: 1}"))
    assert given.sections[0].rows[0].polarity == "high"  # an LA may say otherwise


def test_a_benchmark_in_another_unit_names_both_units(tmp_path):
    path = _rows(tmp_path, "{id: referrals_rate, label: R, decimals: 1, benchmark: {measure: rereferrals_pct, year: 2023}}")
    with pytest.raises(UserError, match=r"line 6: benchmark 'rereferrals_pct' is a pct, but indicator 'referrals_rate' is a rate"):
        read_config(path)


def test_a_manual_measure_has_no_benchmark_to_name(tmp_path):
    path = _rows(tmp_path, "{id: agency_sw_pct, label: A, decimals: 0, benchmark: {measure: agency_sw_pct, year: 2023}}")
    with pytest.raises(UserError, match=r"line 6: unknown benchmark measure 'agency_sw_pct'"):
        read_config(path)


# --- benchmark release and year, once per document -------------------------------------------


def _document(tmp_path, benchmarks: str, *rows: str):
    return _rows(tmp_path, *rows, benchmarks=benchmarks)


def _shown(config):
    return [(b.measure, b.year) if (b := config.row_benchmark(row)) else None
            for section in config.sections for row in section.rows]


def test_the_reference_layout_takes_release_and_year_from_the_document():
    # 21 reference rows have a published counterpart of their own id in 2022-23; the CLA row
    # (14) says 2021-22 in its label; the manual rows 6 and 7 have none.
    config = default_config()
    rows = [row for section in config.sections for row in section.rows]
    shown = dict(zip([r.id for r in rows], _shown(config)))
    assert shown.pop("agency_sw_pct") is None and shown.pop("unregulated_placements") is None
    assert shown.pop("cla_rate") == ("cla_rate", 2022)
    assert len(shown) == 20 and all(found == (measure, 2023) for measure, found in shown.items())
    assert sum(row.benchmark is not None for row in rows) == 1  # only the CLA row writes one


def test_a_new_release_is_one_line(tmp_path):
    config = read_config(_document(tmp_path, "{release: '2025'}",
                                   "{id: referrals_rate, label: R, decimals: 1}",
                                   "{id: cin_rate, label: C, decimals: 1, benchmark: {year: 2024}}"))
    assert _shown(config) == [("referrals_rate", 2025), ("cin_rate", 2024)]


def test_the_document_year_and_a_rows_overrides(tmp_path):
    config = read_config(_document(
        tmp_path, "{release: '2023', year: 2022}",
        "{id: referrals_rate, label: R, decimals: 1}",
        "{id: cin_rate, label: C, decimals: 1, benchmark: false}",
        "{id: rereferrals_pct, label: P, decimals: 1, benchmark: {measure: cpp_repeat_pct}}",
        "{id: contacts_rate, label: K, decimals: 1}",
    ))
    assert _shown(config) == [("referrals_rate", 2022), None, ("cpp_repeat_pct", 2022), None]


@pytest.mark.parametrize(
    ("benchmarks", "row", "message"),
    [
        ("{release: '2023', year: 2019}", "{id: referrals_rate, label: R, decimals: 1}",
         "line 2: the 2023 release holds the years 2021-2023, not 2019"),
        ("{release: '2024'}", "{id: referrals_rate, label: R, decimals: 1}",
         "line 2: no benchmark data for release '2024'"),
        ("{release: '2025'}", "{id: referrals_rate, label: R, decimals: 1, benchmark: {year: 2022}}",
         "line 7: the 2025 release holds the years 2023-2025, not 2022"),
        ("{release: '2023'}", "{id: agency_sw_pct, label: A, decimals: 0, benchmark: {year: 2022}}",
         "line 7: indicator 'agency_sw_pct' has no published counterpart of its own"),
        ("{release: '23'}", "{id: referrals_rate, label: R, decimals: 1}",
         "line 2: benchmarks.release: String should match pattern"),
    ],
)
def test_benchmark_mistakes_name_the_line(tmp_path, benchmarks, row, message):
    with pytest.raises(UserError) as caught:
        read_config(_document(tmp_path, benchmarks, row))
    assert f"scorecard.yaml: {message}" in str(caught.value)


@pytest.mark.parametrize(
    ("benchmark", "message"),
    [
        ("{yeer: 2022}", "line 6: sections.0.rows.0.benchmark.yeer: Extra inputs are not permitted (1 problem(s) in all)"),
        ("{year: soon}", "line 6: sections.0.rows.0.benchmark.year: Input should be a valid integer"),
        ("true", "line 6: sections.0.rows.0.benchmark: Input should be {measure: ..., year: ...} (either may be left out) "
                 "or false (1 problem(s) in all)"),
    ],
)
def test_a_malformed_row_benchmark_names_the_field_in_the_files_words(tmp_path, benchmark, message):
    with pytest.raises(UserError) as caught:
        read_config(_rows(tmp_path, f"{{id: referrals_rate, label: R, decimals: 1, benchmark: {benchmark}}}"))
    assert str(caught.value).startswith(f"{tmp_path / 'scorecard.yaml'}: {message}")
