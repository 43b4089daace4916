"""`scorecard build` for a month with no extract of its own stops, naming the month and the
latest loaded extract, unless --allow-missing (issue #15 item 9)."""

import json

from cli_run import scorecard


def test_a_month_without_an_extract_is_refused(synthetic_store, tmp_path):
    # the synthetic store holds monthly extracts Dec 2022 - Dec 2023: none in January 2024
    result = scorecard("build", "--as-at", "2024-01-31", "--format", "json", "--out", tmp_path, "--la", "343",
                       store=synthetic_store)
    assert result.returncode == 1
    message = " ".join((result.stdout + result.stderr).split())
    assert "January 2024" in message and "2023-12-31" in message and "--allow-missing" in message
    assert not (tmp_path / "scorecard.json").exists()


def test_allow_missing_builds_from_the_extracts_loaded(synthetic_store, tmp_path):
    result = scorecard("build", "--as-at", "2024-01-31", "--format", "json", "--out", tmp_path, "--la", "343",
                       "--allow-missing", store=synthetic_store)
    assert result.returncode == 0, result.stderr
    assert json.loads(next(tmp_path.glob("*.json")).read_text())["as_at"] == "2024-01-31"
