"""Renderers: one computed scorecard written as HTML, PDF, Excel, Word and JSON, the same figures in each.

`render_all` writes `<stem>.html`, `<stem>.pdf`, `<stem>.xlsx`, `<stem>.docx` and `<stem>.json` into a folder
(default stem "scorecard"; a caller wanting dated names passes e.g.
`stem=f"scorecard_{scorecard.as_at.isoformat()}"`). Renderers only lay out what the model
(`csc_scorecard.scorecard.model`) says; they compute no figure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from csc_scorecard.issues import UserError
from csc_scorecard.scorecard.model import Scorecard

if TYPE_CHECKING:
    from csc_scorecard.render.pdf_worker import PdfPrinter

FORMATS = ("html", "pdf", "xlsx", "docx", "json")


def parse_formats(text: str) -> tuple[str, ...]:
    """`build --format`'s value as the formats asked for, in order, each once. Here, beside
    FORMATS, because the command line reads it before polars loads (to start the PDF worker)."""
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise UserError(f"--format {text!r}: choose from {', '.join(FORMATS)} (comma-separated)")
    return chosen


def _html(scorecard: Scorecard, path: Path) -> Path:
    from csc_scorecard.render.html import render_html

    path.write_text(render_html(scorecard), encoding="utf-8")
    return path


def _pdf(scorecard: Scorecard, path: Path) -> Path:
    from csc_scorecard.render.pdf import render_pdf  # WeasyPrint loads only when a PDF is asked for

    return render_pdf(scorecard, path)


def _xlsx(scorecard: Scorecard, path: Path) -> Path:
    from csc_scorecard.render.excel import render_xlsx

    return render_xlsx(scorecard, path)


def _docx(scorecard: Scorecard, path: Path) -> Path:
    from csc_scorecard.render.word import render_docx

    return render_docx(scorecard, path)


def _json(scorecard: Scorecard, path: Path) -> Path:
    from csc_scorecard.render.json_out import render_json

    return render_json(scorecard, path)


RENDERERS: dict[str, Callable[[Scorecard, Path], Path]] = {"html": _html, "pdf": _pdf, "xlsx": _xlsx, "docx": _docx,
                                                            "json": _json}


def render_all(scorecard: Scorecard, out_dir: Path | str, formats: Iterable[str] = FORMATS,
               stem: str = "scorecard", on_output: Callable[[str, Path], None] | None = None,
               pdf_printer: PdfPrinter | None = None) -> dict[str, Path]:
    """Write each format asked for into `out_dir` (made if missing); returns format -> path.
    `on_output(format, path)` is told as each is written (progress). With `pdf_printer` (a
    started `pdf_worker.PdfPrinter`) the PDF is laid out in that process meanwhile.

    All or nothing: the files are written into a temporary folder inside `out_dir` and moved
    into place only once every one is written, so a failure leaves no partial file, nor a new
    file beside an older build's (each file is replaced by a rename, never half written)."""
    formats = list(dict.fromkeys(formats))
    unknown = [name for name in formats if name not in RENDERERS]
    if unknown:
        raise UserError(f"unknown output format {', '.join(unknown)}: choose from {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{stem}-writing-", dir=out_dir))
    try:
        staged = _write_all(scorecard, staging, formats, stem, out_dir, on_output, pdf_printer)
        written = {}
        for name in formats:
            written[name] = out_dir / staged[name].name
            os.replace(staged[name], written[name])
        return written
    finally:
        if pdf_printer is not None:
            pdf_printer.close()  # still printing after a failure: ended before its folder goes
        shutil.rmtree(staging, ignore_errors=True)


def _write_all(scorecard: Scorecard, folder: Path, formats: list[str], stem: str, out_dir: Path,
               on_output: Callable[[str, Path], None] | None, pdf_printer: PdfPrinter | None) -> dict[str, Path]:
    """Each format into `folder`; the PDF handed to `pdf_printer` first, when there is one, and
    collected last. `on_output` is told the path each file will have in `out_dir`."""
    def told(name: str, path: Path) -> Path:
        if on_output is not None:
            on_output(name, out_dir / path.name)
        return path

    written = {}
    html = None
    if pdf_printer is not None and "pdf" in formats:
        from csc_scorecard.render.html import render_html

        html = render_html(scorecard)
        pdf_printer.send(html, folder / f"{stem}.pdf")
    for name in formats:
        path = folder / f"{stem}.{name}"
        if name == "pdf" and html is not None:
            continue
        if name == "html" and html is not None:
            path.write_text(html, encoding="utf-8")
            written[name] = told(name, path)
        else:
            written[name] = told(name, RENDERERS[name](scorecard, path))
    if html is not None:
        written["pdf"] = told("pdf", pdf_printer.wait())
    return written
