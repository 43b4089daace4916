"""Progress of long work without a terminal (a pipe, a log, these tests): one plain line per
step on standard error, naming files, lists, outputs and counts only; on a terminal, a bar that
prints no such lines. Standard output keeps the results alone."""

import io
from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from cli_run import scorecard
from rich.console import Console

from csc_scorecard.progress import progress


def test_load_says_each_list_and_its_rows_as_read(tmp_path):
    # two referrals in List 3, three in List 3's sheet of another workbook: rows counted by hand
    first = write_workbook(tmp_path / "annex_a_2023-11-30.xlsx", {"List 3": [REFERRAL_HEADERS, referral(), referral("C2")]})
    second = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {
        "List 3": [REFERRAL_HEADERS, referral("C7"), referral("C8"), referral("C9", date(2023, 12, 1))]})
    result = scorecard("load", first, second, "--la", "343", store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "  reading annex_a_2023-11-30.xlsx: List 3 (Referrals): 2 rows read" in lines
    assert "  reading annex_a_2023-11-30.xlsx: stored (loaded)" in lines
    assert "  reading annex_a_2023-12-31.xlsx: List 3 (Referrals): 3 rows read" in lines
    assert lines.index("  reading annex_a_2023-12-31.xlsx: stored (loaded)") > lines.index("  reading annex_a_2023-11-30.xlsx: stored (loaded)")
    assert not any(line.startswith("  reading ") for line in result.stdout.splitlines())
    # no child's identifier reaches the progress (or any other) line
    assert not any(child in result.stdout + result.stderr for child in ("C1", "C2", "C7", "C8", "C9"))


def test_build_says_each_output_as_written(synthetic_store, tmp_path):
    result = scorecard("build", "--as-at", "2023-12-31", "--format", "html,json", "--out", tmp_path, store=synthetic_store)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "Building: 1/3 computed the scorecard as at 2023-12-31",
        "Building: 2/3 wrote scorecard.html",
        "Building: 3/3 wrote scorecard.json",
    ]
    # standard output: the output paths alone, what a script reads from a pipe
    assert result.stdout.splitlines() == [f" html: {tmp_path / 'scorecard.html'}", f" json: {tmp_path / 'scorecard.json'}"]


def test_plain_lines_on_stderr_without_a_terminal_and_none_without_a_console(capsys):
    console = Console(force_terminal=False, width=200)  # the results' console, on standard output
    with progress(console, "Loading extracts", total=2) as steps:
        steps.done("annex_a_2023-11-30.xlsx: 12 rows in 1 lists")
        steps.done("annex_a_2023-12-31.xlsx: 13 rows in 1 lists")
    with progress(console, "  reading a.xlsx") as steps:
        steps.done("List 3 (Referrals): 2 rows read")
    with progress(None, "Building", total=1) as steps:
        steps.done("wrote scorecard.html")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "Loading extracts: 1/2 annex_a_2023-11-30.xlsx: 12 rows in 1 lists",
        "Loading extracts: 2/2 annex_a_2023-12-31.xlsx: 13 rows in 1 lists",
        "  reading a.xlsx: List 3 (Referrals): 2 rows read",
    ]


def test_a_terminal_gets_a_bar_that_is_cleared_not_lines():
    out = io.StringIO()
    console = Console(file=out, stderr=True, force_terminal=True, width=100)  # a terminal on standard error
    with progress(console, "Loading extracts", total=2) as steps:
        steps.done("first.xlsx")
        steps.done("second.xlsx")
    assert "Loading extracts: 1/2" not in out.getvalue()
    assert "\x1b[" in out.getvalue()  # drawn with terminal control sequences
