"""Scorecards built once per session from the synthetic store, through the real path."""

from datetime import date

import pytest

from csc_scorecard.scorecard.build import build_scorecard
from csc_scorecard.store.db import open_store

SYNTHETIC_AS_AT = date(2023, 12, 31)


def build_synthetic(store_dir, publication=False):
    store = open_store(store_dir, create=False)
    try:
        return build_scorecard(store, SYNTHETIC_AS_AT, None, "343", publication=publication)
    finally:
        store.dispose()


@pytest.fixture(scope="session")
def synthetic_card(synthetic_store):
    return build_synthetic(synthetic_store)


@pytest.fixture(scope="session")
def synthetic_publication_card(synthetic_store):
    return build_synthetic(synthetic_store, publication=True)
