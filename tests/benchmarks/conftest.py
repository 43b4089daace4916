"""Fixtures of the benchmark tests: a tiny hand-made 2023 release (see tiny_published_files.py)."""

from pathlib import Path

import pytest

from tiny_published_files import write_tiny_release


@pytest.fixture
def tiny_release(tmp_path) -> list[Path]:
    return write_tiny_release(tmp_path / "published")
