"""`scorecard benchmarks` and `scorecard benchmarks import` as a user runs them."""

import io
import json
import os
from datetime import datetime

from rich.console import Console
from typer.testing import CliRunner

from csc_scorecard.benchmarks.console import rich_table
from csc_scorecard.benchmarks.sources import MEASURES
from csc_scorecard.benchmarks.table import benchmark_table
from csc_scorecard.cli import app

runner = CliRunner()


def test_json_for_sefton_matches_the_documented_shape():
    result = runner.invoke(app, ["benchmarks", "--la", "343", "--year", "2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    # 21 measures, less the two with no published counterpart (assessments_rate, row 21)
    assert len(rows) == 19
    assert set(rows[0]) == {"measure", "year", "release", "la", "la_symbol", "sn", "sn_count", "region",
                            "england", "q1", "q3", "band", "source"}
    by_measure = {r["measure"]: r for r in rows}
    assert by_measure["cla_ceased_adopted_pct"]["la"] is None
    assert by_measure["cla_ceased_adopted_pct"]["la_symbol"] == "c"
    assert by_measure["cla_ceased_adopted_pct"]["band"] is None
    assert by_measure["cin_rate"]["la"] == 516.8
    assert "assessments_rate" not in by_measure


def test_table_is_printed():
    result = runner.invoke(app, ["benchmarks", "--la", "343", "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert "referrals_rate" in result.stdout and "Higher" in result.stdout


def test_table_shows_every_measure_with_sources_and_reasons_for_gaps():
    text = io.StringIO()
    Console(file=text, width=200).print(rich_table(benchmark_table("343", 2023)))
    shown = text.getvalue().splitlines()
    assert shown[0].strip() == (
        "Published benchmarks for Sefton (343, North West): 2022-23, 2023 release, statistical neighbours April 2021 (LGR version)"
    )
    cells = {line.split()[0]: line.split()[1:] for line in shown if line.split() and line.split()[0] in MEASURES}
    assert list(cells) == list(MEASURES)
    # LA, SN, SNs, Region, England, Q1, Q3, Band
    assert cells["referrals_rate"] == ["822.6", "630.2", "10/10", "529.6", "544.5", "449.4", "690.5", "Higher"]
    assert cells["cla_ceased_adopted_pct"] == ["c", "10.2", "10/10", "9", "9", "7.0", "14.0", "-"]
    assert cells["assessments_rate"] == ["-"] * 8
    assert "  referrals_rate, rereferrals_pct: c1_children_in_need_referrals_and_rereferrals" in shown
    assert "  cla_ceased_adopted_pct: suppressed (confidential) (c); no band: suppressed (confidential) (c)" in shown
    assert any(line.startswith("  assessments_rate: no C2 (assessments) file") for line in shown)


def test_2025_release_and_list():
    result = runner.invoke(app, ["benchmarks", "--la", "343", "--year", "2025", "--release", "2025", "--sn-list", "2025", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["measure"]: r for r in json.loads(result.stdout)}
    assert rows["rereferrals_pct"]["la"] == 26.2  # c1 2025, Sefton 2024-25
    assert "cla_missing_pct" not in rows  # no 2025 missing/away file shipped


def test_unknown_la_is_one_line_and_exit_1():
    result = runner.invoke(app, ["benchmarks", "--la", "999", "--year", "2023"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: unknown LA code '999': not a local authority in the 2023 release's data"
    assert "Traceback" not in result.output


def test_unknown_release_and_list_are_user_errors():
    result = runner.invoke(app, ["benchmarks", "--la", "343", "--year", "2023", "--release", "2019"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: no benchmark data for release '2019' (available: 2023, 2025; build it with `scorecard benchmarks import`)"
    )
    result = runner.invoke(app, ["benchmarks", "--la", "343", "--year", "2023", "--sn-list", "2007"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: no statistical-neighbour list '2007' (available: 2021, 2025)"


def test_missing_options_and_bad_format_are_usage_errors():
    assert runner.invoke(app, ["benchmarks", "--la", "343"]).exit_code == 2
    assert runner.invoke(app, ["benchmarks", "--la", "343", "--year", "2023", "--format", "xml"]).exit_code == 2


def test_own_values_fill_a_measure_without_a_shipped_file(tmp_path):
    # The reference scorecard's assessments per 10,000 (row 3): 919 / 667 / 597 / 557.
    own = tmp_path / "own.csv"
    own.write_text("indicator_id,year,area,value\n"
                   "assessments_rate,2023,la,919\nassessments_rate,2023,sn,667\n"
                   "assessments_rate,2023,region,597\nassessments_rate,2023,england,557\n", encoding="utf-8")
    saved = datetime(2024, 2, 29, 12, 0).timestamp()
    os.utime(own, (saved, saved))
    result = runner.invoke(app, ["benchmarks", "--la", "343", "--year", "2023", "--format", "json", "--own-values", str(own)])
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout) if r["measure"] == "assessments_rate")
    assert row == {"measure": "assessments_rate", "year": 2023, "release": "2023", "la": 919, "la_symbol": None,
                   "sn": 667, "sn_count": None, "region": 597, "england": 557, "q1": None, "q3": None,
                   "band": None, "source": "own values: own.csv, saved 29 Feb 2024"}


def test_import_command_writes_to_the_folder_given(tmp_path, tiny_release):
    out = tmp_path / "data"
    result = runner.invoke(app, ["benchmarks", "import", *map(str, tiny_release), "--release", "2023", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote release_2023/: 19 measures for 2021-2023" in result.stdout
    assert (out / "release_2023" / "values.csv").exists()


def test_import_error_is_one_line(tmp_path, tiny_release):
    stray = tmp_path / "stray.csv"
    stray.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["benchmarks", "import", *map(str, tiny_release), str(stray), "--release", "2023", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: stray.csv: not a DfE table this tool reads (columns: a, b)")
