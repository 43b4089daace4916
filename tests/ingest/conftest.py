"""Fixtures for the ingest tests."""

from pathlib import Path

import pytest
from annex_a_builders import write_workbook


@pytest.fixture
def workbook(tmp_path):
    """`workbook({"List 3": rows})` -> path of a new .xlsx in tmp_path."""

    def make(sheets: dict[str, list[list]], name: str = "annex_a.xlsx") -> Path:
        return write_workbook(tmp_path / name, sheets)

    return make
