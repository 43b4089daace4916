"""`scorecard measures` (the catalogue from the declarations) and `scorecard config check`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SHIPPED = Path(__file__).parents[2] / "src" / "csc_scorecard" / "data" / "scorecard.yaml"


def scorecard(*args):
    result = subprocess.run([sys.executable, "-m", "csc_scorecard", *map(str, args)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_the_catalogue_lists_the_reference_23_then_the_library_in_number_order():
    result = scorecard("measures", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    numbers = [e["number"] for e in entries]
    assert numbers == sorted(numbers) and numbers[:23] == list(range(1, 24)) and len(entries) >= 42
    assert [e["reference"] for e in entries[:24]] == [True] * 23 + [False]
    first = entries[0]
    # spec/indicators.md row 1: a rate, no good direction, List 3, counted by its referral date.
    assert (first["id"], first["unit"], first["polarity"], first["kind"], first["list"], first["benchmark"]) == (
        "referrals_rate", "rate", "neutral", "flow", {"number": 3, "title": "Referrals"}, "referrals_rate")
    assert "Date of referral" in first["reads"]
    agency = next(e for e in entries if e["id"] == "agency_sw_pct")
    assert (agency["kind"], agency["list"], agency["reads"]) == ("manual", None, [])
    timely = next(e for e in entries if e["id"] == "assessments_45wd_pct")
    assert timely["needs"] == ["Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"]


def test_the_catalogue_of_one_list():
    entries = json.loads(scorecard("measures", "--list", "8", "--format", "json").stdout)
    # List 8: reference rows 14-21 and library measures 35-40 and 80-87 (docs/measures.md)
    assert [e["number"] for e in entries] == [14, 15, 16, 17, 18, 19, 20, 21, 35, 36, 37, 38, 39, 40, *range(80, 88)]
    table = scorecard("measures", "--list", "8")
    assert table.returncode == 0 and "cla_rate" in table.stdout and "referrals_rate" not in table.stdout
    empty = scorecard("measures", "--list", "12")
    assert empty.returncode == 1 and "--list 12: no measure reads List 12" in empty.stderr


def test_config_check_accepts_the_shipped_layout_and_names_the_line_of_an_error(tmp_path):
    good = scorecard("config", "check", SHIPPED)
    assert good.returncode == 0
    assert good.stdout.strip().endswith("scorecard.yaml: a valid layout: 3 section(s), 23 row(s)")
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if "{id: assessments_rate," in line)
    lines[row] = lines[row].replace("{id: assessments_rate,", "{id: assessments_ratio,")
    broken = tmp_path / "mine.yaml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = scorecard("config", "check", broken)
    assert result.returncode == 1
    assert f"mine.yaml: line {row + 1}:" in result.stderr and "assessments_ratio" in result.stderr
