"""Workbooks written by several processes are the same bytes as written one by one (the demo
writes its 24 in parallel; its figures must not depend on that)."""

from datetime import date

from csc_scorecard.synth import generate_la, write_monthly_extracts


def test_parallel_writing_gives_the_same_files(tmp_path):
    la = generate_la(seed=5, start=date(2022, 1, 1), end=date(2023, 3, 31), scale=0.1)
    serial = write_monthly_extracts(la, tmp_path / "serial", date(2023, 1, 31), date(2023, 3, 31), messy=True)
    parallel = write_monthly_extracts(la, tmp_path / "parallel", date(2023, 1, 31), date(2023, 3, 31), messy=True, workers=2)
    assert [p.name for p in parallel] == ["annex_a_2023-01-31.xlsx", "annex_a_2023-02-28.xlsx", "annex_a_2023-03-31.xlsx"]
    assert [p.read_bytes() for p in parallel] == [p.read_bytes() for p in serial]
