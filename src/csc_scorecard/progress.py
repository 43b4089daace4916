"""Progress of long work (`load`, `demo`, `build`, `export`, the bench's preparation): a Rich
progress bar on a terminal, one plain line per step when the output is a file or a pipe (a
log, CI, a test), where a redrawn bar would be noise.

Progress goes to standard error, beside the command's results on standard output: a script
reading `scorecard build`'s output paths from a pipe gets the paths only.

Steps are described by what is safe to show anywhere: file names, list names, output kinds and
counts. Never a value from a child's row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class Steps:
    """One task's steps: `done("what was done")` after each."""

    def __init__(self, console: Console | None, description: str, total: int | None, bar: Progress | None) -> None:
        self.console = console
        self.description = description
        self.total = total
        self.count = 0
        self._bar = bar
        self._task = bar.add_task(escape(description), total=total, detail="") if bar is not None else None

    def done(self, detail: str, advance: int = 1) -> None:
        self.count += advance
        if self._bar is not None:
            self._bar.update(self._task, advance=advance, detail=escape(detail))
        elif self.console is not None:
            counted = f"{self.count}/{self.total} " if self.total is not None else ""
            self.console.print(f"{self.description}: {counted}{detail}", markup=False, highlight=False)


def _stderr_beside(console: Console) -> Console:
    """A console on standard error with the settings of `console` (the one results go to)."""
    if console.stderr:
        return console
    return Console(stderr=True, quiet=console.quiet, soft_wrap=console.soft_wrap)


@contextmanager
def progress(console: Console | None, description: str, total: int | None = None) -> Iterator[Steps]:
    """Steps of one task, on standard error beside `console` (the results' console): a bar (with
    `total`, else a spinner) while it runs on a terminal, cleared when it ends; otherwise
    "description: 3/24 detail" lines ("description: detail" without a total). No console (a
    caller that prints nothing, e.g. the web app): no output."""
    if console is not None:
        console = _stderr_beside(console)
    if console is None or not console.is_terminal or console.quiet:
        yield Steps(console, description, total, None)
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    columns += [TimeElapsedColumn(), TextColumn("{task.fields[detail]}")]
    with Progress(*columns, console=console, transient=True) as bar:
        yield Steps(console, description, total, bar)
