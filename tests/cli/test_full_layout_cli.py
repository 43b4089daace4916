"""The full library layout through the command line: `config check` accepts it, and the
catalogue shows Lists 1 and 2 and the second list a measure reads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FULL = Path(__file__).parents[2] / "src" / "csc_scorecard" / "data" / "layouts" / "annex-a-full.yaml"


def scorecard(*args):
    result = subprocess.run([sys.executable, "-m", "csc_scorecard", *map(str, args)], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_config_check_accepts_the_full_layout():
    result = scorecard("config", "check", FULL)
    assert result.returncode == 0, result.stderr
    # lists 1-11 and caseloads; library measures 24-65 and 70-95 (docs/measures.md): 42 + 26 rows
    assert result.stdout.strip().endswith("annex-a-full.yaml: a valid layout: 12 section(s), 68 row(s)")


def test_the_catalogue_of_list_1_and_a_measure_reading_two_lists():
    entries = json.loads(scorecard("measures", "--list", "1", "--format", "json").stdout)
    assert [e["number"] for e in entries] == list(range(43, 56))
    followed = next(e for e in entries if e["id"] == "contacts_to_referral_30d_pct")
    assert followed["also_reads"] == [{"list": {"number": 3, "title": "Referrals"}, "reads": ["Date of referral"]}]
    assert [e["number"] for e in json.loads(scorecard("measures", "--list", "2", "--format", "json").stdout)] == [56, 57, 58]
