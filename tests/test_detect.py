"""Input kinds are told apart by extension and CSV headers; as-at dates come from file names."""

from datetime import date
from pathlib import Path

import pytest

from csc_scorecard.ingest.detect import date_in_file_name, detect_kind
from csc_scorecard.issues import UserError


@pytest.mark.parametrize(
    "header, kind",
    [
        ("new_la_code,old_la_code,la_name,time_period,population", "population"),
        ("indicator_id,period_end,value,label", "manual"),
        ("source,period_end,period_label,area,indicator_id,value", "regional"),
        ("indicator_id,year,area,value", "own_benchmarks"),
    ],
)
def test_csv_kind_from_headers(tmp_path, header, kind):
    path = tmp_path / "input.csv"
    path.write_text(header + "\n")
    assert detect_kind(path) == kind


def test_workbook_suffixes(tmp_path):
    for name in ("a.xlsx", "b.XLSX", "c.xls", "d.ods"):
        (tmp_path / name).write_bytes(b"")
        assert detect_kind(tmp_path / name) == "annex_a"


def test_unknown_csv_says_what_was_expected(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("foo,bar\n1,2\n")
    with pytest.raises(UserError, match=r"other.csv: a CSV with headers bar, foo is not an input"):
        detect_kind(path)


def test_missing_file(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        detect_kind(tmp_path / "nope.xlsx")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("annex_a_2023-12-31.xlsx", date(2023, 12, 31)),
        ("LA343 2023-02-28 extract.xlsx", date(2023, 2, 28)),
        ("annex_a_2023-02-30_then_2023-03-31.xlsx", date(2023, 3, 31)),  # the impossible date is skipped
        ("annex_a_december.xlsx", None),
    ],
)
def test_date_in_file_name(name, expected):
    assert date_in_file_name(Path(name)) == expected
