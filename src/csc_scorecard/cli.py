"""The `scorecard` command line: thin Typer commands that parse, call the library and print."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)


def main() -> None:
    app()
