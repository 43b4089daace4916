"""Workbooks: the template's sheets, headers and value spellings; messy ones keep every value."""

import re
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from csc_scorecard.synth import extract_at, month_ends, write_extract, write_monthly_extracts, write_workbook

from .reference_reader import list_columns, read_lists, schema, template_text

AS_AT = date(2023, 12, 31)


@pytest.fixture(scope="module")
def frames(small_la):
    return extract_at(small_la, AS_AT)


@pytest.fixture(scope="module")
def clean_path(frames, tmp_path_factory):
    return write_workbook(frames, tmp_path_factory.mktemp("clean") / "annex_a.xlsx")


@pytest.fixture(scope="module")
def messy_path(frames, tmp_path_factory):
    return write_workbook(frames, tmp_path_factory.mktemp("messy") / "annex_a.xlsx", messy=True, seed=11)


def _sheets(path):
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def test_clean_workbook_has_the_template_sheets_and_headers(clean_path):
    raw = schema()
    sheets = _sheets(clean_path)
    by_number = sorted(raw["lists"].items(), key=lambda item: item[1]["number"])
    assert list(sheets) == [f"List {spec['number']}" for _, spec in by_number]
    for name, columns in list_columns(raw).items():
        assert sheets[f"List {raw['lists'][name]['number']}"][0] == [c["header"] for c in columns], name


def test_clean_workbook_prints_codes_as_the_template_does(clean_path):
    sheets = _sheets(clean_path)
    cells = {cell for rows in sheets.values() for row in rows[1:] for cell in row if isinstance(cell, str)}
    # spellings worked out from the schema's formats by hand
    for expected in ("a) Male", "b) Female", "a) WBRI", "q) 6: Police", "e) 2A: Schools", "b) No", "a) Yes",
                     "N1 - Abuse or neglect", "RC8 - Case closed after assessment, no further action",
                     "C2: Full care order", "b) PR1: Own provision (by the LA)", "a) In",
                     "f) U6: Foster placement with other foster carer(s) - not long term or FFA",
                     "c) Child in need plan", "a) Neglect", "b) Former relevant child", "a) Suitable",
                     "U: Independent living"):
        assert expected in cells, expected


def test_clean_workbook_holds_every_value_of_the_frames(clean_path, frames):
    raw = schema()
    read = read_lists(clean_path)
    sheets = _sheets(clean_path)
    for name, columns in list_columns(raw).items():
        sheet, _, rows = read[name]
        expected = [dict(zip(frames[name].columns, row)) for row in frames[name].iter_rows()]
        assert rows == expected, name
        # dates are real dates, numbers are numbers, codes are the template's text
        raw_rows = sheets[sheet][1:]
        for index, column in enumerate(columns):
            values = [r[index] for r in raw_rows if r[index] != ""]
            if column["type"] == "date":
                assert all(isinstance(v, date) for v in values), (name, column["name"])
            elif column["type"] in ("integer", "number"):
                assert all(isinstance(v, float) for v in values), (name, column["name"])
            elif column["type"] == "code":
                codelist = raw["codelists"][column["codelist"]]
                templates = {template_text(codelist, v) for v in codelist["values"]}
                assert set(values) <= templates, (name, column["name"])


def test_messy_workbook_keeps_every_value(messy_path, frames):
    read = read_lists(messy_path)
    assert set(read) == set(frames)
    for name, frame in frames.items():
        expected = [dict(zip(frame.columns, row)) for row in frame.iter_rows()]
        assert read[name][2] == expected, name


def test_messy_workbook_shows_each_real_world_variant(messy_path):
    sheets = _sheets(messy_path)
    names = list(sheets)
    assert any(re.fullmatch(r"List_\d+", n) for n in names)
    assert any(not n.startswith("List") for n in names)  # a list's title, e.g. "Referrals"
    headers = [h for rows in sheets.values() for h in rows[0]]
    assert "Age" in headers
    assert "Date of Referral" in headers
    assert "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))" in headers
    assert any("\u2018Missing\u2019" in h for h in headers) and any("\u2018Absent\u2019" in h for h in headers)
    assert "Date of Adoption Order " in headers
    cells = [c for rows in sheets.values() for row in rows[1:] for c in row]
    text = [c for c in cells if isinstance(c, str) and c]
    assert "Male" in text or "Female" in text  # no letter prefix
    assert "6: Police" in [t.strip() for t in text]  # code and label, no letter
    assert any(t.strip() in ("N1", "N4", "N5", "E5", "U6", "V2", "C2") for t in text)  # code alone
    assert "Police" in [t.strip() for t in text] or "Schools" in [t.strip() for t in text]  # label alone
    assert any(re.fullmatch(r"[a-f]\) PR\d - .+", t.strip()) for t in text)  # dash, not colon
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", t) for t in text)  # dates as text
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in text)
    assert any(t != t.strip() for t in text)  # stray spaces
    family_ids = [row[1] for row in sheets[names[9]][1:]] + [row[1] for row in sheets[names[10]][1:]]
    assert any(isinstance(v, float) for v in family_ids)  # digit-only ids as numbers


def test_messy_workbooks_are_the_same_for_a_seed_and_differ_between_seeds(frames, tmp_path):
    first = write_workbook(frames, tmp_path / "a.xlsx", messy=True, seed=3).read_bytes()
    again = write_workbook(frames, tmp_path / "b.xlsx", messy=True, seed=3).read_bytes()
    other = write_workbook(frames, tmp_path / "c.xlsx", messy=True, seed=4).read_bytes()
    assert first == again
    assert first != other


def test_write_extract_and_monthly_extracts_name_files_by_as_at_date(small_la, tmp_path):
    single = write_extract(small_la, tmp_path / "one.xlsx", date(2023, 6, 30), months=6)
    read = read_lists(single)
    assert min(r["referral_date"] for r in read["referrals"][2]) >= date(2023, 1, 1)
    paths = write_monthly_extracts(small_la, tmp_path / "monthly", date(2023, 10, 15), date(2023, 12, 31))
    assert [p.name for p in paths] == ["annex_a_2023-10-31.xlsx", "annex_a_2023-11-30.xlsx",
                                       "annex_a_2023-12-31.xlsx"]
    november = read_lists(paths[1])
    assert max(r["referral_date"] for r in november["referrals"][2]) <= date(2023, 11, 30)
    assert min(r["referral_date"] for r in november["referrals"][2]) >= date(2022, 12, 1)


def test_month_ends_cover_every_month_including_february_in_a_leap_year():
    assert month_ends(date(2024, 1, 31), date(2024, 3, 1)) == [date(2024, 1, 31), date(2024, 2, 29),
                                                                date(2024, 3, 31)]
    assert month_ends(date(2023, 12, 5), date(2024, 1, 5)) == [date(2023, 12, 31), date(2024, 1, 31)]
    with pytest.raises(ValueError):
        month_ends(date(2024, 2, 1), date(2024, 1, 1))
