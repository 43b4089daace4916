"""Every store test runs on SQLite and on PostgreSQL (tests/conftest.py, `store_database`)."""

import pytest


@pytest.fixture(autouse=True)
def _on_each_database(store_database):
    return store_database
