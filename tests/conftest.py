"""Shared fixtures: every test gets its own store directory, never the user's."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path, monkeypatch):
    monkeypatch.setenv("SCORECARD_STORE", str(tmp_path / "store-from-env"))
