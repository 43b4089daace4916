"""The benchmark table for every LA in England, both releases and both neighbour lists.

Each band is checked against its own LA value and Q1/Q3 (an independent restatement of the
rule: Higher above Q3, Lower below Q1, else In range; no value, no band), and the special cases
of spec/benchmarks.md are checked with values typed in from the published files.
"""

import json
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from csc_scorecard.benchmarks import shipped
from csc_scorecard.benchmarks.sources import MEASURES
from csc_scorecard.benchmarks.table import benchmark_for, benchmark_table
from csc_scorecard.cli import app
from csc_scorecard.issues import UserError

COMBINATIONS = [("2023", 2023, "2021"), ("2023", 2023, "2025"), ("2025", 2025, "2021"), ("2025", 2025, "2025")]


def all_la_codes(release: str, sn_list: str) -> list[str]:
    """Every LA of the release's data and every LA with a row in the neighbour list."""
    data = shipped.load_release(release)
    codes = {code for code, area in data.areas.items() if area.level == shipped.LEVEL_LA}
    return sorted(codes | set(shipped.load_sn_list(sn_list)))


def expected_band(value: Fraction | None, q1, q3) -> str | None:
    if value is None:
        return None
    return "Higher" if value > q3 else "Lower" if value < q1 else "In range"


@pytest.mark.parametrize(("release", "year", "sn_list"), COMBINATIONS)
def test_every_la_gets_a_consistent_table(release, year, sn_list):
    codes = all_la_codes(release, sn_list)
    assert len(codes) >= 152
    for code in codes:
        table = benchmark_table(code, year, release=release, sn_list=sn_list)
        assert [row.measure for row in table.rows] == list(MEASURES)
        for row in table.rows:
            if row.q1 is not None:
                assert row.q1 <= row.q3
            assert row.band == expected_band(row.la.exact, row.q1, row.q3), (code, row.measure)
            if row.band is None:
                assert "band" in row.reasons
            if row.sn is not None:
                assert 1 <= row.sn_count <= len(table.neighbours)


def test_every_la_of_the_2023_data_has_a_referral_band():
    # c1 2023 publishes a rate for all 152 LAs of 2022-23, so each has a band.
    data = shipped.load_release("2023")
    current = [c for c, f in data.figures[("referrals_rate", 2023)].items() if c.isdigit() and f.value is not None]
    assert len(current) == 152
    for code in current:
        row = benchmark_table(code, 2023).rows[0]
        assert row.band in ("Higher", "Lower", "In range")


@pytest.mark.parametrize("code", ["202", "213", "301", "320"])  # Camden, Westminster (Inner), Barking, Waltham Forest (Outer)
def test_london_boroughs_get_london_region_values(code):
    table = benchmark_table(code, 2023)
    assert (table.region_code, table.region_name) == ("E12000007", "London")
    rows = {row.measure: row for row in table.rows}
    # London's own rows in c1/b1 2023 (E12000007): referrals 570.1 per 10,000, CIN 369.8.
    assert str(rows["referrals_rate"].region.value) == "570.1"
    assert str(rows["cin_rate"].region.value) == "369.8"
    # A computed rate from London's own counts: CP plans 7,580 / 1,894,099 (mid-2021) x 10,000.
    assert rows["cpp_rate"].region.value == Fraction(7580 * 10000, 1894099)


@pytest.mark.parametrize(
    ("code", "name", "referrals_2023"),
    [("940", "North Northamptonshire", "628.8"), ("941", "West Northamptonshire", "563.5"), ("838", "Dorset", "451")],
)
def test_las_created_in_the_reorganisations(code, name, referrals_2023):
    table = benchmark_table(code, 2023)
    assert table.la_name == name
    referrals = table.rows[0]
    assert str(referrals.la.value) == referrals_2023
    assert referrals.sn_count == 10 and referrals.band is not None


def test_bcp_has_its_own_neighbours_and_values():
    table = benchmark_table("839", 2023)
    assert table.la_name == "Bournemouth, Christchurch and Poole"
    assert len(table.neighbours) == 10
    assert table.rows[0].la.value is not None


def test_neighbour_list_naming_cumbria_averages_the_neighbours_with_values():
    # Derbyshire's April 2021 neighbours include Cumbria (909), which has no figures after
    # 2022-23: for 2024-25 its SN mean is over the other nine.
    neighbours = shipped.load_sn_list("2021")["830"]
    assert "909" in neighbours
    data = shipped.load_release("2025")
    figures = data.figures[("rereferrals_pct", 2025)]
    assert "909" not in figures or figures["909"].value is None
    others = [figures[c].exact for c in neighbours if c != "909"]
    assert all(v is not None for v in others)
    row = next(r for r in benchmark_table("830", 2025, release="2025", sn_list="2021").rows if r.measure == "rereferrals_pct")
    assert row.sn_count == 9
    assert row.sn == sum(others) / 9
    # In the 2023 release Cumbria still has its own figures: ten neighbours.
    row_2023 = next(r for r in benchmark_table("830", 2023).rows if r.measure == "rereferrals_pct")
    assert row_2023.sn_count == 10


def test_pre_reorganisation_la_in_the_list_runs_with_its_surviving_neighbours():
    # Poole (836, abolished 2019) is a row of the April 2021 list; one of its neighbours is
    # Dorset (835, abolished too). It has no values of its own for 2022-23.
    assert "835" in shipped.load_sn_list("2021")["836"]
    table = benchmark_table("836", 2023)
    referrals = table.rows[0]
    assert referrals.la.value is None and referrals.band is None
    assert referrals.sn_count == 9
    assert table.region_code == "E12000009"


def test_la_created_after_the_2021_list_has_no_neighbours_with_a_reason():
    table = benchmark_table("942", 2025, release="2025", sn_list="2021")
    assert table.la_name == "Cumberland"
    row = table.rows[0]
    assert row.la.value is not None and row.sn is None and row.sn_count == 0
    assert row.reasons["sn"] == "LA 942 has no neighbours in the April 2021 (LGR version) list"
    assert len(benchmark_table("942", 2025, release="2025", sn_list="2025").neighbours) == 10


def test_unknown_la_code_is_a_user_error():
    with pytest.raises(UserError, match=r"^unknown LA code '999': not a local authority in the 2023 release's data$"):
        benchmark_table("999", 2023)
    with pytest.raises(UserError, match=r"not a 3-digit DfE code"):
        benchmark_table("34", 2023)


def test_year_outside_the_release_is_a_user_error():
    with pytest.raises(UserError, match=r"^no benchmarks for 2019 in the 2023 release \(it holds 2021-2023\)$"):
        benchmark_table("343", 2019)


def test_single_benchmark_for_the_scorecard():
    row = benchmark_for("cla_rate", "343", 2022)
    assert (str(row.la.value), row.band) == ("112", "Higher")


def test_test_authority_has_no_la_figures_but_still_england():
    # A code with no published statistics is accepted by the scorecard (spec/scorecard.md).
    row = benchmark_for("cin_rate", "999", 2023)
    assert row.la.value is None and row.band is None and row.sn is None
    assert str(row.england.value) == "342.7"
    assert row.reasons["la"] == "LA 999 has no published statistics in the 2023 release"
    with pytest.raises(UserError, match=r"^unknown benchmark measure 'agency_sw_pct'"):
        benchmark_for("agency_sw_pct", "343", 2023)


def test_command_runs_for_every_la_and_its_json_bands_agree():
    # The command itself, once per LA (2023 release, April 2021 list); float(x) is monotonic,
    # so the exact band rule implies these inequalities on the JSON numbers.
    runner = CliRunner()
    for code in all_la_codes("2023", "2021"):
        result = runner.invoke(app, ["benchmarks", "--la", code, "--year", "2023", "--format", "json"])
        assert result.exit_code == 0, (code, result.output)
        for row in json.loads(result.stdout):
            la, q1, q3, band = row["la"], row["q1"], row["q3"], row["band"]
            if la is None:
                assert band is None
            elif band == "Higher":
                assert la >= q3
            elif band == "Lower":
                assert la <= q1
            else:
                assert band == "In range" and q1 <= la <= q3
