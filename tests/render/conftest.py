"""Fixtures of the renderer tests: the sample scorecard and every output written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_scorecard.render import render_all

from .sample import sample_scorecard


@pytest.fixture(scope="session")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """html, pdf, xlsx, docx and json of the sample scorecard, written once by render_all."""
    return render_all(sample_scorecard(), tmp_path_factory.mktemp("outputs"))
