"""Renderers: one computed scorecard written as HTML, PDF, Excel, Word and JSON, the same figures in each.

`render_all` writes `<stem>.html`, `<stem>.pdf`, `<stem>.xlsx`, `<stem>.docx` and `<stem>.json` into a folder
(default stem "scorecard"; a caller wanting dated names passes e.g.
`stem=f"scorecard_{scorecard.as_at.isoformat()}"`). Renderers only lay out what the model
(`csc_scorecard.scorecard.model`) says; they compute no figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from csc_scorecard.issues import UserError
from csc_scorecard.scorecard.model import Scorecard

FORMATS = ("html", "pdf", "xlsx", "docx", "json")


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
               stem: str = "scorecard", on_output: Callable[[str, Path], None] | None = None) -> dict[str, Path]:
    """Write each format asked for into `out_dir` (made if missing); returns format -> path.
    `on_output(format, path)` is told as each is written (progress)."""
    formats = list(dict.fromkeys(formats))
    unknown = [name for name in formats if name not in RENDERERS]
    if unknown:
        raise UserError(f"unknown output format {', '.join(unknown)}: choose from {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in formats:
        written[name] = RENDERERS[name](scorecard, out_dir / f"{stem}.{name}")
        if on_output is not None:
            on_output(name, written[name])
    return written
