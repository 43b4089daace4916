"""The scorecard PDF printed in a process of its own, beside the rest of a build (issue 12).

Laying out the PDF is most of a build's time, and the other outputs and the figures do not
need it: `PdfPrinter.start()` launches `python -m csc_scorecard.render.pdf_worker` at once, whose
WeasyPrint import (0.3-0.7 s) then overlaps the figures being computed; `send(html, path)` hands
it the report HTML when the scorecard is assembled, and the PDF is laid out while the parent
writes HTML, Excel, Word and JSON; `wait()` returns when it is written.

A new interpreter, not a fork: polars' thread pool does not survive `fork`. The worker reads the
path (first line) and the HTML from its standard input and answers one JSON line on its standard
output, `{"ok": true}` or `{"error": "..."}`; a failure of any kind (WeasyPrint missing, a URL
asked for, the worker killed) reaches the caller as `PdfFailed` with that text, never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from csc_scorecard.issues import UserError


class PdfFailed(UserError):
    """The PDF could not be printed. Not the user's mistake, but said as one line like one (the
    command line prints a UserError's text, exit 1): the build writes no output then."""


class PdfPrinter:
    """One worker process printing one PDF. Always `close()` it (idempotent): a worker not given
    a job, or still printing when its build fails, is ended."""

    def __init__(self, process: subprocess.Popen) -> None:
        self._process = process
        self._answer: tuple[bytes, bytes] | None = None
        self._talker: threading.Thread | None = None

    @classmethod
    def start(cls) -> PdfPrinter:
        process = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        return cls(process)

    @property
    def pid(self) -> int:
        return self._process.pid

    def send(self, html: str, path: Path) -> None:
        """Hand the worker its job and return at once (a thread feeds its input while it imports)."""
        if self._talker is not None:
            raise RuntimeError("a PdfPrinter prints one PDF")
        payload = f"{path}\n".encode() + html.encode("utf-8")

        def talk() -> None:
            self._answer = self._process.communicate(payload)

        self._talker = threading.Thread(target=talk, name="pdf-worker", daemon=True)
        self._talker.start()

    def wait(self) -> Path:
        """The path of the printed PDF, once it is written; PdfFailed (the worker's reason) if not."""
        if self._talker is None:
            raise RuntimeError("wait() before send()")
        self._talker.join()
        out, err = self._answer or (b"", b"")
        answer = _last_json_line(out)
        if self._process.returncode == 0 and answer.get("ok"):
            if err:
                sys.stderr.write(err.decode(errors="replace"))  # WeasyPrint's warnings, as when printed in process
            return Path(answer["path"])
        reason = (answer.get("error") or _last_line(err)
                  or f"the PDF worker ended without an answer (exit code {self._process.returncode})")
        raise PdfFailed(f"the PDF could not be printed: {reason}")

    def close(self) -> None:
        """End the worker if it is still running (by its own process handle) and reap it."""
        if self._process.poll() is None:
            self._process.kill()
        if self._talker is not None:
            self._talker.join()
        else:
            self._process.communicate()


def worker_command() -> list[str]:
    """How the worker starts: this module in a new interpreter (the tests swap it for failing ones)."""
    return [sys.executable, "-m", __name__]


def _last_json_line(out: bytes) -> dict:
    for line in reversed(out.decode(errors="replace").splitlines()):
        try:
            answer = json.loads(line)
        except ValueError:
            continue
        if isinstance(answer, dict):
            return answer
    return {}


def _last_line(err: bytes) -> str:
    lines = [line.strip() for line in err.decode(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def serve() -> int:
    """The worker: import WeasyPrint first (while the parent computes), then print the one job."""
    try:
        from csc_scorecard.render.pdf import write_pdf_from_html

        path = sys.stdin.buffer.readline().decode("utf-8").rstrip("\n")
        html = sys.stdin.buffer.read().decode("utf-8")
        if not path:
            raise ValueError("no job was sent")
        write_pdf_from_html(html, path)
    except Exception as error:  # every failure becomes the one line the parent shows
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
        return 1
    print(json.dumps({"ok": True, "path": path}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(serve())
