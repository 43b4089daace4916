"""The scorecard as a print-ready PDF (A4 landscape), printed by WeasyPrint from the report HTML.

The same HTML as `render_html`, so the PDF cannot show other figures. The page margins carry
"Data as at ...", the protective marking, the synthetic-data notice and "Page N of M" (CSS
@page margin boxes in scorecard.css). WeasyPrint is given a URL fetcher that refuses every
URL and stops the rendering if asked for one: the report needs nothing from outside, so a
request would be a bug, never something to satisfy from the network or the disk.
"""

from __future__ import annotations

from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from csc_scorecard.scorecard.model import Scorecard


class FetchRefused(RuntimeError):
    """The PDF asked for a URL; scorecards fetch nothing (a bug in a template, never a user's)."""


class RefuseAllFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that fetches nothing: every URL (http, file, data) stops the PDF."""

    def __init__(self):
        super().__init__(fail_on_errors=True, allowed_protocols=())

    def fetch(self, url, headers=None):
        raise ValueError(f"the scorecard PDF must not fetch anything, but asked for {url[:80]!r}")


def write_pdf_from_html(html: str, path: Path | str) -> Path:
    """Print `html` to a PDF at `path` without fetching anything (FetchRefused if it tries)."""
    path = Path(path)
    document = HTML(string=html, url_fetcher=RefuseAllFetcher(), media_type="print")
    try:
        document.write_pdf(path)
    except FatalURLFetchingError as error:  # a BaseException in WeasyPrint: made an ordinary error here
        raise FetchRefused(f"{error} ({error.__cause__})") from error
    return path


def render_pdf(scorecard: Scorecard, path: Path | str) -> Path:
    """Write the scorecard PDF to `path` and return the path."""
    from csc_scorecard.render.html import render_html  # not at the top: the PDF worker (pdf_worker.py) needs no polars

    return write_pdf_from_html(render_html(scorecard), path)
