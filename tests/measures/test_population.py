"""Which population a rate divides by, and reading population files."""

import polars as pl
import pytest

from csc_scorecard.ingest.population import read_population_csv
from csc_scorecard.issues import UserError
from csc_scorecard.measures.population import population_for_cells
from csc_scorecard.measures.series import compute_series

from .extract_builders import d, extract_set, one_cell

# Sefton (343) in the shipped ONS file: mid-2012 53,741; mid-2022 53,472; mid-2023 54,154;
# mid-2024 54,760 (the earliest and latest years shipped are 2012 and 2024).


def _population_at(period_end, overrides=None):
    cells = pl.DataFrame({"la_code": ["343"], "period_end": [d(period_end)]})
    row = population_for_cells(cells, overrides).row(0, named=True)
    return row["population_year"], row["population"]


def test_latest_mid_year_on_or_before_the_window_end():
    assert _population_at("2023-06-29") == (2022, 53_472)  # mid-2023 is 30 June 2023: not yet
    assert _population_at("2023-06-30") == (2023, 54_154)
    assert _population_at("2023-12-31") == (2023, 54_154)


def test_earliest_when_the_window_ends_before_every_estimate_latest_when_after():
    assert _population_at("2010-12-31") == (2012, 53_741)
    assert _population_at("2030-06-30") == (2024, 54_760)


def test_an_la_with_no_estimate_has_none():
    cells = pl.DataFrame({"la_code": ["999"], "period_end": [d("2023-12-31")]})
    assert population_for_cells(cells)["population"].to_list() == [None]


def test_a_loaded_population_replaces_the_shipped_one_for_the_same_la_and_year():
    overrides = pl.DataFrame({"new_la_code": ["E08000014"], "old_la_code": ["343"], "la_name": ["Sefton"],
                              "time_period": [2023], "population": [60_000]})
    assert _population_at("2023-12-31", overrides) == (2023, 60_000)
    assert _population_at("2022-12-31", overrides) == (2022, 53_472)


def test_a_rate_uses_the_population_of_its_own_window_end():
    es = extract_set(
        [{"extract_id": 1, "la_code": "343", "as_at": d("2023-12-31"), "period_start": d("2021-01-01")}],
        referrals=[{"child_id": "A", "referral_date": d("2023-02-01")}, {"child_id": "B", "referral_date": d("2023-03-01")},
                   {"child_id": "C", "referral_date": d("2023-04-01")}],
    )
    cell = compute_series(es, "referrals_rate", [d("2023-12-31")], 12).row(0, named=True)
    # 3 referrals / 54,154 (mid-2023) x 10,000
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 54_154, 3 * 10_000 / 54_154)
    earlier = compute_series(es, "referrals_rate", [d("2023-04-30")], 6).row(0, named=True)
    # 6 months to 2023-04-30: 3 referrals, mid-2022 (53,472), doubled
    assert (earlier["denominator"], earlier["value"]) == (53_472, 2 * 3 * 10_000 / 53_472)


def test_no_population_is_a_reason():
    # LA 999 (a test authority) has no shipped estimate, and none is loaded here
    es = extract_set(referrals=[{"child_id": "A", "referral_date": d("2023-02-01")}])
    cell = one_cell(es, "referrals_rate", "2023-12-31", 12, population=None)
    assert (cell["value"], cell["numerator"], cell["denominator"], cell["reason"]) == (None, 1, None, "no population")


# ---- reading files ----


def _write(tmp_path, text, name="pop.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_the_projects_population_csv(tmp_path):
    path = _write(tmp_path, "new_la_code,old_la_code,la_name,time_period,population\nE08000014,343,Sefton,2023,54154\n"
                            "E08000014, 343 ,Sefton,2024,54760\n")
    frame = read_population_csv(path)
    assert frame.rows() == [("E08000014", "343", "Sefton", 2023, 54_154), ("E08000014", "343", "Sefton", 2024, 54_760)]


def test_read_the_ees_population_file(tmp_path):
    header = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,age_group,population_estimate\n"
    rows = (
        "2023,Reporting year,National,E92000001,England,,,,,,Children aged 0 to 17 years,12000000\n"
        "2023,Reporting year,Local authority,E92000001,England,E12000002,North West,343,E08000014,Sefton,Children aged 0 to 17 years,54154\n"
        "2023,Reporting year,Local authority,E92000001,England,E12000002,North West,909,E10000006,Cumbria,Children aged 0 to 17 years,x\n"
    )
    frame = read_population_csv(_write(tmp_path, header + rows))
    assert frame.rows() == [("E08000014", "343", "Sefton", 2023, 54_154)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("old_la_code,time_period,population\n343,2023,1\n", "pop.csv: missing column(s) new_la_code, la_name"),
        ("new_la_code,old_la_code,la_name,time_period,population\nE1,343,S,2023,abc\n",
         "pop.csv, row 2, column 'population': 'abc' is not a whole number of children"),
        ("new_la_code,old_la_code,la_name,time_period,population\nE1,343,S,2023,5\nE1,343,S,23,5\n",
         "pop.csv, row 3, column 'time_period': '23' is not a year such as 2023"),
        ("new_la_code,old_la_code,la_name,time_period,population\nE1,,S,2023,5\n",
         "pop.csv, row 2, column 'old_la_code': blank (expected the DfE 3-digit LA code)"),
        ("new_la_code,old_la_code,la_name,time_period,population\nE1,343,S,2023,5\nE1,343,S,2023,6\n",
         "pop.csv, row 3: LA 343 mid-2023 is given twice (also row 2)"),
    ],
)
def test_bad_population_files_name_the_place(tmp_path, text, message):
    with pytest.raises(UserError) as error:
        read_population_csv(_write(tmp_path, text))
    assert str(error.value).startswith(message)
