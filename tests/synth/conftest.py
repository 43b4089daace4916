"""Synthetic LAs shared by the synth tests: a small one for behaviour, one at the reference's volumes."""

from __future__ import annotations

from datetime import date

import pytest

from csc_scorecard.synth import generate_la


@pytest.fixture(scope="session")
def small_la():
    """A fifth of the reference LA over two years: small enough for plain-Python checks."""
    return generate_la(seed=7, start=date(2022, 1, 1), end=date(2023, 12, 31), scale=0.2)


@pytest.fixture(scope="session")
def full_la():
    """The reference LA's volumes over the default four years (the volume tests)."""
    return generate_la(seed=1)

