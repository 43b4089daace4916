"""The drivers in the reports: an appendix (HTML, PDF, Word) and a "Drivers" sheet (Excel) naming,
per row and breakdown, the largest contributor to the change in the row's count, with the
publication's suppression kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docx import Document

from csc_scorecard.analysis.drivers import Driver, suppressed_for_publication
from csc_scorecard.render import render_all
from csc_scorecard.scorecard.breakdown_tables import largest_contributors

from .html_tree import HtmlTree
from .pdf_pages import sections_and_fills, under_half_full_mid_section
from .sample import SUPPRESS_BELOW, sample_scorecard
from .test_pdf import page_count, pdftotext
from .xlsx_reading import read_sheets

SNAPSHOTS = {"current": {"start": "2023-12-31", "end": "2023-12-31"},
             "comparison": {"start": "2022-12-31", "end": "2022-12-31"}}
HALVES = {"current": {"start": "2023-07-01", "end": "2023-12-31"},
          "comparison": {"start": "2023-01-01", "end": "2023-06-30"}}


def driver(dimension, category, before, after, total_change, before_of=None, after_of=None) -> Driver:
    share = None if total_change == 0 else (after - before) / total_change
    return Driver(dimension, category, after, before, after_of, before_of, share)


# Row 11 (a snapshot rate). Category of abuse: 94 -> 123 (+29), 153 -> 142 (-11), 23 -> 21 (-2),
# 21 -> 21, 11 -> 11: the count rose by 29 - 11 - 2 = 16; Emotional abuse's share 29/16 = 181.25%
# -> "181%". Gender: Female +18, Male -2 (total 16): 18/16 = 112.5% -> "113%" (half up).
# Disability: No +8 and Yes +8 (total 16): equal shares of 50%, the first ("No") is named. A
# single allocated team is the whole figure: never named.
ROW_11 = (
    driver("allocated_team", "Safeguarding Team 1", 300, 316, 16),
    driver("abuse", "Emotional abuse", 94, 123, 16),
    driver("abuse", "Multiple/not recommended", 23, 21, 16),
    driver("abuse", "Neglect", 153, 142, 16),
    driver("abuse", "Physical abuse", 21, 21, 16),
    driver("abuse", "Sexual abuse", 11, 11, 16),
    driver("gender", "Female", 128, 146, 16),
    driver("gender", "Male", 164, 162, 16),
    driver("disability", "No", 200, 208, 16),
    driver("disability", "Yes", 100, 108, 16),
)
ROW_11_LINES = [
    ("Category of abuse", "Emotional abuse", "94", "123", "+29", "181%"),
    ("Gender", "Female", "128", "146", "+18", "113%"),
    ("Disability", "No", "200", "208", "+8", "50%"),
]
# Row 16: 5 -> 6 and 6 -> 5: no change in the count, so no share and no contributor.
ROW_16 = (driver("gender", "Female", 5, 6, 0), driver("gender", "Male", 6, 5, 0))

# Row 2 of a publication (a percentage). Source: Police 50 -> 60, Schools 40 -> 47 (total +17):
# Police 10/17 = 58.8% -> "59%". Gender: Female was 3 (a small count, hidden), so Not stated's
# 10, the next smallest of that column, is hidden too: two shares unknown, gender names nobody.
ROW_2_BEFORE_SUPPRESSION = [
    driver("source", "Police", 50, 60, 17, 400, 410),
    driver("source", "Schools", 40, 47, 17, 300, 320),
    driver("gender", "Female", 3, 9, 8, 30, 31),
    driver("gender", "Male", 118, 120, 8, 390, 400),
    driver("gender", "Not stated/recorded", 10, 12, 8, 40, 41),
]
# Row 19 of a publication: Female 2 -> 4 are small; Male 10 -> 12, the next smallest, hidden too.
ROW_19_BEFORE_SUPPRESSION = [
    driver("gender", "Female", 2, 4, 4, 20, 22),
    driver("gender", "Male", 10, 12, 4, 50, 52),
]


def with_drivers(card, found: dict[int, tuple[tuple[Driver, ...], dict]]):
    """`card` with the drivers of the rows numbered in `found` replaced."""
    sections = []
    for section in card.sections:
        rows = tuple(
            replace(row, drivers=tuple(d.to_json() for d in found[row.number][0]), drivers_compared=found[row.number][1])
            if row.number in found else row
            for row in section.rows
        )
        sections.append(replace(section, rows=rows))
    return replace(card, sections=tuple(sections))


def internal_card():
    return with_drivers(sample_scorecard(), {11: (ROW_11, SNAPSHOTS), 16: (ROW_16, SNAPSHOTS)})


def publication_card():
    return with_drivers(sample_scorecard(publication=True), {
        2: (suppressed_for_publication(ROW_2_BEFORE_SUPPRESSION, SUPPRESS_BELOW), HALVES),
        19: (suppressed_for_publication(ROW_19_BEFORE_SUPPRESSION, SUPPRESS_BELOW), SNAPSHOTS),
    })


@pytest.fixture(scope="module")
def internal(tmp_path_factory):
    return render_all(internal_card(), tmp_path_factory.mktemp("drivers"), formats=("html", "pdf", "xlsx", "docx"))


@pytest.fixture(scope="module")
def publication(tmp_path_factory):
    return render_all(publication_card(), tmp_path_factory.mktemp("drivers-pub"), formats=("html", "xlsx", "docx"))


def lines_of(contributors):
    return [(c.title, c.line.category, c.line.comparison_numerator, c.line.numerator, c.line.change, c.line.share)
            for c in contributors]


def test_largest_contributor_of_each_breakdown():
    row = next(r for r in internal_card().rows if r.number == 11)
    assert lines_of(largest_contributors(row)) == ROW_11_LINES


def test_no_contributor_without_a_change_or_where_a_share_is_suppressed():
    rows = {r.number: r for r in internal_card().rows}
    assert largest_contributors(rows[16]) == []
    published = {r.number: r for r in publication_card().rows}
    assert lines_of(largest_contributors(published[2])) == [("Referral source", "Police", "50", "60", "+10", "59%")]
    assert largest_contributors(published[19]) == []


def html_appendix(path) -> dict[str, list]:
    tree = HtmlTree(path.read_text(encoding="utf-8"))
    found = {}
    for block in tree.all(".drivers-row"):
        heading = "".join(block.find("{*}h3").itertext())
        table = block.find(".//{*}table")
        if table is None:
            found[heading] = ["".join(p.itertext()) for p in block.findall("{*}p")]
        else:
            found[heading] = [tuple("".join(c.itertext()) for c in tr) for tr in table.find("{*}tbody")]
    return found


def test_html_appendix_lists_rows_with_drivers_and_their_contributors(internal):
    found = html_appendix(internal["html"])
    labels = {r.number: r.label for r in internal_card().rows}
    assert list(found) == [f"11. {labels[11]}", f"16. {labels[16]}"]
    assert found[list(found)[0]] == ROW_11_LINES
    assert found[list(found)[1]] == ["at 31 Dec 2023 against at 31 Dec 2022", "The count did not change between the two periods."]


def test_pdf_appendix_starts_its_own_page(internal):
    pages = page_count(internal["pdf"])
    last = pdftotext(internal["pdf"], pages)
    assert "Appendix: what drove each change" in last
    for cell in ("Category of abuse", "Emotional abuse", "+29", "181%", "Female", "113%"):  # in text order of the layout
        assert cell in last, cell
    assert "Appendix: what drove each change" not in pdftotext(internal["pdf"], pages - 1)
    titles = [section.title for section in internal_card().sections] + ["Appendix: what drove each change"]
    assert [start for start, _, _ in sections_and_fills(internal["pdf"], titles) if start] == titles[1:]
    assert under_half_full_mid_section(internal["pdf"], titles) == []


def test_excel_drivers_sheet(internal):
    sheet = read_sheets(internal["xlsx"])["Drivers"]
    assert sheet[0] == ("No", "Indicator", "Figure", "Compared with", "Breakdown", "Largest contributor", "Then", "Now",
                        "Change", "Share of change")
    label_11 = next(r.label for r in internal_card().rows if r.number == 11)
    label_16 = next(r.label for r in internal_card().rows if r.number == 16)
    assert sheet[1:] == [
        (11, label_11, "at 31 Dec 2023", "at 31 Dec 2022", "Category of abuse", "Emotional abuse", 94, 123, 29, 1.81),
        (11, label_11, "at 31 Dec 2023", "at 31 Dec 2022", "Gender", "Female", 128, 146, 18, 1.13),
        (11, label_11, "at 31 Dec 2023", "at 31 Dec 2022", "Disability", "No", 200, 208, 8, 0.5),
        (16, label_16, "at 31 Dec 2023", "at 31 Dec 2022", "", "The count did not change between the two periods.",
         None, None, None, None),
    ]


def word_appendix(path) -> list:
    """The appendix's tables (headed "Breakdown") as rows of cell texts."""
    return [[tuple(c.text for c in row.cells) for row in table.rows[1:]]
            for table in Document(str(path)).tables if table.rows[0].cells[0].text == "Breakdown"]


def test_word_appendix(internal):
    assert word_appendix(internal["docx"]) == [ROW_11_LINES]
    text = [p.text for p in Document(str(internal["docx"])).paragraphs]
    assert "Appendix: what drove each change" in text
    assert "The count did not change between the two periods." in text


def test_publication_shows_no_suppressed_count_or_hidden_contributor(publication):
    found = html_appendix(publication["html"])
    two, nineteen = found.values()
    assert two == [("Referral source", "Police", "50", "60", "+10", "59%")]
    assert nineteen == ["at 31 Dec 2023 against at 31 Dec 2022", "Not shown: the changes rest on small numbers."]
    html = publication["html"].read_text(encoding="utf-8")
    assert "A breakdown with a count of 1 to 5, or one that would reveal such a count, is left out" in html
    assert "Female" not in html
    sheet = read_sheets(publication["xlsx"])["Drivers"]
    assert [r[4:] for r in sheet[1:]] == [
        ("Referral source", "Police", 50, 60, 10, 0.59),
        ("", "Not shown: the changes rest on small numbers.", None, None, None, None),
    ]
    assert word_appendix(publication["docx"]) == [[("Referral source", "Police", "50", "60", "+10", "59%")]]
