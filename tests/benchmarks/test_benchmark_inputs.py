"""Bad inputs give one clear line naming the file and what is wrong (never a traceback)."""

import polars as pl
import pytest

from csc_scorecard.benchmarks.importer import import_release
from csc_scorecard.issues import UserError

from tiny_published_files import each, ees_csv


def import_error(tmp_path, files, release="2023") -> str:
    with pytest.raises(UserError) as caught:
        import_release(files, release, tmp_path / "out")
    message = str(caught.value)
    assert "\n" not in message
    assert not (tmp_path / "out" / f"release_{release}").exists()  # nothing written
    return message


def replace(files, name, new):
    return [new if f.name == name else f for f in files]


def test_csv_from_another_publication(tmp_path, tiny_release):
    # Care leavers "in touch": a real DfE table, but not one the scorecard reads.
    other = ees_csv(tmp_path / "la_care_leavers_intouch.csv", ["age", "in_touch", "number", "percentage"],
                    ("2023", each(["Aged 19 to 21", "Total", "1"], "1", "1", "1", "1", "1", "1", "1")), cla_order=True)
    message = import_error(tmp_path, [*tiny_release, other])
    assert message.startswith("la_care_leavers_intouch.csv: not a DfE table this tool reads (columns: age, in_touch, number, percentage")
    assert "expected one of b1_children_in_need, c1_children_in_need_referrals_and_rereferrals" in message


def test_csv_that_is_not_a_dfe_file(tmp_path, tiny_release):
    other = tmp_path / "annex_a_list_3.csv"
    other.write_text("Child Unique ID,Date of referral\nA1,2023-01-01\n", encoding="utf-8")
    assert import_error(tmp_path, [*tiny_release, other]).startswith(
        "annex_a_list_3.csv: not a DfE table this tool reads (columns: Child Unique ID, Date of referral)"
    )


def test_missing_value_column(tmp_path, tiny_release):
    name = "c1_children_in_need_referrals_and_rereferrals_2013_to_2023.csv"
    broken = ees_csv(tmp_path / name, ["Category", "Referrals", "Re_referrals", "Re_referrals_percent"],
                     ("2023", each(["Referrals and Re-referrals", "1", "1"], "20", "21", "19", "18", "26.5", "24", "22")))
    assert import_error(tmp_path, replace(tiny_release, name, broken)) == (
        f"{name}: column 'Referrals_rate' is missing (c1_children_in_need_referrals_and_rereferrals, "
        "2023 layout; needed for referrals_rate of release 2023)"
    )


def test_a_2025_layout_file_given_for_a_2023_mapping(tmp_path, tiny_release):
    name = "c1_children_in_need_referrals_and_rereferrals_2013_to_2023.csv"
    newer = ees_csv(tmp_path / "c1_2025.csv", ["category", "referral_count", "rereferral_count", "rereferral_percent"],
                    ("2023", each(["Referrals and Re-referrals", "1", "1"], "20", "21", "19", "18", "26.5", "24", "22")))
    assert import_error(tmp_path, replace(tiny_release, name, newer)) == (
        "c1_2025.csv: column 'Category' is missing (c1_children_in_need_referrals_and_rereferrals, "
        "2025 layout; needed for referrals_rate of release 2023)"
    )


def test_missing_standard_column(tmp_path, tiny_release):
    name = "d3_cpps_subsequent_plan_2013_to_2023.csv"
    broken = tmp_path / name
    broken.write_text("time_period,geographic_level,category,CPP_start,CPP_subsequent,CPP_subsequent_percent\n"
                      "2023,National,x,1,1,1\n", encoding="utf-8")
    assert import_error(tmp_path, replace(tiny_release, name, broken)) == (
        f"{name}: column 'region_code' is missing (d3_cpps_subsequent_plan, 2023 layout; needed for the area of each row)"
    )


def test_value_that_is_neither_number_nor_symbol(tmp_path, tiny_release):
    name = "d3_cpps_subsequent_plan_2013_to_2023.csv"
    broken = ees_csv(tmp_path / name, ["category", "CPP_start", "CPP_subsequent", "CPP_subsequent_percent"],
                     ("2023", each(["Child Protection Plans which are a second or subsequent plan", "1", "1"],
                                   "23.6", "23.8", "19.8", "20.0", "eighteen", "25.0", "z")))
    # header is line 1; Sefton is the 5th data row (England, NW, London, Inner London, Sefton)
    assert import_error(tmp_path, replace(tiny_release, name, broken)) == (
        f"{name}: line 6, column 'CPP_subsequent_percent': 'eighteen' is neither a number nor a published symbol"
    )


def test_table_missing_from_the_files(tmp_path, tiny_release):
    files = [f for f in tiny_release if f.name != "la_children_who_ceased_during_the_year.csv"]
    assert import_error(tmp_path, files) == (
        "release 2023 needs a la_children_who_ceased_during_the_year file for cla_ceased_adopted_pct, "
        "cla_ceased_sgo_pct: none of the files given is one"
    )


def test_filter_label_not_in_the_file(tmp_path, tiny_release):
    name = "cla_number_and_rate_per_10k_children.csv"
    renamed = ees_csv(tmp_path / name, ["population_count", "population_estimate", "number", "rate_per_10000"],
                      ("2023", each(["Children looked after on 31 March each year", "1", "1"], "71", "96", "51", "60", "114", "90", "50")),
                      cla_order=True)
    assert import_error(tmp_path, replace(tiny_release, name, renamed)) == (
        f"{name}: no rows with population_count = 'Children looked after at 31 March each year' for 2021-2023 "
        "(needed for cla_rate of release 2023)"
    )


def test_two_files_of_one_table(tmp_path, tiny_release):
    first = next(f for f in tiny_release if f.name.startswith("b1_"))
    copy = tmp_path / "b1_copy.csv"
    copy.write_bytes(first.read_bytes())
    assert import_error(tmp_path, [*tiny_release, copy]) == (
        f"b1_copy.csv: a second b1_children_in_need file (the first was {first.name})"
    )


def test_no_such_file_and_unknown_kind(tmp_path, tiny_release):
    assert import_error(tmp_path, [*tiny_release, tmp_path / "nope.csv"]) == f"{tmp_path / 'nope.csv'}: no such file"
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert import_error(tmp_path, [*tiny_release, text]) == "notes.txt: not a file this import reads (expected .csv, .parquet or .xlsx)"


def test_release_that_is_not_a_year(tmp_path, tiny_release):
    assert import_error(tmp_path, tiny_release, release="latest") == "release 'latest' is not a year such as 2023"


def test_parquet_that_is_not_lait(tmp_path, tiny_release):
    other = tmp_path / "other.parquet"
    pl.DataFrame({"a": [1]}).write_parquet(other)
    assert import_error(tmp_path, [*tiny_release, other]) == "other.parquet: column 'Short Desc' is missing (the LAIT long data set needs it)"
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet at all")
    assert import_error(tmp_path, [*tiny_release, broken]).startswith("broken.parquet: cannot be read as a parquet file (")
