"""Measures 6 and 7 (manual indicators) and reading the manual indicators CSV."""

import polars as pl
import pytest

from csc_scorecard.ingest.manual import read_manual_csv
from csc_scorecard.issues import UserError
from csc_scorecard.measures.registry import MEASURES, manual_units
from csc_scorecard.measures.series import compute_series

from .extract_builders import TEST_LA, d, extract_set

EXAMPLE = """# manual.csv
indicator_id,period_end,value,label
agency_sw_pct,2023-04-30,50,
agency_sw_pct,2023-09-30,49,
unregulated_placements,2022-12-31,36,
unregulated_placements,2023-12-31,30,Dec 2023 count
"""


def _write(tmp_path, text):
    path = tmp_path / "manual.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_the_example_of_the_spec(tmp_path):
    frame = read_manual_csv(_write(tmp_path, EXAMPLE), manual_units())
    assert frame.rows() == [
        ("agency_sw_pct", d("2023-04-30"), 50.0, None),
        ("agency_sw_pct", d("2023-09-30"), 49.0, None),
        ("unregulated_placements", d("2022-12-31"), 36.0, None),
        ("unregulated_placements", d("2023-12-31"), 30.0, "Dec 2023 count"),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("agency_pct,2023-04-30,50,", "manual.csv, row 3, column 'indicator_id': 'agency_pct' is not a manual indicator"),
        ("agency_sw_pct,30/04/2023,50,", "manual.csv, row 3, column 'period_end': '30/04/2023' is not an ISO date"),
        ("agency_sw_pct,2023-04-30,fifty,", "manual.csv, row 3, column 'value': 'fifty' is not a number"),
        ("agency_sw_pct,2023-04-30,120,", "manual.csv, row 3, column 'value': '120' is not a percentage between 0 and 100"),
        ("unregulated_placements,2023-04-30,2.5,", "manual.csv, row 3, column 'value': '2.5' is not a whole number"),
        ("agency_sw_pct,2023-09-30,48,", "manual.csv, row 3: agency_sw_pct for 2023-09-30 is given twice (also row 2)"),
    ],
)
def test_bad_manual_rows_name_the_place(tmp_path, line, message):
    text = f"indicator_id,period_end,value,label\nagency_sw_pct,2023-09-30,49,\n{line}\n"
    with pytest.raises(UserError) as error:
        read_manual_csv(_write(tmp_path, text), manual_units())
    assert str(error.value).startswith(message)


def test_a_percent_sign_is_accepted_for_the_percentage(tmp_path):
    frame = read_manual_csv(_write(tmp_path, "indicator_id,period_end,value\nagency_sw_pct,2023-04-30,50%\n"), manual_units())
    assert frame["value"].to_list() == [50.0]


def test_the_reader_takes_the_manual_measures_and_units_from_their_declarations():
    assert manual_units() == {"agency_sw_pct": "pct", "unregulated_placements": "count"}
    assert [m.number for m in MEASURES if m.kind == "manual"] == [6, 7]


def test_manual_value_is_the_latest_dated_on_or_before_the_period_end(tmp_path):
    manual = read_manual_csv(_write(tmp_path, EXAMPLE), manual_units())
    es = extract_set(referrals=[])
    series = compute_series(es, None, [d("2023-03-31"), d("2023-06-30"), d("2023-12-31")], 12, la_codes=[TEST_LA], manual=manual)
    got = {
        (r["measure"], r["period_end"]): (r["value"], r["value_date"], r["label"], r["reason"])
        for r in series.filter(pl.col("number").is_in([6, 7])).iter_rows(named=True)
    }
    assert got == {
        ("agency_sw_pct", d("2023-03-31")): (None, None, None, "no value supplied on or before this date"),
        ("agency_sw_pct", d("2023-06-30")): (50.0, d("2023-04-30"), None, None),
        ("agency_sw_pct", d("2023-12-31")): (49.0, d("2023-09-30"), None, None),
        ("unregulated_placements", d("2023-03-31")): (36.0, d("2022-12-31"), None, None),
        ("unregulated_placements", d("2023-06-30")): (36.0, d("2022-12-31"), None, None),
        ("unregulated_placements", d("2023-12-31")): (30.0, d("2023-12-31"), "Dec 2023 count", None),
    }
    assert series.filter(pl.col("number").is_in([6, 7]))["numerator"].null_count() == 6


def test_manual_values_per_la():
    manual = pl.DataFrame({"la_code": ["998", TEST_LA], "indicator_id": ["agency_sw_pct"] * 2,
                           "period_end": [d("2023-01-31")] * 2, "value": [10.0, 20.0], "label": [None, None]})
    series = compute_series(extract_set(referrals=[]), "agency_sw_pct", [d("2023-12-31")], 12, la_codes=["998", TEST_LA], manual=manual)
    assert dict(zip(series["la_code"], series["value"], strict=True)) == {"998": 10.0, TEST_LA: 20.0}


def test_the_year_ago_column_falls_back_to_the_earliest_value_on_record(tmp_path):
    from csc_scorecard.measures.manual import latest_manual_values

    manual = read_manual_csv(_write(tmp_path, EXAMPLE), manual_units())
    cells = pl.DataFrame({"la_code": [TEST_LA, TEST_LA], "period_end": [d("2022-12-31"), d("2023-12-31")]})
    # the reference scorecard, as at 2023-12-31: agency social workers "50 (Apr23)" a year ago
    # (nothing dated on or before 2022-12-31, so the earliest value) and "49 (Sep23)" now
    got = latest_manual_values(manual, "agency_sw_pct", cells, earliest_when_none=True)
    assert got.select("value", "value_date").rows() == [(50.0, d("2023-04-30")), (49.0, d("2023-09-30"))]
    # unregulated placements: "36 (Dec22)" and "30 (Dec23)"
    got = latest_manual_values(manual, "unregulated_placements", cells, earliest_when_none=True)
    assert got.select("value", "value_date").rows() == [(36.0, d("2022-12-31")), (30.0, d("2023-12-31"))]
