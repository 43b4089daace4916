"""Reading the Word document back in tests (python-docx): its tables as text, cell by cell."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn


@dataclass
class WordRow:
    texts: tuple[str, ...]  # the row's cell texts, one per grid column
    fills: tuple[str | None, ...]  # each cell's background colour (hex), None when unshaded
    headings: tuple[str, ...]  # its table's first heading row (merged cells repeat their text)
    subheadings: tuple[str, ...]  # its table's second heading row

    def at(self, heading: str, subheading: str | None = None) -> int:
        """The column index under `heading` (and `subheading` for a grouped heading)."""
        first = self.headings.index(heading)
        if subheading is None:
            return first
        return self.subheadings.index(subheading, first)

    def text(self, heading: str, subheading: str | None = None) -> str:
        return self.texts[self.at(heading, subheading)]


def fill_of(cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shading is None else shading.get(qn("w:fill"))


def read_word_rows(path: Path) -> dict[int, WordRow]:
    """Every table's indicator rows by their number (first cell), with the headings above them."""
    found: dict[int, WordRow] = {}
    for table in Document(str(path)).tables:
        headings = tuple(cell.text for cell in table.rows[0].cells)
        subheadings = tuple(cell.text for cell in table.rows[1].cells)
        for row in table.rows[2:]:
            cells = row.cells
            texts = tuple(cell.text for cell in cells)
            found[int(texts[0])] = WordRow(texts, tuple(fill_of(cell) for cell in cells), headings, subheadings)
    return found


def expected_texts(scorecard_json: dict):
    """What the Word tables must show, from the JSON: (row number, heading, subheading, text) for
    each cell (LA and regional), each published figure, the target, arrow, polarity, band and RAG."""
    from csc_scorecard.scorecard.model import ARROWS, POLARITY_LABELS, RAG_LABELS

    for section in scorecard_json["sections"]:
        columns = {c["kind"]: c for c in section["columns"]}
        published = columns["published"]
        for row in section["rows"]:
            number = row["number"]
            yield from ((number, columns[cell["column"]]["heading"], None, cell["display"]) for cell in row["cells"])
            for part, subheading in zip(("la", "sn", "region", "england"), published["subheadings"], strict=True):
                marker = (row["published"].get("marker") or "") if part == "la" else ""  # own values' footnote
                yield number, published["heading"], subheading, row["published"][part] + marker
            yield number, columns["target"]["heading"], None, row["target_display"]
            yield number, "RAG", None, RAG_LABELS[row["rag"]]
            yield number, columns["direction"]["heading"], None, ARROWS[row["direction"]]
            yield number, columns["polarity"]["heading"], None, POLARITY_LABELS[row["polarity"]]
            yield number, columns["band"]["heading"], None, row["band"] or "-"
            yield number, "Indicator", None, row["label"]


def compare_with_json(word_rows: dict[int, WordRow], scorecard_json: dict) -> int:
    """Assert that every text of `expected_texts` is in its Word cell; returns how many were compared."""
    compared = 0
    for number, heading, subheading, text in expected_texts(scorecard_json):
        assert word_rows[number].text(heading, subheading) == text, (number, heading, subheading)
        compared += 1
    return compared
