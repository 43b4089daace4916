"""The PDF: A4 landscape from the report HTML, every label, page numbers and markings in the margins."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import pytest

from csc_scorecard.render.pdf import FetchRefused, write_pdf_from_html

from .sample import sample_scorecard


def pdftotext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())  # labels wrap inside their cells


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def text(outputs) -> str:
    return pdftotext(outputs["pdf"])


def test_a4_landscape_pdf(outputs):
    assert outputs["pdf"].read_bytes()[:5] == b"%PDF-"
    info = subprocess.run(["pdfinfo", str(outputs["pdf"])], capture_output=True, text=True, check=True).stdout
    assert "Page size:       841.89 x 595.276 pts (A4)" in info  # 297 x 210 mm: landscape


def test_first_page_renders_to_a_picture(outputs, tmp_path):
    prefix = tmp_path / "page1"
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-singlefile", "-png", str(outputs["pdf"]),
                    str(prefix)], check=True)
    png = prefix.with_suffix(".png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    # A4 landscape at 50 dpi: 11.69 x 8.27 inches -> 585 x 414 pixels.
    assert (width, height) == (585, 414)
    assert len(png) > 20_000  # a blank page of that size compresses to a few hundred bytes


def test_every_label_is_in_the_pdf(text):
    for row in sample_scorecard().rows:
        assert " ".join(row.label.split()) in text, row.label


def test_reference_header_text_and_footnotes(text):
    # Full-width paragraphs only: column headings wrap inside narrow cells, beside other headings.
    assert "Data as at end of December 2023 Sefton The top seven indicators are measures" in text
    assert "* rolling 12 months data. All others figures are taken from the ChAT 12 months ago" in text
    assert "Signed off by Head of Service on 10 January 2024, 14:30 (version 1)" in text


def test_every_page_carries_number_marking_as_at_and_synthetic_notice(outputs):
    pages = page_count(outputs["pdf"])
    assert pages >= 3  # the three sections each start a page
    for page in range(1, pages + 1):
        text = pdftotext(outputs["pdf"], page)
        assert f"Page {page} of {pages}" in text
        assert "OFFICIAL-SENSITIVE" in text
        assert "Data as at end of December 2023" in text
        assert "Synthetic demonstration data: every LA figure is made up" in text


def test_the_pdf_never_fetches_a_url(tmp_path):
    for html in ('<img src="http://127.0.0.1:9/logo.png">', '<link rel="stylesheet" href="file:///etc/hostname">'):
        with pytest.raises(FetchRefused, match="must not fetch anything"):
            write_pdf_from_html(html, tmp_path / "fetching.pdf")


def test_the_page_fill_reading_finds_a_page_left_under_half_full_mid_section(tmp_path):
    """The measure the scorecard's PDF tests rely on, on a PDF made to break it: section A's first
    page holds one line, because a block too tall to share a page (175 mm, unbreakable) follows;
    section B starts page 3 and ends there, a few lines long (allowed)."""
    from .pdf_pages import sections_and_fills, under_half_full_mid_section

    html = ("<style>@page { size: A4 landscape; margin: 14mm 9mm 13mm 9mm }</style>"
            "<h2>Section A</h2><p>one line</p><div style='height:175mm;break-inside:avoid'>tall block</div>"
            "<h2 style='break-before:page'>Section B</h2><p>short</p>")
    path = write_pdf_from_html(html, tmp_path / "made.pdf")
    pages = sections_and_fills(path, ["Section A", "Section B"])
    assert [start for start, _, _ in pages] == ["Section A", None, "Section B"]
    under = under_half_full_mid_section(path, ["Section A", "Section B"])
    assert [number for number, _ in under] == [1]
    assert under[0][1] < 0.2  # a heading and one line on a 183 mm body
