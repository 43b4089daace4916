"""Statistical-neighbour lists: both layouts, CSV and workbook, and which model a file holds."""

import pytest
import xlsxwriter

from csc_scorecard.ingest.neighbours import merge_neighbour_lists, read_neighbour_list
from csc_scorecard.issues import UserError

HEADER_2021 = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [c for i in range(1, 11) for c in (f"SN{i}", "SNP")]
HEADER_2025 = ["old_la_code", "la_name", "region_ind", "region_name"] + [c for i in range(1, 11) for c in (f"SN_{i}", f"SN_{i}P")]
SEFTON_2021 = ["344", "888", "808", "392", "891", "351", "359", "830", "841", "381"]
SEFTON_2025 = ["344", "342", "359", "888", "876", "840", "808", "340", "841", "351"]
CUMBERLAND_2025 = ["943", "925", "884", "888", "813", "384", "860", "929", "371", "370"]


def row_2021(code, name, neighbours):
    cells = [code, name, code, "5", "North West"]
    for n in neighbours:
        cells += [n, "Very Close"]
    return cells


def write_csv(path, header, rows):
    path.write_text("\ufeff" + "\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def write_lait_workbook(path, rows):
    """LAIT's layout: two rows of column letters and numbers, then the header on row 3."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("LA SN Groups")
    sheet.write_row(0, 0, [chr(65 + i) for i in range(25)])
    sheet.write_row(1, 0, list(range(1, 26)))
    sheet.write_row(2, 0, HEADER_2021)
    for index, row in enumerate(rows, start=3):
        # codes as numbers, as Excel keeps them
        sheet.write_row(index, 0, [int(c) if c.isdigit() else c for c in row])
    book.close()
    return path


def test_april_2021_csv(tmp_path):
    path = write_csv(tmp_path / "sn.csv", HEADER_2021, [row_2021("343", "Sefton", SEFTON_2021)])
    read = read_neighbour_list(path)
    assert read.list_id == "2021"
    assert read.neighbours == {"343": tuple(SEFTON_2021)}
    assert read.names == {"343": "Sefton"}


def test_2025_csv_with_trailing_spaces_in_closeness(tmp_path):
    rows = []
    for code, name, neighbours in (("343", "Sefton", SEFTON_2025), ("942", "Cumberland", CUMBERLAND_2025)):
        cells = [code, name, "5", "North West"]
        for n in neighbours:
            cells += [n, "Close "]
        rows.append(cells)
    read = read_neighbour_list(write_csv(tmp_path / "wide.csv", HEADER_2025, rows))
    assert read.list_id == "2025"  # Cumberland (created 2023) has neighbours
    assert read.neighbours["343"] == tuple(SEFTON_2025)


def test_workbook_with_dashes_for_las_the_model_predates(tmp_path):
    rows = [row_2021("343", "Sefton", SEFTON_2021), row_2021("942", "Cumberland", ["-"] * 10)]
    read = read_neighbour_list(write_lait_workbook(tmp_path / "sn_april_2021.xlsx", rows))
    assert read.list_id == "2021"
    assert read.neighbours == {"343": tuple(SEFTON_2021)}  # numbers read back as 3-digit codes
    assert read.names["942"] == "Cumberland"


def test_workbook_of_the_2025_model_is_recognised_by_content(tmp_path):
    rows = [row_2021("343", "Sefton", SEFTON_2025), row_2021("942", "Cumberland", CUMBERLAND_2025)]
    assert read_neighbour_list(write_lait_workbook(tmp_path / "sn.xlsx", rows)).list_id == "2025"


def test_csv_and_workbook_of_one_model_merge(tmp_path):
    csv_list = read_neighbour_list(write_csv(tmp_path / "a.csv", HEADER_2021, [row_2021("343", "Sefton", SEFTON_2021)]))
    book = read_neighbour_list(write_lait_workbook(tmp_path / "b.xlsx", [row_2021("344", "Wirral", SEFTON_2021[::-1])]))
    merged = merge_neighbour_lists([csv_list, book])
    assert sorted(merged.neighbours) == ["343", "344"]
    assert merged.files == ["a.csv", "b.xlsx"]


def test_disagreeing_copies_are_an_error(tmp_path):
    one = read_neighbour_list(write_csv(tmp_path / "a.csv", HEADER_2021, [row_2021("343", "Sefton", SEFTON_2021)]))
    other = read_neighbour_list(write_csv(tmp_path / "b.csv", HEADER_2021, [row_2021("343", "Sefton", SEFTON_2021[::-1])]))
    with pytest.raises(UserError, match=r"^b.csv: neighbours of LA 343 differ from a.csv"):
        merge_neighbour_lists([one, other])


def test_not_a_neighbour_list(tmp_path):
    path = write_csv(tmp_path / "other.csv", ["code", "value"], [["343", "1"]])
    with pytest.raises(UserError, match=r"^other.csv: not a statistical-neighbour list"):
        read_neighbour_list(path)


def test_la_listed_twice(tmp_path):
    path = write_csv(tmp_path / "twice.csv", HEADER_2021, [row_2021("343", "Sefton", SEFTON_2021)] * 2)
    with pytest.raises(UserError, match=r"^twice.csv: LA 343 is listed twice$"):
        read_neighbour_list(path)
