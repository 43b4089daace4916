"""The PDF printed in a worker process (render/pdf_worker.py, issue 12): the same PDF as printed in
process, and any failure said in one line, with no output of the build left behind (a folder
holding an older build keeps that build's files as they were)."""

from __future__ import annotations

import os
import signal
import sys

import pytest
from typer.testing import CliRunner

from csc_scorecard.cli import app
from csc_scorecard.render import FORMATS, RENDERERS, render_all
from csc_scorecard.render import pdf_worker
from csc_scorecard.render.pdf_worker import PdfFailed, PdfPrinter

from .sample import sample_scorecard
from .test_pdf import page_count, pdftotext

NO_SPACE = "OSError: [Errno 28] No space left on device"
# A worker that reads its job and answers as the real one does when writing fails.
ANSWERS_NO_SPACE = ("import json, sys; sys.stdin.buffer.read(); "
                    f"print(json.dumps({{'error': {NO_SPACE!r}}})); sys.exit(1)")


def older_build(folder):
    """An earlier build's files, as a user's output folder holds them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scorecard.html").write_text("the older build", encoding="utf-8")
    (folder / "scorecard.pdf").write_bytes(b"%PDF- the older build")


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_worker_prints_html_it_is_sent(tmp_path):
    printer = PdfPrinter.start()
    try:
        printer.send("<html><body><p>Printed by the worker</p></body></html>", tmp_path / "sent.pdf")
        assert printer.wait() == tmp_path / "sent.pdf"
    finally:
        printer.close()
    assert pdftotext(tmp_path / "sent.pdf") == "Printed by the worker"


def test_render_all_with_a_worker_writes_the_pdf_printed_in_process(outputs, tmp_path):
    written = render_all(sample_scorecard(), tmp_path, pdf_printer=PdfPrinter.start())
    assert list(written) == list(FORMATS)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"scorecard.{name}" for name in FORMATS)
    assert page_count(written["pdf"]) == page_count(outputs["pdf"])
    for page in range(1, page_count(outputs["pdf"]) + 1):
        assert pdftotext(written["pdf"], page) == pdftotext(outputs["pdf"], page)
    assert written["html"].read_text(encoding="utf-8") == outputs["html"].read_text(encoding="utf-8")


def test_a_url_asked_for_fails_in_one_line_and_writes_nothing(tmp_path):
    printer = PdfPrinter.start()
    try:
        printer.send('<p>x</p><img src="http://example.invalid/logo.png" alt="">', tmp_path / "fetching.pdf")
        with pytest.raises(PdfFailed) as failure:
            printer.wait()
    finally:
        printer.close()
    message = str(failure.value)
    assert message.startswith("the PDF could not be printed: FetchRefused: ")
    assert "must not fetch anything" in message and "\n" not in message
    assert not (tmp_path / "fetching.pdf").exists()


def test_a_worker_that_dies_is_named_with_its_exit_code(tmp_path):
    printer = PdfPrinter.start()
    os.kill(printer.pid, signal.SIGKILL)
    printer.send("<p>x</p>", tmp_path / "never.pdf")
    with pytest.raises(PdfFailed, match=r"^the PDF could not be printed: the PDF worker ended without an answer "
                                        r"\(exit code -9\)$"):
        printer.wait()
    printer.close()
    assert not (tmp_path / "never.pdf").exists()


def test_a_failed_pdf_leaves_the_older_build_as_it_was(tmp_path, monkeypatch):
    older_build(tmp_path)
    monkeypatch.setattr(pdf_worker, "worker_command", lambda: [sys.executable, "-c", ANSWERS_NO_SPACE])
    with pytest.raises(PdfFailed, match=rf"^the PDF could not be printed: {NO_SPACE.replace('[', '.').replace(']', '.')}$"):
        render_all(sample_scorecard(), tmp_path, pdf_printer=PdfPrinter.start())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["scorecard.html", "scorecard.pdf"]
    assert (tmp_path / "scorecard.html").read_text(encoding="utf-8") == "the older build"
    assert (tmp_path / "scorecard.pdf").read_bytes() == b"%PDF- the older build"


def test_another_output_failing_ends_the_worker_and_writes_nothing(tmp_path, monkeypatch):
    def no_space(scorecard, path):
        raise OSError(28, "No space left on device")

    older_build(tmp_path)
    monkeypatch.setitem(RENDERERS, "docx", no_space)
    printer = PdfPrinter.start()
    with pytest.raises(OSError, match="No space left"):
        render_all(sample_scorecard(), tmp_path, pdf_printer=printer)
    assert gone(printer.pid)  # ended and reaped, not left printing
    assert sorted(path.name for path in tmp_path.iterdir()) == ["scorecard.html", "scorecard.pdf"]
    assert (tmp_path / "scorecard.html").read_text(encoding="utf-8") == "the older build"


def test_build_says_why_the_pdf_failed_in_one_line_and_exits_1(synthetic_store, tmp_path, monkeypatch):
    out = tmp_path / "out"
    older_build(out)
    monkeypatch.setattr(pdf_worker, "worker_command", lambda: [sys.executable, "-c", ANSWERS_NO_SPACE])
    result = CliRunner().invoke(app, ["build", "--as-at", "2023-12-31", "--la", "343", "--out", str(out),
                                      "--store", str(synthetic_store)])
    assert result.exit_code == 1
    assert f"error: the PDF could not be printed: {NO_SPACE}" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert sorted(path.name for path in out.iterdir()) == ["scorecard.html", "scorecard.pdf"]
    assert (out / "scorecard.html").read_text(encoding="utf-8") == "the older build"
