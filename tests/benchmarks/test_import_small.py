"""The importer on a tiny hand-made release (conftest.py): what it keeps, computes and writes."""

import json
from fractions import Fraction

from csc_scorecard.benchmarks.console import show_figure
from csc_scorecard.benchmarks.importer import import_release
from csc_scorecard.benchmarks.table import benchmark_table


def built(tmp_path, files):
    out = tmp_path / "data"
    lines = import_release(files, "2023", out)
    return out, lines


def values_lines(out) -> list[str]:
    return (out / "release_2023" / "values.csv").read_text(encoding="utf-8").splitlines()


def test_published_values_are_kept_as_published(tmp_path, tiny_release):
    out, _ = built(tmp_path, tiny_release)
    lines = values_lines(out)
    assert lines[0] == "measure,year,area_code,value,symbol,numerator,denominator,per"
    assert lines[1:5] == [
        "referrals_rate,2023,202,,c,,,",
        "referrals_rate,2023,343,800.5,,,,",
        "referrals_rate,2023,344,600.0,,,,",
        "referrals_rate,2023,E12000002,600.0,,,,",
    ]
    assert "cla_absent_pct,2023,202,,k,,," in lines
    # LAIT float noise removed; LAIT's "-" kept as a symbol
    assert "assessments_45wd_pct,2023,343,74.4,,,," in lines
    assert "assessments_45wd_pct,2023,202,,-,,," in lines


def test_years_outside_the_kept_three_and_inner_london_rows_are_dropped(tmp_path, tiny_release):
    out, _ = built(tmp_path, tiny_release)
    text = "\n".join(values_lines(out))
    assert ",2020," not in text and "999.9" not in text  # the 2019-20 row
    assert "E13000001" not in text
    assert "assessments_45wd_pct,2023,E12000007,85.4,,,," in text  # LAIT 986 -> London


def test_rates_from_counts_over_the_release_population(tmp_path, tiny_release):
    out, _ = built(tmp_path, tiny_release)
    lines = values_lines(out)
    # s47: Sefton 200 enquiries / 5,000 children (mid-2021), England 20,000 / 1,000,000
    assert "s47_rate,2023,343,,,200,5000,10000" in lines
    assert "s47_rate,2023,E92000001,,,20000,1000000,10000" in lines
    assert "s47_rate,2023,202,,c,,," in lines  # a suppressed count stays suppressed
    # ICPC within 15 working days: (10 + 35) / 50; Wirral's 0-10 band is c; Camden held none (0/0)
    assert "icpc_15wd_pct,2023,343,,,45,50,100" in lines
    assert "icpc_15wd_pct,2023,344,,c,,," in lines
    assert "icpc_15wd_pct,2023,202,,z,,," in lines


def test_areas_map_london_boroughs_to_london(tmp_path, tiny_release):
    out, _ = built(tmp_path, tiny_release)
    assert (out / "release_2023" / "areas.csv").read_text(encoding="utf-8").splitlines() == [
        "area_code,name,level,region_code",
        "202,Camden,la,E12000007",
        "343,Sefton,la,E12000002",
        "344,Wirral,la,E12000002",
        "E12000002,North West,region,E12000002",
        "E12000007,London,region,E12000007",
        "E92000001,England,england,",
    ]


def test_manifest_names_inputs_sources_and_gaps(tmp_path, tiny_release):
    out, lines = built(tmp_path, tiny_release)
    manifest = json.loads((out / "release_2023" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["years"] == [2021, 2022, 2023]
    assert len(manifest["inputs"]) == 13  # the neighbour list is recorded in sn_lists/manifest.json
    assert manifest["sources"]["s47_rate"]["2023"] == (
        "c4_children_in_need_section_47s_and_icpcs (2025 release): Section47 / ONS mid-2021 population aged 0-17 x 10,000"
    )
    assert manifest["sources"]["referrals_rate"]["2022"] == "c1_children_in_need_referrals_and_rereferrals"
    assert sorted(manifest["unavailable"]) == ["assessments_rate", "cla_ceased_16plus_to18_pct"]
    assert (out / "sn_lists" / "sn_2021.csv").read_text(encoding="utf-8").splitlines() == [
        "old_la_code,sn_rank,sn_old_la_code", "202,1,343", "202,2,344", "343,1,344", "343,2,202", "344,1,343",
    ]
    # 19 measures x 6 areas (England, North West, London, three LAs; Inner London dropped)
    assert "wrote release_2023/: 19 measures for 2021-2023 (114 figures, 3 LAs)" in lines


def test_rebuild_is_byte_identical(tmp_path, tiny_release):
    out, _ = built(tmp_path, tiny_release)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    import_release(list(reversed(tiny_release)), "2023", out)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == first


def test_table_from_the_imported_data(tmp_path, tiny_release):
    out, _ = built(tmp_path, tiny_release)
    rows = {r.measure: r for r in benchmark_table("343", 2023, data_dir=out).rows}
    s47 = rows["s47_rate"]
    assert s47.la.value == 400  # 200 / 5,000 x 10,000
    assert (s47.sn, s47.sn_count) == (375, 1)  # Wirral 150 / 4,000 x 10,000; Camden suppressed
    assert s47.region.value == 300 and s47.england.value == 200  # 3,000 / 100,000; 20,000 / 1,000,000
    # LAs with a value: 375, 400 -> Q1 = 375 + 0.25 x 25 = 381.25, Q3 = 393.75; 400 > Q3
    assert (s47.q1, s47.q3, s47.band) == (Fraction(1525, 4), Fraction(1575, 4), "Higher")
    camden = {r.measure: r for r in benchmark_table("202", 2023, data_dir=out).rows}
    assert camden["referrals_rate"].region.value == 400  # London, from its E12 row
    assert camden["referrals_rate"].band is None and camden["referrals_rate"].la.symbol == "c"
    assert camden["s47_rate"].sn == Fraction(775, 2)  # (400 + 375) / 2


def test_k_is_missing_in_the_table_and_left_out_of_quartiles(tmp_path, tiny_release):
    out, _ = built(tmp_path, tiny_release)
    camden = next(r for r in benchmark_table("202", 2023, data_dir=out).rows if r.measure == "cla_absent_pct")
    assert camden.la.value is None and camden.la.symbol == "k"
    assert show_figure(camden.la) == "<0.5"
    assert camden.band is None
    # away without authorisation: Sefton 1, Wirral 0 (Camden k left out): Q1 = 0.25, Q3 = 0.75
    sefton = next(r for r in benchmark_table("343", 2023, data_dir=out).rows if r.measure == "cla_absent_pct")
    assert (sefton.q1, sefton.q3, sefton.band) == (Fraction(1, 4), Fraction(3, 4), "Higher")
