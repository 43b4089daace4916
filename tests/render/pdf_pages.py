"""Reading a PDF's pages back (poppler's pdftotext -bbox): how far down each page the body reaches."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

POINTS_PER_MM = 72 / 25.4
# The page margins of scorecard.css (@page: 14 mm top, 13 mm bottom): the margin boxes (marking,
# "Data as at", page number) sit there and are not body.
TOP_MARGIN = 14 * POINTS_PER_MM
BOTTOM_MARGIN = 13 * POINTS_PER_MM


def page_words(path: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, the body's words as (top, bottom, text), in pdftotext's reading order."""
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    pages = []
    for page in ElementTree.fromstring(xml).iter("page"):
        bottom = float(page.get("height")) - BOTTOM_MARGIN
        pages.append([
            (float(w.get("yMin")), float(w.get("yMax")), w.text or "")
            for w in page.iter("word") if float(w.get("yMin")) > TOP_MARGIN and float(w.get("yMax")) < bottom
        ])
    return pages


def page_fill(words: list[tuple[float, float, str]], page_height: float) -> float:
    """How far down the body area the lowest word reaches: 0 (empty) to 1 (full)."""
    if not words:
        return 0.0
    body = page_height - TOP_MARGIN - BOTTOM_MARGIN
    return (max(bottom for _, bottom, _ in words) - TOP_MARGIN) / body


A4_LANDSCAPE_HEIGHT = 595.276


def sections_and_fills(path: Path, titles: list[str]) -> list[tuple[str | None, float, str]]:
    """Per page: the section title it starts with (None if it continues one), its fill, its text."""
    found = []
    for words in page_words(path):
        text = " ".join(w for _, _, w in words)
        starts = next((t for t in titles if " ".join(t.split()) in text[: len(t) + 120]), None)
        found.append((starts, page_fill(words, A4_LANDSCAPE_HEIGHT), text))
    return found


def under_half_full_mid_section(path: Path, titles: list[str]) -> list[tuple[int, float]]:
    """(page number, fill) of each page under half full that a section does not end on: a page
    whose next page continues the same section (the last page, and a page followed by one
    starting a section, end a section)."""
    pages = sections_and_fills(path, titles)
    return [
        (number, round(fill, 3))
        for number, (_, fill, _) in enumerate(pages, start=1)
        if fill < 0.5 and number < len(pages) and pages[number][0] is None
    ]
